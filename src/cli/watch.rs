//! `dealdesk watch`: keeps the index up to date as the corpus changes, and answers the other
//! commands' freshness checks, which then look only at the files that changed instead of every
//! file of the corpus. The answering commands start one on their own on a large corpus
//! ([`super::auto_watch`]), which stops once no command has asked it for a while.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use dealdesk_core::corpus::journal::SOCKET_FILE;
use dealdesk_core::kb::{KnowledgeBase, Opened};
use dealdesk_desk::{Desk, DeskOptions, signal, watch};

use super::logging;
use crate::config::Config;

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Stop after this many seconds without a command asking the watch, or once its index
    /// folder is gone; and at once when another watch already answers for the index.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub stop_when_idle: Option<u64>,
}

/// What the watch prints first, when other commands may ask it; scripts and tests wait for it.
pub const READY: &str = "dealdesk: watching ";
/// What it prints instead when it stops because another watch answers for the index.
pub const ANOTHER: &str = "dealdesk: another watch answers for ";

pub fn run(config: &Config, args: &WatchArgs) -> Result<ExitCode> {
    logging::init(&config.log);
    let (corpus, index) = (&config.paths.corpus, &config.paths.index);
    // Started by a command, which brings the index up to date itself: it opens at once, and
    // its first update (one debounce after it starts) catches whatever changed since.
    let kb = args.stop_when_idle.and_then(|_| open_existing(index));
    let kb = match kb {
        Some(kb) => kb,
        None => super::open_reporting(corpus, index, |note| tracing::info!("{note}"))?.kb,
    };
    // Answers nobody: the desk only carries the index the watch keeps up to date.
    let desk = Arc::new(Desk::new(Arc::new(kb), DeskOptions::default()));
    let debounce = Duration::from_millis(config.server.watch_debounce_ms);
    let watch = watch::spawn(desk, corpus, debounce)?;
    if args.stop_when_idle.is_some() && !watch.answers_commands() {
        out!("{ANOTHER}{} (or it cannot be asked)", index.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    out!(
        "{READY}{} (freshness checks through {})",
        corpus.display(),
        index.join(SOCKET_FILE).display()
    )?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let reason = runtime.block_on(async {
        tokio::select! {
            signal = signal::shutdown_signal() => signal,
            reason = idle(&watch, index, args.stop_when_idle) => reason,
        }
    });
    tracing::info!(reason, "stopping the watch");
    Ok(ExitCode::SUCCESS)
}

/// The index as it is, when it exists and needs no rebuild.
fn open_existing(index: &Path) -> Option<KnowledgeBase> {
    match KnowledgeBase::open(index) {
        Ok((kb, Opened::Existing)) => Some(kb),
        // Created, or to be rebuilt: the usual opening says what it does.
        Ok(_) | Err(_) => None,
    }
}

/// Returns once the watch has had no question for `limit` (never without one), or its socket
/// file is gone (the index folder removed): nobody can ask it any more.
async fn idle(watch: &watch::WatchHandle, index: &Path, limit: Option<u64>) -> &'static str {
    let Some(limit) = limit.map(Duration::from_secs) else {
        return std::future::pending().await;
    };
    // How often the socket file is looked for.
    const LOOK: Duration = Duration::from_secs(5);
    let socket = index.join(SOCKET_FILE);
    loop {
        let idle_for = watch.idle_for();
        if idle_for >= limit {
            return "no command asked it for the idle time";
        }
        if !socket.exists() {
            return "its socket file is gone";
        }
        tokio::time::sleep((limit - idle_for).min(LOOK)).await;
    }
}
