pub use crate::support::{copy_dir, shipped_corpus};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// A running `dealdesk serve` with a corpus and an index of its own.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub client: reqwest::Client,
    pub corpus: PathBuf,
    child: Child,
    dir: tempfile::TempDir,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary with no `DEALDESK_*` variable from the caller's environment, run in `dir` (so no
/// stray `dealdesk.toml` is read).
pub fn dealdesk(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dealdesk"));
    for (name, _) in std::env::vars() {
        if name.starts_with("DEALDESK_") {
            cmd.env_remove(name);
        }
    }
    cmd.current_dir(dir);
    cmd
}

/// A server on a copy of the shipped corpus, with default settings.
pub fn spawn_app() -> TestApp {
    spawn_app_with(&[], &[])
}

/// A server with extra `serve` arguments and environment variables.
pub fn spawn_app_with(args: &[&str], env: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    copy_dir(&shipped_corpus(), &corpus);
    let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
    let mut cmd = dealdesk(dir.path());
    cmd.arg("--corpus")
        .arg(&corpus)
        .arg("--index")
        .arg(&index)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .env("DEALDESK_LOG", "info")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log);
    let mut child = cmd.spawn().expect("start dealdesk serve");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    // The server prints its address once it listens (or exits on failure: EOF).
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let Some(address) = line.trim().strip_prefix("dealdesk: listening on ") else {
        let _ = child.kill();
        let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
        panic!("the server did not start: {line:?}\n{log}");
    };
    TestApp {
        address: address.to_string(),
        client: reqwest::Client::new(),
        corpus,
        child,
        dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// What the server logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// `POST /v1/ask`, expecting 200, as JSON.
    pub async fn ask(&self, body: Value) -> Value {
        let response = self.post_json("/v1/ask", &body).await;
        assert_eq!(response.status(), 200, "{body}");
        response.json().await.unwrap()
    }

    pub async fn metrics(&self) -> String {
        self.get("/metrics").await.text().await.unwrap()
    }
}

/// The value of one metric line, e.g. `dealdesk_answers_total{outcome="answered"}`.
pub fn metric(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

/// Checks the error shape and returns its code.
pub async fn error_code(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.unwrap();
    let message = body["error"]["message"].as_str().expect("error.message");
    assert!(!message.is_empty());
    body["error"]["code"]
        .as_str()
        .expect("error.code")
        .to_string()
}

/// Asks `first` about the US stake in Intel, then `second` "Et SoftBank ?" in the same
/// conversation (the same app, or another replica), and checks that the follow-up was
/// resolved against the first question.
pub async fn assert_follow_up_resolves(first: &TestApp, second: &TestApp, conversation: &str) {
    let asked = first
        .ask(serde_json::json!({"question": "Combien le gouvernement américain a-t-il investi dans Intel ?", "conversation_id": conversation}))
        .await;
    assert!(
        asked["answer"].as_str().unwrap().contains("8,9 milliards"),
        "{asked}"
    );
    let follow_up = second
        .ask(serde_json::json!({"question": "Et SoftBank ?", "conversation_id": conversation}))
        .await;
    assert_eq!(follow_up["abstained"], false, "{follow_up}");
    assert!(
        follow_up["question"].as_str().unwrap().contains("Intel"),
        "resolved against the first question: {follow_up}"
    );
    assert!(
        follow_up["answer"]
            .as_str()
            .unwrap()
            .contains("2 milliards"),
        "{follow_up}"
    );
}
