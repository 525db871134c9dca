//! What the bot remembers beyond the desk's conversations, all bounded: each chat's chosen
//! language (least recently used chats forgotten), who was already refused, and each user's
//! recent questions.

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lru::LruCache;

use dealdesk_core::text::Lang;

use crate::config::BotConfig;

/// Who may talk to the bot.
#[derive(Debug, Clone, Default)]
pub struct Access {
    pub allow_users: Vec<u64>,
    pub allow_chats: Vec<i64>,
    pub admins: Vec<u64>,
}

impl Access {
    pub fn from_config(c: &BotConfig) -> Self {
        Self {
            allow_users: c.allow_users.clone(),
            allow_chats: c.allow_chats.clone(),
            admins: c.admins.clone(),
        }
    }

    /// Everyone when no allow-list is set; otherwise listed users, listed chats and admins.
    pub fn allows(&self, user: Option<u64>, chat: i64) -> bool {
        if self.allow_users.is_empty() && self.allow_chats.is_empty() {
            return true;
        }
        user.is_some_and(|u| self.allow_users.contains(&u) || self.admins.contains(&u))
            || self.allow_chats.contains(&chat)
    }

    pub fn is_admin(&self, user: Option<u64>) -> bool {
        user.is_some_and(|u| self.admins.contains(&u))
    }
}

/// What the rate limiter decides for one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    Ok,
    /// Over the limit: tell the user once per window.
    TellOnce,
    /// Over the limit and already told.
    Silent,
}

#[derive(Debug, Default)]
struct Window {
    asked: Vec<Instant>,
    told: bool,
}

/// A sliding one-minute window per user.
pub struct RateLimiter {
    per_minute: u32,
    users: Mutex<LruCache<u64, Window>>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl RateLimiter {
    pub fn new(per_minute: u32, max_users: NonZeroUsize) -> Self {
        Self {
            per_minute,
            users: Mutex::new(LruCache::new(max_users)),
        }
    }

    pub fn check(&self, user: u64, now: Instant) -> Rate {
        if self.per_minute == 0 {
            return Rate::Ok;
        }
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        let w = users.get_or_insert_mut(user, Window::default);
        w.asked.retain(|t| now.duration_since(*t) < WINDOW);
        if w.asked.len() < self.per_minute as usize {
            w.asked.push(now);
            w.told = false;
            return Rate::Ok;
        }
        if w.told {
            Rate::Silent
        } else {
            w.told = true;
            Rate::TellOnce
        }
    }
}

/// Chats' chosen languages (`/lang`) and the set of ids already refused.
pub struct Chats {
    langs: Mutex<LruCache<i64, Lang>>,
    refused: Mutex<LruCache<i64, ()>>,
}

impl Chats {
    pub fn new(max: NonZeroUsize) -> Self {
        Self {
            langs: Mutex::new(LruCache::new(max)),
            refused: Mutex::new(LruCache::new(max)),
        }
    }

    /// The language a chat chose with `/lang`, if any.
    pub fn lang(&self, chat: i64) -> Option<Lang> {
        let mut langs = self.langs.lock().unwrap_or_else(|p| p.into_inner());
        langs.get(&chat).copied()
    }

    pub fn set_lang(&self, chat: i64, lang: Lang) {
        let mut langs = self.langs.lock().unwrap_or_else(|p| p.into_inner());
        langs.put(chat, lang);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.langs.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// True the first time a chat is refused, false afterwards.
    pub fn first_refusal(&self, chat: i64) -> bool {
        let mut refused = self.refused.lock().unwrap_or_else(|p| p.into_inner());
        refused.put(chat, ()).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_tells_once_per_window() {
        let r = RateLimiter::new(2, NonZeroUsize::new(10).unwrap());
        let t = Instant::now();
        assert_eq!(r.check(1, t), Rate::Ok);
        assert_eq!(r.check(1, t), Rate::Ok);
        assert_eq!(r.check(1, t), Rate::TellOnce);
        assert_eq!(r.check(1, t), Rate::Silent);
        assert_eq!(r.check(2, t), Rate::Ok);
        assert_eq!(r.check(1, t + WINDOW), Rate::Ok);
    }

    #[test]
    fn chats_are_bounded() {
        let c = Chats::new(NonZeroUsize::new(2).unwrap());
        for id in 0..5 {
            c.set_lang(id, Lang::Fr);
        }
        assert_eq!(c.len(), 2);
        assert!(c.first_refusal(9));
        assert!(!c.first_refusal(9));
    }

    #[test]
    fn an_allow_list_admits_listed_users_chats_and_admins() {
        let open = Access::default();
        assert!(open.allows(Some(1), 1));
        let closed = Access {
            allow_users: vec![1],
            allow_chats: vec![-100],
            admins: vec![7],
        };
        assert!(closed.allows(Some(1), 5));
        assert!(closed.allows(Some(2), -100));
        assert!(closed.allows(Some(7), 5));
        assert!(!closed.allows(Some(2), 5));
        assert!(!closed.allows(None, 5));
    }
}
