//! The `/v1/` endpoints of the knowledge base, `/healthz` and `/metrics`.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use dealdesk::analysis::Lang;
use dealdesk::date::IsoDate;
use dealdesk::deals::DealKind;
use dealdesk::ids::CitationId;
use dealdesk::kb::{DealFilter, DealSort};
use dealdesk::retrieve;
use dealdesk::wire::{AnswerJson, SearchJson, ShowJson};

use super::errors::ApiError;
use super::metrics::IndexGauges;
use super::state::{AppState, MAX_CONVERSATION_ID, answer, parse_mode};
use crate::views::{self, ShowError};
use axum::response::sse::{Event, Sse};
use dealdesk::answer::AskError;
use dealdesk::config::llm::Mode;
use dealdesk::conversation::Conversation;
use dealdesk::llm::{AnswerError, StreamEvent};
use futures_util::StreamExt;

/// Runs blocking work (searches, answers) on the blocking pool.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ApiError::internal)?
}

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
    body: Result<Json<AskRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(request) = body?;
    let mode = parse_mode(request.mode.as_deref(), state.answerer.default_mode())?;
    let uses_model = state
        .answerer
        .client_for(mode)
        .map_err(|_| {
            ApiError::bad_request(
                "llm_not_configured",
                "`mode` is `llm` but no model is configured: set DEALDESK_LLM_MODEL (see docs/llm.md)",
            )
        })?
        .is_some();
    if let Some(id) = &request.conversation_id
        && (id.is_empty() || id.chars().count() > MAX_CONVERSATION_ID)
    {
        return Err(ApiError::bad_request(
            "invalid_conversation_id",
            format!("`conversation_id` must be 1 to {MAX_CONVERSATION_ID} characters"),
        ));
    }
    let mut conversation = request
        .conversation_id
        .as_deref()
        .map(|id| state.conversation(id));
    if request.stream {
        return Ok(stream_answer(state, request, conversation, mode));
    }
    if uses_model {
        // The model path: resolve a follow-up, let the answerer write and verify, remember.
        let question = match &conversation {
            Some(c) => c.resolve_now(&request.question, &state.kb.catalog().entities),
            None => request.question.clone(),
        };
        let verified = state
            .answerer
            .answer(state.kb.clone(), &question, mode)
            .await
            .map_err(|e| match e {
                AnswerError::Ask(e) => ApiError::from(e),
                e => ApiError::internal(e),
            })?;
        if verified.fallback.is_some() {
            state.metrics.record_llm_fallback();
        }
        state.metrics.record_answer(verified.answer.abstained);
        if let (Some(id), Some(mut c)) = (request.conversation_id, conversation) {
            c.remember(&question, &state.kb.catalog().entities);
            state.remember(id, c);
        }
        return Ok(Json(AnswerJson::from(&verified)).into_response());
    }
    let shared = state.clone();
    let (answer, conversation) = blocking(move || {
        let a = answer(
            &shared.kb,
            &shared.metrics,
            conversation.as_mut(),
            &request.question,
        )?;
        Ok((a, conversation))
    })
    .await?;
    if let (Some(id), Some(c)) = (request.conversation_id, conversation) {
        state.remember(id, c);
    }
    Ok(Json(AnswerJson::from(&answer)).into_response())
}

