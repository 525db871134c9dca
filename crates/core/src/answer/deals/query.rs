//! What a question asks of the deal records: which fact (amount, stake, date, …) or aggregate
//! (total, largest, count, …), about which entities on which side, within which filters.

use crate::answer::intent::{Intent, intent_of, is_digest};
use crate::model::{DealKind, EntityId, EntityTable, Link, Role};
use crate::text::{Lang, TermKind, analyze, fold, lexicon, words};

/// The fact or aggregate asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    Amount,
    /// What a deal values its target at: "How much is Lambda worth?".
    Valuation,
    Stake,
    Shares,
    When,
    Terms,
    Parties,
    List,
    Total,
    Largest,
    Smallest,
    Count,
    /// An overview of an entity's deals: "What's going on with Intel?".
    Digest,
}

impl Ask {
    pub fn is_aggregate(self) -> bool {
        matches!(
            self,
            Ask::List | Ask::Total | Ask::Largest | Ask::Smallest | Ask::Count | Ask::Digest
        )
    }
}

/// Which side of a deal a question puts an entity on: "did X invest" (gives), "in Y" (receives).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Gives,
    Receives,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DealQuery {
    pub ask: Ask,
    pub entities: Vec<EntityId>,
    pub sides: Vec<(EntityId, Side)>,
    pub kinds: Vec<DealKind>,
    /// A role the answer's parties must have ("who backs …" → backer).
    pub role: Option<Role>,
    pub month: Option<u8>,
    pub year: Option<u16>,
    /// Figures the deal must state (amount, shares or stake), from the question.
    pub figures: Vec<f64>,
    /// Entities whose deals are left out ("other than the US government").
    pub excluded: Vec<EntityId>,
    /// Alternatives compared ("X's investment in Intel or Amazon's in Anthropic"): each group's
    /// entities must all take part in a deal; a deal of any group is selected.
    pub alternatives: Vec<Vec<EntityId>>,
}

/// Where the question starts to name what it leaves out, if it does.
fn exclusion_at(text: &str) -> Option<usize> {
    let lower = text.to_lowercase();
    [
        " other than ",
        " besides ",
        " apart from ",
        " except ",
        " excluding ",
        " à part ",
        " autre que ",
        " autres que ",
        " hormis ",
        " sauf ",
        " en dehors de ",
    ]
    .iter()
    .filter_map(|w| lower.find(w))
    .min()
}

/// The groups of entities a comparison sets against each other, split at " or " / " ou ".
fn alternatives(text: &str, links: &[Link]) -> Vec<Vec<EntityId>> {
    let lower = text.to_lowercase();
    let Some(or) = [" or ", " ou "].iter().filter_map(|w| lower.find(w)).min() else {
        return Vec::new();
    };
    let before: Vec<Link> = links.iter().filter(|l| l.to <= or).cloned().collect();
    let after: Vec<Link> = links.iter().filter(|l| l.from > or).cloned().collect();
    if before.is_empty() || after.is_empty() {
        return Vec::new();
    }
    vec![
        EntityTable::distinct(&before),
        EntityTable::distinct(&after),
    ]
}

