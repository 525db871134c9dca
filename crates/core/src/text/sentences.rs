//! Splitting a paragraph into sentences, each addressable as `#pN.sM` with its offsets.

use std::ops::Range;

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "dr", "mr", "mrs", "ms", "st", "ste", "jr", "sr", "inc",
    "corp", "ltd", "co", "no", "vs", "etc", "cf", "ex", "env", "approx", "p", "av", "apr", "j.-c",
    "u.s", "e.g", "i.e", "s.a", "n.v",
];

/// A sentence of a paragraph: byte range for slicing, character range for people and programs
/// that count characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// 1-based number within the paragraph.
    pub n: u32,
    pub bytes: Range<usize>,
    pub chars: Range<usize>,
}

fn closes(c: char) -> bool {
    matches!(c, '"' | '»' | '”' | '’' | ')' | ']' | '\'')
}

fn opens_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '«' | '"' | '“' | '(' | '[' | '—' | '-' | '¿' | '¡')
}

/// Splits `text` into sentences (trimmed, in order, covering every non-blank character).
pub fn split(text: &str) -> Vec<Sentence> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut start = 0usize; // char index
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i].1;
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut end = i + 1;
            while end < chars.len()
                && (matches!(chars[end].1, '.' | '!' | '?' | '…') || closes(chars[end].1))
            {
                end += 1;
            }
            let mut next = end;
            while next < chars.len() && chars[next].1.is_whitespace() {
                next += 1;
            }
            let boundary = next > end
                && next < chars.len()
                && opens_sentence(chars[next].1)
                && !(c == '.' && is_abbreviation(&chars[start..i]));
            if boundary {
                ranges.push(start..end);
                start = next;
                i = next;
                continue;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    if start < chars.len() {
        ranges.push(start..chars.len());
    }
    let byte_at = |ci: usize| chars.get(ci).map_or(text.len(), |&(b, _)| b);
    ranges
        .into_iter()
        .filter_map(|r| {
            // Trim whitespace inside the range, in characters.
            let mut s = r.start;
            let mut e = r.end;
            while s < e && chars[s].1.is_whitespace() {
                s += 1;
            }
            while e > s && chars[e - 1].1.is_whitespace() {
                e -= 1;
            }
            (s < e).then(|| (byte_at(s)..byte_at(e), s..e))
        })
        .enumerate()
        .map(|(k, (bytes, chars))| Sentence {
            n: k as u32 + 1,
            bytes,
            chars,
        })
        .collect()
}

/// Whether the word just before a period (within `sentence`) is an abbreviation or an initial.
fn is_abbreviation(sentence: &[(usize, char)]) -> bool {
    let word: String = sentence
        .iter()
        .rev()
        .take_while(|&&(_, c)| !c.is_whitespace() && c != '(')
        .map(|&(_, c)| c)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let lower = word.to_lowercase();
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    // "E.F", "C.A", "H.W": initials joined by periods.
    let initials = word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase));
    single_initial || initials || ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|s| &text[s.bytes]).collect()
    }

    #[test]
    fn splits_on_sentence_ends_only() {
        let p = "En août, l’État a investi 8,9 milliards. Le même mois, SoftBank a signé. Fin";
        assert_eq!(
            texts(p),
            [
                "En août, l’État a investi 8,9 milliards.",
                "Le même mois, SoftBank a signé.",
                "Fin"
            ]
        );
    }

    #[test]
    fn keeps_decimals_abbreviations_and_initials() {
        assert_eq!(
            texts("The U.S. government paid $8.9 billion. Mr. J. Smith agreed."),
            [
                "The U.S. government paid $8.9 billion.",
                "Mr. J. Smith agreed."
            ]
        );
        assert_eq!(
            texts("A unit of E.F. Hutton Group Inc said C.A. Thomas agreed. Done."),
            [
                "A unit of E.F. Hutton Group Inc said C.A. Thomas agreed.",
                "Done."
            ]
        );
        assert_eq!(
            texts("Prix: 2.5 M. Dupont a dit."),
            ["Prix: 2.5 M. Dupont a dit."]
        );
    }

    #[test]
    fn offsets_are_characters_and_bytes() {
        let text = "Été. Août.";
        let s = split(text);
        assert_eq!(s[1].chars, 5..10);
        assert_eq!(&text[s[1].bytes.clone()], "Août.");
        assert_eq!(s[1].n, 2);
    }

    #[test]
    fn quotes_and_question_marks() {
        assert_eq!(
            texts("Il a dit « oui. » Puis ? Non!"),
            ["Il a dit « oui. » Puis ?", "Non!"]
        );
    }
}
