//! dealdesk: a knowledge base of AI-infrastructure deals that answers questions with citations.
//!
//! Data flows one way: [`corpus`] (articles on disk) → [`kb`] (the tantivy index and its
//! maintenance) → [`retrieve`] (ranked passages for a query) → [`answer`] (an answer that cites
//! its sentences, or an abstention). [`analysis`] is shared by indexing and querying so both
//! sides see the same terms. [`wire`] holds the JSON contract given to other programs.

pub mod analysis;
pub mod answer;
pub mod config;
pub mod conversation;
pub mod corpus;
pub mod date;
pub mod deals;
pub mod entities;
pub mod eval;
pub mod ids;
pub mod kb;
pub mod llm;
pub mod refresh;
pub mod retrieve;
pub mod wire;
