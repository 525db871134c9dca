//! Dates in running text, in either language: "Feb 17", "February 20, 1986", "20 février
//! 1986", "March 30, 1987", "by the end of March", "early April", "in 1984", "next week",
//! "Thursday" — each with what it states, written back the way each language writes dates.

use std::ops::Range;

use super::format::{MONTHS_EN, MONTHS_FR};
use super::scan::{RawKind, RawToken, scan};
use super::{Lang, fold};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateSpan {
    /// Byte range in the text, qualifiers included.
    pub bytes: Range<usize>,
    pub year: Option<u16>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// "end of", "early", "mid", "late", "by the end of"…, in English.
    pub qualifier: Option<&'static str>,
    /// Relative to the day of writing ("next week", "Thursday", "today"): true.
    pub relative: bool,
    /// The day of the week a relative date names, Monday = 0.
    pub weekday: Option<u8>,
}

/// The month a word names; `capitalized` decides for the English words that are also common
/// words ("may", "march").
fn month_of(word: &str, capitalized: bool) -> Option<u8> {
    let w = fold(word);
    let w = w.trim_end_matches('.');
    let m = match w {
        "january" | "jan" | "janvier" | "janv" => 1,
        "february" | "feb" | "fevrier" | "fevr" | "fev" => 2,
        "march" | "mar" => 3,
        "mars" => 3,
        "april" | "apr" | "avril" | "avr" => 4,
        "may" | "mai" => 5,
        "june" | "jun" | "juin" => 6,
        "july" | "jul" | "juillet" | "juil" => 7,
        "august" | "aug" | "aout" => 8,
        "september" | "sept" | "sep" | "septembre" => 9,
        "october" | "oct" | "octobre" => 10,
        "november" | "nov" | "novembre" => 11,
        "december" | "dec" | "decembre" => 12,
        _ => return None,
    };
    if matches!(
        w,
        "may" | "march" | "mar" | "jan" | "sept" | "oct" | "dec" | "nov"
    ) && !capitalized
    {
        return None;
    }
    Some(m)
}

const RELATIVE: &[&str] = &[
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "aujourd",
    "hier",
    "demain",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
];

const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const WEEKDAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// The day of the week a folded word names, in either language (Monday = 0).
fn weekday_of(folded: &str) -> Option<u8> {
    WEEKDAYS_EN
        .iter()
        .position(|d| d.eq_ignore_ascii_case(folded))
        .or_else(|| WEEKDAYS_FR.iter().position(|d| *d == folded))
        .and_then(|p| u8::try_from(p).ok())
}

/// Weekdays as `lang` writes them, with the "last" or "next" the source gave them:
/// "jeudi et vendredi derniers" for "last Thursday and Friday".
fn write_weekdays(source: &str, lang: Lang) -> String {
    let folded = fold(source);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let days: Vec<usize> = words
        .iter()
        .filter_map(|w| weekday_of(w))
        .map(|d| usize::from(d.min(6)))
        .collect();
    let last = words.iter().any(|w| matches!(*w, "last" | "dernier"));
    let next = words.iter().any(|w| matches!(*w, "next" | "prochain"));
    let plural = days.len() > 1;
    match lang {
        Lang::En => {
            let days: Vec<&str> = days.iter().map(|&d| WEEKDAYS_EN[d]).collect();
            let days = days.join(" and ");
            match (last, next) {
                (true, _) => format!("last {days}"),
                (_, true) => format!("next {days}"),
                _ => days,
            }
        }
        Lang::Fr => {
            let days: Vec<&str> = days.iter().map(|&d| WEEKDAYS_FR[d]).collect();
            let days = days.join(" et ");
            match (last, next, plural) {
                (true, _, false) => format!("{days} dernier"),
                (true, _, true) => format!("{days} derniers"),
                (_, true, false) => format!("{days} prochain"),
                (_, true, true) => format!("{days} prochains"),
                _ => days,
            }
        }
    }
}

fn number_of(t: &RawToken) -> Option<u32> {
    match t.kind {
        RawKind::Number(d) => {
            let s = d.to_string();
            s.parse::<u32>().ok().filter(|_| !s.contains('.'))
        }
        _ => None,
    }
}

