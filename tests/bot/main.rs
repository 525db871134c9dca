//! End-to-end tests of `dealdesk bot` against a fake Telegram Bot API server on 127.0.0.1:
//! the real binary long-polls it; the tests feed updates and assert on the requests it sends.

mod access;
mod answers;
mod bench;
mod chat;
mod fake;
mod faults;
mod helpers;
mod llm;
mod replies;
#[path = "../support/mod.rs"]
mod support;
mod webhook;
