//! Publication dates as sources write them, made ISO: the day the publisher dated it, or the
//! month when that is all a source gives.
//!
//! ```
//! use dealdesk_import::date::normalise;
//! let day = |s| normalise(s).map(|d| d.to_string());
//! assert_eq!(day("2025-08-14T07:00:00Z").as_deref(), Some("2025-08-14"));
//! assert_eq!(day("Tue, 30 Sep 2025 21:30:00 -0400").as_deref(), Some("2025-09-30"));
//! assert_eq!(day("12 septembre 2025").as_deref(), Some("2025-09-12"));
//! assert_eq!(day("2025-09").as_deref(), Some("2025-09"));
//! assert_eq!(day("last week"), None);
//! ```

use chrono::{DateTime, NaiveDate, NaiveTime};

use dealdesk_core::date::IsoDate;
use dealdesk_core::text::Lang;
use dealdesk_core::text::dates::dates;

/// The date `raw` states, to the day or the month; `None` when it states neither (a bare year
/// is not taken: it is too often something else). A timestamp keeps its own calendar day, not
/// the UTC one: "Tue, 30 Sep 2025 21:30:00 -0400" is the 30th.
pub fn normalise(raw: &str) -> Option<IsoDate> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return from_naive(t.date_naive());
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return from_naive(t.date_naive());
    }
    if let Some(d) = iso_prefix(s) {
        return Some(d);
    }
    for format in ["%Y/%m/%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, format) {
            return from_naive(d);
        }
    }
    written(s)
}

/// A day as the timestamp a feed parser expects: midnight UTC of that calendar day, so that its
/// UTC date is the day the source gave.
pub(crate) fn feed_timestamp(raw: &str) -> Option<DateTime<chrono::Utc>> {
    let d = normalise(raw)?;
    let day = NaiveDate::from_ymd_opt(
        i32::from(d.year()),
        u32::from(d.month()?),
        u32::from(d.day()?),
    )?;
    Some(day.and_time(NaiveTime::MIN).and_utc())
}

/// The date of a UTC timestamp made by [`feed_timestamp`].
pub(crate) fn from_feed(t: &DateTime<chrono::Utc>) -> Option<IsoDate> {
    from_naive(t.date_naive())
}

fn from_naive(d: NaiveDate) -> Option<IsoDate> {
    IsoDate::parse(&d.format("%Y-%m-%d").to_string()).ok()
}

/// `YYYY-MM-DD` followed by a time (`T08:00`, ` 08:00`), or exactly `YYYY-MM`.
fn iso_prefix(s: &str) -> Option<IsoDate> {
    if let Some(head) = s.get(..10)
        && s[10..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, 'T' | 't' | ' ' | '_'))
        && let Ok(d) = IsoDate::parse(head)
        && d.day().is_some()
    {
        return Some(d);
    }
    IsoDate::parse(s).ok().filter(|d| d.month().is_some())
}

/// A date written out in English or French ("August 14, 2025", "14 août 2025", "mardi 12
/// septembre 2025"), when the whole string is one date with its year and month.
fn written(s: &str) -> Option<IsoDate> {
    for lang in [Lang::En, Lang::Fr] {
        let spans = dates(s, lang);
        let [span] = spans.as_slice() else { continue };
        if span.relative {
            continue;
        }
        let covered = s[..span.bytes.start].trim_end_matches([',', ' ']);
        let rest = s[span.bytes.end..].trim();
        // A weekday may come first ("Tuesday, 30 September 2025"); nothing may follow.
        if !rest.is_empty() || covered.split_whitespace().count() > 1 {
            continue;
        }
        let (Some(year), Some(month)) = (span.year, span.month) else {
            continue;
        };
        let text = match span.day {
            Some(day) => format!("{year:04}-{month:02}-{day:02}"),
            None => format!("{year:04}-{month:02}"),
        };
        if let Ok(d) = IsoDate::parse(&text) {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        normalise(s).map(|d| d.to_string())
    }

    #[test]
    fn timestamps_keep_the_publishers_day() {
        assert_eq!(iso("2025-08-14T07:00:00Z").as_deref(), Some("2025-08-14"));
        assert_eq!(
            iso("2025-09-12T23:30:00-05:00").as_deref(),
            Some("2025-09-12")
        );
        assert_eq!(
            iso("Tue, 30 Sep 2025 21:30:00 -0400").as_deref(),
            Some("2025-09-30")
        );
        assert_eq!(
            iso("Mon, 29 Sep 2025 08:00:00 GMT").as_deref(),
            Some("2025-09-29")
        );
        assert_eq!(iso("2025-09-12 10:30").as_deref(), Some("2025-09-12"));
        assert_eq!(
            iso("2025-09-12T10:30:00.000+0200").as_deref(),
            Some("2025-09-12")
        );
    }

    #[test]
    fn plain_and_written_dates() {
        assert_eq!(iso(" 2025-09-12 ").as_deref(), Some("2025-09-12"));
        assert_eq!(iso("2025-09").as_deref(), Some("2025-09"));
        assert_eq!(iso("2025/09/12").as_deref(), Some("2025-09-12"));
        assert_eq!(iso("20250912").as_deref(), Some("2025-09-12"));
        assert_eq!(iso("12/09/2025").as_deref(), Some("2025-09-12"));
        assert_eq!(iso("August 14, 2025").as_deref(), Some("2025-08-14"));
        assert_eq!(iso("14 août 2025").as_deref(), Some("2025-08-14"));
        assert_eq!(iso("septembre 2025").as_deref(), Some("2025-09"));
    }

    #[test]
    fn what_is_not_a_date_gives_none() {
        for s in [
            "",
            "2025",
            "2025-02-30",
            "2025-13",
            "yesterday",
            "last week",
            "soon",
            "14 août 2025 et 15 août 2025",
            "\u{0}\u{1}garbage",
            "9999999999999999999999",
        ] {
            assert_eq!(iso(s), None, "{s:?}");
        }
        assert_eq!(normalise(&"2025-".repeat(1000)), None);
    }

    #[test]
    fn a_feed_timestamp_keeps_the_day() {
        let t = feed_timestamp("Tue, 30 Sep 2025 21:30:00 -0400").unwrap();
        assert_eq!(from_feed(&t).unwrap().to_string(), "2025-09-30");
        assert!(feed_timestamp("2025-09").is_none());
    }
}
