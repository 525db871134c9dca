//! Quantities in running text — money, percentages and counts, with their unit, what they are
//! per ("a share", "a barrel", "a day") and whether they are approximate — read from news copy
//! in either language ("about 21 mln dlrs", "1.50 dlrs a barrel", "8,9 milliards de dollars",
//! "56 pct", "948,000 bpd", "700p"), and written back exactly, the way each language writes
//! them ("about $21 million", "1,50 dollar le baril").

use std::ops::Range;

use super::number::Decimal;
use super::scan::{RawKind, RawToken, scan};
use super::{Lang, fold};

/// What a quantity measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// An ISO 4217 code ("USD", "GBP"), or a currency named by its word ("crowns").
    Money(String),
    Percent,
    /// Things counted: "shares", "barrels", "ounces", "cubic metres".
    Count(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: Unit,
    /// "share", "barrel", "day": a price or a rate per one of these.
    pub per: Option<String>,
    /// Written with "about", "nearly", "environ"…
    pub approx: bool,
    /// Written in words ("seven licensees"): written back in words, so the answer states no
    /// figure its source does not.
    pub in_words: bool,
    /// "Several billion dollars", "plusieurs milliards de dollars": `value` is the scale only.
    pub several: bool,
    /// Byte range in the text, qualifiers and unit included.
    pub bytes: Range<usize>,
}

impl Quantity {
    pub fn is_money(&self) -> bool {
        matches!(self.unit, Unit::Money(_))
    }
}

const APPROX: &[&str] = &[
    "about",
    "around",
    "approximately",
    "nearly",
    "roughly",
    "some",
    "almost",
    "environ",
    "pres",
    "quelque",
    "quelques",
];

/// A currency word after a number, and the code it stands for; `None` for the word itself.
fn currency_word(word: &str) -> Option<Option<&'static str>> {
    Some(match word {
        "dlrs" | "dlr" | "dollars" | "dollar" | "usd" => Some("USD"),
        "cts" | "cents" | "cent" | "ct" => Some("USc"),
        "yen" | "yens" => Some("JPY"),
        "stg" | "sterling" | "pounds" | "livres" => Some("GBP"),
        "pence" => Some("GBp"),
        "euros" | "euro" | "eur" => Some("EUR"),
        "marks" | "deutschemarks" => Some("DEM"),
        "lire" | "lires" => Some("ITL"),
        "riyals" | "riyal" => Some("SAR"),
        "crowns" | "kronor" | "couronnes" | "francs" | "pesos" | "rupiah" | "rupees" | "yuan"
        | "dinars" | "naira" => None,
        _ => return None,
    })
}

/// National qualifiers before a currency word: "Canadian dlrs".
fn qualified(currency: &str, qualifier: &str) -> Option<&'static str> {
    match (currency, qualifier) {
        ("USD", "canadian" | "canadiens") => Some("CAD"),
        ("USD", "australian" | "australiens") => Some("AUD"),
        ("USD", "hk" | "hong") => Some("HKD"),
        ("USD", "u" | "us" | "american" | "americains") => Some("USD"),
        ("USc", "canadian" | "canadiens") => Some("CAc"),
        _ => None,
    }
}

/// Nouns a quantity is counted in; the adjectives that may come first.
const COUNT_ADJECTIVES: &[&str] = &[
    "common",
    "ordinary",
    "preferred",
    "treasury",
    "cubic",
    "new",
    "own",
    "additional",
];
const PER_WORDS: &[&str] = &["a", "an", "per", "each", "le", "la", "par", "the"];

fn word_at<'a>(tokens: &'a [RawToken<'a>], i: usize) -> Option<String> {
    tokens
        .get(i)
        .filter(|t| t.kind == RawKind::Word)
        .map(|t| fold(t.text))
}

