//! The bilingual lexicon of the domain: words of French and English that mean the same thing
//! meet as one concept term (`@invest`, `@stake`, …), so an English question finds a French
//! sentence and the reverse. Also the stop words both languages share the index with.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Concept name, then its surface forms in both languages (lowercase, accents folded).
const CONCEPTS: &[(&str, &[&str])] = &[
    (
        "invest",
        &[
            "invest",
            "invests",
            "invested",
            "investing",
            "investment",
            "investments",
            "investor",
            "investors",
            "investir",
            "investi",
            "investie",
            "investis",
            "investit",
            "investissent",
            "investira",
            "investissement",
            "investissements",
            "investisseur",
            "investisseurs",
        ],
    ),
    (
        "stake",
        &[
            "stake",
            "stakes",
            "equity",
            "holding",
            "holdings",
            "participation",
            "participations",
            "capital",
        ],
    ),
    ("share", &["share", "shares", "action", "actions"]),
    (
        "shareholder",
        &["shareholder", "shareholders", "actionnaire", "actionnaires"],
    ),
    (
        "contract",
        &["contract", "contracts", "contrat", "contrats"],
    ),
    (
        "deal",
        &[
            "deal",
            "deals",
            "agreement",
            "agreements",
            "accord",
            "accords",
            "transaction",
            "transactions",
            "pact",
        ],
    ),
    (
        "partner",
        &[
            "partner",
            "partners",
            "partnership",
            "partnerships",
            "partenaire",
            "partenaires",
            "partenariat",
            "partenariats",
        ],
    ),
    (
        "collaboration",
        &[
            "collaboration",
            "collaborations",
            "collaborate",
            "collaborer",
            "alliance",
            "alliances",
        ],
    ),
    (
        "billion",
        &["billion", "billions", "milliard", "milliards", "bn"],
    ),
    ("million", &["million", "millions"]),
    ("usd", &["dollar", "dollars", "usd", "dlrs", "dlr"]),
    ("eur", &["euro", "euros", "eur"]),
    (
        "pct",
        &["percent", "pourcent", "pourcentage", "percentage", "pct"],
    ),
    (
        "government",
        &[
            "government",
            "governments",
            "gouvernement",
            "gouvernements",
            "administration",
            "state",
            "etat",
            "washington",
        ],
    ),
    (
        "american",
        &[
            "american",
            "americans",
            "americain",
            "americaine",
            "americains",
            "americaines",
            "us",
            "usa",
        ],
    ),
    (
        "chip",
        &[
            "chip",
            "chips",
            "chipmaker",
            "chipmakers",
            "puce",
            "puces",
            "semiconductor",
            "semiconductors",
        ],
    ),
    (
        "revenue",
        &["revenue", "revenues", "revenu", "revenus", "sales"],
    ),
    (
        "acquire",
        &[
            "acquire",
            "acquires",
            "acquired",
            "acquiring",
            "acquisition",
            "acquisitions",
            "acquerir",
            "acquerant",
            "acquiert",
            "acquis",
            "acquise",
            "rachat",
            "racheter",
            "rachete",
        ],
    ),
    (
        "buy",
        &[
            "buy",
            "buys",
            "buying",
            "bought",
            "purchase",
            "purchased",
            "acheter",
            "achete",
            "achat",
            "achats",
        ],
    ),
    (
        "sign",
        &[
            "sign",
            "signs",
            "signed",
            "signing",
            "signe",
            "signer",
            "signee",
            "signature",
        ],
    ),
    (
        "announce",
        &[
            "announce",
            "announces",
            "announced",
            "announcement",
            "annonce",
            "annoncer",
            "annonces",
        ],
    ),
    (
        "grant",
        &[
            "grant", "grants", "granted", "accorde", "accorder", "accordee", "octroye", "octroyer",
        ],
    ),
    (
        "right",
        &[
            "right", "rights", "droit", "droits", "warrant", "warrants", "option", "options",
        ],
    ),
    (
        "value",
        &["value", "valued", "worth", "valeur", "valant", "vaut"],
    ),
    (
        "amount",
        &["amount", "amounts", "montant", "montants", "sum", "somme"],
    ),
    (
        "total",
        &["total", "totale", "totaux", "totales", "overall"],
    ),
    (
        "license",
        &["license", "licenses", "licence", "licences", "licensing"],
    ),
    (
        "transfer",
        &["transfer", "transfers", "transfert", "transferts"],
    ),
    (
        "talent",
        &["talent", "talents", "staff", "team", "equipe", "equipes"],
    ),
    (
        "training",
        &["training", "train", "entrainement", "entrainer"],
    ),
    ("model", &["model", "models", "modele", "modeles"]),
    (
        "language",
        &["language", "languages", "langage", "langages", "langue"],
    ),
    (
        "technology",
        &[
            "technology",
            "technologies",
            "technologie",
            "technological",
            "technologique",
            "technologiques",
            "tech",
        ],
    ),
    ("ai", &["ai", "ia"]),
    (
        "supplier",
        &[
            "supplier",
            "suppliers",
            "provider",
            "providers",
            "supply",
            "provide",
            "fournisseur",
            "fournisseurs",
            "fournir",
        ],
    ),
    (
        "company",
        &[
            "company",
            "companies",
            "firm",
            "firms",
            "societe",
            "societes",
            "entreprise",
            "entreprises",
        ],
    ),
    (
        "global",
        &[
            "global",
            "worldwide",
            "world",
            "mondial",
            "mondiale",
            "mondiaux",
            "mondiales",
        ],
    ),
    ("energy", &["energy", "energie"]),
    ("compute", &["compute", "computing", "calcul"]),
    ("data", &["data", "donnees"]),
    ("project", &["project", "projects", "projet", "projets"]),
    (
        "backed",
        &[
            "backed",
            "support",
            "supported",
            "supports",
            "soutenu",
            "soutenue",
            "soutien",
            "soutenir",
        ],
    ),
    ("strategic", &["strategic", "strategique", "strategiques"]),
    ("access", &["access", "acces"]),
    ("milestone", &["milestone", "milestones", "etape", "etapes"]),
    ("giant", &["giant", "giants", "geant", "geants"]),
    ("president", &["president", "presidents", "presidente"]),
    ("startup", &["startup", "startups", "start-up"]),
    ("generative", &["generative", "generatif", "generative"]),
    ("month", &["month", "months", "mois"]),
    ("year", &["year", "years", "annee", "annees"]),
    ("jan", &["january", "janvier"]),
    ("feb", &["february", "fevrier"]),
    ("mar", &["march", "mars"]),
    ("apr", &["april", "avril"]),
    ("may", &["mai"]),
    ("jun", &["june", "juin"]),
    ("jul", &["july", "juillet"]),
    ("aug", &["august", "aout"]),
    ("sep", &["september", "septembre"]),
    ("oct", &["october", "octobre"]),
    ("nov", &["november", "novembre"]),
    ("dec", &["december", "decembre"]),
];

