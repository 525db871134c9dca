//! Answers composed from deal records, in the question's language, every claim with a marker
//! citing the sentence that states the record.

pub use crate::text::format;
pub mod query;

use super::Outcome;
use crate::date::IsoDate;
use crate::model::{Citation, Citations, Deal, DealKind, EntityTable, Role};
use crate::text::Lang;
use query::{Ask, DealQuery, Side};

/// An answer (or abstention) from the deal records; an abstention's `related` are the nearby
/// records' sources.
#[derive(Debug, Clone, PartialEq)]
pub struct DealAnswer {
    pub text: String,
    pub outcome: Outcome,
}

impl DealAnswer {
    fn answered(text: String, cites: Cites, deals: Vec<Deal>) -> DealAnswer {
        let outcome = match Citations::new(cites.0) {
            Some(citations) => Outcome::Answered { citations, deals },
            // Every claim of a deal answer takes a marker, so this is a composer with no claim.
            None => Outcome::Abstained {
                related: Vec::new(),
            },
        };
        DealAnswer { text, outcome }
    }
}

/// Numbered citations, one per distinct source sentence.
#[derive(Default)]
struct Cites(Vec<Citation>);

impl Cites {
    fn marker(&mut self, deal: &Deal) -> usize {
        if let Some(c) = self.0.iter().find(|c| c.id == deal.cites) {
            return c.n;
        }
        let n = self.0.len() + 1;
        self.0.push(Citation {
            n,
            id: deal.cites.clone(),
            title: deal.title.clone(),
            heading: None,
            url: deal.url.clone(),
            text: deal.cited_text.clone(),
        });
        n
    }
}

/// Whether a party's role fits the side the question puts it on. With one name only ("How much
/// did Intel invest?") the role must say so; with two ("SoftBank … Intel") a partnership between
/// them fits either side.
fn compatible(role: Role, side: Side, strict: bool) -> bool {
    match (side, strict) {
        (Side::Gives, true) => role.gives(),
        (Side::Receives, true) => role.receives(),
        (Side::Gives, false) => !role.receives(),
        (Side::Receives, false) => !role.gives(),
    }
}

fn in_time(deal: &Deal, q: &DealQuery) -> bool {
    if q.month.is_none() && q.year.is_none() {
        return true;
    }
    if let Some(d) = deal.date {
        return q.month.is_none_or(|m| d.month() == Some(m))
            && q.year.is_none_or(|y| d.year() == y);
    }
    if let (Some((from, to)), None) = (deal.period, q.month) {
        return q
            .year
            .is_some_and(|y| (from.year()..=to.year()).contains(&y));
    }
    false
}

fn states(deal: &Deal, figure: f64) -> bool {
    let same = |v: f64| (v - figure).abs() <= figure.abs() * 1e-9;
    deal.amount.as_ref().is_some_and(|m| same(m.value))
        || deal.shares.is_some_and(|s| same(s as f64))
        || deal.stake_pct.is_some_and(same)
}

/// The deals a query is about.
pub fn select<'a>(q: &DealQuery, deals: &'a [Deal]) -> Vec<&'a Deal> {
    let kinds_apply = q.ask.is_aggregate() || q.entities.is_empty();
    deals
        .iter()
        .filter(|d| {
            if q.alternatives.is_empty() {
                q.entities.iter().all(|e| d.involves(e))
            } else {
                q.alternatives
                    .iter()
                    .any(|group| group.iter().all(|e| d.involves(e)))
            }
        })
        .filter(|d| !q.excluded.iter().any(|e| d.involves(e)))
        .filter(|d| {
            let strict = q.entities.len() == 1 && !q.ask.is_aggregate();
            q.sides
                .iter()
                .all(|(e, side)| d.role_of(e).is_none_or(|r| compatible(r, *side, strict)))
        })
        .filter(|d| !kinds_apply || q.kinds.is_empty() || q.kinds.contains(&d.kind))
        .filter(|d| in_time(d, q))
        .filter(|d| q.figures.iter().all(|f| states(d, *f)))
        // A deal two articles report is told once, from its first record.
        .filter(|d| d.same_as.is_none())
        .collect()
}

