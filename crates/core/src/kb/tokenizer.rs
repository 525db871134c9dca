//! The index's side of text analysis: each tantivy field's [`FieldAnalysis`], exposed to
//! tantivy as a [`DealTokenizer`], so indexing and questions see the same terms.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::{Lang, Term, TermKind, analyze, cognate, names};

/// The cognate keys of a text's words (language-neutral: the key is the same in both).
pub fn cognate_terms(text: &str) -> Vec<Term> {
    analyze(text, Lang::En, None)
        .into_iter()
        .filter(|t| t.kind == TermKind::Word)
        .filter_map(|mut t| {
            t.text = cognate::key(&t.text)?;
            Some(t)
        })
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
    /// The cognate keys of the words ([`crate::text::cognate`]).
    Cognates,
}

impl FieldAnalysis {
    pub fn tokenizer_name(self) -> &'static str {
        match self {
            FieldAnalysis::Stemmed(Lang::Fr) => "dd_stem_fr",
            FieldAnalysis::Stemmed(Lang::En) => "dd_stem_en",
            FieldAnalysis::Exact(Lang::Fr) => "dd_exact_fr",
            FieldAnalysis::Exact(Lang::En) => "dd_exact_en",
            FieldAnalysis::Names => "dd_names",
            FieldAnalysis::Cognates => "dd_cognates",
        }
    }

    pub const ALL: [FieldAnalysis; 6] = [
        FieldAnalysis::Stemmed(Lang::Fr),
        FieldAnalysis::Stemmed(Lang::En),
        FieldAnalysis::Exact(Lang::Fr),
        FieldAnalysis::Exact(Lang::En),
        FieldAnalysis::Names,
        FieldAnalysis::Cognates,
    ];

    pub fn terms(self, text: &str) -> Vec<Term> {
        match self {
            FieldAnalysis::Stemmed(lang) => analyze(text, lang, Some(lang)),
            FieldAnalysis::Exact(lang) => analyze(text, lang, None),
            // Names carry no numbers, so the language only matters for scanning.
            FieldAnalysis::Names => names(text, Lang::En),
            FieldAnalysis::Cognates => cognate_terms(text),
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
