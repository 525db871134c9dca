//! With a model configured, the bot shows the model's answer once it is verified, and the
//! extractive one when it is not.

use axum::{Json, Router, routing::post};
use serde_json::json;

use crate::helpers::{Options, spawn_app_with};

/// A fake OpenAI-compatible server on 127.0.0.1 answering every completion with `reply`.
fn fake_model(reply: &'static str) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let app = Router::new().route(
                "/v1/chat/completions",
                post(move || async move {
                    Json(json!({
                        "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "m",
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": reply}}]
                    }))
                }),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{}/v1", rx.recv().unwrap())
}

fn with_model(base: String) -> Options {
    Options {
        env: vec![
            ("OPENAI_BASE_URL", base),
            ("DEALDESK_LLM_MODEL", "m".to_string()),
        ],
        ..Options::default()
    }
}

#[test]
fn a_verified_model_answer_is_shown_with_its_sources() {
    let app = spawn_app_with(with_model(fake_model(
        "Amazon invested $8 billion in Anthropic [1].",
    )));
    let replies = app.ask(31, "How much did Amazon invest in Anthropic?", 1);
    let text = replies[0].text();
    assert!(
        text.starts_with("Amazon invested $8 billion in Anthropic [1]."),
        "{text}"
    );
    assert!(text.contains("<b>Sources:</b>"), "{text}");
}

#[test]
fn a_hallucinated_figure_never_reaches_the_chat() {
    let app = spawn_app_with(with_model(fake_model(
        "Amazon invested $80 billion in Anthropic [1].",
    )));
    let replies = app.ask(32, "How much did Amazon invest in Anthropic?", 1);
    let text = replies[0].text();
    assert!(!text.contains("$80 billion"), "{text}");
    assert!(
        text.starts_with("$8 billion"),
        "the extractive answer instead: {text}"
    );
}
