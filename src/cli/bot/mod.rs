//! `dealdesk bot`: the Telegram adapter. It parses updates, calls the core (off the async
//! executor), and formats replies as Telegram HTML. The core never sees a Telegram type.
//!
//! Updates arrive by long polling, or by webhook when `--webhook-url` / `[bot] webhook_url` is
//! set. Each chat keeps a [`dealdesk::conversation::Conversation`] for follow-ups.

mod handlers;
pub mod html;
mod reply;
mod state;

use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;
use teloxide::dispatching::{Dispatcher, UpdateFilterExt};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::update_listeners::{Polling, webhooks};

use dealdesk::config::llm::Mode;
use dealdesk::config::{Config, Secret};
use dealdesk::llm::Answerer;

use self::handlers::Shared;
use self::state::{Access, Chats, RateLimiter};

#[derive(Debug, Args)]
pub struct BotArgs {
    /// Who writes the answers: extractive, llm or auto (default: `[llm] mode`, else auto).
    #[arg(long)]
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
    super::logging::init(&config.log);
    let token = config.bot.resolve_token().map_err(super::UsageError)?;
    let answerer =
        Answerer::new(&config.llm).context("cannot set up the model client ([llm] section)")?;
    let mode = args.mode.unwrap_or(answerer.default_mode());
    if answerer.client_for(mode).is_err() {
        return Err(super::UsageError(
            "--mode llm needs a model: set DEALDESK_LLM_MODEL (see docs/llm.md)".into(),
        )
        .into());
    }
    let fresh = super::open(&corpus, &index)?;
    let kb = Arc::new(fresh.kb);
    let _watch = if args.watch {
        let debounce = std::time::Duration::from_millis(config.server.watch_debounce_ms);
        Some(crate::watch::spawn(kb.clone(), &corpus, debounce, |_| {})?)
    } else {
        None
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(serve(config, token, kb, corpus, answerer, mode))?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(
    config: Config,
    token: Secret,
    kb: Arc<dealdesk::kb::KnowledgeBase>,
    corpus: PathBuf,
    answerer: Answerer,
    mode: Mode,
) -> Result<()> {
    let c = &config.bot;
    let timeout = Duration::from_secs(u64::from(c.poll_timeout_secs));
    let client = teloxide::net::default_reqwest_settings()
        .timeout(timeout + Duration::from_secs(10))
        .build()
        .context("building the HTTP client")?;
    let mut bot = Bot::with_client(token.expose(), client);
    if let Some(url) = &c.api_url {
        let url = url::Url::parse(url).with_context(|| format!("bad Bot API URL {url:?}"))?;
        bot = bot.set_api_url(url);
    }
    let max_chats = NonZeroUsize::new(c.max_chats.max(1)).unwrap_or(NonZeroUsize::MIN);
    let shared = Arc::new(Shared::new(
        kb,
        corpus,
        Access::from_config(c),
        RateLimiter::new(c.rate_per_minute, max_chats),
        Chats::new(max_chats),
        answerer,
        mode,
    ));

    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(handlers::on_message))
        .branch(Update::filter_callback_query().endpoint(handlers::on_callback));
    let mut dispatcher = Dispatcher::builder(bot.clone(), handler)
        .dependencies(dptree::deps![shared])
        .default_handler(|update| async move {
            tracing::debug!(
                update = update.id.0,
                "ignored an update of a kind the bot does not handle"
            );
        })
        .build();

    let stop = dispatcher.shutdown_token();
    tokio::spawn(async move {
        let signal = wait_for_signal().await;
        tracing::info!("{signal}: stopping after the replies in flight");
        loop {
            match stop.shutdown() {
                Ok(done) => {
                    done.await;
                    break;
                }
                // Not dispatching yet: try again shortly.
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    });

    let listener_errors = LoggingErrorHandler::with_custom_text("receiving updates failed");
    match &c.webhook_url {
        Some(url) => {
            let url = url::Url::parse(url).with_context(|| format!("bad webhook URL {url:?}"))?;
            let listen = c.webhook_listen.as_deref().unwrap_or("0.0.0.0:8443");
            let addr: SocketAddr = listen
                .parse()
                .with_context(|| format!("bad webhook listen address {listen:?}"))?;
            let mut options = webhooks::Options::new(addr, url);
            if !c.webhook_secret.is_empty() {
                options = options.secret_token(c.webhook_secret.expose().to_string());
            }
            // Listen before telling Telegram where to post, so no update finds the door shut.
            let tcp = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr} for the webhook"))?;
            let (listener, stopped, app) = webhooks::axum_to_router(bot, options)
                .await
                .context("setting the webhook")?;
            tokio::spawn(async move {
                if let Err(e) = axum::serve(tcp, app).with_graceful_shutdown(stopped).await {
                    tracing::error!("the webhook server failed: {e}");
                }
            });
            tracing::info!(%addr, "bot started (webhook)");
            dispatcher
                .try_dispatch_with_listener(listener, listener_errors)
                .await
                .context("cannot reach the Bot API (getMe failed)")?;
        }
        None => {
            if c.webhook_listen.is_some() {
                bail!("webhook_listen is set but not webhook_url: set both for webhook mode");
            }
            let listener = Polling::builder(bot)
                .timeout(timeout)
                .delete_webhook()
                .await
                .build();
            tracing::info!("bot started (long polling)");
            dispatcher
                .try_dispatch_with_listener(listener, listener_errors)
                .await
                .context("cannot reach the Bot API (getMe failed)")?;
        }
    }
    tracing::info!("bot stopped");
    Ok(())
}

/// Waits for SIGINT or SIGTERM and says which.
async fn wait_for_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => tokio::select! {
                _ = tokio::signal::ctrl_c() => "SIGINT",
                _ = term.recv() => "SIGTERM",
            },
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}
