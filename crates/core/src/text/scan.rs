//! The first pass of analysis: raw words, numbers with their scale, and money/percent signs.

use super::Lang;
use super::number::{Decimal, number_word, scale_of};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RawKind {
    Word,
    Number(Decimal),
    /// `$`, `€`, `£` or `%`.
    Symbol(char),
}

#[derive(Debug, Clone)]
pub struct RawToken<'a> {
    pub kind: RawKind,
    pub text: &'a str,
    pub from: usize,
    pub to: usize,
    pub capitalized: bool,
    pub sentence_initial: bool,
}

/// French articles and pronouns that elide before a vowel: "l’IA", "d’OpenAI", "qu’il".
const ELIDED: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// The longest word [`number_word`] reads ("seventeen").
const LONGEST_NUMBER_WORD: usize = 9;

/// More digits than this are not a figure anyone writes: read as a plain word.
const MAX_DIGITS: usize = 30;

pub fn scan(text: &str, lang: Lang) -> Vec<RawToken<'_>> {
    // Sized up front: grown by doubling, these two were a twentieth of an index build.
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(text.len());
    chars.extend(text.char_indices());
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut sentence_start = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        // ".125 dlrs": a decimal written without its leading zero.
        let bare_decimal = c == '.'
            && chars.get(i + 1).is_some_and(|&(_, d)| d.is_ascii_digit())
            && (i == 0 || !chars[i - 1].1.is_alphanumeric());
        if bare_decimal {
            let (kind, end) = read_number(&chars, i + 1, Lang::En);
            let kind = match kind {
                RawKind::Number(d) => RawKind::Number(d.scaled(-fraction_digits(&chars, i + 1))),
                other => other,
            };
            let (from, to) = (byte_at(i), byte_at(end));
            tokens.push(RawToken {
                kind,
                text: &text[from..to],
                from,
                to,
                capitalized: false,
                sentence_initial: false,
            });
            sentence_start = false;
            i = end;
            continue;
        }
        if c.is_ascii_digit() {
            let (mut kind, mut end) = read_number(&chars, i, lang);
            // A stock quote's fraction: "11-5/8" is 11.625.
            if let (RawKind::Number(whole), Some((fraction, after))) =
                (kind, read_fraction(&chars, end))
            {
                kind = RawKind::Number(whole.plus(fraction));
                end = after;
            }
            let (from, to) = (byte_at(i), byte_at(end));
            tokens.push(RawToken {
                kind,
                text: &text[from..to],
                from,
                to,
                capitalized: false,
                sentence_initial: sentence_start,
            });
            sentence_start = false;
            i = end;
            continue;
        }
        if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].1.is_alphanumeric() {
                i += 1;
            }
            let (from, to) = (byte_at(start), byte_at(i));
            let word = &text[from..to];
            let elides = i + 1 < chars.len()
                && is_apostrophe(chars[i].1)
                && chars[i + 1].1.is_alphabetic()
                && ELIDED.contains(&word.to_lowercase().as_str());
            if elides {
                i += 1;
                continue;
            }
            if let Some((value, end)) = worded_number(&chars, start, i, word) {
                let to = byte_at(end);
                tokens.push(RawToken {
                    kind: RawKind::Number(value),
                    text: &text[from..to],
                    from,
                    to,
                    capitalized: false,
                    sentence_initial: sentence_start,
                });
                sentence_start = false;
                i = end;
                continue;
            }
            let mut letters = word.chars();
            let first_upper = letters.next().is_some_and(char::is_uppercase);
            let inner_upper = letters.any(char::is_uppercase);
            tokens.push(RawToken {
                kind: RawKind::Word,
                text: word,
                from,
                to,
                capitalized: first_upper || inner_upper,
                // A name with inner capitals is a name wherever it stands.
                sentence_initial: sentence_start && !inner_upper,
            });
            sentence_start = false;
            continue;
        }
        match c {
            '$' | '€' | '£' | '%' => {
                let (from, to) = (byte_at(i), byte_at(i + 1));
                tokens.push(RawToken {
                    kind: RawKind::Symbol(c),
                    text: &text[from..to],
                    from,
                    to,
                    capitalized: false,
                    sentence_initial: false,
                });
            }
            // The period of an initial ("U.S. Lines", "J. Smith") ends no sentence.
            '.' => {
                sentence_start = !tokens.last().is_some_and(|t: &RawToken<'_>| {
                    t.to == chars[i].0
                        && t.kind == RawKind::Word
                        && t.text.chars().count() == 1
                        && t.capitalized
                })
            }
            '!' | '?' | '…' | '\n' | ':' | '¿' | '¡' => sentence_start = true,
            _ => {}
        }
        i += 1;
    }
    tokens
}

