//! Answers written by a language model from the retrieved sources, verified before anyone sees
//! them; the extractive answer ([`crate::answer::ask`]) whenever the model fails or is wrong.
//!
//! The flow: [`prepare`] (blocking: the extractive answer, the numbered [`prompt::Source`]s and
//! the messages) → the model ([`client::ChatClient`], plain or streamed) within the configured
//! deadline → [`verify::verify`] → a [`VerifiedAnswer`] that says which path produced it.
//!
//! Architecture invariant: whatever the model writes, the answer shown either cites supplied
//! sources for every figure it states, abstains, or is the extractive answer. This module knows
//! nothing of Telegram, HTTP servers or the command line.
//!
//! ```no_run
//! # async fn demo(kb: std::sync::Arc<dealdesk::kb::KnowledgeBase>) -> Result<(), Box<dyn std::error::Error>> {
//! use dealdesk::config::Config;
//! use dealdesk::llm::Answerer;
//! let config = Config::load(None)?;
//! let answerer = Answerer::new(&config.llm)?;
//! let verified = answerer
//!     .answer(kb, "How much did Amazon invest in Anthropic?", answerer.default_mode())
//!     .await?;
//! println!("{} ({:?})", verified.answer.text, verified.fallback_code());
//! # Ok(()) }
//! ```

pub mod client;
pub mod prompt;
pub mod verify;

use std::sync::Arc;
use std::time::Duration;

use futures_util::{Stream, StreamExt};

use crate::answer::{self, Answer, AskError, Question};
pub use crate::config::llm::{LlmConfig, Mode};
use crate::kb::KnowledgeBase;
use crate::retrieve;
use client::{ChatClient, Message};
use prompt::Source;
pub use verify::Rejection;
use verify::Verdict;

/// How many retrieved passages are offered to the model (beyond the extractive answer's).
const HITS: usize = 6;
/// The most characters of a rejected model answer written to the log.
const LOGGED_CHARS: usize = 500;

/// Why the model gave no usable text. Each variant has a `fallback_reason` code ([`Self::code`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    #[error("no model is configured: set DEALDESK_LLM_MODEL or `model` in the [llm] section")]
    NotConfigured,
    #[error("the model did not answer within the deadline")]
    Timeout,
    #[error("cannot connect to the model server: {0}")]
    Connect(String),
    #[error("the model server answered HTTP {0}")]
    Status(u16),
    #[error("HTTP error talking to the model server: {0}")]
    Http(String),
    #[error("the model server's response is not valid: {0}")]
    Malformed(String),
    #[error("the model server returned no answer text")]
    EmptyResponse,
    #[error("the model's answer was cut off by max_tokens")]
    Truncated,
    #[error("the model's answer was withheld by a content filter")]
    Filtered,
}

impl LlmError {
    pub fn code(&self) -> &'static str {
        match self {
            LlmError::NotConfigured => "not_configured",
            LlmError::Timeout => "timeout",
            LlmError::Connect(_) => "connection_failed",
            LlmError::Status(_) => "http_status",
            LlmError::Http(_) => "http_error",
            LlmError::Malformed(_) => "malformed_response",
            LlmError::EmptyResponse => "empty_response",
            LlmError::Truncated => "truncated",
            LlmError::Filtered => "content_filter",
        }
    }
}

/// Why the extractive answer was given although the model was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FallbackReason {
    #[error(transparent)]
    Model(LlmError),
    #[error(transparent)]
    Rejected(Rejection),
    /// The model said the sources do not answer, but the extractive answerer found an answer.
    #[error("the model abstained where the sources hold an answer")]
    ModelAbstained,
}

impl FallbackReason {
    /// The stable code given as `fallback_reason` in the JSON answer.
    pub fn code(&self) -> &'static str {
        match self {
            FallbackReason::Model(e) => e.code(),
            FallbackReason::Rejected(r) => r.code(),
            FallbackReason::ModelAbstained => "model_abstained",
        }
    }
}

/// Which path produced an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Produced {
    Llm,
    Extractive,
}

impl Produced {
    pub fn code(self) -> &'static str {
        match self {
            Produced::Llm => "llm",
            Produced::Extractive => "extractive",
        }
    }
}

/// An answer safe to show: a verified model answer, or the extractive one.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedAnswer {
    pub answer: Answer,
    pub mode: Produced,
    /// Set when the model was asked and its answer was not used.
    pub fallback: Option<FallbackReason>,
}

