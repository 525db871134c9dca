//! dealdesk's HTTP API (`dealdesk serve`): an adapter over the [`dealdesk_desk::Desk`], like
//! the CLI and the bot. [`router`] builds the whole `Router`, so tests can drive it in-process;
//! [`Application`] binds the listener and exposes its port, so tests bind port 0. Every search
//! or answer runs on the blocking pool (inside the desk): the executor threads only move bytes.
//!
//! Architecture invariant: HTTP types stay in this crate; the desk gets plain values and
//! returns core types, converted to the `wire` JSON contract here. The `[server]` configuration
//! section ([`ServerConfig`]) is this crate's.

pub mod config;
mod errors;
mod openai;
mod routes;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::timeout::TimeoutLayer;
use tracing::Instrument;

pub use config::ServerConfig;
pub use errors::ApiError;
pub use state::AppState;

/// What one client may take of the server: bytes, time and connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body, in bytes.
    pub body: usize,
    /// How long a client has to send a request's headers, on a new or a kept-alive connection
    /// (so also how long an idle connection is kept).
    pub header_timeout: Duration,
    /// How long a request may take, from its headers to the start of its response (reading
    /// the body included); a streamed answer's body is bounded by the model's own timeouts.
    pub request_timeout: Duration,
    /// Connections served at once; past it, new ones wait in the listen queue.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body: 64 * 1024,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

/// The application's routes, with authentication, per-request spans and metrics, the body
/// limit and the request timeout.
pub fn router(state: Arc<AppState>, limits: Limits) -> Router {
    Router::new()
        .route("/v1/ask", post(routes::ask))
        .route("/v1/search", get(routes::search))
        .route("/v1/deals", get(routes::deals))
        .route("/v1/sources/{id}", get(routes::source))
        .route("/v1/chat/completions", post(openai::chat_completions))
        .route("/v1/models", get(openai::models))
        .route("/healthz", get(routes::healthz))
        .route("/metrics", get(routes::metrics))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(DefaultBodyLimit::max(limits.body))
        // 408 with an empty body; `observe` gives it the API's JSON error.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// A request method as metrics and logs name it: one of the standard methods, else `other`.
/// Clients choose method names freely (and long ones): a label per name would grow the metrics
/// without bound.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

/// One span per request; checks the bearer token on `/v1/`; records status and latency.
async fn observe(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_string();
    let method = method_label(request.method());
    let span = tracing::info_span!(
        "request",
        method = %method,
        route = %route,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty
    );
    let response = async {
        if request.uri().path().starts_with("/v1/") && !state.authorised(request.headers()) {
            return ApiError::Unauthorized.into_response();
        }
        let response = next.run(request).await;
        // Only the timeout layer answers 408 (no handler does): say what happened, as JSON.
        if response.status() == StatusCode::REQUEST_TIMEOUT {
            tracing::warn!("request timed out");
            return ApiError::Timeout.into_response();
        }
        response
    }
    .instrument(span.clone())
    .await;
    let elapsed = start.elapsed();
    let status = response.status().as_u16();
    span.record("status", status);
    span.record("latency_ms", elapsed.as_secs_f64() * 1000.0);
    span.in_scope(|| {
        tracing::info!(
            status,
            latency_ms = elapsed.as_secs_f64() * 1000.0,
            "request done"
        )
    });
    state
        .desk
        .metrics()
        .record_request(&route, method, status, elapsed);
    response
}

/// A bound listener and the app it will serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    limits: Limits,
}

impl Application {
    /// Binds `addr` (port 0 picks a free port).
    pub async fn bind(addr: &str, state: Arc<AppState>, limits: Limits) -> Result<Self> {
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        Ok(Self {
            listener,
            router: router(state, limits),
            limits,
        })
    }

    pub fn local_addr(&self) -> Result<SocketAddr> {
        self.listener
            .local_addr()
            .context("cannot read the bound address")
    }

    /// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish. Each connection
    /// must send a request's headers within the header timeout (axum::serve sets no timer, so
    /// a client sending a byte a minute would hold its connection for ever), and at most
    /// `max_connections` are served at once, so slow clients cannot use up the file
    /// descriptors everyone else needs.
    pub async fn run_until_stopped(self) -> Result<()> {
        use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
        use hyper_util::server::conn::auto::Builder;
        use hyper_util::server::graceful::GracefulShutdown;
        use hyper_util::service::TowerToHyperService;

        let mut builder = Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(self.limits.header_timeout);
        let graceful = GracefulShutdown::new();
        let connections = Arc::new(Semaphore::new(self.limits.max_connections.max(1)));
        let mut stop = std::pin::pin!(shutdown_signal());
        loop {
            // Wait for a free slot before accepting: past the limit, clients queue in the
            // kernel's backlog instead of taking descriptors.
            let permit = tokio::select! {
                permit = connections.clone().acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
                () = &mut stop => break,
            };
            let (stream, _) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(connection) => connection,
                    // A refused or reset connection, or too many open files: not fatal.
                    Err(e) => {
                        tracing::warn!(error = %e, "accepting a connection failed");
                        // Out of file descriptors fails at once, again and again: back off.
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut stop => break,
            };
            let service = TowerToHyperService::new(self.router.clone());
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::debug!(error = %e, "connection closed with an error");
                }
                drop(permit);
            });
        }
        graceful.shutdown().await;
        Ok(())
    }
}

async fn shutdown_signal() {
    let signal = dealdesk_desk::signal::shutdown_signal().await;
    tracing::info!("{signal}: shutting down");
}
