//! dealdesk's model client: one model of any OpenAI-compatible chat-completions server
//! (OpenAI, Ollama, vLLM, llama.cpp), through async-openai, with timeouts and bounded retries.
//! It sends the messages `dealdesk_core::generation::prepare` builds and returns the text (or a
//! `ModelFailure`); verification is the core's job, not this crate's.
//!
//! The `[llm]` configuration section ([`LlmConfig`]) is this crate's.

pub mod client;
pub mod config;

pub use client::{ChatClient, Deltas};
pub use config::LlmConfig;
