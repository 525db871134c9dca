//! The index's side of text analysis: each tantivy field's [`FieldAnalysis`], exposed to
//! tantivy as a [`DealTokenizer`], so indexing and questions see the same terms.

use std::rc::Rc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::{Lang, Term, TermKind, analyze, analyze_exact_and_stemmed, cognate, is_name};

/// The cognate keys of a text's words (language-neutral: the key is the same in both).
pub fn cognate_terms(text: &str) -> Vec<Term> {
    cognates_of(&analyze(text, Lang::En, None))
}

/// The cognate keys of the words among `exact` (terms of the exact analysis).
fn cognates_of(exact: &[Term]) -> Vec<Term> {
    numbered(
        exact
            .iter()
            .filter(|t| t.kind == TermKind::Word)
            .filter_map(|t| {
                Some(Term {
                    text: cognate::key(&t.text)?,
                    ..*t
                })
            }),
    )
}

/// The name-like words among `exact` (terms of the exact analysis).
fn names_of(exact: &[Term]) -> Vec<Term> {
    numbered(exact.iter().filter(|t| is_name(t)).cloned())
}

/// `terms` numbered in their order. The names and cognates fields keep no positions; numbered
/// so, their terms are the same whichever language read the text: the language only decides
/// how digit groups are read ("1 000", "1.500"), which moves the positions of the tokens after
/// them, never a word or its capitals.
fn numbered(terms: impl Iterator<Item = Term>) -> Vec<Term> {
    terms
        .enumerate()
        .map(|(position, term)| Term { position, ..term })
        .collect()
}

/// The analyses of the last text this thread's tokenizers saw.
///
/// tantivy gives each analysed field of a document its own copy of the paragraph and tokenizes
/// them one after another on the same indexing thread; each field's analysis used to scan the
/// paragraph again, four times in all. All four now share one scan in the paragraph's
/// language (the names and cognates fields are the same from either reading: [`numbered`]);
/// a text no stemmed field read first, a title say, is read as English. Keyed by the text
/// itself, so it never answers for another.
/// Shared with the token streams, not copied: a copy of every term for every field was a
/// tenth of the build's allocations.
#[derive(Default)]
struct LastTexts {
    /// The last text a stemmed field read: a paragraph.
    paragraph: LastText,
    /// The last other text: a heading or a title, which the names field reads between the
    /// paragraph's stemmed and exact fields and its own reading of the paragraph. Kept apart
    /// so that it does not push the paragraph out (it made a second scan of every paragraph
    /// of an article whose title is not in Title Case, as French headlines are not).
    other: LastText,
}

#[derive(Default)]
struct LastText {
    text: String,
    /// Exact terms, by language read in ([`lang_slot`]).
    exact: [Option<Rc<Vec<Term>>>; 2],
    /// Stemmed terms, by language.
    stemmed: [Option<Rc<Vec<Term>>>; 2],
}

thread_local! {
    static LAST_TEXTS: std::cell::RefCell<LastTexts> = std::cell::RefCell::default();
}

fn lang_slot(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::En => 1,
    }
}