impl VerifiedAnswer {
    pub fn extractive(answer: Answer) -> Self {
        Self {
            answer,
            mode: Produced::Extractive,
            fallback: None,
        }
    }

    pub fn fallback_code(&self) -> Option<&'static str> {
        self.fallback.as_ref().map(FallbackReason::code)
    }
}

/// What cannot be answered at all (as opposed to falling back).
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    #[error(transparent)]
    Ask(#[from] AskError),
    /// `--mode llm` with no model configured.
    #[error(transparent)]
    Llm(#[from] LlmError),
    #[error("the answering task failed: {0}")]
    Task(String),
}

/// Everything the model call needs, computed from the knowledge base.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The fallback, and the source of deal records.
    pub extractive: Answer,
    pub sources: Vec<Source>,
    pub messages: Vec<Message>,
}

/// Blocking index work: the extractive answer, the numbered sources and the prompt. In async
/// code, run it through `tokio::task::spawn_blocking` (as [`Answerer::answer`] does).
pub fn prepare(kb: &KnowledgeBase, question: &str) -> Result<Prepared, AskError> {
    let extractive = answer::ask(kb, question)?;
    let searcher = kb.searcher();
    let catalog = kb.catalog();
    let q = Question::parse(
        &extractive.question,
        &searcher,
        kb.fields(),
        &catalog.entities,
    );
    let hits = retrieve::search(
        &searcher,
        kb.fields(),
        &q.search_text(&catalog.entities),
        q.lang,
        HITS,
    )?;
    let sources = prompt::sources(&extractive, &hits);
    let messages = vec![
        Message {
            role: "system",
            content: prompt::system(extractive.language),
        },
        Message {
            role: "user",
            content: prompt::user(&extractive.question, &sources),
        },
    ];
    Ok(Prepared {
        extractive,
        sources,
        messages,
    })
}

/// Judges the model's text (or its failure) and builds the answer to show.
pub fn judge(prepared: Prepared, model: Result<String, LlmError>) -> VerifiedAnswer {
    let Prepared {
        extractive,
        sources,
        ..
    } = prepared;
    let fallback = |answer: Answer, reason: FallbackReason| {
        tracing::warn!(reason = reason.code(), error = %reason, "model answer not used; giving the extractive answer");
        VerifiedAnswer {
            answer,
            mode: Produced::Extractive,
            fallback: Some(reason),
        }
    };
    let text = match model {
        Ok(t) => t.trim().to_string(),
        Err(e) => return fallback(extractive, FallbackReason::Model(e)),
    };
    let logged: String = text.chars().take(LOGGED_CHARS).collect();
    match verify::verify(&text, extractive.language, &sources) {
        Ok(Verdict::Cited(ns)) => {
            let citations: Vec<_> = ns
                .iter()
                .map(|&n| sources[n - 1].citation.clone())
                .collect();
            let deals = extractive
                .deals
                .iter()
                .filter(|d| citations.iter().any(|c| c.id == d.cites))
                .cloned()
                .collect();
            VerifiedAnswer {
                answer: Answer {
                    question: extractive.question,
                    language: extractive.language,
                    text,
                    abstained: false,
                    citations,
                    related: Vec::new(),
                    deals,
                    resolved_from: extractive.resolved_from,
                },
                mode: Produced::Llm,
                fallback: None,
            }
        }
        Ok(Verdict::Abstention) if extractive.abstained => VerifiedAnswer {
            answer: Answer { text, ..extractive },
            mode: Produced::Llm,
            fallback: None,
        },
        Ok(Verdict::Abstention) => {
            tracing::warn!(model_text = %logged, "the model abstained");
            fallback(extractive, FallbackReason::ModelAbstained)
        }
        Err(r) => {
            tracing::warn!(model_text = %logged, "model answer rejected");
            fallback(extractive, FallbackReason::Rejected(r))
        }
    }
}

/// One event of a streamed answer.
#[derive(Debug)]
pub enum StreamEvent {
    /// Text as the model writes it. Provisional: show it as "being written", never as the answer.
    Delta(String),
    /// The answer to show, verified on the complete text; it replaces every delta (it may be the
    /// extractive answer). Always the last event.
    Final(Result<VerifiedAnswer, AnswerError>),
}

/// Answers questions in a mode, with the model configured in [`LlmConfig`] when there is one.
#[derive(Debug, Clone)]
pub struct Answerer {
    client: Option<ChatClient>,
    deadline: Duration,
    default_mode: Mode,
}

