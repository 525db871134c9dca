//! The one reader of deal filters, shared by `dealdesk deals`, `GET /v1/deals` and the bot's
//! `/deals`: text as people type it ([`FilterSpec`]) in, a [`DealFilter`] or a [`FilterError`]
//! that names the field out.
//!
//! Each party names exactly one entity, through any of its names or aliases ("gouvernement
//! américain", one typo forgiven: "Intell"); a deal must involve every party given.
//!
//! ```
//! use dealdesk_core::kb::filter::FilterSpec;
//! use dealdesk_core::model::EntityTable;
//! let spec = FilterSpec { kinds: vec!["equity_stake".into()], since: Some("2025-08".into()), ..FilterSpec::default() };
//! let filter = spec.parse(&EntityTable::default()).unwrap();
//! assert_eq!(filter.kinds.len(), 1);
//! ```

use crate::date::IsoDate;
use crate::kb::catalog::{DealFilter, DealSort};
use crate::model::{DealKind, EntityId, EntityTable};
use crate::text::{Lang, TermKind, analyze};

/// Filters as typed: each field is text from a flag, a query parameter or a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterSpec {
    pub parties: Vec<String>,
    pub kinds: Vec<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// US dollars: "2000000000", "2B", "2 billion", "2 milliards".
    pub min_amount: Option<String>,
    /// `amount` or `date`.
    pub sort: Option<String>,
}

/// Which filter a [`FilterError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Party,
    Kind,
    Since,
    Until,
    MinAmount,
    Sort,
}

impl Field {
    /// The field's name in snake case (`min_amount`), as the HTTP API spells it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Party => "party",
            Field::Kind => "kind",
            Field::Since => "since",
            Field::Until => "until",
            Field::MinAmount => "min_amount",
            Field::Sort => "sort",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("{name:?} names no known entity; known: {}", known.join(", "))]
    UnknownParty { name: String, known: Vec<String> },
    #[error("{name:?} names {} entities ({}); give one entity per party filter", entities.len(), entities.join(", "))]
    AmbiguousParty { name: String, entities: Vec<String> },
    #[error("{kind:?} is not a deal kind; use one of {}", DealKind::ALL.map(DealKind::code).join(", "))]
    UnknownKind { kind: String },
    #[error("{value:?}: {reason} (use YYYY, YYYY-MM or YYYY-MM-DD)")]
    BadDate {
        field: Field,
        value: String,
        reason: String,
    },
    #[error("{text:?} is not an amount of US dollars: try 2000000000, 2B or \"2 billion\"")]
    BadAmount { text: String },
    #[error("{text:?} is not a sort order: use `amount` or `date`")]
    BadSort { text: String },
}

impl FilterError {
    /// The field at fault.
    pub fn field(&self) -> Field {
        match self {
            FilterError::UnknownParty { .. } | FilterError::AmbiguousParty { .. } => Field::Party,
            FilterError::UnknownKind { .. } => Field::Kind,
            FilterError::BadDate { field, .. } => *field,
            FilterError::BadAmount { .. } => Field::MinAmount,
            FilterError::BadSort { .. } => Field::Sort,
        }
    }

    /// A stable code for programs (`unknown_party`, `invalid_kind`, …).
    pub fn code(&self) -> &'static str {
        match self {
            FilterError::UnknownParty { .. } => "unknown_party",
            FilterError::AmbiguousParty { .. } => "ambiguous_party",
            FilterError::UnknownKind { .. } => "invalid_kind",
            FilterError::BadDate { .. } => "invalid_date",
            FilterError::BadAmount { .. } => "invalid_min_amount",
            FilterError::BadSort { .. } => "invalid_sort",
        }
    }
}

impl FilterSpec {
    /// Reads free text such as a chat message ("intel softbank", "Intel equity_stake"): every
    /// entity it names is a party and every deal-kind code a kind. Text that names neither is
    /// an unknown party.
    pub fn from_words(text: &str, entities: &EntityTable) -> FilterSpec {
        let links = entities.link(text);
        let mut spec = FilterSpec::default();
        let mut rest = String::new();
        let mut at = 0;
        for link in &links {
            rest.push_str(&text[at..link.from]);
            rest.push(' ');
            spec.parties.push(text[link.from..link.to].to_string());
            at = link.to;
        }
        rest.push_str(&text[at..]);
        let mut unknown = Vec::new();
        for word in rest.split(|c: char| c.is_whitespace() || c == ',') {
            if word.is_empty() {
                continue;
            }
            if DealKind::parse(word).is_some() {
                spec.kinds.push(word.to_string());
            } else {
                unknown.push(word);
            }
        }
        if !unknown.is_empty() {
            spec.parties.push(unknown.join(" "));
        }
        spec
    }

