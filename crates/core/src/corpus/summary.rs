//! A deal's summary written from its fields, for the language its record gives none in: one
//! summary language is enough. It states only the record's checked fields.

use crate::model::{Deal, DealKind, EntityTable, Role};
use crate::text::Lang;
use crate::text::format;

/// The summary of `deal` in `lang`, from its kind, parties, amount, stake, shares and date.
pub fn write(deal: &Deal, entities: &EntityTable, lang: Lang) -> String {
    let name = |role: &dyn Fn(Role) -> bool| -> Vec<String> {
        deal.parties
            .iter()
            .filter(|p| role(p.role))
            .map(|p| entities.name(&p.entity, lang).to_string())
            .collect()
    };
    let and = |names: Vec<String>| -> String {
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!(
                "{} {} {last}",
                rest.join(", "),
                if lang == Lang::Fr { "et" } else { "and" }
            ),
        }
    };
    let givers = and(name(&|r| r.gives()));
    let receivers = and(name(&|r| r.receives()));
    let money = deal
        .amount
        .as_ref()
        .map(|m| format::money(m.value, &m.currency, lang));
    let mut text = match (deal.kind, lang) {
        (DealKind::Acquisition, Lang::En) => {
            let buyer = name(&|r| r == Role::Acquirer);
            let target = name(&|r| r == Role::Target);
            let seller = name(&|r| r == Role::Seller);
            let mut t = format!(
                "{} {} {}",
                and(buyer),
                if deal.status == crate::model::deal::Status::Completed {
                    "acquired"
                } else {
                    "agreed to acquire"
                },
                if target.is_empty() {
                    "a business".to_string()
                } else {
                    and(target)
                }
            );
            if !seller.is_empty() {
                t.push_str(&format!(" from {}", and(seller)));
            }
            if let Some(m) = &money {
                t.push_str(&format!(" for {m}"));
            }
            t
        }
        (DealKind::Acquisition, Lang::Fr) => {
            let buyer = name(&|r| r == Role::Acquirer);
            let target = name(&|r| r == Role::Target);
            let seller = name(&|r| r == Role::Seller);
            let mut t = format!(
                "{} {} {}",
                and(buyer),
                if deal.status == crate::model::deal::Status::Completed {
                    "a acquis"
                } else {
                    "a convenu d’acquérir"
                },
                if target.is_empty() {
                    "une activité".to_string()
                } else {
                    and(target)
                }
            );
            if !seller.is_empty() {
                t.push_str(&format!(" auprès de {}", and(seller)));
            }
            if let Some(m) = &money {
                t.push_str(&format!(" pour {m}"));
            }
            t
        }
        (DealKind::FundingRound, Lang::En) => {
            let mut t = format!("{receivers} raised");
            t.push_str(&money.as_ref().map_or(String::new(), |m| format!(" {m}")));
            t.push_str(&format!(" in a funding round with {givers}"));
            t
        }
        (DealKind::FundingRound, Lang::Fr) => {
            let mut t = format!("{receivers} a levé");
            t.push_str(&money.as_ref().map_or(String::new(), |m| format!(" {m}")));
            t.push_str(&format!(" lors d’un tour de table avec {givers}"));
            t
        }
        (DealKind::Investment | DealKind::EquityStake, Lang::En) if !givers.is_empty() => {
            match &money {
                Some(m) => format!("{givers} invested {m} in {receivers}"),
                None => format!("{givers} took a stake in {receivers}"),
            }
        }
        (DealKind::Investment | DealKind::EquityStake, Lang::Fr) if !givers.is_empty() => {
            match &money {
                Some(m) => format!("{givers} a investi {m} dans {receivers}"),
                None => format!("{givers} a pris une participation dans {receivers}"),
            }
        }
        (kind, _) => {
            let all = and(deal
                .parties
                .iter()
                .map(|p| entities.name(&p.entity, lang).to_string())
                .collect());
            let mut t = match lang {
                Lang::En => format!("{} between {all}", capitalise(kind.label(lang))),
                Lang::Fr => format!("{} entre {all}", capitalise(kind.label(lang))),
            };
            if let Some(m) = &money {
                t.push_str(&match lang {
                    Lang::En => format!(" worth {m}"),
                    Lang::Fr => format!(" d’une valeur de {m}"),
                });
            }
            t
        }
    };
    if let Some(s) = deal.stake_pct {
        text.push_str(&match lang {
            Lang::En => format!(", for {} of the capital", format::percent(s, lang)),
            Lang::Fr => format!(", pour {} du capital", format::percent(s, lang)),
        });
    }
    if let Some(n) = deal.shares {
        text.push_str(&format!(", {}", format::shares(n, lang)));
    }
    if let Some(v) = &deal.valuation {
        let v = format::money(v.value, &v.currency, lang);
        text.push_str(&match lang {
            Lang::En => format!(", valuing it at {v}"),
            Lang::Fr => format!(", pour une valorisation de {v}"),
        });
    }
    if let Some(d) = &deal.date {
        text.push_str(&match lang {
            Lang::En => format!(" ({})", format::date(d, lang)),
            Lang::Fr => format!(" ({})", format::date(d, lang)),
        });
    }
    text.push('.');
    text
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}
