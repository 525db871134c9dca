//! A fake OpenAI-compatible server on 127.0.0.1 (port 0), a corpus of one's own, and runs of
//! the binary pointed at the fake server.

use crate::support::copy_dir;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Response, StatusCode, header};
use axum::routing::post;
use serde_json::{Value, json};

use dealdesk_core::kb::KnowledgeBase;
use dealdesk_core::wire::AnswerJson;
use dealdesk_desk::{Desk, DeskOptions};
use dealdesk_llm::LlmConfig;

/// What the fake server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A normal completion with this content: one JSON object, or SSE chunks when the request
    /// says `stream: true` (`finish_reason: "stop"`, then `[DONE]`).
    Text(String),
    /// Like `Text`, but not fully conformant: no `finish_reason` in the JSON (and an empty one
    /// in the stream).
    TextNoFinishReason(String),
    /// An HTTP status with an OpenAI-style error body.
    Status(u16),
    /// An HTTP status with an OpenAI-style error body carrying this message.
    StatusSaying(u16, &'static str),
    /// A 200 whose body is this, verbatim, as `application/json`.
    RawJson(&'static str),
    /// Wait, then reply.
    Delay(Duration, Box<Reply>),
}

type Responder = dyn Fn(usize, &Value) -> Reply + Send + Sync;

#[derive(Clone)]
struct Shared {
    requests: Arc<Mutex<Vec<Value>>>,
    responder: Arc<Responder>,
}

/// A running fake server; stops when dropped.
pub struct FakeOpenAi {
    /// `http://127.0.0.1:PORT/v1`
    pub base_url: String,
    requests: Arc<Mutex<Vec<Value>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl FakeOpenAi {
    /// Replies to the `i`th request (from 0) with `responder(i, request_body)`.
    pub fn start(responder: impl Fn(usize, &Value) -> Reply + Send + Sync + 'static) -> FakeOpenAi {
        let shared = Shared {
            requests: Arc::default(),
            responder: Arc::new(responder),
        };
        let requests = shared.requests.clone();
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                port_tx.send(listener.local_addr().unwrap().port()).unwrap();
                let app = Router::new()
                    .route("/v1/chat/completions", post(completions))
                    .with_state(shared);
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stop_rx.await;
                    })
                    .await
                    .unwrap();
            });
        });
        let port = port_rx.recv().unwrap();
        FakeOpenAi {
            base_url: format!("http://127.0.0.1:{port}/v1"),
            requests,
            stop: Some(stop_tx),
        }
    }

    /// Always the same reply.
    pub fn replying(reply: Reply) -> FakeOpenAi {
        Self::start(move |_, _| reply.clone())
    }

    /// The request bodies received so far.
    pub fn requests(&self) -> Vec<Value> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for FakeOpenAi {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn completions(State(s): State<Shared>, body: String) -> Response<Body> {
    let request: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let i = {
        let mut r = s.requests.lock().unwrap();
        r.push(request.clone());
        r.len() - 1
    };
    let stream = request["stream"] == json!(true);
    let mut reply = (s.responder)(i, &request);
    while let Reply::Delay(d, inner) = reply {
        tokio::time::sleep(d).await;
        reply = *inner;
    }
    match reply {
        Reply::Text(t) => completion(&t, Some("stop"), stream),
        Reply::TextNoFinishReason(t) => completion(&t, None, stream),
        Reply::Status(code) => Response::builder()
            .status(StatusCode::from_u16(code).unwrap())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"error": {"message": "fake failure", "type": "server_error", "param": null, "code": null}})
                    .to_string(),
            ))
            .unwrap(),
        Reply::StatusSaying(code, message) => Response::builder()
            .status(StatusCode::from_u16(code).unwrap())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"error": {"message": message, "type": "internal_server_error", "param": null, "code": null}})
                    .to_string(),
            ))
            .unwrap(),
        Reply::RawJson(b) => Response::builder()
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b))
            .unwrap(),
        Reply::Delay(..) => unreachable!("delays are unwrapped above"),
    }
}

