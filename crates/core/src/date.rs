//! Calendar dates at the precision a source gives: a year, a month or a day.
//!
//! ```
//! use dealdesk_core::date::IsoDate;
//! let d = IsoDate::parse("2025-08").unwrap();
//! assert_eq!(d.year(), 2025);
//! assert_eq!(d.month(), Some(8));
//! assert!(IsoDate::parse("2025-02-30").is_err());
//! ```

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {0:?}: expected an ISO date YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct DateError(pub String);

/// A date known to the year, the month or the day. Orders chronologically,
/// a less precise date before the more precise ones it contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IsoDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

impl IsoDate {
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let bad = || DateError(s.to_string());
        let parts: Vec<&str> = s.split('-').collect();
        let digits = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
        if parts.is_empty() || parts.len() > 3 || !digits(parts[0], 4) {
            return Err(bad());
        }
        let year: u16 = parts[0].parse().map_err(|_| bad())?;
        if year == 0 {
            return Err(bad());
        }
        let month = match parts.get(1) {
            Some(p) if digits(p, 2) => {
                let m: u8 = p.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&m) {
                    return Err(bad());
                }
                Some(m)
            }
            Some(_) => return Err(bad()),
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(p), Some(m)) if digits(p, 2) => {
                let d: u8 = p.parse().map_err(|_| bad())?;
                if d == 0 || d > days_in_month(year, m) {
                    return Err(bad());
                }
                Some(d)
            }
            (Some(_), _) => return Err(bad()),
            (None, _) => None,
        };
        Ok(Self { year, month, day })
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    pub fn month(&self) -> Option<u8> {
        self.month
    }

    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// `YYYYMMDD` with zeros for unknown parts: a sortable number for fast fields.
    pub fn sort_key(&self) -> u64 {
        u64::from(self.year) * 10_000
            + u64::from(self.month.unwrap_or(0)) * 100
            + u64::from(self.day.unwrap_or(0))
    }

    /// The same date with the given month, in this date's year.
    pub fn with_month(&self, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self {
            year: self.year,
            month: Some(month),
            day: None,
        })
    }

    /// The first and last `sort_key` this date covers: `2025` covers 20250000..=20251231.
    pub fn key_range(&self) -> (u64, u64) {
        let start = self.sort_key();
        let end = match (self.month, self.day) {
            (None, _) => u64::from(self.year) * 10_000 + 1231,
            (Some(m), None) => u64::from(self.year) * 10_000 + u64::from(m) * 100 + 31,
            (Some(_), Some(_)) => start,
        };
        (start, end)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_round_trips() {
        for s in ["2025", "2025-08", "2024-02-29"] {
            assert_eq!(IsoDate::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn rejects_malformed_dates() {
        for s in [
            "",
            "25",
            "2025-8",
            "2025-13",
            "2025-00",
            "2023-02-29",
            "2025-08-01-01",
            "août",
            "0000",
        ] {
            assert!(IsoDate::parse(s).is_err(), "{s:?} accepted");
        }
    }

    #[test]
    fn orders_chronologically() {
        let a = IsoDate::parse("2024").unwrap();
        let b = IsoDate::parse("2024-07").unwrap();
        let c = IsoDate::parse("2025-01-02").unwrap();
        assert!(a < b && b < c);
        assert_eq!(b.key_range(), (20240700, 20240731));
    }
}
