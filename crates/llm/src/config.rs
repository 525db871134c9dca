//! The `[llm]` section: an OpenAI-compatible chat-completions endpoint that writes answers from
//! the retrieved sources (see `dealdesk_core::generation`). With no `model`, no model is used and answers stay
//! extractive.
//!
//! ```toml
//! [llm]
//! base_url = "http://localhost:11434/v1"   # OPENAI_BASE_URL
//! api_key = ""                             # OPENAI_API_KEY (never printed)
//! model = "llama3.1:8b"                    # DEALDESK_LLM_MODEL
//! mode = "auto"                            # DEALDESK_LLM_MODE: extractive | llm | auto
//! connect_timeout_ms = 2000                # DEALDESK_LLM_CONNECT_TIMEOUT_MS
//! read_timeout_ms = 15000                  # DEALDESK_LLM_READ_TIMEOUT_MS
//! deadline_ms = 30000                      # DEALDESK_LLM_DEADLINE_MS
//! retries = 3                              # DEALDESK_LLM_RETRIES
//! max_tokens = 160                         # DEALDESK_LLM_MAX_TOKENS
//! temperature = 0.0                        # DEALDESK_LLM_TEMPERATURE
//! structured = true                        # DEALDESK_LLM_STRUCTURED
//! system_role = true                       # DEALDESK_LLM_SYSTEM_ROLE
//! ```

use std::time::Duration;

use serde::{Deserialize, Serialize};

use dealdesk_core::config::{ConfigError, Secret, env_var, parse_env};
use dealdesk_core::generation::Mode;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LlmConfig {
    /// The API base, up to and including `/v1`; requests go to `{base_url}/chat/completions`.
    pub base_url: String,
    /// Sent as `Authorization: Bearer …`; may be empty for local servers such as Ollama.
    pub api_key: Secret,
    /// The model name; empty means no model is configured.
    pub model: String,
    /// The default mode when a command is given none.
    pub mode: Mode,
    /// Time allowed to open a connection.
    pub connect_timeout_ms: u64,
    /// Time allowed between two reads of the response (a stalled server).
    pub read_timeout_ms: u64,
    /// Total time allowed for the model, retries included; after it the extractive answer is given.
    pub deadline_ms: u64,
    /// Retries after a 429, a 5xx or a refused connection (backoff 100 ms, doubling, or the
    /// server's `Retry-After`); the deadline still bounds the whole.
    pub retries: u32,
    /// Most tokens the model may write: a short answer and its citations, as JSON.
    pub max_tokens: u32,
    pub temperature: f32,
    /// Ask for a JSON answer constrained by a schema (`response_format`), stepping down to
    /// the forms a server accepts; false sends no `response_format` at all.
    pub structured: bool,
    /// Send the instructions as a `system` message; false puts them at the head of the first
    /// user message instead, for models whose chat template has no system turn (Gemma under
    /// llama.cpp's `gemma` chat format drops system messages).
    pub system_role: bool,
}

impl Default for LlmConfig {
    fn default() -> Self {
        Self {
            base_url: "https://api.openai.com/v1".to_string(),
            api_key: Secret::default(),
            model: String::new(),
            mode: Mode::Auto,
            connect_timeout_ms: 2_000,
            read_timeout_ms: 15_000,
            deadline_ms: 30_000,
            retries: 3,
            max_tokens: 160,
            temperature: 0.0,
            structured: true,
            system_role: true,
        }
    }
}

impl LlmConfig {
    /// Environment overrides of this section: `OPENAI_BASE_URL`, `OPENAI_API_KEY`,
    /// `DEALDESK_LLM_MODEL`, `DEALDESK_LLM_MODE`, `DEALDESK_LLM_CONNECT_TIMEOUT_MS`,
    /// `DEALDESK_LLM_READ_TIMEOUT_MS`, `DEALDESK_LLM_DEADLINE_MS`, `DEALDESK_LLM_RETRIES`,
    /// `DEALDESK_LLM_MAX_TOKENS`, `DEALDESK_LLM_TEMPERATURE`, `DEALDESK_LLM_STRUCTURED`,
    /// `DEALDESK_LLM_SYSTEM_ROLE`.
    pub fn apply_env(&mut self) -> Result<(), ConfigError> {
        if let Some(v) = env_var("OPENAI_BASE_URL") {
            self.base_url = v.trim().to_string();
        }
        if let Some(v) = env_var("OPENAI_API_KEY") {
            self.api_key = Secret::new(v.trim());
        }
        if let Some(v) = env_var("DEALDESK_LLM_MODEL") {
            self.model = v.trim().to_string();
        }
        if let Some(v) = env_var("DEALDESK_LLM_MODE") {
            self.mode = v.parse().map_err(|message| ConfigError::Env {
                name: "DEALDESK_LLM_MODE",
                message,
            })?;
        }
        let ms = "a number of milliseconds";
        if let Some(v) = parse_env("DEALDESK_LLM_CONNECT_TIMEOUT_MS", ms)? {
            self.connect_timeout_ms = v;
        }
        if let Some(v) = parse_env("DEALDESK_LLM_READ_TIMEOUT_MS", ms)? {
            self.read_timeout_ms = v;
        }
        if let Some(v) = parse_env("DEALDESK_LLM_DEADLINE_MS", ms)? {
            self.deadline_ms = v;
        }
        if let Some(v) = parse_env("DEALDESK_LLM_RETRIES", "a whole number")? {
            self.retries = v;
        }
        if let Some(v) = parse_env("DEALDESK_LLM_MAX_TOKENS", "a whole number")? {
            self.max_tokens = v;
        }
        if let Some(v) = parse_env("DEALDESK_LLM_TEMPERATURE", "a number")? {
            self.temperature = v;
        }
        if let Some(v) = parse_env("DEALDESK_LLM_STRUCTURED", "true or false")? {
            self.structured = v;
        }
        if let Some(v) = parse_env("DEALDESK_LLM_SYSTEM_ROLE", "true or false")? {
            self.system_role = v;
        }
        Ok(())
    }

    /// Whether a model is configured.
    pub fn has_model(&self) -> bool {
        !self.model.trim().is_empty()
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms.max(1))
    }

    pub fn read_timeout(&self) -> Duration {
        Duration::from_millis(self.read_timeout_ms.max(1))
    }

    pub fn deadline(&self) -> Duration {
        Duration::from_millis(self.deadline_ms.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_section_and_masks_the_key() {
        let text = "base_url = \"http://localhost:11434/v1\"\napi_key = \"sk-x\"\nmodel = \"m\"\nmode = \"llm\"\ndeadline_ms = 500\n";
        let c: LlmConfig = toml::from_str(text).unwrap();
        assert_eq!(c.base_url, "http://localhost:11434/v1");
        assert_eq!(c.mode, Mode::Llm);
        assert_eq!(c.deadline(), Duration::from_millis(500));
        assert!(c.has_model());
        assert!(!toml::to_string(&c).unwrap().contains("sk-x"));
    }

    #[test]
    fn no_model_by_default() {
        assert!(!LlmConfig::default().has_model());
    }
}
