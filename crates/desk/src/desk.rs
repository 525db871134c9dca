//! [`Desk`]: the one answering use case. Every adapter — the CLI, the HTTP API, the Telegram
//! bot — asks through it, so follow-ups, modes, model verification and metrics work the same
//! everywhere.
//!
//! One question goes: resolve it against its conversation (a stored one, or the history the
//! caller gives) → on the blocking pool, the extractive answer (and, when a model writes, the
//! prompt) → the model within the deadline, plain or streamed → the core's verification →
//! remember the resolved question, count the answer.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;

use dealdesk_core::answer::{self, Answer, AskError};
use dealdesk_core::conversation::{Conversation, ConversationKey};

use crate::conversations::{RedisConversations, Store};
use dealdesk_core::generation::{self, Mode, ModelFailure, Prepared, Reply};
use dealdesk_core::ids::CitationId;
use dealdesk_core::kb::{Catalog, FilterError, FilterSpec, KbError, KnowledgeBase, StoredPassage};
use dealdesk_core::lookup::{self, Found, ShowError, Shown};
use dealdesk_core::metrics::Metrics;
use dealdesk_core::model::Deal;
use dealdesk_core::retrieve;
use dealdesk_core::text::Lang;
use dealdesk_llm::{ChatClient, LlmConfig};

use crate::watch::{self, Outcome};

/// What cannot be answered at all (as opposed to a model answer that falls back).
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The question is empty or too long, or the index failed.
    #[error(transparent)]
    Ask(#[from] AskError),
    /// `llm` mode with no model configured.
    #[error(
        "the `llm` mode needs a model: set DEALDESK_LLM_MODEL or `model` in the [llm] section (see docs/llm.md)"
    )]
    NoModel,
    #[error(transparent)]
    Filter(#[from] FilterError),
    #[error(transparent)]
    Show(#[from] ShowError),
    #[error(transparent)]
    Index(#[from] KbError),
    #[error("the answering task failed: {0}")]
    Task(String),
}

impl DeskError {
    /// Whether the caller's input is at fault (a usage error, a 400), not the desk.
    pub fn is_usage(&self) -> bool {
        match self {
            DeskError::Ask(e) => e.is_invalid_question(),
            DeskError::NoModel | DeskError::Filter(_) => true,
            DeskError::Show(ShowError::NoPassage(_) | ShowError::NoSentence { .. }) => true,
            _ => false,
        }
    }
}

/// What a follow-up is resolved against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Context {
    /// A question on its own.
    #[default]
    None,
    /// The conversation stored under this key; the question joins it.
    Stored(ConversationKey),
    /// Earlier questions, oldest first, given by the caller (an OpenAI-style message list);
    /// nothing is stored.
    Given(Vec<String>),
}

/// One question to the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub question: String,
    /// `None`: the configured default.
    pub mode: Option<Mode>,
    pub context: Context,
}

impl Ask {
    pub fn new(question: impl Into<String>) -> Self {
        Self {
            question: question.into(),
            mode: None,
            context: Context::None,
        }
    }

    pub fn mode(mut self, mode: Option<Mode>) -> Self {
        self.mode = mode;
        self
    }

    pub fn context(mut self, context: Context) -> Self {
        self.context = context;
        self
    }
}

/// One event of a streamed answer.
#[derive(Debug)]
pub enum StreamEvent {
    /// The extractive answer, sent at once when a model is asked, so that nobody waits on the
    /// model: show it; [`StreamEvent::Final`] may then upgrade it to the model's verified answer.
    Provisional(Box<Reply>),
    /// Text as the model writes it (free-text answers only; a structured answer is JSON until
    /// complete). Provisional: show it as "being written", never as the answer.
    Delta(String),
    /// The reply to show, verified on the complete text; it replaces every delta (it may be the
    /// extractive answer). Always the last event.
    Final(Result<Reply, DeskError>),
}

/// The model that writes answers, and how long it may take, retries included.
#[derive(Debug, Clone)]
pub struct Writer {
    pub client: ChatClient,
    pub deadline: Duration,
}

/// How a desk is set up.
#[derive(Debug, Clone, Default)]
pub struct DeskOptions {
    /// `None`: answers stay extractive (and `llm` mode is refused).
    pub writer: Option<Writer>,
    /// The mode of a question that names none.
    pub default_mode: Mode,
    /// Conversations remembered at most (least recently used forgotten first); 0 remembers none.
    pub max_conversations: usize,
    /// Keep conversations in Redis instead, shared with other replicas.
    pub shared_conversations: Option<RedisConversations>,
}

impl DeskOptions {
    /// Options for the `[llm]` section: a writer when it names a model.
    pub fn from_llm(config: &LlmConfig, max_conversations: usize) -> Result<Self, ModelFailure> {
        Ok(Self {
            writer: if config.has_model() {
                Some(Writer {
                    client: ChatClient::new(config)?,
                    deadline: config.deadline(),
                })
            } else {
                None
            },
            default_mode: config.mode,
            max_conversations,
            shared_conversations: None,
        })
    }
}

