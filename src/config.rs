//! Configuration in layers: built-in defaults, then `dealdesk.toml` (or the file named by
//! `--config` / `DEALDESK_CONFIG`), then environment variables; command-line flags are applied
//! last. Each adapter crate owns its section (`[llm]`, `[server]`, `[bot]`); this file adds
//! `[paths]` and `[log]` and layers them all. Secrets never print.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use dealdesk_core::config::{ConfigError, env_var, parse_env};
use dealdesk_desk::ConversationsConfig;
use dealdesk_http::ServerConfig;
use dealdesk_llm::LlmConfig;
use dealdesk_telegram::BotConfig;

/// The file read when no other is named and it exists.
pub const DEFAULT_FILE: &str = "dealdesk.toml";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PathsConfig {
    /// Corpus directory (articles/, entities.toml, deals.jsonl).
    pub corpus: PathBuf,
    /// Index directory (generated).
    pub index: PathBuf,
}

impl Default for PathsConfig {
    fn default() -> Self {
        Self {
            corpus: PathBuf::from("corpus"),
            index: PathBuf::from("index"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    pub format: LogFormat,
    /// A tracing filter, e.g. `info` or `dealdesk=debug`.
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            format: LogFormat::Text,
            level: "info".to_string(),
        }
    }
}

/// `[watch]`: a `dealdesk watch` that the answering commands start on their own when their
/// freshness check would look at many corpus files (at 100,000 files it costs about 150 ms;
/// asking a watch, a few).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WatchConfig {
    /// Start a watch in the background when none answers and the last check looked at this
    /// many files or more; 0 never starts one (`DEALDESK_AUTO_WATCH_FILES`).
    pub auto_start_files: usize,
    /// A watch started so stops after this many seconds without a command asking it
    /// (`DEALDESK_AUTO_WATCH_IDLE_SECS`).
    pub auto_idle_secs: u64,
}

impl Default for WatchConfig {
    fn default() -> Self {
        Self {
            // Below it a check takes a few tens of milliseconds: not worth a process.
            auto_start_files: 20_000,
            auto_idle_secs: 600,
        }
    }
}

impl WatchConfig {
    fn apply_env(&mut self) -> Result<(), ConfigError> {
        if let Some(v) = parse_env("DEALDESK_AUTO_WATCH_FILES", "a whole number of files")? {
            self.auto_start_files = v;
        }
        if let Some(v) = parse_env("DEALDESK_AUTO_WATCH_IDLE_SECS", "a whole number of seconds")? {
            self.auto_idle_secs = v;
        }
        Ok(())
    }
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub paths: PathsConfig,
    pub llm: LlmConfig,
    pub bot: BotConfig,
    pub server: ServerConfig,
    pub conversations: ConversationsConfig,
    pub watch: WatchConfig,
    pub log: LogConfig,
}

impl Config {
    /// Defaults, then the file (`path`, else `dealdesk.toml` when present), then the environment.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let mut config = match path {
            Some(p) => Self::from_file(p)?,
            None if Path::new(DEFAULT_FILE).exists() => Self::from_file(Path::new(DEFAULT_FILE))?,
            None => Config::default(),
        };
        config.apply_env()?;
        Ok(config)
    }

    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            line: e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            }),
            message: e.message().to_string(),
        })
    }

    /// Environment overrides: `DEALDESK_CORPUS`, `DEALDESK_INDEX`, `DEALDESK_LOG_FORMAT`,
    /// `DEALDESK_LOG`, and each section's own variables.
    pub fn apply_env(&mut self) -> Result<(), ConfigError> {
        if let Some(v) = env_var("DEALDESK_CORPUS") {
            self.paths.corpus = PathBuf::from(v);
        }
        if let Some(v) = env_var("DEALDESK_INDEX") {
            self.paths.index = PathBuf::from(v);
        }
        if let Some(v) = env_var("DEALDESK_LOG_FORMAT") {
            self.log.format = match v.to_ascii_lowercase().as_str() {
                "json" => LogFormat::Json,
                "text" => LogFormat::Text,
                _ => {
                    return Err(ConfigError::Env {
                        name: "DEALDESK_LOG_FORMAT",
                        message: format!("{v:?} is not `text` or `json`"),
                    });
                }
            };
        }
        if let Some(v) = env_var("DEALDESK_LOG") {
            self.log.level = v;
        }
        self.llm.apply_env()?;
        self.bot.apply_env()?;
        self.server.apply_env()?;
        self.conversations.apply_env()?;
        self.watch.apply_env()?;
        Ok(())
    }

    /// The effective configuration as TOML, secrets masked.
    pub fn to_masked_toml(&self) -> String {
        let mut shown = self.clone();
        shown.llm.base_url = dealdesk_core::secret::mask_url(&shown.llm.base_url);
        if let Some(url) = &shown.bot.webhook_url {
            shown.bot.webhook_url = Some(dealdesk_core::secret::mask_url(url));
        }
        toml::to_string_pretty(&shown)
            .unwrap_or_else(|e| format!("# cannot print the configuration: {e}\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_parse_and_secrets_are_masked() {
        let text = "[llm]\nbase_url = \"http://me:pw-z@localhost:11434/v1\"\napi_key = \"sk-x\"\nmodel = \"m\"\nmode = \"llm\"\n\n[server]\napi_token = \"tok-y\"\n";
        let c = Config::parse(Path::new("t.toml"), text).unwrap();
        assert_eq!(c.llm.mode, dealdesk_core::generation::Mode::Llm);
        let printed = c.to_masked_toml();
        assert!(
            !printed.contains("sk-x") && !printed.contains("tok-y") && !printed.contains("pw-z"),
            "{printed}"
        );
    }

    #[test]
    fn the_auto_watch_is_set_in_its_section_and_by_the_environment() {
        let c = Config::parse(
            Path::new("t.toml"),
            "[watch]\nauto_start_files = 0\nauto_idle_secs = 30\n",
        )
        .unwrap();
        assert_eq!((c.watch.auto_start_files, c.watch.auto_idle_secs), (0, 30));
        assert_eq!(Config::default().watch.auto_start_files, 20_000);
        let e = Config::parse(Path::new("t.toml"), "[watch]\nauto_start = 3\n").unwrap_err();
        assert!(e.to_string().contains("auto_start"), "{e}");
    }

    #[test]
    fn errors_name_the_line() {
        let e = Config::parse(Path::new("t.toml"), "[paths]\ncorpus = 3\n").unwrap_err();
        assert!(e.to_string().starts_with("t.toml:2:"), "{e}");
    }
}
