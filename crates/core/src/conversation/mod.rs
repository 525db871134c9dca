//! Follow-up questions: a conversation remembers its last question and the entities it named,
//! so "Et SoftBank ?" after "Combien le gouvernement américain a-t-il investi dans Intel ?" is
//! read as "Combien SoftBank a-t-il investi dans Intel ?", and "et quand ?" as "Quand le
//! gouvernement américain a-t-il investi dans Intel ?" ([`follow_up`]). Every adapter keeps its
//! conversations in one bounded [`store::Conversations`], keyed by a [`store::ConversationKey`].
//!
//! The context is bounded: one question of at most the question length limit, forgotten after
//! [`MAX_AGE`].

pub mod follow_up;
pub mod store;

use std::time::{Duration, Instant};

use crate::answer::validate;
use crate::model::{EntityKind, EntityTable, Link};
use crate::text::fold;

pub use store::{ConversationKey, Conversations, KeyError};

/// How long a conversation remembers its last question.
pub const MAX_AGE: Duration = Duration::from_secs(30 * 60);

/// Openings that mark a question as a follow-up of the previous one.
const FOLLOW_UP_OPENINGS: &[&str] = &[
    "et ",
    "and ",
    "what about ",
    "how about ",
    "et pour ",
    "and for ",
    "qu en est il de ",
    "qu en est il pour ",
    "et du cote de ",
    "same for ",
    "pareil pour ",
    "idem pour ",
];

#[derive(Debug, Clone)]
struct Turn {
    question: String,
    links: Vec<Link>,
    at: Instant,
}

/// What a chat remembers between questions.
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    last: Option<Turn>,
}

