//! Questions in, answers out: every [`Answer`] cites the sentences it rests on, or abstains and
//! offers what is nearby — by construction, see [`Outcome`].
//!
//! [`ask`] reads the question ([`question`], [`intent`]); when it asks something of the deal
//! records ([`deals`]) and names entities, the answer is composed from the records; otherwise
//! the best passages are read closely ([`passages`]); when neither answers, the abstention
//! ([`abstain`]) says why and lists what is nearby.

pub mod abstain;
pub mod deals;
mod direction;
pub mod expect;
pub mod intent;
pub mod passages;
pub mod question;
pub mod reader;

use tantivy::{Searcher, Term};

use crate::ids::CitationId;
use crate::kb::{Fields, KbError, KnowledgeBase, StoredPassage};
use crate::model::{Citation, Citations, Deal};
use crate::retrieve::{self, Hit, MAX_QUERY_CHARS};
use crate::text::Lang;
use abstain::{Gap, RELATED};
use deals::DealAnswer;
pub use intent::{Intent, intent_of};
pub use question::{Entity, Question, Vocabulary};

/// How many passages are read closely for support.
const CANDIDATES: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum AskError {
    #[error(
        "the question is empty: ask something, e.g. \"How much did Amazon invest in Anthropic?\""
    )]
    Empty,
    #[error("the question is {0} characters long; the limit is {MAX_QUERY_CHARS}: shorten it")]
    TooLong(usize),
    #[error(transparent)]
    Index(#[from] KbError),
}

impl AskError {
    /// Whether the question itself is at fault (a usage error), rather than the index.
    pub fn is_invalid_question(&self) -> bool {
        matches!(self, AskError::Empty | AskError::TooLong(_))
    }
}

/// Whether an answer rests on citations or abstains: never both, never neither.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The answer's claims rest on these citations (at least one) and deal records.
    Answered {
        citations: Citations,
        deals: Vec<Deal>,
    },
    /// Not in the knowledge base; `related` is what is nearby (possibly nothing).
    Abstained { related: Vec<Citation> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The question answered (after follow-up resolution, see `resolved_from`).
    pub question: String,
    pub language: Lang,
    pub text: String,
    pub outcome: Outcome,
    /// When a follow-up was rewritten (see [`crate::conversation`]), what the user typed;
    /// `question` is then the question answered.
    pub resolved_from: Option<String>,
}

impl Answer {
    pub fn answered(
        question: &str,
        language: Lang,
        text: String,
        citations: Citations,
        deals: Vec<Deal>,
    ) -> Answer {
        Answer {
            question: question.to_string(),
            language,
            text,
            outcome: Outcome::Answered { citations, deals },
            resolved_from: None,
        }
    }

    pub fn abstained(
        question: &str,
        language: Lang,
        text: String,
        related: Vec<Citation>,
    ) -> Answer {
        Answer {
            question: question.to_string(),
            language,
            text,
            outcome: Outcome::Abstained { related },
            resolved_from: None,
        }
    }

    pub fn is_abstained(&self) -> bool {
        matches!(self.outcome, Outcome::Abstained { .. })
    }

    /// The sources of the answer's claims; empty exactly when it abstains.
    pub fn citations(&self) -> &[Citation] {
        match &self.outcome {
            Outcome::Answered { citations, .. } => citations,
            Outcome::Abstained { .. } => &[],
        }
    }

    /// What an abstention offers nearby; empty for an answer.
    pub fn related(&self) -> &[Citation] {
        match &self.outcome {
            Outcome::Answered { .. } => &[],
            Outcome::Abstained { related } => related,
        }
    }

    /// The deal records the answer rests on.
    pub fn deals(&self) -> &[Deal] {
        match &self.outcome {
            Outcome::Answered { deals, .. } => deals,
            Outcome::Abstained { .. } => &[],
        }
    }
}

/// Checks a question's size before any work.
pub fn validate(question: &str) -> Result<&str, AskError> {
    let trimmed = question.trim();
    if trimmed.is_empty() {
        return Err(AskError::Empty);
    }
    let chars = trimmed.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(AskError::TooLong(chars));
    }
    Ok(trimmed)
}

/// The index's vocabulary, as question reading needs it.
struct IndexVocabulary<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
}

impl IndexVocabulary<'_> {
    fn doc_freq(&self, field: tantivy::schema::Field, term: &str) -> u64 {
        self.searcher
            .doc_freq(&Term::from_field_text(field, term))
            .unwrap_or(0)
    }

    fn occurs(&self, field: tantivy::schema::Field, term: &str) -> bool {
        self.doc_freq(field, term) > 0
    }
}

