//! `dealdesk show ID`: a passage or sentence with its title, heading and neighbours.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use dealdesk::ids::CitationId;
use dealdesk::refresh::Fresh;

use super::{UsageError, render};
use crate::views::show_json;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// `<article-id>#p<N>` or `<article-id>#p<N>.s<M>`.
    id: String,
    #[arg(long)]
    json: bool,
}

pub fn run(fresh: &Fresh, args: &ShowArgs) -> Result<ExitCode> {
    let id = CitationId::parse(&args.id).map_err(|e| UsageError(e.to_string()))?;
    let shown = show_json(&fresh.kb, &id)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&shown)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{}", shown.title)?;
    if let Some(h) = &shown.heading {
        writeln!(out, "## {h}")?;
    }
    if let Some(u) = &shown.url {
        writeln!(out, "{u}")?;
    }
    writeln!(
        out,
        "{} (characters {}–{})\n",
        shown.id, shown.chars[0], shown.chars[1]
    )?;
    if let Some(p) = &shown.previous {
        writeln!(out, "  [{}] {}", p.id, render::one_line(&p.text))?;
    }
    writeln!(out, "> [{}] {}", shown.id, render::one_line(&shown.text))?;
    if let Some(n) = &shown.next {
        writeln!(out, "  [{}] {}", n.id, render::one_line(&n.text))?;
    }
    Ok(ExitCode::SUCCESS)
}
