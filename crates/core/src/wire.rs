//! The JSON contract other programs rely on (`ask --json`, `search --json`, `--batch`, the HTTP
//! API). These types are converted from the core's types, so the core can change without
//! breaking clients; change them only compatibly.

use serde::{Deserialize, Serialize};

use crate::answer::Answer;
pub use crate::corpus::deals_file::DealRecord;
use crate::generation::Reply;
use crate::lookup::{Found, FoundHit, Neighbour, Shown};
use crate::model::Citation;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitationJson {
    pub n: usize,
    /// `<article-id>#p<N>` or `<article-id>#p<N>.s<M>`.
    pub id: String,
    pub article_id: String,
    pub title: String,
    pub url: Option<String>,
    /// The exact cited sentence or passage.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerJson {
    pub question: String,
    /// `fr` or `en`.
    pub language: String,
    pub answer: String,
    pub abstained: bool,
    pub citations: Vec<CitationJson>,
    /// Nearby passages, offered when abstaining.
    pub related: Vec<CitationJson>,
    /// The deal records the answer rests on, in the `deals.jsonl` format.
    #[serde(default)]
    pub deals: Vec<DealRecord>,
    /// Which path produced the answer: `llm` (a model's answer, verified) or `extractive`.
    #[serde(default = "extractive")]
    pub mode: String,
    /// When the model was asked but its answer was not used, why (e.g. `unsupported_figure`,
    /// `timeout`); see docs/llm.md.
    #[serde(default)]
    pub fallback_reason: Option<String>,
}

fn extractive() -> String {
    "extractive".to_string()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHitJson {
    pub rank: usize,
    pub score: f32,
    pub id: String,
    pub article_id: String,
    pub title: String,
    pub heading: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// Character ranges `[start, end)` of `text` that match the query.
    pub highlights: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchJson {
    pub query: String,
    pub hits: Vec<SearchHitJson>,
}

/// One line of `--batch` output when a line could not be answered at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchErrorJson {
    pub line: usize,
    pub question: String,
    pub error: String,
}

impl From<&Citation> for CitationJson {
    fn from(c: &Citation) -> Self {
        Self {
            n: c.n,
            id: c.id.to_string(),
            article_id: c.id.article().to_string(),
            title: c.title.clone(),
            url: c.url.clone(),
            text: c.text.clone(),
        }
    }
}

impl From<&Answer> for AnswerJson {
    fn from(a: &Answer) -> Self {
        Self {
            question: a.question.clone(),
            language: a.language.code().to_string(),
            answer: a.text.clone(),
            abstained: a.is_abstained(),
            citations: a.citations().iter().map(CitationJson::from).collect(),
            related: a.related().iter().map(CitationJson::from).collect(),
            deals: a.deals().iter().map(DealRecord::from).collect(),
            mode: extractive(),
            fallback_reason: None,
        }
    }
}

impl From<&Reply> for AnswerJson {
    fn from(v: &Reply) -> Self {
        Self {
            mode: v.mode.code().to_string(),
            fallback_reason: v.fallback_code().map(str::to_string),
            ..AnswerJson::from(&v.answer)
        }
    }
}

/// Converts byte ranges of `text` to character ranges.
pub fn char_ranges(text: &str, bytes: &[std::ops::Range<usize>]) -> Vec<[usize; 2]> {
    // One forward walk over the text for all ranges (sorted, as `highlights` gives them):
    // counting from the start for each range was quadratic, 20 s on a 5 MB paragraph.
    let mut counter = CharCounter {
        text,
        byte: 0,
        chars: 0,
    };
    bytes
        .iter()
        .map(|r| [counter.chars_before(r.start), counter.chars_before(r.end)])
        .collect()
}

/// Characters before a byte offset, for offsets that mostly grow; a smaller one restarts.
struct CharCounter<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl CharCounter<'_> {
    fn chars_before(&mut self, byte: usize) -> usize {
        let byte = floor_char_boundary(self.text, byte.min(self.text.len()));
        if byte < self.byte {
            (self.byte, self.chars) = (0, 0);
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

impl SearchHitJson {
    pub fn from_hit(rank: usize, found: &FoundHit) -> Self {
        let (p, highlights) = (&found.hit.passage, &found.highlights);
        Self {
            rank,
            score: found.hit.score,
            id: p.id.to_string(),
            article_id: p.article_id().to_string(),
            title: p.title.clone(),
            heading: p.heading.clone(),
            url: p.url.clone(),
            highlights: char_ranges(&p.text, highlights),
            text: p.text.clone(),
        }
    }
}

/// A neighbour of a shown passage or sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeighbourJson {
    pub id: String,
    pub text: String,
}

/// `dealdesk show --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShowJson {
    pub id: String,
    pub article_id: String,
    pub title: String,
    pub heading: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// Character range `[start, end)` of `text` in its paragraph (the whole paragraph for `#pN`).
    pub chars: [usize; 2],
    pub previous: Option<NeighbourJson>,
    pub next: Option<NeighbourJson>,
}

impl From<&Found> for SearchJson {
    fn from(found: &Found) -> Self {
        Self {
            query: found.query.clone(),
            hits: found
                .hits
                .iter()
                .enumerate()
                .map(|(i, h)| SearchHitJson::from_hit(i + 1, h))
                .collect(),
        }
    }
}

impl From<&Neighbour> for NeighbourJson {
    fn from(n: &Neighbour) -> Self {
        Self {
            id: n.id.to_string(),
            text: n.text.clone(),
        }
    }
}

impl From<&Shown> for ShowJson {
    fn from(s: &Shown) -> Self {
        Self {
            id: s.id.to_string(),
            article_id: s.id.article().to_string(),
            title: s.title.clone(),
            heading: s.heading.clone(),
            url: s.url.clone(),
            text: s.text.clone(),
            chars: [s.chars.start, s.chars.end],
            previous: s.previous.as_ref().map(NeighbourJson::from),
            next: s.next.as_ref().map(NeighbourJson::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::char_ranges;

    #[test]
    fn character_ranges_count_characters_not_bytes() {
        let text = "Amazon a porté à 8 milliards d’Anthropic";
        let at = |w: &str| text.find(w).expect("word in text");
        let bytes = [
            at("porté")..at("porté") + "porté".len(),
            at("Anthropic")..text.len(),
        ];
        assert_eq!(char_ranges(text, &bytes), [[9, 14], [31, 40]]);
        // Out of order, past the end or inside a character: still character positions.
        let odd = [at("Anthropic")..text.len(), 0..6, 14..200];
        assert_eq!(char_ranges(text, &odd), [[31, 40], [0, 6], [13, 40]]);
    }
}