fn names(deal: &Deal, entities: &EntityTable, lang: Lang) -> Vec<String> {
    deal.parties
        .iter()
        .map(|p| entities.name(&p.entity, lang).to_string())
        .collect()
}

/// "US government–Intel equity stake" / "prise de participation gouvernement américain–Intel".
fn label(deal: &Deal, entities: &EntityTable, lang: Lang) -> String {
    let parties = names(deal, entities, lang).join("–");
    match lang {
        Lang::En => format!("{parties} {}", deal.kind.label(lang)),
        Lang::Fr => format!("{} {parties}", deal.kind.label(lang)),
    }
}

fn when(deal: &Deal, lang: Lang) -> Option<String> {
    if let Some(d) = &deal.date {
        let mut s = format::date(d, lang);
        if deal.date_inferred {
            s.push_str(match lang {
                Lang::En => " (year inferred from the article’s date)",
                Lang::Fr => " (année déduite de la date de l’article)",
            });
        }
        return Some(s);
    }
    deal.period
        .map(|(from, to)| format::period(&from, &to, lang))
}

fn money(deal: &Deal, lang: Lang) -> Option<String> {
    deal.amount
        .as_ref()
        .map(|m| format::money(m.value, &m.currency, lang))
}

fn sentence(lead: &str, terms: &str, n: usize) -> String {
    let terms = terms.trim().trim_end_matches('.');
    if lead.is_empty() {
        format!("{terms} [{n}].")
    } else {
        format!("{lead} — {terms} [{n}].")
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// Where a query looks: "involving Intel in August".
fn scope(q: &DealQuery, entities: &EntityTable, lang: Lang) -> String {
    let mut parts = Vec::new();
    let and = if lang == Lang::Fr { " et " } else { " and " };
    let names = |ids: &[crate::model::EntityId]| -> String {
        ids.iter()
            .map(|e| entities.name(e, lang))
            .collect::<Vec<_>>()
            .join(and)
    };
    if !q.alternatives.is_empty() {
        let groups: Vec<String> = q.alternatives.iter().map(|g| names(g)).collect();
        parts.push(match lang {
            Lang::En => format!("involving {}", groups.join(", or ")),
            Lang::Fr => format!("impliquant {}", groups.join(", ou ")),
        });
    } else if !q.entities.is_empty() {
        parts.push(match lang {
            Lang::En => format!("involving {}", names(&q.entities)),
            Lang::Fr => format!("impliquant {}", names(&q.entities)),
        });
    }
    if !q.excluded.is_empty() {
        parts.push(match lang {
            Lang::En => format!("other than {}", names(&q.excluded)),
            Lang::Fr => format!("hors {}", names(&q.excluded)),
        });
    }
    if !q.kinds.is_empty() && (q.ask.is_aggregate() || q.entities.is_empty()) {
        let kinds: Vec<&str> = q.kinds.iter().map(|k| k.label(lang)).collect();
        parts.push(match lang {
            Lang::En => format!("of kind {}", kinds.join("/")),
            Lang::Fr => format!("de type {}", kinds.join("/")),
        });
    }
    if q.month.is_some() || q.year.is_some() {
        let d = match (q.month, q.year) {
            (Some(m), Some(y)) => IsoDate::parse(&format!("{y:04}-{m:02}"))
                .map(|d| format::date(&d, lang))
                .unwrap_or_default(),
            (Some(m), None) => IsoDate::parse(&format!("2000-{m:02}"))
                .map(|d| format::date(&d, lang).trim_end_matches(" 2000").to_string())
                .unwrap_or_default(),
            (None, Some(y)) => y.to_string(),
            (None, None) => String::new(),
        };
        parts.push(match lang {
            Lang::En => format!("in {d}"),
            Lang::Fr => format!("en {d}"),
        });
    }
    if parts.is_empty() {
        return match lang {
            Lang::En => "in the knowledge base".to_string(),
            Lang::Fr => "dans la base de connaissances".to_string(),
        };
    }
    parts.join(" ")
}

fn abstain(text: String, nearby: &[&Deal]) -> DealAnswer {
    let mut cites = Cites::default();
    for d in nearby {
        cites.marker(d);
    }
    DealAnswer {
        text,
        outcome: Outcome::Abstained { related: cites.0 },
    }
}

fn not_in_kb(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Not in the knowledge base:",
        Lang::Fr => "Ce n’est pas dans la base de connaissances :",
    }
}

/// Answers `q` from `deals`.
pub fn answer(q: &DealQuery, lang: Lang, deals: &[Deal], entities: &EntityTable) -> DealAnswer {
    let selected = select(q, deals);
    if selected.is_empty() {
        return no_match(q, lang, deals, entities);
    }
    match q.ask {
        Ask::Amount
        | Ask::Valuation
        | Ask::Stake
        | Ask::Shares
        | Ask::When
        | Ask::Terms
        | Ask::Parties => fact(q, lang, &selected, entities),
        Ask::List | Ask::Count => listing(q, lang, &selected, entities),
        Ask::Digest => digest(q, lang, &selected, entities),
        Ask::Total => total(q, lang, &selected, entities),
        Ask::Largest | Ask::Smallest => extreme(q, lang, &selected, entities),
    }
}

fn no_match(q: &DealQuery, lang: Lang, deals: &[Deal], entities: &EntityTable) -> DealAnswer {
    let and = if lang == Lang::Fr { " et " } else { " and " };
    let who: Vec<&str> = q.entities.iter().map(|e| entities.name(e, lang)).collect();
    let nearby: Vec<&Deal> = deals
        .iter()
        .filter(|d| q.entities.iter().any(|e| d.involves(e)))
        .take(3)
        .collect();
    let what = match (q.entities.len(), lang) {
        (0, Lang::En) => format!("no deal {}.", scope(q, entities, lang)),
        (0, Lang::Fr) => format!("aucun accord {}.", scope(q, entities, lang)),
        (1, Lang::En) => format!("it records no such deal of {}.", who[0]),
        (1, Lang::Fr) => format!("elle ne recense aucun accord de ce type pour {}.", who[0]),
        // Deals between them exist, only not the one asked (another direction, kind or time).
        _ if nearby
            .iter()
            .any(|d| q.entities.iter().all(|e| d.involves(e))) =>
        {
            match lang {
                Lang::En => format!(
                    "it records deals between {}, but none as asked.",
                    who.join(and)
                ),
                Lang::Fr => format!(
                    "elle recense des accords entre {}, mais aucun tel que demandé.",
                    who.join(and)
                ),
            }
        }
        (_, Lang::En) => format!("it records no deal between {}.", who.join(and)),
        (_, Lang::Fr) => format!("elle ne recense aucun accord entre {}.", who.join(and)),
    };
    let mut text = format!("{} {what}", not_in_kb(lang));
    if !nearby.is_empty() {
        text.push_str(match lang {
            Lang::En => " Records nearby are listed below.",
            Lang::Fr => " Des accords proches sont listés ci-dessous.",
        });
    }
    abstain(text, &nearby)
}

fn fact(q: &DealQuery, lang: Lang, selected: &[&Deal], entities: &EntityTable) -> DealAnswer {
    let mut cites = Cites::default();
    let mut lines = Vec::new();
    let mut used = Vec::new();
    let mut missing = Vec::new();
    for &deal in selected {
        // One investor of a round several took part in: the amount is the round's, and the
        // source does not say that investor's part.
        if q.ask == Ask::Amount
            && deal.is_shared_round()
            && let Some(investor) = deal.givers().find(|p| q.entities.contains(&p.entity))
            && let Some(total) = money(deal, lang)
        {
            let n = cites.marker(deal);
            lines.push(round_share(deal, investor, &total, entities, lang, n));
            used.push(deal.clone());
            continue;
        }
        let lead = match q.ask {
            Ask::Amount => money(deal, lang),
            Ask::Valuation => deal.valuation.as_ref().map(|m| {
                let v = format::money(m.value, &m.currency, lang);
                match lang {
                    Lang::En => format!("Valued at {v}"),
                    Lang::Fr => format!("Valorisation : {v}"),
                }
            }),
            Ask::Stake => deal.stake_pct.map(|s| format::percent(s, lang)),
            Ask::Shares => deal.shares.map(|s| {
                let n = format::shares(s, lang);
                match (deal.kind, lang) {
                    (DealKind::ShareWarrant, Lang::En) => format!("Up to {n}"),
                    (DealKind::ShareWarrant, Lang::Fr) => format!("Jusqu’à {n}"),
                    _ => n,
                }
            }),
            Ask::When => when(deal, lang).map(|w| capitalise(&w)),
            Ask::Parties => {
                let others: Vec<String> = deal
                    .parties
                    .iter()
                    .filter(|p| {
                        !q.entities.contains(&p.entity) || q.entities.len() == deal.parties.len()
                    })
                    .filter(|p| q.role.is_none_or(|r| p.role == r))
                    .map(|p| {
                        format!(
                            "{} ({})",
                            entities.name(&p.entity, lang),
                            p.role.label(lang)
                        )
                    })
                    .collect();
                (!others.is_empty()).then(|| others.join(", "))
            }
            _ => Some(String::new()),
        };
        match lead {
            Some(lead) => {
                let n = cites.marker(deal);
                lines.push(sentence(&lead, deal.terms(lang), n));
                used.push(deal.clone());
            }
            None => missing.push(deal),
        }
    }
    if used.is_empty() {
        let what = match (q.ask, lang) {
            (Ask::Valuation, Lang::En) => "no valuation",
            (Ask::Valuation, Lang::Fr) => "aucune valorisation",
            (Ask::Amount, Lang::En) => "no amount",
            (Ask::Amount, Lang::Fr) => "aucun montant",
            (Ask::Stake, Lang::En) => "no stake percentage",
            (Ask::Stake, Lang::Fr) => "aucun pourcentage de participation",
            (Ask::Shares, Lang::En) => "no number of shares",
            (Ask::Shares, Lang::Fr) => "aucun nombre d’actions",
            (Ask::When, Lang::En) => "no date",
            (Ask::When, Lang::Fr) => "aucune date",
            (_, Lang::En) => "no party in that role",
            (_, Lang::Fr) => "aucune partie dans ce rôle",
        };
        let role_named;
        let what = match (q.ask, q.role) {
            (Ask::Parties, Some(role)) => {
                role_named = match lang {
                    Lang::En => format!("no party as {}", role.label(lang)),
                    Lang::Fr => format!("aucune partie comme {}", role.label(lang)),
                };
                role_named.as_str()
            }
            _ => what,
        };
        let labels: Vec<String> = missing.iter().map(|d| label(d, entities, lang)).collect();
        // What the records hold, said as such: the passages are read separately.
        let text = match lang {
            Lang::En => format!(
                "{} the records of the {} give {what}. See the related sources below.",
                not_in_kb(lang),
                labels.join("; ")
            ),
            Lang::Fr => format!(
                "{} les fiches {} ne donnent {what}. Voir les sources ci-dessous.",
                not_in_kb(lang),
                labels
                    .iter()
                    .map(|l| format!("« {l} »"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return abstain(text, &missing);
    }
    // Records that lack the asked figure are left out once another record answers.
    DealAnswer::answered(lines.join(" "), cites, used)
}

/// "Nvidia took part in Lambda's $480 million funding round, led by X [1]; the source does not
/// state Nvidia's share."
fn round_share(
    deal: &Deal,
    investor: &crate::model::deal::Party,
    total: &str,
    entities: &EntityTable,
    lang: Lang,
    n: usize,
) -> String {
    let who = entities.name(&investor.entity, lang);
    let target = deal
        .parties
        .iter()
        .find(|p| p.role.receives())
        .map(|p| entities.name(&p.entity, lang));
    let led_by = deal
        .parties
        .iter()
        .find(|p| p.lead && p.entity != investor.entity)
        .map(|p| entities.name(&p.entity, lang));
    match lang {
        Lang::En => {
            let round = match target {
                Some(t) => format!("{t}’s {total} funding round"),
                None => format!("a {total} funding round"),
            };
            let led = led_by.map_or(String::new(), |l| format!(", led by {l}"));
            let role = if investor.lead { " as its lead" } else { "" };
            format!(
                "{who} took part in {round}{role}{led} [{n}]; the source does not state {who}’s share of it."
            )
        }
        Lang::Fr => {
            let round = match target {
                Some(t) => format!("au tour de table de {total} de {t}"),
                None => format!("à un tour de table de {total}"),
            };
            let led = led_by.map_or(String::new(), |l| format!(", mené par {l}"));
            let role = if investor.lead {
                " en tant que chef de file"
            } else {
                ""
            };
            format!(
                "{who} a participé {round}{role}{led} [{n}] ; la source ne précise pas la part de {who}."
            )
        }
    }
}

fn item(deal: &Deal, lang: Lang, entities: &EntityTable, n: usize) -> String {
    let mut facts = Vec::new();
    if let Some(m) = money(deal, lang) {
        facts.push(m);
    }
    if let Some(s) = deal.shares {
        facts.push(format::shares(s, lang));
    }
    if let Some(w) = when(deal, lang) {
        facts.push(w);
    }
    let l = label(deal, entities, lang);
    if facts.is_empty() {
        format!("{l} [{n}]")
    } else {
        format!("{l}, {} [{n}]", facts.join(", "))
    }
}

fn listing(q: &DealQuery, lang: Lang, selected: &[&Deal], entities: &EntityTable) -> DealAnswer {
    let mut cites = Cites::default();
    let items: Vec<String> = selected
        .iter()
        .map(|d| {
            let n = cites.marker(d);
            item(d, lang, entities, n)
        })
        .collect();
    let count = selected.len();
    let sep = if lang == Lang::Fr { " ; " } else { "; " };
    let text = match lang {
        Lang::En => format!(
            "{count} deal{} {}: {}.",
            if count == 1 { "" } else { "s" },
            scope(q, entities, lang),
            items.join(sep)
        ),
        Lang::Fr => format!(
            "{count} accord{} {} : {}.",
            if count == 1 { "" } else { "s" },
            scope(q, entities, lang),
            items.join(sep)
        ),
    };
    DealAnswer::answered(text, cites, selected.iter().map(|d| (*d).clone()).collect())
}

/// Each deal told in a sentence of the question's language, newest first, each cited.
fn digest(q: &DealQuery, lang: Lang, selected: &[&Deal], entities: &EntityTable) -> DealAnswer {
    let mut cites = Cites::default();
    // In the order the sources tell them: "In the same month…" follows its month.
    let mut ordered: Vec<&Deal> = selected.to_vec();
    ordered.sort_by_key(|d| {
        (
            d.cites.article().clone(),
            d.cites.paragraph(),
            d.cites.sentence(),
        )
    });
    let lines: Vec<String> = ordered
        .iter()
        .map(|d| {
            let n = cites.marker(d);
            sentence("", d.terms(lang), n)
        })
        .collect();
    let count = ordered.len();
    let head = match lang {
        Lang::En => format!(
            "{count} deal{} {}:",
            if count == 1 { "" } else { "s" },
            scope(q, entities, lang)
        ),
        Lang::Fr => format!(
            "{count} accord{} {} :",
            if count == 1 { "" } else { "s" },
            scope(q, entities, lang)
        ),
    };
    let text = format!("{head} {}", lines.join(" "));
    DealAnswer::answered(text, cites, ordered.iter().map(|d| (*d).clone()).collect())
}

fn total(q: &DealQuery, lang: Lang, selected: &[&Deal], entities: &EntityTable) -> DealAnswer {
    let mut cites = Cites::default();
    let mut currencies: Vec<String> = selected
        .iter()
        .filter_map(|d| d.amount.as_ref().map(|m| m.currency.clone()))
        .collect();
    currencies.dedup();
    currencies.sort();
    currencies.dedup();
    let mut with_amount: Vec<&&Deal> = selected.iter().filter(|d| d.amount.is_some()).collect();
    let value = |d: &&&Deal| d.amount.as_ref().map_or(0.0, |m| m.value);
    with_amount.sort_by(|a, b| value(b).total_cmp(&value(a)));
    if with_amount.is_empty() {
        return no_amount(q, lang, selected, entities, ("add up", "additionner"));
    }
    let mut equations = Vec::new();
    for currency in &currencies {
        let mut terms = Vec::new();
        let mut sum = 0.0;
        for d in with_amount
            .iter()
            .filter(|d| d.amount.as_ref().is_some_and(|m| &m.currency == currency))
        {
            let m = d.amount.as_ref().map_or(0.0, |m| m.value);
            sum += m;
            let n = cites.marker(d);
            let who = names(d, entities, lang).join("–");
            terms.push(format!("{who} {} [{n}]", format::money(m, currency, lang)));
        }
        equations.push(format!(
            "{} = {}",
            terms.join(" + "),
            format::money(sum, currency, lang)
        ));
    }
    let mut text = match lang {
        Lang::En => format!(
            "Total {}: {}.",
            scope(q, entities, lang),
            equations.join("; ")
        ),
        Lang::Fr => format!(
            "Total {} : {}.",
            scope(q, entities, lang),
            equations.join(" ; ")
        ),
    };
    let without: Vec<String> = selected
        .iter()
        .filter(|d| d.amount.is_none())
        .map(|d| {
            let n = cites.marker(d);
            format!("{} [{n}]", label(d, entities, lang))
        })
        .collect();
    if !without.is_empty() {
        text.push_str(&match lang {
            Lang::En => format!(" Not counted, no amount given: {}.", without.join("; ")),
            Lang::Fr => format!(" Non comptés, faute de montant : {}.", without.join(" ; ")),
        });
    }
    DealAnswer::answered(text, cites, selected.iter().map(|d| (*d).clone()).collect())
}

/// The abstention of an aggregate whose deals give no amount: `verb` says what could not be done.
fn no_amount(
    q: &DealQuery,
    lang: Lang,
    selected: &[&Deal],
    entities: &EntityTable,
    (verb_en, verb_fr): (&str, &str),
) -> DealAnswer {
    let text = match lang {
        Lang::En => format!(
            "{} the deals {} give no amount to {verb_en}. See the related sources below.",
            not_in_kb(lang),
            scope(q, entities, lang)
        ),
        Lang::Fr => format!(
            "{} les accords {} ne donnent aucun montant à {verb_fr}. Voir les sources ci-dessous.",
            not_in_kb(lang),
            scope(q, entities, lang)
        ),
    };
    abstain(text, selected)
}

fn extreme(q: &DealQuery, lang: Lang, selected: &[&Deal], entities: &EntityTable) -> DealAnswer {
    let mut cites = Cites::default();
    // Amounts in different currencies cannot be compared without rates: compare the dominant one.
    let usd: Vec<&&Deal> = selected
        .iter()
        .filter(|d| d.amount.as_ref().is_some_and(|m| m.currency == "USD"))
        .collect();
    let pool: Vec<&&Deal> = if usd.is_empty() {
        selected.iter().filter(|d| d.amount.is_some()).collect()
    } else {
        usd
    };
    if pool.is_empty() {
        return no_amount(q, lang, selected, entities, ("compare", "comparer"));
    }
    let value = |d: &&&Deal| d.amount.as_ref().map_or(0.0, |m| m.value);
    let mut ranked = pool.clone();
    ranked.sort_by(|a, b| value(b).total_cmp(&value(a)));
    let pick = if q.ask == Ask::Largest {
        ranked[0]
    } else {
        ranked[ranked.len() - 1]
    };
    let compared: Vec<String> = ranked
        .iter()
        .map(|d| {
            let n = cites.marker(d);
            format!(
                "{} {} [{n}]",
                names(d, entities, lang).join("–"),
                money(d, lang).unwrap_or_default()
            )
        })
        .collect();
    let n = cites.marker(pick);
    let (word_en, word_fr) = if q.ask == Ask::Largest {
        ("Largest", "Le plus important")
    } else {
        ("Smallest", "Le plus petit")
    };
    let text = match lang {
        Lang::En => format!(
            "Deals with an amount {}: {}. {word_en}: the {}, {} [{n}].",
            scope(q, entities, lang),
            compared.join("; "),
            label(pick, entities, lang),
            money(pick, lang).unwrap_or_default()
        ),
        Lang::Fr => format!(
            "Accords chiffrés {} : {}. {word_fr} : {}, {} [{n}].",
            scope(q, entities, lang),
            compared.join(" ; "),
            label(pick, entities, lang),
            money(pick, lang).unwrap_or_default()
        ),
    };
    DealAnswer::answered(text, cites, ranked.iter().map(|d| (**d).clone()).collect())
}
