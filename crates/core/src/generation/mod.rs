//! Answers a model writes, before and after the model: what it is sent ([`prepare`]: the
//! extractive answer, the numbered [`prompt::Source`]s and the messages) and what its text must
//! pass to be shown ([`judge`], through [`verify::verify`]). The call to the model itself is an
//! adapter's business; this module only sees its text or its [`ModelFailure`].
//!
//! Architecture invariant: whatever the model writes, the [`Reply`] built here either cites
//! supplied sources for every figure it states, abstains, or is the extractive answer.

pub mod prompt;
pub mod roles;
pub mod structured;
pub mod verify;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::answer::{self, Answer, AskError, Outcome};
use crate::kb::KnowledgeBase;
use crate::model::Citations;
use crate::retrieve;
use prompt::Source;
pub use verify::Rejection;
use verify::Verdict;

/// How many retrieved passages are offered to the model (beyond the extractive answer's).
const HITS: usize = 6;
/// The most characters of a rejected model answer written to the log.
const LOGGED_CHARS: usize = 500;

/// Who writes an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Quote the sources; never call a model.
    Extractive,
    /// Ask the model (verified, with the extractive answer as the fallback); an error when no
    /// model is configured.
    Llm,
    /// The model when one is configured, else extractive.
    #[default]
    Auto,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Extractive, Mode::Llm, Mode::Auto];

    pub fn code(self) -> &'static str {
        match self {
            Mode::Extractive => "extractive",
            Mode::Llm => "llm",
            Mode::Auto => "auto",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The one reader of a mode, for flags, configuration, environment and requests.
impl FromStr for Mode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let wanted = s.trim().to_ascii_lowercase();
        Mode::ALL
            .into_iter()
            .find(|m| m.code() == wanted)
            .ok_or_else(|| format!("{s:?} is not `extractive`, `llm` or `auto`"))
    }
}

/// One message of the conversation sent to the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub role: &'static str,
    pub content: String,
}

/// Why the model gave no usable text. Each variant has a `fallback_reason` code ([`Self::code`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelFailure {
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
    /// Longer than any answer asked for ([`MAX_ANSWER_CHARS`]): a server not honouring
    /// `max_tokens`, or not a model at all.
    #[error("the model's answer is over {MAX_ANSWER_CHARS} characters")]
    TooLong,
}

/// The longest model answer read: far above what `max_tokens` allows a short answer, far
/// below what would flood a chat.
pub const MAX_ANSWER_CHARS: usize = 8_000;

impl ModelFailure {
    pub fn code(&self) -> &'static str {
        match self {
            ModelFailure::NotConfigured => "not_configured",
            ModelFailure::Timeout => "timeout",
            ModelFailure::Connect(_) => "connection_failed",
            ModelFailure::Status(_) => "http_status",
            ModelFailure::Http(_) => "http_error",
            ModelFailure::Malformed(_) => "malformed_response",
            ModelFailure::EmptyResponse => "empty_response",
            ModelFailure::Truncated => "truncated",
            ModelFailure::Filtered => "content_filter",
            ModelFailure::TooLong => "too_long",
        }
    }
}

/// Why the extractive answer was given although the model was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FallbackReason {
    #[error(transparent)]
    Model(ModelFailure),
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
pub struct Reply {
    pub answer: Answer,
    pub mode: Produced,
    /// Set when the model was asked and its answer was not used.
    pub fallback: Option<FallbackReason>,
}

impl Reply {
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

/// Everything the model call needs, computed from the knowledge base.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The fallback, and the source of deal records.
    pub extractive: Answer,
    pub sources: Vec<Source>,
    pub messages: Vec<Message>,
    /// The entities a claim may name, to check it names only those its sources name.
    pub entities: crate::model::EntityTable,
    /// The entities the question asks about: the cited sources must name them.
    pub parties: Vec<crate::model::EntityId>,
}

