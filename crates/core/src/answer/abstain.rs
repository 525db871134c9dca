//! Abstentions: "not in the knowledge base", why (names it does not know, names it never
//! connects, a fact it does not give), and the passages nearby.

use super::expect::{Expect, Role};
use super::{Answer, Intent, Question, citation};
use crate::model::Citation;
use crate::retrieve::Hit;
use crate::text::Lang;

/// How many nearby passages an abstention offers.
pub const RELATED: usize = 3;

/// Why no passage answered, for the abstention's wording.
pub enum Gap {
    /// These names are nowhere in the knowledge base.
    Unknown(Vec<String>),
    /// The names occur, but never together with what was asked.
    NotTogether(Vec<String>),
    /// A passage is about it but does not give the kind of fact asked for.
    NoFact(Intent),
    /// A sentence holds these names but not the kind of span asked for.
    Lacks(Expect, Vec<String>),
    Nothing,
}

fn list(names: &[String], lang: Lang) -> String {
    let and = match lang {
        Lang::Fr => " et ",
        Lang::En => " and ",
    };
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{and}{last}", init.join(", ")),
    }
}

/// The abstention for `q`: what is missing, and the nearby passages of `hits`.
pub fn abstain(q: &Question, hits: &[Hit], gap: Gap) -> Answer {
    let related: Vec<Citation> = hits
        .iter()
        .take(RELATED)
        .enumerate()
        .map(|(i, h)| citation(i + 1, &h.passage, None, &h.passage.text))
        .collect();
    let lang = q.lang;
    let mut text = match lang {
        Lang::Fr => "Ce n’est pas dans la base de connaissances.".to_string(),
        Lang::En => "Not in the knowledge base.".to_string(),
    };
    let detail = match (&gap, lang) {
        (Gap::Unknown(names), Lang::Fr) => format!(" Elle ne mentionne pas {}.", list(names, lang)),
        (Gap::Unknown(names), Lang::En) => format!(" It does not mention {}.", list(names, lang)),
        (Gap::NotTogether(names), Lang::Fr) => format!(
            " Elle mentionne {}, mais aucun passage ne les relie de façon à répondre.",
            list(names, lang)
        ),
        (Gap::NotTogether(names), Lang::En) => format!(
            " It mentions {}, but no passage connects them in a way that answers this.",
            list(names, lang)
        ),
        (Gap::NoFact(intent), Lang::Fr) => format!(
            " Les sources en parlent sans donner {}.",
            match intent {
                Intent::Amount => "de montant",
                Intent::Count => "de nombre",
                Intent::Stake => "de pourcentage",
                Intent::Date => "de date",
                Intent::General => "la réponse",
            }
        ),
        (Gap::NoFact(intent), Lang::En) => format!(
            " The sources touch on it without giving {}.",
            match intent {
                Intent::Amount => "an amount",
                Intent::Count => "a number",
                Intent::Stake => "a percentage",
                Intent::Date => "a date",
                Intent::General => "the answer",
            }
        ),
        (Gap::Lacks(want, names), _) => lacks(*want, names, lang),
        (Gap::Nothing, _) => String::new(),
    };
    text.push_str(&detail);
    text.push_str(match (lang, related.is_empty()) {
        (Lang::Fr, false) => " Passages proches ci-dessous.",
        (Lang::En, false) => " Nearby passages are listed below.",
        (Lang::Fr, true) => " Rien d’approchant non plus.",
        (Lang::En, true) => " Nothing nearby either.",
    });
    Answer::abstained(&q.text, lang, text, related)
}

/// " The sources mention Gulf Applied Technologies, but no sentence found names the buyer.":
/// what the reading found, never a claim about everything the sources hold.
fn lacks(want: Expect, names: &[String], lang: Lang) -> String {
    let what = match (want, lang) {
        (Expect::Money { .. }, Lang::En) => "gives the amount",
        (Expect::Money { .. }, Lang::Fr) => "ne donne le montant",
        (Expect::Percent, Lang::En) => "gives the percentage",
        (Expect::Percent, Lang::Fr) => "ne donne le pourcentage",
        (Expect::Count, Lang::En) => "gives the number",
        (Expect::Count, Lang::Fr) => "ne donne le nombre",
        (Expect::Date, Lang::En) => "gives the date",
        (Expect::Date, Lang::Fr) => "ne donne la date",
        (Expect::Party(Role::Buyer), Lang::En) => "names the buyer",
        (Expect::Party(Role::Buyer), Lang::Fr) => "ne nomme l’acheteur",
        (Expect::Party(Role::Seller), Lang::En) => "names the seller",
        (Expect::Party(Role::Seller), Lang::Fr) => "ne nomme le vendeur",
        (Expect::Party(_), Lang::En) => "names who",
        (Expect::Party(_), Lang::Fr) => "ne dit qui",
        (Expect::Thing, Lang::En) => "says what",
        (Expect::Thing, Lang::Fr) => "ne dit quoi",
        (Expect::Reason, Lang::En) => "says why",
        (Expect::Reason, Lang::Fr) => "ne dit pourquoi",
        (_, Lang::En) => "gives the answer",
        (_, Lang::Fr) => "ne donne la réponse",
    };
    match (names.is_empty(), lang) {
        (true, Lang::En) => format!(" No sentence found {what}."),
        (true, Lang::Fr) => format!(" Aucune phrase trouvée {what}."),
        (false, Lang::En) => format!(
            " The sources mention {}, but no sentence found {what}.",
            list(names, lang)
        ),
        (false, Lang::Fr) => format!(
            " Les sources mentionnent {}, mais aucune phrase trouvée {what}.",
            list(names, lang)
        ),
    }
}