impl Vocabulary for IndexVocabulary<'_> {
    /// A name is a word the sources mostly write as one: "trading" in "Commodity Futures
    /// Trading Commission" does not make "trading" a name.
    fn is_name(&self, term: &str) -> bool {
        let as_name = self.doc_freq(self.fields.names, term);
        let as_word = self
            .doc_freq(self.fields.exact_fr, term)
            .max(self.doc_freq(self.fields.exact_en, term));
        as_name > 0 && as_name * 2 >= as_word
    }

    fn is_known(&self, term: &str) -> bool {
        self.occurs(self.fields.names, term)
            || self.occurs(self.fields.exact_fr, term)
            || self.occurs(self.fields.exact_en, term)
    }

    fn has_cognate(&self, term: &str) -> bool {
        crate::text::cognate::key(term).is_some_and(|k| self.occurs(self.fields.cognates, &k))
    }

    fn short_forms(&self, words: &[String]) -> Vec<String> {
        let mut found = std::collections::BTreeSet::new();
        for start in crate::text::acronym::starts(words) {
            let end = format!("{start}{}", char::MAX);
            for segment in self.searcher.segment_readers() {
                // A segment that cannot be read here is read, and reported, by the search.
                let Ok(index) = segment.inverted_index(self.fields.names) else {
                    continue;
                };
                let Ok(mut terms) = index
                    .terms()
                    .range()
                    .ge(start.as_bytes())
                    .lt(end.as_bytes())
                    .into_stream()
                else {
                    continue;
                };
                while terms.advance() {
                    if let Ok(term) = std::str::from_utf8(terms.key())
                        && crate::text::acronym::prefixes_spell(words, term)
                    {
                        found.insert(term.to_string());
                    }
                }
            }
        }
        found.into_iter().collect()
    }
}

/// Reads `text` against the knowledge base's names and entities.
pub fn read_question(kb: &KnowledgeBase, searcher: &Searcher, text: &str) -> Question {
    let vocabulary = IndexVocabulary {
        searcher,
        fields: kb.fields(),
    };
    Question::parse(text, &vocabulary, &kb.catalog().entities)
}

/// Answers `question` from the knowledge base: from the deal records when it asks about deals,
/// else from the passages.
pub fn ask(kb: &KnowledgeBase, question: &str) -> Result<Answer, AskError> {
    let text = validate(question)?;
    let searcher = kb.searcher();
    let catalog = kb.catalog();
    let q = read_question(kb, &searcher, text);
    let search = || {
        retrieve::search_both_languages(
            &searcher,
            kb.fields(),
            &q.search_text(&catalog.entities),
            q.lang,
            CANDIDATES,
        )
    };
    // A French name of a place or a body ("OPEP", "Koweït") is known under its English one:
    // the reader looks for both.
    // A name the sources may write otherwise ("Brazil" for "Brazilian", "West Texas
    // Intermediate" for "WTI") is left to the reader.
    if q.entities
        .iter()
        .any(|e| !e.known && !question::may_be_written_otherwise(e))
    {
        let unknown = q.unknown_names().iter().map(|s| s.to_string()).collect();
        return Ok(abstain::abstain(&q, &search()?, Gap::Unknown(unknown)));
    }
    // Names the entity table does not know make it a question about the articles, not the
    // records.
    let records_question = q.entities.is_empty();
    if let Some(query) =
        deals::query::understand(text, q.lang, &q.links).filter(|_| records_question)
    {
        let d = deals::answer(&query, q.lang, &catalog.deals, &catalog.entities);
        // Passages are only needed to offer something nearby when the records do not answer.
        let Outcome::Abstained { .. } = d.outcome else {
            return Ok(from_deals(&q, d, &[]));
        };
        let hits = search()?;
        // The records hold the entities but not the kind of fact asked (a revenue, a
        // valuation, a price…), which they have no field for: the passages may hold it.
        if !query.ask.is_aggregate()
            && asks_beyond_records(&q)
            && let reader_answer = read_passages(kb, &q, &hits)
            && !reader_answer.is_abstained()
        {
            return Ok(reader_answer);
        }
        return Ok(from_deals(&q, d, &hits));
    }
    let hits = search()?;
    Ok(read_passages(kb, &q, &hits))
}

/// Whether a question asks a fact deal records have no field for: a revenue, a profit, a
/// valuation, a price, a growth rate.
fn asks_beyond_records(q: &Question) -> bool {
    const BEYOND: &[&str] = &[
        "@revenue",
        "@profit",
        "@loss",
        "@price",
        "@growth",
        "@rate",
        "@debt",
        "@spending",
    ];
    let folded = crate::text::fold(&q.text);
    crate::text::analyze(&q.text, q.lang, None)
        .iter()
        .any(|t| BEYOND.contains(&t.text.as_str()))
        || ["valuation", "valorisation", "valued at", "valorise"]
            .iter()
            .any(|w| folded.contains(w))
}