/// How many digits follow a decimal point at `start`.
fn fraction_digits(chars: &[(usize, char)], start: usize) -> i32 {
    (start..)
        .take_while(|&j| chars.get(j).is_some_and(|&(_, c)| c.is_ascii_digit()))
        .count() as i32
}

/// "-5/8" after a whole number, with a denominator a stock quote uses: the fraction and the
/// index after it.
fn read_fraction(chars: &[(usize, char)], at: usize) -> Option<(Decimal, usize)> {
    let char_at = |i: usize| chars.get(i).map(|&(_, c)| c);
    if char_at(at) != Some('-') {
        return None;
    }
    let num = char_at(at + 1)?.to_digit(10)?;
    if char_at(at + 2) != Some('/') {
        return None;
    }
    let digits: String = (at + 3..)
        .map_while(|j| char_at(j).filter(char::is_ascii_digit))
        .collect();
    let end = at + 3 + digits.len();
    if char_at(end).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let den: u32 = digits.parse().ok()?;
    if !matches!(den, 2 | 4 | 8 | 16 | 32 | 64) || num == 0 || num >= den {
        return None;
    }
    // num/den with den a power of two is an exact decimal of at most 6 places.
    let millionths = u128::from(num) * 1_000_000 / u128::from(den);
    Some((Decimal::new(millionths, -6), end))
}

