//! `dealdesk serve`: the HTTP API, with optional live re-indexing.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use dealdesk_desk::watch;
use dealdesk_http::{AppState, Application};

use super::{desk, logging};
use crate::config::Config;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [config: server.addr; default 127.0.0.1:8080].
    #[arg(long, value_name = "HOST:PORT")]
    addr: Option<String>,
    /// Re-index when files under the corpus change [config: server.watch].
    #[arg(long)]
    watch: bool,
}

/// Applies the flags to the configuration.
pub fn apply(config: &mut Config, args: &ServeArgs) {
    if let Some(addr) = &args.addr {
        config.server.addr = addr.clone();
    }
    if args.watch {
        config.server.watch = true;
    }
}

pub fn run(config: &Config) -> Result<ExitCode> {
    logging::init(&config.log);
    let (corpus, index) = (&config.paths.corpus, &config.paths.index);
    let fresh = super::open_reporting(corpus, index, |note| tracing::info!("{note}"))?;
    let server = &config.server;
    let desk = desk(fresh, config, server.max_conversations)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Answers take well under a millisecond: a few blocking threads keep every core busy
        // without growing memory under load.
        .max_blocking_threads(16)
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let _watch = if server.watch {
            Some(watch::spawn(
                desk.clone(),
                &config.paths.corpus,
                Duration::from_millis(server.watch_debounce_ms),
            )?)
        } else {
            None
        };
        let token = Some(server.api_token.expose().to_string());
        let state = Arc::new(AppState::new(desk, token, server.model_name.clone()));
        let app = Application::bind(&server.addr, state, server.limits()).await?;
        let addr = app.local_addr()?;
        if !addr.ip().is_loopback() {
            tracing::warn!(%addr, "listening beyond loopback");
        }
        if server.api_token.is_empty() {
            tracing::info!("no API token set: requests are not authenticated");
        }
        tracing::info!(%addr, "listening");
        // Scripts and tests read the port from this line.
        out!("dealdesk: listening on http://{addr}")?;
        app.run_until_stopped().await
    })?;
    Ok(ExitCode::SUCCESS)
}