/// The passages' answer: the typed reader first, then the sentence quoter; an abstention says
/// only what the reading found.
fn read_passages(kb: &KnowledgeBase, q: &Question, hits: &[Hit]) -> Answer {
    let with_leads = with_leads(kb, hits);
    let hits = with_leads.as_slice();
    let sources = KbSources {
        kb,
        leads: std::cell::RefCell::new(std::collections::HashMap::new()),
    };
    if intent::is_digest(&q.text)
        && let Some(digest) = reader::digest(q, hits)
    {
        return digest;
    }
    match reader::read(q, hits, &sources) {
        reader::Reading::Answer(a) => a,
        // A question that wants a kind of fact is answered by the reader or not at all: a
        // quoted sentence without that fact would be no answer.
        reader::Reading::Abstain(reader::Missing::Fact(want, names)) => {
            abstain::abstain(q, hits, Gap::Lacks(want, names))
        }
        reader::Reading::Abstain(reader::Missing::Together(names)) if reader::is_typed(q) => {
            abstain::abstain(q, hits, Gap::NotTogether(names))
        }
        reader::Reading::Abstain(reader::Missing::Typed) => {
            let quoted = passages::answer_from(q, hits, &sources);
            if quoted.is_abstained() {
                quoted
            } else {
                abstain::abstain(q, hits, Gap::Nothing)
            }
        }
        reader::Reading::Abstain(_) => passages::answer_from(q, hits, &sources),
    }
}

/// How many of the best articles have their lead read too.
const LEADS: usize = 3;

/// `hits`, then the lead paragraphs of the [`LEADS`] best articles that are not among them: a
/// news story's lead states its main facts ("Saudi crude oil output last month fell to…"),
/// often in other words than the question's.
fn with_leads(kb: &KnowledgeBase, hits: &[Hit]) -> Vec<Hit> {
    let mut out = hits.to_vec();
    let mut articles: Vec<&crate::ids::ArticleId> = Vec::new();
    for h in hits {
        if articles.len() >= LEADS {
            break;
        }
        if !articles.contains(&h.passage.article_id()) {
            articles.push(h.passage.article_id());
        }
    }
    for article in articles {
        if hits
            .iter()
            .any(|h| h.passage.article_id() == article && h.passage.paragraph() == 1)
        {
            continue;
        }
        if let Ok(Some(lead)) = kb.passage(article.as_str(), 1) {
            out.push(Hit {
                score: 0.0,
                passage: lead,
            });
        }
    }
    out
}

/// The knowledge base as the reader consults it: leads of articles (cached per question) and
/// the records' summaries of the sentences they cite.
struct KbSources<'a> {
    kb: &'a KnowledgeBase,
    leads: std::cell::RefCell<std::collections::HashMap<crate::ids::ArticleId, String>>,
}

impl reader::Sources for KbSources<'_> {
    fn lead(&self, hit: &Hit) -> String {
        let article = hit.passage.article_id().clone();
        self.leads
            .borrow_mut()
            .entry(article.clone())
            .or_insert_with(|| {
                self.kb
                    .passage(article.as_str(), 1)
                    .ok()
                    .flatten()
                    .map(|p| p.text)
                    .unwrap_or_default()
            })
            .clone()
    }

    fn summary(&self, sentence: &CitationId, lang: Lang) -> Option<String> {
        self.kb
            .catalog()
            .deals
            .iter()
            .find(|d| &d.cites == sentence)
            .map(|d| d.terms(lang).to_string())
    }
}

fn from_deals(q: &Question, d: DealAnswer, hits: &[Hit]) -> Answer {
    match d.outcome {
        Outcome::Answered { citations, deals } => {
            Answer::answered(&q.text, q.lang, d.text, citations, deals)
        }
        Outcome::Abstained { mut related } => {
            // Nearby: the records' sources first, then passages.
            for h in hits {
                if related.len() >= RELATED {
                    break;
                }
                if !related.iter().any(|c| c.id.passage_id() == h.passage.id) {
                    related.push(citation(
                        related.len() + 1,
                        &h.passage,
                        None,
                        &h.passage.text,
                    ));
                }
            }
            Answer::abstained(&q.text, q.lang, d.text, related)
        }
    }
}

/// A citation of a passage's sentence `sentence`, or of the whole passage.
fn citation(n: usize, passage: &StoredPassage, sentence: Option<u32>, text: &str) -> Citation {
    let id = match sentence {
        Some(s) => CitationId::sentence_of(passage.article_id().clone(), passage.paragraph(), s),
        None => passage.id.clone(),
    };
    Citation {
        n,
        id,
        title: passage.title.clone(),
        heading: passage.heading.clone(),
        url: passage.url.clone(),
        text: text.to_string(),
    }
}
