//! The `terms` summaries of a drafted record, written from its fields by one template per
//! language. Figures are written from the quote's own quantities ("21 mln dlrs" → "$21
//! million", "21 millions de dollars"), so every figure of a summary is a figure of the quote;
//! a date is written to the precision the quote states (an inferred day is given as its month).

use crate::date::IsoDate;
use crate::model::deal::{DealKind, Role, Status};
use crate::text::Lang;
use crate::text::format::{MONTHS_EN, MONTHS_FR};
use crate::text::quantity::{self, Quantity};

/// What a summary is written from.
pub(crate) struct Facts<'a> {
    pub kind: DealKind,
    /// Display names with roles, in the record's order.
    pub parties: Vec<(&'a str, Role)>,
    pub amount: Option<&'a Quantity>,
    pub stake: Option<&'a Quantity>,
    pub shares: Option<&'a Quantity>,
    pub date: Option<IsoDate>,
    /// The day is the source's (not inferred from "Tuesday").
    pub day_stated: bool,
    pub status: Status,
}

fn list(names: &[&str], lang: Lang) -> String {
    let and = match lang {
        Lang::En => "and",
        Lang::Fr => "et",
    };
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// "de X", or "d’X" before a vowel: "d’Imperial Continental", "d’actifs".
fn de(x: &str) -> String {
    let vowel = x
        .chars()
        .next()
        .is_some_and(|c| "aeiouyAEIOUYÉÈÊéèêÀÂàâÎîÔôÛû".contains(c));
    if vowel {
        format!("d’{x}")
    } else {
        format!("de {x}")
    }
}

/// Whether a list of names is several: "A et B", "A, B et C".
fn plural(names: &str) -> bool {
    names.contains(" et ") || names.contains(", ")
}

fn date_phrase(f: &Facts, lang: Lang) -> String {
    let Some(d) = f.date else {
        return String::new();
    };
    let month = d.month().map(|m| usize::from(m) - 1);
    match (lang, month, d.day().filter(|_| f.day_stated)) {
        (Lang::En, Some(m), Some(day)) => format!(" on {} {day}, {}", MONTHS_EN[m], d.year()),
        (Lang::En, Some(m), None) => format!(" in {} {}", MONTHS_EN[m], d.year()),
        (Lang::En, None, _) => format!(" in {}", d.year()),
        (Lang::Fr, Some(m), Some(day)) => {
            let day = if day == 1 {
                "1er".to_string()
            } else {
                day.to_string()
            };
            format!(" le {day} {} {}", MONTHS_FR[m], d.year())
        }
        (Lang::Fr, Some(m), None) => format!(" en {} {}", MONTHS_FR[m], d.year()),
        (Lang::Fr, None, _) => format!(" en {}", d.year()),
    }
}

fn with<'a>(f: &Facts<'a>, roles: &[Role]) -> Vec<&'a str> {
    f.parties
        .iter()
        .filter(|(_, r)| roles.contains(r))
        .map(|(n, _)| *n)
        .collect()
}

/// The summary of `f` in `lang`.
pub(crate) fn write(f: &Facts, lang: Lang) -> String {
    let q = |q: Option<&Quantity>| q.map(|q| quantity::write(q, lang));
    let buyers = list(&with(f, &[Role::Acquirer, Role::Investor]), lang);
    let targets = list(&with(f, &[Role::Target]), lang);
    let sellers = list(&with(f, &[Role::Seller]), lang);
    let amount = q(f.amount);
    let stake = q(f.stake);
    let shares = q(f.shares);
    let date = date_phrase(f, lang);
    let sentence = match lang {
        Lang::En => english(f, &buyers, &targets, &sellers, stake, shares),
        Lang::Fr => french(f, &buyers, &targets, &sellers, stake, shares),
    };
    let price = match (amount, lang) {
        (Some(a), Lang::En) => format!(" for {a}"),
        (Some(a), Lang::Fr) => format!(" pour {a}"),
        (None, _) => String::new(),
    };
    let condition = match (f.status, lang) {
        (Status::Conditional, Lang::En) => ", subject to conditions",
        (Status::Conditional, Lang::Fr) => ", sous conditions",
        _ => "",
    };
    let mut out = format!("{sentence}{price}{date}{condition}.");
    if let Some(first) = out.chars().next() {
        let upper: String = first.to_uppercase().collect();
        out.replace_range(..first.len_utf8(), &upper);
    }
    out
}