    /// The filter, or the first field that cannot be read.
    pub fn parse(&self, entities: &EntityTable) -> Result<DealFilter, FilterError> {
        let date = |field: Field, value: &Option<String>| {
            value
                .as_deref()
                .map(|v| {
                    IsoDate::parse(v.trim()).map_err(|e| FilterError::BadDate {
                        field,
                        value: v.to_string(),
                        reason: e.to_string(),
                    })
                })
                .transpose()
        };
        Ok(DealFilter {
            parties: self
                .parties
                .iter()
                .map(|p| party(entities, p))
                .collect::<Result<_, _>>()?,
            kinds: self
                .kinds
                .iter()
                .map(|k| {
                    DealKind::parse(k).ok_or_else(|| FilterError::UnknownKind { kind: k.clone() })
                })
                .collect::<Result<_, _>>()?,
            since: date(Field::Since, &self.since)?,
            until: date(Field::Until, &self.until)?,
            min_amount_usd: self.min_amount.as_deref().map(amount).transpose()?,
            sort: match self.sort.as_deref().map(|s| s.trim().to_ascii_lowercase()) {
                None => DealSort::Date,
                Some(s) if s == "date" => DealSort::Date,
                Some(s) if s == "amount" => DealSort::Amount,
                Some(_) => {
                    return Err(FilterError::BadSort {
                        text: self.sort.clone().unwrap_or_default(),
                    });
                }
            },
        })
    }
}

fn party(entities: &EntityTable, name: &str) -> Result<EntityId, FilterError> {
    let ids = EntityTable::distinct(&entities.link(name));
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => {
            let mut known: Vec<String> = entities.all().iter().map(|e| e.name.clone()).collect();
            known.sort_unstable();
            Err(FilterError::UnknownParty {
                name: name.to_string(),
                known,
            })
        }
        many => Err(FilterError::AmbiguousParty {
            name: name.to_string(),
            entities: many
                .iter()
                .map(|id| entities.name(id, Lang::En).to_string())
                .collect(),
        }),
    }
}

fn amount(text: &str) -> Result<u64, FilterError> {
    analyze(text, Lang::En, None)
        .into_iter()
        .find(|t| t.kind == TermKind::Number)
        .and_then(|t| t.text.parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| v.round() as u64)
        .ok_or_else(|| FilterError::BadAmount {
            text: text.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityKind};

    fn table() -> EntityTable {
        let e = |id: &str, name: &str, aliases: &[&str]| Entity {
            id: EntityId::parse(id).unwrap(),
            name: name.into(),
            name_fr: None,
            kind: EntityKind::Company,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        };
        EntityTable::build(vec![
            e("intel", "Intel", &[]),
            e("softbank", "SoftBank", &["SoftBank Group"]),
        ])
        .unwrap()
    }

    #[test]
    fn each_party_names_one_entity() {
        let spec = FilterSpec {
            parties: vec!["Intell".into(), "softbank group".into()],
            ..FilterSpec::default()
        };
        let f = spec.parse(&table()).unwrap();
        assert_eq!(f.parties.len(), 2);
        let two = FilterSpec {
            parties: vec!["intel softbank".into()],
            ..FilterSpec::default()
        };
        assert_eq!(two.parse(&table()).unwrap_err().code(), "ambiguous_party");
        let none = FilterSpec {
            parties: vec!["Zorglub".into()],
            ..FilterSpec::default()
        };
        let e = none.parse(&table()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("unknown_party", Field::Party));
    }

    #[test]
    fn free_words_become_parties_and_kinds() {
        let spec = FilterSpec::from_words("intel softbank equity_stake", &table());
        assert_eq!(spec.parties, ["intel", "softbank"]);
        assert_eq!(spec.kinds, ["equity_stake"]);
        assert_eq!(spec.parse(&table()).unwrap().parties.len(), 2);
        let junk = FilterSpec::from_words("zorglub", &table());
        assert_eq!(junk.parse(&table()).unwrap_err().code(), "unknown_party");
    }

    #[test]
    fn fields_are_checked() {
        let bad = |spec: FilterSpec| spec.parse(&table()).unwrap_err().code();
        assert_eq!(
            bad(FilterSpec {
                kinds: vec!["loan".into()],
                ..FilterSpec::default()
            }),
            "invalid_kind"
        );
        assert_eq!(
            bad(FilterSpec {
                since: Some("August".into()),
                ..FilterSpec::default()
            }),
            "invalid_date"
        );
        assert_eq!(
            bad(FilterSpec {
                min_amount: Some("lots".into()),
                ..FilterSpec::default()
            }),
            "invalid_min_amount"
        );
        assert_eq!(
            bad(FilterSpec {
                sort: Some("size".into()),
                ..FilterSpec::default()
            }),
            "invalid_sort"
        );
        let ok = FilterSpec {
            min_amount: Some("2 billion".into()),
            sort: Some("amount".into()),
            ..FilterSpec::default()
        };
        let f = ok.parse(&table()).unwrap();
        assert_eq!(
            (f.min_amount_usd, f.sort),
            (Some(2_000_000_000), DealSort::Amount)
        );
    }
}
