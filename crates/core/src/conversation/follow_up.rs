//! Follow-ups that change the fact asked, not the name: "and when was that?", "quand ?", "and
//! its stake?", "et combien ?", "who else?". The previous question gives the topic (who did
//! what to whom); the follow-up gives the fact now wanted.

use crate::model::{EntityTable, Link};
use crate::text::{Lang, detect, fold};

/// The fact a follow-up asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    When,
    Amount,
    Stake,
    Shares,
    Why,
    /// Who else took part: the previous question's other parties.
    WhoElse,
}

/// The fact a short follow-up asks for, if it asks one ("and when was that?" → `When`).
pub fn fact_of(follow_up: &str) -> Option<Fact> {
    let padded = format!(" {} ", normalise(follow_up));
    // Only the fact and filler words: "When did Purolator sell its unit?" is a question of
    // its own, not a follow-up.
    const WORDS: &[&str] = &[
        "and",
        "et",
        "so",
        "then",
        "alors",
        "what",
        "about",
        "its",
        "their",
        "his",
        "her",
        "sa",
        "son",
        "ses",
        "leur",
        "was",
        "is",
        "that",
        "this",
        "it",
        "ca",
        "cela",
        "c",
        "est",
        "il",
        "elle",
        "the",
        "le",
        "la",
        "les",
        "when",
        "quand",
        "how",
        "much",
        "many",
        "shares",
        "stake",
        "part",
        "participation",
        "pourcentage",
        "percentage",
        "share",
        "of",
        "du",
        "capital",
        "combien",
        "d",
        "actions",
        "amount",
        "montant",
        "for",
        "pour",
        "price",
        "prix",
        "why",
        "pourquoi",
        "who",
        "else",
        "qui",
        "autre",
        "anyone",
        "quelqu",
        "un",
        "date",
        "quelle",
        "quel",
        "did",
        "they",
        "a",
        "t",
        "etait",
        "happen",
        "happened",
        "lieu",
        "eu",
        "de",
        "y",
        "at",
        "en",
        "quelle",
        "which",
        "on",
    ];
    if padded.split_whitespace().count() > 6
        || !padded.split_whitespace().all(|w| WORDS.contains(&w))
    {
        return None;
    }
    let has = |ps: &[&str]| ps.iter().any(|p| padded.contains(p));
    if has(&[
        " who else ",
        " qui d autre ",
        " anyone else ",
        " quelqu un d autre ",
    ]) {
        Some(Fact::WhoElse)
    } else if has(&[" how many shares ", " combien d actions ", " shares "]) {
        Some(Fact::Shares)
    } else if has(&[
        " stake ",
        " share of ",
        " percentage ",
        " part ",
        " participation ",
        " pourcentage ",
        " quelle part ",
    ]) {
        Some(Fact::Stake)
    } else if has(&[
        " when ",
        " quand ",
        " what date ",
        " quelle date ",
        " date ",
    ]) {
        Some(Fact::When)
    } else if has(&[
        " how much ",
        " combien ",
        " amount ",
        " montant ",
        " for how much ",
        " pour combien ",
        " price ",
        " prix ",
    ]) {
        Some(Fact::Amount)
    } else if has(&[" why ", " pourquoi "]) {
        Some(Fact::Why)
    } else {
        None
    }
}

