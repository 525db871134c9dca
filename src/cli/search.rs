//! `dealdesk search`: ranked passages with highlighted snippets.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use dealdesk_core::answer::AskError;
use dealdesk_core::kb::Fresh;
use dealdesk_core::lookup::{self, Found};
use dealdesk_core::wire::SearchJson;

use super::{UsageError, batch, render};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for, in French or English.
    query: Option<String>,
    /// How many passages to list (1–100).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=100))]
    limit: u16,
    #[arg(long)]
    json: bool,
    /// Search each line of FILE (`-` for standard input); prints one JSON object per line.
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    batch: Option<PathBuf>,
    /// With --batch: print each line's latency percentiles on standard error at the end
    /// (p50, p99, mean, max; the process start and the freshness check excluded).
    // clap does not enforce `requires` when the conflicting positional is given.
    #[arg(long, requires = "batch", conflicts_with = "query")]
    latency: bool,
}

fn search(fresh: &Fresh, query: &str, limit: usize) -> Result<Found, AskError> {
    lookup::search(&fresh.kb, query, limit)
}

pub fn run(fresh: &Fresh, args: &SearchArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = BufWriter::new(stdout.lock());
    let limit = usize::from(args.limit);
    if let Some(source) = &args.batch {
        let mut latencies = batch::Latencies::default();
        for line in batch::lines(source)? {
            let batch::Line { n, text } = line?;
            let json = latencies.time(|| match text {
                Err(error) => Ok(batch::error_line(n, String::new(), error)),
                Ok(line) => match search(fresh, &line, limit) {
                    Ok(found) => Ok(serde_json::to_string(&SearchJson::from(&found))),
                    Err(e @ (AskError::Empty | AskError::TooLong(_))) => {
                        Ok(batch::error_line(n, line, e.to_string()))
                    }
                    Err(e) => Err(anyhow::Error::new(e)),
                },
            })??;
            writeln!(out, "{json}")?;
        }
        out.flush()?;
        if args.latency {
            eprintln!("{}", latencies.summary());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(query) = &args.query else {
        return Err(UsageError(
            "give a query, e.g. dealdesk search \"Intel\", or --batch FILE".into(),
        )
        .into());
    };
    let found = search(fresh, query, limit).map_err(|e| match e {
        AskError::Empty | AskError::TooLong(_) => anyhow::Error::new(UsageError(e.to_string())),
        e => anyhow::Error::new(e),
    })?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&SearchJson::from(&found))?)?;
    } else if found.hits.is_empty() {
        writeln!(out, "no passage matches {:?}", found.query)?;
    } else {
        let (open, close) = if terminal {
            ("\x1b[1m", "\x1b[0m")
        } else {
            ("**", "**")
        };
        for (i, h) in found.hits.iter().enumerate() {
            let p = &h.hit.passage;
            writeln!(
                out,
                "{}. {} — ¶{} ({})  score {:.2}",
                i + 1,
                p.title,
                p.paragraph(),
                p.id,
                h.hit.score
            )?;
            writeln!(
                out,
                "   {}",
                render::snippet(&p.text, &h.highlights, 240, open, close)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
