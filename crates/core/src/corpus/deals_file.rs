//! `deals.jsonl`: one deal record a line ([`DealRecord`], the file format, also the `deals` of
//! the JSON answer), each checked into a [`Deal`] tied to the sentence of an article that
//! states it.
//!
//! Validation is strict because answers quote these figures: unknown fields are rejected, every
//! party is a known entity, amounts are positive and finite in an ISO 4217 currency, dates are
//! ISO, ids are unique, the quote occurs verbatim in the named article, and every figure of the
//! `terms` summaries occurs in the quote (a summary cannot invent a number).

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date::IsoDate;
use crate::ids::{ArticleId, CitationId};
use crate::model::article::Article;
use crate::model::deal::{Deal, DealKind, Money, Party, Role, Status};
use crate::model::entity::{EntityId, EntityTable};
use crate::problem::Problem;
use crate::text::{Decimal, Lang, TermKind, analyze};

/// The file format of one line of `deals.jsonl` (also the `deals` of `ask --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealRecord {
    pub id: String,
    pub kind: DealKind,
    pub parties: Vec<PartyRecord>,
    /// For a funding round, the round's total.
    pub amount: Option<MoneyRecord>,
    /// What the deal values the target at, when the quote says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valuation: Option<MoneyRecord>,
    pub stake_pct: Option<f64>,
    pub shares: Option<u64>,
    pub date: Option<String>,
    /// The source gives the month but not the year; the year comes from the article's date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub date_inferred: bool,
    pub period: Option<PeriodRecord>,
    pub status: Status,
    pub terms: TermsRecord,
    pub source: SourceRecord,
    /// The id of the record of the same deal from another article, counted once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyRecord {
    pub entity: String,
    pub role: Role,
    /// Led the round.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lead: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoneyRecord {
    pub value: f64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodRecord {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsRecord {
    /// One language is enough: the other summary is then written from the record's fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    pub article: String,
    pub quote: String,
}

impl From<&Deal> for DealRecord {
    fn from(deal: &Deal) -> DealRecord {
        DealRecord {
            id: deal.id.clone(),
            kind: deal.kind,
            parties: deal
                .parties
                .iter()
                .map(|p| PartyRecord {
                    entity: p.entity.to_string(),
                    role: p.role,
                    lead: p.lead,
                })
                .collect(),
            amount: deal.amount.as_ref().map(|m| MoneyRecord {
                value: m.value,
                currency: m.currency.clone(),
            }),
            valuation: deal.valuation.as_ref().map(|m| MoneyRecord {
                value: m.value,
                currency: m.currency.clone(),
            }),
            stake_pct: deal.stake_pct,
            shares: deal.shares,
            date: deal.date.map(|d| d.to_string()),
            date_inferred: deal.date_inferred,
            period: deal.period.map(|(f, t)| PeriodRecord {
                from: f.to_string(),
                to: t.to_string(),
            }),
            status: deal.status,
            terms: TermsRecord {
                en: Some(deal.terms_en.clone()),
                fr: Some(deal.terms_fr.clone()),
            },
            source: SourceRecord {
                article: deal.article.to_string(),
                quote: deal.quote.clone(),
            },
            same_as: deal.same_as.clone(),
        }
    }
}

/// Whitespace collapsed and apostrophes and quotes in one form, with, for each byte of the
/// result, the byte of the original it came from.
fn normalise(text: &str) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut map = Vec::new();
    let mut last_space = true;
    for (i, c) in text.char_indices() {
        let c = match c {
            '’' | '‘' | 'ʼ' | '`' => '\'',
            '“' | '”' | '«' | '»' => '"',
            '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            if last_space {
                continue;
            }
            last_space = true;
            out.push(' ');
            map.push(i);
            continue;
        }
        last_space = false;
        let mut buf = [0u8; 4];
        for _ in 0..c.encode_utf8(&mut buf).len() {
            map.push(i);
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
        map.pop();
    }
    (out, map)
}

