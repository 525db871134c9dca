//! What the test binaries share: the shipped corpus copied to a temporary place, and a fake
//! OpenAI-compatible server. Each binary uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::response::{IntoResponse, Response};
use axum::{Json, Router, extract::State, routing::post};
use serde_json::{Value, json};

pub fn shipped_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A news article no shipped question can be answered from: Zorblax's 300 MW data centre.
pub const ZORBLAX_ARTICLE: &str = r#"+++
id = "zorblax-datacenter"
title = "Zorblax ouvre un centre de données"
language = "fr"
published = "2025-11"
+++

La société Zorblax a inauguré un centre de données de 300 mégawatts au Québec.
"#;

/// Adds [`ZORBLAX_ARTICLE`] to the corpus under `dir` (`dir/corpus`, `dir/index`) and indexes
/// it with a `dealdesk index` of its own, as another process would.
pub fn index_zorblax_from_another_process(dir: &Path) {
    std::fs::write(dir.join("corpus/articles/zorblax.md"), ZORBLAX_ARTICLE).unwrap();
    let mut index = std::process::Command::new(env!("CARGO_BIN_EXE_dealdesk"));
    for (name, _) in std::env::vars() {
        if name.starts_with("DEALDESK_") {
            index.env_remove(name);
        }
    }
    let run = index
        .current_dir(dir)
        .args(["--corpus", "corpus", "--index", "index", "index"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A fake OpenAI-compatible server on 127.0.0.1, on a thread of its own (usable from plain and
/// async tests), answering every `/v1/chat/completions` with `reply`: as JSON, or as two SSE
/// chunks then `[DONE]` when the request asks to stream.
pub struct FakeModel {
    /// `http://127.0.0.1:PORT/v1`, for `OPENAI_BASE_URL`.
    pub base_url: String,
    /// The request bodies received, in order.
    pub requests: Arc<Mutex<Vec<Value>>>,
}

type Shared = (&'static str, Arc<Mutex<Vec<Value>>>);

async fn complete(State((reply, seen)): State<Shared>, Json(request): Json<Value>) -> Response {
    let stream = request["stream"] == true;
    seen.lock().unwrap().push(request);
    if !stream {
        return Json(json!({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": reply}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
        }))
        .into_response();
    }
    let (a, b) = reply.split_at(reply.len() / 2);
    let chunk = |text: &str, finish: Value| {
        json!({"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
               "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}]})
    };
    let body = format!(
        "data: {}\n\ndata: {}\n\ndata: [DONE]\n\n",
        chunk(a, Value::Null),
        chunk(b, json!("stop"))
    );
    ([("content-type", "text/event-stream")], body).into_response()
}

pub fn fake_model(reply: &'static str) -> FakeModel {
    let requests: Arc<Mutex<Vec<Value>>> = Arc::default();
    let seen = requests.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let app = Router::new()
                .route("/v1/chat/completions", post(complete))
                .with_state((reply, seen));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    FakeModel {
        base_url: format!("http://{}/v1", rx.recv().unwrap()),
        requests,
    }
}

/// A real `redis-server` (Debian's package) on a loopback port of its own, nothing saved to
/// disk, stopped when dropped.
pub struct RedisServer {
    pub port: u16,
    child: std::process::Child,
}

impl RedisServer {
    /// Starts one and returns once it accepts connections (it says so on stdout).
    pub fn start() -> RedisServer {
        Self::start_on(free_port())
    }

    /// One on `port` (a port an earlier one used, to bring Redis "back up").
    pub fn start_on(port: u16) -> RedisServer {
        use std::io::{BufRead, BufReader};
        let mut child = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--logfile", ""])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("redis-server is not installed: `apt-get install -y redis-server` (.ci/run installs it)");
        let stdout = child.stdout.take().unwrap();
        let mut seen = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap_or_default();
            if line.contains("Ready to accept connections") {
                return RedisServer { port, child };
            }
            seen.push(line);
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("redis-server did not start:\n{}", seen.join("\n"));
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nothing listens on (it was free a moment ago).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
