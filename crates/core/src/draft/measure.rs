//! Scoring drafts against hand-labelled deals.
//!
//! A labelled file has one deal a line — the article, the quote (the sentence, verbatim), the
//! kind, the parties by name with their roles, the amount, stake, shares, date and status —
//! and a line `{"article": ID, "no_deal": true}` for each article read that states none. The
//! file covers the articles it names, and only drafts from those articles are scored.
//!
//! A draft is right when its sentence is a labelled deal's (its quote is that sentence, or
//! ends with it when earlier sentences of the paragraph are quoted to name a party) and every
//! labelled field is exactly right: parties are compared by name (folded, legal form and a leading "the" left
//! out) and role. Precision is right drafts over drafts, recall right drafts over labelled
//! deals; each field is also scored on its own.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use super::Draft;
use super::names::key_of;
use crate::corpus::deals_file::MoneyRecord;
use crate::model::deal::{DealKind, Role, Status};
use crate::model::entity::{EntityId, EntityTable};
use crate::problem::Problem;
use crate::text::words;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelLine {
    article: String,
    #[serde(default)]
    no_deal: bool,
    quote: Option<String>,
    kind: Option<DealKind>,
    #[serde(default)]
    parties: Vec<LabelParty>,
    amount: Option<MoneyRecord>,
    stake_pct: Option<f64>,
    shares: Option<u64>,
    date: Option<String>,
    #[serde(default)]
    date_inferred: bool,
    status: Option<Status>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelParty {
    name: String,
    role: Role,
}

/// The fields a deal is scored on.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields {
    pub kind: DealKind,
    /// (name, role), sorted, names compared folded without their legal form.
    pub parties: Vec<(String, Role)>,
    pub amount: Option<(f64, String)>,
    pub stake_pct: Option<f64>,
    pub shares: Option<u64>,
    /// The date and whether it is inferred.
    pub date: Option<(String, bool)>,
    pub status: Status,
}

/// A hand-labelled deal.
#[derive(Debug, Clone)]
pub struct Label {
    pub article: String,
    pub quote: String,
    pub fields: Fields,
    /// Its line in the labelled file.
    pub line: usize,
}

/// The deals of a labelled file and the articles it covers.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub articles: BTreeSet<String>,
    pub deals: Vec<Label>,
}

fn party_key(name: &str) -> String {
    key_of(name).join(" ")
}

