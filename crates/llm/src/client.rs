//! The chat-completions call, through async-openai, with lenient response types.
//!
//! async-openai's `byot` methods send our own request type and read our own response type, so a
//! server that is not fully OpenAI-conformant (no `finish_reason`, an empty one, extra or missing
//! fields) is still read. The reqwest client carries the connect and read timeouts; async-openai's
//! retry layer retries 429, 5xx and refused connections `retries` times (backoff from 100 ms,
//! doubling, honouring `Retry-After`); the caller bounds the whole by its deadline.

use std::pin::Pin;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::middleware::ReqwestService;
use async_openai::middleware::retry::OpenAIRetryLayer;
use futures_util::{Stream, StreamExt};
use serde::{Deserialize, Serialize};

use dealdesk_core::generation::{MAX_ANSWER_CHARS, Message, ModelFailure as LlmError};

use crate::config::LlmConfig;

#[derive(Serialize)]
struct Request<'a> {
    model: &'a str,
    messages: &'a [Message],
    max_tokens: u32,
    temperature: f32,
    stream: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_format: Option<serde_json::Value>,
}

/// The ways of asking for a structured answer, tried in this order until a server accepts one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// OpenAI's `{"type": "json_schema", …}` (OpenAI, vLLM).
    JsonSchema = 0,
    /// `{"type": "json_object", "schema": …}` (llama-cpp-python's server, Anyscale).
    JsonObject = 1,
    /// No `response_format`: the prompt still asks for JSON; free text is verified as it is.
    Free = 2,
}

impl Format {
    fn from_u8(n: u8) -> Format {
        match n {
            0 => Format::JsonSchema,
            1 => Format::JsonObject,
            _ => Format::Free,
        }
    }

