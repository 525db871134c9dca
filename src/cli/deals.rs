//! `dealdesk deals`: the deal records, filtered and sorted by the index, as an aligned table with
//! a total line, as JSON or as CSV.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use dealdesk_core::answer::deals::format;
use dealdesk_core::kb::{FilterSpec, Fresh};
use dealdesk_core::model::{Deal, EntityTable};
use dealdesk_core::text::Lang;
use dealdesk_core::wire::DealRecord;

use super::UsageError;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SortBy {
    /// Largest amount first.
    Amount,
    /// Oldest first.
    Date,
}

#[derive(Debug, Args)]
pub struct DealsArgs {
    /// Only deals involving this entity (name or alias, any case; repeat for several).
    #[arg(long, value_name = "NAME")]
    party: Vec<String>,
    /// Only deals of this kind (investment, equity_stake, share_warrant, contract, partnership,
    /// licensing, acquisition, agreement; repeat for several).
    #[arg(long, value_name = "K")]
    kind: Vec<String>,
    /// Only deals dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only deals dated on or before DATE.
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Only deals of at least N US dollars ("2000000000", "2B", "2 billion", "2 milliards").
    #[arg(long, value_name = "N")]
    min_amount: Option<String>,
    #[arg(long, value_enum, default_value_t = SortBy::Date)]
    sort: SortBy,
    /// Print a JSON array of records (the deals.jsonl format).
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV with a header row.
    #[arg(long)]
    csv: bool,
}

impl DealsArgs {
    /// The filters as typed, for the one filter reader.
    fn spec(&self) -> FilterSpec {
        FilterSpec {
            parties: self.party.clone(),
            kinds: self.kind.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            min_amount: self.min_amount.clone(),
            sort: Some(
                match self.sort {
                    SortBy::Amount => "amount",
                    SortBy::Date => "date",
                }
                .to_string(),
            ),
        }
    }
}

fn parties(deal: &Deal, entities: &EntityTable) -> String {
    deal.parties
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                entities.name(&p.entity, Lang::En),
                p.role.label(Lang::En)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn when(deal: &Deal) -> String {
    match (&deal.date, &deal.period) {
        (Some(d), _) if deal.date_inferred => format!("{d}*"),
        (Some(d), _) => d.to_string(),
        (None, Some((f, t))) => format!("{f}–{t}"),
        (None, None) => String::new(),
    }
}

fn table(out: &mut impl Write, deals: &[Deal], entities: &EntityTable) -> Result<()> {
    let header = [
        "ID", "KIND", "PARTIES", "AMOUNT", "STAKE", "SHARES", "DATE", "STATUS",
    ];
    let rows: Vec<[String; 8]> = deals
        .iter()
        .map(|d| {
            [
                d.id.clone(),
                d.kind.code().to_string(),
                parties(d, entities),
                d.amount.as_ref().map_or(String::new(), |m| {
                    format::money(m.value, &m.currency, Lang::En)
                }),
                d.stake_pct
                    .map_or(String::new(), |s| format::percent(s, Lang::En)),
                d.shares
                    .map_or(String::new(), |s| format::shares(s, Lang::En)),
                when(d),
                format!("{:?}", d.status).to_lowercase(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&header.map(String::from)))?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    // A deal two articles report is listed twice but counted once.
    let counted: Vec<&Deal> = deals.iter().filter(|d| d.same_as.is_none()).collect();
    let usd: Vec<f64> = counted.iter().filter_map(|d| d.amount_usd()).collect();
    let total: f64 = usd.iter().sum();
    writeln!(
        out,
        "TOTAL: {} deal(s), {} with a USD amount, {} in all",
        counted.len(),
        usd.len(),
        format::money(total.max(0.0), "USD", Lang::En)
    )?;
    let repeated = deals.len() - counted.len();
    if repeated > 0 {
        writeln!(
            out,
            "{repeated} record(s) repeat a deal another article reports (same_as): counted once"
        )?;
    }
    if deals.iter().any(|d| d.date_inferred) {
        writeln!(out, "* year inferred from the article's publication date")?;
    }
    Ok(())
}

fn csv(out: impl Write, deals: &[Deal]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "kind",
        "parties",
        "amount",
        "currency",
        "stake_pct",
        "shares",
        "date",
        "date_inferred",
        "period_from",
        "period_to",
        "status",
        "article",
        "cites",
    ])?;
    for d in deals {
        let parties: Vec<String> = d
            .parties
            .iter()
            .map(|p| format!("{}:{}", p.entity, p.role.label(Lang::En)))
            .collect();
        w.write_record([
            d.id.clone(),
            d.kind.code().to_string(),
            parties.join(";"),
            d.amount
                .as_ref()
                .map_or(String::new(), |m| format!("{}", m.value)),
            d.amount
                .as_ref()
                .map_or(String::new(), |m| m.currency.clone()),
            d.stake_pct.map_or(String::new(), |s| s.to_string()),
            d.shares.map_or(String::new(), |s| s.to_string()),
            d.date.map_or(String::new(), |x| x.to_string()),
            d.date_inferred.to_string(),
            d.period.map_or(String::new(), |(f, _)| f.to_string()),
            d.period.map_or(String::new(), |(_, t)| t.to_string()),
            format!("{:?}", d.status).to_lowercase(),
            d.article.to_string(),
            d.cites.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

pub fn run(fresh: &Fresh, args: &DealsArgs) -> Result<ExitCode> {
    let catalog = fresh.kb.catalog();
    let filter = args.spec().parse(&catalog.entities).map_err(|e| {
        let flag = e.field().name().replace('_', "-");
        UsageError(format!("--{flag}: {e}"))
    })?;
    let deals = fresh
        .kb
        .find_deals(&filter)
        .context("listing deals failed")?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        let records: Vec<DealRecord> = deals.iter().map(DealRecord::from).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&records)?)?;
    } else if args.csv {
        csv(&mut out, &deals)?;
    } else {
        table(&mut out, &deals, &catalog.entities)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
