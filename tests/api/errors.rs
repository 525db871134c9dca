//! Every failure is `{"error": {"code", "message"}}` with the right status, and says nothing
//! about the server's insides.

use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app, spawn_app_with};

#[tokio::test]
async fn malformed_requests_get_client_errors() {
    let app = spawn_app();
    let post = |body: &'static str, content_type: Option<&'static str>| {
        let mut r = app.client.post(app.url("/v1/ask")).body(body);
        if let Some(t) = content_type {
            r = r.header("content-type", t);
        }
        r.send()
    };
    let json_type = Some("application/json");
    assert_eq!(
        error_code(post("{\"question\": ", json_type).await.unwrap(), 400).await,
        "invalid_json"
    );
    assert_eq!(
        error_code(post("{}", json_type).await.unwrap(), 422).await,
        "invalid_request"
    );
    assert_eq!(
        error_code(post("{\"question\": 42}", json_type).await.unwrap(), 422).await,
        "invalid_request"
    );
    assert_eq!(
        error_code(post("{\"question\": \"Intel?\"}", None).await.unwrap(), 415).await,
        "unsupported_media_type"
    );
    let r = app.post_json("/v1/ask", &json!({"question": "   "})).await;
    assert_eq!(error_code(r, 400).await, "empty_question");
    let r = app
        .post_json("/v1/ask", &json!({"question": "Intel ".repeat(400)}))
        .await;
    assert_eq!(error_code(r, 400).await, "question_too_long");
    let r = app
        .post_json(
            "/v1/ask",
            &json!({"question": "Intel?", "conversation_id": "x".repeat(129)}),
        )
        .await;
    assert_eq!(error_code(r, 400).await, "invalid_conversation_id");
    assert_eq!(
        error_code(app.get("/v1/nothing").await, 404).await,
        "not_found"
    );
    assert_eq!(
        error_code(app.get("/v1/ask").await, 405).await,
        "method_not_allowed"
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let app = spawn_app();
    let big = json!({"question": "Intel?", "padding": "x".repeat(100 * 1024)});
    let r = app.post_json("/v1/ask", &big).await;
    assert_eq!(error_code(r, 413).await, "body_too_large");
    let r = app.post_json("/v1/chat/completions", &big).await;
    assert_eq!(error_code(r, 413).await, "body_too_large");

    // The limit is configurable.
    let small = spawn_app_with(&[], &[("DEALDESK_BODY_LIMIT", "16")]);
    let r = small
        .post_json(
            "/v1/ask",
            &json!({"question": "How much did Amazon invest in Anthropic?"}),
        )
        .await;
    assert_eq!(error_code(r, 413).await, "body_too_large");
}

#[tokio::test]
async fn a_configured_token_is_required_on_the_api_only() {
    let app = spawn_app_with(&[], &[("DEALDESK_API_TOKEN", "s3cret-token")]);
    let body = json!({"question": "How much did Amazon invest in Anthropic?"});
    let none = app.post_json("/v1/ask", &body).await;
    assert_eq!(
        none.headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap()),
        Some("Bearer")
    );
    assert_eq!(error_code(none, 401).await, "unauthorized");
    let with_header = |header: &'static str| {
        app.client
            .post(app.url("/v1/ask"))
            .header("authorization", header)
            .json(&body)
            .send()
    };
    for header in [
        "Bearer wrong",
        "Bearer s3cret-token-and-more",
        "s3cret-token",
        "Basic s3cret-token",
    ] {
        let r = with_header(header).await.unwrap();
        assert_eq!(error_code(r, 401).await, "unauthorized", "{header}");
    }
    let r = app.client.get(app.url("/v1/models")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let ok = app
        .client
        .post(app.url("/v1/ask"))
        .bearer_auth("s3cret-token")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    // The scheme is case-insensitive.
    for header in ["bearer s3cret-token", "BEARER s3cret-token"] {
        let r = with_header(header).await.unwrap();
        assert_eq!(r.status(), 200, "{header}");
    }
    // Probes stay open.
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/metrics").await.status(), 200);
    // The token is never logged.
    assert!(!app.log().contains("s3cret-token"));
}

#[tokio::test]
async fn error_messages_leak_no_paths() {
    let app = spawn_app();
    let dir = app.dir().to_string_lossy().to_string();
    for r in [
        app.post_json("/v1/ask", &json!({"question": ""})).await,
        app.get("/v1/sources/zz%23p1").await,
        app.get("/v1/deals?party=nobody-at-all").await,
    ] {
        let body: Value = r.json().await.unwrap();
        let text = body.to_string();
        assert!(!text.contains(&dir), "{text}");
        assert!(
            !text.contains("tantivy") && !text.contains("/tmp"),
            "{text}"
        );
    }
}

fn address(app: &TestApp) -> String {
    app.url("/")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    use std::io::{Read, Write};
    let app = spawn_app_with(&[], &[("DEALDESK_HEADER_TIMEOUT_MS", "300")]);
    let addr = address(&app);
    let mut slow = std::net::TcpStream::connect(&addr).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // A bound on the test, not a wait for the server: the read returns when it hangs up.
    slow.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut buf = Vec::new();
    let read = slow.read_to_end(&mut buf);
    assert!(
        read.is_ok(),
        "the server kept the connection open: {read:?}"
    );
    // Other clients are served meanwhile and after.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    use std::io::{Read, Write};
    let app = spawn_app_with(&[], &[("DEALDESK_HEADER_TIMEOUT_MS", "300")]);
    let mut idle = std::net::TcpStream::connect(address(&app)).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    idle.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    // The answer, then nothing more is sent: the connection is closed, not kept for ever.
    let mut buf = Vec::new();
    let read = idle.read_to_end(&mut buf);
    assert!(read.is_ok(), "the idle connection was kept: {read:?}");
    let text = String::from_utf8_lossy(&buf);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
}

#[tokio::test]
async fn a_request_whose_body_never_arrives_times_out_with_a_json_error() {
    use std::io::{Read, Write};
    let app = spawn_app_with(&[], &[("DEALDESK_REQUEST_TIMEOUT_MS", "300")]);
    let mut slow = std::net::TcpStream::connect(address(&app)).unwrap();
    // Headers promise 100 bytes of body; 12 come, then nothing.
    slow.write_all(
        b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"question\":",
    )
    .unwrap();
    slow.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = slow
        .read(&mut buf)
        .expect("a response before the test's bound");
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"code\":\"request_timeout\""), "{text}");
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("route=\"/v1/ask\"") && metrics.contains("status=\"408\""),
        "{metrics}"
    );
}

#[tokio::test]
async fn connections_past_the_limit_wait_for_a_free_slot() {
    use std::io::Write;
    let app = spawn_app_with(
        &[],
        &[
            ("DEALDESK_MAX_CONNECTIONS", "1"),
            ("DEALDESK_HEADER_TIMEOUT_MS", "60000"),
        ],
    );
    // A slow client takes the only slot.
    let mut slow = std::net::TcpStream::connect(address(&app)).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\n").unwrap();
    let waiting = tokio::spawn({
        let url = app.url("/healthz");
        async move { reqwest::get(url).await.map(|r| r.status().as_u16()) }
    });
    // A bound on the check, not synchronisation: with no limit it would answer at once.
    let early = tokio::time::timeout(std::time::Duration::from_millis(500), async {
        while !waiting.is_finished() {
            tokio::task::yield_now().await;
        }
    })
    .await;
    assert!(early.is_err(), "a connection past the limit was served");
    drop(slow);
    assert_eq!(waiting.await.unwrap().unwrap(), 200);
}
