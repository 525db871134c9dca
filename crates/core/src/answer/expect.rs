//! The kind of span a question wants for its short answer, read from its wording in either
//! language: an amount of money, a percentage, a count of things, a date, a party (in a role),
//! the thing acquired, a reason — or nothing in particular, when the best sentences are quoted.

use crate::text::fold;

/// Which side of a deal a party question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Who bought, acquired, is taking over, made the offer.
    Buyer,
    /// Who sold, from whom.
    Seller,
    /// Who owns, controls, holds.
    Owner,
    /// Who a person is or which person holds a post ("who is the president of").
    Person,
    /// A company (asked as "which company", "quelles entreprises").
    Company,
    /// Any party.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// An amount of money; `per_share` when the question asks a price per share.
    Money {
        per_share: bool,
    },
    Percent,
    /// A count of things (shares, barrels, ounces…).
    Count,
    Date,
    Party(Role),
    /// The company or asset acquired, sold or sought.
    Thing,
    /// Why: a reason or a purpose.
    Reason,
    /// The level something was brought to ("to what did X raise…"): any quantity, preferably
    /// the one after "to".
    Level,
    /// A change asked "by how much" / "de combien": any quantity, preferably the one after
    /// "by".
    Change,
    /// Anything else: quote the best sentences.
    Quote,
}

fn has(text: &str, patterns: &[&str]) -> bool {
    patterns.iter().any(|p| text.contains(p))
}

/// Money nouns and verbs: "how much" with these asks for money, not a count.
const MONEY_WORDS: &[&str] = &[
    " pay",
    " paid",
    " cost",
    " price",
    " worth",
    " value",
    " valu",
    " cash",
    " sell",
    " sold",
    " get ",
    " receiv",
    " offer",
    " bid",
    " spend",
    " spent",
    " raise",
    " invest",
    " fetch",
    " contribut",
    " deficit",
    " budget",
    " revenue",
    " loan",
    " financ",
    " damages",
    " payer",
    " paye",
    " coute",
    " prix",
    " vaut",
    " valeur",
    " vend",
    " recu",
    " offr",
    " depens",
    " investi",
    " montant",
    " pret",
    " somme",
    " dette",
    " debt",
    " owe ",
    " owes",
    " owed",
    " losing",
    " lose",
    " earn",
    " profit",
    " loss",
    " net ",
    " sales",
    " dollars",
    " dlrs",
];

/// What a sale brings in, asked of things counted: "combien le groupe a-t-il tiré de la vente
/// des actions", "how much did the group get for the shares".
const PROCEEDS: &[&str] = &[
    " tire ",
    " obtenu",
    " rapporte",
    " encaisse",
    " proceeds",
    " fetch",
    " get for",
    " got for",
];

/// Things counted: "how many shares", "combien de barils".
const COUNT_WORDS: &[&str] = &[
    " share",
    " action",
    " barrel",
    " baril",
    " bpd",
    " ounce",
    " once",
    " ton",
    " worker",
    " employ",
    " customer",
    " client",
    " produc",
    " output",
    " pump",
    " volume",
    " cubic",
    " metre",
    " meter",
    " gas",
    " oil",
    " gaz",
    " petrole",
    " brut",
    " crude",
    " quota",
    " capacit",
];

