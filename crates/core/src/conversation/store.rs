//! The one conversation store every adapter uses: bounded in count (least recently used
//! forgotten first) and in age (a conversation idle for [`super::MAX_AGE`] is dropped when next
//! looked up), keyed by [`ConversationKey`].

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::Instant;

use lru::LruCache;

use super::Conversation;

/// Longest client-chosen conversation id accepted.
pub const MAX_CLIENT_ID: usize = 128;

/// Whose conversation: a client-chosen id (the HTTP API), a chat (a messaging adapter), or the
/// terminal. Kinds never collide: chat 7 and client id "7" are different conversations.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConversationKey(Kind);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Kind {
    /// An id chosen by a client, within its owner's (the hash of its API token) namespace.
    Client {
        owner: Option<String>,
        id: String,
    },
    Chat(i64),
    Terminal,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a conversation id must be 1 to {MAX_CLIENT_ID} characters")]
pub struct KeyError;

impl ConversationKey {
    /// A conversation id chosen by a client: 1 to [`MAX_CLIENT_ID`] characters.
    pub fn client(id: &str) -> Result<Self, KeyError> {
        if id.is_empty() || id.chars().count() > MAX_CLIENT_ID {
            return Err(KeyError);
        }
        Ok(Self(Kind::Client {
            owner: None,
            id: id.to_string(),
        }))
    }

    /// A conversation id chosen by a client that presented `credential` (an API token): the
    /// same id under another credential is another conversation. Only a hash of the
    /// credential is kept.
    pub fn client_of(credential: &str, id: &str) -> Result<Self, KeyError> {
        let Self(Kind::Client { id, .. }) = Self::client(id)? else {
            return Err(KeyError);
        };
        Ok(Self(Kind::Client {
            owner: Some(crate::corpus::hash_bytes(credential.as_bytes())),
            id,
        }))
    }

    /// The conversation of a chat of a messaging adapter.
    pub fn chat(id: i64) -> Self {
        Self(Kind::Chat(id))
    }

    /// The one conversation of a terminal session.
    pub fn terminal() -> Self {
        Self(Kind::Terminal)
    }

    /// A stable name for this key in a store shared between processes: the same key gives
    /// the same name in every process and release, and a client's id appears only hashed.
    pub fn storage_name(&self) -> String {
        match &self.0 {
            Kind::Client { owner, id } => format!(
                "client:{}:{}",
                owner.as_deref().unwrap_or("-"),
                crate::corpus::hash_bytes(id.as_bytes())
            ),
            Kind::Chat(id) => format!("chat:{id}"),
            Kind::Terminal => "terminal".to_string(),
        }
    }
}

/// Conversations by key, at most `capacity` of them.
pub struct Conversations {
    /// `None` when the capacity is 0: nothing is remembered.
    map: Option<Mutex<LruCache<ConversationKey, Conversation>>>,
}

impl Conversations {
    pub fn new(capacity: usize) -> Self {
        Self {
            map: NonZeroUsize::new(capacity).map(|cap| Mutex::new(LruCache::new(cap))),
        }
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut LruCache<ConversationKey, Conversation>) -> T,
    ) -> Option<T> {
        let map = self.map.as_ref()?;
        // A panic while holding the lock cannot leave a conversation half-written: each
        // operation is a single map call.
        let mut guard = map.lock().unwrap_or_else(|p| p.into_inner());
        Some(f(&mut guard))
    }

    /// The conversation of `key` as of `now` (a new one when unknown or expired). A copy: the
    /// lock is never held while a question is answered.
    pub fn get(&self, key: &ConversationKey, now: Instant) -> Conversation {
        self.with(|map| match map.get(key) {
            Some(c) if !c.is_expired(now) => c.clone(),
            Some(_) => {
                map.pop(key);
                Conversation::new()
            }
            None => Conversation::new(),
        })
        .unwrap_or_default()
    }

    pub fn put(&self, key: ConversationKey, conversation: Conversation) {
        self.with(|map| map.put(key, conversation));
    }

    /// Forgets the conversation of `key`.
    pub fn forget(&self, key: &ConversationKey) {
        self.with(|map| map.pop(key));
    }

    /// How many conversations are remembered.
    pub fn len(&self) -> usize {
        self.with(|map| map.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityTable;

    fn remembered(question: &str) -> Conversation {
        let mut c = Conversation::new();
        c.remember(question, &EntityTable::default());
        c
    }

    #[test]
    fn storage_names_are_stable_distinct_and_hide_client_ids() {
        let client = ConversationKey::client("c1").unwrap();
        assert_eq!(client.storage_name(), client.clone().storage_name());
        assert!(!client.storage_name().contains("c1"));
        let names = [
            client.storage_name(),
            ConversationKey::client_of("token", "c1")
                .unwrap()
                .storage_name(),
            ConversationKey::chat(7).storage_name(),
            ConversationKey::terminal().storage_name(),
        ];
        let distinct: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), names.len(), "{names:?}");
        assert_eq!(ConversationKey::chat(-100).storage_name(), "chat:-100");
    }

    #[test]
    fn the_least_recently_used_is_forgotten_beyond_the_capacity() {
        let store = Conversations::new(2);
        let now = Instant::now();
        let (a, b, c) = (
            ConversationKey::chat(1),
            ConversationKey::client("b").unwrap(),
            ConversationKey::terminal(),
        );
        store.put(a.clone(), remembered("one"));
        store.put(b.clone(), remembered("two"));
        store.get(&a, now);
        store.put(c.clone(), remembered("three"));
        assert_eq!(store.len(), 2);
        assert!(!store.get(&a, now).is_expired(now));
        assert!(
            store.get(&b, now).is_expired(now),
            "b was the least recently used"
        );
    }

    #[test]
    fn an_idle_conversation_expires() {
        let store = Conversations::new(4);
        let key = ConversationKey::chat(1);
        store.put(key.clone(), remembered("one"));
        let later = Instant::now() + super::super::MAX_AGE + std::time::Duration::from_secs(1);
        assert!(store.get(&key, later).is_expired(later));
        assert_eq!(store.len(), 0, "an expired conversation is dropped");
    }

    #[test]
    fn keys_are_checked_and_kinds_never_collide() {
        assert_ne!(
            ConversationKey::client_of("token-a", "7").unwrap(),
            ConversationKey::client_of("token-b", "7").unwrap()
        );
        assert_eq!(
            ConversationKey::client_of("token-a", "7").unwrap(),
            ConversationKey::client_of("token-a", "7").unwrap()
        );
        assert_ne!(
            ConversationKey::client_of("token-a", "7").unwrap(),
            ConversationKey::client("7").unwrap()
        );
        assert_eq!(ConversationKey::client_of("token-a", ""), Err(KeyError));
        assert_eq!(ConversationKey::client(""), Err(KeyError));
        assert!(ConversationKey::client(&"x".repeat(MAX_CLIENT_ID + 1)).is_err());
        assert_ne!(
            ConversationKey::client("7").unwrap(),
            ConversationKey::chat(7)
        );
        let none = Conversations::new(0);
        none.put(ConversationKey::chat(1), remembered("one"));
        assert!(none.is_empty());
    }
}
