//! Model answers against a fake OpenAI-compatible server: verification, fallbacks, faults,
//! streaming, prompt injection, and the fallback rate on the golden suite.

mod cli;
mod draft;
mod faults;
mod golden;
mod helpers;
mod injection;
mod streaming;
#[path = "../support/mod.rs"]
mod support;
mod verification;
