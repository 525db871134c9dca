//! The `/v1/` endpoints of the knowledge base, `/healthz` and `/metrics`.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::json;

use dealdesk_core::ids::CitationId;
use dealdesk_core::kb::FilterSpec;
use dealdesk_core::metrics::IndexGauges;
use dealdesk_core::wire::{AnswerJson, DealRecord, SearchJson, ShowJson};
use dealdesk_desk::{Ask, Context, ConversationKey, DeskError, StreamEvent};

use crate::errors::ApiError;
use crate::state::{AppState, parse_mode};

#[derive(Debug, Deserialize)]
pub struct AskRequest {
    question: String,
    mode: Option<String>,
    conversation_id: Option<String>,
    /// Server-sent events: `delta` events with the model's text as it comes (provisional), then
    /// one `answer` event with the verified answer (or an `error` event).
    #[serde(default)]
    stream: bool,
}

/// `POST /v1/ask`: the same JSON as `dealdesk ask --json`.
pub async fn ask(
    State(state): State<Arc<AppState>>,
    headers: axum::http::HeaderMap,
    body: Result<Json<AskRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(request) = body?;
    let mode = parse_mode(&state, request.mode.as_deref())?;
    let context = match &request.conversation_id {
        // Under a token, ids are that token's: another token's same id is another conversation.
        Some(id) => Context::Stored(
            match state.credential(&headers) {
                Some(credential) => ConversationKey::client_of(credential, id),
                None => ConversationKey::client(id),
            }
            .map_err(|e| {
                ApiError::bad_request("invalid_conversation_id", format!("`conversation_id`: {e}"))
            })?,
        ),
        None => Context::None,
    };
    let ask = Ask::new(request.question).mode(mode).context(context);
    if request.stream {
        return Ok(stream_answer(state, ask));
    }
    let reply = state.desk.ask(ask).await?;
    Ok(Json(AnswerJson::from(&reply)).into_response())
}

/// `POST /v1/ask` with `"stream": true`: when a model is asked, the extractive answer at once
/// as a `provisional` event; the model's text as `delta` events while it writes (free-text
/// answers); then the verified `answer` (the extractive one when the model's text fails).
fn stream_answer(state: Arc<AppState>, ask: Ask) -> Response {
    let events = state.desk.ask_stream(ask).map(|event| {
        let sse = match event {
            StreamEvent::Provisional(reply) => Event::default()
                .event("provisional")
                .json_data(AnswerJson::from(reply.as_ref())),
            StreamEvent::Delta(text) => Event::default()
                .event("delta")
                .json_data(json!({"text": text})),
            StreamEvent::Final(Ok(reply)) => Event::default()
                .event("answer")
                .json_data(AnswerJson::from(&reply)),
            StreamEvent::Final(Err(e)) => {
                let (code, message) = match &e {
                    DeskError::Ask(a) if a.is_invalid_question() => {
                        ("invalid_question", e.to_string())
                    }
                    _ => (
                        "internal",
                        "the answer could not be produced; try again".to_string(),
                    ),
                };
                if code == "internal" {
                    tracing::error!(error = %e, "streamed answer failed");
                }
                Event::default()
                    .event("error")
                    .json_data(json!({"error": {"code": code, "message": message}}))
            }
        };
        Ok::<Event, std::convert::Infallible>(
            sse.unwrap_or_else(|_| Event::default().event("error")),
        )
    });
    Sse::new(events).into_response()
}

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
}

/// `GET /v1/search?q=…&limit=…`: ranked passages with highlights, as `dealdesk search --json`.
pub async fn search(
    State(state): State<Arc<AppState>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchJson>, ApiError> {
    let Query(params) = params?;
    let Some(q) = params.q else {
        return Err(ApiError::bad_request(
            "missing_query",
            "give the query as `q`, e.g. /v1/search?q=Intel",
        ));
    };
    let limit = match params.limit.as_deref() {
        None => 5,
        Some(l) => match l.trim().parse::<usize>() {
            Ok(n @ 1..=100) => n,
            _ => {
                return Err(ApiError::bad_request(
                    "invalid_limit",
                    "`limit` must be a whole number from 1 to 100",
                ));
            }
        },
    };
    let found = state.desk.search(q, limit).await?;
    Ok(Json(SearchJson::from(&found)))
}

#[derive(Debug, Deserialize)]
pub struct DealParams {
    party: Option<String>,
    kind: Option<String>,
    since: Option<String>,
    until: Option<String>,
    min_amount: Option<String>,
    sort: Option<String>,
}

/// Comma-separated values, blanks dropped.
fn list(s: Option<&str>) -> Vec<String> {
    s.map(|s| {
        s.split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// `GET /v1/deals?party=…&kind=…&since=…&until=…&min_amount=…&sort=amount|date`.
pub async fn deals(
    State(state): State<Arc<AppState>>,
    params: Result<Query<DealParams>, QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(p) = params?;
    let spec = FilterSpec {
        parties: list(p.party.as_deref()),
        kinds: list(p.kind.as_deref()),
        since: p.since,
        until: p.until,
        min_amount: p.min_amount,
        sort: p.sort,
    };
    let found = state.desk.deals(spec).await?;
    let records: Vec<DealRecord> = found.iter().map(DealRecord::from).collect();
    Ok(Json(json!({"count": records.len(), "deals": records})))
}

/// `GET /v1/sources/{id}`: a passage (`ID#pN`) or sentence (`ID#pN.sM`); `#` is sent as `%23`.
pub async fn source(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ShowJson>, ApiError> {
    let id =
        CitationId::parse(&id).map_err(|e| ApiError::bad_request("invalid_id", e.to_string()))?;
    let shown = state.desk.show(id).await?;
    Ok(Json(ShowJson::from(&shown)))
}

/// `GET /healthz`: 200 when the index is open, holds passages and answers a search.
pub async fn healthz(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let status = state.desk.status().await?;
    if status.passages == 0 || !status.searchable {
        return Err(ApiError::Unavailable);
    }
    // Still serving: a held corpus change is shown, not an outage.
    let body = match &status.held {
        None => json!({
            "status": "ok",
            "passages": status.passages,
            "indexed_at": status.indexed_at,
        }),
        Some(why) => json!({
            "status": "held",
            "held_change": why,
            "passages": status.passages,
            "indexed_at": status.indexed_at,
        }),
    };
    Ok(Json(body).into_response())
}

/// `GET /metrics`: Prometheus text.
pub async fn metrics(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let status = state.desk.status().await?;
    let gauges = IndexGauges {
        passages: status.passages,
        indexed_at: status.indexed_at,
    };
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.desk.metrics().render(&gauges),
    )
        .into_response())
}

pub async fn not_found() -> ApiError {
    ApiError::NotFound {
        code: "not_found",
        message: "no such endpoint; see docs/api.md".to_string(),
    }
}

pub async fn method_not_allowed() -> Response {
    let body = json!({"error": {"code": "method_not_allowed", "message": "this endpoint does not accept that method"}});
    (StatusCode::METHOD_NOT_ALLOWED, Json(body)).into_response()
}
