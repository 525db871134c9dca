//! dealdesk's one answering use case, for every adapter: the [`Desk`] asks (plainly or
//! streamed, in a mode, in a conversation), verifies model answers, remembers follow-ups in
//! one bounded store and counts everything in one set of metrics. Around it: live re-indexing
//! ([`watch`]) and the one shutdown signal ([`signal`]).
//!
//! The adapters (`dealdesk-http`, `dealdesk-telegram`, the `dealdesk` binary) only translate
//! their protocol to an [`Ask`] and a [`Reply`] back; none of them answers on its own.
//!
//! ```no_run
//! # async fn demo(kb: std::sync::Arc<dealdesk_core::kb::KnowledgeBase>) -> Result<(), Box<dyn std::error::Error>> {
//! use dealdesk_desk::{Ask, Desk, DeskOptions};
//! let desk = Desk::new(kb, DeskOptions::default());
//! let reply = desk.ask(Ask::new("How much did Amazon invest in Anthropic?")).await?;
//! println!("{} ({:?})", reply.answer.text, reply.fallback_code());
//! # Ok(()) }
//! ```

pub mod conversations;
pub mod desk;
pub mod signal;
pub mod watch;

pub use conversations::{ConversationsConfig, RedisConversations, RedisUrlError};
pub use dealdesk_core::conversation::ConversationKey;
pub use dealdesk_core::generation::{Mode, Produced, Reply};
pub use desk::{Ask, Context, Desk, DeskError, DeskOptions, Status, StreamEvent, Writer};
