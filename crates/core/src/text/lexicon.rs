//! The bilingual lexicon of the domain: words of French and English that mean the same thing
//! meet as one concept term (`@invest`, `@stake`, …), so an English question finds a French
//! sentence and the reverse. Also the stop words both languages share the index with.

use rustc_hash::{FxHashMap, FxHashSet};
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
        &[
            "shareholder",
            "shareholders",
            "holders",
            "stockholders",
            "unitholders",
            "actionnaire",
            "actionnaires",
            "detenteurs",
        ],
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
            "rachetee",
            "rachetees",
            "rachetes",
            "rachetait",
            "rachetera",
            "racheterait",
            "acquises",
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
            "achetee",
            "achetees",
            "achetes",
            "achetait",
            "achetera",
            "acheterait",
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
    (
        "president",
        &[
            "president",
            "presidents",
            "presidente",
            "preside",
            "presider",
            "presides",
            "presided",
        ],
    ),
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
    (
        "price",
        &[
            "price", "prices", "priced", "pricing", "prix", "tarif", "tarifs",
        ],
    ),
    (
        "cut",
        &[
            "cut",
            "cuts",
            "cutting",
            "lower",
            "lowered",
            "lowering",
            "reduce",
            "reduced",
            "reduces",
            "reducing",
            "reduction",
            "reductions",
            "decrease",
            "decreased",
            "decline",
            "declined",
            "declines",
            "baisse",
            "baisser",
            "baisses",
            "reduire",
            "reduit",
            "reduite",
            "reduits",
            "reduites",
            "abaisse",
            "abaisser",
            "abaisses",
            "diminuer",
            "diminue",
            "diminution",
            "recul",
        ],
    ),
    (
        "raise",
        &[
            "raise",
            "raised",
            "raises",
            "raising",
            "increase",
            "increased",
            "increases",
            "increasing",
            "hike",
            "hikes",
            "boost",
            "boosted",
            "hausse",
            "hausses",
            "augmenter",
            "augmente",
            "augmentation",
            "augmentations",
            "relever",
            "releve",
            "relevement",
        ],
    ),
    (
        "sell",
        &[
            "sell", "sells", "selling", "sold", "sale", "vendre", "vend", "vendent", "vendu",
            "vendue", "vendus", "vendues", "ceder", "cede", "cedee", "cedes", "cession",
            "cessions",
        ],
    ),
    (
        "pay",
        &[
            "pay",
            "pays",
            "paid",
            "paying",
            "payment",
            "payments",
            "payer",
            "paye",
            "payee",
            "payes",
            "paie",
            "paient",
            "paiement",
            "paiements",
            "verser",
            "verse",
            "versement",
        ],
    ),
    (
        "offer",
        &[
            "offer",
            "offers",
            "offered",
            "offering",
            "bid",
            "bids",
            "bidder",
            "bidders",
            "tender",
            "tendered",
            "proposal",
            "proposals",
            "offre",
            "offres",
            "offert",
            "offerte",
            "proposer",
            "proposition",
            "opa",
            "surenchere",
        ],
    ),
    (
        "merger",
        &[
            "merger",
            "mergers",
            "merge",
            "merged",
            "merging",
            "fusion",
            "fusions",
            "fusionner",
            "fusionne",
        ],
    ),
    (
        "subsidiary",
        &[
            "subsidiary",
            "subsidiaries",
            "unit",
            "units",
            "division",
            "divisions",
            "filiale",
            "filiales",
            "branche",
            "branches",
        ],
    ),
    (
        "oil",
        &[
            "oil",
            "oils",
            "crude",
            "petroleum",
            "petrole",
            "petroles",
            "brut",
        ],
    ),
    ("barrel", &["barrel", "barrels", "bpd", "baril", "barils"]),
    (
        "day",
        &[
            "day",
            "days",
            "daily",
            "jour",
            "jours",
            "quotidien",
            "quotidienne",
            "quotidiens",
        ],
    ),
    (
        "produce",
        &[
            "produce",
            "produced",
            "produces",
            "producing",
            "production",
            "output",
            "pump",
            "pumped",
            "pumping",
            "produire",
            "produisait",
            "produisent",
            "pomper",
            "pompe",
            "pompait",
            "pompent",
        ],
    ),
    (
        "import",
        &[
            "import",
            "imports",
            "imported",
            "importing",
            "importation",
            "importations",
            "importer",
            "importe",
            "importes",
        ],
    ),
    (
        "export",
        &[
            "export",
            "exports",
            "exported",
            "exporting",
            "exportation",
            "exportations",
            "exporter",
            "exporte",
            "exportes",
        ],
    ),
    (
        "profit",
        &[
            "profit",
            "profits",
            "earnings",
            "earned",
            "earn",
            "benefice",
            "benefices",
        ],
    ),
    ("loss", &["loss", "losses", "perte", "pertes"]),
    (
        "contribute",
        &[
            "contribute",
            "contributes",
            "contributed",
            "contributing",
            "contribution",
            "contributions",
            "contribuer",
            "contribue",
            "contribuent",
            "contribuera",
            "rapporter",
            "rapporte",
            "rapportent",
            "rapportera",
            "apporter",
            "apporte",
            "apportent",
            "apportera",
        ],
    ),
    (
        "debt",
        &[
            "debt",
            "debts",
            "dette",
            "dettes",
            "endettement",
            "indebtedness",
        ],
    ),
    (
        "loan",
        &[
            "loan", "loans", "lend", "lends", "lending", "pret", "prets", "preter", "prete",
            "pretee", "pretes",
        ],
    ),
    // "the ability to produce up to 4.0 mln bpd" is a production capacity.
    (
        "capacity",
        &["capacity", "capacities", "capacite", "capacites", "ability"],
    ),
    (
        "bank",
        &[
            "bank",
            "banks",
            "banking",
            "banque",
            "banques",
            "bancaire",
            "bancaires",
        ],
    ),
    (
        "spending",
        &[
            "spending",
            "spend",
            "spent",
            "expenditure",
            "expenditures",
            "expenses",
            "depense",
            "depenses",
            "depenser",
        ],
    ),
    (
        "growth",
        &["growth", "grow", "grew", "growing", "croissance"],
    ),
    ("rate", &["rate", "rates", "taux"]),
    (
        "chief",
        &[
            "chairman",
            "chief",
            "ceo",
            "chairmen",
            "pdg",
            "dirigeant",
            "dirigeants",
        ],
    ),
    (
        "minister",
        &[
            "minister",
            "ministers",
            "ministry",
            "ministre",
            "ministres",
            "ministere",
        ],
    ),
    ("analyst", &["analyst", "analysts", "analyste", "analystes"]),
    (
        "meeting",
        &["meeting", "meetings", "reunion", "reunions", "reunir"],
    ),
    (
        "week",
        &[
            "week",
            "weeks",
            "weekly",
            "semaine",
            "semaines",
            "hebdomadaire",
        ],
    ),
    (
        "approve",
        &[
            "approve",
            "approved",
            "approval",
            "approves",
            "approvals",
            "approuver",
            "approuve",
            "approuvee",
            "approbation",
            "autorisation",
            "autorisations",
            "autoriser",
            "autorise",
            "authorization",
            "authorizations",
            "authorisation",
            "authorize",
            "authorized",
            "clearance",
        ],
    ),
    (
        "posted",
        &[
            "posted",
            "posting",
            "postings",
            "affiche",
            "affiches",
            "affichee",
            "affichees",
            "affichage",
        ],
    ),
    (
        "change",
        &[
            "change",
            "changed",
            "changes",
            "changing",
            "modify",
            "modified",
            "modifier",
            "modifie",
            "modifies",
            "modifiee",
            "modification",
            "changer",
        ],
    ),
    (
        "commit",
        &[
            "commit",
            "commits",
            "committed",
            "commitment",
            "commitments",
            "engage",
            "engagee",
            "engagement",
            "engagements",
            "engager",
        ],
    ),
    (
        "need",
        &[
            "need",
            "needs",
            "needed",
            "require",
            "requires",
            "required",
            "lack",
            "lacks",
            "lacking",
            "missing",
            "manque",
            "manquent",
            "manquer",
            "besoin",
            "necessite",
            "necessaire",
            "requiert",
            "exige",
        ],
    ),
    ("vote", &["vote", "votes", "voted", "voting", "voter"]),
    (
        "expire",
        &[
            "expire",
            "expires",
            "expired",
            "expiration",
            "expiry",
            "expirer",
            "expirera",
        ],
    ),
    ("cash", &["cash", "numeraire", "especes", "comptant"]),
    (
        "financing",
        &[
            "financing",
            "finance",
            "financed",
            "financement",
            "financer",
            "finances",
            "funds",
            "funding",
            "fonds",
        ],
    ),
    (
        "own",
        &[
            "own",
            "owns",
            "owned",
            "owner",
            "owners",
            "ownership",
            "detenir",
            "detient",
            "detiennent",
            "detiendront",
            "detiendra",
            "detiendrait",
            "detenait",
            "detenaient",
            "holds",
            "hold",
            "held",
            "detenu",
            "detenue",
            "proprietaire",
            "proprietaires",
            "possede",
            "posseder",
            "possedent",
        ],
    ),
    (
        "control",
        &[
            "control",
            "controls",
            "controlled",
            "controle",
            "controler",
            "controlent",
        ],
    ),
    (
        "market",
        &[
            "market", "markets", "marche", "marches", "bourse", "bourses",
        ],
    ),
    ("trader", &["trader", "traders", "negociant", "negociants"]),
    (
        "employee",
        &[
            "employee",
            "employees",
            "workers",
            "worker",
            "employes",
            "salaries",
            "travailleurs",
        ],
    ),
    ("gas", &["gas", "gaz"]),
    (
        "refinery",
        &["refinery", "refineries", "raffinerie", "raffineries"],
    ),
    (
        "tanker",
        &[
            "tanker",
            "tankers",
            "petrolier",
            "petroliers",
            "ship",
            "ships",
            "vessel",
            "vessels",
            "navire",
            "navires",
        ],
    ),
    (
        "currency",
        &[
            "currency",
            "currencies",
            "devise",
            "devises",
            "monnaie",
            "monnaies",
        ],
    ),
    (
        "forecast",
        &[
            "forecast",
            "forecasts",
            "forecasting",
            "expect",
            "expects",
            "expected",
            "projected",
            "projection",
            "projections",
            "prevision",
            "previsions",
            "prevoir",
            "prevoit",
            "prevu",
            "prevue",
        ],
    ),
    (
        "estimate",
        &[
            "estimate",
            "estimated",
            "estimates",
            "estimation",
            "estimations",
            "estimer",
            "estime",
            "estimee",
        ],
    ),
    ("damages", &["damages", "dommages", "indemnites"]),
    ("premium", &["premium", "premiums", "prime", "primes"]),
    (
        "complete",
        &[
            "complete",
            "completed",
            "completion",
            "completing",
            "conclure",
            "conclu",
            "conclue",
            "achever",
            "acheve",
            "achevee",
            "finaliser",
            "finalise",
        ],
    ),
    (
        "negotiation",
        &[
            "negotiation",
            "negotiations",
            "negotiate",
            "negotiating",
            "talks",
            "negociation",
            "negociations",
            "negocier",
            "pourparlers",
        ],
    ),
    (
        "customer",
        &["customer", "customers", "client", "clients", "clientele"],
    ),
    (
        "weak",
        &[
            "weak",
            "weaker",
            "weakness",
            "faible",
            "faibles",
            "faiblesse",
        ],
    ),
    ("demand", &["demand", "demands", "demande", "demandes"]),
    ("winter", &["winter", "hiver"]),
    (
        "reject",
        &[
            "reject",
            "rejected",
            "rejects",
            "rejection",
            "rejeter",
            "rejete",
            "rejetee",
            "refused",
            "refuser",
        ],
    ),
    (
        "last",
        &["last", "dernier", "derniere", "derniers", "dernieres"],
    ),
    (
        "broker",
        &[
            "broker",
            "brokers",
            "brokerage",
            "courtier",
            "courtiers",
            "courtage",
        ],
    ),
    (
        "spill",
        &[
            "spill", "spills", "spilled", "spillage", "slick", "maree", "marees",
        ],
    ),
    (
        "reason",
        &["reason", "reasons", "because", "raison", "raisons"],
    ),
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

