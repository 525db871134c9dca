//! The index's side of text analysis: each tantivy field's [`FieldAnalysis`], exposed to
//! tantivy as a [`DealTokenizer`], so indexing and questions see the same terms.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::{Lang, Term, TermKind, analyze, analyze_exact_and_stemmed, cognate, is_name};

/// The cognate keys of a text's words (language-neutral: the key is the same in both).
pub fn cognate_terms(text: &str) -> Vec<Term> {
    cognates_of(&analyze(text, Lang::En, None))
}

/// The cognate keys of the words among `exact` (terms of the exact analysis).
fn cognates_of(exact: &[Term]) -> Vec<Term> {
    exact
        .iter()
        .filter(|t| t.kind == TermKind::Word)
        .filter_map(|t| {
            Some(Term {
                text: cognate::key(&t.text)?,
                ..t.clone()
            })
        })
        .collect()
}

/// The name-like words among `exact` (terms of the exact analysis).
fn names_of(exact: &[Term]) -> Vec<Term> {
    exact.iter().filter(|t| is_name(t)).cloned().collect()
}

/// The analyses of the last text this thread's tokenizers saw.
///
/// tantivy gives each analysed field of a document its own copy of the paragraph and tokenizes
/// them one after another on the same indexing thread; each field's analysis used to scan the
/// paragraph again, four times in all. The stemmed and exact fields share one scan in the
/// paragraph's language, and the names and cognates fields one reading it as English (the same
/// scan for an English paragraph). Keyed by the text itself, so it never answers for another.
#[derive(Default)]
struct LastText {
    text: String,
    /// Exact terms, by language read in ([`lang_slot`]).
    exact: [Option<Vec<Term>>; 2],
    /// Stemmed terms, by language.
    stemmed: [Option<Vec<Term>>; 2],
}

thread_local! {
    static LAST_TEXT: std::cell::RefCell<LastText> = std::cell::RefCell::default();
}

fn lang_slot(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::En => 1,
    }
}

/// [`FieldAnalysis::terms`], sharing scans between the fields of one paragraph.
fn shared_terms(analysis: FieldAnalysis, text: &str) -> Vec<Term> {
    LAST_TEXT.with_borrow_mut(|last| {
        if last.text != text {
            *last = LastText {
                text: text.to_string(),
                ..LastText::default()
            };
        }
        let english = lang_slot(Lang::En);
        match analysis {
            FieldAnalysis::Stemmed(lang) => {
                let slot = lang_slot(lang);
                if let Some(stemmed) = &last.stemmed[slot] {
                    return stemmed.clone();
                }
                let (exact, stemmed) = analyze_exact_and_stemmed(text, lang);
                last.exact[slot] = Some(exact);
                last.stemmed[slot] = Some(stemmed.clone());
                stemmed
            }
            FieldAnalysis::Exact(lang) => last.exact[lang_slot(lang)]
                .get_or_insert_with(|| analyze(text, lang, None))
                .clone(),
            FieldAnalysis::Names => {
                names_of(last.exact[english].get_or_insert_with(|| analyze(text, Lang::En, None)))
            }
            FieldAnalysis::Cognates => cognates_of(
                last.exact[english].get_or_insert_with(|| analyze(text, Lang::En, None)),
            ),
        }
    })
}

fn token(t: Term) -> Token {
    Token {
        offset_from: t.from,
        offset_to: t.to,
        position: t.position,
        text: t.text,
        position_length: 1,
    }
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
            FieldAnalysis::Names => names_of(&analyze(text, Lang::En, None)),
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
        let tokens = shared_terms(self.0, text).into_iter().map(token).collect();
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

    /// Paragraphs of both languages with what the analysis treats apart: numbers read by
    /// language, concepts, elisions, stop words, capitals, accents and non-ASCII words.
    const PARAGRAPHS: [(&str, Lang); 6] = [
        (
            "Nvidia a investi 8,9 milliards de dollars dans l'usine d'OpenAI à Abilene, \
             selon Les Échos. Le Groupe Bolloré détient 1,500 actions (12,5 %).",
            Lang::Fr,
        ),
        (
            "Microsoft Corp said on Tuesday it would invest $3.2 billion in Sweden's \
             cloud and AI infrastructure over two years, including 20,000 GPUs.",
            Lang::En,
        ),
        (
            "L’État français et la Caisse des Dépôts ont acquis 34 % de Cœur Énergie \
             pour 1 200 millions d’euros ; l'opération sera close en 2026.",
            Lang::Fr,
        ),
        (
            "Ropak Has 34 Pct Of Buckhorn; it paid 12.50 dlrs a share, or about \
             £1,500,000, to the Bank of Nova Scotia.",
            Lang::En,
        ),
        ("", Lang::Fr),
        (
            "ÉNERGIE 100 % RENOUVELABLE : ENGIE, EDF ET TOTALENERGIES S'ALLIENT",
            Lang::Fr,
        ),
    ];

    #[test]
    fn fields_sharing_scans_get_the_terms_their_own_analysis_gives() {
        // In tantivy's order (the schema's), in reverse, and one field over every text.
        let mut orders: Vec<Vec<FieldAnalysis>> = vec![FieldAnalysis::ALL.to_vec()];
        orders.push(FieldAnalysis::ALL.iter().rev().copied().collect());
        for order in orders {
            for (text, _) in PARAGRAPHS {
                for analysis in &order {
                    assert_eq!(
                        shared_terms(*analysis, text),
                        analysis.terms(text),
                        "{analysis:?} {text}"
                    );
                }
            }
        }
        for analysis in FieldAnalysis::ALL {
            for (text, _) in PARAGRAPHS {
                assert_eq!(shared_terms(analysis, text), analysis.terms(text));
            }
        }
    }

    #[test]
    fn the_tokenizer_streams_the_terms_of_its_analysis() {
        for (text, lang) in PARAGRAPHS {
            for analysis in FieldAnalysis::ALL {
                let mut tokenizer = DealTokenizer(analysis);
                let mut stream = tokenizer.token_stream(text);
                let mut streamed = Vec::new();
                while stream.advance() {
                    streamed.push(stream.token().text.clone());
                }
                let analysed: Vec<String> =
                    analysis.terms(text).into_iter().map(|t| t.text).collect();
                assert_eq!(streamed, analysed, "{analysis:?} {lang:?} {text}");
            }
        }
    }
}
