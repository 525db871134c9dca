//! dealdesk's core: a knowledge base of AI-infrastructure deals that answers questions with
//! citations. It knows nothing of the command line, HTTP, Telegram, model servers or async
//! runtimes: adapters call it with plain values and get plain types back.
//!
//! Layers, lowest first; a module uses only what is below it (the `tidy` test checks):
//!
//! | layer | modules | job |
//! |---|---|---|
//! | 0 | [`ids`], [`date`], [`problem`], [`secret`], [`config`] | ids, dates, file problems, settings |
//! | 1 | [`text`] | words, numbers, languages, sentences |
//! | 2 | [`model`] | articles, entities, deals, citations |
//! | 3 | [`corpus`] | reading and checking the files |
//! | 4 | [`kb`] | the tantivy index: one writer, one reader, deal filters |
//! | 5 | [`retrieve`] | ranked passages for a query |
//! | 6 | [`answer`] | answers that cite, or abstain |
//! | 7 | [`generation`] | what a model is sent, and what its text must pass |
//! | 8 | [`conversation`], [`draft`], [`lookup`], [`metrics`], [`eval`] | follow-ups, deal records drafted from articles (by rules or a model), search and show, counters, golden cases |
//! | 9 | [`wire`], [`render`] | the JSON contract and the plain-text rendering |

pub mod answer;
pub mod config;
pub mod conversation;
pub mod corpus;
pub mod date;
pub mod draft;
pub mod eval;
pub mod generation;
pub mod ids;
pub mod kb;
pub mod lookup;
pub mod metrics;
pub mod model;
pub mod problem;
pub mod render;
pub mod retrieve;
pub mod secret;
pub mod text;
pub mod wire;

#[cfg(test)]
mod tidy;