/// "of its own shares", "of their common stock" from `j`, after a figure: the index of the
/// word "shares" (or "stock") that names what the figure counts.
fn shares_of_its(tokens: &[RawToken<'_>], j: usize) -> Option<usize> {
    if word_at(tokens, j)? != "of" {
        return None;
    }
    let mut k = j + 1;
    if !matches!(
        word_at(tokens, k)?.as_str(),
        "its" | "their" | "his" | "her"
    ) {
        return None;
    }
    k += 1;
    while k < j + 5
        && matches!(
            word_at(tokens, k)?.as_str(),
            "own" | "common" | "outstanding" | "ordinary" | "preferred"
        )
    {
        k += 1;
    }
    matches!(word_at(tokens, k)?.as_str(), "shares" | "share" | "stock").then_some(k)
}

/// "each" or "for each …" after a price: per share (or per unit bought). Moves `j` and `end`
/// past the words read.
fn per_each(tokens: &[RawToken], j: &mut usize, end: &mut usize) -> Option<String> {
    let first = word_at(tokens, *j)?;
    let at = match first.as_str() {
        "each" | "chacune" | "chacun" => *j,
        "for" | "pour" if matches!(word_at(tokens, *j + 1).as_deref(), Some("each" | "chaque")) => {
            *j + 1
        }
        _ => return None,
    };
    *end = tokens[at].to;
    *j = at + 1;
    Some("share".to_string())
}

/// Whether only blanks separate two tokens (no comma, no full stop).
fn adjacent(text: &str, a: &RawToken, b: &RawToken) -> bool {
    text.get(a.to..b.from).is_some_and(|gap| {
        // The elided "d’" of "millions d’euros", which the scan drops, joins them too.
        let gap = gap.trim_end();
        let gap = ["d’", "d'", "D’", "D'"]
            .iter()
            .find_map(|e| gap.strip_suffix(e))
            .unwrap_or(gap);
        gap.chars().all(|c| c.is_whitespace() || c == '-')
    })
}

/// The quantities of `text`, written in `lang`, in order.
pub fn quantities(text: &str, lang: Lang) -> Vec<Quantity> {
    let tokens = scan(text, lang);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        // "700p": pence written against the figure.
        if t.kind == RawKind::Word
            && let Some(digits) = t.text.strip_suffix('p')
            && let Some(value) = Decimal::parse_plain(digits)
        {
            let mut end = t.to;
            let mut j = i + 1;
            let per = per_each(&tokens, &mut j, &mut end);
            out.push(Quantity {
                value,
                unit: Unit::Money("GBp".into()),
                per,
                approx: false,
                in_words: false,
                several: false,
                bytes: t.from..end,
            });
            i = j;
            continue;
        }
        // "plusieurs milliards de dollars", "several billion dlrs": an amount of unknown size
        // within a scale.
        if t.kind == RawKind::Word
            && matches!(
                fold(t.text).as_str(),
                "plusieurs" | "several" | "quelques" | "multiple"
            )
            && let Some(scale) = word_at(&tokens, i + 1).and_then(|w| scale_of(&w))
            && adjacent(text, t, &tokens[i + 1])
        {
            let mut k = i + 2;
            if matches!(word_at(&tokens, k).as_deref(), Some("de" | "d" | "of")) {
                k += 1;
            }
            if let Some(Some(code)) = word_at(&tokens, k).and_then(|w| currency_word(&w)) {
                out.push(Quantity {
                    value: scale,
                    unit: Unit::Money(code.to_string()),
                    per: None,
                    approx: false,
                    in_words: true,
                    several: true,
                    bytes: t.from..tokens[k].to,
                });
                i = k + 1;
                continue;
            }
        }
        // "seven licensees": a number in words counting the plural noun after it.
        if t.kind == RawKind::Word
            && let Some(n) = super::number::number_word(&fold(t.text))
            && let Some(noun) = tokens.get(i + 1).filter(|n| n.kind == RawKind::Word)
            && noun.text.len() >= 4
            && noun.text.ends_with('s')
            && noun.text.chars().all(char::is_lowercase)
            && !super::lexicon::is_stop_word(&fold(noun.text))
            && adjacent(text, t, noun)
        {
            out.push(Quantity {
                value: Decimal::new(u128::from(n), 0),
                unit: Unit::Count(noun.text.to_string()),
                per: None,
                approx: false,
                in_words: true,
                several: false,
                bytes: t.from..noun.to,
            });
            i += 2;
            continue;
        }
        let RawKind::Number(value) = t.kind else {
            i += 1;
            continue;
        };
        let mut start = t.from;
        let mut end = t.to;
        let mut approx = false;
        let mut unit: Option<Unit> = None;
        if i > 0 {
            let prev = &tokens[i - 1];
            if let RawKind::Symbol(c) = prev.kind
                && prev.to == t.from
            {
                let code = match c {
                    '$' => Some("USD"),
                    '€' => Some("EUR"),
                    '£' => Some("GBP"),
                    _ => None,
                };
                if let Some(code) = code {
                    unit = Some(Unit::Money(code.into()));
                    start = prev.from;
                }
            }
        }
        let before = if start < t.from {
            i.saturating_sub(2)
        } else {
            i.saturating_sub(1)
        };
        if before < i
            && let Some(w) = word_at(&tokens, before)
            && APPROX.contains(&w.as_str())
            && adjacent(text, &tokens[before], &tokens[before + 1])
        {
            approx = true;
            start = tokens[before].from;
        }
        let mut j = i + 1;
        if unit.is_none() {
            // "%" or "pct", "per cent", "pour cent".
            match tokens.get(j).map(|n| (n.kind, fold(n.text))) {
                Some((RawKind::Symbol('%'), _)) => {
                    unit = Some(Unit::Percent);
                    end = tokens[j].to;
                    j += 1;
                }
                Some((RawKind::Word, w)) if matches!(w.as_str(), "pct" | "percent" | "pc") => {
                    unit = Some(Unit::Percent);
                    end = tokens[j].to;
                    j += 1;
                }
                Some((RawKind::Word, w))
                    if matches!(w.as_str(), "per" | "pour")
                        && word_at(&tokens, j + 1).as_deref() == Some("cent") =>
                {
                    unit = Some(Unit::Percent);
                    end = tokens[j + 1].to;
                    j += 2;
                }
                _ => {}
            }
        }
        if unit.is_none() {
            // A currency word, maybe after "de" ("milliards de dollars") or a qualifier
            // ("Canadian dlrs", "U.S. dlrs").
            let mut k = j;
            if matches!(word_at(&tokens, k).as_deref(), Some("de" | "d")) {
                k += 1;
            }
            let mut qualifier = None;
            // Whether the qualifier's last word ends in a period ("U.S. dlrs").
            let mut initials = false;
            if let Some(w) = word_at(&tokens, k)
                && currency_word(&w).is_none()
                && let Some(next) = word_at(&tokens, k + 1)
                && currency_word(&next).is_some()
            {
                qualifier = Some(w);
                k += 1;
            } else if word_at(&tokens, k).as_deref() == Some("u")
                && word_at(&tokens, k + 1).as_deref() == Some("s")
                && word_at(&tokens, k + 2).is_some_and(|w| currency_word(&w).is_some())
                && text.get(tokens[k].to..tokens[k + 1].from) == Some(".")
            {
                qualifier = Some("us".to_string());
                initials = true;
                k += 2;
            }
            if let Some(w) = word_at(&tokens, k)
                && let Some(code) = currency_word(&w)
                && tokens.get(k).is_some_and(|n| {
                    adjacent(text, &tokens[k - 1], n)
                        || initials
                            && text.get(tokens[k - 1].to..n.from).is_some_and(|gap| {
                                gap.starts_with('.') && gap[1..].trim().is_empty()
                            })
                })
            {
                let code = match (code, qualifier.as_deref()) {
                    (Some(c), Some(q)) => qualified(c, q).map(str::to_string),
                    (Some(c), None) => Some(c.to_string()),
                    (None, _) => None,
                };
                if qualifier.is_none() || code.is_some() {
                    unit = Some(Unit::Money(code.unwrap_or(w)));
                    end = tokens[k].to;
                    j = k + 1;
                }
            }
        }
        let mut per = None;
        // "35 dlrs cash per share": the means of payment between the price and its unit.
        if unit.as_ref().is_some_and(|u| matches!(u, Unit::Money(_)))
            && matches!(word_at(&tokens, j).as_deref(), Some("cash" | "comptant"))
            && word_at(&tokens, j + 1).is_some_and(|w| PER_WORDS.contains(&w.as_str()))
        {
            j += 1;
        }
        if unit.as_ref().is_some_and(|u| matches!(u, Unit::Money(_))) || unit.is_none() {
            // "a share", "per barrel", "le baril", "par action"; "bpd" is barrels a day.
            if let Some(w) = word_at(&tokens, j)
                && PER_WORDS.contains(&w.as_str())
                && let Some(noun) = word_at(&tokens, j + 1)
                && matches!(
                    noun.as_str(),
                    "share"
                        | "barrel"
                        | "ounce"
                        | "ton"
                        | "tonne"
                        | "day"
                        | "year"
                        | "gallon"
                        | "action"
                        | "baril"
                        | "once"
                        | "jour"
                        | "an"
                        | "unit"
                )
                && (unit.is_some() || noun == "day" || noun == "jour" || noun == "year")
            {
                per = Some(noun);
                end = tokens[j + 1].to;
                j += 2;
            }
        }
        if per.is_none() && unit.as_ref().is_some_and(|u| matches!(u, Unit::Money(_))) {
            per = per_each(&tokens, &mut j, &mut end);
        }
        // "January 1987 natural gas output": a year is not a count.
        let year = t.text.len() == 4
            && t.text.chars().all(|c| c.is_ascii_digit())
            && t.text
                .parse::<u16>()
                .is_ok_and(|y| (1900..=2100).contains(&y));
        // "711,192 of its own shares".
        if unit.is_none()
            && !year
            && let Some(k) = shares_of_its(&tokens, j)
        {
            unit = Some(Unit::Count(tokens[k].text.to_string()));
            end = tokens[k].to;
            j = k + 1;
        }
        if unit.is_none() && !year {
            // Shares of a company named between: "110,000 Cyclops common shares".
            let mut k = j;
            while tokens.get(k).is_some_and(|n| {
                n.kind == RawKind::Word
                    && n.text.chars().next().is_some_and(char::is_uppercase)
                    && adjacent(text, &tokens[k - 1], n)
            }) && k < j + 3
            {
                k += 1;
            }
            let named = k > j
                && (COUNT_ADJECTIVES.contains(&word_at(&tokens, k).unwrap_or_default().as_str())
                    || matches!(
                        word_at(&tokens, k).as_deref(),
                        Some("shares" | "share" | "stock")
                    ));
            let mut k = if named { k } else { j };
            // Things counted: "3,677,272 shares", "42,000 ounces of gold", "948,000 bpd".
            let mut words = Vec::new();
            if let Some(w) = word_at(&tokens, k)
                && COUNT_ADJECTIVES.contains(&w.as_str())
            {
                words.push(tokens[k].text.to_string());
                k += 1;
            }
            let _ = named;
            // "a total of 33 mln IC Gas ordinary": British usage names the shares by their
            // class alone.
            if words.len() == 1
                && matches!(fold(&words[0]).as_str(), "ordinary" | "ordinaries")
                && !word_at(&tokens, k).is_some_and(|w| {
                    tokens[k].text.chars().all(|c| c.is_lowercase())
                        && !super::lexicon::is_stop_word(&w)
                })
            {
                end = tokens[k - 1].to;
                unit = Some(Unit::Count(format!("{} shares", words[0])));
                j = k;
            }
            if let Some(w) = word_at(&tokens, k)
                && tokens[k].text.chars().all(|c| c.is_lowercase())
                && !super::lexicon::is_stop_word(&w)
                && tokens
                    .get(k)
                    .is_some_and(|n| adjacent(text, &tokens[k - 1], n))
                // "the 13-nation group": a number hyphened to a noun qualifies it.
                && text
                    .get(tokens[k - 1].to..tokens[k].from)
                    .is_some_and(|gap| !gap.contains('-'))
                && !matches!(w.as_str(), "and" | "or" | "to" | "from" | "et" | "ou")
            {
                words.push(tokens[k].text.to_string());
                end = tokens[k].to;
                if w == "bpd" {
                    per = Some("day".into());
                }
                unit = Some(Unit::Count(words.join(" ")));
                j = k + 1;
                // "a day" after a count: barrels a day.
                if per.is_none()
                    && let Some(p) = word_at(&tokens, j)
                    && PER_WORDS.contains(&p.as_str())
                    && let Some(noun) = word_at(&tokens, j + 1)
                    && matches!(noun.as_str(), "day" | "jour" | "year" | "an")
                {
                    per = Some(noun);
                    end = tokens[j + 1].to;
                    j += 2;
                }
            }
        }
        if let Some(unit) = unit {
            out.push(Quantity {
                value,
                unit,
                per,
                approx,
                in_words: false,
                several: false,
                bytes: start..end,
            });
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    // "3.8 mln of the company's 10.1 mln shares": the part counts what the whole counts.
    let tokens = scan(text, lang);
    let mut parts = Vec::new();
    for whole in out.iter().filter(|q| matches!(q.unit, Unit::Count(_))) {
        let Some(at) = tokens.iter().position(|t| t.from == whole.bytes.start) else {
            continue;
        };
        // Back over "of the company's" / "of its" / "of their" / "of the".
        let mut k = at;
        let mut saw_of = false;
        while k > 0 && at - k < 5 {
            k -= 1;
            match word_at(&tokens, k).as_deref() {
                Some("of" | "sur") => {
                    saw_of = true;
                    break;
                }
                Some("the" | "its" | "their" | "company" | "s" | "group" | "les" | "ses") => {}
                _ => break,
            }
        }
        if !saw_of || k == 0 {
            continue;
        }
        let number = &tokens[k - 1];
        if let RawKind::Number(value) = number.kind
            && !out.iter().any(|q| q.bytes.contains(&number.from))
        {
            let mut from = number.from;
            if k >= 2
                && let Some(w) = word_at(&tokens, k - 2)
                && APPROX.contains(&w.as_str())
            {
                from = tokens[k - 2].from;
            }
            parts.push(Quantity {
                value,
                unit: whole.unit.clone(),
                per: whole.per.clone(),
                approx: from < number.from,
                in_words: false,
                several: false,
                bytes: from..number.to,
            });
        }
    }
    if !parts.is_empty() {
        out.extend(parts);
        out.sort_by_key(|q| q.bytes.start);
    }
    // "at four dlrs and 5.75 dlrs each": "each" applies to both.
    for i in (1..out.len()).rev() {
        let (a, b) = (&out[i - 1], &out[i]);
        if a.is_money()
            && a.per.is_none()
            && b.is_money()
            && b.per.is_some()
            && text
                .get(a.bytes.end..b.bytes.start)
                .is_some_and(|gap| matches!(gap.trim(), "and" | "or" | "et" | "ou"))
        {
            out[i - 1].per = out[i].per.clone();
        }
    }
    out
}

/// An exact decimal in the language's style with a scale word when it is round enough
/// ("21 million", "12,2 millions", "3,677,272", "0.125"), and the scale word used.
fn number(value: Decimal, lang: Lang) -> (String, &'static str) {
    let sep = match lang {
        Lang::En => '.',
        Lang::Fr => ',',
    };
    let text = value.to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    if frac.is_empty() {
        for (digits, en, fr_one, fr_many) in [
            (12, "trillion", "billion", "billions"),
            (9, "billion", "milliard", "milliards"),
            (6, "million", "million", "millions"),
        ] {
            if int.len() > digits {
                let (head, tail) = int.split_at(int.len() - digits);
                let kept = tail.trim_end_matches('0');
                if kept.len() <= 3 {
                    let mut n = group(head, lang);
                    if !kept.is_empty() {
                        n.push(sep);
                        n.push_str(kept);
                    }
                    let word = match lang {
                        Lang::En => en,
                        Lang::Fr if head == "1" && kept.is_empty() => fr_one,
                        Lang::Fr => fr_many,
                    };
                    return (format!("{n} {word}"), word);
                }
            }
        }
        return (group(int, lang), "");
    }
    (format!("{}{sep}{frac}", group(int, lang)), "")
}

/// Thousands grouping of the integer part of `n` (which may carry a decimal part).
fn group(n: &str, lang: Lang) -> String {
    let (int, rest) = n
        .find([',', '.'])
        .map_or((n, ""), |at| (&n[..at], &n[at..]));
    if int.len() <= 3 || (lang == Lang::Fr && int.len() == 4) {
        return n.to_string();
    }
    let sep = match lang {
        Lang::En => ",",
        Lang::Fr => "\u{202f}",
    };
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(*c);
    }
    out + rest
}

/// The French words for the things news copy counts; other words are kept as written.
fn french_count(what: &str) -> String {
    let f = fold(what);
    let known = [
        ("common shares", "actions ordinaires"),
        ("ordinary shares", "actions ordinaires"),
        ("preferred shares", "actions privilégiées"),
        ("treasury shares", "actions autodétenues"),
        ("shares", "actions"),
        // ".5165 Corning common share for each Hazleton common share".
        ("common share", "action ordinaire"),
        ("ordinary share", "action ordinaire"),
        ("preferred share", "action privilégiée"),
        ("share", "action"),
        ("barrels", "barils"),
        ("barrel", "baril"),
        ("ounce", "once"),
        ("ton", "tonne"),
        ("bpd", "barils"),
        ("ounces", "onces"),
        ("tons", "tonnes"),
        ("tonnes", "tonnes"),
        ("cubic metres", "mètres cubes"),
        ("cubic meters", "mètres cubes"),
        ("workers", "salariés"),
        ("employees", "salariés"),
        ("customers", "clients"),
        ("licensees", "licenciés"),
        ("years", "ans"),
    ];
    known
        .iter()
        .find(|(en, _)| *en == f)
        .map_or_else(|| what.to_string(), |(_, fr)| fr.to_string())
}

fn per_phrase(per: &str, lang: Lang) -> String {
    let (en, fr) = match per {
        "share" | "action" => ("a share", "par action"),
        "barrel" | "baril" | "bbl" => ("a barrel", "le baril"),
        "ounce" | "once" => ("an ounce", "l’once"),
        "ton" | "tonne" => ("a ton", "la tonne"),
        "day" | "jour" => ("a day", "par jour"),
        "year" | "an" => ("a year", "par an"),
        "gallon" => ("a gallon", "le gallon"),
        other => return other.to_string(),
    };
    match lang {
        Lang::En => en.to_string(),
        Lang::Fr => fr.to_string(),
    }
}

/// The value a scale word stands for: "billion", "milliards", "mln".
fn scale_of(word: &str) -> Option<Decimal> {
    let zeros = match word {
        "million" | "millions" | "mln" => 6,
        "billion" | "billions" | "milliard" | "milliards" | "bln" => 9,
        _ => return None,
    };
    Some(Decimal::new(10u128.pow(zeros), 0))
}

/// "several billion dollars" / "plusieurs milliards de dollars".
fn write_several(q: &Quantity, lang: Lang) -> String {
    let billions = q.value.to_f64() >= 1e9;
    let code = match &q.unit {
        Unit::Money(code) => code.as_str(),
        _ => "",
    };
    match lang {
        Lang::En => {
            let scale = if billions { "billion" } else { "million" };
            let unit = match code {
                "USD" => "dollars",
                "EUR" => "euros",
                "GBP" => "pounds",
                other => other,
            };
            format!("several {scale} {unit}")
        }
        Lang::Fr => {
            let scale = if billions { "milliards" } else { "millions" };
            let unit = match code {
                "USD" => "dollars",
                "EUR" => "euros",
                "GBP" => "livres sterling",
                other => other,
            };
            let de = if unit.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "d’"
            } else {
                "de "
            };
            format!("plusieurs {scale} {de}{unit}")
        }
    }
}

