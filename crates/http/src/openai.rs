//! The OpenAI-compatible surface: `POST /v1/chat/completions` (plain and `stream: true`) and
//! `GET /v1/models`, enough for the official clients to work unchanged.
//!
//! The last user message is the question; earlier user messages are its context, so
//! follow-ups ("Et SoftBank ?") resolve as in the bot — read from the messages sent, never by
//! answering them again. The reply's content is the answer with its sources listed; the
//! citations also come structured in `citations` (on the completion, and on the last chunk of
//! a stream). A stream carries only the verified answer: the text a model writes is checked
//! before any of it is sent, since a client cannot take back a streamed delta.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use dealdesk_core::render;
use dealdesk_core::wire::CitationJson;
use dealdesk_desk::{Ask, Context};

use crate::errors::ApiError;
use crate::state::{AppState, parse_mode};

/// Earlier user messages read for context, at most.
const MAX_CONTEXT: usize = 8;

#[derive(Debug, Deserialize)]
pub struct ChatRequest {
    model: Option<String>,
    messages: Vec<ChatMessage>,
    #[serde(default)]
    stream: bool,
    /// dealdesk's own: `extractive`, `llm` or `auto`.
    mode: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ChatMessage {
    role: String,
    #[serde(default)]
    content: Value,
}

impl ChatMessage {
    /// The text of a message: a string, or the `text` parts of a list of parts.
    fn text(&self) -> String {
        match &self.content {
            Value::String(s) => s.clone(),
            Value::Array(parts) => parts
                .iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join("\n"),
            _ => String::new(),
        }
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn completion_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("chatcmpl-{:x}{n:06x}", now())
}

/// `GET /v1/models`: the one model this server is.
pub async fn models(State(state): State<Arc<AppState>>) -> Json<Value> {
    Json(json!({
        "object": "list",
        "data": [{
            "id": state.model_name,
            "object": "model",
            "created": 0,
            "owned_by": "dealdesk",
        }],
    }))
}

/// `POST /v1/chat/completions`.
pub async fn chat_completions(
    State(state): State<Arc<AppState>>,
    body: Result<Json<ChatRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(request) = body?;
    let mode = parse_mode(&state, request.mode.as_deref())?;
    let users: Vec<String> = request
        .messages
        .iter()
        .filter(|m| m.role == "user")
        .map(ChatMessage::text)
        .collect();
    let Some((question, earlier)) = users.split_last() else {
        return Err(ApiError::bad_request(
            "no_user_message",
            "`messages` must hold at least one message with role `user`",
        ));
    };
    let earlier: Vec<String> = earlier
        .iter()
        .skip(earlier.len().saturating_sub(MAX_CONTEXT))
        .cloned()
        .collect();
    let ask = Ask::new(question.clone())
        .mode(mode)
        .context(Context::Given(earlier));
    let reply = state.desk.ask(ask).await?;
    let a = &reply.answer;
    let content = render::answer(a).trim_end().to_string();
    let citations: Vec<CitationJson> = a.citations().iter().map(CitationJson::from).collect();
    let model = request.model.unwrap_or_else(|| state.model_name.clone());
    let id = completion_id();
    let created = now();
    if !request.stream {
        let prompt_tokens: usize = request
            .messages
            .iter()
            .map(|m| m.text().split_whitespace().count())
            .sum();
        let completion_tokens = content.split_whitespace().count();
        return Ok(Json(json!({
            "id": id,
            "object": "chat.completion",
            "created": created,
            "model": model,
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
                "logprobs": null,
            }],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
            "citations": citations,
            "abstained": a.is_abstained(),
        }))
        .into_response());
    }
    let chunk = |delta: Value, finish: Option<&str>| {
        json!({
            "id": id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": null}],
        })
    };
    let mut frames = vec![chunk(json!({"role": "assistant", "content": ""}), None)];
    frames.extend(
        content
            .split_inclusive('\n')
            .map(|line| chunk(json!({"content": line}), None)),
    );
    let mut last = chunk(json!({}), Some("stop"));
    last["citations"] = json!(citations);
    last["abstained"] = json!(a.is_abstained());
    frames.push(last);
    let events: Vec<Result<Event, Infallible>> = frames
        .iter()
        .map(|f| Ok(Event::default().data(f.to_string())))
        .chain(std::iter::once(Ok(Event::default().data("[DONE]"))))
        .collect();
    Ok(Sse::new(futures_util::stream::iter(events)).into_response())
}
