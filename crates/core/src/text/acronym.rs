//! Names shortened to the starts of their words: "NYMEX" for "New York Mercantile Exchange",
//! "CFTC" for "Commodity Futures Trading Commission".

/// Whether `short` is made of a non-empty start of each of `words`, in order ("nymex" from
/// "new york mercantile exchange").
pub fn prefixes_spell(words: &[String], short: &str) -> bool {
    fn go(words: &[String], short: &str) -> bool {
        match words.split_first() {
            None => short.is_empty(),
            Some((first, rest)) => (1..=first.len().min(short.len())).any(|n| {
                first.is_char_boundary(n)
                    && short.is_char_boundary(n)
                    && first[..n] == short[..n]
                    && go(rest, &short[n..])
            }),
        }
    }
    go(words, short)
}

/// How many letters of its first word a short form keeps at most ("NYMEX": one; "AmEx": two).
const FIRST_WORD_LETTERS: usize = 3;

/// What every short form of `words` starts with: a start of the first word, then the first
/// letter of the second ("ny", "ney", "newy" for "new york …"). Empty for fewer than two
/// words. A dictionary of terms is searched by these, not walked.
pub fn starts(words: &[String]) -> Vec<String> {
    let [first, second, ..] = words else {
        return Vec::new();
    };
    let Some(next) = second.chars().next() else {
        return Vec::new();
    };
    first
        .char_indices()
        .map(|(at, c)| &first[..at + c.len_utf8()])
        .take(FIRST_WORD_LETTERS)
        .map(|start| format!("{start}{next}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn a_short_form_takes_a_start_of_every_word_in_order() {
        let name = words("new york mercantile exchange");
        assert!(prefixes_spell(&name, "nymex"));
        assert!(prefixes_spell(&name, "nyme"));
        assert!(!prefixes_spell(&name, "nym"), "a word left out");
        assert!(!prefixes_spell(&name, "ynmex"), "out of order");
        assert!(prefixes_spell(
            &words("commodity futures trading commission"),
            "cftc"
        ));
    }

    #[test]
    fn starts_are_what_every_short_form_begins_with() {
        let name = words("new york mercantile exchange");
        assert_eq!(starts(&name), ["ny", "ney", "newy"]);
        assert!(
            starts(&name)
                .iter()
                .any(|s| "nymex".starts_with(s.as_str()))
        );
        assert_eq!(starts(&words("émirats arabes")), ["éa", "éma", "émia"]);
        assert!(starts(&words("alone")).is_empty());
    }
}
