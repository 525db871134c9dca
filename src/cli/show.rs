//! `dealdesk show ID`: a passage or sentence with its title, heading and neighbours.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use dealdesk_core::ids::CitationId;
use dealdesk_core::kb::Fresh;
use dealdesk_core::lookup;
use dealdesk_core::render::one_line;
use dealdesk_core::wire::ShowJson;

use super::UsageError;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// `<article-id>#p<N>` or `<article-id>#p<N>.s<M>`.
    id: String,
    #[arg(long)]
    json: bool,
}

pub fn run(fresh: &Fresh, args: &ShowArgs) -> Result<ExitCode> {
    let id = CitationId::parse(&args.id).map_err(|e| UsageError(e.to_string()))?;
    let shown = lookup::show(&fresh.kb, &id)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&ShowJson::from(&shown))?)?;
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
        shown.id, shown.chars.start, shown.chars.end
    )?;
    if let Some(p) = &shown.previous {
        writeln!(out, "  [{}] {}", p.id, one_line(&p.text))?;
    }
    writeln!(out, "> [{}] {}", shown.id, one_line(&shown.text))?;
    if let Some(n) = &shown.next {
        writeln!(out, "  [{}] {}", n.id, one_line(&n.text))?;
    }
    Ok(ExitCode::SUCCESS)
}
