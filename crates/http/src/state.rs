//! What every request shares: the desk (knowledge base, conversations, metrics, model), the
//! bearer token and the advertised model name.

use std::sync::Arc;

use axum::http::HeaderMap;

use dealdesk_desk::{Desk, Mode};

use crate::errors::ApiError;

pub struct AppState {
    pub desk: Arc<Desk>,
    /// The bearer token every `/v1/` request must carry, when set.
    token: Option<String>,
    /// What `GET /v1/models` lists.
    pub model_name: String,
}

impl AppState {
    pub fn new(desk: Arc<Desk>, token: Option<String>, model_name: String) -> Self {
        Self {
            desk,
            token: token.filter(|t| !t.is_empty()),
            model_name,
        }
    }

    /// Whether the request may proceed: no token configured, or the right one presented.
    pub fn authorised(&self, headers: &HeaderMap) -> bool {
        let Some(expected) = &self.token else {
            return true;
        };
        constant_time_eq(presented_token(headers).as_bytes(), expected.as_bytes())
    }

    /// The token a request presented, when the API requires one: its conversations are kept
    /// apart from other tokens' (`None` when the API is open).
    pub fn credential<'h>(&self, headers: &'h HeaderMap) -> Option<&'h str> {
        self.token.as_ref().map(|_| presented_token(headers))
    }
}

/// The bearer token of `Authorization`, or "" (the scheme is case-insensitive, RFC 9110 §11.1).
fn presented_token(headers: &HeaderMap) -> &str {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_start().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map_or("", |(_, token)| token.trim())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Reads a request's `mode` (absent: the configured default), and checks that a model exists
/// when it asks for one.
pub fn parse_mode(state: &AppState, s: Option<&str>) -> Result<Option<Mode>, ApiError> {
    let mode = s
        .map(|s| {
            s.parse::<Mode>().map_err(|_| {
                ApiError::bad_request(
                    "invalid_mode",
                    "`mode` must be `extractive`, `llm` or `auto`",
                )
            })
        })
        .transpose()?;
    state.desk.check_mode(mode)?;
    Ok(mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"ab", b"abc"));
    }
}