fn sentence_key(quote: &str) -> String {
    words(quote)
        .into_iter()
        .map(|(w, _, _)| w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses a labelled file; problems name the line.
pub fn parse(path: &Path, text: &str) -> Result<Labels, Vec<Problem>> {
    let mut labels = Labels::default();
    let mut problems = Vec::new();
    for (n, l) in crate::problem::json_lines::<LabelLine>(path, text, "a labelled deal") {
        let problem = |message: String| Problem::at(path, n, message);
        let l = match l {
            Ok(l) => l,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        labels.articles.insert(l.article.clone());
        if l.no_deal {
            if l.quote.is_some() {
                problems.push(problem("a `no_deal` line has no quote".into()));
            }
            continue;
        }
        let (Some(quote), Some(kind), Some(status)) = (l.quote, l.kind, l.status) else {
            problems.push(problem(
                "a labelled deal needs `quote`, `kind` and `status` (or `no_deal: true`)".into(),
            ));
            continue;
        };
        if l.parties.is_empty() {
            problems.push(problem(
                "field `parties`: a deal needs at least one party".into(),
            ));
            continue;
        }
        let mut parties: Vec<(String, Role)> = l
            .parties
            .iter()
            .map(|p| (party_key(&p.name), p.role))
            .collect();
        parties.sort_by(|a, b| a.0.cmp(&b.0));
        labels.deals.push(Label {
            article: l.article,
            quote,
            fields: Fields {
                kind,
                parties,
                amount: l.amount.map(|m| (m.value, m.currency)),
                stake_pct: l.stake_pct,
                shares: l.shares,
                date: l.date.map(|d| (d, l.date_inferred)),
                status,
            },
            line: n,
        });
    }
    if problems.is_empty() {
        Ok(labels)
    } else {
        Err(problems)
    }
}

/// The fields of a draft; parties are named by their entities (the corpus's or the draft's).
pub fn fields_of(draft: &Draft, entities: &EntityTable) -> Fields {
    let name = |id: &str| -> String {
        let parsed = EntityId::parse(id).ok();
        draft
            .entities
            .iter()
            .find(|e| e.id.as_str() == id)
            .map(|e| e.name.clone())
            .or_else(|| parsed.and_then(|p| entities.get(&p).map(|e| e.name.clone())))
            .unwrap_or_else(|| id.to_string())
    };
    let r = &draft.record;
    let mut parties: Vec<(String, Role)> = r
        .parties
        .iter()
        .map(|p| (party_key(&name(&p.entity)), p.role))
        .collect();
    parties.sort_by(|a, b| a.0.cmp(&b.0));
    Fields {
        kind: r.kind,
        parties,
        amount: r.amount.as_ref().map(|m| (m.value, m.currency.clone())),
        stake_pct: r.stake_pct,
        shares: r.shares,
        date: r.date.clone().map(|d| (d, r.date_inferred)),
        status: r.status,
    }
}

/// The names of the scored fields, in report order.
pub const FIELDS: [&str; 7] = [
    "kind",
    "parties",
    "amount",
    "stake_pct",
    "shares",
    "date",
    "status",
];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Whether field `f` of `a` and `b` agree, and whether each has a value for it.
fn field(f: &str, label: &Fields, draft: &Fields) -> (bool, bool, bool) {
    match f {
        "kind" => (label.kind == draft.kind, true, true),
        "parties" => (label.parties == draft.parties, true, true),
        "amount" => (
            match (&label.amount, &draft.amount) {
                (Some((a, c)), Some((b, d))) => close(*a, *b) && c == d,
                (None, None) => true,
                _ => false,
            },
            label.amount.is_some(),
            draft.amount.is_some(),
        ),
        "stake_pct" => (
            match (label.stake_pct, draft.stake_pct) {
                (Some(a), Some(b)) => close(a, b),
                (None, None) => true,
                _ => false,
            },
            label.stake_pct.is_some(),
            draft.stake_pct.is_some(),
        ),
        "shares" => (
            label.shares == draft.shares,
            label.shares.is_some(),
            draft.shares.is_some(),
        ),
        "date" => (
            label.date == draft.date,
            label.date.is_some(),
            draft.date.is_some(),
        ),
        _ => (label.status == draft.status, true, true),
    }
}

/// The fields of `draft` that differ from `label`'s.
pub fn differences(label: &Fields, draft: &Fields) -> Vec<&'static str> {
    FIELDS
        .iter()
        .copied()
        .filter(|f| !field(f, label, draft).0)
        .collect()
}

/// One field's score: drafts that give it, labels that give it, and drafts that give it
/// right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldScore {
    pub name: &'static str,
    pub drafted: usize,
    pub labelled: usize,
    pub right: usize,
}

/// A labelled deal no draft got right: the draft of its sentence that came closest, if any.
#[derive(Debug, Clone)]
pub struct Miss {
    pub label: Label,
    pub closest: Option<(Fields, Vec<&'static str>)>,
}

/// A draft that matches no labelled deal.
#[derive(Debug, Clone)]
pub struct Wrong {
    pub id: String,
    pub article: String,
    pub quote: String,
    pub fields: Fields,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Drafts from the covered articles.
    pub drafted: usize,
    pub labelled: usize,
    pub right: usize,
    pub fields: Vec<FieldScore>,
    pub misses: Vec<Miss>,
    pub wrong: Vec<Wrong>,
}

impl Report {
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.drafted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.right, self.labelled)
    }
}

