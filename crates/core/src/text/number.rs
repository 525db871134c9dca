//! Exact decimal numbers as they appear in text ("8,9", "22.4", "1 000", "160"), scaled by
//! the words that follow them ("milliards", "billion", "B", "M"), so that
//! "8,9 milliards de dollars", "8.9 billion" and "$8.9B" become the same number.

use std::fmt;

/// An exact decimal: `mantissa × 10^exponent`, normalised so the mantissa has no trailing zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: u128,
    exponent: i32,
}

impl Decimal {
    pub fn new(mantissa: u128, exponent: i32) -> Self {
        let mut d = Self { mantissa, exponent };
        d.normalise();
        d
    }

    fn normalise(&mut self) {
        if self.mantissa == 0 {
            self.exponent = 0;
            return;
        }
        while self.mantissa.is_multiple_of(10) {
            self.mantissa /= 10;
            self.exponent += 1;
        }
    }

    /// Multiplies by `10^power` (the scale of "milliard" is 9).
    pub fn scaled(self, power: i32) -> Self {
        Self::new(self.mantissa, self.exponent.saturating_add(power))
    }

    /// The sum, or `self` when it cannot be represented (absurdly far-apart magnitudes).
    pub fn plus(self, other: Decimal) -> Self {
        let e = self.exponent.min(other.exponent);
        let widen = |d: Decimal| {
            u32::try_from(d.exponent - e)
                .ok()
                .and_then(|p| 10u128.checked_pow(p))
                .and_then(|f| d.mantissa.checked_mul(f))
        };
        match (widen(self), widen(other)) {
            (Some(a), Some(b)) => a.checked_add(b).map_or(self, |m| Self::new(m, e)),
            _ => self,
        }
    }

    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 * 10f64.powi(self.exponent)
    }

    /// Parses a plain decimal with '.' as separator, as in data files ("8900000000", "9.9").
    pub fn parse_plain(s: &str) -> Option<Self> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        if int.len() + frac.len() > 30 {
            return None;
        }
        let digits: u128 = format!("{int}{frac}").parse().ok()?;
        Some(Self::new(digits, -(frac.len() as i32)))
    }
}

/// The canonical spelling used as an index term: integers in full ("8900000000"),
/// fractions with a point ("9.9").
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mantissa == 0 {
            return f.write_str("0");
        }
        if self.exponent >= 0 {
            if self.exponent > 24 {
                // Absurdly large: keep a stable, short spelling.
                return write!(f, "{}e{}", self.mantissa, self.exponent);
            }
            write!(f, "{}", self.mantissa)?;
            for _ in 0..self.exponent {
                f.write_str("0")?;
            }
            return Ok(());
        }
        let digits = self.mantissa.to_string();
        let frac_len = (-self.exponent) as usize;
        if digits.len() > frac_len {
            let (int, frac) = digits.split_at(digits.len() - frac_len);
            write!(f, "{int}.{frac}")
        } else {
            write!(f, "0.{}{}", "0".repeat(frac_len - digits.len()), digits)
        }
    }
}

/// The power of ten a scale word or suffix stands for ("milliards" → 9).
/// `attached` is true for a suffix written against the digits ("8.9B", "2bn", "500M").
pub fn scale_of(word: &str, attached: bool) -> Option<i32> {
    match word {
        "thousand" | "thousands" | "mille" => Some(3),
        "million" | "millions" | "mio" | "mn" | "mln" | "mlns" => Some(6),
        "milliard" | "milliards" | "billion" | "billions" | "bn" | "bln" | "md" | "mds" | "mrd"
        | "mrds" => Some(9),
        "trillion" | "trillions" => Some(12),
        "k" if attached => Some(3),
        "m" if attached => Some(6),
        "b" if attached => Some(9),
        "t" if attached => Some(12),
        _ => None,
    }
}

/// The value of a number written as a word ("three", "trois"), for the words that precede a
/// scale or a unit in news copy ("three mln dlrs", "five pct", "deux milliards").
pub fn number_word(word: &str) -> Option<u32> {
    Some(match word {
        "one" | "un" | "une" => 1,
        "two" | "deux" => 2,
        "three" | "trois" => 3,
        "four" | "quatre" => 4,
        "five" | "cinq" => 5,
        "six" => 6,
        "seven" | "sept" => 7,
        "eight" | "huit" => 8,
        "nine" | "neuf" => 9,
        "ten" | "dix" => 10,
        "eleven" | "onze" => 11,
        "twelve" | "douze" => 12,
        "thirteen" | "treize" => 13,
        "fourteen" | "quatorze" => 14,
        "fifteen" | "quinze" => 15,
        "sixteen" | "seize" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" | "vingt" => 20,
        "thirty" | "trente" => 30,
        "forty" | "quarante" => 40,
        "fifty" | "cinquante" => 50,
        "sixty" | "soixante" => 60,
        "seventy" | "septante" => 70,
        "eighty" | "huitante" | "octante" => 80,
        "ninety" | "nonante" => 90,
        "hundred" | "cent" => 100,
        _ => return None,
    })
}

/// A small whole number as a word in `lang` ("seven", "sept"), for the numbers
/// [`number_word`] reads.
pub fn word_of(n: u32, lang: super::Lang) -> Option<&'static str> {
    const EN: [&str; 13] = [
        "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    const FR: [&str; 13] = [
        "", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
        "douze",
    ];
    let i = usize::try_from(n).ok().filter(|&i| (1..13).contains(&i))?;
    Some(match lang {
        super::Lang::En => EN[i],
        super::Lang::Fr => FR[i],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_spelling_is_exact() {
        assert_eq!(Decimal::new(89, -1).scaled(9).to_string(), "8900000000");
        assert_eq!(Decimal::new(224, -1).scaled(9).to_string(), "22400000000");
        assert_eq!(Decimal::new(99, -1).to_string(), "9.9");
        assert_eq!(Decimal::new(5, -3).to_string(), "0.005");
        assert_eq!(Decimal::new(2000, 0).to_string(), "2000");
    }

    #[test]
    fn plain_parse() {
        assert_eq!(
            Decimal::parse_plain("8900000000"),
            Some(Decimal::new(89, 8))
        );
        assert_eq!(Decimal::parse_plain("9.9"), Some(Decimal::new(99, -1)));
        assert_eq!(Decimal::parse_plain("9,9"), None);
        assert_eq!(Decimal::parse_plain(""), None);
    }
}
