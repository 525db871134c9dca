//! [`Citation`]: a piece of the corpus an answer rests on, and [`Citations`], a list of them
//! that cannot be empty.

use crate::ids::CitationId;

/// A piece of the corpus an answer rests on (or, for an abstention's `related`, one nearby).
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

/// The citations of an answer: at least one, by construction.
#[derive(Debug, Clone, PartialEq)]
pub struct Citations(Vec<Citation>);

impl Citations {
    /// `None` when `citations` is empty: an answer with nothing to cite must abstain.
    pub fn new(citations: Vec<Citation>) -> Option<Self> {
        (!citations.is_empty()).then_some(Self(citations))
    }

    pub fn as_slice(&self) -> &[Citation] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<Citation> {
        self.0
    }
}

impl std::ops::Deref for Citations {
    type Target = [Citation];

    fn deref(&self) -> &[Citation] {
        &self.0
    }
}