impl Conversation {
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        self.last = None;
    }

    /// The question to actually ask: `question` itself, or, for a follow-up, the previous
    /// question with its first named entity replaced by the one just named.
    pub fn resolve(&self, question: &str, entities: &EntityTable, now: Instant) -> String {
        let Some(last) = self
            .last
            .as_ref()
            .filter(|t| now.duration_since(t.at) <= MAX_AGE)
        else {
            return question.to_string();
        };
        let new_links = entities.link(question);
        let Some(new) = new_links.first() else {
            // No new name: the follow-up may ask another fact of the same topic.
            return follow_up::rewrite(&last.question, &last.links, question, entities)
                .unwrap_or_else(|| question.to_string());
        };
        let folded = fold(question);
        let normalised: String = folded
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let normalised = format!(
            "{} ",
            normalised.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        let words = normalised.split_whitespace().count();
        let opens = FOLLOW_UP_OPENINGS.iter().any(|o| normalised.starts_with(o));
        // A bare name ("SoftBank ?") or an opening plus a name, and little else.
        let short = words <= 6 && (opens || words <= 2);
        if !short {
            return question.to_string();
        }
        let Some(old) = last.links.first() else {
            return question.to_string();
        };
        let mut rewritten = String::with_capacity(last.question.len() + 16);
        let mut prefix = &last.question[..old.from];
        // "le gouvernement américain" → "SoftBank", not "le SoftBank": company and person names
        // take no article.
        let takes_article = entities
            .get(&new.entity)
            .is_some_and(|e| matches!(e.kind, EntityKind::Government | EntityKind::Project));
        if !takes_article {
            let trimmed = prefix.trim_end();
            let lower = trimmed.to_lowercase();
            if let Some(article) = ["le", "la", "les", "the"]
                .iter()
                .find(|a| lower.ends_with(&format!(" {a}")))
            {
                prefix = &trimmed[..trimmed.len() - article.len()];
            }
        }
        rewritten.push_str(prefix);
        rewritten.push_str(&question[new.from..new.to]);
        rewritten.push_str(&last.question[old.to..]);
        rewritten
    }

    /// The question to answer for `question` now (see [`Conversation::resolve`]).
    pub fn resolve_now(&self, question: &str, entities: &EntityTable) -> String {
        self.resolve(question.trim(), entities, Instant::now())
    }

    /// Remembers `resolved` as the last question, for callers that answer it themselves
    /// (the model-written path).
    pub fn remember(&mut self, resolved: &str, entities: &EntityTable) {
        self.last = Some(Turn {
            question: resolved.to_string(),
            links: entities.link(resolved),
            at: Instant::now(),
        });
    }

    /// The last question asked (as resolved), while it is recent enough to follow up on: what
    /// a store shared between processes keeps of a conversation.
    pub fn last_question(&self, now: Instant) -> Option<&str> {
        self.last
            .as_ref()
            .filter(|t| now.duration_since(t.at) <= MAX_AGE)
            .map(|t| t.question.as_str())
    }

    /// The conversation whose last question, asked just now, was `question`: one read back
    /// from a shared store, whose entry expires on its own.
    pub fn resumed(question: &str, entities: &EntityTable) -> Conversation {
        let mut conversation = Conversation::new();
        conversation.remember(question, entities);
        conversation
    }

    /// Whether the last question is too old to resolve a follow-up against.
    pub fn is_expired(&self, now: Instant) -> bool {
        self.last
            .as_ref()
            .is_none_or(|t| now.duration_since(t.at) > MAX_AGE)
    }

    /// The conversation that `earlier` questions (oldest first) leave behind: each is resolved
    /// against the ones before it and remembered, as if it had been asked. Nothing is answered;
    /// questions that could not be asked (empty, too long) leave no trace.
    pub fn from_history<'a>(
        earlier: impl IntoIterator<Item = &'a str>,
        entities: &EntityTable,
    ) -> Conversation {
        let mut conversation = Conversation::new();
        for question in earlier {
            if let Ok(question) = validate(question) {
                let resolved = conversation.resolve_now(question, entities);
                conversation.remember(&resolved, entities);
            }
        }
        conversation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn table() -> EntityTable {
        crate::corpus::entities_file::parse(
            Path::new("entities.toml"),
            "[[entity]]\nid = \"us-government\"\nname = \"US government\"\nkind = \"government\"\naliases = [\"gouvernement américain\"]\n\n[[entity]]\nid = \"intel\"\nname = \"Intel\"\nkind = \"company\"\n\n[[entity]]\nid = \"softbank\"\nname = \"SoftBank\"\nkind = \"company\"\n",
        )
        .unwrap()
    }

    fn after(first: &str, second: &str) -> String {
        let t = table();
        let now = Instant::now();
        let c = Conversation {
            last: Some(Turn {
                question: first.into(),
                links: t.link(first),
                at: now,
            }),
        };
        c.resolve(second, &t, now)
    }

    #[test]
    fn a_short_follow_up_swaps_the_subject() {
        assert_eq!(
            after(
                "Combien le gouvernement américain a-t-il investi dans Intel ?",
                "Et SoftBank ?"
            ),
            "Combien SoftBank a-t-il investi dans Intel ?"
        );
        assert_eq!(
            after(
                "How much did the US government invest in Intel?",
                "What about SoftBank?"
            ),
            "How much did SoftBank invest in Intel?"
        );
    }

    #[test]
    fn a_full_question_is_not_a_follow_up() {
        let q = "How much did SoftBank invest in Intel last year?";
        assert_eq!(
            after("How much did the US government invest in Intel?", q),
            q
        );
        assert_eq!(
            after(
                "How much did the US government invest in Intel?",
                "Et alors ?"
            ),
            "Et alors ?"
        );
    }

    #[test]
    fn old_context_is_forgotten() {
        let t = table();
        let then = Instant::now();
        let c = Conversation {
            last: Some(Turn {
                question: "How much did the US government invest in Intel?".into(),
                links: t.link("How much did the US government invest in Intel?"),
                at: then,
            }),
        };
        assert_eq!(
            c.resolve("Et SoftBank ?", &t, then + MAX_AGE + Duration::from_secs(1)),
            "Et SoftBank ?"
        );
    }

    #[test]
    fn history_gives_the_context_of_the_last_question() {
        let t = table();
        let c = Conversation::from_history(
            [
                "Combien le gouvernement américain a-t-il investi dans Intel ?",
                "",
                "Et SoftBank ?",
            ],
            &t,
        );
        // The context is the resolved "Et SoftBank ?", whose subject the next follow-up swaps.
        assert_eq!(
            c.resolve_now("Et Intel ?", &t),
            "Combien Intel a-t-il investi dans Intel ?"
        );
    }
}
