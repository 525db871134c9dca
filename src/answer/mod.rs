//! Questions in, answers out: every answer cites the sentences it rests on, or abstains and
//! offers the nearby passages it did find.
//!
//! The extractive answerer quotes the best-supported sentences; it never writes a figure of its
//! own, so every figure in an answer is in a cited text. A passage supports a question only when
//! it holds all of the question's names and figures together, enough of its other words, and the
//! kind of fact asked for (an amount for "how much", a date for "when").

pub mod question;

use std::collections::HashSet;

use crate::analysis::{Lang, TermKind, analyze, lexicon};
use crate::deals::Deal;
use crate::deals::answer::DealAnswer;
use crate::ids::CitationId;
use crate::kb::{KbError, KnowledgeBase, StoredPassage};
use crate::retrieve::{self, Hit, MAX_QUERY_CHARS};
pub use question::{Entity, Intent, Question};

/// How many passages are read closely for support.
const CANDIDATES: usize = 8;
/// How many nearby passages an abstention offers.
const RELATED: usize = 3;
/// The most sentences one answer quotes.
const MAX_QUOTES: usize = 3;

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

/// A piece of the corpus an answer rests on (or, for `related`, one that is nearby).
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// The marker number, from 1.
    pub n: usize,
    /// `article#pN.sM` for a sentence, `article#pN` for a whole paragraph.
    pub id: CitationId,
    pub title: String,
    pub heading: Option<String>,
    pub url: Option<String>,
    /// The cited sentence or paragraph, exactly as in the corpus.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub question: String,
    pub language: Lang,
    pub text: String,
    pub abstained: bool,
    pub citations: Vec<Citation>,
    pub related: Vec<Citation>,
    /// The deal records the answer rests on.
    pub deals: Vec<Deal>,
    /// When a follow-up was rewritten (see [`crate::conversation`]), what the user typed;
    /// `question` is then the question answered.
    pub resolved_from: Option<String>,
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

/// Answers `question` from the knowledge base: from the deal records when it asks about deals,
/// else from the passages.
pub fn ask(kb: &KnowledgeBase, question: &str) -> Result<Answer, AskError> {
    let text = validate(question)?;
    let searcher = kb.searcher();
    let catalog = kb.catalog();
    let q = Question::parse(text, &searcher, kb.fields(), &catalog.entities);
    let search = || {
        retrieve::search(
            &searcher,
            kb.fields(),
            &q.search_text(&catalog.entities),
            q.lang,
            CANDIDATES,
        )
    };
    if !q.unknown_names().is_empty() {
        let unknown = q.unknown_names().iter().map(|s| s.to_string()).collect();
        return Ok(abstain(&q, &search()?, Gap::Unknown(unknown)));
    }
    if let Some(query) = crate::deals::question::understand(text, q.lang, &q.links) {
        let d = crate::deals::answer::answer(&query, q.lang, &catalog.deals, &catalog.entities);
        // Passages are only needed to offer something nearby when the records do not answer.
        let hits = if d.abstained { search()? } else { Vec::new() };
        return Ok(from_deals(&q, d, &hits));
    }
    let hits = search()?;
    Ok(answer_from(&q, &hits))
}

fn from_deals(q: &Question, d: DealAnswer, hits: &[Hit]) -> Answer {
    if d.abstained {
        // Nearby: the records' sources first, then passages.
        let mut related = d.citations;
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
        return Answer {
            question: q.text.clone(),
            language: q.lang,
            text: d.text,
            abstained: true,
            citations: Vec::new(),
            related,
            deals: Vec::new(),
            resolved_from: None,
        };
    }
    Answer {
        question: q.text.clone(),
        language: q.lang,
        text: d.text,
        abstained: false,
        citations: d.citations,
        related: Vec::new(),
        deals: d.deals,
        resolved_from: None,
    }
}

/// A sentence of a candidate passage with the terms it holds.
struct Scored<'a> {
    passage: &'a StoredPassage,
    sentence: u32,
    text: &'a str,
    exact: HashSet<String>,
    stemmed: HashSet<String>,
}

impl Scored<'_> {
    fn has(&self, term: &str) -> bool {
        self.exact.contains(term) || self.stemmed.contains(term)
    }

    fn satisfies(&self, intent: Intent) -> bool {
        let is_year =
            |t: &str| t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y));
        match intent {
            Intent::Amount | Intent::Count => self
                .exact
                .iter()
                .any(|t| t.parse::<f64>().is_ok() && !is_year(t)),
            Intent::Stake => self.exact.contains("@pct"),
            Intent::Date => self
                .exact
                .iter()
                .any(|t| is_year(t) || lexicon::month_of_concept(t).is_some()),
            Intent::General => true,
        }
    }
}