// Looked up for every word analysed: a fast hash for short keys (no untrusted keys are
// inserted, so hash flooding is no concern).
static CONCEPT_OF: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for (concept, forms) in CONCEPTS {
        for form in *forms {
            map.insert(*form, *concept);
        }
    }
    map
});

/// French verb endings cut from a conjugated form ("voteront", "payait").
const VERB_ENDINGS: &[&str] = &[
    "raient", "ront", "rait", "aient", "ait", "ra", "ent", "ons", "ez",
];
/// What is put back on a verb's stem to spell a form the lexicon knows, in order of preference.
const VERB_TAILS: &[&str] = &["", "r", "er", "e", "re"];

/// Each verb stem (a lexicon form less a [`VERB_TAILS`] ending) and its concept: one lookup
/// per ending tried, instead of one per ending and tail.
static CONCEPT_OF_VERB_STEM: LazyLock<FxHashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map: FxHashMap<String, (usize, &'static str)> = FxHashMap::default();
    for (form, concept) in CONCEPT_OF.iter() {
        for (rank, tail) in VERB_TAILS.iter().enumerate() {
            if let Some(stem) = form.strip_suffix(tail).filter(|s| s.len() >= 3) {
                // The first tail that spells a known form wins, as when tried in order (one
                // stem and one tail spell one form, so ranks never tie).
                let entry = map.entry(stem.to_string()).or_insert((rank, concept));
                if rank < entry.0 {
                    *entry = (rank, concept);
                }
            }
        }
    }
    map.into_iter().map(|(k, (_, c))| (k, c)).collect()
});