/// Words that carry no content in questions or passages, in either language (folded).
/// "ai", "us" and "it" are deliberately absent: they are names here (AI, US, IT).
const STOP_WORDS: &[&str] = &[
    // English
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "and",
    "or",
    "but",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "do",
    "does",
    "did",
    "done",
    "has",
    "have",
    "had",
    "having",
    "its",
    "this",
    "that",
    "these",
    "those",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "how",
    "much",
    "many",
    "when",
    "where",
    "why",
    "there",
    "their",
    "they",
    "them",
    "he",
    "she",
    "his",
    "her",
    "i",
    "me",
    "my",
    "we",
    "our",
    "you",
    "your",
    "about",
    "into",
    "than",
    "then",
    "so",
    "such",
    "as",
    "can",
    "could",
    "would",
    "should",
    "will",
    "shall",
    "might",
    "any",
    "some",
    "tell",
    "give",
    "show",
    "list",
    "please",
    "also",
    "just",
    "only",
    "get",
    "got",
    "s",
    "was",
    "which",
    "whats",
    "put",
    "into",
    "over",
    "per",
    "did",
    "make",
    "made",
    "take",
    "took",
    "know",
    "does",
    "via",
    "each",
    "every",
    "all",
    // French
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "de",
    "du",
    "d",
    "au",
    "aux",
    "et",
    "ou",
    "en",
    "dans",
    "par",
    "pour",
    "sur",
    "avec",
    "sans",
    "sous",
    "ce",
    "cet",
    "cette",
    "ces",
    "se",
    "sa",
    "son",
    "ses",
    "leur",
    "leurs",
    "il",
    "elle",
    "ils",
    "elles",
    "on",
    "nous",
    "vous",
    "je",
    "tu",
    "te",
    "lui",
    "y",
    "qui",
    "que",
    "qu",
    "quoi",
    "dont",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "lequel",
    "laquelle",
    "combien",
    "comment",
    "quand",
    "pourquoi",
    "est",
    "sont",
    "etait",
    "ete",
    "etre",
    "avoir",
    "avait",
    "ont",
    "fait",
    "t",
    "ne",
    "pas",
    "plus",
    "moins",
    "tres",
    "aussi",
    "donc",
    "mais",
    "si",
    "deja",
    "c",
    "j",
    "m",
    "n",
    "ai",
    "as",
    "avez",
    "avons",
    "entre",
    "afin",
    "notamment",
    "ainsi",
    "tous",
    "tout",
    "toute",
    "toutes",
    "autres",
    "autre",
    "meme",
    "dit",
    "donne",
    "donner",
    "montre",
    "liste",
    "lister",
    "savoir",
    "peux",
    "peut",
    "pouvez",
    "quelles",
    "chaque",
    "parmi",
    "vers",
    "chez",
    "depuis",
    "pendant",
];

