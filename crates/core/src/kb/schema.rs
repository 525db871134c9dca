//! The index schema: one document per paragraph (and, later, per deal record).

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::tokenizer::{DealTokenizer, FieldAnalysis};
use crate::text::Lang;

/// Bumped whenever the schema, the analysis or the sentence splitting changes in a way that
/// makes an existing index wrong; an index with another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 16;

/// Handles to the schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `passage` (or `deal`): what a document is.
    pub kind: Field,
    pub article_id: Field,
    /// A passage's paragraph number: with `article_id`, what finds it (a fast field, so that
    /// no term per passage fills the term dictionary).
    pub paragraph: Field,
    pub title: Field,
    pub heading: Field,
    pub url: Field,
    pub lang: Field,
    pub published: Field,
    /// The paragraph exactly as written.
    pub text: Field,
    pub body_fr: Field,
    pub body_en: Field,
    pub exact_fr: Field,
    pub exact_en: Field,
    /// Name-like words of the paragraph, its heading and its title; entity names and aliases.
    pub names: Field,
    /// Cognate keys of the paragraph's words, shared across English and French.
    pub cognates: Field,
    /// Deals and entities: the stored record (JSON).
    pub record: Field,
    pub deal_id: Field,
    /// Entity ids of a deal's parties.
    pub parties: Field,
    pub deal_kind: Field,
    /// Whole US dollars, for deals in USD.
    pub amount_usd: Field,
    /// `YYYYMMDD` sort key of the deal's date (or the end of its period).
    pub deal_date: Field,
}

impl Fields {
    /// The stemmed body field of a language.
    pub fn body(&self, lang: Lang) -> Field {
        match lang {
            Lang::Fr => self.body_fr,
            Lang::En => self.body_en,
        }
    }

    /// The exact (unstemmed) field of a language.
    pub fn exact(&self, lang: Lang) -> Field {
        match lang {
            Lang::Fr => self.exact_fr,
            Lang::En => self.exact_en,
        }
    }
}

fn analysed(analysis: FieldAnalysis, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::Basic
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analysis.tokenizer_name())
            .set_index_option(record),
    )
}

pub fn build() -> (Schema, Fields) {
    let mut s = Schema::builder();
    let fields = Fields {
        kind: s.add_text_field("kind", STRING | STORED),
        article_id: s.add_text_field("article_id", STRING | STORED),
        paragraph: s.add_u64_field("paragraph", STORED | FAST),
        title: s.add_text_field("title", STORED),
        heading: s.add_text_field("heading", STORED),
        url: s.add_text_field("url", STORED),
        lang: s.add_text_field("lang", STRING | STORED),
        published: s.add_text_field("published", STORED),
        text: s.add_text_field("text", STORED),
        body_fr: s.add_text_field("body_fr", analysed(FieldAnalysis::Stemmed(Lang::Fr), true)),
        body_en: s.add_text_field("body_en", analysed(FieldAnalysis::Stemmed(Lang::En), true)),
        exact_fr: s.add_text_field("exact_fr", analysed(FieldAnalysis::Exact(Lang::Fr), false)),
        exact_en: s.add_text_field("exact_en", analysed(FieldAnalysis::Exact(Lang::En), false)),
        names: s.add_text_field("names", analysed(FieldAnalysis::Names, false)),
        cognates: s.add_text_field("cognates", analysed(FieldAnalysis::Cognates, false)),
        record: s.add_text_field("record", STORED),
        deal_id: s.add_text_field("deal_id", STRING | STORED),
        parties: s.add_text_field("parties", STRING | STORED),
        deal_kind: s.add_text_field("deal_kind", STRING | STORED),
        amount_usd: s.add_u64_field("amount_usd", INDEXED | FAST | STORED),
        deal_date: s.add_u64_field("deal_date", INDEXED | FAST | STORED),
    };
    (s.build(), fields)
}

/// Makes the index know our analysers; needed after every create and open.
pub fn register_tokenizers(index: &tantivy::Index) {
    for analysis in FieldAnalysis::ALL {
        index
            .tokenizers()
            .register(analysis.tokenizer_name(), DealTokenizer(analysis));
    }
}