/// `a / b`, 1 when there is nothing to count.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Scores `drafts` against `labels` (only drafts from the covered articles count).
pub fn measure(labels: &Labels, drafts: &[Draft], entities: &EntityTable) -> Report {
    let scoped: Vec<(&Draft, Fields, String)> = drafts
        .iter()
        .filter(|d| labels.articles.contains(&d.record.source.article))
        .map(|d| {
            (
                d,
                fields_of(d, entities),
                sentence_key(&d.record.source.quote),
            )
        })
        .collect();
    let mut report = Report {
        drafted: scoped.len(),
        labelled: labels.deals.len(),
        ..Report::default()
    };
    // Pair each label with a draft of its sentence, the closest pairs first.
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (li, l) in labels.deals.iter().enumerate() {
        let key = sentence_key(&l.quote);
        for (di, (d, f, k)) in scoped.iter().enumerate() {
            // A draft may quote sentences before the labelled one, to name a party.
            if d.record.source.article == l.article
                && (*k == key || k.ends_with(&format!(" {key}")))
            {
                let agree = FIELDS
                    .iter()
                    .filter(|name| field(name, &l.fields, f).0)
                    .count();
                pairs.push((agree, li, di));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut label_pair: Vec<Option<usize>> = vec![None; labels.deals.len()];
    let mut draft_pair: Vec<Option<usize>> = vec![None; scoped.len()];
    for (_, li, di) in pairs {
        if label_pair[li].is_none() && draft_pair[di].is_none() {
            label_pair[li] = Some(di);
            draft_pair[di] = Some(li);
        }
    }
    report.fields = FIELDS
        .iter()
        .map(|&name| FieldScore {
            name,
            ..FieldScore::default()
        })
        .collect();
    for score in &mut report.fields {
        score.labelled = labels
            .deals
            .iter()
            .filter(|l| field(score.name, &l.fields, &l.fields).1)
            .count();
        score.drafted = scoped
            .iter()
            .filter(|(_, f, _)| field(score.name, f, f).2)
            .count();
    }
    for (li, l) in labels.deals.iter().enumerate() {
        let Some(di) = label_pair[li] else {
            report.misses.push(Miss {
                label: l.clone(),
                closest: None,
            });
            continue;
        };
        let f = &scoped[di].1;
        for score in &mut report.fields {
            let (same, _, given) = field(score.name, &l.fields, f);
            if same && given {
                score.right += 1;
            }
        }
        let diff = differences(&l.fields, f);
        if diff.is_empty() {
            report.right += 1;
        } else {
            report.misses.push(Miss {
                label: l.clone(),
                closest: Some((f.clone(), diff)),
            });
        }
    }
    for (di, (d, f, _)) in scoped.iter().enumerate() {
        let right =
            draft_pair[di].is_some_and(|li| differences(&labels.deals[li].fields, f).is_empty());
        if !right {
            report.wrong.push(Wrong {
                id: d.record.id.clone(),
                article: d.record.source.article.clone(),
                quote: d.record.source.quote.clone(),
                fields: f.clone(),
            });
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse_and_names_compare_without_legal_forms() {
        let text = r#"{"article": "a", "quote": "X Inc bought Y.", "kind": "acquisition", "parties": [{"name": "The X Inc", "role": "acquirer"}, {"name": "Y N.V.", "role": "target"}], "amount": null, "stake_pct": null, "shares": null, "date": null, "date_inferred": false, "status": "completed"}
{"article": "b", "no_deal": true}
"#;
        let labels = parse(Path::new("l.jsonl"), text).unwrap();
        assert_eq!(labels.articles.len(), 2);
        assert_eq!(
            labels.deals[0].fields.parties,
            [
                ("x".to_string(), Role::Acquirer),
                ("y".to_string(), Role::Target)
            ]
        );
        let bad = parse(Path::new("l.jsonl"), r#"{"article": "a", "quote": "q"}"#).unwrap_err();
        assert_eq!(bad[0].line, Some(1));
    }
}