/// [`FieldAnalysis::terms`], sharing scans between the fields of one paragraph.
fn shared_terms(analysis: FieldAnalysis, text: &str) -> Rc<Vec<Term>> {
    LAST_TEXTS.with_borrow_mut(|texts| {
        let last = if texts.paragraph.text == text {
            &mut texts.paragraph
        } else if texts.other.text == text {
            &mut texts.other
        } else {
            let slot = match analysis {
                FieldAnalysis::Stemmed(_) => &mut texts.paragraph,
                _ => &mut texts.other,
            };
            *slot = LastText {
                text: text.to_string(),
                ..LastText::default()
            };
            slot
        };
        // Names and cognates come out the same from either reading ([`numbered`]): the
        // paragraph's own, made for its stemmed and exact fields, serves them, and a French
        // paragraph is not scanned a second time as English.
        let any_reading = |last: &mut LastText| {
            let english = lang_slot(Lang::En);
            if last.exact[english].is_none()
                && let Some(read) = &last.exact[lang_slot(Lang::Fr)]
            {
                return Rc::clone(read);
            }
            Rc::clone(
                last.exact[english].get_or_insert_with(|| Rc::new(analyze(text, Lang::En, None))),
            )
        };
        match analysis {
            FieldAnalysis::Stemmed(lang) => {
                let slot = lang_slot(lang);
                if let Some(stemmed) = &last.stemmed[slot] {
                    return Rc::clone(stemmed);
                }
                let (exact, stemmed) = analyze_exact_and_stemmed(text, lang);
                let stemmed = Rc::new(stemmed);
                last.exact[slot] = Some(Rc::new(exact));
                last.stemmed[slot] = Some(Rc::clone(&stemmed));
                stemmed
            }
            FieldAnalysis::Exact(lang) => Rc::clone(
                last.exact[lang_slot(lang)]
                    .get_or_insert_with(|| Rc::new(analyze(text, lang, None))),
            ),
            FieldAnalysis::Names => Rc::new(names_of(&any_reading(last))),
            FieldAnalysis::Cognates => Rc::new(cognates_of(&any_reading(last))),
        }
    })
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

/// The terms of one analysis as tantivy tokens, one at a time, in one reused token.
pub struct TermStream {
    terms: Rc<Vec<Term>>,
    next: usize,
    token: Token,
}

impl Tokenizer for DealTokenizer {
    type TokenStream<'a> = TermStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermStream {
        TermStream {
            terms: shared_terms(self.0, text),
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for TermStream {
    fn advance(&mut self) -> bool {
        let Some(term) = self.terms.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.offset_from = term.from;
        self.token.offset_to = term.to;
        self.token.position = term.position;
        self.token.position_length = 1;
        self.token.text.clear();
        self.token.text.push_str(&term.text);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
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
                        *shared_terms(*analysis, text),
                        analysis.terms(text),
                        "{analysis:?} {text}"
                    );
                }
            }
        }
        for analysis in FieldAnalysis::ALL {
            for (text, _) in PARAGRAPHS {
                assert_eq!(*shared_terms(analysis, text), analysis.terms(text));
            }
        }
        // As a paragraph is indexed: only its own language's stemmed and exact fields, so a
        // French one is read in French alone.
        for (text, lang) in PARAGRAPHS {
            for analysis in [
                FieldAnalysis::Stemmed(lang),
                FieldAnalysis::Exact(lang),
                FieldAnalysis::Names,
                FieldAnalysis::Cognates,
            ] {
                assert_eq!(
                    *shared_terms(analysis, text),
                    analysis.terms(text),
                    "{analysis:?} {lang:?} {text}"
                );
            }
        }
    }

    #[test]
    fn a_title_read_between_a_paragraphs_fields_does_not_cost_it_a_second_scan() {
        let (paragraph, lang) = PARAGRAPHS[0];
        let title =
            "Nvidia, OpenAI, AMD et Oracle : les géants de la tech multiplient les milliards";
        // tantivy's order for a passage of an article whose title is not in Title Case.
        for analysis in [
            FieldAnalysis::Stemmed(lang),
            FieldAnalysis::Exact(lang),
            FieldAnalysis::Names,
        ] {
            assert_eq!(
                *shared_terms(analysis, paragraph),
                analysis.terms(paragraph)
            );
            let names = FieldAnalysis::Names;
            assert_eq!(*shared_terms(names, title), names.terms(title));
        }
        for analysis in [FieldAnalysis::Names, FieldAnalysis::Cognates] {
            assert_eq!(
                *shared_terms(analysis, paragraph),
                analysis.terms(paragraph)
            );
        }
        // The French reading served the names and cognates: no English one was made.
        LAST_TEXTS.with_borrow(|texts| {
            assert_eq!(texts.paragraph.text, paragraph);
            assert!(texts.paragraph.exact[lang_slot(Lang::Fr)].is_some());
            assert!(texts.paragraph.exact[lang_slot(Lang::En)].is_none());
        });
    }

    #[test]
    fn names_and_cognates_are_the_same_whichever_language_reads_the_text() {
        let digit_groups = [
            "Intel paid 1234.567 dollars to Nvidia. Altera kept 1.500 shares.",
            "Le groupe Orange emploie 12 500 salariés ; Capgemini 1 000 000 000 d'euros.",
            "ÉNERGIE 100 % RENOUVELABLE. 3 000 Milliards Pour Mistral, 1,500 pour Kyutai.",
            "Siemens Energy 22,400 mln, 8.9 bn ou 8,9 milliards. Technologies critiques.",
        ];
        let texts = PARAGRAPHS.iter().map(|(text, _)| *text).chain(digit_groups);
        for text in texts {
            let (french, english) = (analyze(text, Lang::Fr, None), analyze(text, Lang::En, None));
            assert_eq!(names_of(&french), names_of(&english), "{text}");
            assert_eq!(cognates_of(&french), cognates_of(&english), "{text}");
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
                    let token = stream.token();
                    streamed.push((
                        token.text.clone(),
                        token.offset_from..token.offset_to,
                        token.position,
                        token.position_length,
                    ));
                }
                assert!(!stream.advance(), "the stream ended, and stays ended");
                let analysed: Vec<_> = analysis
                    .terms(text)
                    .into_iter()
                    .map(|t| (t.text, t.from..t.to, t.position, 1))
                    .collect();
                assert_eq!(streamed, analysed, "{analysis:?} {lang:?} {text}");
            }
        }
    }
}
