//! The `[server]` section: how `dealdesk serve` listens and what it accepts.

use serde::{Deserialize, Serialize};

use dealdesk_core::config::{ConfigError, Secret, env_var};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address to listen on (`DEALDESK_ADDR`). Loopback by default: expose it on purpose.
    pub addr: String,
    /// When set, every `/v1/` request must carry `Authorization: Bearer <token>`
    /// (`DEALDESK_API_TOKEN`). `/healthz` and `/metrics` stay open.
    pub api_token: Secret,
    /// Largest request body accepted, in bytes (`DEALDESK_BODY_LIMIT`).
    pub body_limit: usize,
    /// Conversations remembered for `conversation_id`; the oldest is forgotten first
    /// (`DEALDESK_MAX_CONVERSATIONS`).
    pub max_conversations: usize,
    /// Re-index when files under the corpus change (`DEALDESK_WATCH`, or `serve --watch`).
    pub watch: bool,
    /// How long the corpus must stay quiet before re-indexing, in milliseconds
    /// (`DEALDESK_WATCH_DEBOUNCE_MS`).
    pub watch_debounce_ms: u64,
    /// The model name `GET /v1/models` lists (`DEALDESK_MODEL_NAME`).
    pub model_name: String,
    /// A client has this long to send a request's headers, on a new or a kept-alive
    /// connection, before the connection is closed (`DEALDESK_HEADER_TIMEOUT_MS`): slow clients
    /// cannot hold connections open.
    pub header_timeout_ms: u64,
    /// How long a request may take before it is answered 408, reading its body included, in
    /// milliseconds (`DEALDESK_REQUEST_TIMEOUT_MS`). Keep it above the model's timeouts.
    pub request_timeout_ms: u64,
    /// Connections served at once (`DEALDESK_MAX_CONNECTIONS`); more wait in the listen queue.
    /// Keep it below the process's open-file limit.
    pub max_connections: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            addr: "127.0.0.1:8080".to_string(),
            api_token: Secret::default(),
            body_limit: 64 * 1024,
            max_conversations: 10_000,
            watch: false,
            watch_debounce_ms: 300,
            model_name: "dealdesk".to_string(),
            header_timeout_ms: 10_000,
            request_timeout_ms: 30_000,
            max_connections: 1024,
        }
    }
}

fn number<T: std::str::FromStr>(name: &'static str, v: &str) -> Result<T, ConfigError> {
    v.trim().parse().map_err(|_| ConfigError::Env {
        name,
        message: format!("{v:?} is not a whole number"),
    })
}

impl ServerConfig {
    /// The limits the server enforces, from this section.
    pub fn limits(&self) -> crate::Limits {
        use std::time::Duration;
        crate::Limits {
            body: self.body_limit,
            header_timeout: Duration::from_millis(self.header_timeout_ms.max(1)),
            request_timeout: Duration::from_millis(self.request_timeout_ms.max(1)),
            max_connections: self.max_connections.max(1),
        }
    }

    /// Environment overrides of this section.
    pub fn apply_env(&mut self) -> Result<(), ConfigError> {
        if let Some(v) = env_var("DEALDESK_ADDR") {
            self.addr = v;
        }
        if let Some(v) = env_var("DEALDESK_API_TOKEN") {
            self.api_token = Secret::new(v);
        }
        if let Some(v) = env_var("DEALDESK_BODY_LIMIT") {
            self.body_limit = number("DEALDESK_BODY_LIMIT", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_HEADER_TIMEOUT_MS") {
            self.header_timeout_ms = number("DEALDESK_HEADER_TIMEOUT_MS", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_REQUEST_TIMEOUT_MS") {
            self.request_timeout_ms = number("DEALDESK_REQUEST_TIMEOUT_MS", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_MAX_CONNECTIONS") {
            self.max_connections = number("DEALDESK_MAX_CONNECTIONS", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_MAX_CONVERSATIONS") {
            self.max_conversations = number("DEALDESK_MAX_CONVERSATIONS", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_WATCH") {
            self.watch = match v.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => true,
                "0" | "false" | "no" | "off" => false,
                _ => {
                    return Err(ConfigError::Env {
                        name: "DEALDESK_WATCH",
                        message: format!("{v:?} is not true or false"),
                    });
                }
            };
        }
        if let Some(v) = env_var("DEALDESK_WATCH_DEBOUNCE_MS") {
            self.watch_debounce_ms = number("DEALDESK_WATCH_DEBOUNCE_MS", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_MODEL_NAME") {
            self.model_name = v;
        }
        Ok(())
    }
}