/// Finds `quote` in `article`: the citation id and the verbatim text it covers.
pub fn locate_quote(article: &Article, quote: &str) -> Option<(CitationId, String)> {
    let (wanted, _) = normalise(quote);
    if wanted.is_empty() {
        return None;
    }
    for p in &article.paragraphs {
        let (norm, map) = normalise(&p.text);
        let Some(at) = norm.find(&wanted) else {
            continue;
        };
        let start = map[at];
        let end = map.get(at + wanted.len()).copied().unwrap_or(p.text.len());
        let covered: Vec<_> = p
            .sentences()
            .iter()
            .filter(|s| s.bytes.start < end && s.bytes.end > start)
            .collect();
        let (first, last) = (covered.first()?, covered.last()?);
        let text = p.text[first.bytes.start..last.bytes.end].to_string();
        let id = if covered.len() == 1 {
            CitationId::sentence_of(article.id.clone(), p.n, first.n)
        } else {
            CitationId::passage(article.id.clone(), p.n)
        };
        return Some((id, text));
    }
    None
}

fn figures(text: &str, lang: Lang) -> HashSet<String> {
    analyze(text, lang, None)
        .into_iter()
        .filter(|t| t.kind == TermKind::Number)
        .map(|t| t.text)
        .collect()
}

/// Validates one parsed record against the entities and articles: the checks every record
/// passes, hand-written or drafted.
pub fn validate(
    record: DealRecord,
    entities: &EntityTable,
    articles: &[Article],
) -> Result<Deal, String> {
    let field = |name: &str, message: String| format!("field `{name}`: {message}");
    ArticleId::parse(&record.id).map_err(|_| {
        field(
            "id",
            format!(
                "{:?} is not a slug (lowercase letters, digits, hyphens)",
                record.id
            ),
        )
    })?;
    if record.parties.is_empty() {
        return Err(field("parties", "a deal needs at least one party".into()));
    }
    let mut parties = Vec::new();
    for (i, p) in record.parties.iter().enumerate() {
        let id =
            EntityId::parse(&p.entity).map_err(|e| field(&format!("parties[{i}].entity"), e))?;
        if entities.get(&id).is_none() {
            return Err(field(
                &format!("parties[{i}].entity"),
                format!("unknown entity {:?}: add it to entities.toml", p.entity),
            ));
        }
        if parties.iter().any(|q: &Party| q.entity == id) {
            return Err(field(
                &format!("parties[{i}].entity"),
                format!("{:?} is listed twice", p.entity),
            ));
        }
        parties.push(Party {
            entity: id,
            role: p.role,
            lead: p.lead,
        });
    }
    let money = |name: &str, m: &Option<MoneyRecord>| -> Result<Option<Money>, String> {
        let Some(m) = m else {
            return Ok(None);
        };
        if !m.value.is_finite() || m.value <= 0.0 {
            return Err(field(
                &format!("{name}.value"),
                format!("must be positive and finite, got {}", m.value),
            ));
        }
        let code = m.currency.trim();
        if code.len() != 3 || iso_currency::Currency::from_code(code).is_none() {
            return Err(field(
                &format!("{name}.currency"),
                format!(
                    "{:?} is not an ISO 4217 currency code (e.g. USD, EUR)",
                    m.currency
                ),
            ));
        }
        Ok(Some(Money {
            value: m.value,
            currency: code.to_string(),
        }))
    };
    let amount = money("amount", &record.amount)?;
    let valuation = money("valuation", &record.valuation)?;
    if record.parties.iter().filter(|p| p.lead).count() > 1 {
        return Err(field("parties", "only one party can lead".into()));
    }
    if let Some(other) = &record.same_as
        && other == &record.id
    {
        return Err(field(
            "same_as",
            "a record cannot be the same as itself".into(),
        ));
    }
    if let Some(s) = record.stake_pct
        && (!s.is_finite() || s <= 0.0 || s > 100.0)
    {
        return Err(field(
            "stake_pct",
            format!("must be a percentage in (0, 100], got {s}"),
        ));
    }
    if record.shares == Some(0) {
        return Err(field("shares", "must be positive".into()));
    }
    let date = record
        .date
        .as_deref()
        .map(IsoDate::parse)
        .transpose()
        .map_err(|e| field("date", e.to_string()))?;
    if record.date_inferred && date.is_none_or(|d| d.month().is_none()) {
        return Err(field(
            "date_inferred",
            "only a date with a month can have an inferred year".into(),
        ));
    }
    let period = match &record.period {
        Some(p) => {
            let from = IsoDate::parse(&p.from).map_err(|e| field("period.from", e.to_string()))?;
            let to = IsoDate::parse(&p.to).map_err(|e| field("period.to", e.to_string()))?;
            if from.key_range().0 > to.key_range().1 {
                return Err(field(
                    "period",
                    format!("starts ({from}) after it ends ({to})"),
                ));
            }
            Some((from, to))
        }
        None => None,
    };
    for (name, text) in [
        ("terms.en", &record.terms.en),
        ("terms.fr", &record.terms.fr),
    ] {
        if text.as_ref().is_some_and(|t| t.trim().is_empty()) {
            return Err(field(
                name,
                "must summarise the deal, or be left out to have it written from the fields".into(),
            ));
        }
    }
    if record.terms.en.is_none() && record.terms.fr.is_none() {
        return Err(field(
            "terms",
            "give a summary in at least one language (`en` or `fr`)".into(),
        ));
    }
    let article_id = ArticleId::parse(&record.source.article)
        .map_err(|e| field("source.article", e.to_string()))?;
    let Some(article) = articles.iter().find(|a| a.id == article_id) else {
        return Err(field(
            "source.article",
            format!(
                "no article with id {:?} in the corpus",
                record.source.article
            ),
        ));
    };
    let Some((cites, cited_text)) = locate_quote(article, &record.source.quote) else {
        return Err(field(
            "source.quote",
            format!(
                "does not occur verbatim in article {:?}",
                article.id.as_str()
            ),
        ));
    };
    // Each party is named in the quote, by its name or an alias.
    let named = EntityTable::distinct(&entities.link(&record.source.quote));
    for (i, p) in parties.iter().enumerate() {
        if !named.contains(&p.entity) {
            return Err(field(
                &format!("parties[{i}].entity"),
                format!(
                    "{:?} is not named in the quote: quote the sentence that names it, or add the name it goes by there to its aliases in entities.toml",
                    p.entity.as_str()
                ),
            ));
        }
    }
    let quoted = figures(&cited_text, article.language);
    check_dates(
        &record.source.quote,
        article,
        date,
        record.date_inferred,
        period,
    )
    .map_err(|(name, message)| field(name, message))?;
    for (name, text, lang) in [
        ("terms.en", &record.terms.en, Lang::En),
        ("terms.fr", &record.terms.fr, Lang::Fr),
    ] {
        let Some(text) = text else {
            continue;
        };
        let year_ok =
            |f: &String| date.is_some_and(|d| record.date_inferred && f == &d.year().to_string());
        if let Some(f) = figures(text, lang)
            .into_iter()
            .find(|f| !quoted.contains(f) && !year_ok(f))
        {
            return Err(field(
                name,
                format!("states the figure {f}, which the quote does not"),
            ));
        }
    }
    let stated = |v: String| quoted.contains(&v);
    if let Some(m) = &amount {
        let v = Decimal::parse_plain(&format!("{}", m.value)).map(|d| d.to_string());
        if !v.is_some_and(stated) {
            return Err(field(
                "amount.value",
                format!("{} is not a figure of the quote", m.value),
            ));
        }
    }
    if let Some(m) = &valuation {
        let v = Decimal::parse_plain(&format!("{}", m.value)).map(|d| d.to_string());
        if !v.is_some_and(stated) {
            return Err(field(
                "valuation.value",
                format!("{} is not a figure of the quote", m.value),
            ));
        }
    }
    if let Some(s) = record.stake_pct
        && !stated(format!("{s}"))
    {
        return Err(field(
            "stake_pct",
            format!("{s} is not a figure of the quote"),
        ));
    }
    if let Some(n) = record.shares
        && !stated(n.to_string())
    {
        return Err(field("shares", format!("{n} is not a figure of the quote")));
    }
    let mut deal = Deal {
        id: record.id,
        kind: record.kind,
        parties,
        amount,
        valuation,
        stake_pct: record.stake_pct,
        shares: record.shares,
        date,
        date_inferred: record.date_inferred,
        period,
        status: record.status,
        terms_en: record.terms.en.unwrap_or_default(),
        terms_fr: record.terms.fr.unwrap_or_default(),
        article: article_id,
        quote: record.source.quote,
        cites,
        cited_text,
        title: article.title.clone(),
        url: article.url.clone(),
        same_as: record.same_as,
    };
    for lang in [Lang::En, Lang::Fr] {
        let written = match lang {
            Lang::En => &deal.terms_en,
            Lang::Fr => &deal.terms_fr,
        };
        if written.is_empty() {
            let generated = super::summary::write(&deal, entities, lang);
            match lang {
                Lang::En => deal.terms_en = generated,
                Lang::Fr => deal.terms_fr = generated,
            }
        }
    }
    Ok(deal)
}

