//! What every request shares: the knowledge base, the conversations, the metrics.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;

use dealdesk::answer::{self, Answer, AskError};
use dealdesk::conversation::Conversation;
use dealdesk::kb::KnowledgeBase;
use dealdesk::llm::Answerer;

use super::errors::ApiError;
use super::metrics::Metrics;

/// Longest `conversation_id` accepted.
pub const MAX_CONVERSATION_ID: usize = 128;

pub struct AppState {
    pub kb: Arc<KnowledgeBase>,
    pub metrics: Arc<Metrics>,
    pub conversations: Mutex<Conversations>,
    /// The bearer token every `/v1/` request must carry, when set.
    token: Option<String>,
    pub model_name: String,
    /// Writes verified model answers when `[llm]` names a model.
    pub answerer: Answerer,
}

impl AppState {
    pub fn new(
        kb: Arc<KnowledgeBase>,
        metrics: Arc<Metrics>,
        token: Option<String>,
        max_conversations: usize,
        model_name: String,
        answerer: Answerer,
    ) -> Self {
        Self {
            kb,
            metrics,
            conversations: Mutex::new(Conversations::new(max_conversations)),
            token: token.filter(|t| !t.is_empty()),
            model_name,
            answerer,
        }
    }

    /// Whether the request may proceed: no token configured, or the right one presented.
    pub fn authorised(&self, headers: &HeaderMap) -> bool {
        let Some(expected) = &self.token else {
            return true;
        };
        let presented = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        constant_time_eq(presented.trim().as_bytes(), expected.as_bytes())
    }

    /// The remembered conversation `id`, or a new one.
    pub fn conversation(&self, id: &str) -> Conversation {
        self.conversations
            .lock()
            .ok()
            .and_then(|c| c.map.get(id).cloned())
            .unwrap_or_default()
    }

    pub fn remember(&self, id: String, conversation: Conversation) {
        if let Ok(mut c) = self.conversations.lock() {
            c.insert(id, conversation);
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Conversations by id, at most `cap`; the oldest started is forgotten first.
pub struct Conversations {
    map: HashMap<String, Conversation>,
    order: VecDeque<String>,
    cap: usize,
}

impl Conversations {
    pub fn new(cap: usize) -> Self {
        Self {
            map: HashMap::new(),
            order: VecDeque::new(),
            cap,
        }
    }

    pub fn insert(&mut self, id: String, conversation: Conversation) {
        if self.cap == 0 {
            return;
        }
        if let Some(existing) = self.map.get_mut(&id) {
            *existing = conversation;
            return;
        }
        while self.map.len() >= self.cap {
            match self.order.pop_front() {
                Some(old) => {
                    self.map.remove(&old);
                }
                None => break,
            }
        }
        self.order.push_back(id.clone());
        self.map.insert(id, conversation);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.map.len()
    }
}

pub use dealdesk::config::llm::Mode;

/// Reads a request's `mode`; absent means the configured default.
pub fn parse_mode(s: Option<&str>, default: Mode) -> Result<Mode, ApiError> {
    match s {
        None => Ok(default),
        Some(s) => s.parse().map_err(|_| {
            ApiError::bad_request(
                "invalid_mode",
                "`mode` must be `extractive`, `llm` or `auto`",
            )
        }),
    }
}

/// Answers `question` extractively (in `conversation`, when given). Blocking: call it from the
/// blocking pool.
pub fn answer(
    kb: &KnowledgeBase,
    metrics: &Metrics,
    conversation: Option<&mut Conversation>,
    question: &str,
) -> Result<Answer, AskError> {
    let extractive = match conversation {
        Some(c) => c.ask(kb, question)?,
        None => answer::ask(kb, question)?,
    };
    metrics.record_answer(extractive.abstained);
    Ok(extractive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversations_forget_the_oldest_beyond_the_cap() {
        let mut c = Conversations::new(2);
        c.insert("a".into(), Conversation::new());
        c.insert("b".into(), Conversation::new());
        c.insert("a".into(), Conversation::new());
        assert_eq!(c.len(), 2);
        c.insert("c".into(), Conversation::new());
        assert_eq!(c.len(), 2);
        assert!(!c.map.contains_key("a") && c.map.contains_key("b") && c.map.contains_key("c"));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"ab", b"abc"));
    }
}
