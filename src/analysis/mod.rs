//! Text analysis shared by indexing and questions, so both sides of a match see the same terms.
//!
//! One pipeline turns text into terms: words split on anything that is not a letter or digit,
//! French elisions dropped (l', d', qu' … with ASCII or typographic apostrophes), lowercased,
//! domain words mapped to bilingual concepts (`@invest`), stop words dropped, the rest stemmed per
//! language and accent-folded. Numbers are read with their scale ("8,9 milliards" → `8900000000`),
//! currency and percent signs become `@usd`, `@eur`, `@pct`.
//!
//! ```
//! use dealdesk::analysis::{analyze, Lang};
//! let fr: Vec<String> = analyze("8,9 milliards de dollars", Lang::Fr, None).into_iter().map(|t| t.text).collect();
//! let en: Vec<String> = analyze("$8.9B", Lang::En, None).into_iter().map(|t| t.text).collect();
//! assert_eq!(fr, ["8900000000", "@usd"]);
//! assert_eq!(en, ["@usd", "8900000000"]);
//! ```

pub mod lang;
pub mod lexicon;
pub mod number;
mod scan;

use frostem::{Algorithm, Stemmer};
use std::sync::LazyLock;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
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

/// Lowercase without accents: "Gouvernement Américain" → "gouvernement americain".
pub fn fold(text: &str) -> String {
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
    let mut terms = Vec::new();
    for (position, raw) in scan(text, lang).into_iter().enumerate() {
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
                let lower = raw.text.to_lowercase();
                let folded = fold(&lower);
                if let Some(concept) = lexicon::concept(&folded) {
                    (format!("@{concept}"), TermKind::Concept)
                } else if lexicon::is_stop_word(&folded) {
                    continue;
                } else {
                    let word = match stem {
                        Some(Lang::Fr) => fold(&FRENCH.stem(&lower)),
                        Some(Lang::En) => fold(&ENGLISH.stem(&lower)),
                        None => folded,
                    };
                    (word, TermKind::Word)
                }
            }
        };
        terms.push(Term {
            text: term,
            kind,
            from: raw.from,
            to: raw.to,
            position,
            capitalized: raw.capitalized,
            sentence_initial: raw.sentence_initial,
        });
    }
    terms
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
        .filter(|t| t.kind == TermKind::Word && t.capitalized && !t.sentence_initial)
        .collect()
}

/// Which analysis a tantivy field uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldAnalysis {
    /// Stemmed words of a text in this language.
    Stemmed(Lang),
    /// Whole folded words and numbers of a text in this language.
    Exact(Lang),
    /// Only the name-like words.
    Names,
}

impl FieldAnalysis {
    pub fn tokenizer_name(self) -> &'static str {
        match self {
            FieldAnalysis::Stemmed(Lang::Fr) => "dd_stem_fr",
            FieldAnalysis::Stemmed(Lang::En) => "dd_stem_en",
            FieldAnalysis::Exact(Lang::Fr) => "dd_exact_fr",
            FieldAnalysis::Exact(Lang::En) => "dd_exact_en",
            FieldAnalysis::Names => "dd_names",
        }
    }

    pub const ALL: [FieldAnalysis; 5] = [
        FieldAnalysis::Stemmed(Lang::Fr),
        FieldAnalysis::Stemmed(Lang::En),
        FieldAnalysis::Exact(Lang::Fr),
        FieldAnalysis::Exact(Lang::En),
        FieldAnalysis::Names,
    ];

    pub fn terms(self, text: &str) -> Vec<Term> {
        match self {
            FieldAnalysis::Stemmed(lang) => analyze(text, lang, Some(lang)),
            FieldAnalysis::Exact(lang) => analyze(text, lang, None),
            // Names carry no numbers, so the language only matters for scanning.
            FieldAnalysis::Names => names(text, Lang::En),
        }
    }
}

/// The tantivy face of [`FieldAnalysis`]: registered under [`FieldAnalysis::tokenizer_name`].
#[derive(Debug, Clone)]
pub struct DealTokenizer(pub FieldAnalysis);

pub struct TermStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for DealTokenizer {
    type TokenStream<'a> = TermStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermStream {
        let tokens = self
            .0
            .terms(text)
            .into_iter()
            .map(|t| Token {
                offset_from: t.from,
                offset_to: t.to,
                position: t.position,
                text: t.text,
                position_length: 1,
            })
            .collect();
        TermStream { tokens, next: 0 }
    }
}

impl TokenStream for TermStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[i]
    }
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