/// Each part of the deal's date is stated in the quote, or the date is marked inferred: an
/// inferred year is the article's (or the year before, for a month after its date), and an
/// inferred day needs a day the quote refers to ("Tuesday", "yesterday"). A period is stated.
fn check_dates(
    quote: &str,
    article: &Article,
    date: Option<IsoDate>,
    inferred: bool,
    period: Option<(IsoDate, IsoDate)>,
) -> Result<(), (&'static str, String)> {
    let spans = crate::text::dates::dates(quote, article.language);
    let numbers = figures(quote, article.language);
    let year_stated =
        |y: u16| spans.iter().any(|s| s.year == Some(y)) || numbers.contains(&y.to_string());
    let month_stated = |m: u8| spans.iter().any(|s| s.month == Some(m));
    if let Some(d) = date {
        if let Some(m) = d.month()
            && !month_stated(m)
        {
            if let Some(other) = spans.iter().find_map(|s| s.month) {
                return Err((
                    "date",
                    format!("the quote gives month {other:02}, not {m:02}"),
                ));
            }
            if !inferred {
                return Err((
                    "date",
                    format!(
                        "the quote states no month {m:02}: set `date_inferred: true` if it comes from the article's context, or give only the year"
                    ),
                ));
            }
        }
        if !year_stated(d.year()) {
            if !inferred {
                return Err((
                    "date",
                    format!(
                        "the quote does not state the year {}: set `date_inferred: true` if it is the article's year",
                        d.year()
                    ),
                ));
            }
            let Some(published) = article.published else {
                return Err((
                    "date",
                    format!(
                        "the quote does not state the year {} and the article has no `published` date to infer it from",
                        d.year()
                    ),
                ));
            };
            // A month after the article's month was last year's.
            let last_year = d
                .month()
                .zip(published.month())
                .is_some_and(|(m, pm)| m > pm);
            let expected = if last_year {
                published.year().saturating_sub(1)
            } else {
                published.year()
            };
            if d.year() != expected {
                return Err((
                    "date",
                    format!(
                        "the year {} is not stated in the quote, and the article's date ({published}) gives {expected}",
                        d.year()
                    ),
                ));
            }
        }
        if let Some(day) = d.day() {
            let stated = spans
                .iter()
                .any(|s| s.day == Some(day) && s.month == d.month());
            let relative = spans.iter().any(|s| s.relative);
            if !(stated || inferred && relative) {
                return Err((
                    "date",
                    format!(
                        "the quote states no day {day}: give only the year and month, or quote the sentence that dates it"
                    ),
                ));
            }
        }
    }
    if let Some((from, to)) = period {
        for (name, end) in [("period.from", from), ("period.to", to)] {
            if !year_stated(end.year()) || end.month().is_some_and(|m| !month_stated(m)) {
                return Err((
                    name,
                    format!("{end} is not stated in the quote: a period must be the quote's"),
                ));
            }
        }
    }
    Ok(())
}