static CONCEPT_OF: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (concept, forms) in CONCEPTS {
        for form in *forms {
            map.insert(*form, *concept);
        }
    }
    map
});

static STOPS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    // "ai" is a French verb form and the English acronym: the acronym wins here.
    STOP_WORDS.iter().copied().filter(|w| *w != "ai").collect()
});

/// The concept a folded, lowercase word belongs to, if any.
pub fn concept(folded: &str) -> Option<&'static str> {
    CONCEPT_OF.get(folded).copied()
}

pub fn is_stop_word(folded: &str) -> bool {
    STOPS.contains(folded)
}

/// The month (1–12) a concept term names, for `@jan` … `@dec`.
pub fn month_of_concept(term: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "@jan", "@feb", "@mar", "@apr", "@may", "@jun", "@jul", "@aug", "@sep", "@oct", "@nov",
        "@dec",
    ];
    MONTHS.iter().position(|m| *m == term).map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_meet_in_one_concept() {
        for (en, fr) in [
            ("invest", "investissement"),
            ("stake", "participation"),
            ("share", "actions"),
            ("contract", "contrat"),
            ("billion", "milliards"),
            ("august", "aout"),
        ] {
            assert_eq!(concept(en), concept(fr), "{en} / {fr}");
            assert!(concept(en).is_some());
        }
    }

    #[test]
    fn each_surface_form_belongs_to_one_concept() {
        let mut seen = HashMap::new();
        for (concept, forms) in CONCEPTS {
            for form in *forms {
                if let Some(other) = seen.insert(*form, *concept) {
                    assert_eq!(other, *concept, "{form} is in two concepts");
                }
            }
        }
    }

    #[test]
    fn names_are_not_stop_words() {
        for name in ["ai", "us", "it", "intel", "meta"] {
            assert!(!is_stop_word(name), "{name}");
        }
    }
}
