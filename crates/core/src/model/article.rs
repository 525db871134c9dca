//! An article of the corpus: its metadata and its paragraphs, each split into sentences.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::date::IsoDate;
use crate::ids::ArticleId;
use crate::text::Lang;
use crate::text::sentences::{self, Sentence};

/// A paragraph of an article body: the unit that is indexed and cited as `#pN`.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// 1-based, headings not counted.
    pub n: u32,
    /// The `##` heading the paragraph sits under, kept as context.
    pub heading: Option<String>,
    /// The paragraph exactly as written (its lines joined by `\n`).
    pub text: String,
    /// The file line the paragraph starts on.
    pub line: usize,
    /// Split on first use ([`Paragraph::sentences`]): indexing never needs them, and splitting
    /// every paragraph of every article read was a tenth of reading the corpus.
    sentences: OnceLock<Vec<Sentence>>,
}

impl Paragraph {
    pub fn new(n: u32, heading: Option<String>, text: String, line: usize) -> Self {
        Self {
            n,
            heading,
            text,
            line,
            sentences: OnceLock::new(),
        }
    }

    /// The sentences, split as at indexing (the split is part of the schema version).
    pub fn sentences(&self) -> &[Sentence] {
        self.sentences.get_or_init(|| sentences::split(&self.text))
    }
}

/// Two paragraphs are equal by what they say and where: whether their sentences were split
/// yet does not matter (they follow from the text).
impl PartialEq for Paragraph {
    fn eq(&self, other: &Self) -> bool {
        (self.n, &self.heading, &self.text, self.line)
            == (other.n, &other.heading, &other.text, other.line)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_is_split_on_first_use_and_equals_its_copy_either_way() {
        let text = "Nimbus invested $3 billion in Cirrus. Cirrus hired 45 people.";
        let paragraph = Paragraph::new(2, Some("Deals".into()), text.into(), 7);
        let copy = paragraph.clone();

        let sentences = paragraph.sentences();
        assert_eq!(sentences.len(), 2);
        assert_eq!(&text[sentences[1].bytes.clone()], "Cirrus hired 45 people.");
        assert_eq!(paragraph, copy);
        assert_ne!(
            paragraph,
            Paragraph::new(2, Some("Deals".into()), "Cirrus hired 50 people.".into(), 7)
        );
    }
}