/// Reads what kind of span `question` wants.
pub fn expect(question: &str) -> Expect {
    let q = format!(
        " {} ",
        fold(question)
            .replace(['?', '!', ',', '.', '\'', '’', '-'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    let starts = |p: &[&str]| p.iter().any(|w| q.starts_with(w));
    // "Quel analyste de Salomon Brothers affirme…", "Which official said…": a person, whatever
    // else the question mentions (a price, a date).
    const PEOPLE: &[&str] = &[
        "analyst",
        "analyste",
        "executive",
        "official",
        "responsable",
        "dirigeant",
        "minister",
        "ministre",
        "president",
        "chairman",
        "economist",
        "economiste",
        "spokesman",
        "spokeswoman",
        "porte parole",
        "trader",
        "banker",
        "banquier",
        "person",
        "personne",
    ];
    let opening: Vec<&str> = q.split_whitespace().take(4).collect();
    let asks_person = matches!(
        opening.first(),
        Some(&("which" | "what" | "quel" | "quelle"))
    ) && (1..=2).any(|i| {
        opening.get(i).is_some_and(|w| PEOPLE.contains(w))
                // "What official price…" asks a price, not an official.
                && !opening.get(i + 1).is_some_and(|n| {
                    matches!(
                        *n,
                        "price" | "prices" | "prix" | "rate" | "taux" | "figure" | "estimate"
                            | "forecast" | "selling" | "level"
                    )
                })
    });
    if asks_person {
        return Expect::Party(Role::Person);
    }
    if has(
        &q,
        &[
            " what percentage",
            " what percent",
            " quel pourcentage",
            " de quel pourcentage",
            " what stake",
            " quelle participation",
            " quelle part",
            " what share of",
            " what portion",
            " what proportion",
            " how big a stake",
            " how large a stake",
            " how much of ",
            " by how many percent",
            " what premium",
            " what growth rate",
            " what rate of",
            " quel taux",
            " what ownership",
        ],
    ) || (has(&q, &[" percentage", " pourcentage", " pct", " percent"])
        && has(&q, &[" what", " how", " quel", " quelle", " combien"])
        && !has(
            &q,
            &[
                " pay", " paid", " payer", " paye", " paie", " cost", " price", " prix", " dlrs",
                " dollars",
            ],
        ))
    {
        return Expect::Percent;
    }
    if starts(&[
        " why ",
        " pourquoi ",
        " for what reason",
        " pour quelle raison",
    ]) || has(
        &q,
        &[
            " why ",
            " pourquoi ",
            " dans quel but",
            " for what purpose",
            " what for",
        ],
    ) {
        return Expect::Reason;
    }
    if starts(&[
        " when ",
        " quand ",
        " jusqu a quand",
        " a quelle date",
        " on what date",
        " what date",
        " from what date",
        " by when",
        " until when",
        " in what year",
        " in which year",
        " en quelle annee",
        " which month",
        " quel mois",
        " what day",
        " quel jour",
        " depuis quand",
        " a partir de quand",
    ]) || has(
        &q,
        &[" what date", " quelle date", " what year", " quelle annee"],
    ) {
        return Expect::Date;
    }
    let per_share = has(
        &q,
        &[
            " per share",
            " a share",
            " each share",
            " par action",
            " l action",
            " per ",
            " par titre",
        ],
    ) && has(&q, &[" share", " action", " titre", " ordinary"]);
    if starts(&[
        " to what ",
        " at what level",
        " to what level",
        " a quel niveau",
        " jusqu a quel",
    ]) || has(&q, &[" to what level", " a quel niveau"])
    {
        return Expect::Level;
    }
    if (starts(&[" what ", " which ", " quel ", " quelle ", " a quel "])
        && has(&q, &[" price ", " prix ", " price?", " rate "]))
        && !has(&q, &[" how many ", " percent", " pourcentage"])
    {
        return Expect::Money { per_share };
    }
    // "What revenue…", "combien de revenus…": money named by what it is.
    if (starts(&[
        " what ",
        " which ",
        " how much ",
        " quel ",
        " quels ",
        " combien ",
    ]) && has(
        &q,
        &[
            " revenue",
            " revenus",
            " earnings",
            " profit",
            " income",
            " benefice",
        ],
    ) && !has(&q, &[" pct", " percent", " pourcentage", " how many "]))
        || has(
            &q,
            &[
                " what revenue",
                " what sales",
                " what profit",
                " what loss",
                " what net loss",
                " what debt",
                " quelle perte",
                " quelles pertes",
                " quelle dette",
                " what income",
                " what earnings",
                " what turnover",
                " how much revenue",
                " how much profit",
                " quel revenu",
                " quels revenus",
                " quel chiffre d affaires",
                " quel benefice",
                " quels benefices",
                " combien de revenus",
                " combien de revenu",
                " combien de benefices",
                " combien de chiffre d affaires",
            ],
        )
    {
        return Expect::Money { per_share };
    }
    // "How much did crude output fall?": the change, not the level it fell to.
    let changed = starts(&[" how much did ", " how much has ", " how much have "])
        && has(
            &q,
            &[
                " fall",
                " fell",
                " drop",
                " rise",
                " rose",
                " decline",
                " increase",
                " decrease",
                " grow",
                " grew",
                " climb",
                " gain",
                " shrink",
                " jump",
                " slip",
            ],
        );
    if (changed || has(&q, &[" by how much", " de combien", " by what amount"]))
        && !has(
            &q,
            &[" pct", " percent", " pourcentage", " dollars", " dlrs"],
        )
    {
        return Expect::Change;
    }
    // "What is Kuwait's quota?", "Quel est le plafond de production ?": an amount of things.
    if starts(&[" what ", " which ", " quel ", " quelle "])
        && has(
            &q,
            &[
                " quota",
                " output",
                " production",
                " ceiling",
                " plafond",
                " reserve",
                " volume",
                " capacity",
                " capacite",
            ],
        )
        && !has(&q, &[" why ", " pourquoi ", " who ", " qui "])
        // "What is the present value of the trust's reserves?": money, whatever it is of.
        && !has(&q, &[" value", " valeur", " worth", " revenue", " price", " prix", " cost"])
    {
        return Expect::Count;
    }
    if has(&q, &[" pour combien", " for how much"]) {
        return Expect::Money { per_share };
    }
    if per_share && !has(&q, &[" how many ", " nombre de ", " combien d actions"]) {
        return Expect::Money { per_share: true };
    }
    if has(
        &q,
        &[
            " how many ",
            " combien d actions",
            " combien de ",
            " nombre de ",
        ],
    ) && !has(
        &q,
        &[
            " how many dollars",
            " combien de dollars",
            " combien d argent",
        ],
    ) {
        return Expect::Count;
    }
    if has(
        &q,
        &[
            " how much ",
            " combien ",
            " what amount",
            " quel montant",
            " what sum",
            " quelle somme",
            " what price",
            " quel prix",
            " a quel prix",
            " at what price",
            " what value",
            " quelle valeur",
            " how much is",
            " a combien",
            " what budget",
            " what deficit",
            " quel deficit",
            " quel budget",
            " what cost",
            " what premium",
            " what rate",
            " what is the price",
            " what does",
            " what is",
        ],
    ) {
        let money_question = has(&q, MONEY_WORDS);
        // What is counted is no name: "Tarn Products", "IC Gas".
        let unnamed = format!(
            " {} ",
            fold(
                &question
                    .split_whitespace()
                    .enumerate()
                    .filter(|(i, w)| *i == 0 || !w.chars().next().is_some_and(char::is_uppercase))
                    .map(|(_, w)| w)
                    .collect::<Vec<_>>()
                    .join(" ")
            )
            .replace(['?', '!', ',', '.', '\'', '’', '-'], " ")
        );
        // "How much does SHV offer for IC Gas loan stock?": what is given for things is money,
        // when nothing is counted before "for".
        let given_for_things = [" for ", " pour "].iter().any(|w| {
            unnamed.find(w).is_some_and(|at| {
                !has(&unnamed[..at], COUNT_WORDS) && !has(&unnamed[..at], &[" stock"])
            })
        });
        let count_question = has(&unnamed, COUNT_WORDS) && !per_share && !given_for_things;
        let asks_value = has(
            &q,
            &[
                " how much ",
                " combien ",
                " what amount",
                " quel montant",
                " what sum",
                " quelle somme",
                " what price",
                " quel prix",
                " a quel prix",
                " at what price",
                " what value",
                " quelle valeur",
                " a combien",
                " what budget",
                " what deficit",
                " quel deficit",
                " quel budget",
                " what cost",
                " what rate",
            ],
        );
        if asks_value {
            if count_question
                && !has(
                    &q,
                    &[
                        " pay", " paid", " cost", " price", " prix", " payer", " paye", " dollars",
                        " worth", " valu",
                    ],
                )
                && !has(&q, PROCEEDS)
            {
                return Expect::Count;
            }
            if money_question
                || per_share
                || has(&q, &[" price", " prix"])
                || has(&q, PROCEEDS)
                || !count_question
            {
                return Expect::Money { per_share };
            }
        }
    }
    if has(
        &q,
        &[
            " who ",
            " qui ",
            " whom",
            " which company",
            " what company",
            " which companies",
            " quelle entreprise",
            " quelle societe",
            " quelles entreprises",
            " quelles societes",
            " quel groupe",
            " which firm",
            " which group",
            " quelle maison",
            " which bank",
            " quelle banque",
            " which official",
            " quel responsable",
            " quel analyste",
            " which analyst",
            " through which company",
            " par quelle",
            " de qui",
            " aupres de qui",
            " from whom",
        ],
    ) {
        let thing = has(
            &q,
            &[
                " did ",
                " does ",
                " is ",
                " will ",
                " a t il",
                " a t elle",
                " va t il",
            ],
        ) && has(
            &q,
            &[
                " acqui",
                " buy",
                " bought",
                " purchas",
                " take over",
                " taking over",
                " sell",
                " sold",
                " rachet",
                " achet",
                " vend",
                " ced",
            ],
        ) && has(
            &q,
            &[
                " which company did",
                " what company did",
                " which company does",
                " what company does",
                " which company will",
                " what company will",
                " which company is",
                " what company is",
                " quelle entreprise a",
                " quelle societe a",
                " quelle filiale",
                " quelles filiales",
            ],
        );
        // "Quelle société Suffield Financial veut-elle racheter ?": a name right after "quelle
        // société" is the subject; the company asked is what it buys.
        let named_subject = ["quelle société ", "quelle entreprise ", "quelle filiale "]
            .iter()
            .any(|w| {
                question.to_lowercase().find(w).is_some_and(|at| {
                    question
                        .get(at + w.len()..)
                        .and_then(|rest| rest.chars().next())
                        .is_some_and(char::is_uppercase)
                })
            });
        if thing || named_subject && has(&q, &[" rachet", " achet", " acqu", " repren"]) {
            return Expect::Thing;
        }
        // "Through whom…", "avec qui…": a go-between or a partner, neither side of a sale.
        let role = if has(
            &q,
            &[
                " through whom",
                " via whom",
                " with whom",
                " intermediaire de qui",
                " entremise de qui",
                " avec qui",
            ],
        ) {
            Role::Any
        } else if has(
            &q,
            &[
                " from whom",
                " de qui",
                " aupres de qui",
                " who sold",
                " qui a vendu",
                " qui a cede",
                " seller",
                " vendeur",
            ],
        ) {
            Role::Seller
        } else if has(
            &q,
            &[
                " bought",
                " buy",
                " buying",
                " acquir",
                " taking over",
                " take over",
                " rachet",
                " achet",
                " acquis",
                " absorb",
                " offer",
                " bid",
                " tender",
                " offre",
            ],
        ) {
            Role::Buyer
        } else if has(
            &q,
            &[" own", " control", " detient", " possede", " controle"],
        ) {
            Role::Owner
        } else if has(
            &q,
            &[
                " which compan",
                " what compan",
                " quelle entreprise",
                " quelles entreprises",
                " quelle societe",
                " quelles societes",
                " which firm",
            ],
        ) {
            Role::Company
        } else if has(
            &q,
            &[
                " president",
                " chairman",
                " chief",
                " director",
                " directeur",
                " minister",
                " ministre",
                " analyst",
                " analyste",
                " official",
                " responsable",
                " preside",
                " dirige",
                " spokes",
                " porte parole",
                " said",
                " declare",
                " affirme",
                " executive",
                " elected",
                " elu",
            ],
        ) {
            Role::Person
        } else {
            Role::Any
        };
        return Expect::Party(role);
    }
    if has(
        &q,
        &[
            " what did ",
            " qu a ",
            " qu est ce qu",
            " what company did",
            " which company did",
            " quelle filiale",
            " quelles filiales",
            " which subsidiary",
            " what subsidiary",
            " what is being",
            " what assets",
        ],
    ) && has(
        &q,
        &[
            " acquire",
            " buy",
            " bought",
            " purchase",
            " take over",
            " sell",
            " sold",
            " racheter",
            " rachete",
            " acquis",
            " achet",
            " vendu",
            " ceder",
            " cede",
            " vendre",
        ],
    ) {
        return Expect::Thing;
    }
    Expect::Quote
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_say_what_they_want() {
        for (q, want) in [
            (
                "How much did UtiliCorp pay for West Virginia Power?",
                Expect::Money { per_share: false },
            ),
            (
                "Combien Amazon a-t-il investi dans Anthropic ?",
                Expect::Money { per_share: false },
            ),
            (
                "What price per share did Waste Management offer for ChemLawn?",
                Expect::Money { per_share: true },
            ),
            ("What stake does Nova own in Husky Oil?", Expect::Percent),
            (
                "Quelle part de Promexpo le groupe Vidéotron va-t-il acheter ?",
                Expect::Percent,
            ),
            ("How many shares did Circuit Systems issue?", Expect::Count),
            (
                "Combien le groupe a-t-il tiré de la vente des actions Cyclops ?",
                Expect::Money { per_share: false },
            ),
            (
                "How much did the group get for the shares it sold?",
                Expect::Money { per_share: false },
            ),
            (
                "Combien de barils par jour le Koweït pompait-il ?",
                Expect::Count,
            ),
            (
                "how much natural gas did yacimientos produce in january 1987",
                Expect::Count,
            ),
            (
                "When does the La Roche offer for NECO expire?",
                Expect::Date,
            ),
            ("Quand expire l'offre ?", Expect::Date),
            ("Who bought Gulfex?", Expect::Party(Role::Buyer)),
            (
                "Qui a vendu Antonson America à Esselte ?",
                Expect::Party(Role::Seller),
            ),
            ("Who is the president of OPEC?", Expect::Party(Role::Person)),
            (
                "Which company did Senior Engineering agree to acquire?",
                Expect::Thing,
            ),
            ("What did Esselte Meto acquire?", Expect::Thing),
            ("Why did Esselte buy Antonson America?", Expect::Reason),
            ("Qu’est-ce que le projet Stargate ?", Expect::Quote),
            // A unit is a company, not a thing counted; debts and losses are money.
            (
                "How much bank debt does the unit have?",
                Expect::Money { per_share: false },
            ),
            (
                "How much has the ladder unit been losing each quarter?",
                Expect::Money { per_share: false },
            ),
            // Not a count of reserves: the sentence that gives the value is quoted.
            (
                "What is the discounted present value of the trust's reserves?",
                Expect::Quote,
            ),
            ("What is Kuwait's quota?", Expect::Count),
            (
                "Combien Tarn Products paiera-t-il pour annuler ses actions ?",
                Expect::Money { per_share: false },
            ),
            ("How much gas did Tarn Products sell?", Expect::Count),
            (
                "What loss did Multi-Step report for the six months ended December 31?",
                Expect::Money { per_share: false },
            ),
            (
                "Quelle perte Multi-Step a-t-il annoncée ?",
                Expect::Money { per_share: false },
            ),
            (
                "Which company does Suffield Financial want to acquire?",
                Expect::Thing,
            ),
            (
                "Quelle société Suffield Financial veut-elle racheter ?",
                Expect::Thing,
            ),
            (
                "Quelle société a racheté Coastal Bancorp ?",
                Expect::Party(Role::Buyer),
            ),
            (
                "How much did Argentine crude oil production fall in January 1987?",
                Expect::Change,
            ),
            (
                "Through whom is SHV making the tender offer?",
                Expect::Party(Role::Any),
            ),
            (
                "Par l'intermédiaire de qui SHV lance-t-il son offre ?",
                Expect::Party(Role::Any),
            ),
            // What is offered for stock is money; stock counted is asked as stock.
            (
                "How much does SHV offer for IC Gas loan stock?",
                Expect::Money { per_share: false },
            ),
            ("How many shares does SHV offer for IC Gas?", Expect::Count),
            (
                "How much gas does Argentina sell for export?",
                Expect::Count,
            ),
            (
                "How much natural gas did Argentina produce in January 1987?",
                Expect::Count,
            ),
        ] {
            assert_eq!(expect(q), want, "{q}");
        }
    }
}