impl Answerer {
    /// An answerer for `config`; it calls no model when `config` names none.
    pub fn new(config: &LlmConfig) -> Result<Answerer, LlmError> {
        Ok(Answerer {
            client: if config.has_model() {
                Some(ChatClient::new(config)?)
            } else {
                None
            },
            deadline: config.deadline(),
            default_mode: config.mode,
        })
    }

    /// The mode configured (`[llm] mode`, `DEALDESK_LLM_MODE`), for callers given none.
    pub fn default_mode(&self) -> Mode {
        self.default_mode
    }

    /// The model client `mode` calls for: none for `extractive`, or for `auto` without a model;
    /// an error for `llm` without a model.
    pub fn client_for(&self, mode: Mode) -> Result<Option<&ChatClient>, LlmError> {
        match (mode, &self.client) {
            (Mode::Extractive, _) | (Mode::Auto, None) => Ok(None),
            (Mode::Llm, None) => Err(LlmError::NotConfigured),
            (_, Some(c)) => Ok(Some(c)),
        }
    }

    /// Asks the model for a prepared question, verifies its answer, and falls back to the
    /// extractive answer; never takes longer than the configured deadline.
    pub async fn finish(&self, prepared: Prepared, mode: Mode) -> Result<VerifiedAnswer, LlmError> {
        let Some(client) = self.client_for(mode)? else {
            return Ok(VerifiedAnswer::extractive(prepared.extractive));
        };
        let model = tokio::time::timeout(self.deadline, client.complete(&prepared.messages))
            .await
            .unwrap_or(Err(LlmError::Timeout));
        Ok(judge(prepared, model))
    }

    /// Answers `question` in `mode`.
    pub async fn answer(
        &self,
        kb: Arc<KnowledgeBase>,
        question: &str,
        mode: Mode,
    ) -> Result<VerifiedAnswer, AnswerError> {
        self.client_for(mode)?;
        let prepared = prepare_async(kb, question.to_string()).await?;
        Ok(self.finish(prepared, mode).await?)
    }

    /// Answers `question` in `mode`, yielding the model's text as it comes, then the verified
    /// answer ([`StreamEvent::Final`], always last). Must be called inside a tokio runtime (it
    /// spawns the work, so the stream may be moved to another task).
    pub fn answer_stream(
        &self,
        kb: Arc<KnowledgeBase>,
        question: String,
        mode: Mode,
    ) -> impl Stream<Item = StreamEvent> + Send + 'static {
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        let this = self.clone();
        tokio::spawn(async move {
            let result = this.stream_into(kb, question, mode, &tx).await;
            // A dropped receiver means nobody is listening any more.
            let _ = tx.send(StreamEvent::Final(result)).await;
        });
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|e| (e, rx)) })
    }

    async fn stream_into(
        &self,
        kb: Arc<KnowledgeBase>,
        question: String,
        mode: Mode,
        tx: &tokio::sync::mpsc::Sender<StreamEvent>,
    ) -> Result<VerifiedAnswer, AnswerError> {
        let client = self.client_for(mode)?.cloned();
        let prepared = prepare_async(kb, question).await?;
        let Some(client) = client else {
            return Ok(VerifiedAnswer::extractive(prepared.extractive));
        };
        let messages = prepared.messages.clone();
        let streamed = async {
            let mut deltas = client.stream(&messages).await?;
            let mut text = String::new();
            while let Some(delta) = deltas.next().await {
                let delta = delta?;
                if delta.is_empty() {
                    continue;
                }
                text.push_str(&delta);
                if tx.send(StreamEvent::Delta(delta)).await.is_err() {
                    break;
                }
            }
            if text.trim().is_empty() {
                return Err(LlmError::EmptyResponse);
            }
            Ok(text)
        };
        let model = tokio::time::timeout(self.deadline, streamed)
            .await
            .unwrap_or(Err(LlmError::Timeout));
        Ok(judge(prepared, model))
    }
}

/// [`prepare`] off the async executor.
pub async fn prepare_async(
    kb: Arc<KnowledgeBase>,
    question: String,
) -> Result<Prepared, AnswerError> {
    tokio::task::spawn_blocking(move || prepare(&kb, &question))
        .await
        .map_err(|e| AnswerError::Task(e.to_string()))?
        .map_err(AnswerError::from)
}
