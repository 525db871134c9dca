//! Command-line arguments as clap sees them, and dispatch to one module per command.

mod ask;
mod bot;
mod chat;
mod index;
mod logging;
mod render;
mod search;
mod show;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use dealdesk::refresh::{Fresh, open_fresh};

/// A usage mistake: exit code 2, like clap's own.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

#[derive(Debug, Parser)]
#[command(
    name = "dealdesk",
    version,
    about = "Ask a knowledge base of AI-infrastructure deals; every answer cites its sources."
)]
pub struct Cli {
    /// Corpus directory (holds articles/*.md).
    #[arg(long, global = true, env = "DEALDESK_CORPUS", default_value = "corpus")]
    corpus: PathBuf,
    /// Index directory (generated).
    #[arg(long, global = true, env = "DEALDESK_INDEX", default_value = "index")]
    index: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build or update the index from the corpus (only what changed is rewritten).
    Index,
    /// Answer a question with citations, or abstain.
    Ask(ask::AskArgs),
    /// List the passages that best match a query, with highlighted snippets.
    Search(search::SearchArgs),
    /// Print a passage (`ID#pN`) or sentence (`ID#pN.sM`) with its context.
    Show(show::ShowArgs),
    /// Run golden cases (JSON lines) through `ask` and report misses.
    Eval(ask::EvalArgs),
    /// Run the Telegram bot (token from TELOXIDE_TOKEN; see docs/bot.md).
    Bot(bot::BotArgs),
    /// Ask questions one after another, with follow-ups ("Et SoftBank ?"), on the terminal.
    Chat,
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Index => index::run(&cli.corpus, &cli.index),
        Command::Ask(args) => ask::run(&open(&cli.corpus, &cli.index)?, &args),
        Command::Search(args) => search::run(&open(&cli.corpus, &cli.index)?, &args),
        Command::Show(args) => show::run(&open(&cli.corpus, &cli.index)?, &args),
        Command::Eval(args) => ask::eval(&open(&cli.corpus, &cli.index)?, &args),
        Command::Bot(args) => bot::run(cli.corpus, cli.index, &args),
        Command::Chat => chat::run(&open(&cli.corpus, &cli.index)?),
    }
}

/// Opens the knowledge base for questions, refreshing the index when the corpus changed.
fn open(corpus: &Path, index: &Path) -> Result<Fresh> {
    let fresh = open_fresh(corpus, index).with_context(|| {
        format!(
            "cannot open the knowledge base (corpus {}, index {})",
            corpus.display(),
            index.display()
        )
    })?;
    for note in &fresh.notes {
        eprintln!("dealdesk: {note}");
    }
    Ok(fresh)
}

/// Whether an error is a closed output pipe (`dealdesk … | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Lines of a `--batch` source: a file, or standard input for `-`.
fn batch_lines(source: &Path) -> Result<Vec<String>> {
    use std::io::Read;
    let mut text = String::new();
    if source == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read questions from standard input")?;
    } else {
        text = std::fs::read_to_string(source)
            .with_context(|| format!("cannot read batch file {}", source.display()))?;
    }
    Ok(text.lines().map(str::to_string).collect())
}
