//! Command-line arguments as clap sees them, and dispatch to one module per command.

/// `println!` that returns the write's error instead of panicking: on a closed pipe
/// (`dealdesk … | head`) the command stops and exits 0.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)
    }};
}

/// `eprintln!` that never panics: a message to a closed standard error is lost, nothing more.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod ask;
mod auto_watch;
mod batch;
mod bot;
mod chat;
mod deals;
mod draft;
mod import;
mod index;
mod logging;
mod probe;
pub mod render;
mod review;
mod schema;
mod search;
mod serve;
mod show;
mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::sync::Arc;

use anyhow::{Context, Result};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

use dealdesk_core::generation::Mode;
use dealdesk_core::kb::{Fresh, StartWatch, open_fresh_starting_watch};
use dealdesk_desk::{Desk, DeskError, DeskOptions, RedisConversations};

use crate::config::Config;

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
    /// Configuration file [default: dealdesk.toml when present].
    #[arg(long, global = true, env = "DEALDESK_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Corpus directory (holds articles/*.md) [config: paths.corpus; default: corpus].
    #[arg(long, global = true, env = "DEALDESK_CORPUS")]
    corpus: Option<PathBuf>,
    /// Index directory (generated) [config: paths.index; default: index].
    #[arg(long, global = true, env = "DEALDESK_INDEX")]
    index: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build or update the index from the corpus (only what changed is rewritten).
    Index(index::IndexArgs),
    /// Print what a deal record may say: its fields, kinds, roles and statuses.
    Schema,
    /// Import web pages, RSS/Atom feeds, text and Markdown files as corpus articles.
    Import(import::ImportArgs),
    /// Answer a question with citations, or abstain.
    Ask(ask::AskArgs),
    /// List the passages that best match a query, with highlighted snippets.
    Search(search::SearchArgs),
    /// Print a passage (`ID#pN`) or sentence (`ID#pN.sM`) with its context.
    Show(show::ShowArgs),
    /// List deal records: filter by party, kind, dates and amount; table, JSON or CSV.
    Deals(deals::DealsArgs),
    /// Propose deal records for articles that have none (written to drafts.jsonl for review).
    Draft(draft::DraftArgs),
    /// List, accept, edit or reject the drafts waiting in drafts.jsonl.
    Review(review::ReviewArgs),
    /// Run golden cases (JSON lines) through `ask` and report misses.
    Eval(ask::EvalArgs),
    /// Serve the HTTP API (JSON endpoints and an OpenAI-compatible chat endpoint).
    Serve(serve::ServeArgs),
    /// Keep the index up to date as the corpus changes; meanwhile every other command checks
    /// freshness by looking only at the files that changed.
    Watch(watch::WatchArgs),
    /// Check that a running server is healthy (exit 0), for container healthchecks.
    Probe(probe::ProbeArgs),
    /// Print the effective configuration (defaults, file, environment, flags), secrets masked.
    Config,
    /// Run the Telegram bot (token from TELOXIDE_TOKEN; see docs/bot.md).
    Bot(bot::BotArgs),
    /// Ask questions one after another, with follow-ups ("Et SoftBank ?"), on the terminal.
    Chat(chat::ChatArgs),
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let mut config = Config::load(cli.config.as_deref()).context("invalid configuration")?;
    if let Some(corpus) = cli.corpus {
        config.paths.corpus = corpus;
    }
    if let Some(index) = cli.index {
        config.paths.index = index;
    }
    let (corpus, index) = (&config.paths.corpus, &config.paths.index);
    let open_kb = || open(&config, cli.config.as_deref());
    match cli.command {
        Command::Index(args) => index::run(corpus, index, &args),
        Command::Import(args) => import::run(corpus, &args),
        Command::Schema => schema::run(),
        Command::Ask(args) => ask::run(open_kb()?, &args, &config),
        Command::Search(args) => search::run(&open_kb()?, &args),
        Command::Show(args) => show::run(&open_kb()?, &args),
        Command::Deals(args) => deals::run(&open_kb()?, &args),
        Command::Draft(args) => draft::run(corpus, &args, &config.llm),
        Command::Review(args) => review::run(corpus, &args),
        Command::Eval(args) => ask::eval(open_kb()?, &args, &config),
        Command::Serve(args) => {
            serve::apply(&mut config, &args);
            serve::run(&config)
        }
        Command::Probe(args) => probe::run(&config, &args),
        Command::Watch(args) => watch::run(&config, &args),
        Command::Config => {
            print!("{}", config.to_masked_toml());
            Ok(ExitCode::SUCCESS)
        }
        Command::Bot(args) => bot::run(config, &args),
        Command::Chat(args) => chat::run(open_kb()?, &args, &config),
    }
}

/// Opens the knowledge base for questions, refreshing the index when the corpus changed; notes
/// go to standard error. With no watch answering on a large corpus, the freshness check
/// first starts one ([`auto_watch`]).
fn open(config: &Config, config_file: Option<&Path>) -> Result<Fresh> {
    let (corpus, index) = (&config.paths.corpus, &config.paths.index);
    let start_watch = |files| auto_watch::start_if_worth_it(config, config_file, files);
    let start_watch: Option<StartWatch<'_>> =
        (config.watch.auto_start_files > 0).then_some(&start_watch);
    open_reporting_with(corpus, index, start_watch, |message| {
        note!("dealdesk: {message}")
    })
}

/// [`open`], with each note given to `report` (the server logs them instead), and no watch
/// started.
fn open_reporting(corpus: &Path, index: &Path, report: impl Fn(&str)) -> Result<Fresh> {
    open_reporting_with(corpus, index, None, report)
}

fn open_reporting_with(
    corpus: &Path,
    index: &Path,
    start_watch: Option<StartWatch<'_>>,
    report: impl Fn(&str),
) -> Result<Fresh> {
    let fresh = open_fresh_starting_watch(corpus, index, start_watch).with_context(|| {
        format!(
            "cannot open the knowledge base (corpus {}, index {}); if the index is damaged, `dealdesk index --rebuild` builds it anew",
            corpus.display(),
            index.display()
        )
    })?;
    for note in &fresh.notes {
        report(note);
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

/// `--mode` for clap: the possible values listed in `--help`, read by [`Mode`]'s one parser.
pub fn mode_parser() -> impl TypedValueParser<Value = Mode> {
    PossibleValuesParser::new(Mode::ALL.map(Mode::code)).try_map(|s| s.parse::<Mode>())
}

/// The desk over an opened knowledge base, with the `[llm]` model when one is configured.
fn desk(fresh: Fresh, config: &Config, max_conversations: usize) -> Result<Arc<Desk>> {
    let mut options = DeskOptions::from_llm(&config.llm, max_conversations)
        .context("cannot set up the model client ([llm] section)")?;
    options.shared_conversations = RedisConversations::from_config(&config.conversations)?;
    Ok(Arc::new(Desk::new(Arc::new(fresh.kb), options)))
}

/// Whether `mode` calls the model on `desk`; `llm` without a model is a usage error.
fn check_mode(desk: &Desk, mode: Option<Mode>) -> Result<bool> {
    match desk.check_mode(mode) {
        Ok((_, uses_model)) => Ok(uses_model),
        Err(e @ DeskError::NoModel) => Err(UsageError(e.to_string()).into()),
        Err(e) => Err(e.into()),
    }
}

/// A runtime for the commands that answer in the foreground (`ask`, `eval`, `chat`).
fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}
