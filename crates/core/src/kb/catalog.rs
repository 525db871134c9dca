//! Deal records and entities as index documents, read back into memory as a [`Catalog`], and
//! deal queries that filter and sort on the index's fast fields.

use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{Order, Searcher, Term};

use super::{Fields, KbError};
use crate::corpus::Corpus;
use crate::corpus::deals_file::DealRecord;
use crate::date::IsoDate;
use crate::ids::{ArticleId, CitationId};
use crate::model::{Deal, DealKind, Money, Party};
use crate::model::{Entity, EntityId, EntityTable};
use crate::text::{Lang, fold};

pub const DEAL: &str = "deal";
pub const ENTITY: &str = "entity";
/// More deals than this are not listed by one query.
const MAX_DEALS: usize = 100_000;

/// Everything the answerer needs about deals, in memory.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub entities: EntityTable,
    pub deals: Vec<Deal>,
}

/// A deal as stored: the record plus where its quote was found.
#[derive(Debug, Serialize, Deserialize)]
struct StoredDeal {
    record: DealRecord,
    cites: String,
    cited_text: String,
    title: String,
    url: Option<String>,
}

impl StoredDeal {
    fn from_deal(d: &Deal) -> Self {
        Self {
            record: DealRecord::from(d),
            cites: d.cites.to_string(),
            cited_text: d.cited_text.clone(),
            title: d.title.clone(),
            url: d.url.clone(),
        }
    }

