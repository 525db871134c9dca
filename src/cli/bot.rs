//! `dealdesk bot`: flags for the Telegram adapter (`dealdesk-telegram`), then the desk it runs
//! on.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use dealdesk_core::generation::Mode;
use dealdesk_desk::watch;

use super::{UsageError, check_mode, desk, logging, mode_parser, open_reporting};
use crate::config::Config;

#[derive(Debug, Args)]
pub struct BotArgs {
    /// Who writes the answers: extractive, llm or auto [default: `[llm] mode`, else auto].
    #[arg(long, value_parser = mode_parser())]
    mode: Option<Mode>,
    /// Re-index when files under the corpus change (readers reload; a broken edit is logged and
    /// the index in service stays as it was).
    #[arg(long)]
    watch: bool,
    /// Receive updates by webhook at this public HTTPS URL instead of long polling.
    #[arg(long)]
    webhook_url: Option<String>,
    /// Local address the webhook server listens on (default 0.0.0.0:8443).
    #[arg(long)]
    webhook_listen: Option<String>,
}

pub fn run(mut config: Config, args: &BotArgs) -> Result<ExitCode> {
    let (corpus, index) = (config.paths.corpus.clone(), config.paths.index.clone());
    if let Some(url) = &args.webhook_url {
        config.bot.webhook_url = Some(url.clone());
    }
    if let Some(listen) = &args.webhook_listen {
        config.bot.webhook_listen = Some(listen.clone());
    }
    logging::init(&config.log);
    let token = config.bot.resolve_token().map_err(UsageError)?;
    // Opened once for the bot's life: `--watch` keeps it fresh, no watch is started for it.
    let fresh = open_reporting(&corpus, &index, |message| note!("dealdesk: {message}"))?;
    let desk = desk(fresh, &config, config.bot.max_chats)?;
    check_mode(&desk, args.mode)?;
    let _watch = if args.watch {
        let debounce = Duration::from_millis(config.server.watch_debounce_ms);
        Some(watch::spawn(desk.clone(), &corpus, debounce)?)
    } else {
        None
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(dealdesk_telegram::serve(
        desk,
        &config.bot,
        &token,
        corpus,
        args.mode,
    ))?;
    Ok(ExitCode::SUCCESS)
}
