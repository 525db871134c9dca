//! A fake Telegram Bot API server on 127.0.0.1: it serves `getUpdates` from a queue the test
//! fills, answers every other method the way Telegram does, and records each request so tests
//! can wait for (never sleep for) what the bot sent.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

pub const BOT_ID: i64 = 4242;
pub const BOT_USERNAME: &str = "dealdesk_test_bot";

/// One request the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    /// The `/bot<token>` path segment, to check which token was used.
    pub token: String,
    pub at: Instant,
}

impl Call {
    pub fn chat(&self) -> Option<i64> {
        self.body.get("chat_id").and_then(Value::as_i64)
    }

    pub fn text(&self) -> &str {
        self.body.get("text").and_then(Value::as_str).unwrap_or("")
    }
}

#[derive(Default)]
struct Inner {
    updates: Vec<Value>,
    calls: Vec<Call>,
    /// Canned failures: method → (status, body), used before normal answers.
    failures: HashMap<String, VecDeque<(u16, Value)>>,
    /// When set, `getUpdates` only records and counts replies (bench mode: no call log).
    quiet: bool,
    sent: u64,
}

struct Shared {
    inner: Mutex<Inner>,
    changed: Condvar,
    new_updates: tokio::sync::Notify,
    next_message: AtomicI64,
}

pub struct FakeTelegram {
    pub url: String,
    shared: Arc<Shared>,
    next_update: AtomicI64,
    _runtime: tokio::runtime::Runtime,
}

impl FakeTelegram {
    pub fn start() -> FakeTelegram {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the fake server");
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner::default()),
            changed: Condvar::new(),
            new_updates: tokio::sync::Notify::new(),
            next_message: AtomicI64::new(1000),
        });
        let app = Router::new()
            .route("/{bot}/{method}", post(handle).get(handle_get))
            .with_state(shared.clone());
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeTelegram {
            url: format!("http://{addr}"),
            shared,
            next_update: AtomicI64::new(1),
            _runtime: runtime,
        }
    }

    /// Queues an update (its `update_id` is set here) and returns its id.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = self.next_update.fetch_add(1, Ordering::SeqCst);
        update["update_id"] = json!(id);
        self.shared.inner.lock().unwrap().updates.push(update);
        self.shared.new_updates.notify_waiters();
        id
    }

    /// Queues many updates at once (bench).
    pub fn push_updates(&self, updates: Vec<Value>) {
        let mut inner = self.shared.inner.lock().unwrap();
        for mut u in updates {
            u["update_id"] = json!(self.next_update.fetch_add(1, Ordering::SeqCst));
            inner.updates.push(u);
        }
        drop(inner);
        self.shared.new_updates.notify_waiters();
    }

    /// The next call to `method` fails with this status and body.
    pub fn fail_next(&self, method: &str, status: u16, body: Value) {
        let mut inner = self.shared.inner.lock().unwrap();
        inner
            .failures
            .entry(method.to_string())
            .or_default()
            .push_back((status, body));
    }

    /// Bench mode: stop logging calls, just count `sendMessage`s.
    pub fn quiet(&self) {
        self.shared.inner.lock().unwrap().quiet = true;
    }

    pub fn sent_count(&self) -> u64 {
        self.shared.inner.lock().unwrap().sent
    }

    /// Waits until `sendMessage` has been called `n` times (bench mode).
    pub fn wait_sent(&self, n: u64, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut inner = self.shared.inner.lock().unwrap();
        while inner.sent < n {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            inner = self.shared.changed.wait_timeout(inner, left).unwrap().0;
        }
        true
    }

    pub fn calls(&self) -> Vec<Call> {
        self.shared.inner.lock().unwrap().calls.clone()
    }

    /// Waits until `done` holds for the calls so far; panics with them after `timeout`.
    pub fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        done: impl Fn(&[Call]) -> bool,
    ) -> Vec<Call> {
        let deadline = Instant::now() + timeout;
        let mut inner = self.shared.inner.lock().unwrap();
        loop {
            if done(&inner.calls) {
                return inner.calls.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let seen: Vec<String> = inner
                    .calls
                    .iter()
                    .filter(|c| c.method != "getUpdates")
                    .map(|c| format!("{} {}", c.method, c.body))
                    .collect();
                panic!(
                    "timed out waiting for {what}; calls seen:\n{}",
                    seen.join("\n")
                );
            }
            inner = self.shared.changed.wait_timeout(inner, left).unwrap().0;
        }
    }

    /// Waits for the `n`th `sendMessage` to `chat` and returns all of them so far.
    pub fn wait_messages(&self, chat: i64, n: usize) -> Vec<Call> {
        let calls = self.wait_for(
            &format!("{n} message(s) to chat {chat}"),
            Duration::from_secs(60),
            |calls| messages_to(calls, chat).len() >= n,
        );
        messages_to(&calls, chat)
    }

    /// Waits until the bot has asked for updates after `update_id` (it has taken it).
    pub fn wait_consumed(&self, update_id: i64) {
        self.wait_for(
            &format!("update {update_id} to be taken"),
            Duration::from_secs(60),
            |calls| {
                calls.iter().any(|c| {
                    c.method == "getUpdates"
                        && c.body.get("offset").and_then(Value::as_i64).unwrap_or(0) > update_id
                })
            },
        );
    }
}

pub fn messages_to(calls: &[Call], chat: i64) -> Vec<Call> {
    calls
        .iter()
        .filter(|c| c.method == "sendMessage" && c.chat() == Some(chat))
        .cloned()
        .collect()
}

