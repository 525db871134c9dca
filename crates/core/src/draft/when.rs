//! The date of a deal as a sentence gives it, resolved against the article's `published` date:
//! "on February 20, 1986" is stated; "in March", "last month", "on Tuesday", "earlier today"
//! are inferred from the day of writing. Dates that are not the deal's — when an offer expires
//! or begins, a deadline, a meeting, the holders of record — are passed over, and a range
//! ("between Jan 26 and Feb 9") dates nothing more precise than what both ends share.

use crate::date::IsoDate;
use crate::text::dates::{self, DateSpan};
use crate::text::{Lang, fold, words};

/// A deal's date and whether it was inferred rather than stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct When {
    pub date: IsoDate,
    pub inferred: bool,
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn iso(y: i64, m: Option<i64>, d: Option<i64>) -> Option<IsoDate> {
    let text = match (m, d) {
        (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    };
    IsoDate::parse(&text).ok()
}

/// The published day as a day count, when the article gives a full date.
fn published_day(published: IsoDate) -> Option<i64> {
    Some(days_from_civil(
        i64::from(published.year()),
        i64::from(published.month()?),
        i64::from(published.day()?),
    ))
}

fn date_of_day(day: i64) -> Option<IsoDate> {
    let (y, m, d) = civil_from_days(day);
    iso(y, Some(m), Some(d))
}

/// Monday is 0.
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// Words just before a date that make it some other event's: an offer that expires or
/// begins, a deadline, a meeting, a record date.
const NOT_THE_DEALS: &[&str] = &[
    "expire", "expires", "expired", "expiring", "until", "by", "due", "begin", "begins", "start",
    "starts", "before", "after", "through", "ending", "ended", "ends", "record", "meeting",
    "close", "closed", "beyond", "jusqu", "avant", "apres", "expirera", "expire", "echeance",
];

fn resolve_relative(span: &DateSpan, text: &str, published: IsoDate) -> Option<When> {
    let said = fold(&text[span.bytes.clone()]);
    let w: Vec<String> = words(&said).into_iter().map(|(w, _, _)| w).collect();
    let first = w.first()?.as_str();
    let inferred = |date: Option<IsoDate>| {
        date.map(|date| When {
            date,
            inferred: true,
        })
    };
    let month_back = |back: i64| {
        let m = i64::from(published.month()?) - 1 - back;
        let (y, m) = (
            i64::from(published.year()) + m.div_euclid(12),
            m.rem_euclid(12) + 1,
        );
        iso(y, Some(m), None)
    };
    match first {
        "today" | "tonight" | "aujourd" => inferred(date_of_day(published_day(published)?)),
        "yesterday" | "hier" => inferred(date_of_day(published_day(published)? - 1)),
        "tomorrow" | "demain" => inferred(date_of_day(published_day(published)? + 1)),
        "last" | "derniere" if w.get(1).is_some_and(|n| n == "month" || n == "mois") => {
            inferred(month_back(1))
        }
        "next" | "prochaine" if w.get(1).is_some_and(|n| n == "month" || n == "mois") => {
            inferred(month_back(-1))
        }
        "last" | "derniere" if w.get(1).is_some_and(|n| n == "week" || n == "semaine") => inferred(
            date_of_day(published_day(published)? - 7)
                .and_then(|d| IsoDate::parse(&d.to_string()[..7]).ok()),
        ),
        // "Thursday", "last Thursday", "next Monday", "lundi prochain": the date reader
        // gives the weekday; "next" and "prochain" look ahead, the rest back.
        _ => {
            let wanted = i64::from(span.weekday?);
            let today = published_day(published)?;
            if w.iter().any(|n| n == "next" || n == "prochain") {
                let forward = (wanted - weekday(today)).rem_euclid(7);
                let forward = if forward == 0 { 7 } else { forward };
                return inferred(date_of_day(today + forward));
            }
            let back = (weekday(today) - wanted).rem_euclid(7);
            inferred(date_of_day(today - back))
        }
    }
}

/// French relative dates the shared date reader does not know: "le mois dernier", "la
/// semaine dernière".
fn french_relative(text: &str, published: IsoDate) -> Option<(usize, When)> {
    let ws = words(text);
    for pair in ws.windows(2) {
        let (a, b) = (&pair[0].0, &pair[1].0);
        let back = match (a.as_str(), b.as_str()) {
            ("mois", "dernier") => 1,
            _ => continue,
        };
        let m = i64::from(published.month()?) - 1 - back;
        let date = iso(
            i64::from(published.year()) + m.div_euclid(12),
            Some(m.rem_euclid(12) + 1),
            None,
        )?;
        return Some((
            pair[0].1,
            When {
                date,
                inferred: true,
            },
        ));
    }
    None
}

/// The deal's date in `text` (one sentence), if it states or implies one.
pub(crate) fn when(text: &str, lang: Lang, published: Option<IsoDate>) -> Option<When> {
    let spans = dates::dates(text, lang);
    let ws = words(text);
    let word_before = |at: usize, n: usize| -> Vec<String> {
        let i = ws.iter().position(|(_, f, _)| *f >= at).unwrap_or(ws.len());
        ws[i.saturating_sub(n)..i]
            .iter()
            .map(|(w, _, _)| w.clone())
            .collect()
    };
    let mut found: Option<(usize, When)> = None;
    let mut range_end_at: Option<usize> = None;
    for (i, span) in spans.iter().enumerate() {
        if range_end_at == Some(i) {
            continue;
        }
        if span
            .qualifier
            .is_some_and(|q| q.starts_with("by") || q == "end of")
        {
            continue;
        }
        let before = word_before(span.bytes.start, 3);
        if before
            .iter()
            .rev()
            .take(2)
            .any(|w| NOT_THE_DEALS.contains(&w.as_str()))
        {
            continue;
        }
        // A range: "between Jan 26 and Feb 9", "on Feb 17 and 19".
        let between = before
            .last()
            .is_some_and(|w| w == "between" || w == "entre");
        let after = text[span.bytes.end..].trim_start();
        let and_day = ["and ", "to ", "et ", "au ", "-"].iter().find_map(|c| {
            let rest = after.strip_prefix(c)?;
            Some(rest.chars().next().is_some_and(|c| c.is_ascii_digit()))
        }) == Some(true);
        let range_end = if between { spans.get(i + 1) } else { None };
        if between {
            range_end_at = Some(i + 1);
        }
        let resolved = if span.relative {
            let Some(published) = published else {
                continue;
            };
            resolve_relative(span, text, published)
        } else {
            let month = span.month.map(i64::from);
            let day = span.day.map(i64::from).filter(|_| !between && !and_day);
            if let Some(end) = range_end
                && (end.month != span.month || end.year != span.year)
            {
                continue;
            }
            match (span.year, month) {
                (Some(y), _) => iso(i64::from(y), month, day).map(|date| When {
                    date,
                    inferred: false,
                }),
                (None, Some(m)) => {
                    let Some(published) = published else {
                        continue;
                    };
                    let pm = i64::from(published.month().unwrap_or(12));
                    let y = i64::from(published.year()) - i64::from(m > pm);
                    iso(y, Some(m), day).map(|date| When {
                        date,
                        inferred: true,
                    })
                }
                (None, None) => None,
            }
        };
        if let Some(w) = resolved {
            found = Some((span.bytes.start, w));
            break;
        }
    }
    if lang == Lang::Fr
        && let Some(published) = published
        && let Some((at, w)) = french_relative(text, published)
        && found.is_none_or(|(f, _)| at < f)
    {
        found = Some((at, w));
    }
    found.map(|(_, w)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(text: &str, lang: Lang, published: &str) -> Option<(String, bool)> {
        when(text, lang, IsoDate::parse(published).ok()).map(|w| (w.date.to_string(), w.inferred))
    }

    #[test]
    fn dates_are_resolved_against_the_day_of_writing() {
        type Case<'a> = (&'a str, Lang, &'a str, Option<(&'a str, bool)>);
        let cases: &[Case] = &[
            (
                "it said on February 20, 1986, its predecessor acquired",
                Lang::En,
                "1987-03-02",
                Some(("1986-02-20", false)),
            ),
            (
                "it sold shares on Feb 17 and 19 for 10.0 mln dlrs",
                Lang::En,
                "1987-02-26",
                Some(("1987-02", true)),
            ),
            (
                "it bought shares between Jan 26 and Feb 9",
                Lang::En,
                "1987-02-26",
                None,
            ),
            (
                "signed a long-term agreement last month",
                Lang::En,
                "1987-03-02",
                Some(("1987-02", true)),
            ),
            (
                "Viacom said earlier today it received revised bids",
                Lang::En,
                "1987-03-02",
                Some(("1987-03-02", true)),
            ),
            (
                "the company agreed on Tuesday to buy it",
                Lang::En,
                "1987-03-02",
                Some(("1987-02-24", true)),
            ),
            (
                "the company agreed last Tuesday to buy it",
                Lang::En,
                "1987-03-02",
                Some(("1987-02-24", true)),
            ),
            (
                "the talks will resume next Monday",
                Lang::En,
                "1987-03-02",
                Some(("1987-03-09", true)),
            ),
            (
                "it agreed in December to buy it",
                Lang::En,
                "1987-03-02",
                Some(("1986-12", true)),
            ),
            (
                "the tender offer expires on March 6, 1986",
                Lang::En,
                "1987-03-02",
                None,
            ),
            (
                "En août, le gouvernement américain a investi",
                Lang::Fr,
                "2025-10",
                Some(("2025-08", true)),
            ),
            (
                "Alpha a racheté Beta le mois dernier",
                Lang::Fr,
                "2025-10-15",
                Some(("2025-09", true)),
            ),
            (
                "sold Nobel Industrier to Penser in 1984",
                Lang::En,
                "1987-03-02",
                Some(("1984", false)),
            ),
        ];
        for (text, lang, published, want) in cases {
            assert_eq!(
                on(text, *lang, published),
                want.map(|(d, i)| (d.to_string(), i)),
                "{text}"
            );
        }
    }

    #[test]
    fn civil_days_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (1987, 3, 2), (2000, 2, 29), (2025, 12, 31)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(weekday(days_from_civil(1987, 3, 2)), 0, "a Monday");
    }
}