fn english(
    f: &Facts,
    buyers: &str,
    targets: &str,
    sellers: &str,
    stake: Option<String>,
    shares: Option<String>,
) -> String {
    let done = f.status == Status::Completed;
    let all = |names: &[Role]| list(&with(f, names), Lang::En);
    match f.kind {
        DealKind::ShareWarrant => {
            let grantors = all(&[Role::Grantor]);
            let grantees = all(&[Role::Grantee]);
            let what = match (&shares, &stake) {
                (Some(n), _) => format!("up to {n}"),
                (None, Some(s)) => format!("up to {s} of its stock"),
                (None, None) => "shares".to_string(),
            };
            format!("{grantors} granted {grantees} the right to buy {what}")
        }
        DealKind::Licensing => {
            let licensors = all(&[Role::Licensor]);
            let licensees = all(&[Role::Licensee]);
            format!("{licensors} licenses technology to {licensees}")
        }
        DealKind::Agreement | DealKind::Contract | DealKind::Partnership => {
            let noun = match f.kind {
                DealKind::Contract => "a contract",
                DealKind::Partnership => "a partnership",
                _ => "an agreement",
            };
            let customers = all(&[Role::Customer]);
            let suppliers = all(&[Role::Supplier]);
            let partners = all(&[Role::Partner]);
            match (customers.is_empty(), suppliers.is_empty()) {
                (false, false) => format!("{customers} signed {noun} to buy from {suppliers}"),
                (false, true) => format!("{customers} signed {noun} to buy supplies"),
                (true, false) => format!("{suppliers} signed {noun} to supply"),
                (true, true) => format!("{partners} signed {noun}"),
            }
        }
        _ => {
            let what = match (&stake, targets.is_empty()) {
                (Some(s), false) => format!("{s} of {targets}"),
                (Some(s), true) => s.clone(),
                (None, false) if f.kind == DealKind::Acquisition => targets.to_string(),
                (None, false) => match &shares {
                    Some(n) => format!("{n} of {targets}"),
                    None => format!("a stake in {targets}"),
                },
                (None, true) => match &shares {
                    Some(n) => n.clone(),
                    None => "assets".to_string(),
                },
            };
            let from = if sellers.is_empty() {
                String::new()
            } else {
                format!(" from {sellers}")
            };
            let exchange = match (&shares, f.kind, stake.is_some() || targets.is_empty()) {
                (Some(n), DealKind::Acquisition, false) => format!(", a deal involving {n}"),
                _ => String::new(),
            };
            if buyers.is_empty() {
                let verb = if done { "sold" } else { "agreed to sell" };
                let who = if sellers.is_empty() { targets } else { sellers };
                let thing = if sellers.is_empty() { "shares" } else { &what };
                return format!("{who} {verb} {thing}{exchange}");
            }
            if f.kind == DealKind::Investment && stake.is_none() {
                let verb = if done { "invested" } else { "agreed to invest" };
                return format!("{buyers} {verb} in {targets}");
            }
            let verb = if done {
                "acquired"
            } else {
                "announced a deal to acquire"
            };
            format!("{buyers} {verb} {what}{from}{exchange}")
        }
    }
}

