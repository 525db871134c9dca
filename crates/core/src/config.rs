//! What every configuration section shares: the error type, reading the environment, and
//! [`Secret`]. Each adapter crate owns its section (`[llm]`, `[server]`, `[bot]`); the binary
//! layers defaults, the file, the environment and flags over all of them.

use std::path::PathBuf;
use std::str::FromStr;

pub use crate::secret::Secret;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: {message}", .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("environment variable {name}: {message}")]
    Env { name: &'static str, message: String },
}

/// Reads one environment variable, treating an empty value as absent.
pub fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Reads one environment variable as a `T`; `what` says what it should be ("a whole number").
pub fn parse_env<T: FromStr>(name: &'static str, what: &str) -> Result<Option<T>, ConfigError> {
    match env_var(name) {
        None => Ok(None),
        Some(v) => v.trim().parse().map(Some).map_err(|_| ConfigError::Env {
            name,
            message: format!("{v:?} is not {what}"),
        }),
    }
}
