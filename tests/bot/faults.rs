//! Faults: Telegram's 429, an unreachable API, the token kept out of logs, graceful stop.

use std::time::Duration;

use serde_json::json;

use crate::fake::messages_to;
use crate::helpers::{Options, TOKEN, spawn_app, spawn_app_with};

#[test]
fn a_429_is_waited_out_then_the_reply_goes_through() {
    let app = spawn_app();
    app.tg.fail_next(
        "sendMessage",
        429,
        json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}),
    );
    app.say(41, 41, "How much did Amazon invest in Anthropic?");
    let calls = app.tg.wait_messages(41, 2);
    assert_eq!(calls.len(), 2, "the refused attempt, then the retry");
    assert_eq!(calls[0].text(), calls[1].text());
    assert!(calls[1].text().starts_with("$8 billion"));
    let waited = calls[1].at.duration_since(calls[0].at);
    assert!(
        waited >= Duration::from_millis(900),
        "retried after {waited:?}"
    );
    // Still running.
    let more = app.ask(41, "/help", 3);
    assert_eq!(more.len(), 3);
}

#[test]
fn a_retry_after_of_hours_drops_the_message_instead_of_putting_the_chat_to_sleep() {
    let mut app = spawn_app();
    app.tg.fail_next(
        "sendMessage",
        429,
        json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 100000", "parameters": {"retry_after": 100000}}),
    );
    app.say(43, 43, "How much did Amazon invest in Anthropic?");
    // The refused message is not retried; the chat answers its next message at once.
    let more = app.ask(43, "/help", 2);
    assert_eq!(
        more.len(),
        2,
        "{:?}",
        more.iter().map(|c| c.text()).collect::<Vec<_>>()
    );
    assert!(!more[1].text().starts_with("$8 billion"));
    // And it stops when asked, not 28 hours later.
    assert!(app.terminate().success());
    assert!(app.log_text().contains("the message is dropped"));
}

#[test]
fn the_token_never_appears_in_the_logs() {
    // The most verbose logs there are: every crate's trace output (reqwest, hyper, teloxide).
    let mut app = spawn_app_with(Options {
        env: vec![("DEALDESK_LOG", "trace".to_string())],
        ..Options::default()
    });
    app.ask(42, "How much did Amazon invest in Anthropic?", 1);
    app.tg.fail_next(
        "sendMessage",
        500,
        json!({"ok": false, "error_code": 500, "description": "Internal Server Error"}),
    );
    app.ask(42, "Combien Amazon a-t-il investi dans Anthropic ?", 2);
    // Every request used the token, so it was there to leak.
    assert!(app.tg.calls().iter().all(|c| c.token == TOKEN));
    assert!(app.terminate().success());
    let log = app.log_text();
    assert!(log.contains("bot started"), "{log}");
    assert!(!log.contains(TOKEN), "{log}");
    assert!(!log.contains("secretTokenValue"), "{log}");

    // An unreachable Bot API: the errors name the URL, never the token.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    crate::helpers::copy_dir(&crate::helpers::shipped_corpus(), &corpus);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dealdesk"))
        .current_dir(dir.path())
        .args([
            "--corpus",
            corpus.to_str().unwrap(),
            "--index",
            dir.path().join("index").to_str().unwrap(),
            "bot",
        ])
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", &url)
        .env("DEALDESK_LOG", "trace")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("getMe"), "{stderr}");
    assert!(!stderr.contains(TOKEN), "{stderr}");
    assert!(!stderr.contains("secretTokenValue"), "{stderr}");
}

#[test]
fn a_failed_handler_says_so_and_the_bot_keeps_running() {
    let app = spawn_app();
    // Telegram refuses the answer itself (not a 429): the handler fails.
    app.tg.fail_next(
        "sendMessage",
        400,
        json!({"ok": false, "error_code": 400, "description": "Bad Request: chat not found"}),
    );
    app.say(43, 43, "How much did Amazon invest in Anthropic?");
    let calls = app.tg.wait_messages(43, 2);
    assert!(
        calls[1].text().contains("Something went wrong, try again"),
        "{}",
        calls[1].text()
    );
    let again = app.ask(43, "How much did Amazon invest in Anthropic?", 3);
    assert!(again[2].text().starts_with("$8 billion"));
}

#[test]
fn sigterm_stops_the_bot_after_the_reply_in_flight() {
    let mut app = spawn_app();
    // Delay the answer: the first sendMessage gets a 429 with retry_after 1, so the reply is in
    // flight when SIGTERM arrives.
    app.tg.fail_next(
        "sendMessage",
        429,
        json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}),
    );
    app.say(44, 44, "How much did Amazon invest in Anthropic?");
    app.tg.wait_messages(44, 1);
    let status = app.terminate();
    assert!(status.success(), "{status:?}");
    let calls = messages_to(&app.tg.calls(), 44);
    assert_eq!(calls.len(), 2, "the reply in flight was finished");
    assert!(app.log_text().contains("SIGTERM"));
}

#[test]
fn sigterm_stops_the_bot_within_seconds_while_a_model_never_answers() {
    // A model server that accepts connections and never answers, with a 10-minute read timeout.
    let model = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/v1", model.local_addr().unwrap());
    let mut app = spawn_app_with(Options {
        env: vec![
            ("OPENAI_BASE_URL", base),
            ("DEALDESK_LLM_MODEL", "m".to_string()),
            ("DEALDESK_LLM_READ_TIMEOUT_MS", "600000".to_string()),
        ],
        ..Options::default()
    });
    app.say(45, 45, "How much did Amazon invest in Anthropic?");
    // The bot is now waiting on the model.
    let (_connection, _) = model.accept().unwrap();
    // The grace period is 5 s; the bound leaves room for a slow machine.
    let status = app.terminate_within(Duration::from_secs(15));
    assert!(status.success(), "{status:?}");
    let log = app.log_text();
    assert!(log.contains("stopping without them"), "{log}");
}
