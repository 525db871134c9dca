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
    // Every word of every paragraph is keyed when indexing: the bytes are read in place, and
    // only the key is allocated.
    let word = folded.as_bytes();
    if word.len() < KEY_LEN || !word.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let mut root = word;
    // Plurals: "resources", "ressources", "travaux" stay comparable.
    if root.len() > KEY_LEN && matches!(root.last(), Some(b's' | b'x')) {
        root = &root[..root.len() - 1];
    }
    let (root, ending) = match ENDINGS
        .iter()
        .find(|(from, _)| root.len() > from.len() + 3 && root.ends_with(from.as_bytes()))
    {
        Some((from, to)) => (&root[..root.len() - from.len()], to.as_bytes()),
        None => (root, &[][..]),
    };
    // French doubles consonants English writes once ("ressource", "personnel").
    let mut key = Vec::with_capacity(KEY_LEN);
    for &c in root.iter().chain(ending) {
        if key.last() != Some(&c) {
            key.push(c);
            if key.len() == KEY_LEN {
                return String::from_utf8(key).ok();
            }
        }
    }
    None
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

    /// The key as first written, with a `String` per step: what [`key`] must still give.
    fn key_as_written_before(folded: &str) -> Option<String> {
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

    #[test]
    fn the_key_read_in_place_is_the_key_as_first_written() {
        let words = "critical critiques resources ressources travaux energy energie securiser \
            technologies strategiquement organisation organization personnel collaborateurs \
            successfully iquement ically abcde abcdes aabbccdd ssssss xxxxxx investissements \
            acquisitions rachetees 2025 big donnees acteurs players modeles transferts eur \
            peurs moteur moteurs electricite electricity";
        for word in words.split_whitespace() {
            assert_eq!(key(word), key_as_written_before(word), "{word}");
        }
        for ending in ENDINGS.iter().map(|(from, _)| *from) {
            for stem in ["a", "ab", "abc", "abcd", "abcde", "rapp", "tt"] {
                for plural in ["", "s", "x"] {
                    let word = format!("{stem}{ending}{plural}");
                    assert_eq!(key(&word), key_as_written_before(&word), "{word}");
                }
            }
        }
    }

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
