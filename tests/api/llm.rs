//! `POST /v1/ask` with a model configured: verified model answers, and fallbacks counted.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::helpers::{metric, spawn_app_with};

/// The shared fake model: (base URL, the requests it received).
async fn fake_model(reply: &'static str) -> (String, Arc<Mutex<Vec<Value>>>) {
    let model = crate::support::fake_model(reply);
    (model.base_url, model.requests)
}

#[tokio::test]
async fn a_verified_model_answer_is_served_with_its_mode() {
    let (base, seen) = fake_model("Amazon invested $8 billion in Anthropic [1].").await;
    let app = spawn_app_with(
        &[],
        &[("OPENAI_BASE_URL", &base), ("DEALDESK_LLM_MODEL", "m")],
    );
    let a = app
        .ask(json!({"question": "How much did Amazon invest in Anthropic?"}))
        .await;
    assert_eq!(a["mode"], "llm", "{a}");
    assert!(a["fallback_reason"].is_null(), "{a}");
    assert_eq!(a["answer"], "Amazon invested $8 billion in Anthropic [1].");
    assert!(
        a["citations"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Anthropic à 8 milliards"),
        "{a}"
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_eq!(
        metric(&app.metrics().await, "dealdesk_llm_fallbacks_total"),
        Some(0.0)
    );
}

#[tokio::test]
async fn a_hallucinated_figure_falls_back_and_is_counted() {
    let (base, _) = fake_model("Amazon invested $80 billion in Anthropic [1].").await;
    let app = spawn_app_with(
        &[],
        &[("OPENAI_BASE_URL", &base), ("DEALDESK_LLM_MODEL", "m")],
    );
    let q = "How much did Amazon invest in Anthropic?";
    let a = app.ask(json!({"question": q})).await;
    assert_eq!(a["mode"], "extractive", "{a}");
    assert_eq!(a["fallback_reason"], "unsupported_figure", "{a}");
    assert!(!a["answer"].as_str().unwrap().contains("80"), "{a}");
    let extractive = app.ask(json!({"question": q, "mode": "extractive"})).await;
    assert_eq!(a["answer"], extractive["answer"]);
    assert_eq!(
        metric(&app.metrics().await, "dealdesk_llm_fallbacks_total"),
        Some(1.0)
    );
}

#[tokio::test]
async fn follow_ups_work_on_the_model_path() {
    let (base, seen) = fake_model("SoftBank signed a $2 billion agreement with Intel [1].").await;
    let app = spawn_app_with(
        &[],
        &[("OPENAI_BASE_URL", &base), ("DEALDESK_LLM_MODEL", "m")],
    );
    app.ask(json!({"question": "Combien le gouvernement américain a-t-il investi dans Intel ?", "conversation_id": "c1", "mode": "extractive"}))
        .await;
    let a = app
        .ask(json!({"question": "Et SoftBank ?", "conversation_id": "c1"}))
        .await;
    assert!(
        a["question"].as_str().unwrap().contains("SoftBank")
            && a["question"].as_str().unwrap().contains("Intel"),
        "{a}"
    );
    let request = seen.lock().unwrap().last().cloned().unwrap();
    assert!(
        request.to_string().contains("Intel"),
        "the model is asked the resolved question: {request}"
    );
}

/// The events of a streamed `/v1/ask`: (event name, JSON data).
async fn stream_events(app: &crate::helpers::TestApp, body: Value) -> Vec<(String, Value)> {
    let response = app.post_json("/v1/ask", &body).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let text = response.text().await.unwrap();
    text.split("\n\n")
        .filter(|frame| !frame.trim().is_empty())
        .map(|frame| {
            let mut name = String::new();
            let mut data = String::new();
            for line in frame.lines() {
                if let Some(n) = line
                    .strip_prefix("event: ")
                    .or_else(|| line.strip_prefix("event:"))
                {
                    name = n.trim().to_string();
                } else if let Some(d) = line
                    .strip_prefix("data: ")
                    .or_else(|| line.strip_prefix("data:"))
                {
                    data.push_str(d);
                }
            }
            (name, serde_json::from_str(&data).unwrap_or(Value::Null))
        })
        .collect()
}

#[tokio::test]
async fn a_streamed_answer_sends_the_extractive_answer_then_deltas_then_the_verified_one() {
    let (base, _) = fake_model("Amazon invested $8 billion in Anthropic [1].").await;
    // A free-text model: its text can be shown as it is written.
    let app = spawn_app_with(
        &[],
        &[
            ("OPENAI_BASE_URL", &base),
            ("DEALDESK_LLM_MODEL", "m"),
            ("DEALDESK_LLM_STRUCTURED", "false"),
        ],
    );
    let events = stream_events(
        &app,
        json!({"question": "How much did Amazon invest in Anthropic?", "stream": true}),
    )
    .await;
    let (first, provisional) = &events[0];
    assert_eq!(first, "provisional", "{events:?}");
    assert_eq!(provisional["mode"], "extractive");
    assert!(
        provisional["answer"]
            .as_str()
            .unwrap()
            .contains("8 billion")
    );
    let deltas: String = events
        .iter()
        .filter(|(n, _)| n == "delta")
        .map(|(_, d)| d["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(deltas, "Amazon invested $8 billion in Anthropic [1].");
    let (last, answer) = events.last().unwrap();
    assert_eq!(last, "answer", "{events:?}");
    assert_eq!(answer["mode"], "llm");
    assert_eq!(answer["answer"], deltas);
    assert_eq!(events.iter().filter(|(n, _)| n == "answer").count(), 1);
}

#[tokio::test]
async fn a_streamed_hallucination_is_replaced_before_it_is_final() {
    let (base, _) = fake_model("Amazon invested $80 billion in Anthropic [1].").await;
    let app = spawn_app_with(
        &[],
        &[("OPENAI_BASE_URL", &base), ("DEALDESK_LLM_MODEL", "m")],
    );
    let events = stream_events(
        &app,
        json!({"question": "How much did Amazon invest in Anthropic?", "stream": true}),
    )
    .await;
    let (last, answer) = events.last().unwrap();
    assert_eq!(last, "answer", "{events:?}");
    assert_eq!(answer["mode"], "extractive");
    assert_eq!(answer["fallback_reason"], "unsupported_figure");
    assert!(
        !answer["answer"].as_str().unwrap().contains("80"),
        "{answer}"
    );
    assert_eq!(
        metric(&app.metrics().await, "dealdesk_llm_fallbacks_total"),
        Some(1.0)
    );
}

#[tokio::test]
async fn without_a_model_a_stream_is_one_extractive_answer() {
    let app = crate::helpers::spawn_app();
    let events = stream_events(
        &app,
        json!({"question": "Combien Amazon a-t-il investi dans Anthropic ?", "stream": true}),
    )
    .await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, "answer");
    assert_eq!(events[0].1["mode"], "extractive");
    assert!(
        events[0].1["answer"]
            .as_str()
            .unwrap()
            .contains("8 milliards de dollars")
    );
}

#[tokio::test]
async fn a_streamed_structured_answer_shows_the_extractive_one_until_verified() {
    let (base, _) =
        fake_model(r#"{"answer": "Amazon invested $8 billion in Anthropic.", "citations": [1]}"#)
            .await;
    let app = spawn_app_with(
        &[],
        &[("OPENAI_BASE_URL", &base), ("DEALDESK_LLM_MODEL", "m")],
    );
    let events = stream_events(
        &app,
        json!({"question": "How much did Amazon invest in Anthropic?", "stream": true}),
    )
    .await;
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["provisional", "answer"], "{events:?}");
    let answer = &events[1].1;
    assert_eq!(answer["mode"], "llm", "{answer}");
    assert_eq!(
        answer["answer"],
        "Amazon invested $8 billion in Anthropic. [1]"
    );
}
