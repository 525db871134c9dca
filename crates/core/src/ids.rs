//! Identifiers of articles, passages and sentences.
//!
//! A citation id is the stable address of a piece of the corpus:
//! `<article-id>#p<N>` for the N-th paragraph of an article (counted from 1,
//! headings not counted) and `<article-id>#p<N>.s<M>` for its M-th sentence.
//!
//! ```
//! use dealdesk_core::ids::CitationId;
//! let id = CitationId::parse("intel-deal#p5.s2").unwrap();
//! assert_eq!(id.article().as_str(), "intel-deal");
//! assert_eq!(id.paragraph(), 5);
//! assert_eq!(id.sentence(), Some(2));
//! assert_eq!(id.to_string(), "intel-deal#p5.s2");
//! ```

use std::fmt;

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error(
        "invalid article id {0:?}: use 1 to 100 lowercase letters, digits and single hyphens (a slug)"
    )]
    Article(String),
    #[error(
        "invalid citation id {0:?}: expected <article-id>#p<N> or <article-id>#p<N>.s<M>, N and M from 1"
    )]
    Citation(String),
}

/// The slug that names an article, unique in the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(String);

impl ArticleId {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let ok = !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(IdError::Article(s.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The address of a paragraph (`#pN`) or of one of its sentences (`#pN.sM`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CitationId {
    article: ArticleId,
    paragraph: u32,
    sentence: Option<u32>,
}

impl CitationId {
    pub fn passage(article: ArticleId, paragraph: u32) -> Self {
        Self {
            article,
            paragraph,
            sentence: None,
        }
    }

    pub fn sentence_of(article: ArticleId, paragraph: u32, sentence: u32) -> Self {
        Self {
            article,
            paragraph,
            sentence: Some(sentence),
        }
    }

    pub fn parse(s: &str) -> Result<Self, IdError> {
        let bad = || IdError::Citation(s.to_string());
        let (article, rest) = s.trim().split_once("#p").ok_or_else(bad)?;
        let article = ArticleId::parse(article).map_err(|_| bad())?;
        let (paragraph, sentence) = match rest.split_once(".s") {
            Some((p, s)) => (p, Some(s)),
            None => (rest, None),
        };
        let number = |t: &str| -> Result<u32, IdError> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            match t.parse::<u32>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(bad()),
            }
        };
        Ok(Self {
            article,
            paragraph: number(paragraph)?,
            sentence: sentence.map(number).transpose()?,
        })
    }

    pub fn article(&self) -> &ArticleId {
        &self.article
    }

    pub fn paragraph(&self) -> u32 {
        self.paragraph
    }

    pub fn sentence(&self) -> Option<u32> {
        self.sentence
    }

    /// The id of the paragraph this id points into.
    pub fn passage_id(&self) -> CitationId {
        Self::passage(self.article.clone(), self.paragraph)
    }
}

impl fmt::Display for CitationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#p{}", self.article, self.paragraph)?;
        if let Some(s) = self.sentence {
            write!(f, ".s{s}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_ids_are_slugs() {
        assert!(ArticleId::parse("amazon-anthropic-2024").is_ok());
        for bad in ["", "Amazon", "a b", "-a", "a-", "a--b", "é", "a/b"] {
            assert!(ArticleId::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn citation_ids_round_trip() {
        for s in ["a#p1", "a-b#p12.s3"] {
            assert_eq!(CitationId::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn malformed_citation_ids_are_rejected() {
        for bad in [
            "a",
            "a#p",
            "a#p0",
            "a#p1.s",
            "a#p1.s0",
            "a#px",
            "#p1",
            "a#p1.s2.s3",
            "a#p+1",
        ] {
            assert!(CitationId::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