/// Blocking index work: the extractive answer, the numbered sources and the prompt.
pub fn prepare(kb: &KnowledgeBase, question: &str) -> Result<Prepared, AskError> {
    let extractive = answer::ask(kb, question)?;
    let searcher = kb.searcher();
    let catalog = kb.catalog();
    let q = answer::read_question(kb, &searcher, &extractive.question);
    let hits = retrieve::search(
        &searcher,
        kb.fields(),
        &q.search_text(&catalog.entities),
        q.lang,
        HITS,
    )?;
    let sources = prompt::sources(&extractive, &hits, q.lang);
    let mut parties: Vec<crate::model::EntityId> = Vec::new();
    for link in &q.links {
        if !parties.contains(&link.entity) {
            parties.push(link.entity.clone());
        }
    }
    let messages = vec![
        Message {
            role: "system",
            content: prompt::system(extractive.language),
        },
        Message {
            role: "user",
            content: prompt::user(&extractive.question, &sources, extractive.language),
        },
    ];
    Ok(Prepared {
        extractive,
        sources,
        messages,
        entities: catalog.entities.clone(),
        parties,
    })
}

/// Judges the model's text (or its failure) and builds the reply to show.
pub fn judge(prepared: Prepared, model: Result<String, ModelFailure>) -> Reply {
    let Prepared {
        extractive,
        sources,
        entities,
        parties,
        ..
    } = prepared;
    let fallback = |answer: Answer, reason: FallbackReason| {
        tracing::warn!(reason = reason.code(), error = %reason, "model answer not used; giving the extractive answer");
        Reply {
            answer,
            mode: Produced::Extractive,
            fallback: Some(reason),
        }
    };
    let text = match model {
        // A structured answer (JSON) becomes marked text; free text is verified as it is.
        Ok(t) => match structured::read(&t) {
            Some(text) => text,
            // Cut off, or not JSON at all: an unfinished object is no answer to show.
            None if t.trim_start().starts_with('{') => {
                let logged: String = t.chars().take(LOGGED_CHARS).collect();
                tracing::warn!(model_text = %logged, "model answer rejected");
                return fallback(extractive, FallbackReason::Rejected(Rejection::BrokenJson));
            }
            None => t.trim().to_string(),
        },
        Err(e) => return fallback(extractive, FallbackReason::Model(e)),
    };
    let logged: String = text.chars().take(LOGGED_CHARS).collect();
    let verdict = verify::verify(&text, extractive.language, &sources, &entities).and_then(|v| {
        if let Verdict::Cited(ns) = &v {
            verify::content_supported(
                &text,
                extractive.language,
                &extractive.question,
                extractive.language,
                ns,
                &sources,
                &entities,
                &extractive.text,
            )?;
            verify::answers_the_question(
                &text,
                &extractive.question,
                extractive.language,
                ns,
                &sources,
                &entities,
            )?;
            verify::parties_cited(
                ns,
                &sources,
                &parties,
                &entities,
                extractive.is_abstained(),
                extractive.language,
            )?;
        }
        Ok(v)
    });
    match verdict {
        Ok(Verdict::Cited(ns)) => {
            let cited: Vec<_> = ns
                .iter()
                .filter_map(|&n| sources.get(n - 1).map(|s| s.citation.clone()))
                .collect();
            let Some(citations) = Citations::new(cited) else {
                // `verify` only returns a verdict citing supplied sources; nothing cited is no
                // answer.
                return fallback(extractive, FallbackReason::Rejected(Rejection::NoCitation));
            };
            let deals = extractive
                .deals()
                .iter()
                .filter(|d| citations.iter().any(|c| c.id == d.cites))
                .cloned()
                .collect();
            Reply {
                answer: Answer {
                    question: extractive.question,
                    language: extractive.language,
                    text,
                    outcome: Outcome::Answered { citations, deals },
                    resolved_from: extractive.resolved_from,
                },
                mode: Produced::Llm,
                fallback: None,
            }
        }
        // Both find nothing: the extractive refusal says what the knowledge base holds nearby,
        // the model's only that the sources do not answer.
        // Nothing failed: the model agrees there is no answer, and the richer refusal is shown.
        Ok(Verdict::Abstention) if extractive.is_abstained() => Reply::extractive(extractive),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_read_one_way() {
        assert_eq!("AUTO".parse::<Mode>(), Ok(Mode::Auto));
        assert_eq!(" llm ".parse::<Mode>(), Ok(Mode::Llm));
        assert!("gpt".parse::<Mode>().is_err());
        for m in Mode::ALL {
            assert_eq!(m.code().parse::<Mode>(), Ok(m));
        }
    }
}
