//! Text analysis shared by indexing and questions, so both sides of a match see the same terms.
//!
//! One pipeline turns text into terms: words split on anything that is not a letter or digit,
//! French elisions dropped (l', d', qu' … with ASCII or typographic apostrophes), lowercased,
//! domain words mapped to bilingual concepts (`@invest`), stop words dropped, the rest stemmed per
//! language and accent-folded. Numbers are read with their scale ("8,9 milliards" → `8900000000`),
//! currency and percent signs become `@usd`, `@eur`, `@pct`.
//!
//! ```
//! use dealdesk_core::text::{analyze, Lang};
//! let fr: Vec<String> = analyze("8,9 milliards de dollars", Lang::Fr, None).into_iter().map(|t| t.text).collect();
//! let en: Vec<String> = analyze("$8.9B", Lang::En, None).into_iter().map(|t| t.text).collect();
//! assert_eq!(fr, ["8900000000", "@usd"]);
//! assert_eq!(en, ["@usd", "8900000000"]);
//! ```

pub mod acronym;
pub mod cognate;
pub mod dates;
pub mod format;
pub mod gazetteer;
pub mod lang;
pub mod lexicon;
pub mod number;
pub mod quantity;
mod scan;
pub mod sentences;
mod stem_memo;

use frostem::{Algorithm, Stemmer};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

pub use lang::{Lang, detect};
pub use number::Decimal;
use scan::{RawKind, scan};

/// What a term stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// A stemmed (or, without a stemmer, folded) word.
    Word,
    /// A bilingual concept of the lexicon, spelled `@name`.
    Concept,
    /// A number in canonical spelling, scale applied.
    Number,
}

/// One term of analysed text with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub text: String,
    pub kind: TermKind,
    /// Byte range in the analysed text.
    pub from: usize,
    pub to: usize,
    /// Index of the raw token, for phrase positions.
    pub position: usize,
    /// The word was written with a capital or inner capitals ("Intel", "OpenAI", "IA").
    pub capitalized: bool,
    /// The word opened a sentence, where a capital says nothing about names.
    pub sentence_initial: bool,
}

static FRENCH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::new(Algorithm::French));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::new(Algorithm::English));

/// A word's stem by `lang`'s rules, folded: what [`analyze`] gives a word when stemming.
pub fn stem(word: &str, lang: Lang) -> String {
    stem_lowercase(&word.to_lowercase(), lang)
}

