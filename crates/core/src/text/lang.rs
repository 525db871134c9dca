//! Which language a text is in: French or English, the two the knowledge base speaks.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" | "fra" | "french" | "français" | "francais" => Some(Lang::Fr),
            "en" | "eng" | "english" | "anglais" => Some(Lang::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Function words that only one of the two languages uses: decisive even in a five-word question,
/// where statistical detection is unreliable.
const FR_MARKERS: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "dans", "pour", "avec",
    "combien", "quel", "quelle", "quels", "quelles", "qui", "que", "quoi", "quand", "comment",
    "il", "elle", "a-t-il", "a-t-elle", "t-il", "au", "aux", "sur", "par", "ce", "cette", "ces",
    "sont", "ont", "été", "investi", "accord", "entre", "montant", "liste", "contrats",
];
const EN_MARKERS: &[&str] = &[
    "the",
    "of",
    "and",
    "is",
    "are",
    "was",
    "were",
    "did",
    "does",
    "do",
    "how",
    "much",
    "many",
    "what",
    "which",
    "who",
    "when",
    "with",
    "in",
    "into",
    "for",
    "from",
    "by",
    "invest",
    "invested",
    "stake",
    "deal",
    "deals",
    "list",
    "show",
    "total",
    "largest",
    "biggest",
    "agreement",
    "government",
    "shares",
    "its",
    "tell",
    "me",
    "about",
    "going",
    "on",
    "news",
    "why",
    "where",
    "whose",
    "their",
    "that",
    "this",
    "buy",
    "bought",
    "sell",
    "sold",
    "pay",
    "paid",
];

/// Detects French or English. Short questions are decided by function words; longer or
/// undecided ones by whatlang restricted to the two languages; English when nothing decides.
pub fn detect(text: &str) -> Lang {
    let lower = text.to_lowercase();
    let (mut fr, mut en) = (0usize, 0usize);
    for word in lower.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        if FR_MARKERS.contains(&word) {
            fr += 1;
        }
        if EN_MARKERS.contains(&word) {
            en += 1;
        }
    }
    // Elisions and accents are French tells that function-word lists miss.
    if ["l'", "d'", "qu'", "l’", "d’", "qu’"]
        .iter()
        .any(|e| lower.contains(e))
    {
        fr += 1;
    }
    if lower.contains(['é', 'è', 'à', 'ç', 'ù', 'ê', 'û', 'ô']) {
        fr += 1;
    }
    if fr != en {
        return if fr > en { Lang::Fr } else { Lang::En };
    }
    let detector =
        whatlang::Detector::with_allowlist(vec![whatlang::Lang::Fra, whatlang::Lang::Eng]);
    match detector.detect_lang(text) {
        Some(whatlang::Lang::Fra) => Lang::Fr,
        _ => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_short_questions() {
        let cases = [
            ("Combien Amazon a-t-il investi dans Anthropic ?", Lang::Fr),
            ("How much did Amazon invest in Anthropic?", Lang::En),
            ("Et SoftBank ?", Lang::Fr),
            ("What about SoftBank?", Lang::En),
            (
                "Quelle participation l’État américain a-t-il prise dans Intel ?",
                Lang::Fr,
            ),
            ("Which deals involve Intel?", Lang::En),
            ("Liste des contrats de CoreWeave", Lang::Fr),
        ];
        for (q, lang) in cases {
            assert_eq!(detect(q), lang, "{q}");
        }
    }
}
