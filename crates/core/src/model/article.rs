//! An article of the corpus: its metadata and its paragraphs, each split into sentences.

use std::path::PathBuf;

use crate::date::IsoDate;
use crate::ids::ArticleId;
use crate::text::Lang;
use crate::text::sentences::Sentence;

/// A paragraph of an article body: the unit that is indexed and cited as `#pN`.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// 1-based, headings not counted.
    pub n: u32,
    /// The `##` heading the paragraph sits under, kept as context.
    pub heading: Option<String>,
    /// The paragraph exactly as written (its lines joined by `\n`).
    pub text: String,
    /// The file line the paragraph starts on.
    pub line: usize,
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub language: Lang,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<IsoDate>,
    /// The byline, when the source names one.
    pub author: Option<String>,
    pub path: PathBuf,
    pub paragraphs: Vec<Paragraph>,
}

impl Article {
    /// Paragraph `n` (from 1).
    pub fn paragraph(&self, n: u32) -> Option<&Paragraph> {
        n.checked_sub(1)
            .and_then(|i| self.paragraphs.get(i as usize))
    }
}