/// Lowercase without accents: "Gouvernement Américain" → "gouvernement americain".
pub fn fold(text: &str) -> String {
    // Most text read is plain ASCII (wire copy, names): no decomposition needed.
    if text.is_ascii() {
        let mut out = text.to_ascii_lowercase();
        if out.contains('`') {
            out = out.replace('`', "'");
        }
        return out;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            '’' | '‘' | 'ʼ' | '`' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Analyses `text` written in `lang` (which decides how numbers are read). With `stem`, words
/// are stemmed by that language's rules, else kept whole (the exact analysis for names).
pub fn analyze(text: &str, lang: Lang, stem: Option<Lang>) -> Vec<Term> {
    let mut terms = Vec::with_capacity(expected_terms(text));
    analyze_each(text, lang, |mut term, lower| {
        if let Some(stem) = stem
            && term.kind == TermKind::Word
        {
            term.text = stem_memo::stem(lower.unwrap_or(&term.text), stem);
        }
        terms.push(term);
    });
    terms
}

/// [`analyze`] of `text` without stemming and with `lang`'s, from one scan: (exact, stemmed).
/// Indexing needs both for every paragraph; they differ only in their words.
pub fn analyze_exact_and_stemmed(text: &str, lang: Lang) -> (Vec<Term>, Vec<Term>) {
    let (mut exact, mut stemmed) = (
        Vec::with_capacity(expected_terms(text)),
        Vec::with_capacity(expected_terms(text)),
    );
    analyze_each(text, lang, |term, lower| {
        let stemmed_text = if term.kind == TermKind::Word {
            stem_memo::stem(lower.unwrap_or(&term.text), lang)
        } else {
            term.text.clone()
        };
        stemmed.push(Term {
            text: stemmed_text,
            ..term
        });
        exact.push(term);
    });
    (exact, stemmed)
}

/// About how many terms `text` gives (words of six letters with their space; stop words are
/// not terms): room made once instead of a vector grown by doubling.
fn expected_terms(text: &str) -> usize {
    text.len() / 7 + 1
}

/// The stem of a lowercase word by `lang`'s rules, folded: what [`stem_memo`] remembers.
fn stem_lowercase(lower: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => fold(&FRENCH.stem(lower)),
        Lang::En => fold(&ENGLISH.stem(lower)),
    }
}

/// The exact terms of `text`, each with, for a word not written in ASCII, its lowercase
/// spelling before folding (what a stemmer takes; an ASCII word's is its text).
fn analyze_each(text: &str, lang: Lang, mut emit: impl FnMut(Term, Option<&str>)) {
    for (position, raw) in scan(text, lang).into_iter().enumerate() {
        let mut lowercase = None;
        let (term, kind) = match raw.kind {
            RawKind::Number(value) => (value.to_string(), TermKind::Number),
            RawKind::Symbol(c) => {
                let concept = match c {
                    '$' => "@usd",
                    '€' => "@eur",
                    '£' => "@gbp",
                    _ => "@pct",
                };
                (concept.to_string(), TermKind::Concept)
            }
            RawKind::Word => {
                // Words are letters and digits only: an ASCII word folds to its lowercase.
                let (lower, folded) = if raw.text.is_ascii() {
                    (None, raw.text.to_ascii_lowercase())
                } else {
                    let lower = raw.text.to_lowercase();
                    let folded = fold(&lower);
                    (Some(lower), folded)
                };
                if let Some(concept) = lexicon::concept(&folded) {
                    (format!("@{concept}"), TermKind::Concept)
                } else if lexicon::is_stop_word(&folded) {
                    continue;
                } else {
                    lowercase = lower;
                    (folded, TermKind::Word)
                }
            }
        };
        let term = Term {
            text: term,
            kind,
            from: raw.from,
            to: raw.to,
            position,
            capitalized: raw.capitalized,
            sentence_initial: raw.sentence_initial,
        };
        emit(term, lowercase.as_deref());
    }
}

/// The words and numbers of `text`, folded, with their byte ranges, elided articles dropped and
/// no stop word removed: the raw material for matching multi-word names.
pub fn words(text: &str) -> Vec<(String, usize, usize)> {
    scan(text, Lang::En)
        .into_iter()
        .filter(|t| !matches!(t.kind, RawKind::Symbol(_)))
        .map(|t| (fold(t.text), t.from, t.to))
        .collect()
}

/// The words of `text` that look like names: capitalised where a capital is not required by
/// the sentence, or with inner capitals ("OpenAI"), folded. Used to tell a name in a lowercase
/// question ("combien amazon …") from an ordinary word.
pub fn names(text: &str, lang: Lang) -> Vec<Term> {
    analyze(text, lang, None)
        .into_iter()
        .filter(is_name)
        .collect()
}

/// Whether a term of the exact analysis ([`analyze`] without stemming) looks like a name.
pub fn is_name(t: &Term) -> bool {
    t.kind == TermKind::Word && t.capitalized && !t.sentence_initial
}

/// The figures (canonical numbers) an answer text states, for checking them against citations.
/// Citation markers (`[1]`) are not figures.
pub fn figures(text: &str, lang: Lang) -> Vec<String> {
    static MARKER: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\[\d+\]").expect("a valid literal regex")); // ok: a literal regex, checked by the unit tests
    // Full-width and other compatibility digits ("８０") are read as the digits they stand for.
    let text: String = text.nfkc().collect();
    analyze(&MARKER.replace_all(&text, " "), lang, None)
        .into_iter()
        .filter(|t| t.kind == TermKind::Number)
        .map(|t| t.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, lang: Lang, stem: Option<Lang>) -> Vec<String> {
        analyze(text, lang, stem)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn amounts_meet_across_languages_and_formats() {
        let fr = texts("8,9 milliards de dollars", Lang::Fr, None);
        let en = texts("8.9 billion dollars", Lang::En, None);
        let short = texts("$8.9B", Lang::En, None);
        for list in [&fr, &en, &short] {
            assert!(list.contains(&"8900000000".to_string()), "{list:?}");
            assert!(list.contains(&"@usd".to_string()), "{list:?}");
        }
        assert_eq!(texts("22,4 milliards", Lang::Fr, None), ["22400000000"]);
        assert_eq!(
            texts("160 millions d’actions", Lang::Fr, None),
            ["160000000", "@share"]
        );
        assert_eq!(texts("9,9 %", Lang::Fr, None), ["9.9", "@pct"]);
        assert_eq!(texts("1 000 000 €", Lang::Fr, None), ["1000000", "@eur"]);
        assert_eq!(texts("22,400 million", Lang::En, None), ["22400000000"]);
        assert_eq!(texts("2bn", Lang::En, None), ["2000000000"]);
    }

    #[test]
    fn french_elisions_drop_with_either_apostrophe() {
        for text in [
            "l’intelligence",
            "l'intelligence",
            "d’intelligence",
            "qu'intelligence",
        ] {
            assert_eq!(texts(text, Lang::Fr, None), ["intelligence"], "{text}");
        }
    }

    #[test]
    fn accents_fold_after_stemming() {
        // The French stemmer needs the accents; the index term has none.
        assert_eq!(
            texts("générative", Lang::Fr, Some(Lang::Fr)),
            texts("generative", Lang::Fr, Some(Lang::Fr))
        );
        assert_eq!(texts("États", Lang::Fr, None), ["etats"]);
    }

    #[test]
    fn domain_words_meet_as_concepts() {
        assert_eq!(
            texts("Amazon investit", Lang::Fr, Some(Lang::Fr)),
            texts("Amazon invests", Lang::En, Some(Lang::En))
        );
    }

    #[test]
    fn names_skip_sentence_initial_capitals() {
        let n: Vec<String> = names(
            "Enfin, la société Windsurf a signé avec Google. Cette course",
            Lang::Fr,
        )
        .into_iter()
        .map(|t| t.text)
        .collect();
        assert_eq!(n, ["windsurf", "google"]);
    }

    #[test]
    fn hostile_input_never_panics() {
        for text in [
            "",
            "\"",
            "((",
            "*:",
            "AND -",
            "🚀🚀",
            "مرحبا بالعالم",
            "9,",
            ",9",
            "99999999999999999999999999999999999999999999 milliards",
            "$",
            "l'",
            "’’’",
        ] {
            let _ = analyze(text, Lang::Fr, Some(Lang::Fr));
            let _ = analyze(text, Lang::En, None);
        }
    }
}

#[cfg(test)]
mod stems {
    use super::*;

    /// Words of both languages with the stems the index stores for them. The index is built
    /// with these stems, so a stemmer that stems differently must come with a new
    /// `kb::SCHEMA_VERSION` (the index is then rebuilt) and a new table here.
    #[test]
    fn stems_are_pinned() {
        let stem = |word: &str, lang: Lang| {
            analyze(word, lang, Some(lang))
                .into_iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let got: Vec<String> = [
            ("ressources", Lang::Fr),
            ("critiques", Lang::Fr),
            ("puissance", Lang::Fr),
            ("rentables", Lang::Fr),
            ("renforcer", Lang::Fr),
            ("nationales", Lang::Fr),
            ("centres", Lang::Fr),
            ("resources", Lang::En),
            ("critical", Lang::En),
            ("strengthening", Lang::En),
            ("positions", Lang::En),
            ("securing", Lang::En),
            ("players", Lang::En),
        ]
        .iter()
        .map(|(w, l)| stem(w, *l))
        .collect();
        assert_eq!(
            got,
            [
                "ressourc",
                "critiqu",
                "puissanc",
                "rentabl",
                "renforc",
                "national",
                "centr",
                "resourc",
                "critic",
                "strengthen",
                "posit",
                "secur",
                "player"
            ],
            "the stemmer's output changed: bump kb::SCHEMA_VERSION and update this table"
        );
    }
}