/// The index's state, for health checks and status commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub passages: u64,
    pub deals: usize,
    /// Seconds since the Unix epoch of the last update.
    pub indexed_at: u64,
    /// Whether a search works.
    pub searchable: bool,
    /// A corpus change the watch holds back, and why.
    pub held: Option<String>,
}

/// The extractive answer alone, or everything the model needs.
enum Work {
    Extractive(Answer),
    Model(Prepared),
}

/// A question under way: what it became, and where it goes back to.
struct Begun {
    typed: String,
    resolved: String,
    /// The conversation to update once answered, and its key.
    stored: Option<(ConversationKey, Conversation)>,
}

pub struct Desk {
    kb: Arc<KnowledgeBase>,
    writer: Option<Writer>,
    default_mode: Mode,
    conversations: Store,
    metrics: Arc<Metrics>,
    /// A corpus change the watch did not apply, and when the index was last updated then: it
    /// is shown until the index changes.
    held: std::sync::Mutex<Option<(String, u64)>>,
}

/// Runs blocking index work on the blocking pool.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, DeskError> + Send + 'static,
) -> Result<T, DeskError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| DeskError::Task(e.to_string()))?
}

impl Desk {
    pub fn new(kb: Arc<KnowledgeBase>, options: DeskOptions) -> Desk {
        Desk {
            kb,
            writer: options.writer,
            default_mode: options.default_mode,
            conversations: match options.shared_conversations {
                Some(redis) => Store::redis(redis),
                None => Store::memory(options.max_conversations),
            },
            metrics: Arc::new(Metrics::default()),
            held: std::sync::Mutex::new(None),
        }
    }

    /// The index itself, for this crate's blocking work only: adapters reach it through the
    /// desk's async methods, which run on the blocking pool.
    pub(crate) fn kb(&self) -> &Arc<KnowledgeBase> {
        &self.kb
    }

