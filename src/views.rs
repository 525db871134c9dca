//! JSON views built from the knowledge base, shared by the CLI (`search --json`, `show --json`)
//! and the HTTP API (`/v1/search`, `/v1/sources/{id}`), so both print the same contract.

use dealdesk::analysis::detect;
use dealdesk::answer::{AskError, validate};
use dealdesk::ids::CitationId;
use dealdesk::kb::{KbError, KnowledgeBase};
use dealdesk::retrieve::{self, highlights};
use dealdesk::wire::{NeighbourJson, SearchHitJson, SearchJson, ShowJson};

/// The `limit` best passages for `query`, with highlights.
pub fn search_json(kb: &KnowledgeBase, query: &str, limit: usize) -> Result<SearchJson, AskError> {
    let query = validate(query)?;
    let lang = detect(query);
    let hits = retrieve::search(&kb.searcher(), kb.fields(), query, lang, limit)?;
    Ok(SearchJson {
        query: query.to_string(),
        hits: hits
            .iter()
            .enumerate()
            .map(|(i, h)| {
                SearchHitJson::from_hit(
                    i + 1,
                    h,
                    &highlights(&h.passage.text, h.passage.lang, query, lang),
                )
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

/// A passage (`ID#pN`) or sentence (`ID#pN.sM`) with its title, heading and neighbours.
pub fn show_json(kb: &KnowledgeBase, id: &CitationId) -> Result<ShowJson, ShowError> {
    let article = id.article().as_str();
    let Some(passage) = kb.passage(article, id.paragraph())? else {
        return Err(ShowError::NoPassage(id.passage_id()));
    };
    let neighbour = |n: u32| -> Result<Option<NeighbourJson>, KbError> {
        Ok(match n {
            0 => None,
            n => kb.passage(article, n)?.map(|p| NeighbourJson {
                id: p.id.to_string(),
                text: p.text,
            }),
        })
    };
    Ok(match id.sentence() {
        None => ShowJson {
            id: id.to_string(),
            article_id: article.to_string(),
            title: passage.title.clone(),
            heading: passage.heading.clone(),
            url: passage.url.clone(),
            chars: [0, passage.text.chars().count()],
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
                sentences.iter().find(|s| s.n == k).map(|s| NeighbourJson {
                    id: CitationId::sentence_of(id.article().clone(), id.paragraph(), s.n)
                        .to_string(),
                    text: passage.text[s.bytes.clone()].to_string(),
                })
            };
            ShowJson {
                id: id.to_string(),
                article_id: article.to_string(),
                title: passage.title.clone(),
                heading: passage.heading.clone(),
                url: passage.url.clone(),
                chars: [s.chars.start, s.chars.end],
                text: passage.text[s.bytes.clone()].to_string(),
                previous: sibling(m.wrapping_sub(1)),
                next: sibling(m + 1),
            }
        }
    })
}
