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
        (DealKind::Acquisition, _) => {
            // (completed, agreed, no target named, seller, price) in the summary's language.
            let (done, agreed, a_business, from, price) = match lang {
                Lang::En => ("acquired", "agreed to acquire", "a business", "from", "for"),
                Lang::Fr => (
                    "a acquis",
                    "a convenu d’acquérir",
                    "une activité",
                    "auprès de",
                    "pour",
                ),
            };
            let target = name(&|r| r == Role::Target);
            let seller = name(&|r| r == Role::Seller);
            let mut t = format!(
                "{} {} {}",
                and(name(&|r| r == Role::Acquirer)),
                if deal.status == crate::model::deal::Status::Completed {
                    done
                } else {
                    agreed
                },
                if target.is_empty() {
                    a_business.to_string()
                } else {
                    and(target)
                }
            );
            if !seller.is_empty() {
                t.push_str(&format!(" {from} {}", and(seller)));
            }
            if let Some(m) = &money {
                t.push_str(&format!(" {price} {m}"));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ArticleId, CitationId};
    use crate::model::deal::{Money, Party, Status};
    use crate::model::entity::{Entity, EntityId, EntityKind};

    fn entity(id: &str, name: &str) -> Entity {
        Entity {
            id: EntityId::parse(id).unwrap(),
            name: name.to_string(),
            name_fr: None,
            kind: EntityKind::Company,
            aliases: Vec::new(),
        }
    }

    #[test]
    fn an_acquisition_is_summarised_in_either_language_from_its_fields() {
        let entities = EntityTable::from_entities(vec![
            entity("utilicorp", "UtiliCorp United"),
            entity("west-virginia-power", "West Virginia Power"),
            entity("dominion", "Dominion Resources"),
        ]);
        let article = ArticleId::parse("wire").unwrap();
        let party = |id: &str, role| Party {
            entity: EntityId::parse(id).unwrap(),
            role,
            lead: false,
        };
        let deal = Deal {
            id: "utilicorp-wvp".into(),
            kind: DealKind::Acquisition,
            parties: vec![
                party("utilicorp", Role::Acquirer),
                party("west-virginia-power", Role::Target),
                party("dominion", Role::Seller),
            ],
            amount: Some(Money {
                value: 21_000_000.0,
                currency: "USD".into(),
            }),
            valuation: None,
            stake_pct: None,
            shares: None,
            date: None,
            date_inferred: false,
            period: None,
            status: Status::Completed,
            terms_en: String::new(),
            terms_fr: String::new(),
            article: article.clone(),
            quote: String::new(),
            cites: CitationId::passage(article, 1),
            cited_text: String::new(),
            title: String::new(),
            url: None,
            same_as: None,
        };
        assert_eq!(
            write(&deal, &entities, Lang::En),
            "UtiliCorp United acquired West Virginia Power from Dominion Resources for $21 million."
        );
        assert_eq!(
            write(&deal, &entities, Lang::Fr),
            "UtiliCorp United a acquis West Virginia Power auprès de Dominion Resources pour 21 millions de dollars."
        );
    }
}