    /// The counters every adapter records into.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    pub fn default_mode(&self) -> Mode {
        self.default_mode
    }

    /// The mode a question asked in `mode` runs in, and whether it calls the model; an error
    /// for `llm` with no model.
    pub fn check_mode(&self, mode: Option<Mode>) -> Result<(Mode, bool), DeskError> {
        let mode = mode.unwrap_or(self.default_mode);
        match (mode, &self.writer) {
            (Mode::Extractive, _) | (Mode::Auto, None) => Ok((mode, false)),
            (Mode::Llm, None) => Err(DeskError::NoModel),
            (_, Some(_)) => Ok((mode, true)),
        }
    }

    /// Forgets the conversation of `key`.
    pub async fn forget(&self, key: &ConversationKey) {
        self.conversations.forget(key).await;
    }

    /// How many conversations this process remembers; `None` when they are kept in Redis.
    pub fn conversations(&self) -> Option<usize> {
        self.conversations.len()
    }

    /// Answers a question: the model's answer when the mode calls for one and it passes
    /// verification, else the extractive answer (the reply says why).
    pub async fn ask(&self, ask: Ask) -> Result<Reply, DeskError> {
        let (begun, work) = self.begin(&ask).await?;
        let reply = match (work, &self.writer) {
            (Work::Extractive(answer), _) => Reply::extractive(answer),
            (Work::Model(prepared), None) => {
                generation::judge(prepared, Err(ModelFailure::NotConfigured))
            }
            (Work::Model(prepared), Some(writer)) => {
                let text = tokio::time::timeout(
                    writer.deadline,
                    writer.client.complete(&prepared.messages),
                )
                .await
                .unwrap_or(Err(ModelFailure::Timeout));
                generation::judge(prepared, text)
            }
        };
        Ok(self.finish(begun, reply).await)
    }

    /// [`Desk::ask`], yielding the model's text as it comes, then the reply
    /// ([`StreamEvent::Final`], always last). Must be called inside a tokio runtime: the work is
    /// spawned, so the stream may be moved to another task.
    pub fn ask_stream(
        self: &Arc<Self>,
        ask: Ask,
    ) -> impl Stream<Item = StreamEvent> + Send + 'static {
        let (tx, rx) = mpsc::channel(64);
        let desk = self.clone();
        tokio::spawn(async move {
            let result = desk.stream_into(ask, &tx).await;
            // A dropped receiver means nobody is listening any more.
            let _ = tx.send(StreamEvent::Final(result)).await;
        });
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|e| (e, rx)) })
    }

    async fn stream_into(
        &self,
        ask: Ask,
        tx: &mpsc::Sender<StreamEvent>,
    ) -> Result<Reply, DeskError> {
        let (begun, work) = self.begin(&ask).await?;
        let reply = match (work, &self.writer) {
            (Work::Extractive(answer), _) => Reply::extractive(answer),
            (Work::Model(prepared), None) => {
                generation::judge(prepared, Err(ModelFailure::NotConfigured))
            }
            (Work::Model(prepared), Some(writer)) => {
                let extractive = Reply::extractive(prepared.extractive.clone());
                let _ = tx
                    .send(StreamEvent::Provisional(Box::new(extractive)))
                    .await;
                let streamed = async {
                    if !writer.client.streams_text() {
                        return writer.client.complete(&prepared.messages).await;
                    }
                    let mut deltas = writer.client.stream(&prepared.messages).await?;
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
                        return Err(ModelFailure::EmptyResponse);
                    }
                    Ok(text)
                };
                let text = tokio::time::timeout(writer.deadline, streamed)
                    .await
                    .unwrap_or(Err(ModelFailure::Timeout));
                generation::judge(prepared, text)
            }
        };
        Ok(self.finish(begun, reply).await)
    }

    /// Resolves the question in its context and does the blocking index work.
    async fn begin(&self, ask: &Ask) -> Result<(Begun, Work), DeskError> {
        let (_, uses_model) = self.check_mode(ask.mode)?;
        let catalog = self.kb.catalog();
        let entities = &catalog.entities;
        let (conversation, key) = match &ask.context {
            Context::None => (Conversation::new(), None),
            Context::Stored(key) => (
                self.conversations.get(key, entities).await,
                Some(key.clone()),
            ),
            Context::Given(history) => (
                Conversation::from_history(history.iter().map(String::as_str), entities),
                None,
            ),
        };
        let typed = ask.question.trim().to_string();
        let resolved = conversation.resolve_now(&typed, entities);
        let kb = self.kb.clone();
        let question = resolved.clone();
        let work = blocking(move || {
            Ok(if uses_model {
                Work::Model(generation::prepare(&kb, &question)?)
            } else {
                Work::Extractive(answer::ask(&kb, &question)?)
            })
        })
        .await?;
        let begun = Begun {
            typed,
            resolved,
            stored: key.map(|k| (k, conversation)),
        };
        Ok((begun, work))
    }

    /// Remembers the question in its conversation and counts the reply.
    async fn finish(&self, begun: Begun, mut reply: Reply) -> Reply {
        if begun.resolved != begun.typed {
            reply.answer.resolved_from = Some(begun.typed);
        }
        if let Some((key, mut conversation)) = begun.stored {
            conversation.remember(&begun.resolved, &self.kb.catalog().entities);
            self.conversations.put(key, conversation).await;
        }
        self.metrics.record_answer(reply.answer.is_abstained());
        if reply.fallback.is_some() {
            self.metrics.record_llm_fallback();
        }
        reply
    }

    /// The entities and deals in service (in memory: no blocking).
    pub fn catalog(&self) -> Arc<Catalog> {
        self.kb.catalog()
    }

    /// The stored paragraph a citation id points into, if there is one.
    pub async fn passage(&self, id: CitationId) -> Result<Option<StoredPassage>, DeskError> {
        let kb = self.kb.clone();
        blocking(move || Ok(kb.passage(id.article().as_str(), id.paragraph())?)).await
    }

    /// The `limit` best passages for `query`, with highlights.
    pub async fn search(&self, query: String, limit: usize) -> Result<Found, DeskError> {
        let kb = self.kb.clone();
        blocking(move || Ok(lookup::search(&kb, &query, limit)?)).await
    }

    /// The passage or sentence `id` points at, with its neighbours.
    pub async fn show(&self, id: CitationId) -> Result<Shown, DeskError> {
        let kb = self.kb.clone();
        blocking(move || Ok(lookup::show(&kb, &id)?)).await
    }

    /// The deal records `spec` selects, sorted as it asks.
    pub async fn deals(&self, spec: FilterSpec) -> Result<Vec<Deal>, DeskError> {
        let kb = self.kb.clone();
        blocking(move || {
            let filter = spec.parse(&kb.catalog().entities)?;
            Ok(kb.find_deals(&filter)?)
        })
        .await
    }

    /// Holds back (or, with `None`, clears) a corpus change, as the watch decides.
    pub fn hold(&self, why: Option<String>) {
        let at = self.kb.commit_summary().indexed_at;
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        *held = why.map(|w| (w, at));
    }

    /// The index's state; `searchable` is false when a search fails.
    pub async fn status(&self) -> Result<Status, DeskError> {
        let kb = self.kb.clone();
        let held = self.held.lock().unwrap_or_else(|p| p.into_inner()).clone();
        blocking(move || {
            let indexed_at = kb.commit_summary().indexed_at;
            Ok(Status {
                // Once the index was updated (by hand), the held change is no longer news.
                held: held.filter(|(_, at)| *at == indexed_at).map(|(w, _)| w),
                passages: kb.passage_count(),
                deals: kb.catalog().deals.len(),
                indexed_at,
                searchable: retrieve::search(
                    &kb.searcher(),
                    kb.fields(),
                    "investment",
                    Lang::En,
                    1,
                )
                .is_ok(),
            })
        })
        .await
    }

    /// Re-reads `corpus` and brings the index up to date; a corpus with problems leaves the
    /// index in service as it was ([`Outcome::Failed`]).
    pub async fn reindex(&self, corpus: PathBuf) -> Result<Outcome, DeskError> {
        let kb = self.kb.clone();
        let outcome = blocking(move || Ok(watch::update(&kb, &corpus))).await?;
        self.metrics
            .record_reindex(matches!(outcome, Outcome::Synced(_)));
        Ok(outcome)
    }
}
