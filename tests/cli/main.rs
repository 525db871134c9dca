//! Black-box tests of the `dealdesk` command: each test gets its own corpus and index in a
//! temporary directory and runs the real binary.

mod adding_news;
mod ask;
mod bad_input;
mod conversation;
mod deals;
mod docs;
mod draft;
mod golden;
mod helpers;
mod import;
mod index;
mod search_show;
#[path = "../support/mod.rs"]
mod support;
mod survival;
mod watch;
