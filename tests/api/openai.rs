//! The OpenAI-compatible endpoints, framed exactly as the official SDKs parse them.

use serde_json::{Value, json};

use crate::helpers::{error_code, spawn_app};

const QUESTION: &str = "Combien Amazon a-t-il investi dans Anthropic ?";

#[tokio::test]
async fn models_lists_one_model() {
    let app = spawn_app();
    let body: Value = app.get("/v1/models").await.json().await.unwrap();
    assert_eq!(body["object"], "list");
    let data = body["data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["id"], "dealdesk");
    assert_eq!(data[0]["object"], "model");
}

#[tokio::test]
async fn a_completion_answers_the_last_user_message_with_its_sources() {
    let app = spawn_app();
    let r = app
        .post_json(
            "/v1/chat/completions",
            &json!({"model": "dealdesk", "messages": [
                {"role": "system", "content": "Answer briefly."},
                {"role": "user", "content": QUESTION},
            ]}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["object"], "chat.completion");
    assert!(body["id"].as_str().unwrap().starts_with("chatcmpl-"));
    assert_eq!(body["model"], "dealdesk");
    let choice = &body["choices"][0];
    assert_eq!(choice["message"]["role"], "assistant");
    assert_eq!(choice["finish_reason"], "stop");
    let content = choice["message"]["content"].as_str().unwrap();
    assert!(content.contains("8 milliards"), "{content}");
    // Sources listed in the text, and structured.
    assert!(content.contains("[1] "), "{content}");
    let citations = body["citations"].as_array().unwrap();
    assert!(!citations.is_empty());
    assert!(content.contains(citations[0]["title"].as_str().unwrap()));
    assert_eq!(citations[0]["n"], 1);
    assert!(body["usage"]["total_tokens"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn earlier_messages_are_the_conversation() {
    let app = spawn_app();
    let body: Value = app
        .post_json(
            "/v1/chat/completions",
            &json!({"model": "gpt-4o", "messages": [
                {"role": "user", "content": "Combien le gouvernement américain a-t-il investi dans Intel ?"},
                {"role": "assistant", "content": "8,9 milliards de dollars."},
                {"role": "user", "content": [{"type": "text", "text": "Et SoftBank ?"}]},
            ]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let content = body["choices"][0]["message"]["content"].as_str().unwrap();
    assert!(content.contains("2 milliards"), "{content}");
    // The requested model name is echoed, as clients expect.
    assert_eq!(body["model"], "gpt-4o");
}

/// Splits an SSE body into its `data:` payloads, checking the framing on the way.
fn sse_payloads(body: &str) -> Vec<String> {
    assert!(body.ends_with("\n\n"), "{body:?}");
    body.split_terminator("\n\n")
        .map(|frame| {
            let data = frame
                .strip_prefix("data: ")
                .unwrap_or_else(|| panic!("not a data frame: {frame:?}"));
            assert!(!data.contains('\n'), "one line per frame: {frame:?}");
            data.to_string()
        })
        .collect()
}

#[tokio::test]
async fn a_stream_sends_well_formed_chunks_then_done() {
    let app = spawn_app();
    let request = |stream: bool| json!({"model": "dealdesk", "stream": stream, "messages": [{"role": "user", "content": QUESTION}]});
    let plain: Value = app
        .post_json("/v1/chat/completions", &request(false))
        .await
        .json()
        .await
        .unwrap();
    let r = app.post_json("/v1/chat/completions", &request(true)).await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let payloads = sse_payloads(&r.text().await.unwrap());
    assert_eq!(payloads.last().unwrap(), "[DONE]");
    assert_eq!(payloads.iter().filter(|p| *p == "[DONE]").count(), 1);
    let chunks: Vec<Value> = payloads[..payloads.len() - 1]
        .iter()
        .map(|p| serde_json::from_str(p).unwrap())
        .collect();
    assert!(chunks.len() >= 3);
    let id = &chunks[0]["id"];
    let mut content = String::new();
    for (i, c) in chunks.iter().enumerate() {
        assert_eq!(c["object"], "chat.completion.chunk");
        assert_eq!(&c["id"], id);
        assert_eq!(c["choices"][0]["index"], 0);
        let delta = &c["choices"][0]["delta"];
        assert!(delta.is_object());
        content.push_str(delta["content"].as_str().unwrap_or(""));
        let last = i == chunks.len() - 1;
        assert_eq!(
            c["choices"][0]["finish_reason"],
            if last { json!("stop") } else { Value::Null }
        );
    }
    assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant");
    assert_eq!(
        content,
        plain["choices"][0]["message"]["content"].as_str().unwrap()
    );
    assert_eq!(chunks.last().unwrap()["citations"], plain["citations"]);
}

#[tokio::test]
async fn a_chat_without_a_user_message_is_refused() {
    let app = spawn_app();
    for body in [
        json!({"model": "dealdesk", "messages": []}),
        json!({"model": "dealdesk", "messages": [{"role": "system", "content": "Hi"}]}),
    ] {
        let r = app.post_json("/v1/chat/completions", &body).await;
        assert_eq!(error_code(r, 400).await, "no_user_message");
    }
    let r = app
        .post_json("/v1/chat/completions", &json!({"model": "dealdesk"}))
        .await;
    assert_eq!(error_code(r, 422).await, "invalid_request");
}

/// The official Python client, when this machine has it (`pip install openai`).
#[tokio::test]
async fn the_official_python_client_works_unchanged() {
    let python = std::env::var("DEALDESK_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_client = std::process::Command::new(&python)
        .args(["-c", "import openai"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_client {
        eprintln!(
            "skipped: {python} with the `openai` package not found (set DEALDESK_TEST_PYTHON)"
        );
        return;
    }
    let app = spawn_app();
    let script = format!(
        r#"
import openai
c = openai.OpenAI(base_url="{}/v1", api_key="unused")
assert [m.id for m in c.models.list()] == ["dealdesk"]
r = c.chat.completions.create(model="dealdesk", messages=[{{"role": "user", "content": "{QUESTION}"}}])
assert "8 milliards" in r.choices[0].message.content, r
assert r.model_extra["citations"], r
parts = [ch.choices[0].delta.content or "" for ch in c.chat.completions.create(model="dealdesk", stream=True, messages=[{{"role": "user", "content": "{QUESTION}"}}])]
assert "".join(parts) == r.choices[0].message.content, parts
print("ok")
"#,
        app.address
    );
    let address = app.address.clone();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(&python)
            .args(["-c", &script])
            .env("NO_PROXY", "127.0.0.1")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{address}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
}
