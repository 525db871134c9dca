//! dealdesk's Telegram bot (teloxide): an adapter over the [`dealdesk_desk::Desk`]. It parses
//! updates, asks the desk, and formats replies as Telegram HTML. The core never sees a Telegram
//! type; the desk keeps each chat's conversation, so follow-ups ("Et SoftBank ?") work.
//!
//! Updates arrive by long polling, or by webhook when `[bot] webhook_url` is set. The `[bot]`
//! configuration section ([`BotConfig`]) is this crate's.

mod commands;
pub mod config;
mod handlers;
pub mod html;
mod reply;
mod state;

use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use teloxide::dispatching::{Dispatcher, UpdateFilterExt};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::update_listeners::{Polling, webhooks};

use dealdesk_core::config::Secret;
use dealdesk_desk::{Desk, Mode};

pub use config::BotConfig;
use handlers::Shared;
use state::{Access, Chats, RateLimiter};

/// `dispatching`, or nothing once `forced` is notified (the dispatcher and the replies it waits
/// for are then dropped).
async fn until_forced<E>(
    dispatching: impl std::future::Future<Output = Result<(), E>>,
    forced: &tokio::sync::Notify,
) -> Result<(), E> {
    tokio::select! {
        result = dispatching => result,
        () = forced.notified() => Ok(()),
    }
}

/// How long a stop waits for the replies in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Runs the bot until SIGINT or SIGTERM: updates by long polling, or by webhook when
/// `config.webhook_url` is set. `corpus` is what `/reindex` re-reads; `mode` is the mode of
/// every answer (`None`: the desk's default).
pub async fn serve(
    desk: Arc<Desk>,
    config: &BotConfig,
    token: &Secret,
    corpus: PathBuf,
    mode: Option<Mode>,
) -> Result<()> {
    let c = config;
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
        desk,
        corpus,
        Access::from_config(c),
        RateLimiter::new(c.rate_per_minute, max_chats),
        Chats::new(max_chats),
        mode,
    ));
    // The command menu is a convenience: a bot that cannot set it still answers.
    if let Err(e) = bot.set_my_commands(commands::menu()).send().await {
        tracing::warn!("cannot set the command menu: {e}");
    }

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
    // Set when replies in flight outlast the grace period: the dispatcher is then dropped.
    let forced = Arc::new(tokio::sync::Notify::new());
    let force = forced.clone();
    tokio::spawn(async move {
        let signal = dealdesk_desk::signal::shutdown_signal().await;
        tracing::info!("{signal}: stopping after the replies in flight");
        let graceful = async {
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
        };
        // A model call, a long poll or a Telegram back-off can take a minute: an operator's
        // stop (docker stop gives 10 s) must not wait for it.
        if tokio::time::timeout(SHUTDOWN_GRACE, graceful)
            .await
            .is_err()
        {
            tracing::warn!(
                "replies still in flight after {} s: stopping without them",
                SHUTDOWN_GRACE.as_secs()
            );
            force.notify_one();
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
            until_forced(
                dispatcher.try_dispatch_with_listener(listener, listener_errors),
                &forced,
            )
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
            until_forced(
                dispatcher.try_dispatch_with_listener(listener, listener_errors),
                &forced,
            )
            .await
            .context("cannot reach the Bot API (getMe failed)")?;
        }
    }
    tracing::info!("bot stopped");
    Ok(())
}
