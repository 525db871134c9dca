//! Replicas behind a load balancer share conversations through Redis (`DEALDESK_REDIS_URL`).

use serde_json::json;

use crate::helpers::{assert_follow_up_resolves, spawn_app_with};
use crate::support::{RedisServer, free_port};

const FIRST: &str = "Combien le gouvernement américain a-t-il investi dans Intel ?";

#[tokio::test]
async fn a_follow_up_sent_to_another_replica_answers_the_question_asked_of_the_first() {
    let redis = RedisServer::start();
    let env = [("DEALDESK_REDIS_URL", redis.url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let first = spawn_app_with(&[], &env);
    let second = spawn_app_with(&[], &env);

    assert_follow_up_resolves(&first, &second, "desk-7").await;

    // Another conversation id has no context, on either replica.
    let alone = first
        .ask(json!({"question": "Et SoftBank ?", "conversation_id": "desk-8"}))
        .await;
    assert_eq!(alone["question"], "Et SoftBank ?");
}

#[tokio::test]
async fn with_redis_down_questions_are_answered_without_their_context() {
    // Nothing listens there: every Redis call fails at once.
    let url = format!("redis://127.0.0.1:{}/0", free_port());
    let app = spawn_app_with(&[], &[("DEALDESK_REDIS_URL", url.as_str())]);
    let response = app
        .post_json(
            "/v1/ask",
            &json!({"question": FIRST, "conversation_id": "desk-9"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let follow_up = app
        .post_json(
            "/v1/ask",
            &json!({"question": "Et SoftBank ?", "conversation_id": "desk-9"}),
        )
        .await;
    assert_eq!(follow_up.status(), 200, "no request fails because of Redis");
    let follow_up: serde_json::Value = follow_up.json().await.unwrap();
    assert_eq!(follow_up["question"], "Et SoftBank ?", "{follow_up}");
    assert!(
        app.log().contains("Redis is unreachable"),
        "a warning is logged:\n{}",
        app.log()
    );
}

#[tokio::test]
async fn a_replica_started_before_redis_uses_it_once_it_is_up() {
    // Redis down at start-up is tried again at the next question.
    let redis = RedisServer::start();
    let url = redis.url();
    drop(redis);
    let app = spawn_app_with(&[], &[("DEALDESK_REDIS_URL", url.as_str())]);
    let down = app
        .ask(json!({"question": FIRST, "conversation_id": "desk-10"}))
        .await;
    assert_eq!(down["abstained"], false, "{down}");
    let redis = RedisServer::start_on(url_port(&url));
    app.ask(json!({"question": FIRST, "conversation_id": "desk-10"}))
        .await;
    let follow_up = app
        .ask(json!({"question": "Et SoftBank ?", "conversation_id": "desk-10"}))
        .await;
    assert!(
        follow_up["question"].as_str().unwrap().contains("Intel"),
        "{follow_up}"
    );
    drop(redis);
}

fn url_port(url: &str) -> u16 {
    url.trim_end_matches("/0")
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