fn sentences_of(passage: &StoredPassage) -> Vec<Scored<'_>> {
    passage
        .sentences()
        .into_iter()
        .map(|s| {
            let text = &passage.text[s.bytes];
            let terms = |stem: Option<Lang>| {
                analyze(text, passage.lang, stem)
                    .into_iter()
                    .map(|t| t.text)
                    .collect()
            };
            Scored {
                passage,
                sentence: s.n,
                text,
                exact: terms(None),
                stemmed: terms(Some(passage.lang)),
            }
        })
        .collect()
}

/// Why no passage answered, for the abstention's wording.
enum Gap {
    /// These names are nowhere in the knowledge base.
    Unknown(Vec<String>),
    /// The names occur, but never together with what was asked.
    NotTogether(Vec<String>),
    /// A passage is about it but does not give the kind of fact asked for.
    NoFact(Intent),
    Nothing,
}

pub fn answer_from(q: &Question, hits: &[Hit]) -> Answer {
    let mut best: Option<(f32, Vec<&Scored>)> = None;
    let candidates: Vec<Vec<Scored>> = hits.iter().map(|h| sentences_of(&h.passage)).collect();
    let mut gap = Gap::Nothing;

    for (rank, sentences) in candidates.iter().enumerate() {
        let Some(first) = sentences.first() else {
            continue;
        };
        let lang = first.passage.lang;
        let content: HashSet<String> = q.content_terms(lang);
        let in_passage = |term: &str| sentences.iter().any(|s| s.has(term));
        let linked_ok = q.linked_names.iter().all(|(_, names)| {
            names
                .iter()
                .any(|terms| terms.iter().all(|t| in_passage(t)))
        });
        let names_ok = linked_ok
            && q.entities.iter().all(|e| in_passage(&e.term))
            && q.numbers.iter().all(|n| in_passage(n));
        let matched = content.iter().filter(|t| in_passage(t)).count();
        let coverage = if content.is_empty() {
            1.0
        } else {
            matched as f32 / content.len() as f32
        };
        let words_ok = if q.entities.is_empty() && q.numbers.is_empty() && q.linked_names.is_empty()
        {
            matched >= 2 && coverage >= 0.6
        } else {
            coverage >= 0.5
        };
        if !(names_ok && words_ok) {
            continue;
        }
        // Quote the sentences that carry the answer: the best one, then any needed for names it lacks.
        let score = |s: &Scored| {
            let linked = q
                .linked_names
                .iter()
                .filter(|(_, names)| names.iter().any(|terms| terms.iter().all(|t| s.has(t))))
                .count();
            let names = linked
                + q.entities.iter().filter(|e| s.has(&e.term)).count()
                + q.numbers.iter().filter(|n| s.has(n)).count();
            let words = content.iter().filter(|t| s.has(t)).count();
            3.0 * names as f32 + words as f32 + if s.satisfies(q.intent) { 2.0 } else { 0.0 }
        };
        let mut ranked: Vec<&Scored> = sentences.iter().collect();
        ranked.sort_by(|a, b| {
            score(b)
                .total_cmp(&score(a))
                .then(a.sentence.cmp(&b.sentence))
        });
        let mut chosen: Vec<&Scored> = vec![ranked[0]];
        for s in &ranked[1..] {
            let missing = |chosen: &Vec<&Scored>, term: &str| !chosen.iter().any(|c| c.has(term));
            let adds_name = q
                .entities
                .iter()
                .any(|e| missing(&chosen, &e.term) && s.has(&e.term))
                || q.numbers.iter().any(|n| missing(&chosen, n) && s.has(n));
            let adds_fact = !chosen.iter().any(|c| c.satisfies(q.intent))
                && s.satisfies(q.intent)
                && score(s) > 0.0;
            if (adds_name || adds_fact) && chosen.len() < MAX_QUOTES {
                chosen.push(s);
            }
        }
        if !chosen.iter().any(|c| c.satisfies(q.intent)) {
            gap = Gap::NoFact(q.intent);
            continue;
        }
        chosen.sort_by_key(|s| s.sentence);
        // Earlier (better-ranked) passages win ties.
        let total = chosen.iter().map(|s| score(s)).fold(0.0, f32::max) - rank as f32 * 0.01;
        if best.as_ref().is_none_or(|(b, _)| total > *b) {
            best = Some((total, chosen));
        }
    }

    match best {
        Some((_, chosen)) => compose(q, &chosen),
        None => {
            if !matches!(gap, Gap::NoFact(_)) {
                let unknown: Vec<String> = q
                    .entities
                    .iter()
                    .filter(|e| !e.known)
                    .map(|e| e.spelled.clone())
                    .collect();
                gap = if !unknown.is_empty() {
                    Gap::Unknown(unknown)
                } else if q.entities.len() > 1 {
                    Gap::NotTogether(q.entities.iter().map(|e| e.spelled.clone()).collect())
                } else {
                    Gap::Nothing
                };
            }
            abstain(q, hits, gap)
        }
    }
}

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

