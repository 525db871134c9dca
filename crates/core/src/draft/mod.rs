//! Drafting deal records from articles that have none: each sentence is read for the deals it
//! states (`read`: parties and roles, amount, stake, shares, kind, status), dated against the
//! article's `published` date (`when`), its parties resolved to entities of the corpus or
//! proposed as new ones (`names`), summarised in both languages (`terms`) and checked by
//! exactly the validation a hand-written record passes ([`crate::corpus::deals_file::validate`]);
//! what fails is fixed — the quote extended to the earlier sentences of its paragraph when a
//! party is only "it" in the deal's sentence, or the field at fault left out — or dropped.
//! Within an article, a sentence that repeats a deal already drafted without adding a figure
//! or a date is not drafted again.
//!
//! Rules are general: word lists of the deal vocabulary in both languages (`cues`), no rule
//! names a company or an article.
//!
//! Drafts wait in `drafts.jsonl` ([`file`](mod@file)) until someone accepts, edits or rejects them;
//! `index` never reads that file. [`measure`] scores drafting against hand-labelled deals.
//!
//! ```
//! use dealdesk_core::corpus::Corpus;
//! use dealdesk_core::draft::{self, Options};
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::create_dir(dir.path().join("articles")).unwrap();
//! std::fs::write(
//!     dir.path().join("articles/cofab.md"),
//!     "+++\nid = \"cofab\"\ntitle = \"CoFAB buys Gulfex\"\nlanguage = \"en\"\npublished = \"1987-02-26\"\n+++\n\nCoFAB Inc said it acquired <Gulfex Inc>, a Houston-based fabricator.\n",
//! ).unwrap();
//! let corpus = Corpus::load(dir.path()).unwrap();
//! let drafts = draft::draft(&corpus, &Options::default());
//! assert_eq!(drafts.len(), 1);
//! let record = &drafts[0].record;
//! assert_eq!(record.kind.code(), "acquisition");
//! assert_eq!(record.parties[0].entity, "cofab");
//! assert_eq!(drafts[0].entities.len(), 2, "CoFAB and Gulfex are proposed as new entities");
//! ```

mod cues;
pub mod file;
pub mod measure;
pub mod model;
mod names;
mod read;
mod terms;
mod when;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::corpus::deals_file::{self, DealRecord, locate_quote};
use crate::ids::{ArticleId, CitationId};
use crate::model::article::Article;
use crate::model::deal::{DealKind, Role, Status};
use crate::model::entity::{Entity, EntityId, EntityTable};
use crate::text::quantity::{Quantity, Unit};
use crate::text::{Decimal, Lang};
use names::{Book, Name, Registry};

/// A proposed deal record and the entities it needs that the corpus does not have yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub record: DealRecord,
    /// New entities for `entities.toml`, in the order the record names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
}

impl Draft {
    pub fn id(&self) -> &str {
        &self.record.id
    }
}

/// What to draft.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Only these articles, even if they have records (sentences a record quotes are still
    /// skipped); `None`: every article without a record.
    pub articles: Option<&'a [ArticleId]>,
    /// Drafts already waiting: their sentences are not drafted again, their entities are
    /// reused and their ids are taken.
    pub pending: &'a [Draft],
}

/// A reading resolved to entities, before it becomes a record.
#[derive(Debug, Clone)]
struct Proposal<'a> {
    article: &'a Article,
    /// The sentence that states the deal.
    cites: CitationId,
    quote: String,
    kind: DealKind,
    parties: Vec<(EntityId, Role)>,
    amount: Option<Quantity>,
    stake: Option<Quantity>,
    shares: Option<Quantity>,
    when: Option<when::When>,
    status: Status,
}

impl Proposal<'_> {
    /// Says nothing `other` does not: same kind, parties and status, no figure of its own.
    fn adds_nothing_to(&self, other: &Proposal) -> bool {
        let same = |a: &Option<Quantity>, b: &Option<Quantity>| {
            a.is_none() || a.as_ref().map(|q| q.value) == b.as_ref().map(|q| q.value)
        };
        self.kind == other.kind
            && self.status == other.status
            && self.parties.len() == other.parties.len()
            && self.parties.iter().all(|p| other.parties.contains(p))
            && same(&self.amount, &other.amount)
            && same(&self.stake, &other.stake)
            && same(&self.shares, &other.shares)
            && (self.when.is_none() || self.when == other.when)
    }
}

