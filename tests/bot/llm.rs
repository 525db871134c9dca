//! With a model configured, the bot shows the model's answer once it is verified, and the
//! extractive one when it is not.

use axum::response::IntoResponse;
use axum::{Json, Router, routing::post};
use serde_json::{Value, json};

use crate::helpers::{Options, spawn_app_with};

/// A fake OpenAI-compatible server on 127.0.0.1 answering every completion with `reply`.
fn fake_model(reply: &'static str) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let app = Router::new().route(
                "/v1/chat/completions",
                post(move |Json(request): Json<Value>| async move {
                    if request["stream"] != true {
                        return Json(json!({
                            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "m",
                            "choices": [{"index": 0, "finish_reason": "stop",
                                         "message": {"role": "assistant", "content": reply}}]
                        }))
                        .into_response();
                    }
                    // Streamed in two chunks, as an OpenAI server does.
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

/// The edit that turns the provisional message into the final answer, in `chat`.
fn final_edit(app: &crate::helpers::App, chat: i64) -> crate::fake::Call {
    let is_final = |c: &crate::fake::Call| {
        c.method == "editMessageText" && c.chat() == Some(chat) && c.text().contains("Sources")
    };
    let calls = app.tg.wait_for(
        &format!("the final edit in chat {chat}"),
        std::time::Duration::from_secs(60),
        |calls| calls.iter().any(is_final),
    );
    calls.into_iter().find(is_final).unwrap()
}

#[test]
fn the_answer_is_written_progressively_then_edited_into_the_verified_one() {
    let app = spawn_app_with(with_model(fake_model(
        "Amazon invested $8 billion in Anthropic [1].",
    )));
    let replies = app.ask(31, "How much did Amazon invest in Anthropic?", 1);
    let provisional = replies[0].text();
    assert!(
        provisional.starts_with("<i>Amazon invested"),
        "shown while being written: {provisional}"
    );
    let text = final_edit(&app, 31).text().to_string();
    assert!(
        text.starts_with("Amazon invested $8 billion in Anthropic [1]."),
        "{text}"
    );
    assert!(text.contains("<b>Sources:</b>"), "{text}");
}

#[test]
fn a_hallucinated_figure_is_replaced_before_the_answer_is_final() {
    let app = spawn_app_with(with_model(fake_model(
        "Amazon invested $80 billion in Anthropic [1].",
    )));
    app.ask(32, "How much did Amazon invest in Anthropic?", 1);
    let text = final_edit(&app, 32).text().to_string();
    assert!(!text.contains("$80 billion"), "{text}");
    assert!(
        text.starts_with("$8 billion"),
        "the extractive answer instead: {text}"
    );
}
