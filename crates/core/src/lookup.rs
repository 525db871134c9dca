//! Looking things up without answering: the passages that best match a query, with the byte
//! ranges that match it ([`search`]), and one passage or sentence with its neighbours
//! ([`show`]). The CLI prints them; [`crate::wire`] turns them into the JSON contract.

use std::ops::Range;

use crate::answer::{AskError, validate};
use crate::ids::CitationId;
use crate::kb::{KbError, KnowledgeBase};
use crate::retrieve::{self, Hit, highlights};
use crate::text::detect;

/// The passages found for a query.
#[derive(Debug, Clone)]
pub struct Found {
    /// The query, trimmed.
    pub query: String,
    pub hits: Vec<FoundHit>,
}

#[derive(Debug, Clone)]
pub struct FoundHit {
    pub hit: Hit,
    /// Byte ranges of the passage's text that match the query.
    pub highlights: Vec<Range<usize>>,
}

/// The `limit` best passages for `query`, with highlights.
pub fn search(kb: &KnowledgeBase, query: &str, limit: usize) -> Result<Found, AskError> {
    let query = validate(query)?;
    let lang = detect(query);
    let hits = retrieve::search(&kb.searcher(), kb.fields(), query, lang, limit)?;
    Ok(Found {
        query: query.to_string(),
        hits: hits
            .into_iter()
            .map(|hit| FoundHit {
                highlights: highlights(&hit.passage.text, hit.passage.lang, query, lang),
                hit,
            })
            .collect(),
    })
}

/// Why a source cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum ShowError {
    #[error("no passage {0} in the index: check the id with `dealdesk search`")]
    NoPassage(CitationId),
    #[error("{passage} has {count} sentence(s); there is no sentence {wanted}")]
    NoSentence {
        passage: CitationId,
        count: usize,
        wanted: u32,
    },
    #[error(transparent)]
    Index(#[from] KbError),
}

/// A neighbouring passage or sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour {
    pub id: CitationId,
    pub text: String,
}

/// A passage (`ID#pN`) or sentence (`ID#pN.sM`) with its article's title and its neighbours.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub id: CitationId,
    pub title: String,
    pub heading: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// Character range of `text` in its paragraph (the whole paragraph for `#pN`).
    pub chars: Range<usize>,
    pub previous: Option<Neighbour>,
    pub next: Option<Neighbour>,
}

/// The passage or sentence `id` points at.
pub fn show(kb: &KnowledgeBase, id: &CitationId) -> Result<Shown, ShowError> {
    let article = id.article().as_str();
    let Some(passage) = kb.passage(article, id.paragraph())? else {
        return Err(ShowError::NoPassage(id.passage_id()));
    };
    let neighbour = |n: u32| -> Result<Option<Neighbour>, KbError> {
        Ok(match n {
            0 => None,
            n => kb.passage(article, n)?.map(|p| Neighbour {
                id: p.id.clone(),
                text: p.text,
            }),
        })
    };
    Ok(match id.sentence() {
        None => Shown {
            id: id.clone(),
            title: passage.title.clone(),
            heading: passage.heading.clone(),
            url: passage.url.clone(),
            chars: 0..passage.text.chars().count(),
            text: passage.text.clone(),
            previous: neighbour(id.paragraph() - 1)?,
            next: neighbour(id.paragraph() + 1)?,
        },
        Some(m) => {
            let sentences = passage.sentences();
            let Some(s) = sentences.iter().find(|s| s.n == m) else {
                return Err(ShowError::NoSentence {
                    passage: id.passage_id(),
                    count: sentences.len(),
                    wanted: m,
                });
            };
            let sibling = |k: u32| {
                sentences.iter().find(|s| s.n == k).map(|s| Neighbour {
                    id: CitationId::sentence_of(id.article().clone(), id.paragraph(), s.n),
                    text: passage.text[s.bytes.clone()].to_string(),
                })
            };
            Shown {
                id: id.clone(),
                title: passage.title.clone(),
                heading: passage.heading.clone(),
                url: passage.url.clone(),
                chars: s.chars.clone(),
                text: passage.text[s.bytes.clone()].to_string(),
                previous: sibling(m.wrapping_sub(1)),
                next: sibling(m + 1),
            }
        }
    })
}