/// The sentences records or drafts already quote, per article.
fn quoted(corpus: &Corpus, pending: &[Draft]) -> HashSet<CitationId> {
    let mut out: HashSet<CitationId> = corpus.deals.iter().map(|d| d.cites.clone()).collect();
    for d in pending {
        let Some(article) = corpus
            .articles
            .iter()
            .find(|a| a.id.as_str() == d.record.source.article)
        else {
            continue;
        };
        if let Some((id, _)) = locate_quote(article, &d.record.source.quote) {
            out.insert(id);
        }
    }
    out
}

/// Drafts records for the articles `options` asks for, in corpus order.
pub fn draft(corpus: &Corpus, options: &Options) -> Vec<Draft> {
    let mut registry = Registry::new(&corpus.entities);
    for d in options.pending {
        for e in &d.entities {
            registry.adopt(e);
        }
    }
    let with_records: HashSet<&ArticleId> = corpus.deals.iter().map(|d| &d.article).collect();
    let skip = quoted(corpus, options.pending);
    let mut proposals = Vec::new();
    for article in &corpus.articles {
        let wanted = match options.articles {
            Some(list) => list.contains(&article.id),
            None => !with_records.contains(&article.id),
        };
        if wanted {
            proposals.extend(draft_article(
                article,
                &corpus.entities,
                &mut registry,
                &skip,
            ));
        }
    }
    let mut all: Vec<Entity> = corpus.entities.all().to_vec();
    all.extend(registry.proposed().iter().cloned());
    let table = EntityTable::build(all.clone()).unwrap_or_else(|_| EntityTable::from_entities(all));
    let mut taken: HashSet<String> = corpus.deals.iter().map(|d| d.id.clone()).collect();
    taken.extend(options.pending.iter().map(|d| d.record.id.clone()));
    proposals
        .into_iter()
        .filter_map(|p| finish(p, &table, &registry, &corpus.articles, &mut taken))
        .collect()
}

/// The drafts of one article, before ids and validation.
fn draft_article<'a>(
    article: &'a Article,
    entities: &EntityTable,
    registry: &mut Registry,
    skip: &HashSet<CitationId>,
) -> Vec<Proposal<'a>> {
    let book = Book::of(article, entities);
    let mut sentences: Vec<(CitationId, &str, &[Name])> = Vec::new();
    for p in &article.paragraphs {
        for s in p.sentences() {
            let text = &p.text[s.bytes.clone()];
            let id = CitationId::sentence_of(article.id.clone(), p.n, s.n);
            sentences.push((id, text, book.sentence(sentences.len())));
        }
    }
    // The article's main party: the first subject a sentence names.
    let main = sentences.iter().find_map(|(_, text, names)| {
        read::named_subject(&read::Sentence {
            text,
            lang: article.language,
            names,
            main: None,
        })
    });
    let main = main.map(|m| book.canonical(&m, None));
    // The ways the article writes each full name, kept as aliases.
    let mut forms: HashMap<Vec<String>, Vec<String>> = HashMap::new();
    for (_, _, names) in &sentences {
        for n in names.iter() {
            let full = book.canonical(n, main.as_ref());
            if full.text != n.text {
                let list = forms.entry(full.key.clone()).or_default();
                if !list.contains(&n.text) {
                    list.push(n.text.clone());
                }
            }
        }
    }
    let mut out: Vec<Proposal> = Vec::new();
    for (id, text, names) in &sentences {
        if skip.contains(id) || skip.contains(&id.passage_id()) {
            continue;
        }
        let sentence = read::Sentence {
            text,
            lang: article.language,
            names,
            main: main.as_ref(),
        };
        for reading in read::read(&sentence) {
            let mut parties: Vec<(EntityId, Role)> = Vec::new();
            for (name, role) in &reading.parties {
                let full = book.canonical(name, main.as_ref());
                let aliases = forms.get(&full.key).cloned().unwrap_or_default();
                let Some(entity) = registry.entity_for(&full, &aliases) else {
                    continue;
                };
                if !parties.iter().any(|(e, _)| *e == entity) {
                    parties.push((entity, *role));
                }
            }
            if parties.len() < reading.parties.len().min(2) {
                continue;
            }
            let proposal = Proposal {
                article,
                cites: id.clone(),
                quote: text.to_string(),
                kind: reading.kind,
                parties,
                amount: reading.amount,
                stake: reading.stake,
                shares: reading.shares,
                when: when::when(text, article.language, article.published),
                status: reading.status,
            };
            if !out.iter().any(|q| proposal.adds_nothing_to(q)) {
                out.push(proposal);
            }
        }
    }
    out
}

