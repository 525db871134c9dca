//! Cognates: English and French words that share a root and most of their spelling
//! ("critical"/"critiques", "resources"/"ressources", "energy"/"énergie",
//! "secure"/"sécuriser"). Each word gets a [`key`] that its cognate in the other language
//! shares, so a question finds passages in the other language beyond the hand lexicon.
//!
//! The key is a root, not a translation: false friends share keys too ("actual"/"actuel"), so
//! a match only makes a passage a candidate; the reader still checks what the sentence says.

/// How many leading letters of the normalised root make the key: enough to tell most roots
/// apart, few enough that "secur-e" and "sécur-iser" meet.
const KEY_LEN: usize = 5;

/// English and French endings that differ between cognates, each mapped to a shared form.
/// Longest first within a family; the first that matches applies.
const ENDINGS: &[(&str, &str)] = &[
    ("ically", "ic"),
    ("iquement", "ic"),
    ("ical", "ic"),
    ("ique", "ic"),
    ("isation", "is"),
    ("ization", "is"),
    ("iser", "is"),
    ("izer", "is"),
    ("ize", "is"),
    ("ise", "is"),
    ("ite", "it"),
    ("ity", "it"),
    ("eur", "or"),
    ("ie", "i"),
    ("y", "i"),
    ("e", ""),
];

/// The cognate key of a folded lowercase word (accents removed), or `None` for a word too
/// short to compare safely or one that is not all letters.
pub fn key(folded: &str) -> Option<String> {
    if folded.chars().count() < KEY_LEN || !folded.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let mut root = folded.to_string();
    // Plurals: "resources", "ressources", "travaux" stay comparable.
    if root.len() > KEY_LEN && (root.ends_with('s') || root.ends_with('x')) {
        root.pop();
    }
    if let Some((from, to)) = ENDINGS
        .iter()
        .find(|(from, _)| root.len() > from.len() + 3 && root.ends_with(from))
    {
        root.truncate(root.len() - from.len());
        root.push_str(to);
    }
    // French doubles consonants English writes once ("ressource", "personnel").
    let mut collapsed = String::with_capacity(root.len());
    for c in root.chars() {
        if !collapsed.ends_with(c) {
            collapsed.push(c);
        }
    }
    if collapsed.chars().count() < KEY_LEN {
        return None;
    }
    Some(collapsed.chars().take(KEY_LEN).collect())
}

/// Whether two folded words are likely cognates.
pub fn related(a: &str, b: &str) -> bool {
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cognates_share_a_key() {
        for (en, fr) in [
            ("critical", "critiques"),
            ("resources", "ressources"),
            ("energy", "energie"),
            ("secure", "securiser"),
            ("technology", "technologie"),
            ("strategic", "strategique"),
            ("sectors", "secteurs"),
            ("models", "modeles"),
            ("license", "licence"),
            ("transfer", "transfert"),
        ] {
            assert_eq!(key(en), key(fr), "{en} / {fr}");
            assert!(related(en, fr));
        }
    }

    #[test]
    fn unrelated_and_short_words_do_not_meet() {
        assert!(!related("players", "acteurs"));
        assert!(!related("data", "donnees"));
        assert_eq!(key("big"), None);
        assert_eq!(key("2025"), None);
    }
}
