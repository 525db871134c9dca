//! The kind of answer a question wants — an amount, a stake, a count, a date — read from its
//! wording in either language.

use crate::text::fold;

/// The kind of answer a question wants, read from its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// How much, what amount, what value.
    Amount,
    /// What share of the capital, what percentage.
    Stake,
    /// How many (shares, contracts).
    Count,
    /// When, what date, which month or year.
    Date,
    /// Anything else: who, what, which.
    General,
}

fn has_any(folded: &str, patterns: &[&str]) -> bool {
    patterns.iter().any(|p| folded.contains(p))
}

/// Whether a question asks for an overview of a name rather than one fact: "What's going on
/// with Intel?", "Que se passe-t-il avec Intel ?", "Tell me about Anthropic".
pub fn is_digest(text: &str) -> bool {
    let folded = format!(
        " {} ",
        fold(text).replace(['?', '!', ',', '.', '\'', '’', '-'], " ")
    );
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    let folded = format!(" {folded} ");
    has_any(
        &folded,
        &[
            " what s going on with ",
            " what is going on with ",
            " what s happening with ",
            " what is happening with ",
            " what s new with ",
            " what s new at ",
            " what is new with ",
            " tell me about ",
            " what do you know about ",
            " what about ",
            " news about ",
            " news on ",
            " any news ",
            " overview of ",
            " summary of ",
            " summarise ",
            " summarize ",
            " que se passe t il avec ",
            " que se passe t il chez ",
            " que se passe t il pour ",
            " quoi de neuf ",
            " parle moi de ",
            " parle moi d ",
            " parlez moi de ",
            " parlez moi d ",
            " que sais tu de ",
            " que savez vous de ",
            " resume ",
            " quelles nouvelles ",
            " ou en est ",
        ],
    )
}

pub fn intent_of(text: &str) -> Intent {
    let folded = format!(" {} ", fold(text).replace(['?', '!', ',', '.', '\''], " "));
    if has_any(
        &folded,
        &[
            " quel pourcentage",
            " what percentage",
            " what share of",
            " quelle part ",
            " what stake",
            " quelle participation",
            " how big a stake",
            " what percent",
        ],
    ) {
        return Intent::Stake;
    }
    if has_any(
        &folded,
        &[
            " how many ",
            " combien d actions",
            " combien de contrats",
            " nombre de ",
            " number of ",
        ],
    ) {
        return Intent::Count;
    }
    if has_any(
        &folded,
        &[
            " how much ",
            " combien ",
            " montant ",
            " amount ",
            " valeur ",
            " value ",
            " worth ",
            " what sum ",
            " quelle somme ",
            " vaut ",
        ],
    ) {
        return Intent::Amount;
    }
    if has_any(
        &folded,
        &[
            " when ",
            " quand ",
            " quelle date ",
            " what date ",
            " which month ",
            " quel mois ",
            " what year ",
            " quelle annee ",
            " which year ",
            " en quelle annee ",
        ],
    ) {
        return Intent::Date;
    }
    Intent::General
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intents() {
        for (q, i) in [
            ("How much did Amazon invest in Anthropic?", Intent::Amount),
            (
                "Combien Amazon a-t-il investi dans Anthropic ?",
                Intent::Amount,
            ),
            ("When did the US government invest in Intel?", Intent::Date),
            ("Quand SoftBank a-t-il signé ?", Intent::Date),
            (
                "What stake did the US government take in Intel?",
                Intent::Stake,
            ),
            ("How many shares can OpenAI buy?", Intent::Count),
            ("Combien d'actions OpenAI peut-il acheter ?", Intent::Count),
            ("Who is CoreWeave's partner?", Intent::General),
        ] {
            assert_eq!(intent_of(q), i, "{q}");
        }
    }

    #[test]
    fn digests() {
        for q in [
            "What's going on with Intel?",
            "Que se passe-t-il avec Intel ?",
            "Tell me about Anthropic",
            "Parle-moi d'OpenAI",
            "Quoi de neuf chez Nvidia ?",
        ] {
            assert!(is_digest(q), "{q}");
        }
        assert!(!is_digest("How much did Amazon invest in Anthropic?"));
        assert!(!is_digest(
            "Quel est le montant du nouveau prêt de la Banque mondiale à l'Indonésie ?"
        ));
    }
}