/// A number written as a word, when a scale or a unit follows ("three mln", "five pct",
/// "deux milliards"): its value and the index after the scale, or after the word when a unit
/// follows. `start..end` is the word at `chars`.
fn worded_number(
    chars: &[(usize, char)],
    start: usize,
    end: usize,
    word: &str,
) -> Option<(Decimal, usize)> {
    // Number words are short and ASCII: the others are not looked up (this runs for every
    // word scanned).
    if word.len() > LONGEST_NUMBER_WORD || !word.is_ascii() {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let value = number_word(&lower)?;
    // A capitalised "One" opening a sentence, or any word glued to more letters, is not read.
    if end - start != lower.chars().count() {
        return None;
    }
    let mut j = end;
    while chars.get(j).is_some_and(|&(_, c)| is_group_space(c)) {
        j += 1;
    }
    if j == end {
        return None;
    }
    let next_len = (j..)
        .take_while(|&k| chars.get(k).is_some_and(|&(_, c)| c.is_alphabetic()))
        .count();
    let next: String = chars[j..j + next_len]
        .iter()
        .map(|&(_, c)| c)
        .collect::<String>()
        .to_lowercase();
    let number = Decimal::new(u128::from(value), 0);
    if let Some(power) = scale_of(&next, false) {
        return Some((number.scaled(power), j + next_len));
    }
    const UNITS: &[&str] = &[
        "pct", "percent", "dlrs", "dlr", "dollars", "dollar", "cts", "cents", "shares", "stg",
        "yen", "crowns", "lire", "marks", "francs", "pounds", "barrels", "euros", "pour",
        "actions", "dollars", "ans", "years",
    ];
    UNITS.contains(&next.as_str()).then_some((number, end))
}

/// Reads a number starting at `start` (a digit): thousands groups and a decimal part by the
/// conventions of `lang`, then an attached or following scale ("8.9B", "8,9 milliards").
/// Returns the token kind and the index after it.
fn read_number(chars: &[(usize, char)], start: usize, lang: Lang) -> (RawKind, usize) {
    let digit_at = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_ascii_digit());
    let run_len = |i: usize| (i..).take_while(|&j| digit_at(j)).count();

    let mut digits = String::new();
    let mut frac_len = 0usize;
    let mut i = start;
    let first = run_len(i);
    digits.extend(chars[i..i + first].iter().map(|&(_, c)| c));
    i += first;
    let mut group_len = first;
    let mut decimal_seen = false;
    while let Some(&(_, sep)) = chars.get(i) {
        let next_run = run_len(i + 1);
        if next_run == 0 {
            break;
        }
        let ends_cleanly = !chars
            .get(i + 1 + next_run)
            .is_some_and(|&(_, c)| c.is_alphanumeric() && !c.is_alphabetic());
        // Only a group of exactly three digits is ambiguous ("1,500", "1.500"): the language
        // decides. "8,9" and "8.9" are decimals in either.
        let thousands_sep = match lang {
            Lang::En => sep == ',',
            Lang::Fr => sep == '.' || is_group_space(sep),
        } || (is_group_space(sep) && lang == Lang::En && sep != ' ');
        let decimal_sep = sep == ',' || sep == '.';
        if thousands_sep && next_run == 3 && group_len <= 3 && !decimal_seen && ends_cleanly {
            // "1 000" or "22,400": the separator groups thousands.
            if is_group_space(sep) && first > 3 {
                break;
            }
            digits.extend(chars[i + 1..i + 4].iter().map(|&(_, c)| c));
            i += 4;
            group_len = 3;
        } else if decimal_sep && !decimal_seen && !(next_run == 3 && thousands_sep) {
            digits.extend(chars[i + 1..i + 1 + next_run].iter().map(|&(_, c)| c));
            frac_len = next_run;
            decimal_seen = true;
            i += 1 + next_run;
        } else {
            break;
        }
    }
    if digits.len() > MAX_DIGITS {
        let end = (i..)
            .take_while(|&j| chars.get(j).is_some_and(|&(_, c)| c.is_alphanumeric()))
            .last()
            .map_or(i, |j| j + 1);
        return (RawKind::Word, end);
    }
    // Proven: at most MAX_DIGITS ASCII digits, which fit in a u128.
    let mantissa: u128 = digits.parse().unwrap_or(0);
    let mut value = Decimal::new(mantissa, -(frac_len as i32));

    // A suffix against the digits: "8.9B", "2bn"; anything else ("4th", "100x") is a word.
    let letters = (i..)
        .take_while(|&j| chars.get(j).is_some_and(|&(_, c)| c.is_alphabetic()))
        .count();
    if letters > 0 {
        let suffix: String = chars[i..i + letters]
            .iter()
            .map(|&(_, c)| c)
            .collect::<String>()
            .to_lowercase();
        let after = i + letters;
        let alnum_follows = chars.get(after).is_some_and(|&(_, c)| c.is_alphanumeric());
        match scale_of(&suffix, true) {
            Some(power) if !alnum_follows => return (RawKind::Number(value.scaled(power)), after),
            _ => {
                let end = (start..)
                    .take_while(|&j| chars.get(j).is_some_and(|&(_, c)| c.is_alphanumeric()))
                    .last()
                    .map_or(after, |j| j + 1);
                return (RawKind::Word, end);
            }
        }
    }
    // A scale word after a space: "8,9 milliards", "8.9 billion".
    let mut j = i;
    while chars.get(j).is_some_and(|&(_, c)| is_group_space(c)) {
        j += 1;
    }
    if j > i {
        let word_len = (j..)
            .take_while(|&k| chars.get(k).is_some_and(|&(_, c)| c.is_alphabetic()))
            .count();
        if word_len > 0 {
            let word: String = chars[j..j + word_len]
                .iter()
                .map(|&(_, c)| c)
                .collect::<String>()
                .to_lowercase();
            if let Some(power) = scale_of(&word, false) {
                value = value.scaled(power);
                i = j + word_len;
            }
        }
    }
    (RawKind::Number(value), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, lang: Lang) -> Vec<String> {
        scan(text, lang)
            .into_iter()
            .map(|t| match t.kind {
                RawKind::Number(d) => format!("#{d}"),
                RawKind::Symbol(c) => c.to_string(),
                RawKind::Word => t.text.to_string(),
            })
            .collect()
    }

    #[test]
    fn reads_numbers_by_language() {
        assert_eq!(kinds("8,9 milliards", Lang::Fr), ["#8900000000"]);
        assert_eq!(kinds("1,500 shares", Lang::En), ["#1500", "shares"]);
        assert_eq!(kinds("1,5 action", Lang::Fr), ["#1.5", "action"]);
        assert_eq!(kinds("8,9 milliards", Lang::En), ["#8900000000"]);
        assert_eq!(kinds("8.9 billion", Lang::Fr), ["#8900000000"]);
        assert_eq!(kinds("1.500 actions", Lang::Fr), ["#1500", "actions"]);
        assert_eq!(kinds("1,500 shares", Lang::Fr), ["#1.5", "shares"]);
        assert_eq!(
            kinds("entre 2023 et 2024", Lang::Fr),
            ["entre", "#2023", "et", "#2024"]
        );
        assert_eq!(kinds("H100 4th", Lang::En), ["H100", "4th"]);
        assert_eq!(kinds("$8.9B.", Lang::En), ["$", "#8900000000"]);
        assert_eq!(kinds("9,9 % du", Lang::Fr), ["#9.9", "%", "du"]);
    }

    #[test]
    fn reads_wire_copy() {
        assert_eq!(
            kinds("about 21 mln dlrs", Lang::En),
            ["about", "#21000000", "dlrs"]
        );
        assert_eq!(
            kinds("at .125 dlrs per share", Lang::En),
            ["at", "#0.125", "dlrs", "per", "share"]
        );
        assert_eq!(
            kinds("up 11-5/8 to 29-3/8.", Lang::En),
            ["up", "#11.625", "to", "#29.375"]
        );
        assert_eq!(kinds("three mln dlrs", Lang::En), ["#3000000", "dlrs"]);
        assert_eq!(kinds("five pct", Lang::En), ["#5", "pct"]);
        assert_eq!(
            kinds("One of the firms", Lang::En),
            ["One", "of", "the", "firms"]
        );
        assert_eq!(kinds("deux milliards", Lang::Fr), ["#2000000000"]);
        assert_eq!(kinds("1987-02-26", Lang::En), ["#1987", "#2", "#26"]);
        assert_eq!(kinds("3.1 billion yen", Lang::En), ["#3100000000", "yen"]);
        assert_eq!(kinds("2.98 bln", Lang::En), ["#2980000000"]);
    }

    #[test]
    fn elision_and_sentence_starts() {
        let toks = scan("l’IA. Amazon a dit qu'OpenAI", Lang::Fr);
        let words: Vec<(&str, bool)> = toks.iter().map(|t| (t.text, t.sentence_initial)).collect();
        assert_eq!(
            words,
            [
                ("IA", false),
                ("Amazon", true),
                ("a", false),
                ("dit", false),
                ("OpenAI", false)
            ]
        );
    }

    #[test]
    fn an_initials_period_ends_no_sentence() {
        let starts = |text: &str| -> Vec<(String, bool)> {
            scan(text, Lang::En)
                .iter()
                .map(|t| (t.text.to_string(), t.sentence_initial))
                .collect()
        };
        assert_eq!(
            starts("Lines of U.S. Lines said."),
            [
                ("Lines".to_string(), true),
                ("of".to_string(), false),
                ("U".to_string(), false),
                ("S".to_string(), false),
                ("Lines".to_string(), false),
                ("said".to_string(), false)
            ]
        );
        // A word's last letter is no initial: "Inc." may end a sentence.
        assert_eq!(starts("Acme Inc. Then")[2], ("Then".to_string(), true));
    }
}
