//! The router in process (no socket, no binary): requests go through `router()` with
//! `oneshot`, over the shipped corpus.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

use dealdesk_core::kb::{KnowledgeBase, open_fresh};
use dealdesk_core::wire::AnswerJson;
use dealdesk_desk::{Ask, Desk, DeskOptions};
use dealdesk_http::{AppState, Limits, router};

fn kb() -> Arc<KnowledgeBase> {
    static KB: OnceLock<(tempfile::TempDir, Arc<KnowledgeBase>)> = OnceLock::new();
    KB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let fresh = open_fresh(&corpus, dir.path()).expect("the shipped corpus indexes");
        (dir, Arc::new(fresh.kb))
    })
    .1
    .clone()
}

fn app(token: Option<&str>) -> (axum::Router, Arc<Desk>) {
    let options = DeskOptions {
        max_conversations: 8,
        ..DeskOptions::default()
    };
    let desk = Arc::new(Desk::new(kb(), options));
    let state = AppState::new(desk.clone(), token.map(str::to_string), "dealdesk".into());
    (router(Arc::new(state), Limits::default()), desk)
}

async fn call(app: &axum::Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.expect("a response");
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn post(path: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .expect("a request")
}

#[tokio::test]
async fn ask_returns_the_desks_answer_as_the_json_contract() {
    let (app, desk) = app(None);
    let question = "How much did Amazon invest in Anthropic?";
    let (status, body) = call(
        &app,
        post("/v1/ask", &format!(r#"{{"question": "{question}"}}"#)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let expected = AnswerJson::from(&desk.ask(Ask::new(question)).await.unwrap());
    assert_eq!(body, serde_json::to_value(expected).unwrap());
}

#[tokio::test]
async fn follow_ups_work_through_conversation_ids_and_message_lists() {
    let (app, _) = app(None);
    let first = r#"{"question": "Combien le gouvernement américain a-t-il investi dans Intel ?", "conversation_id": "c1"}"#;
    call(&app, post("/v1/ask", first)).await;
    let (_, body) = call(
        &app,
        post(
            "/v1/ask",
            r#"{"question": "Et SoftBank ?", "conversation_id": "c1"}"#,
        ),
    )
    .await;
    assert!(
        body["answer"].as_str().unwrap().contains("2 milliards"),
        "{body}"
    );
    let messages = r#"{"messages": [
        {"role": "user", "content": "Combien le gouvernement américain a-t-il investi dans Intel ?"},
        {"role": "assistant", "content": "8,9 milliards de dollars [1]"},
        {"role": "user", "content": "Et SoftBank ?"}]}"#;
    let (status, body) = call(&app, post("/v1/chat/completions", messages)).await;
    assert_eq!(status, StatusCode::OK);
    let content = body["choices"][0]["message"]["content"].as_str().unwrap();
    assert!(content.contains("2 milliards"), "{content}");
}

#[tokio::test]
async fn deal_filters_name_the_field_at_fault() {
    let (app, _) = app(None);
    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    let (status, body) = call(&app, get("/v1/deals?party=intel%20softbank")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "ambiguous_party");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("`party`")
    );
    let (status, body) = call(&app, get("/v1/deals?party=intel,softbank")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["count"], 1);
}

#[tokio::test]
async fn the_token_guards_the_api_but_not_health() {
    let (app, _) = app(Some("s3cret"));
    let (status, _) = call(&app, post("/v1/ask", r#"{"question": "Intel ?"}"#)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = call(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}
