use serde_json::json;

use dealdesk_core::wire::AnswerJson;

use crate::helpers::{assert_follow_up_resolves, dealdesk, metric, spawn_app};

#[tokio::test]
async fn ask_returns_exactly_what_the_cli_prints() {
    let app = spawn_app();
    let q = "Combien Amazon a-t-il investi dans Anthropic ?";
    let answer: AnswerJson = serde_json::from_value(app.ask(json!({"question": q})).await).unwrap();
    assert!(!answer.abstained);
    assert!(answer.answer.contains("8 milliards"), "{}", answer.answer);
    assert!(!answer.citations.is_empty());

    // The CLI, on the same corpus with an index of its own.
    let cli_index = app.dir().join("cli-index");
    let out = dealdesk(app.dir())
        .arg("--corpus")
        .arg(&app.corpus)
        .arg("--index")
        .arg(&cli_index)
        .args(["ask", "--json", q])
        .output()
        .unwrap();
    assert!(out.status.success());
    let cli: AnswerJson = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer, cli);
}

#[tokio::test]
async fn a_conversation_id_carries_follow_ups() {
    let app = spawn_app();
    assert_follow_up_resolves(&app, &app, "chat-1").await;

    // Another conversation, or none, has no context.
    for body in [
        json!({"question": "Et SoftBank ?", "conversation_id": "chat-2"}),
        json!({"question": "Et SoftBank ?"}),
    ] {
        let alone = app.ask(body).await;
        assert_eq!(alone["question"], "Et SoftBank ?");
    }
}

#[tokio::test]
async fn a_follow_up_may_change_the_fact_asked() {
    let app = spawn_app();
    app.ask(json!({"question": "How much did the US government invest in Intel?", "conversation_id": "facts"}))
        .await;
    let when = app
        .ask(json!({"question": "and when was that?", "conversation_id": "facts"}))
        .await;
    assert_eq!(when["abstained"], false, "{when}");
    assert_eq!(
        when["question"],
        "When did the US government invest in Intel?"
    );
    assert!(
        when["answer"].as_str().unwrap().starts_with("August 2025"),
        "{when}"
    );
}

#[tokio::test]
async fn abstentions_are_answers_too() {
    let app = spawn_app();
    let a = app
        .ask(json!({"question": "Quelle est la capitale de la France ?"}))
        .await;
    assert_eq!(a["abstained"], true);
    assert!(a["citations"].as_array().unwrap().is_empty());
    let metrics = app.metrics().await;
    assert_eq!(
        metric(&metrics, "dealdesk_answers_total{outcome=\"abstained\"}"),
        Some(1.0)
    );
}

#[tokio::test]
async fn modes_are_validated_and_auto_without_a_model_is_extractive() {
    let app = spawn_app();
    let q = "How much did Amazon invest in Anthropic?";
    let extractive = app.ask(json!({"question": q, "mode": "extractive"})).await;
    assert_eq!(extractive["mode"], "extractive");
    let auto = app.ask(json!({"question": q, "mode": "auto"})).await;
    assert_eq!(auto, extractive, "no model configured: auto is extractive");
    let metrics = app.metrics().await;
    assert_eq!(metric(&metrics, "dealdesk_llm_fallbacks_total"), Some(0.0));

    let llm = app
        .post_json("/v1/ask", &json!({"question": q, "mode": "llm"}))
        .await;
    assert_eq!(
        crate::helpers::error_code(llm, 400).await,
        "llm_not_configured"
    );
    let bad = app
        .post_json("/v1/ask", &json!({"question": q, "mode": "creative"}))
        .await;
    assert_eq!(crate::helpers::error_code(bad, 400).await, "invalid_mode");
}
