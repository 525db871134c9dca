//! The `[bot]` section: the Telegram bot (`dealdesk bot`).
//!
//! The token comes from `TELOXIDE_TOKEN`, else `token` in the file, else the file named by
//! `token_file`; it is a [`Secret`] and never prints. `TELOXIDE_API_URL` (or `api_url`) points
//! the bot at another Bot API server, as teloxide's `Bot::from_env` does.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use dealdesk_core::config::{ConfigError, Secret, env_var};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BotConfig {
    /// The BotFather token. Prefer `TELOXIDE_TOKEN` or `token_file`.
    pub token: Secret,
    /// A file whose first line is the token (used when `token` and `TELOXIDE_TOKEN` are unset).
    pub token_file: Option<PathBuf>,
    /// Bot API server; Telegram's own when unset.
    pub api_url: Option<String>,
    /// When this or `allow_chats` is non-empty, only these users (or chats) are served.
    pub allow_users: Vec<u64>,
    pub allow_chats: Vec<i64>,
    /// Users who may run `/reindex` and `/stats` (always served).
    pub admins: Vec<u64>,
    /// Questions one user may ask per minute (0: no limit).
    pub rate_per_minute: u32,
    /// Chats whose conversation is remembered; the least recently used is forgotten beyond it.
    pub max_chats: usize,
    /// Long-polling timeout, in seconds.
    pub poll_timeout_secs: u32,
    /// Webhook mode: the local address to listen on (e.g. `0.0.0.0:8443`).
    pub webhook_listen: Option<String>,
    /// Webhook mode: the public HTTPS URL Telegram posts to.
    pub webhook_url: Option<String>,
    /// Webhook mode: the secret Telegram sends back in `X-Telegram-Bot-Api-Secret-Token`.
    pub webhook_secret: Secret,
}

impl Default for BotConfig {
    fn default() -> Self {
        Self {
            token: Secret::default(),
            token_file: None,
            api_url: None,
            allow_users: Vec::new(),
            allow_chats: Vec::new(),
            admins: Vec::new(),
            rate_per_minute: 20,
            max_chats: 10_000,
            poll_timeout_secs: 10,
            webhook_listen: None,
            webhook_url: None,
            webhook_secret: Secret::default(),
        }
    }
}

fn parse_list<T: std::str::FromStr>(name: &'static str, v: &str) -> Result<Vec<T>, ConfigError> {
    v.split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse().map_err(|_| ConfigError::Env {
                name,
                message: format!("{s:?} is not a Telegram id"),
            })
        })
        .collect()
}

fn parse_number<T: std::str::FromStr>(name: &'static str, v: &str) -> Result<T, ConfigError> {
    v.trim().parse().map_err(|_| ConfigError::Env {
        name,
        message: format!("{v:?} is not a number"),
    })
}

impl BotConfig {
    /// Environment overrides: `TELOXIDE_TOKEN`, `TELOXIDE_API_URL`, `DEALDESK_BOT_TOKEN_FILE`,
    /// `DEALDESK_BOT_ALLOW_USERS`, `DEALDESK_BOT_ALLOW_CHATS`, `DEALDESK_BOT_ADMINS` (comma
    /// separated ids), `DEALDESK_BOT_RATE_PER_MINUTE`, `DEALDESK_BOT_MAX_CHATS`,
    /// `DEALDESK_BOT_POLL_TIMEOUT`, `DEALDESK_BOT_WEBHOOK_LISTEN`, `DEALDESK_BOT_WEBHOOK_URL`,
    /// `DEALDESK_BOT_WEBHOOK_SECRET`.
    pub fn apply_env(&mut self) -> Result<(), ConfigError> {
        if let Some(v) = env_var("TELOXIDE_TOKEN") {
            self.token = Secret::new(v.trim());
        }
        if let Some(v) = env_var("TELOXIDE_API_URL") {
            self.api_url = Some(v);
        }
        if let Some(v) = env_var("DEALDESK_BOT_TOKEN_FILE") {
            self.token_file = Some(PathBuf::from(v));
        }
        if let Some(v) = env_var("DEALDESK_BOT_ALLOW_USERS") {
            self.allow_users = parse_list("DEALDESK_BOT_ALLOW_USERS", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_BOT_ALLOW_CHATS") {
            self.allow_chats = parse_list("DEALDESK_BOT_ALLOW_CHATS", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_BOT_ADMINS") {
            self.admins = parse_list("DEALDESK_BOT_ADMINS", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_BOT_RATE_PER_MINUTE") {
            self.rate_per_minute = parse_number("DEALDESK_BOT_RATE_PER_MINUTE", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_BOT_MAX_CHATS") {
            self.max_chats = parse_number("DEALDESK_BOT_MAX_CHATS", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_BOT_POLL_TIMEOUT") {
            self.poll_timeout_secs = parse_number("DEALDESK_BOT_POLL_TIMEOUT", &v)?;
        }
        if let Some(v) = env_var("DEALDESK_BOT_WEBHOOK_LISTEN") {
            self.webhook_listen = Some(v);
        }
        if let Some(v) = env_var("DEALDESK_BOT_WEBHOOK_URL") {
            self.webhook_url = Some(v);
        }
        if let Some(v) = env_var("DEALDESK_BOT_WEBHOOK_SECRET") {
            self.webhook_secret = Secret::new(v);
        }
        Ok(())
    }

    /// The token: `token` (or `TELOXIDE_TOKEN`), else the first line of `token_file`.
    pub fn resolve_token(&self) -> Result<Secret, String> {
        if !self.token.is_empty() {
            return Ok(self.token.clone());
        }
        let Some(path) = &self.token_file else {
            return Err("no bot token: set TELOXIDE_TOKEN or [bot] token_file".into());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read token file {}: {e}", path.display()))?;
        let token = text.lines().next().unwrap_or("").trim();
        if token.is_empty() {
            return Err(format!("token file {} is empty", path.display()));
        }
        Ok(Secret::new(token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_comma_or_space_separated() {
        assert_eq!(parse_list::<i64>("X", "1, -2 3").unwrap(), vec![1, -2, 3]);
        assert!(parse_list::<u64>("X", "1,abc").is_err());
    }

    #[test]
    fn the_token_file_is_read_when_no_token_is_given() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, "123:ABC\n").unwrap();
        let config = BotConfig {
            token_file: Some(path),
            ..BotConfig::default()
        };
        assert_eq!(config.resolve_token().unwrap().expose(), "123:ABC");
        assert!(!format!("{config:?}").contains("123:ABC"));
    }
}