/// `POST /v1/ask` with `"stream": true`: the model's text as `delta` events while it writes,
/// then the verified `answer` (the extractive one when the model's text fails verification).
fn stream_answer(
    state: Arc<AppState>,
    request: AskRequest,
    conversation: Option<Conversation>,
    mode: Mode,
) -> Response {
    let entities = state.kb.catalog().entities.clone();
    let question = match &conversation {
        Some(c) => c.resolve_now(&request.question, &entities),
        None => request.question.clone(),
    };
    let mut remember = request.conversation_id.zip(conversation);
    let events = state
        .answerer
        .answer_stream(state.kb.clone(), question.clone(), mode);
    let shared = state.clone();
    let events = events.map(move |event| {
        let sse = match event {
            StreamEvent::Delta(text) => Event::default()
                .event("delta")
                .json_data(json!({"text": text})),
            StreamEvent::Final(Ok(verified)) => {
                if verified.fallback.is_some() {
                    shared.metrics.record_llm_fallback();
                }
                shared.metrics.record_answer(verified.answer.abstained);
                if let Some((id, mut c)) = remember.take() {
                    c.remember(&question, &entities);
                    shared.remember(id, c);
                }
                Event::default()
                    .event("answer")
                    .json_data(AnswerJson::from(&verified))
            }
            StreamEvent::Final(Err(e)) => {
                let (code, message) = match &e {
                    AnswerError::Ask(AskError::Empty | AskError::TooLong(_)) => {
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
    blocking(move || Ok(views::search_json(&state.kb, &q, limit)?))
        .await
        .map(Json)
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
fn list(s: Option<&str>) -> Vec<&str> {
    s.map(|s| {
        s.split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

fn date(name: &str, value: Option<&str>) -> Result<Option<IsoDate>, ApiError> {
    value
        .map(|v| {
            IsoDate::parse(v.trim()).map_err(|e| {
                ApiError::bad_request(
                    "invalid_date",
                    format!("`{name}`: {e} (use YYYY, YYYY-MM or YYYY-MM-DD)"),
                )
            })
        })
        .transpose()
}

/// `GET /v1/deals?party=…&kind=…&since=…&until=…&min_amount=…&sort=amount|date`.
pub async fn deals(
    State(state): State<Arc<AppState>>,
    params: Result<Query<DealParams>, QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(p) = params?;
    let mut filter = DealFilter {
        since: date("since", p.since.as_deref())?,
        until: date("until", p.until.as_deref())?,
        ..DealFilter::default()
    };
    for k in list(p.kind.as_deref()) {
        let kind = DealKind::parse(k).ok_or_else(|| {
            let codes: Vec<&str> = DealKind::ALL.iter().map(|k| k.code()).collect();
            ApiError::bad_request(
                "invalid_kind",
                format!("unknown deal kind {k:?}; use one of {}", codes.join(", ")),
            )
        })?;
        filter.kinds.push(kind);
    }
    if let Some(m) = &p.min_amount {
        filter.min_amount_usd = Some(m.trim().parse().map_err(|_| {
            ApiError::bad_request(
                "invalid_min_amount",
                "`min_amount` must be a whole number of US dollars, e.g. 1000000000",
            )
        })?);
    }
    filter.sort = match p.sort.as_deref().map(str::trim) {
        None | Some("date") => DealSort::Date,
        Some("amount") => DealSort::Amount,
        Some(_) => {
            return Err(ApiError::bad_request(
                "invalid_sort",
                "`sort` must be `amount` or `date`",
            ));
        }
    };
    let parties: Vec<String> = list(p.party.as_deref())
        .into_iter()
        .map(str::to_string)
        .collect();
    blocking(move || {
        let catalog = state.kb.catalog();
        for name in &parties {
            let link = catalog.entities.link(name).into_iter().next();
            let Some(link) = link else {
                return Err(ApiError::bad_request(
                    "unknown_party",
                    format!("no known company or institution is named {name:?}"),
                ));
            };
            filter.parties.push(link.entity);
        }
        let found = state.kb.find_deals(&filter).map_err(ApiError::internal)?;
        let records: Vec<_> = found.iter().map(|d| d.to_record()).collect();
        Ok(Json(json!({"count": records.len(), "deals": records})))
    })
    .await
}

/// `GET /v1/sources/{id}`: a passage (`ID#pN`) or sentence (`ID#pN.sM`); `#` is sent as `%23`.
pub async fn source(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ShowJson>, ApiError> {
    let id =
        CitationId::parse(&id).map_err(|e| ApiError::bad_request("invalid_id", e.to_string()))?;
    blocking(move || match views::show_json(&state.kb, &id) {
        Ok(shown) => Ok(Json(shown)),
        Err(e @ (ShowError::NoPassage(_) | ShowError::NoSentence { .. })) => {
            Err(ApiError::NotFound {
                code: "unknown_source",
                message: e.to_string(),
            })
        }
        Err(ShowError::Index(e)) => Err(ApiError::internal(e)),
    })
    .await
}

/// `GET /healthz`: 200 when the index is open, holds passages and answers a search.
pub async fn healthz(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    blocking(move || {
        let kb = &state.kb;
        let passages = kb.passage_count();
        let searchable =
            retrieve::search(&kb.searcher(), kb.fields(), "investment", Lang::En, 1).is_ok();
        if passages == 0 || !searchable {
            return Err(ApiError::Unavailable);
        }
        let body = json!({
            "status": "ok",
            "passages": passages,
            "indexed_at": kb.manifest().indexed_at,
        });
        Ok(Json(body).into_response())
    })
    .await
}

/// `GET /metrics`: Prometheus text.
pub async fn metrics(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    blocking(move || {
        let gauges = IndexGauges {
            passages: state.kb.passage_count(),
            indexed_at: state.kb.manifest().indexed_at,
        };
        Ok((
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            state.metrics.render(&gauges),
        )
            .into_response())
    })
    .await
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