/// The quantity written the way `lang` writes it, exactly ("about $21 million",
/// "environ 21 millions de dollars", "56%", "948,000 barrels a day").
pub fn write(q: &Quantity, lang: Lang) -> String {
    if q.several {
        return write_several(q, lang);
    }
    let (mut n, scale) = number(q.value, lang);
    if q.in_words
        && let Ok(v) = q.value.to_string().parse::<u32>()
        && let Some(word) = super::number::word_of(v, lang)
    {
        n = word.to_string();
    }
    // Money keeps its cents: "$1.50", not "$1.5".
    if q.is_money()
        && let Some(at) = n.rfind(['.', ','])
        && scale.is_empty()
        && n.len() - at == 2
    {
        n.push('0');
    }
    let approx = match (q.approx, lang) {
        (false, _) => "",
        (true, Lang::En) => "about ",
        (true, Lang::Fr) => "environ ",
    };
    let body = match (&q.unit, lang) {
        (Unit::Percent, Lang::En) => format!("{n}%"),
        (Unit::Percent, Lang::Fr) => format!("{n} %"),
        (Unit::Money(code), Lang::En) => match code.as_str() {
            "USD" => format!("${n}"),
            "EUR" => format!("€{n}"),
            "GBP" => format!("£{n}"),
            "USc" => format!("{n} cents"),
            "CAc" => format!("{n} Canadian cents"),
            "GBp" => format!("{n}p"),
            "CAD" => format!("{n} Canadian dollars"),
            "AUD" => format!("{n} Australian dollars"),
            "HKD" => format!("{n} Hong Kong dollars"),
            "JPY" => format!("{n} yen"),
            "DEM" => format!("{n} marks"),
            "ITL" => format!("{n} lire"),
            "SAR" => format!("{n} riyals"),
            other => format!("{n} {other}"),
        },
        (Unit::Money(code), Lang::Fr) => {
            let unit = match code.as_str() {
                "USD" => "dollars",
                "EUR" => "euros",
                "GBP" => "livres sterling",
                "USc" => "cents",
                "CAc" => "cents canadiens",
                "GBp" => "pence",
                "CAD" => "dollars canadiens",
                "AUD" => "dollars australiens",
                "HKD" => "dollars de Hong Kong",
                "JPY" => "yens",
                "DEM" => "marks",
                "ITL" => "lires",
                "SAR" => "riyals",
                "crowns" => "couronnes",
                other => other,
            };
            // French puts the unit in the singular below two: "1,50 dollar".
            let unit = match unit {
                "dollars" | "euros" | "cents" | "yens" | "marks" | "lires" | "riyals"
                    if scale.is_empty() && q.value.to_f64() < 2.0 =>
                {
                    unit.trim_end_matches('s').to_string()
                }
                u => u.to_string(),
            };
            if scale.is_empty() {
                format!("{n} {unit}")
            } else if unit.starts_with(['a', 'e', 'i', 'o', 'u', 'y']) {
                format!("{n} d’{unit}")
            } else {
                format!("{n} de {unit}")
            }
        }
        (Unit::Count(what), Lang::En) => format!("{n} {what}"),
        (Unit::Count(what), Lang::Fr) => {
            let what = french_count(what);
            if scale.is_empty() {
                format!("{n} {what}")
            } else if what.starts_with(['a', 'e', 'i', 'o', 'u', 'é']) {
                format!("{n} d’{what}")
            } else {
                format!("{n} de {what}")
            }
        }
    };
    let per = match (&q.unit, q.per.as_deref()) {
        // An exchange ratio: ".3322 shares for each Liebert share".
        (Unit::Count(_), Some("share" | "action")) => match lang {
            Lang::En => " for each share".to_string(),
            Lang::Fr => " pour chaque action".to_string(),
        },
        (_, Some(p)) => format!(" {}", per_phrase(p, lang)),
        (_, None) => String::new(),
    };
    // A count in barrels per day reads "948,000 bpd" in the source; spell it out.
    let body = body.replace(
        " bpd",
        match lang {
            Lang::En => " barrels",
            Lang::Fr => " barils",
        },
    );
    format!("{approx}{body}{per}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_elided_de_joins_a_figure_to_its_currency() {
        for text in [
            "a investi 500 millions d’euros dans Quantix",
            "a investi 500 millions d'euros dans Quantix",
        ] {
            let q = quantities(text, Lang::Fr);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            assert_eq!(q[0].unit, Unit::Money("EUR".to_string()), "{text}");
            assert_eq!(
                &text[q[0].bytes.clone()],
                &text[10..text.find(" dans").unwrap_or(0)]
            );
        }
    }

    fn read(text: &str, lang: Lang) -> Vec<(String, String)> {
        quantities(text, lang)
            .iter()
            .map(|q| (text[q.bytes.clone()].to_string(), write(q, Lang::En)))
            .collect()
    }

    #[test]
    fn reads_wire_copy_and_writes_it_in_english() {
        let text = "completed the acquisition for about 21 mln dlrs, or 15 cts a share, and 56 pct of Husky; 948,000 bpd; 1.50 dlrs a barrel; 700p for each; 3,677,272 shares of its common; at .125 dlrs per share; 3.1 billion yen; 11 mln Canadian dlrs; to cancel 711,192 of its own shares; at a cost of 160 U.S. dlrs an ounce";
        assert_eq!(
            read(text, Lang::En),
            [
                (
                    "about 21 mln dlrs".to_string(),
                    "about $21 million".to_string()
                ),
                ("15 cts a share".into(), "15 cents a share".into()),
                ("56 pct".into(), "56%".into()),
                ("948,000 bpd".into(), "948,000 barrels a day".into()),
                ("1.50 dlrs a barrel".into(), "$1.50 a barrel".into()),
                ("700p for each".into(), "700p a share".into()),
                ("3,677,272 shares".into(), "3,677,272 shares".into()),
                (".125 dlrs per share".into(), "$0.125 a share".into()),
                ("3.1 billion yen".into(), "3.1 billion yen".into()),
                (
                    "11 mln Canadian dlrs".into(),
                    "11 million Canadian dollars".into()
                ),
                ("711,192 of its own shares".into(), "711,192 shares".into()),
                ("160 U.S. dlrs an ounce".into(), "$160 an ounce".into()),
            ]
        );
        assert_eq!(
            read("gave a total of 33 mln IC Gas ordinary.", Lang::En),
            [(
                "33 mln IC Gas ordinary".to_string(),
                "33 million ordinary shares".to_string()
            )]
        );
    }

    #[test]
    fn french_money_reads_and_writes_in_french() {
        let q = quantities("porté à 8,9 milliards de dollars", Lang::Fr);
        assert_eq!(q.len(), 1);
        assert_eq!(write(&q[0], Lang::Fr), "8,9 milliards de dollars");
        assert_eq!(write(&q[0], Lang::En), "$8.9 billion");
        let q = quantities(
            "devrait générer plusieurs milliards de dollars de revenus",
            Lang::Fr,
        );
        assert_eq!(q.len(), 1);
        assert_eq!(write(&q[0], Lang::Fr), "plusieurs milliards de dollars");
        assert_eq!(write(&q[0], Lang::En), "several billion dollars");
        let q = quantities(
            "with 3.8 mln of the company's 10.1 mln shares changing hands",
            Lang::En,
        );
        assert_eq!(write(&q[0], Lang::En), "3.8 million shares");
        assert_eq!(write(&q[1], Lang::En), "10.1 million shares");
        // A count of one thing is French too.
        let q = quantities("at 0.5165 common share for each share", Lang::En);
        assert!(write(&q[0], Lang::Fr).starts_with("0,5165 action ordinaire"));
        let q = quantities("is paying 35 dlrs cash per share for 83 pct", Lang::En);
        assert_eq!(write(&q[0], Lang::En), "$35 a share");
        let q = quantities("9,9 % du capital", Lang::Fr);
        assert_eq!(write(&q[0], Lang::Fr), "9,9 %");
    }

    #[test]
    fn plain_numbers_and_years_are_not_quantities() {
        assert!(quantities("in 1986, up from 1985", Lang::En).is_empty());
        assert!(quantities("Feb 17 and 19", Lang::En).is_empty());
        assert!(quantities("approved by the 13-nation group", Lang::En).is_empty());
        let q = quantities(
            "January 1987 natural gas output totalled 1.15 billion",
            Lang::En,
        );
        assert!(q.is_empty(), "{q:?}");
    }
}
