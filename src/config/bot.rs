//! The `[bot]` section. (Filled in by the work on this adapter.)

use serde::{Deserialize, Serialize};

use super::ConfigError;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BotConfig {}

impl BotConfig {
    /// Environment overrides of this section.
    pub fn apply_env(&mut self) -> Result<(), ConfigError> {
        Ok(())
    }
}