fn normalise(text: &str) -> String {
    fold(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// English openings of a question, longest first, and the auxiliary that follows them.
const EN_OPENINGS: &[&str] = &[
    "how many shares",
    "how much money",
    "how much",
    "how many",
    "what percentage of",
    "what percentage",
    "what share of",
    "what stake",
    "what price",
    "what amount",
    "what date",
    "which month",
    "what year",
    "when",
    "why",
];
const EN_AUXILIARIES: &[&str] = &[
    "did", "does", "do", "was", "were", "is", "are", "has", "have", "had", "will", "would", "can",
];
/// French openings; the topic follows them directly ("Combien | le gouvernement américain
/// a-t-il investi dans Intel ?").
const FR_OPENINGS: &[&str] = &[
    "combien d'actions",
    "combien d’actions",
    "quelle part du capital",
    "quelle part",
    "quelle participation",
    "quel pourcentage",
    "quel montant",
    "à quelle date",
    "en quelle année",
    "quel mois",
    "pour combien",
    "combien",
    "quand",
    "pourquoi",
];

/// The topic of a question: what follows its opening (and, in English, its auxiliary), with
/// the auxiliary found. "How much did Amazon invest in Anthropic?" → ("did", "Amazon invest in
/// Anthropic").
fn topic(question: &str, lang: Lang) -> Option<(Option<&'static str>, String)> {
    let q = question.trim().trim_end_matches(['?', ' ', '\u{a0}']);
    let lower = q.to_lowercase();
    match lang {
        Lang::En => {
            let opening = EN_OPENINGS.iter().find(|o| {
                lower.starts_with(*o) && lower[o.len()..].starts_with(char::is_whitespace)
            })?;
            let rest = q[opening.len()..].trim_start();
            let (aux, tail) = rest.split_once(char::is_whitespace)?;
            let aux = EN_AUXILIARIES
                .iter()
                .find(|a| a.eq_ignore_ascii_case(aux))?;
            Some((Some(*aux), tail.trim().to_string()))
        }
        Lang::Fr => {
            let opening = FR_OPENINGS.iter().find(|o| {
                lower.starts_with(*o)
                    && lower[o.len()..].starts_with(|c: char| c.is_whitespace() || c == '\'')
            })?;
            let rest = q[opening.len()..].trim_start_matches([' ', '\'', '’']);
            // "Quand est-ce que X a …" keeps its topic "X a …".
            let rest = rest
                .strip_prefix("est-ce que ")
                .or_else(|| rest.strip_prefix("est-ce qu'"))
                .unwrap_or(rest);
            Some((None, rest.trim().to_string()))
        }
    }
}

fn opening(fact: Fact, lang: Lang) -> &'static str {
    match (fact, lang) {
        (Fact::When, Lang::En) => "When",
        (Fact::When, Lang::Fr) => "Quand",
        (Fact::Amount, Lang::En) => "How much",
        (Fact::Amount, Lang::Fr) => "Combien",
        (Fact::Stake, Lang::En) => "What stake",
        (Fact::Stake, Lang::Fr) => "Quelle part du capital",
        (Fact::Shares, Lang::En) => "How many shares",
        (Fact::Shares, Lang::Fr) => "Combien d’actions",
        (Fact::Why, Lang::En) => "Why",
        (Fact::Why, Lang::Fr) => "Pourquoi",
        (Fact::WhoElse, Lang::En) => "Who else",
        (Fact::WhoElse, Lang::Fr) => "Qui d’autre",
    }
}

/// The question a fact-changing follow-up stands for, from the previous question `last`
/// (whose named entities are `links`). `None` when the follow-up asks no other fact, or the
/// previous question gives no topic to ask it of.
pub fn rewrite(
    last: &str,
    links: &[Link],
    follow_up: &str,
    entities: &EntityTable,
) -> Option<String> {
    let fact = fact_of(follow_up)?;
    let lang = detect(last);
    if fact == Fact::WhoElse {
        return who_else(links, entities, lang);
    }
    // The previous question's own words, with the new opening: "How much did Amazon invest in
    // Anthropic?" + "and when?" → "When did Amazon invest in Anthropic?".
    if let Some((aux, topic)) = topic(last, lang) {
        let open = opening(fact, lang);
        let aux = match (aux, fact) {
            // "how much was invested" → "when was … invested"; "what stake did" → "did".
            (Some(a), _) => format!(" {a}"),
            (None, _) => String::new(),
        };
        let end = if lang == Lang::Fr { " ?" } else { "?" };
        return Some(format!("{open}{aux} {topic}{end}"));
    }
    // Otherwise the deal between the named entities.
    let names = party_names(links, entities, lang);
    if names.is_empty() {
        return None;
    }
    let between = match lang {
        Lang::En => format!("the deal between {}", names.join(" and ")),
        Lang::Fr => format!("l’accord entre {}", names.join(" et ")),
    };
    Some(match (fact, lang) {
        (Fact::When, Lang::En) => format!("When was {between}?"),
        (Fact::When, Lang::Fr) => format!("Quand a eu lieu {between} ?"),
        (Fact::Amount, Lang::En) => format!("How much is {between} worth?"),
        (Fact::Amount, Lang::Fr) => format!("Combien vaut {between} ?"),
        (Fact::Stake, Lang::En) => format!("What stake does {between} give?"),
        (Fact::Stake, Lang::Fr) => format!("Quelle part du capital donne {between} ?"),
        (Fact::Shares, Lang::En) => format!("How many shares does {between} cover?"),
        (Fact::Shares, Lang::Fr) => format!("Combien d’actions porte {between} ?"),
        (Fact::Why, Lang::En) => format!("Why was {between} made?"),
        (Fact::Why, Lang::Fr) => format!("Pourquoi {between} a-t-il été conclu ?"),
        (Fact::WhoElse, _) => return None,
    })
}

fn party_names(links: &[Link], entities: &EntityTable, lang: Lang) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for id in EntityTable::distinct(links) {
        let name = entities.name(&id, lang).to_string();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// "Who else?" after a question on the US government and Intel: Intel's other deals.
fn who_else(links: &[Link], entities: &EntityTable, lang: Lang) -> Option<String> {
    let names = party_names(links, entities, lang);
    let (first, rest) = names.split_first()?;
    let about = rest.last().unwrap_or(first);
    Some(match (lang, rest.is_empty()) {
        (Lang::En, false) => format!("Which deals involve {about} other than {first}?"),
        (Lang::Fr, false) => format!("Quels accords impliquent {about} à part {first} ?"),
        (Lang::En, true) => format!("Which deals involve {about}?"),
        (Lang::Fr, true) => format!("Quels accords impliquent {about} ?"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_ups_name_the_fact_they_ask() {
        for (text, fact) in [
            ("and when was that?", Some(Fact::When)),
            ("quand ?", Some(Fact::When)),
            ("and its stake?", Some(Fact::Stake)),
            ("et combien ?", Some(Fact::Amount)),
            ("who else?", Some(Fact::WhoElse)),
            ("Et pourquoi ?", Some(Fact::Why)),
            ("and how many shares?", Some(Fact::Shares)),
            ("Et alors ?", None),
            ("When did Purolator sell its unit?", None),
            (
                "When did the US government invest in Intel and why was it so large?",
                None,
            ),
        ] {
            assert_eq!(fact_of(text), fact, "{text}");
        }
    }

    #[test]
    fn the_previous_questions_topic_takes_the_new_opening() {
        let none = EntityTable::default();
        let cases = [
            (
                "How much did Amazon invest in Anthropic?",
                "and when was that?",
                "When did Amazon invest in Anthropic?",
            ),
            (
                "How much did UtiliCorp pay for West Virginia Power?",
                "quand ?",
                "When did UtiliCorp pay for West Virginia Power?",
            ),
            (
                "Combien le gouvernement américain a-t-il investi dans Intel ?",
                "Et quand ?",
                "Quand le gouvernement américain a-t-il investi dans Intel ?",
            ),
            (
                "Quand le gouvernement américain a-t-il investi dans Intel ?",
                "et combien ?",
                "Combien le gouvernement américain a-t-il investi dans Intel ?",
            ),
            (
                "When did the US government invest in Intel?",
                "and its stake?",
                "What stake did the US government invest in Intel?",
            ),
        ];
        for (last, follow_up, want) in cases {
            assert_eq!(
                rewrite(last, &[], follow_up, &none).as_deref(),
                Some(want),
                "{last} + {follow_up}"
            );
        }
    }

    #[test]
    fn without_a_topic_or_names_nothing_is_rewritten() {
        let none = EntityTable::default();
        assert_eq!(
            rewrite("Who bought Purolator?", &[], "and when?", &none),
            None
        );
        assert_eq!(
            rewrite(
                "How much did Amazon invest in Anthropic?",
                &[],
                "Et alors ?",
                &none
            ),
            None
        );
    }
}