fn padded(text: &str) -> String {
    let folded = fold(text);
    let cleaned: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    format!(
        " {} ",
        cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

fn has(text: &str, patterns: &[&str]) -> bool {
    patterns.iter().any(|p| text.contains(p))
}

const COUNT_DEALS: &[&str] = &[
    " how many deals",
    " how many agreements",
    " how many investments",
    " how many transactions",
    " how many contracts",
    " how many partnerships",
    " combien d accords",
    " combien de deals",
    " combien d investissements",
    " combien de transactions",
    " combien de partenariats",
    " nombre d accords",
    " nombre de deals",
    " number of deals",
    " combien de contrats",
];
const TOTAL: &[&str] = &[
    " total ",
    " in total",
    " au total",
    " en tout",
    " combined",
    " altogether",
    " sum of ",
    " somme ",
    " cumul",
    " additionn",
    " totale ",
    " overall ",
];
const LARGEST: &[&str] = &[
    " largest",
    " biggest",
    " bigger ",
    " larger ",
    " greater ",
    " plus grosse ",
    " plus gros",
    " plus grosse",
    " plus important",
    " plus grand",
    " highest",
    " plus eleve",
    " most valuable",
    " la plus chere",
    " le plus cher",
];
const SMALLEST: &[&str] = &[
    " smallest",
    " smaller ",
    " plus petit",
    " lowest",
    " moins important",
    " plus faible",
    " moins eleve",
    " least valuable",
];
const LIST: &[&str] = &[
    " which deals",
    " what deals",
    " list ",
    " liste ",
    " deals of ",
    " deals involving",
    " involve ",
    " involving ",
    " impliquant ",
    " implique",
    " quels accords",
    " quelles transactions",
    " quels deals",
    " all deals",
    " tous les accords",
    " quels investissements",
    " which investments",
    " quels contrats",
    " which contracts",
    " deals in ",
    " accords en ",
    " accords de ",
    " deals with ",
    " accords d ",
    " les accords ",
    " the deals ",
    " transactions de ",
    " quelles operations",
];
const PARTIES: &[&str] = &[
    " who ",
    " whom ",
    " whose ",
    " qui ",
    " with whom",
    " avec qui",
    " quelle entreprise",
    " which company",
    " quelle societe",
    " which companies",
    " quelles entreprises",
    " which firm",
    " partenaire de ",
    " partner of ",
    " parties ",
];
const TERMS: &[&str] = &[
    " terms",
    " conditions",
    " modalites",
    " include",
    " comprend",
    " details",
    " what kind of deal",
    " quel type d accord",
    " what does the deal",
    " que prevoit",
    " what did ",
    " qu a ",
    " termes ",
];

/// Deal kinds a question restricts itself to.
fn kinds_of(text: &str) -> Vec<DealKind> {
    let mut kinds = Vec::new();
    let mut add = |patterns: &[&str], ks: &[DealKind]| {
        if has(text, patterns) {
            kinds.extend_from_slice(ks);
        }
    };
    // Nouns restrict the kind; verbs ("invested in") do not: a $2 billion agreement with Intel is
    // part of what went into Intel.
    add(
        &[" investments", " investissements"],
        &[DealKind::Investment, DealKind::EquityStake],
    );
    add(&[" contract", " contrat"], &[DealKind::Contract]);
    add(
        &[" warrant", " bon de souscription", " bons de souscription"],
        &[DealKind::ShareWarrant],
    );
    add(
        &[" partnership", " partenariat", " collaboration"],
        &[DealKind::Partnership],
    );
    add(&[" licens", " licence"], &[DealKind::Licensing]);
    add(&[" acquisition", " rachat"], &[DealKind::Acquisition]);
    add(&[" stakes", " participations"], &[DealKind::EquityStake]);
    kinds
}

fn role_of(text: &str) -> Option<Role> {
    // "Which cloud provider is a key partner of OpenAI?" asks for a partner: the role word
    // beats a word that only describes the company.
    if has(text, &[" partner", " partenaire"]) {
        Some(Role::Partner)
    } else if has(
        text,
        &[" back", " soutien", " soutenu", " soutient", " sponsor"],
    ) {
        Some(Role::Backer)
    } else if has(text, &[" supplier", " fournisseur", " provider"]) {
        Some(Role::Supplier)
    } else if has(text, &[" customer", " client"]) {
        Some(Role::Customer)
    } else {
        None
    }
}

/// The side each linked entity is on, from the words around it.
fn sides(text: &str, lang: Lang, links: &[Link]) -> Vec<(EntityId, Side)> {
    let tokens = words(text);
    let verb_at = analyze(text, lang, None)
        .into_iter()
        .find(|t| matches!(t.text.as_str(), "@invest" | "@grant" | "@acquire"))
        .map(|t| t.from);
    let mut out = Vec::new();
    for link in links {
        let before: Vec<&str> = tokens
            .iter()
            .filter(|(_, _, to)| *to <= link.from)
            .map(|(w, _, _)| w.as_str())
            .filter(|w| !matches!(*w, "the" | "le" | "la" | "les" | "start" | "up" | "startup"))
            .collect();
        // "du capital d'Intel", "a stake of Intel", "part of Intel's shares": the holding.
        // Only "of"/"de"/"d'" joins the holding to its company: "participation l'État" does
        // not make the State the holding.
        let head = text[..link.from].trim_end().to_lowercase();
        let joined = head.ends_with("d'")
            || head.ends_with("d’")
            || [" de", " du", " of"].iter().any(|j| head.ends_with(j));
        let noun_at = match before.last() {
            _ if !joined => None,
            Some(&("d" | "de" | "du" | "of")) => before.len().checked_sub(2),
            // An elided "d'" is gone from the words.
            _ => before.len().checked_sub(1),
        };
        let held = noun_at.is_some_and(|i| {
            matches!(
                before[i],
                "capital"
                    | "part"
                    | "participation"
                    | "stake"
                    | "share"
                    | "shares"
                    | "actions"
                    | "pourcentage"
                    | "percentage"
            )
        });
        let side = match before.last() {
            _ if held => Some(Side::Receives),
            Some(&("in" | "into" | "dans" | "a" | "au" | "chez")) => Some(Side::Receives),
            // The subject: the first name before the verb.
            _ => match verb_at {
                Some(v) if link.to <= v && !out.iter().any(|(_, s)| *s == Side::Gives) => {
                    Some(Side::Gives)
                }
                _ => None,
            },
        };
        if let Some(side) = side {
            out.push((link.entity.clone(), side));
        }
    }
    out
}

/// Words that name a deal: what such a deal is "worth" is its amount, not a valuation.
const DEAL_WORDS: &[&str] = &[
    " deal",
    " agreement",
    " accord",
    " contract",
    " contrat",
    " partnership",
    " partenariat",
    " investment",
    " investissement",
    " stake",
    " participation",
    " round",
    " transaction",
    " acquisition",
    " offer",
    " offre",
    " bid",
    " warrant",
    " licens",
    " purchase",
    " rachat",
];

/// Reads what `text` asks of the deal records, or `None` when it is not a deal question.
pub fn understand(text: &str, lang: Lang, links: &[Link]) -> Option<DealQuery> {
    let p = padded(text);
    let intent = intent_of(text);
    let (links, excluded): (Vec<Link>, Vec<Link>) = match exclusion_at(text) {
        Some(at) => links.iter().cloned().partition(|l| l.from < at),
        None => (links.to_vec(), Vec::new()),
    };
    let links = links.as_slice();
    let excluded = EntityTable::distinct(&excluded);
    let entities = EntityTable::distinct(links);
    let ask = if is_digest(text) && !entities.is_empty() {
        Ask::Digest
    } else if has(&p, COUNT_DEALS) {
        Ask::Count
    } else if has(&p, LARGEST) {
        Ask::Largest
    } else if has(&p, SMALLEST) {
        Ask::Smallest
    } else if has(&p, TOTAL)
        && (intent == Intent::Amount
            || has(
                &p,
                &[
                    " invest", " montant", " amount", " value", " valeur", " deals", " accords",
                    " total ",
                ],
            ))
    {
        Ask::Total
    } else if has(&p, &[" valuation", " valued", " valorisation", " valorise"])
        || has(&p, &[" worth", " vaut ", " valent "]) && !has(&p, DEAL_WORDS)
    {
        // "How much is Lambda worth?" asks a company's value; "what is the deal worth?" the
        // deal's amount.
        Ask::Valuation
    } else if intent == Intent::Count && has(&p, &[" share", " action"]) {
        Ask::Shares
    } else if intent == Intent::Stake {
        Ask::Stake
    } else if intent == Intent::Amount {
        Ask::Amount
    } else if intent == Intent::Date {
        Ask::When
    } else if has(&p, LIST) {
        Ask::List
    } else if has(&p, PARTIES) {
        Ask::Parties
    } else if has(&p, TERMS) {
        Ask::Terms
    } else {
        return None;
    };

    // "Who is the CEO of Nvidia?" asks nothing of the records: parties, terms and lists are
    // record questions only when they speak of deals.
    const DEAL_CONCEPTS: &[&str] = &[
        "@invest",
        "@deal",
        "@partner",
        "@collaboration",
        "@acquire",
        "@buy",
        "@stake",
        "@contract",
        "@grant",
        "@license",
        "@supplier",
        "@backed",
        "@sign",
        "@transfer",
        "@right",
        "@share",
        "@offer",
        "@merger",
        "@sell",
        "@pay",
        "@shareholder",
    ];
    let speaks_of_deals = analyze(text, lang, None)
        .iter()
        .any(|t| DEAL_CONCEPTS.contains(&t.text.as_str()))
        || has(
            &p,
            &[
                " deals",
                " accords",
                " transactions",
                " backs",
                " back ",
                " soutien",
                " soutient",
            ],
        );
    if matches!(ask, Ask::Parties | Ask::Terms | Ask::List) && !speaks_of_deals {
        return None;
    }
    let mut month = None;
    let mut year = None;
    let mut figures = Vec::new();
    for t in analyze(text, lang, None) {
        if let Some(m) = lexicon::month_of_concept(&t.text) {
            month = Some(m);
        }
        if t.kind == TermKind::Number {
            match t.text.parse::<f64>() {
                Ok(v) if v.fract() == 0.0 && (1990.0..=2100.0).contains(&v) => {
                    year = Some(v as u16)
                }
                Ok(v) if v > 0.0 => figures.push(v),
                _ => {}
            }
        }
    }
    let kinds = kinds_of(&p);
    let filtered = month.is_some() || year.is_some() || !kinds.is_empty();
    // "How much was invested in August?" is a total over the month.
    let ask = if entities.is_empty() && ask == Ask::Amount && filtered {
        Ask::Total
    } else {
        ask
    };
    if entities.is_empty() && !ask.is_aggregate() {
        return None;
    }
    if entities.is_empty()
        && ask == Ask::List
        && !filtered
        && !has(&p, &[" deals", " accords", " transactions"])
    {
        return None;
    }
    let alternatives = if matches!(ask, Ask::Largest | Ask::Smallest) {
        alternatives(text, links)
    } else {
        Vec::new()
    };
    Some(DealQuery {
        excluded,
        alternatives,
        ask,
        sides: sides(text, lang, links),
        entities,
        kinds,
        role: role_of(&p),
        month,
        year,
        figures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn seed_entities() -> EntityTable {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/entities.toml");
        let text = std::fs::read_to_string(&path).expect("the seed corpus's entities.toml");
        crate::corpus::entities_file::parse(&path, &text).expect("valid entities.toml")
    }

    fn read(text: &str) -> DealQuery {
        let entities = seed_entities();
        let lang = crate::text::detect(text);
        understand(text, lang, &entities.link(text)).expect("a deal question")
    }

    fn id(s: &str) -> EntityId {
        EntityId::parse(s).expect("an entity id")
    }

    #[test]
    fn a_role_word_beats_a_description() {
        let query = read("Which cloud provider is a key partner of OpenAI?");
        assert_eq!(query.ask, Ask::Parties);
        assert_eq!(query.role, Some(Role::Partner));
    }

    #[test]
    fn the_holding_is_what_a_stake_is_taken_in() {
        for q in [
            "Quelle part du capital d'Intel l'État américain a-t-il acquise ?",
            "What share of Intel does the US government own?",
        ] {
            let query = read(q);
            assert_eq!(query.ask, Ask::Stake, "{q}");
            assert!(
                query.sides.contains(&(id("intel"), Side::Receives)),
                "{q}: {:?}",
                query.sides
            );
        }
    }
}