/// Parses and validates `deals.jsonl`; every problem names the file, the line and the field.
pub fn parse(
    path: &Path,
    text: &str,
    entities: &EntityTable,
    articles: &[Article],
) -> Result<Vec<Deal>, Vec<Problem>> {
    let mut deals: Vec<Deal> = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (n, record) in crate::problem::json_lines::<DealRecord>(path, text, "a deal record") {
        let problem = |message: String| Problem::at(path, n, message);
        let record = match record {
            Ok(r) => r,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        if !seen.insert(record.id.clone()) {
            problems.push(problem(format!(
                "field `id`: duplicate deal id {:?}",
                record.id
            )));
            continue;
        }
        match validate(record, entities, articles) {
            Ok(deal) => {
                deals.push(deal);
                lines.push(n);
            }
            Err(message) => problems.push(problem(message)),
        }
    }
    for (deal, line) in deals.iter().zip(&lines) {
        if let Some(other) = &deal.same_as
            && !seen.contains(other)
        {
            problems.push(Problem {
                path: path.to_path_buf(),
                line: Some(*line),
                message: format!(
                    "field `same_as`: no deal record has the id {other:?}; name the record of the same deal from another article"
                ),
            });
        }
    }
    if problems.is_empty() {
        Ok(deals)
    } else {
        Err(problems)
    }
}

/// Records of one deal from two articles that do not say so with `same_as`: the same kind,
/// the same parties, the same amount and the same date. Each later one is marked the same as
/// the first, so totals count the deal once; the notes say which, for `index` to report.
pub fn mark_probable_duplicates(deals: &mut [Deal]) -> Vec<String> {
    let key = |d: &Deal| {
        let mut parties: Vec<&str> = d.parties.iter().map(|p| p.entity.as_str()).collect();
        parties.sort_unstable();
        (
            d.kind,
            parties.join(","),
            d.amount
                .as_ref()
                .map(|m| format!("{} {}", m.value, m.currency)),
            d.when().map(|w| w.to_string()),
        )
    };
    let mut notes = Vec::new();
    for i in 0..deals.len() {
        if deals[i].same_as.is_some() || deals[i].amount.is_none() {
            continue;
        }
        let first = (0..i).find(|&j| {
            deals[j].same_as.is_none()
                && deals[j].article != deals[i].article
                && key(&deals[j]) == key(&deals[i])
        });
        if let Some(j) = first {
            let original = deals[j].id.clone();
            notes.push(format!(
                "deal {:?} looks like the same deal as {original:?} (same kind, parties, amount and date, from another article): counted once; add \"same_as\": \"{original}\" to say so",
                deals[i].id
            ));
            deals[i].same_as = Some(original);
        }
    }
    notes
}

/// The ids of the articles the records of `deals.jsonl` cite (`source.article`), read
/// leniently: a line that is not a record names nothing here, and [`load`] reports it.
pub fn cited_articles(path: &Path) -> HashSet<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashSet::new();
    };
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|record| record["source"]["article"].as_str().map(str::to_string))
        .collect()
}

/// Reads `deals.jsonl`, absent meaning no deals.
pub fn load(
    path: &Path,
    entities: &EntityTable,
    articles: &[Article],
) -> Result<Vec<Deal>, Vec<Problem>> {
    match std::fs::read(path) {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(text) => parse(path, text, entities, articles),
            Err(e) => {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                Err(vec![Problem {
                    path: path.to_path_buf(),
                    line: Some(line),
                    message: "text is not valid UTF-8".into(),
                }])
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(vec![Problem {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot read: {e}"),
        }]),
    }
}