fn chat_json(id: i64) -> Value {
    if id < 0 {
        json!({"id": id, "type": "group", "title": "A group"})
    } else {
        json!({"id": id, "type": "private", "first_name": "User"})
    }
}

fn ok(result: Value) -> Response {
    axum::Json(json!({"ok": true, "result": result})).into_response()
}

async fn handle_get(state: State<Arc<Shared>>, path: Path<(String, String)>) -> Response {
    handle(
        state,
        path,
        axum::http::HeaderMap::new(),
        axum::body::Bytes::new(),
    )
    .await
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let body: Value = if body.is_empty() {
        json!({})
    } else if let Some(boundary) = content_type.split("boundary=").nth(1) {
        multipart_fields(&String::from_utf8_lossy(&body), boundary.trim_matches('"'))
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(_) => {
                return (
                    StatusCode::BAD_REQUEST,
                    axum::Json(json!({"ok": false, "error_code": 400, "description": "Bad Request: not JSON"})),
                )
                    .into_response();
            }
        }
    };
    // Telegram's method names are case-insensitive (teloxide sends `SendMessage`): store them
    // as the documentation spells them.
    let mut chars = method.chars();
    let method: String = chars
        .next()
        .map(|c| c.to_ascii_lowercase())
        .into_iter()
        .chain(chars)
        .collect();
    let token = bot.strip_prefix("bot").unwrap_or("").to_string();
    let failure = {
        let mut inner = shared.inner.lock().unwrap();
        let failure = inner
            .failures
            .get_mut(&method)
            .and_then(VecDeque::pop_front);
        if !(inner.quiet
            && (method == "getUpdates" || method == "sendMessage" || method == "sendChatAction"))
        {
            inner.calls.push(Call {
                method: method.clone(),
                body: body.clone(),
                token,
                at: Instant::now(),
            });
        }
        if method == "sendMessage" && failure.is_none() {
            inner.sent += 1;
        }
        shared.changed.notify_all();
        failure
    };
    if let Some((status, body)) = failure {
        return (
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            axum::Json(body),
        )
            .into_response();
    }
    match method.as_str() {
        "getMe" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Dealdesk", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        })),
        "getWebhookInfo" => {
            ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0}))
        }
        "getUpdates" => get_updates(&shared, &body).await,
        "sendMessage" | "editMessageText" => {
            let chat = body.get("chat_id").and_then(Value::as_i64).unwrap_or(0);
            let id = shared.next_message.fetch_add(1, Ordering::SeqCst);
            ok(json!({
                "message_id": id, "date": 1_764_000_000,
                "chat": chat_json(chat),
                "from": {"id": BOT_ID, "is_bot": true, "first_name": "Dealdesk", "username": BOT_USERNAME},
                "text": body.get("text").cloned().unwrap_or(json!("")),
            }))
        }
        _ => ok(json!(true)),
    }
}

/// The text fields of a `multipart/form-data` body (teloxide sends `setWebhook` so), as JSON.
fn multipart_fields(body: &str, boundary: &str) -> Value {
    let mut fields = serde_json::Map::new();
    for part in body.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .split("name=\"")
            .nth(1)
            .and_then(|n| n.split('"').next())
        else {
            continue;
        };
        let value = value.trim_end_matches("\r\n");
        let value = serde_json::from_str(value).unwrap_or_else(|_| json!(value));
        fields.insert(name.to_string(), value);
    }
    Value::Object(fields)
}

async fn get_updates(shared: &Shared, body: &Value) -> Response {
    let offset = body.get("offset").and_then(Value::as_i64).unwrap_or(0);
    let limit = body.get("limit").and_then(Value::as_u64).unwrap_or(100) as usize;
    let wait = body.get("timeout").and_then(Value::as_u64).unwrap_or(0);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(wait);
    loop {
        // Register interest before looking, so no update pushed in between is missed.
        let notified = shared.new_updates.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let ready: Vec<Value> = {
            let inner = shared.inner.lock().unwrap();
            inner
                .updates
                .iter()
                .filter(|u| u["update_id"].as_i64().unwrap_or(0) >= offset)
                .take(limit.max(1))
                .cloned()
                .collect()
        };
        if !ready.is_empty() || tokio::time::Instant::now() >= deadline {
            return ok(Value::Array(ready));
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return ok(json!([]));
        }
    }
}

// ---- Updates as Telegram sends them ----

pub fn user_json(user: i64, lang: &str) -> Value {
    json!({"id": user, "is_bot": false, "first_name": "Ada", "language_code": lang})
}

/// A text message from `user` in `chat` (private when `chat > 0`).
pub fn text_message(user: i64, chat: i64, text: &str) -> Value {
    let mut message = json!({
        "message_id": 1, "date": 1_764_000_000,
        "chat": chat_json(chat),
        "from": user_json(user, "fr"),
        "text": text,
    });
    if text.starts_with('/') {
        let len = text
            .split_whitespace()
            .next()
            .unwrap_or("")
            .encode_utf16()
            .count();
        message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
    }
    json!({"message": message})
}

/// A tap on an inline button carrying `data`, under a message the bot sent in `chat`.
pub fn callback(user: i64, chat: i64, data: &str) -> Value {
    json!({"callback_query": {
        "id": format!("cb-{user}-{data}"),
        "from": user_json(user, "fr"),
        "chat_instance": "42",
        "data": data,
        "message": {
            "message_id": 7, "date": 1_764_000_000,
            "chat": chat_json(chat),
            "from": {"id": BOT_ID, "is_bot": true, "first_name": "Dealdesk", "username": BOT_USERNAME},
            "text": "an answer"
        }
    }})
}
