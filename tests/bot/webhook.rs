//! Webhook mode: the bot registers its URL with the secret, serves it, refuses a wrong secret,
//! and answers an update posted to it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use crate::fake::text_message;
use crate::helpers::{Options, spawn_app_with};

/// Posts JSON to the webhook (plain HTTP/1.1 over a socket) and returns the status code.
fn post(addr: SocketAddr, path: &str, secret: &str, body: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).expect("the webhook listens");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn an_update_posted_to_the_webhook_is_answered() {
    // A free port: bound, read, released for the bot.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let app = spawn_app_with(Options {
        env: vec![
            ("DEALDESK_BOT_WEBHOOK_LISTEN", addr.to_string()),
            (
                "DEALDESK_BOT_WEBHOOK_URL",
                "https://bot.example.com/hook".to_string(),
            ),
            ("DEALDESK_BOT_WEBHOOK_SECRET", "s3cret-Value".to_string()),
        ],
        ready_on: Some("getMe"),
        ..Options::default()
    });
    let calls = app.tg.calls();
    let set = calls
        .iter()
        .find(|c| c.method == "setWebhook")
        .expect("setWebhook");
    assert_eq!(set.body["url"], "https://bot.example.com/hook");
    assert_eq!(set.body["secret_token"], "s3cret-Value");
    assert!(calls.iter().all(|c| c.method != "getUpdates"));

    let mut update = text_message(51, 51, "How much did Amazon invest in Anthropic?");
    update["update_id"] = serde_json::json!(1);
    let body = update.to_string();
    assert_eq!(post(addr, "/hook", "wrong", &body), 401);
    assert_eq!(post(addr, "/hook", "s3cret-Value", &body), 200);
    let replies = app.tg.wait_messages(51, 1);
    assert!(
        replies[0].text().starts_with("$8 billion"),
        "{}",
        replies[0].text()
    );
    assert!(!app.log_text().contains("s3cret-Value"));
}