    /// Back to a [`Deal`]; it was validated before it was stored.
    fn into_deal(self) -> Option<Deal> {
        let r = self.record;
        let parties = r
            .parties
            .iter()
            .map(|p| {
                Some(Party {
                    entity: EntityId::parse(&p.entity).ok()?,
                    role: p.role,
                    lead: p.lead,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let date = match &r.date {
            Some(d) => Some(IsoDate::parse(d).ok()?),
            None => None,
        };
        let period = match &r.period {
            Some(p) => Some((IsoDate::parse(&p.from).ok()?, IsoDate::parse(&p.to).ok()?)),
            None => None,
        };
        Some(Deal {
            id: r.id,
            kind: r.kind,
            parties,
            amount: r.amount.map(|m| Money {
                value: m.value,
                currency: m.currency,
            }),
            valuation: r.valuation.map(|m| Money {
                value: m.value,
                currency: m.currency,
            }),
            stake_pct: r.stake_pct,
            shares: r.shares,
            date,
            date_inferred: r.date_inferred,
            period,
            status: r.status,
            // Stored records carry both summaries, written or generated.
            terms_en: r.terms.en.unwrap_or_default(),
            terms_fr: r.terms.fr.unwrap_or_default(),
            article: ArticleId::parse(&r.source.article).ok()?,
            quote: r.source.quote,
            cites: CitationId::parse(&self.cites).ok()?,
            cited_text: self.cited_text,
            title: self.title,
            url: self.url,
            same_as: r.same_as,
        })
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, KbError> {
    serde_json::to_string(value)
        .map_err(|e| KbError::Tantivy(tantivy::TantivyError::InternalError(e.to_string())))
}

/// The index documents of the corpus's entities and deals.
pub fn documents(fields: &Fields, corpus: &Corpus) -> Result<Vec<TantivyDocument>, KbError> {
    let mut docs = Vec::new();
    for e in corpus.entities.all() {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.kind, ENTITY);
        doc.add_text(fields.record, to_json(e)?);
        // Names in the middle of a sentence read as names, whatever their case.
        for alias in std::iter::once(&e.name).chain(&e.name_fr).chain(&e.aliases) {
            doc.add_text(fields.names, format!("x {}", capitalise_words(alias)));
        }
        docs.push(doc);
    }
    for d in &corpus.deals {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.kind, DEAL);
        doc.add_text(fields.deal_id, &d.id);
        doc.add_text(fields.deal_kind, d.kind.code());
        doc.add_text(fields.record, to_json(&StoredDeal::from_deal(d))?);
        for p in &d.parties {
            doc.add_text(fields.parties, p.entity.as_str());
        }
        if let Some(usd) = d.amount_usd() {
            doc.add_u64(fields.amount_usd, usd.round() as u64);
        }
        if let Some(when) = d.when() {
            doc.add_u64(fields.deal_date, when.sort_key());
        }
        let text = search_text(d, &corpus.entities);
        doc.add_text(fields.body_en, &text);
        doc.add_text(fields.body_fr, &text);
        doc.add_text(fields.exact_en, &text);
        doc.add_text(fields.exact_fr, &text);
        docs.push(doc);
    }
    Ok(docs)
}

fn capitalise_words(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn records(searcher: &Searcher, fields: &Fields, kind: &str) -> Result<Vec<String>, KbError> {
    let query = TermQuery::new(
        Term::from_field_text(fields.kind, kind),
        IndexRecordOption::Basic,
    );
    let hits = searcher.search(&query, &TopDocs::with_limit(MAX_DEALS).order_by_score())?;
    let mut out = Vec::new();
    for (_, address) in hits {
        let doc: TantivyDocument = searcher.doc(address)?;
        if let Some(json) = doc.get_first(fields.record).and_then(|v| v.as_str()) {
            out.push(json.to_string());
        }
    }
    Ok(out)
}

fn damaged(what: &str) -> KbError {
    KbError::Tantivy(tantivy::TantivyError::InternalError(format!(
        "a stored {what} cannot be read; rebuild the index (delete the index directory and run `dealdesk index`)"
    )))
}

/// Reads the catalog back from the index.
pub fn load(searcher: &Searcher, fields: &Fields) -> Result<Catalog, KbError> {
    let entities: Vec<Entity> = records(searcher, fields, ENTITY)?
        .iter()
        .map(|j| serde_json::from_str(j).map_err(|_| damaged("entity")))
        .collect::<Result<_, _>>()?;
    let mut deals: Vec<Deal> = records(searcher, fields, DEAL)?
        .iter()
        .map(|j| {
            serde_json::from_str::<StoredDeal>(j)
                .ok()
                .and_then(StoredDeal::into_deal)
                .ok_or_else(|| damaged("deal"))
        })
        .collect::<Result<_, _>>()?;
    deals.sort_by(|a, b| a.id.cmp(&b.id));
    let mut entities = entities;
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Catalog {
        entities: EntityTable::from_entities(entities),
        deals,
    })
}

/// How `dealdesk deals` sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DealSort {
    /// Largest first.
    Amount,
    /// Oldest first.
    #[default]
    Date,
}

/// Filters of `dealdesk deals` (and `GET /v1/deals`).
#[derive(Debug, Clone, Default)]
pub struct DealFilter {
    /// Deals must involve every one of these.
    pub parties: Vec<EntityId>,
    /// Deals must be of one of these kinds (any when empty).
    pub kinds: Vec<DealKind>,
    pub since: Option<IsoDate>,
    pub until: Option<IsoDate>,
    /// In US dollars.
    pub min_amount_usd: Option<u64>,
    pub sort: DealSort,
}

/// Deals matching `filter`, sorted by the index's fast fields.
pub fn find(
    searcher: &Searcher,
    fields: &Fields,
    filter: &DealFilter,
) -> Result<Vec<Deal>, KbError> {
    let term = |field, text: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::Basic,
        ))
    };
    let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, term(fields.kind, DEAL))];
    for p in &filter.parties {
        must.push((Occur::Must, term(fields.parties, p.as_str())));
    }
    if !filter.kinds.is_empty() {
        let any: Vec<(Occur, Box<dyn Query>)> = filter
            .kinds
            .iter()
            .map(|k| (Occur::Should, term(fields.deal_kind, k.code())))
            .collect();
        must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    let u64_term = |field, v: u64| Term::from_field_u64(field, v);
    if filter.since.is_some() || filter.until.is_some() {
        let lower = filter
            .since
            .map_or(Bound::Included(u64_term(fields.deal_date, 1)), |d| {
                Bound::Included(u64_term(fields.deal_date, d.key_range().0))
            });
        let upper = filter.until.map_or(Bound::Unbounded, |d| {
            Bound::Included(u64_term(fields.deal_date, d.key_range().1))
        });
        must.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
    }
    if let Some(min) = filter.min_amount_usd {
        must.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(u64_term(fields.amount_usd, min)),
                Bound::Unbounded,
            )),
        ));
    }
    let query = BooleanQuery::new(must);
    let (field, order) = match filter.sort {
        DealSort::Amount => ("amount_usd", Order::Desc),
        DealSort::Date => ("deal_date", Order::Asc),
    };
    let hits = searcher.search(
        &query,
        &TopDocs::with_limit(MAX_DEALS).order_by_fast_field::<u64>(field, order),
    )?;
    // Deals without the sort value come last, whatever the order.
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for (key, address) in hits {
        let doc: TantivyDocument = searcher.doc(address)?;
        let deal = doc
            .get_first(fields.record)
            .and_then(|v| v.as_str())
            .and_then(|j| serde_json::from_str::<StoredDeal>(j).ok())
            .and_then(StoredDeal::into_deal)
            .ok_or_else(|| damaged("deal"))?;
        if key.is_some() {
            with.push(deal)
        } else {
            without.push(deal)
        }
    }
    without.sort_by(|a, b| a.id.cmp(&b.id));
    with.extend(without);
    Ok(with)
}
/// Folded words of a deal for search: kind, parties' names and aliases, terms.
pub fn search_text(deal: &Deal, entities: &EntityTable) -> String {
    let mut text = format!(
        "{} {} {} ",
        deal.kind.label(Lang::En),
        deal.kind.label(Lang::Fr),
        deal.id
    );
    for p in &deal.parties {
        if let Some(e) = entities.get(&p.entity) {
            text.push_str(&e.name);
            text.push(' ');
            for a in &e.aliases {
                text.push_str(a);
                text.push(' ');
            }
        }
    }
    text.push_str(&deal.terms_en);
    text.push(' ');
    text.push_str(&deal.terms_fr);
    fold(&text)
}
