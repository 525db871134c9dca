//! `dealdesk watch`: keeps the index up to date as the corpus changes, and answers the other
//! commands' freshness checks, which then look only at the files that changed instead of every
//! file of the corpus.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use dealdesk_core::corpus::journal::SOCKET_FILE;
use dealdesk_desk::{Desk, DeskOptions, signal, watch};

use super::logging;
use crate::config::Config;

pub fn run(config: &Config) -> Result<ExitCode> {
    logging::init(&config.log);
    let (corpus, index) = (&config.paths.corpus, &config.paths.index);
    let fresh = super::open_reporting(corpus, index, |note| tracing::info!("{note}"))?;
    // Answers nobody: the desk only carries the index the watch keeps up to date.
    let desk = Arc::new(Desk::new(Arc::new(fresh.kb), DeskOptions::default()));
    let debounce = Duration::from_millis(config.server.watch_debounce_ms);
    let _watch = watch::spawn(desk, corpus, debounce)?;
    // Scripts and tests wait for this line: from now on, commands ask the watch.
    out!(
        "dealdesk: watching {} (freshness checks through {})",
        corpus.display(),
        index.join(SOCKET_FILE).display()
    )?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let signal = runtime.block_on(signal::shutdown_signal());
    tracing::info!(signal, "stopping the watch");
    Ok(ExitCode::SUCCESS)
}
