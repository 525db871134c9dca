//! Black-box tests of `dealdesk serve`: each test starts its own server (temporary corpus and
//! index, 127.0.0.1 port 0) and talks HTTP to it. Also the configuration command and the
//! compose file's structure.

mod ask;
mod compose;
mod config;
mod errors;
mod health_metrics;
mod helpers;
mod llm;
mod lookups;
mod openai;
mod replicas;
#[path = "../support/mod.rs"]
mod support;
mod watch;