/// An ISO 4217 code for a quantity's currency, when it has one.
fn currency(q: &Quantity) -> Option<String> {
    match &q.unit {
        Unit::Money(code)
            if code.len() == 3
                && code.chars().all(|c| c.is_ascii_uppercase())
                && iso_currency::Currency::from_code(code).is_some() =>
        {
            Some(code.clone())
        }
        _ => None,
    }
}

fn whole(d: Decimal) -> Option<u64> {
    d.to_string().parse().ok()
}

fn number(d: Decimal) -> Option<f64> {
    d.to_string().parse().ok()
}

/// A record id from the parties and the date: `giver-receiver[-yyyy-mm]`, unique.
fn record_id(p: &Proposal, taken: &mut HashSet<String>) -> String {
    let mut parties: Vec<&(EntityId, Role)> = p.parties.iter().collect();
    parties.sort_by_key(|(_, r)| !r.gives());
    let mut base: String = parties
        .iter()
        .take(2)
        .map(|(e, _)| names::slug(e.as_str(), 30))
        .collect::<Vec<_>>()
        .join("-");
    if let Some(w) = p.when {
        let d = w.date.to_string();
        base.push('-');
        base.push_str(&d[..d.len().min(7)]);
    }
    if base.is_empty() {
        base = names::slug(p.article.id.as_str(), 60);
    }
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// Which fields a record is built with: all of them first, then without the one a check
/// refused.
#[derive(Debug, Clone, Copy)]
struct Keep {
    date: bool,
    amount: bool,
    stake: bool,
    shares: bool,
}

fn build(p: &Proposal, id: &str, keep: Keep, registry: &Registry) -> Option<DealRecord> {
    let amount = p
        .amount
        .as_ref()
        .filter(|_| keep.amount)
        .and_then(|q| Some((q, currency(q)?, number(q.value)?)));
    let stake = p
        .stake
        .as_ref()
        .filter(|_| keep.stake)
        .and_then(|q| Some((q, number(q.value)?)));
    let shares = p
        .shares
        .as_ref()
        .filter(|_| keep.shares)
        .and_then(|q| Some((q, whole(q.value)?)));
    let when = p.when.filter(|_| keep.date);
    let display = |id: &EntityId, lang: Lang| -> String {
        registry
            .get(id)
            .map_or_else(|| id.to_string(), |e| e.display(lang).to_string())
    };
    let summary = |lang: Lang| {
        let names: Vec<(String, Role)> = p
            .parties
            .iter()
            .map(|(e, r)| (display(e, lang), *r))
            .collect();
        terms::write(
            &terms::Facts {
                kind: p.kind,
                parties: names.iter().map(|(n, r)| (n.as_str(), *r)).collect(),
                amount: amount.as_ref().map(|(q, _, _)| *q),
                stake: stake.map(|(q, _)| q),
                shares: shares.map(|(q, _)| q),
                date: when.map(|w| w.date),
                day_stated: when.is_some_and(|w| !w.inferred),
                status: p.status,
            },
            lang,
        )
    };
    // Built through the file format, so a draft is exactly what a hand-written line is.
    let value = serde_json::json!({
        "id": id,
        "kind": p.kind,
        "parties": p.parties.iter().map(|(e, r)| serde_json::json!({"entity": e.as_str(), "role": r})).collect::<Vec<_>>(),
        "amount": amount.as_ref().map(|(_, c, v)| serde_json::json!({"value": v, "currency": c})),
        "stake_pct": stake.map(|(_, s)| s),
        "shares": shares.map(|(_, n)| n),
        "date": when.map(|w| w.date.to_string()),
        "date_inferred": when.is_some_and(|w| w.inferred && w.date.month().is_some()),
        "period": null,
        "status": p.status,
        "terms": {"en": summary(Lang::En), "fr": summary(Lang::Fr)},
        "source": {"article": p.article.id.as_str(), "quote": p.quote},
    });
    serde_json::from_value(value).ok()
}

/// The quotes a proposal can cite: its sentence, then its sentence with the ones before it in
/// its paragraph, for a party the sentence refers to ("It agreed…") and an earlier one names.
fn quotes(p: &Proposal) -> Vec<String> {
    let mut out = vec![p.quote.clone()];
    let Some(para) = p.article.paragraph(p.cites.paragraph()) else {
        return out;
    };
    let Some(n) = p.cites.sentence() else {
        return out;
    };
    let Some(end) = para
        .sentences()
        .iter()
        .find(|s| s.n == n)
        .map(|s| s.bytes.end)
    else {
        return out;
    };
    for s in para.sentences().iter().filter(|s| s.n < n).rev() {
        out.push(para.text[s.bytes.start..end].to_string());
    }
    out
}

/// The proposal as a record that passes every check, or `None`.
fn finish(
    mut p: Proposal,
    table: &EntityTable,
    registry: &Registry,
    articles: &[Article],
    taken: &mut HashSet<String>,
) -> Option<Draft> {
    let id = record_id(&p, taken);
    let all = Keep {
        date: true,
        amount: true,
        stake: true,
        shares: true,
    };
    let attempts = [
        all,
        Keep { date: false, ..all },
        Keep {
            amount: false,
            ..all
        },
        Keep {
            stake: false,
            ..all
        },
        Keep {
            shares: false,
            ..all
        },
        Keep {
            date: false,
            amount: false,
            stake: false,
            shares: false,
        },
    ];
    for (quote, keep) in quotes(&p)
        .into_iter()
        .flat_map(|q| attempts.iter().map(move |k| (q.clone(), *k)))
    {
        p.quote = quote;
        let Some(record) = build(&p, &id, keep, registry) else {
            continue;
        };
        if deals_file::validate(record.clone(), table, articles).is_ok() {
            let entities = p
                .parties
                .iter()
                .filter(|(e, _)| registry.is_new(e))
                .filter_map(|(e, _)| registry.get(e).cloned())
                .collect();
            return Some(Draft { record, entities });
        }
    }
    taken.remove(&id);
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A corpus of articles `(id, language, published, body)`, with the shipped entities.
    fn corpus(articles: &[(&str, &str, &str, &str)]) -> (tempfile::TempDir, Corpus) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("articles")).unwrap();
        for (id, lang, published, body) in articles {
            std::fs::write(
                dir.path().join(format!("articles/{id}.md")),
                format!("+++\nid = \"{id}\"\ntitle = \"{id}\"\nlanguage = \"{lang}\"\npublished = \"{published}\"\n+++\n\n{body}\n"),
            )
            .unwrap();
        }
        std::fs::write(
            dir.path().join("entities.toml"),
            "[[entity]]\nid = \"intel\"\nname = \"Intel\"\nkind = \"company\"\n",
        )
        .unwrap();
        let corpus = Corpus::load(dir.path()).unwrap();
        (dir, corpus)
    }

    /// A record compactly: id, kind, parties, amount, stake, shares, date, status, summaries.
    fn show(d: &Draft) -> String {
        let r = &d.record;
        let parties: Vec<String> = r
            .parties
            .iter()
            .map(|p| format!("{}={}", p.entity, p.role.label(Lang::En)))
            .collect();
        let json = serde_json::to_value(r).unwrap();
        format!(
            "{} {} [{}] amount={} stake={} shares={} date={}{} {:?} | {} | {}",
            r.id,
            r.kind,
            parties.join(", "),
            r.amount
                .as_ref()
                .map_or("-".into(), |m| format!("{} {}", m.value, m.currency)),
            r.stake_pct.map_or("-".into(), |s| s.to_string()),
            r.shares.map_or("-".into(), |s| s.to_string()),
            r.date.clone().unwrap_or_else(|| "-".into()),
            if r.date_inferred { "~" } else { "" },
            r.status,
            json["terms"]["en"].as_str().unwrap_or_default(),
            json["terms"]["fr"].as_str().unwrap_or_default(),
        )
    }

    #[test]
    fn articles_give_records_that_pass_every_check_in_both_languages() {
        let cases: &[(&str, &str, &str, &[&str])] = &[
            (
                "en",
                "2025-09-12",
                "Acme Corp said on Tuesday it had acquired <Widget Inc> for 42 mln dlrs.\n\nAcme also agreed to buy a 20 pct stake in Gizmo Ltd for 8 mln dlrs, subject to regulatory approval.",
                &[
                    "acme-widget-2025-09 acquisition [acme=acquirer, widget=target] amount=42000000 USD stake=- shares=- date=2025-09-09~ Completed | Acme Corp acquired Widget Inc for $42 million in September 2025. | Acme Corp a acquis Widget Inc pour 42 millions de dollars en septembre 2025.",
                    "acme-gizmo equity_stake [acme=investor, gizmo=target] amount=8000000 USD stake=20 shares=- date=- Conditional | Acme Corp announced a deal to acquire 20% of Gizmo Ltd for $8 million, subject to conditions. | Acme Corp a annoncé l’acquisition de 20 % de Gizmo Ltd pour 8 millions de dollars, sous conditions.",
                ],
            ),
            (
                "fr",
                "2025-10-15",
                "Le groupe Alpha SA a racheté la société Beta Technologies pour 120 millions d’euros le mois dernier.\n\nGamma SA a pris une participation de 20 % dans Intel.",
                &[
                    "alpha-beta-technologies-2025-09 acquisition [alpha=acquirer, beta-technologies=target] amount=120000000 EUR stake=- shares=- date=2025-09~ Completed | Alpha SA acquired Beta Technologies for €120 million in September 2025. | Alpha SA a acquis Beta Technologies pour 120 millions d’euros en septembre 2025.",
                    "gamma-intel equity_stake [gamma=investor, intel=target] amount=- stake=20 shares=- date=- Completed | Gamma SA acquired 20% of Intel. | Gamma SA a acquis 20 % d’Intel.",
                ],
            ),
        ];
        for (lang, published, body, want) in cases {
            let (_dir, corpus) = corpus(&[("story", lang, published, body)]);
            let drafts = draft(&corpus, &Options::default());
            let got: Vec<String> = drafts.iter().map(show).collect();
            assert_eq!(got, *want, "{body}");
        }
    }

    #[test]
    fn a_sentence_that_names_a_party_only_by_pronoun_is_quoted_with_the_one_that_names_it() {
        let (_dir, corpus) = corpus(&[(
            "story",
            "en",
            "1987-03-02",
            "This follows sales of two other Purolator units. It agreed recently to sell its Canadian Courier unit to Onex Capital for 170 mln dlrs.",
        )]);
        let drafts = draft(&corpus, &Options::default());
        assert_eq!(drafts.len(), 1, "{drafts:?}");
        assert_eq!(
            drafts[0].record.source.quote,
            "This follows sales of two other Purolator units. It agreed recently to sell its Canadian Courier unit to Onex Capital for 170 mln dlrs."
        );
    }

    #[test]
    fn sentences_already_drafted_are_not_drafted_again_and_entities_keep_their_ids() {
        let body = "Acme Corp said it acquired <Widget Inc>.\n\nAcme Corp agreed to buy Gizmo Ltd.";
        let (_dir, corpus) = corpus(&[("story", "en", "2025-09-12", body)]);
        let first = draft(&corpus, &Options::default());
        assert_eq!(first.len(), 2);
        let pending = &first[..1];
        let again = draft(
            &corpus,
            &Options {
                articles: None,
                pending,
            },
        );
        assert_eq!(again.len(), 1, "{again:?}");
        assert_eq!(again[0].record.parties[1].entity, "gizmo");
        // Acme is a pending draft's entity: the same one, still listed in case that draft
        // is rejected.
        assert_eq!(again[0].record.parties[0].entity, "acme");
        assert_eq!(again[0].entities, first[1].entities);
    }
}