static STOPS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    // "ai" is a French verb form and the English acronym: the acronym wins here.
    STOP_WORDS.iter().copied().filter(|w| *w != "ai").collect()
});

/// The concept a folded, lowercase word belongs to, if any.
pub fn concept(folded: &str) -> Option<&'static str> {
    // Short words are too often other words once an ending is cut ("états" is not "état").
    if folded.len() < 6 {
        return exact_concept(folded);
    }
    exact_concept(folded).or_else(|| {
        // French agreement endings: "cédées" is "cédée", "rachetés" is "racheté".
        ["es", "s", "e"]
            .iter()
            .find_map(|end| {
                folded
                    .strip_suffix(end)
                    .filter(|stem| stem.len() >= 4)
                    .and_then(exact_concept)
            })
            .or_else(|| {
                // French verb endings: "voteront" is "voter", "payait" is "payer".
                VERB_ENDINGS.iter().find_map(|end| {
                    let stem = folded.strip_suffix(end).filter(|stem| stem.len() >= 3)?;
                    CONCEPT_OF_VERB_STEM.get(stem).copied()
                })
            })
    })
}

fn exact_concept(folded: &str) -> Option<&'static str> {
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

    /// The verb endings tried one tail after another, as the lookup table replaces.
    fn concept_tried_in_order(folded: &str) -> Option<&'static str> {
        VERB_ENDINGS.iter().find_map(|end| {
            let stem = folded.strip_suffix(end).filter(|stem| stem.len() >= 3)?;
            VERB_TAILS
                .iter()
                .find_map(|tail| exact_concept(&format!("{stem}{tail}")))
        })
    }

    #[test]
    fn verb_stems_give_the_concept_trying_each_tail_in_order_would() {
        let mut checked = 0;
        for form in CONCEPT_OF.keys() {
            for tail in VERB_TAILS {
                let Some(stem) = form.strip_suffix(tail) else {
                    continue;
                };
                for end in VERB_ENDINGS {
                    let word = format!("{stem}{end}");
                    let fast = VERB_ENDINGS.iter().find_map(|end| {
                        let stem = word.strip_suffix(end).filter(|stem| stem.len() >= 3)?;
                        CONCEPT_OF_VERB_STEM.get(stem).copied()
                    });
                    assert_eq!(fast, concept_tried_in_order(&word), "{word}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "only {checked} forms checked");
    }

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
        let mut seen = std::collections::HashMap::new();
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
