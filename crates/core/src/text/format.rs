//! Figures and dates written the way each language writes them: "8,9 milliards de dollars",
//! "$8.9 billion", "9,9 %", "9.9%", "août 2025", "August 2025".

use crate::date::IsoDate;
use crate::text::Lang;

/// Month names, January first, as each language writes them in a date.
pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A decimal with at most two fraction digits, trailing zeros dropped, in the language's style.
pub fn decimal(value: f64, lang: Lang) -> String {
    // An empty sum of floats is -0.0, and a value that rounds to zero may be negative: neither
    // is written "-0".
    let value = if value.abs() < 0.005 { 0.0 } else { value };
    let mut s = format!("{value:.2}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let grouped = group_thousands(int, lang);
    match (frac, lang) {
        (Some(f), Lang::Fr) => format!("{grouped},{f}"),
        (Some(f), Lang::En) => format!("{grouped}.{f}"),
        (None, _) => grouped,
    }
}

fn group_thousands(int: &str, lang: Lang) -> String {
    let sep = match lang {
        Lang::Fr => ' ',
        Lang::En => ',',
    };
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) && c.is_ascii_digit() {
            out.push(sep);
        }
        out.push(*c);
    }
    out
}

/// A count with its scale word: (scaled value, French word, English word).
fn scaled(value: f64) -> (f64, &'static str, &'static str, &'static str) {
    if value >= 1e12 {
        (value / 1e12, "billion", "billions", "trillion")
    } else if value >= 1e9 {
        (value / 1e9, "milliard", "milliards", "billion")
    } else if value >= 1e6 {
        (value / 1e6, "million", "millions", "million")
    } else {
        (value, "", "", "")
    }
}

/// "8,9 milliards de dollars" / "$8.9 billion"; "2 milliards d’euros" / "€2 billion".
pub fn money(value: f64, currency: &str, lang: Lang) -> String {
    let (v, fr_one, fr_many, en) = scaled(value);
    let number = decimal(v, lang);
    match lang {
        Lang::Fr => {
            let word = if v < 2.0 { fr_one } else { fr_many };
            let unit = match currency {
                "USD" => "dollars",
                "EUR" => "euros",
                "GBP" => "livres sterling",
                other => other,
            };
            let elided = unit.starts_with(['a', 'e', 'i', 'o', 'u']);
            match (word.is_empty(), elided) {
                (true, _) => format!("{number} {unit}"),
                (false, true) => format!("{number} {word} d’{unit}"),
                (false, false) => format!("{number} {word} de {unit}"),
            }
        }
        Lang::En => {
            let scale = if en.is_empty() {
                String::new()
            } else {
                format!(" {en}")
            };
            match currency {
                "USD" => format!("${number}{scale}"),
                "EUR" => format!("€{number}{scale}"),
                "GBP" => format!("£{number}{scale}"),
                other => format!("{number}{scale} {other}"),
            }
        }
    }
}

/// "160 millions d’actions" / "160 million shares".
pub fn shares(count: u64, lang: Lang) -> String {
    let (v, fr_one, fr_many, en) = scaled(count as f64);
    let number = decimal(v, lang);
    match lang {
        Lang::Fr if fr_one.is_empty() => format!("{number} actions"),
        Lang::Fr => format!(
            "{number} {} d’actions",
            if v < 2.0 { fr_one } else { fr_many }
        ),
        Lang::En if en.is_empty() => format!("{number} shares"),
        Lang::En => format!("{number} {en} shares"),
    }
}

/// "9,9 %" / "9.9%".
pub fn percent(value: f64, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{} %", decimal(value, lang)),
        Lang::En => format!("{}%", decimal(value, lang)),
    }
}

/// "août 2025" / "August 2025"; "12 août 2025" / "August 12, 2025"; "2025".
pub fn date(d: &IsoDate, lang: Lang) -> String {
    match (d.month(), d.day(), lang) {
        (None, _, _) => d.year().to_string(),
        (Some(m), None, Lang::Fr) => format!("{} {}", MONTHS_FR[usize::from(m - 1)], d.year()),
        (Some(m), None, Lang::En) => format!("{} {}", MONTHS_EN[usize::from(m - 1)], d.year()),
        (Some(m), Some(day), Lang::Fr) => format!(
            "{} {} {}",
            if day == 1 {
                "1er".to_string()
            } else {
                day.to_string()
            },
            MONTHS_FR[usize::from(m - 1)],
            d.year()
        ),
        (Some(m), Some(day), Lang::En) => {
            format!("{} {day}, {}", MONTHS_EN[usize::from(m - 1)], d.year())
        }
    }
}

/// "entre 2023 et 2024" / "between 2023 and 2024".
pub fn period(from: &IsoDate, to: &IsoDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("entre {} et {}", date(from, lang), date(to, lang)),
        Lang::En => format!("between {} and {}", date(from, lang), date(to, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_never_negative() {
        let empty: f64 = Vec::<f64>::new().iter().sum();
        assert_eq!(money(empty, "USD", Lang::En), "$0");
        assert_eq!(decimal(-0.001, Lang::Fr), "0");
    }

    #[test]
    fn money_in_each_language() {
        assert_eq!(money(8.9e9, "USD", Lang::Fr), "8,9 milliards de dollars");
        assert_eq!(money(8.9e9, "USD", Lang::En), "$8.9 billion");
        assert_eq!(money(2e9, "USD", Lang::Fr), "2 milliards de dollars");
        assert_eq!(money(1.5e9, "EUR", Lang::Fr), "1,5 milliard d’euros");
        assert_eq!(money(22.4e9, "USD", Lang::En), "$22.4 billion");
        assert_eq!(money(10.9e9, "USD", Lang::En), "$10.9 billion");
        assert_eq!(money(250e6, "EUR", Lang::En), "€250 million");
        assert_eq!(money(12_500.0, "USD", Lang::En), "$12,500");
        assert_eq!(money(12_500.0, "CHF", Lang::Fr), "12 500 CHF");
    }

    #[test]
    fn shares_percent_dates() {
        assert_eq!(shares(160_000_000, Lang::Fr), "160 millions d’actions");
        assert_eq!(shares(160_000_000, Lang::En), "160 million shares");
        assert_eq!(percent(9.9, Lang::Fr), "9,9 %");
        assert_eq!(percent(9.9, Lang::En), "9.9%");
        let d = IsoDate::parse("2025-08").unwrap();
        assert_eq!(date(&d, Lang::Fr), "août 2025");
        assert_eq!(date(&d, Lang::En), "August 2025");
        let d = IsoDate::parse("2025-08-01").unwrap();
        assert_eq!(date(&d, Lang::Fr), "1er août 2025");
        assert_eq!(date(&d, Lang::En), "August 1, 2025");
    }
}
