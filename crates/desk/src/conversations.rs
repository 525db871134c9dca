//! Where follow-ups are remembered: in this process (the default, bounded and least recently
//! used first), or in Redis when `DEALDESK_REDIS_URL` is set, so that several `serve` or `bot
//! --webhook` replicas behind a load balancer answer each other's follow-ups.
//!
//! A shared conversation is its last (resolved) question, stored under
//! `dealdesk:conversation:<key>` with a TTL of [`MAX_AGE`]: Redis forgets it when a follow-up
//! could no longer use it. Redis being down never fails a question: the question is answered
//! without its context, and a warning is logged.
//!
//! ```toml
//! [conversations]
//! redis_url = ""      # DEALDESK_REDIS_URL, e.g. redis://127.0.0.1:6379/0 (never printed)
//! ```

use std::time::{Duration, Instant};

use redis::AsyncCommands;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use serde::{Deserialize, Serialize};

use dealdesk_core::config::{ConfigError, Secret, env_var};
use dealdesk_core::conversation::{Conversation, ConversationKey, Conversations, MAX_AGE};
use dealdesk_core::model::EntityTable;

/// The `[conversations]` section.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConversationsConfig {
    /// A Redis URL (`redis://[:password@]host:port/db`); empty keeps conversations in memory.
    pub redis_url: Secret,
}

impl ConversationsConfig {
    /// `DEALDESK_REDIS_URL` overrides the file.
    pub fn apply_env(&mut self) -> Result<(), ConfigError> {
        if let Some(v) = env_var("DEALDESK_REDIS_URL") {
            self.redis_url = Secret::new(v.trim());
        }
        Ok(())
    }
}

/// Why the shared store could not be set up: the URL does not parse.
#[derive(Debug, thiserror::Error)]
#[error(
    "DEALDESK_REDIS_URL (or [conversations] redis_url) is not a Redis URL: {0}; write redis://host:port/db"
)]
pub struct RedisUrlError(String);

/// Where replicas share their conversations: a Redis server, by URL. Nothing connects yet: a
/// Redis that is down at start-up is tried again at the next question.
#[derive(Debug, Clone)]
pub struct RedisConversations {
    client: redis::Client,
}

impl RedisConversations {
    pub fn parse(url: &str) -> Result<RedisConversations, RedisUrlError> {
        let client = redis::Client::open(url).map_err(|e| RedisUrlError(e.to_string()))?;
        Ok(RedisConversations { client })
    }

    /// From the `[conversations]` section: `None` when no URL is set.
    pub fn from_config(
        config: &ConversationsConfig,
    ) -> Result<Option<RedisConversations>, RedisUrlError> {
        let url = config.redis_url.expose().trim();
        if url.is_empty() {
            return Ok(None);
        }
        Self::parse(url).map(Some)
    }
}

/// Time allowed to connect to Redis, and for each command: a follow-up is not worth more.
const REDIS_TIMEOUT: Duration = Duration::from_millis(500);

/// The prefix of every key dealdesk writes in Redis.
const KEY_PREFIX: &str = "dealdesk:conversation:";

/// Conversations in this process, or in Redis.
pub(crate) enum Store {
    Memory(Conversations),
    Redis(Shared),
}

impl Store {
    pub(crate) fn memory(capacity: usize) -> Store {
        Store::Memory(Conversations::new(capacity))
    }

    pub(crate) fn redis(redis: RedisConversations) -> Store {
        Store::Redis(Shared {
            client: redis.client,
            connection: tokio::sync::Mutex::new(None),
        })
    }

    /// The conversation of `key` (a new one when unknown, expired, or Redis is unreachable).
    pub(crate) async fn get(&self, key: &ConversationKey, entities: &EntityTable) -> Conversation {
        match self {
            Store::Memory(m) => m.get(key, Instant::now()),
            Store::Redis(r) => match r.get(key).await {
                Ok(Some(question)) => Conversation::resumed(&question, entities),
                Ok(None) => Conversation::new(),
                Err(e) => {
                    tracing::warn!(error = %e, "Redis is unreachable; answering without the conversation's context");
                    Conversation::new()
                }
            },
        }
    }

    pub(crate) async fn put(&self, key: ConversationKey, conversation: Conversation) {
        match self {
            Store::Memory(m) => m.put(key, conversation),
            Store::Redis(r) => {
                let Some(question) = conversation.last_question(Instant::now()) else {
                    return;
                };
                if let Err(e) = r.put(&key, question).await {
                    tracing::warn!(error = %e, "Redis is unreachable; this question will not be followed up");
                }
            }
        }
    }

    pub(crate) async fn forget(&self, key: &ConversationKey) {
        match self {
            Store::Memory(m) => m.forget(key),
            Store::Redis(r) => {
                if let Err(e) = r.forget(key).await {
                    tracing::warn!(error = %e, "Redis is unreachable; the conversation was not forgotten");
                }
            }
        }
    }

    /// How many conversations this process remembers; `None` when they live in Redis.
    pub(crate) fn len(&self) -> Option<usize> {
        match self {
            Store::Memory(m) => Some(m.len()),
            Store::Redis(_) => None,
        }
    }
}

/// Conversations in Redis, over one multiplexed connection that reconnects by itself.
pub(crate) struct Shared {
    client: redis::Client,
    /// Set at the first successful connection.
    connection: tokio::sync::Mutex<Option<ConnectionManager>>,
}

impl Shared {
    async fn connection(&self) -> redis::RedisResult<ConnectionManager> {
        let mut slot = self.connection.lock().await;
        if let Some(c) = slot.as_ref() {
            return Ok(c.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(REDIS_TIMEOUT))
            .set_response_timeout(Some(REDIS_TIMEOUT))
            .set_number_of_retries(1);
        let c = ConnectionManager::new_with_config(self.client.clone(), config).await?;
        *slot = Some(c.clone());
        Ok(c)
    }

    fn name(key: &ConversationKey) -> String {
        format!("{KEY_PREFIX}{}", key.storage_name())
    }

    async fn get(&self, key: &ConversationKey) -> redis::RedisResult<Option<String>> {
        self.connection().await?.get(Self::name(key)).await
    }

    async fn put(&self, key: &ConversationKey, question: &str) -> redis::RedisResult<()> {
        self.connection()
            .await?
            .set_ex(Self::name(key), question, MAX_AGE.as_secs())
            .await
    }

    async fn forget(&self, key: &ConversationKey) -> redis::RedisResult<()> {
        self.connection().await?.del(Self::name(key)).await
    }
}