fn french(
    f: &Facts,
    buyers: &str,
    targets: &str,
    sellers: &str,
    stake: Option<String>,
    shares: Option<String>,
) -> String {
    let done = f.status == Status::Completed;
    let all = |names: &[Role]| list(&with(f, names), Lang::Fr);
    match f.kind {
        DealKind::ShareWarrant => {
            let grantors = all(&[Role::Grantor]);
            let grantees = all(&[Role::Grantee]);
            let what = match (&shares, &stake) {
                (Some(n), _) => format!("jusqu’à {n}"),
                (None, Some(s)) => format!("jusqu’à {s} de son capital"),
                (None, None) => "des actions".to_string(),
            };
            let has = if plural(&grantors) { "ont" } else { "a" };
            format!("{grantors} {has} accordé à {grantees} le droit d’acheter {what}")
        }
        DealKind::Licensing => {
            let licensors = all(&[Role::Licensor]);
            let licensees = all(&[Role::Licensee]);
            let verb = if plural(&licensors) {
                "concèdent"
            } else {
                "concède"
            };
            format!("{licensors} {verb} une licence technologique à {licensees}")
        }
        DealKind::Agreement | DealKind::Contract | DealKind::Partnership => {
            let noun = match f.kind {
                DealKind::Contract => "un contrat",
                DealKind::Partnership => "un partenariat",
                _ => "un accord",
            };
            let customers = all(&[Role::Customer]);
            let suppliers = all(&[Role::Supplier]);
            let partners = all(&[Role::Partner]);
            let verb = |names: &str| {
                if names.contains(", ") || names.contains(" et ") {
                    "ont signé"
                } else {
                    "a signé"
                }
            };
            match (customers.is_empty(), suppliers.is_empty()) {
                (false, false) => format!(
                    "{customers} {} {noun} d’achat auprès de {suppliers}",
                    verb(&customers)
                ),
                (false, true) => format!("{customers} {} {noun} d’achat", verb(&customers)),
                (true, false) => format!(
                    "{suppliers} {} {noun} d’approvisionnement",
                    verb(&suppliers)
                ),
                (true, true) => format!("{partners} {} {noun}", verb(&partners)),
            }
        }
        _ => {
            let what = match (&stake, targets.is_empty()) {
                (Some(s), false) => format!("{s} {}", de(targets)),
                (Some(s), true) => s.clone(),
                (None, false) if f.kind == DealKind::Acquisition => targets.to_string(),
                (None, false) => match &shares {
                    Some(n) => format!("{n} {}", de(targets)),
                    None => format!("une participation dans {targets}"),
                },
                (None, true) => match &shares {
                    Some(n) => n.clone(),
                    None => "des actifs".to_string(),
                },
            };
            let from = if sellers.is_empty() {
                String::new()
            } else {
                format!(" auprès {}", de(sellers))
            };
            let exchange = match (&shares, f.kind, stake.is_some() || targets.is_empty()) {
                (Some(n), DealKind::Acquisition, false) => {
                    format!(", une opération portant sur {n}")
                }
                _ => String::new(),
            };
            if buyers.is_empty() {
                let who = if sellers.is_empty() { targets } else { sellers };
                let verb = match (done, plural(who)) {
                    (true, false) => "a cédé",
                    (true, true) => "ont cédé",
                    (false, false) => "a accepté de céder",
                    (false, true) => "ont accepté de céder",
                };
                let thing = if sellers.is_empty() {
                    "des actions"
                } else {
                    &what
                };
                return format!("{who} {verb} {thing}{exchange}");
            }
            let has = if plural(buyers) { "ont" } else { "a" };
            if f.kind == DealKind::Investment && stake.is_none() {
                let verb = if done {
                    "investi"
                } else {
                    "accepté d’investir"
                };
                return format!("{buyers} {has} {verb} dans {targets}");
            }
            if done {
                format!("{buyers} {has} acquis {what}{from}{exchange}")
            } else {
                // "l’acquisition de 50 % de X", "l’acquisition d’actifs".
                let what = what.strip_prefix("des ").unwrap_or(&what);
                format!(
                    "{buyers} {has} annoncé l’acquisition {}{from}{exchange}",
                    de(what)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(kind: DealKind, parties: Vec<(&'a str, Role)>, q: &'a [Quantity]) -> Facts<'a> {
        Facts {
            kind,
            parties,
            amount: q.iter().find(|q| q.is_money()),
            stake: q
                .iter()
                .find(|q| q.unit == crate::text::quantity::Unit::Percent),
            shares: None,
            date: IsoDate::parse("1987-02").ok(),
            day_stated: false,
            status: Status::Announced,
        }
    }

    #[test]
    fn summaries_state_the_quotes_figures_in_each_language() {
        let quote = "it agreed to buy 50 pct of (Groupe Promexpo Inc) for three mln dlrs";
        let q = quantity::quantities(quote, Lang::En);
        let f = facts(
            DealKind::EquityStake,
            vec![
                ("Groupe Videotron Ltd", Role::Investor),
                ("Groupe Promexpo Inc", Role::Target),
            ],
            &q,
        );
        assert_eq!(
            write(&f, Lang::En),
            "Groupe Videotron Ltd announced a deal to acquire 50% of Groupe Promexpo Inc for $3 million in February 1987."
        );
        assert_eq!(
            write(&f, Lang::Fr),
            "Groupe Videotron Ltd a annoncé l’acquisition de 50 % de Groupe Promexpo Inc pour 3 millions de dollars en février 1987."
        );
        let price: Vec<Quantity> = q.iter().filter(|q| q.is_money()).cloned().collect();
        let sale = facts(
            DealKind::Acquisition,
            vec![("Gulf Applied Technologies Inc", Role::Seller)],
            &price,
        );
        assert_eq!(
            write(&sale, Lang::En),
            "Gulf Applied Technologies Inc agreed to sell assets for $3 million in February 1987."
        );
    }
}
