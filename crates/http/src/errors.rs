//! The one error type of the API: every failure becomes `{"error": {"code", "message"}}` with
//! its status. Client mistakes say what to fix; server faults are logged and say nothing more.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use dealdesk_core::answer::AskError;
use dealdesk_core::lookup::ShowError;
use dealdesk_desk::DeskError;

#[derive(Debug)]
pub enum ApiError {
    /// 400: the request is malformed or a value is invalid.
    BadRequest { code: &'static str, message: String },
    /// 401: a token is required and was missing or wrong.
    Unauthorized,
    /// 404: no such resource.
    NotFound { code: &'static str, message: String },
    /// 413: the body is larger than the configured limit.
    TooLarge,
    /// 415: the body is not declared as JSON.
    UnsupportedMediaType,
    /// 422: valid JSON that does not have the expected fields.
    Unprocessable(String),
    /// 408: the request took longer than the server's request timeout.
    Timeout,
    /// 503: the index cannot serve.
    Unavailable,
    /// 500: logged in full, reported as nothing more than "internal error".
    Internal(anyhow::Error),
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest {
            code,
            message: message.into(),
        }
    }

    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Self::Internal(e.into())
    }
}

impl From<AskError> for ApiError {
    fn from(e: AskError) -> Self {
        match e {
            AskError::Empty => Self::bad_request("empty_question", e.to_string()),
            AskError::TooLong(_) => Self::bad_request("question_too_long", e.to_string()),
            AskError::Index(e) => Self::internal(e),
        }
    }
}

impl From<DeskError> for ApiError {
    fn from(e: DeskError) -> Self {
        match e {
            DeskError::Ask(e) => e.into(),
            DeskError::NoModel => Self::bad_request(
                "llm_not_configured",
                "`mode` is `llm` but no model is configured: set DEALDESK_LLM_MODEL (see docs/llm.md)",
            ),
            DeskError::Filter(e) => {
                let message = format!("`{}`: {e}", e.field().name());
                Self::bad_request(e.code(), message)
            }
            DeskError::Show(e @ (ShowError::NoPassage(_) | ShowError::NoSentence { .. })) => {
                Self::NotFound {
                    code: "unknown_source",
                    message: e.to_string(),
                }
            }
            e => Self::internal(e),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonSyntaxError(_) => {
                Self::bad_request("invalid_json", "the body is not valid JSON")
            }
            JsonRejection::JsonDataError(e) => Self::Unprocessable(e.body_text()),
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            r if r.status() == StatusCode::PAYLOAD_TOO_LARGE => Self::TooLarge,
            r => Self::bad_request("invalid_body", r.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        Self::bad_request("invalid_query", r.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            Self::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "send the API token as `Authorization: Bearer <token>`".to_string(),
            ),
            Self::NotFound { code, message } => (StatusCode::NOT_FOUND, code, message),
            Self::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "the request body is larger than the server accepts".to_string(),
            ),
            Self::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with `Content-Type: application/json`".to_string(),
            ),
            Self::Unprocessable(message) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", message)
            }
            Self::Timeout => (
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                "the request took longer than the server allows (server.request_timeout_ms); \
                 send it again, or ask an operator to raise the limit"
                    .to_string(),
            ),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the index cannot serve right now".to_string(),
            ),
            Self::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    "internal error".to_string(),
                )
            }
        };
        let body = json!({"error": {"code": code, "message": message}});
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