/// The dates of `text`, written in `lang`, in order.
pub fn dates(text: &str, lang: Lang) -> Vec<DateSpan> {
    let tokens = scan(text, lang);
    let word = |i: usize| {
        tokens
            .get(i)
            .filter(|t| t.kind == RawKind::Word)
            .map(|t| fold(t.text))
    };
    let mut out: Vec<DateSpan> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let capitalized = t.text.chars().next().is_some_and(char::is_uppercase);
        if t.kind == RawKind::Word
            && let Some(month) = month_of(t.text, capitalized)
        {
            let mut start = t.from;
            let mut end = t.to;
            let mut day = None;
            let mut year = None;
            let mut j = i + 1;
            // "20 février", "le 20 février".
            if i > 0
                && let Some(d) = number_of(&tokens[i - 1]).filter(|d| (1..=31).contains(d))
            {
                day = Some(d as u8);
                start = tokens[i - 1].from;
            }
            // "Feb 17", "February 20, 1986", "March 30, 1987".
            if day.is_none()
                && let Some(d) = tokens
                    .get(j)
                    .and_then(number_of)
                    .filter(|d| (1..=31).contains(d))
            {
                day = Some(d as u8);
                end = tokens[j].to;
                j += 1;
            }
            if let Some(y) = tokens
                .get(j)
                .and_then(number_of)
                .filter(|y| (1900..=2100).contains(y))
            {
                year = Some(y as u16);
                end = tokens[j].to;
                j += 1;
            }
            // Qualifiers before: "by the end of March", "early April", "fin mars".
            let mut qualifier = None;
            let first = if day.is_some() && start < t.from {
                i - 1
            } else {
                i
            };
            let before = |k: usize| first.checked_sub(k).and_then(word);
            let mut qualifier_start = None;
            if before(1).as_deref() == Some("of")
                && matches!(
                    before(2).as_deref(),
                    Some("end" | "beginning" | "start" | "middle")
                )
            {
                qualifier = Some(match before(2).as_deref() {
                    Some("end") => "end of",
                    Some("beginning" | "start") => "beginning of",
                    _ => "middle of",
                });
                qualifier_start = Some(first - 2);
                if before(3).as_deref() == Some("the") && before(4).as_deref() == Some("by") {
                    qualifier = Some(match qualifier {
                        Some("end of") => "by the end of",
                        q => q.unwrap_or("by"),
                    });
                    qualifier_start = Some(first - 4);
                }
            } else if let Some(q) = before(1).as_deref().and_then(|w| match w {
                "early" | "debut" => Some("early"),
                "mid" | "mi" => Some("mid"),
                "late" => Some("late"),
                "fin" => Some("end of"),
                _ => None,
            }) {
                qualifier = Some(q);
                qualifier_start = Some(first - 1);
            }
            if let Some(k) = qualifier_start {
                start = tokens[k].from;
            }
            out.push(DateSpan {
                bytes: start..end,
                year,
                month: Some(month),
                day,
                qualifier,
                relative: false,
                weekday: None,
            });
            i = j;
            continue;
        }
        if let Some(w) = word(i) {
            if RELATIVE.contains(&w.as_str()) {
                let weekday = weekday_of(&w);
                let mut bytes = t.from..t.to;
                // "last Thursday", "next Monday"; "jeudi dernier", "lundi prochain".
                if weekday.is_some() {
                    if i > 0 && matches!(word(i - 1).as_deref(), Some("last" | "next" | "this")) {
                        bytes.start = tokens[i - 1].from;
                    } else if matches!(word(i + 1).as_deref(), Some("dernier" | "prochain")) {
                        bytes.end = tokens[i + 1].to;
                        i += 1;
                    }
                    // "last Thursday and Friday": one span of two days.
                    if matches!(word(i + 1).as_deref(), Some("and" | "et" | "or" | "ou"))
                        && word(i + 2).is_some_and(|w| weekday_of(&w).is_some())
                    {
                        bytes.end = tokens[i + 2].to;
                        i += 2;
                    }
                }
                out.push(DateSpan {
                    bytes,
                    year: None,
                    month: None,
                    day: None,
                    qualifier: None,
                    relative: true,
                    weekday,
                });
            } else if matches!(w.as_str(), "next" | "last" | "prochaine" | "derniere")
                && matches!(
                    word(i + 1).as_deref(),
                    Some("week" | "month" | "year" | "semaine" | "mois" | "annee")
                )
            {
                out.push(DateSpan {
                    bytes: t.from..tokens[i + 1].to,
                    year: None,
                    month: None,
                    day: None,
                    qualifier: None,
                    relative: true,
                    weekday: None,
                });
                i += 2;
                continue;
            } else if matches!(
                w.as_str(),
                "in" | "en" | "since" | "depuis" | "fiscal" | "during"
            ) && let Some(y) = tokens
                .get(i + 1)
                .and_then(number_of)
                .filter(|y| (1900..=2100).contains(y))
            {
                let next = &tokens[i + 1];
                out.push(DateSpan {
                    bytes: next.from..next.to,
                    year: Some(y as u16),
                    month: None,
                    day: None,
                    qualifier: None,
                    relative: false,
                    weekday: None,
                });
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The date written the way `lang` writes dates ("March 25, 1987", "25 mars 1987", "by the
/// end of March", "fin mars"); a relative date is given as the source wrote it.
pub fn write(d: &DateSpan, source: &str, lang: Lang) -> String {
    if d.weekday.is_some() {
        return write_weekdays(&source[d.bytes.clone()], lang);
    }
    if d.relative || d.month.is_none() && d.year.is_none() {
        return source[d.bytes.clone()].to_string();
    }
    let Some(m) = d.month else {
        return d.year.map(|y| y.to_string()).unwrap_or_default();
    };
    let m = usize::from(m - 1);
    let core = match (lang, d.day, d.year) {
        (Lang::En, Some(day), Some(y)) => format!("{} {day}, {y}", MONTHS_EN[m]),
        (Lang::En, Some(day), None) => format!("{} {day}", MONTHS_EN[m]),
        (Lang::En, None, Some(y)) => format!("{} {y}", MONTHS_EN[m]),
        (Lang::En, None, None) => MONTHS_EN[m].to_string(),
        (Lang::Fr, Some(day), Some(y)) => format!("{} {} {y}", fr_day(day), MONTHS_FR[m]),
        (Lang::Fr, Some(day), None) => format!("{} {}", fr_day(day), MONTHS_FR[m]),
        (Lang::Fr, None, Some(y)) => format!("{} {y}", MONTHS_FR[m]),
        (Lang::Fr, None, None) => MONTHS_FR[m].to_string(),
    };
    match (d.qualifier, lang) {
        (None, _) => core,
        (Some(q), Lang::En) => format!("{q} {core}"),
        (Some(q), Lang::Fr) => {
            let fr = match q {
                "by the end of" => "d’ici fin",
                "end of" => "fin",
                "beginning of" | "early" => "début",
                "middle of" | "mid" => "mi-",
                "late" => "fin",
                other => other,
            };
            if fr.ends_with('-') {
                format!("{fr}{core}")
            } else {
                format!("{fr} {core}")
            }
        }
    }
}

fn fr_day(day: u8) -> String {
    if day == 1 {
        "1er".to_string()
    } else {
        day.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, lang: Lang, to: Lang) -> Vec<String> {
        dates(text, lang)
            .iter()
            .map(|d| write(d, text, to))
            .collect()
    }

    #[test]
    fn wire_dates() {
        assert_eq!(
            read(
                "it sold shares on Feb 17 and 19; on February 20, 1986, it acquired; the offer expires March 25; by the end of March; early April; in 1984; next week; you may go",
                Lang::En,
                Lang::En
            ),
            [
                "February 17",
                "February 20, 1986",
                "March 25",
                "by the end of March",
                "early April",
                "1984",
                "next week"
            ]
        );
        assert_eq!(
            read("the offer expires March 30, 1987", Lang::En, Lang::Fr),
            ["30 mars 1987"]
        );
        assert_eq!(
            read("Le 20 février 1986, fin mars", Lang::Fr, Lang::En),
            ["February 20, 1986", "end of March"]
        );
    }

    #[test]
    fn weekdays_are_written_in_the_reader_s_language_with_their_last_or_next() {
        assert_eq!(
            read(
                "The offer will begin Thursday; it remained silent last Thursday and Friday.",
                Lang::En,
                Lang::En
            ),
            ["Thursday", "last Thursday and Friday"]
        );
        assert_eq!(
            read(
                "The offer will begin Thursday; it remained silent last Thursday and Friday.",
                Lang::En,
                Lang::Fr
            ),
            ["jeudi", "jeudi et vendredi derniers"]
        );
        assert_eq!(
            read("Il a signé lundi dernier.", Lang::Fr, Lang::En),
            ["last Monday"]
        );
        // "Today" is relative too, but names no weekday: it is written as the source wrote it.
        let today = dates("The talks open today.", Lang::En);
        assert_eq!(today.len(), 1);
        assert_eq!(today[0].weekday, None);
    }
}