fn completion(text: &str, finish: Option<&str>, stream: bool) -> Response<Body> {
    if !stream {
        let mut choice = json!({"index": 0, "message": {"role": "assistant", "content": text}});
        if let Some(f) = finish {
            choice["finish_reason"] = json!(f);
        }
        let body = json!({
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [choice],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
        });
        return Response::builder()
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
    }
    // Deltas of a few characters each, like a real server.
    let chars: Vec<char> = text.chars().collect();
    let mut sse = String::new();
    let chunk = |delta: Value, finish: Value| {
        json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": "m",
               "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    };
    sse.push_str(&format!(
        "data: {}\n\n",
        chunk(json!({"role": "assistant", "content": ""}), Value::Null)
    ));
    for piece in chars.chunks(7) {
        let piece: String = piece.iter().collect();
        sse.push_str(&format!(
            "data: {}\n\n",
            chunk(json!({"content": piece}), Value::Null)
        ));
    }
    let finish = finish.map_or(json!(""), |f| json!(f));
    sse.push_str(&format!("data: {}\n\n", chunk(json!({}), finish)));
    sse.push_str("data: [DONE]\n\n");
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .body(Body::from(sse))
        .unwrap()
}

/// The user message of a request.
pub fn user_message(request: &Value) -> String {
    request["messages"][1]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The sources of a request's user message: (n, corpus text).
pub fn sources(request: &Value) -> Vec<(usize, String)> {
    sources_in(&user_message(request))
}

/// The sources of a user message's text: (n, corpus text).
pub fn sources_in(user: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for block in user.split("<source n=\"").skip(1) {
        let n: usize = block[..block.find('"').unwrap()].parse().unwrap();
        let body = &block[block.find(">\n").unwrap() + 2..block.find("\n</source>").unwrap()];
        // A deal source is its record, then the quoted corpus text (labels in the question's
        // language).
        let text = body
            .split_once("\nQuote: ")
            .or_else(|| body.split_once("\nCitation: "))
            .map_or(body, |(_, quote)| quote);
        out.push((n, text.to_string()));
    }
    out
}

/// The number of the first source whose text holds `needle`.
pub fn source_with(request: &Value, needle: &str) -> usize {
    sources(request)
        .into_iter()
        .find(|(_, t)| t.contains(needle))
        .unwrap_or_else(|| panic!("no source holds {needle:?}: {}", user_message(request)))
        .0
}

/// A copy of the shipped corpus in a temporary directory; the index is built on first use.
pub struct App {
    _dir: tempfile::TempDir,
    pub corpus: PathBuf,
    pub index: PathBuf,
}

impl App {
    pub fn new() -> App {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
            &corpus,
        );
        App {
            corpus,
            index: dir.path().join("index"),
            _dir: dir,
        }
    }

    pub fn write_article(&self, file: &str, content: &str) {
        std::fs::write(self.corpus.join("articles").join(file), content).unwrap();
    }

    /// The knowledge base, indexed, for the library API.
    pub fn kb(&self) -> Arc<KnowledgeBase> {
        Arc::new(
            dealdesk_core::kb::open_fresh(&self.corpus, &self.index)
                .unwrap()
                .kb,
        )
    }

    /// `dealdesk` with this corpus and no model configured.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dealdesk"));
        cmd.arg("--corpus")
            .arg(&self.corpus)
            .arg("--index")
            .arg(&self.index)
            .args(args)
            .current_dir(self._dir.path());
        for var in [
            "DEALDESK_CORPUS",
            "DEALDESK_INDEX",
            "DEALDESK_CONFIG",
            "OPENAI_BASE_URL",
            "OPENAI_API_KEY",
            "DEALDESK_LLM_MODEL",
            "DEALDESK_LLM_MODE",
            "DEALDESK_LLM_CONNECT_TIMEOUT_MS",
            "DEALDESK_LLM_READ_TIMEOUT_MS",
            "DEALDESK_LLM_DEADLINE_MS",
            "DEALDESK_LLM_MAX_TOKENS",
            "DEALDESK_LLM_TEMPERATURE",
        ] {
            cmd.env_remove(var);
        }
        cmd
    }

    /// `dealdesk ask --json QUESTION` pointed at `server` with model `m` and short timeouts.
    pub fn ask_llm(&self, server_url: &str, question: &str) -> (AnswerJson, String) {
        let out = self
            .command(&["ask", "--json", question])
            .env("OPENAI_BASE_URL", server_url)
            .env("OPENAI_API_KEY", "sk-test")
            .env("DEALDESK_LLM_MODEL", "m")
            .env("DEALDESK_LLM_CONNECT_TIMEOUT_MS", "300")
            .env("DEALDESK_LLM_READ_TIMEOUT_MS", "400")
            .env("DEALDESK_LLM_DEADLINE_MS", "3000")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "ask failed: {stderr}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let json = serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("not the JSON contract ({e}): {stdout}"));
        (json, stderr)
    }

    /// `dealdesk ask --json --mode extractive QUESTION`.
    pub fn ask_extractive(&self, question: &str) -> AnswerJson {
        let out = self
            .command(&["ask", "--json", "--mode", "extractive", question])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap()
    }
}

/// A configuration pointing at `base_url` with model `m` and short timeouts.
pub fn config(base_url: &str) -> LlmConfig {
    LlmConfig {
        base_url: base_url.to_string(),
        model: "m".to_string(),
        connect_timeout_ms: 300,
        read_timeout_ms: 400,
        deadline_ms: 2_000,
        ..LlmConfig::default()
    }
}

/// A desk over `kb` with the model of `cfg`.
pub fn desk_on(kb: Arc<KnowledgeBase>, cfg: &LlmConfig) -> Arc<Desk> {
    Arc::new(Desk::new(kb, DeskOptions::from_llm(cfg, 16).unwrap()))
}

/// A desk over the shared knowledge base with the model of `cfg`.
pub fn desk(cfg: &LlmConfig) -> Arc<Desk> {
    desk_on(shared_kb(), cfg)
}

/// A knowledge base shared by the tests that do not change the corpus.
pub fn shared_kb() -> Arc<KnowledgeBase> {
    static KB: std::sync::OnceLock<(App, Arc<KnowledgeBase>)> = std::sync::OnceLock::new();
    KB.get_or_init(|| {
        let app = App::new();
        let kb = app.kb();
        (app, kb)
    })
    .1
    .clone()
}

/// A question the shipped corpus answers, and the figure phrase its source holds.
pub const AMAZON_EN: &str = "How much did Amazon invest in Anthropic?";
pub const AMAZON_SOURCE: &str = "8 milliards de dollars";
