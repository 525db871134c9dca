//! Paragraphs as index documents, and back.

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, Searcher, Term};

use super::{Fields, KbError};
use crate::ids::{ArticleId, CitationId};
use crate::model::Article;
use crate::text::Lang;
use crate::text::sentences::{self, Sentence};

pub const KIND: &str = "passage";

/// A paragraph as the index stores it: everything needed to cite it, without the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPassage {
    pub id: CitationId,
    pub title: String,
    pub heading: Option<String>,
    pub url: Option<String>,
    pub lang: Lang,
    pub published: Option<String>,
    pub text: String,
}

impl StoredPassage {
    pub fn article_id(&self) -> &ArticleId {
        self.id.article()
    }

    pub fn paragraph(&self) -> u32 {
        self.id.paragraph()
    }

    /// The sentences, split as at indexing (the split is part of the schema version).
    pub fn sentences(&self) -> Vec<Sentence> {
        sentences::split(&self.text)
    }
}

pub fn documents(fields: &Fields, article: &Article) -> Vec<TantivyDocument> {
    article
        .paragraphs
        .iter()
        .map(|p| {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.kind, KIND);
            doc.add_text(fields.article_id, article.id.as_str());
            doc.add_u64(fields.paragraph, u64::from(p.n));
            doc.add_text(fields.title, &article.title);
            if let Some(h) = &p.heading {
                doc.add_text(fields.heading, h);
                if !title_case(h) {
                    doc.add_text(fields.names, h);
                }
            }
            if let Some(url) = &article.url {
                doc.add_text(fields.url, url);
            }
            if let Some(date) = &article.published {
                doc.add_text(fields.published, date.to_string());
            }
            doc.add_text(fields.lang, article.language.code());
            doc.add_text(fields.text, &p.text);
            doc.add_text(fields.body(article.language), &p.text);
            doc.add_text(fields.exact(article.language), &p.text);
            doc.add_text(fields.cognates, &p.text);
            // A headline in Title Case capitalises every word: its capitals say nothing of names.
            if !title_case(&article.title) {
                doc.add_text(fields.names, &article.title);
            }
            doc.add_text(fields.names, &p.text);
            doc
        })
        .collect()
}

/// Whether most words of four letters or more start with a capital ("Ropak Has 34 Pct Of
/// Buckhorn"), as wire headlines do.
fn title_case(text: &str) -> bool {
    let long: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let capitals = long
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    long.len() >= 2 && capitals * 10 >= long.len() * 7
}

fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<&str> {
    doc.get_first(field).and_then(|v| v.as_str())
}

/// Reads the stored paragraph at `address`.
pub fn load(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
) -> Result<StoredPassage, KbError> {
    let doc: TantivyDocument = searcher.doc(address)?;
    from_doc(fields, &doc).ok_or_else(|| {
        KbError::Tantivy(tantivy::TantivyError::InternalError(format!(
            "document {address:?} is not a complete passage; rebuild the index: delete the index directory and run `dealdesk index`"
        )))
    })
}

fn from_doc(fields: &Fields, doc: &TantivyDocument) -> Option<StoredPassage> {
    let article = ArticleId::parse(text_of(doc, fields.article_id)?).ok()?;
    let paragraph = doc.get_first(fields.paragraph).and_then(|v| v.as_u64())?;
    Some(StoredPassage {
        id: CitationId::passage(article, u32::try_from(paragraph).ok()?),
        title: text_of(doc, fields.title)?.to_string(),
        heading: text_of(doc, fields.heading).map(str::to_string),
        url: text_of(doc, fields.url).map(str::to_string),
        lang: Lang::parse(text_of(doc, fields.lang)?)?,
        published: text_of(doc, fields.published).map(str::to_string),
        text: text_of(doc, fields.text)?.to_string(),
    })
}

/// The stored paragraph `article#pN`, if indexed: among the article's passages, the one
/// whose paragraph number is `paragraph`.
pub fn by_id(
    searcher: &Searcher,
    fields: &Fields,
    article: &str,
    paragraph: u32,
) -> Result<Option<StoredPassage>, KbError> {
    let query = TermQuery::new(
        Term::from_field_text(fields.article_id, article),
        IndexRecordOption::Basic,
    );
    let paragraph_field = searcher.schema().get_field_name(fields.paragraph);
    for address in searcher.search(&query, &DocSetCollector)? {
        let numbers = searcher
            .segment_reader(address.segment_ord)
            .fast_fields()
            .u64(paragraph_field)?;
        if numbers.first(address.doc_id) == Some(u64::from(paragraph)) {
            return load(searcher, fields, address).map(Some);
        }
    }
    Ok(None)
}