    fn body(self) -> Option<serde_json::Value> {
        let schema = dealdesk_core::generation::structured::schema();
        match self {
            Format::JsonSchema => Some(serde_json::json!({
                "type": "json_schema",
                "json_schema": {"name": "dealdesk_answer", "strict": true, "schema": schema}
            })),
            Format::JsonObject => {
                Some(serde_json::json!({"type": "json_object", "schema": schema}))
            }
            Format::Free => None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct Response {
    #[serde(default)]
    choices: Vec<Choice>,
}

#[derive(Debug, Default, Deserialize)]
struct Choice {
    #[serde(default)]
    message: Option<Content>,
    #[serde(default)]
    delta: Option<Content>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Content {
    #[serde(default)]
    content: Option<String>,
}

/// A finish reason that means the text is not a whole answer.
fn check_finish(reason: Option<&str>) -> Result<(), LlmError> {
    match reason.map(str::trim) {
        Some("length") => Err(LlmError::Truncated),
        Some("content_filter") => Err(LlmError::Filtered),
        // Missing, empty, "stop" or anything else: the text is judged by verification.
        _ => Ok(()),
    }
}

/// A transport error as logs and replies may show it: its URL with credentials masked (a key
/// in the base URL's query would otherwise be logged with every failure).
fn describe(e: reqwest::Error) -> String {
    match e.url().map(|u| dealdesk_core::secret::mask_url(u.as_str())) {
        Some(url) => format!("{} (url {url})", e.without_url()),
        None => e.to_string(),
    }
}

fn map_error(e: OpenAIError) -> LlmError {
    match e {
        OpenAIError::Reqwest(e) if e.is_timeout() => LlmError::Timeout,
        OpenAIError::Reqwest(e) if e.is_connect() => LlmError::Connect(describe(e)),
        OpenAIError::Reqwest(e) if e.is_decode() || e.is_body() => LlmError::Malformed(describe(e)),
        OpenAIError::Reqwest(e) => LlmError::Http(describe(e)),
        // llama-cpp-python answers a `response_format` it does not know with a 500 naming it:
        // a refusal of the format (as 422 says elsewhere), not a failing server.
        OpenAIError::ApiError(e)
            if e.status_code.is_server_error()
                && format!("{} {:?}", e.api_error.message, e.api_error.param)
                    .contains("response_format") =>
        {
            LlmError::Status(422)
        }
        OpenAIError::ApiError(e) => LlmError::Status(e.status_code.as_u16()),
        OpenAIError::JSONDeserialize(e, _) => LlmError::Malformed(e.to_string()),
        OpenAIError::StreamError(e) => LlmError::Malformed(e.to_string()),
        e => LlmError::Http(e.to_string()),
    }
}

/// A client for one model of one OpenAI-compatible server.
#[derive(Clone)]
pub struct ChatClient {
    client: Client<OpenAIConfig>,
    model: String,
    max_tokens: u32,
    temperature: f32,
    /// The [`Format`] this server accepted last (shared by the clones of this client).
    format: std::sync::Arc<std::sync::atomic::AtomicU8>,
    /// Whether the server's chat template takes a `system` message ([`LlmConfig::system_role`]).
    system_role: bool,
}

impl std::fmt::Debug for ChatClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatClient")
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

/// Text deltas of a streamed answer.
pub type Deltas = Pin<Box<dyn Stream<Item = Result<String, LlmError>> + Send>>;

impl ChatClient {
    pub fn new(config: &LlmConfig) -> Result<ChatClient, LlmError> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout())
            .read_timeout(config.read_timeout())
            .build()
            .map_err(|e| LlmError::Http(e.to_string()))?;
        let openai = OpenAIConfig::new()
            .with_api_base(config.base_url.trim_end_matches('/'))
            .with_api_key(config.api_key.expose());
        let transport = tower::Layer::layer(
            &OpenAIRetryLayer::new(config.retries as usize),
            ReqwestService::new(http.clone()),
        );
        Ok(ChatClient {
            client: Client::build(http, openai).with_http_service(transport),
            model: config.model.trim().to_string(),
            max_tokens: config.max_tokens,
            temperature: config.temperature,
            format: std::sync::Arc::new(std::sync::atomic::AtomicU8::new(if config.structured {
                Format::JsonSchema as u8
            } else {
                Format::Free as u8
            })),
            system_role: config.system_role,
        })
    }

    fn format(&self) -> Format {
        Format::from_u8(self.format.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Whether answers come as free text, which can be shown while it is written; a structured
    /// answer is JSON until it is complete.
    pub fn streams_text(&self) -> bool {
        self.format() == Format::Free
    }

    /// The messages as this server takes them: with no system turn, the instructions open the
    /// first user message, as Gemma's own chat template does.
    fn shaped<'m>(&self, messages: &'m [Message]) -> std::borrow::Cow<'m, [Message]> {
        if self.system_role {
            return std::borrow::Cow::Borrowed(messages);
        }
        std::borrow::Cow::Owned(without_system_turn(messages))
    }

    fn request<'a>(&'a self, messages: &'a [Message], stream: bool, format: Format) -> Request<'a> {
        Request {
            model: &self.model,
            messages,
            max_tokens: self.max_tokens,
            temperature: self.temperature,
            stream,
            response_format: format.body(),
        }
    }

    /// The whole answer text of one completion. A server that refuses the way a structured
    /// answer is asked for (400, 422, or a 5xx naming `response_format`) is asked again the
    /// next way, and that way is kept.
    pub async fn complete(&self, messages: &[Message]) -> Result<String, LlmError> {
        let messages = &*self.shaped(messages);
        let response: Response = loop {
            let format = self.format();
            match self
                .client
                .chat()
                .create_byot(self.request(messages, false, format))
                .await
                .map_err(map_error)
            {
                Err(LlmError::Status(400 | 422)) if format != Format::Free => {
                    let next = Format::from_u8(format as u8 + 1);
                    tracing::info!(
                        refused = ?format,
                        next = ?next,
                        "the model server refused this response_format; asking the next way"
                    );
                    self.format
                        .store(next as u8, std::sync::atomic::Ordering::Relaxed);
                }
                other => break other?,
            }
        };
        let choice = response
            .choices
            .into_iter()
            .next()
            .ok_or(LlmError::EmptyResponse)?;
        check_finish(choice.finish_reason.as_deref())?;
        let text = choice.message.and_then(|m| m.content).unwrap_or_default();
        if text.trim().is_empty() {
            return Err(LlmError::EmptyResponse);
        }
        if text.chars().count() > MAX_ANSWER_CHARS {
            return Err(LlmError::TooLong);
        }
        Ok(text)
    }

    /// The answer text as the server streams it (`stream: true`, SSE chunks until `[DONE]`).
    pub async fn stream(&self, messages: &[Message]) -> Result<Deltas, LlmError> {
        let messages = &*self.shaped(messages);
        let chunks = self
            .client
            .chat()
            .create_stream_byot::<_, Response>(self.request(messages, true, Format::Free))
            .await
            .map_err(map_error)?;
        let mut streamed = 0usize;
        Ok(Box::pin(chunks.map(move |chunk| {
            let chunk = chunk.map_err(map_error)?;
            let mut text = String::new();
            for choice in chunk.choices {
                check_finish(choice.finish_reason.as_deref())?;
                if let Some(t) = choice.delta.and_then(|d| d.content) {
                    text.push_str(&t);
                }
            }
            streamed += text.chars().count();
            if streamed > MAX_ANSWER_CHARS {
                return Err(LlmError::TooLong);
            }
            Ok(text)
        })))
    }
}

/// `messages` with every system message's text put at the head of the first user message.
fn without_system_turn(messages: &[Message]) -> Vec<Message> {
    let instructions: Vec<&str> = messages
        .iter()
        .filter(|m| m.role == "system")
        .map(|m| m.content.as_str())
        .collect();
    let mut rest: Vec<Message> = messages
        .iter()
        .filter(|m| m.role != "system")
        .cloned()
        .collect();
    if instructions.is_empty() {
        return rest;
    }
    let head = instructions.join("\n\n");
    match rest.iter_mut().find(|m| m.role == "user") {
        Some(user) => user.content = format!("{head}\n\n{}", user.content),
        None => rest.insert(
            0,
            Message {
                role: "user",
                content: head,
            },
        ),
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(role: &'static str, content: &str) -> Message {
        Message {
            role,
            content: content.to_string(),
        }
    }

    #[test]
    fn without_a_system_turn_the_instructions_open_the_first_user_message() {
        let shaped = without_system_turn(&[
            message("system", "Answer from the sources."),
            message("user", "How much?"),
        ]);
        assert_eq!(
            shaped,
            vec![message("user", "Answer from the sources.\n\nHow much?")]
        );
    }

    #[test]
    fn instructions_alone_become_a_user_message() {
        let shaped = without_system_turn(&[message("system", "Answer from the sources.")]);
        assert_eq!(shaped, vec![message("user", "Answer from the sources.")]);
    }
}