fn compose(q: &Question, chosen: &[&Scored]) -> Answer {
    let citations: Vec<Citation> = chosen
        .iter()
        .enumerate()
        .map(|(i, s)| citation(i + 1, s.passage, Some(s.sentence), s.text))
        .collect();
    let quotes: Vec<String> = citations
        .iter()
        .map(|c| match q.lang {
            Lang::Fr => format!("« {} » [{}]", c.text, c.n),
            Lang::En => format!("“{}” [{}]", c.text, c.n),
        })
        .collect();
    let other_language = chosen.iter().any(|s| s.passage.lang != q.lang);
    let lead = match (q.lang, other_language) {
        (Lang::Fr, false) => "D’après les sources :",
        (Lang::Fr, true) => "D’après les sources (citées en anglais) :",
        (Lang::En, false) => "According to the sources:",
        (Lang::En, true) => "According to the sources (quoted in French):",
    };
    Answer {
        question: q.text.clone(),
        language: q.lang,
        text: format!("{lead} {}", quotes.join(" ")),
        abstained: false,
        citations,
        related: Vec::new(),
        deals: Vec::new(),
        resolved_from: None,
    }
}

fn list(names: &[String], lang: Lang) -> String {
    let and = match lang {
        Lang::Fr => " et ",
        Lang::En => " and ",
    };
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{and}{last}", init.join(", ")),
    }
}

fn abstain(q: &Question, hits: &[Hit], gap: Gap) -> Answer {
    let related: Vec<Citation> = hits
        .iter()
        .take(RELATED)
        .enumerate()
        .map(|(i, h)| citation(i + 1, &h.passage, None, &h.passage.text))
        .collect();
    let lang = q.lang;
    let mut text = match lang {
        Lang::Fr => "Ce n’est pas dans la base de connaissances.".to_string(),
        Lang::En => "Not in the knowledge base.".to_string(),
    };
    let detail = match (&gap, lang) {
        (Gap::Unknown(names), Lang::Fr) => format!(" Elle ne mentionne pas {}.", list(names, lang)),
        (Gap::Unknown(names), Lang::En) => format!(" It does not mention {}.", list(names, lang)),
        (Gap::NotTogether(names), Lang::Fr) => format!(
            " Elle mentionne {}, mais aucun passage ne les relie de façon à répondre.",
            list(names, lang)
        ),
        (Gap::NotTogether(names), Lang::En) => format!(
            " It mentions {}, but no passage connects them in a way that answers this.",
            list(names, lang)
        ),
        (Gap::NoFact(intent), Lang::Fr) => format!(
            " Les sources en parlent sans donner {}.",
            match intent {
                Intent::Amount => "de montant",
                Intent::Count => "de nombre",
                Intent::Stake => "de pourcentage",
                Intent::Date => "de date",
                Intent::General => "la réponse",
            }
        ),
        (Gap::NoFact(intent), Lang::En) => format!(
            " The sources touch on it without giving {}.",
            match intent {
                Intent::Amount => "an amount",
                Intent::Count => "a number",
                Intent::Stake => "a percentage",
                Intent::Date => "a date",
                Intent::General => "the answer",
            }
        ),
        (Gap::Nothing, _) => String::new(),
    };
    text.push_str(&detail);
    text.push_str(match (lang, related.is_empty()) {
        (Lang::Fr, false) => " Passages proches ci-dessous.",
        (Lang::En, false) => " Nearby passages are listed below.",
        (Lang::Fr, true) => " Rien d’approchant non plus.",
        (Lang::En, true) => " Nothing nearby either.",
    });
    Answer {
        question: q.text.clone(),
        language: lang,
        text,
        abstained: true,
        citations: Vec::new(),
        related,
        deals: Vec::new(),
        resolved_from: None,
    }
}

/// The figures (canonical numbers) an answer text states, for checking them against citations.
/// Citation markers (`[1]`) are not figures.
pub fn figures(text: &str, lang: Lang) -> Vec<String> {
    static MARKER: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\[\d+\]").expect("a valid literal regex")); // ok: a literal regex, checked by the unit tests
    analyze(&MARKER.replace_all(text, " "), lang, None)
        .into_iter()
        .filter(|t| t.kind == TermKind::Number)
        .map(|t| t.text)
        .collect()
}
