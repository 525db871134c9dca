//! A failing, slow or non-conformant server: the extractive answer, within the deadline.

use std::time::{Duration, Instant};

use dealdesk_desk::{Ask, Mode, Produced, Reply as Answered};
use dealdesk_llm::LlmConfig;

use crate::helpers::{AMAZON_EN, AMAZON_SOURCE, FakeOpenAi, Reply, config, desk, source_with};

fn good(req: &serde_json::Value) -> Reply {
    let n = source_with(req, AMAZON_SOURCE);
    Reply::Text(format!("Amazon invested $8 billion in Anthropic [{n}]."))
}

async fn ask_with(cfg: LlmConfig) -> (Answered, Duration) {
    let desk = desk(&cfg);
    let start = Instant::now();
    let v = desk
        .ask(Ask::new(AMAZON_EN).mode(Some(Mode::Llm)))
        .await
        .unwrap();
    (v, start.elapsed())
}

#[tokio::test]
async fn a_server_slower_than_the_read_timeout_falls_back_in_time() {
    let server = FakeOpenAi::replying(Reply::Delay(
        Duration::from_secs(10),
        Box::new(Reply::Text("late [1]".into())),
    ));
    let (v, took) = ask_with(config(&server.base_url)).await;
    assert_eq!(v.fallback_code(), Some("timeout"), "{v:?}");
    assert_eq!(v.mode, Produced::Extractive);
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[tokio::test]
async fn the_total_deadline_bounds_everything() {
    let server = FakeOpenAi::replying(Reply::Delay(
        Duration::from_secs(10),
        Box::new(Reply::Text("late [1]".into())),
    ));
    let cfg = LlmConfig {
        read_timeout_ms: 60_000,
        deadline_ms: 300,
        ..config(&server.base_url)
    };
    let (v, took) = ask_with(cfg).await;
    assert_eq!(v.fallback_code(), Some("timeout"), "{v:?}");
    assert!(took < Duration::from_millis(1_500), "took {took:?}");
}

#[tokio::test]
async fn a_500_is_retried_a_bounded_number_of_times_then_falls_back() {
    let server = FakeOpenAi::replying(Reply::Status(500));
    let (v, took) = ask_with(config(&server.base_url)).await;
    assert_eq!(v.fallback_code(), Some("http_status"), "{v:?}");
    // The first attempt and `retries` (3 by default) more, with backoff 100, 200, 400 ms.
    assert_eq!(server.requests().len(), 4);
    assert!(took < Duration::from_secs(2), "took {took:?}");
    let server = FakeOpenAi::replying(Reply::Status(503));
    let cfg = LlmConfig {
        retries: 1,
        ..config(&server.base_url)
    };
    let (v, _) = ask_with(cfg).await;
    assert_eq!(v.fallback_code(), Some("http_status"), "{v:?}");
    assert_eq!(server.requests().len(), 2, "retries is configurable");
}

#[tokio::test]
async fn a_429_then_200_gives_the_models_answer() {
    let server = FakeOpenAi::start(|i, req| {
        if i == 0 {
            Reply::Status(429)
        } else {
            good(req)
        }
    });
    let (v, _) = ask_with(config(&server.base_url)).await;
    assert_eq!(v.mode, Produced::Llm, "{v:?}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_refused_connection_falls_back_in_time() {
    // A port that was free a moment ago and has no listener now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (v, took) = ask_with(config(&format!("http://127.0.0.1:{port}/v1"))).await;
    assert_eq!(v.fallback_code(), Some("connection_failed"), "{v:?}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[tokio::test]
async fn malformed_json_falls_back() {
    let server = FakeOpenAi::replying(Reply::RawJson("{\"choices\": [ {\"mess"));
    let (v, _) = ask_with(config(&server.base_url)).await;
    assert_eq!(v.fallback_code(), Some("malformed_response"), "{v:?}");
}

#[tokio::test]
async fn an_empty_body_or_no_choice_falls_back() {
    let server = FakeOpenAi::replying(Reply::RawJson(""));
    let (v, _) = ask_with(config(&server.base_url)).await;
    assert_eq!(v.fallback_code(), Some("malformed_response"), "{v:?}");
    let server = FakeOpenAi::replying(Reply::RawJson("{\"choices\": []}"));
    let (v, _) = ask_with(config(&server.base_url)).await;
    assert_eq!(v.fallback_code(), Some("empty_response"), "{v:?}");
}

#[tokio::test]
async fn a_missing_finish_reason_is_tolerated() {
    let server = FakeOpenAi::start(|_, req| match good(req) {
        Reply::Text(t) => Reply::TextNoFinishReason(t),
        r => r,
    });
    let (v, _) = ask_with(config(&server.base_url)).await;
    assert_eq!(v.mode, Produced::Llm, "{v:?}");
}

#[tokio::test]
async fn an_answer_longer_than_any_asked_for_falls_back() {
    // A server that ignores max_tokens: 20,000 characters of "answer", cited.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!(
            "Amazon invested $8 billion in Anthropic [{n}]. {}",
            "Again. ".repeat(3000)
        ))
    });
    let (v, _) = ask_with(config(&server.base_url)).await;
    assert_eq!(v.fallback_code(), Some("too_long"), "{v:?}");
    assert_eq!(v.mode, Produced::Extractive);
    assert!(v.answer.text.len() < 2_000, "{}", v.answer.text.len());
}

#[tokio::test]
async fn a_server_that_refuses_a_response_format_is_asked_the_next_way_once() {
    // A llama-cpp-python-like server: `json_object` with a schema, not OpenAI's `json_schema`,
    // refused with a 500 that names the field (as llama-cpp-python 0.3 does).
    let server = FakeOpenAi::start(|_, req| match req["response_format"]["type"].as_str() {
        Some("json_schema") => Reply::StatusSaying(
            500,
            "1 validation error: body.response_format.type: Input should be 'text' or 'json_object'",
        ),
        Some("json_object") => {
            let n = source_with(req, AMAZON_SOURCE);
            Reply::Text(format!(
                r#"{{"answer": "Amazon invested $8 billion in Anthropic.", "citations": [{n}]}}"#
            ))
        }
        _ => Reply::Status(500),
    });
    let desk = desk(&config(&server.base_url));
    for _ in 0..2 {
        let v = desk
            .ask(Ask::new(AMAZON_EN).mode(Some(Mode::Llm)))
            .await
            .unwrap();
        assert_eq!(v.mode, Produced::Llm, "{v:?}");
    }
    let kinds: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            r["response_format"]["type"]
                .as_str()
                .unwrap_or("none")
                .to_string()
        })
        .collect();
    // The refused form (once, and its retries: a 5xx is retried), then the accepted one for
    // every question.
    let refused = kinds.iter().filter(|k| *k == "json_schema").count();
    assert!((1..=4).contains(&refused), "{kinds:?}");
    assert_eq!(&kinds[refused..], ["json_object", "json_object"]);
}

#[tokio::test]
async fn a_server_that_refuses_every_response_format_gets_free_text_requests() {
    let server = FakeOpenAi::start(|_, req| {
        if req.get("response_format").is_some() {
            Reply::Status(400)
        } else {
            good(req)
        }
    });
    let (v, _) = ask_with(config(&server.base_url)).await;
    assert_eq!(v.mode, Produced::Llm, "{v:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_server_without_a_system_turn_gets_the_instructions_in_the_user_message() {
    // llama.cpp's `gemma` chat format drops system messages: with `system_role = false` the
    // instructions open the user message, before the sources and the question.
    let server = FakeOpenAi::start(|_, req| {
        let messages = req["messages"].as_array().cloned().unwrap_or_default();
        let roles: Vec<&str> = messages.iter().filter_map(|m| m["role"].as_str()).collect();
        let user = messages[0]["content"].as_str().unwrap_or_default();
        if roles != ["user"] || !user.starts_with("You answer questions") {
            return Reply::Status(400);
        }
        let n = crate::helpers::sources_in(user)
            .into_iter()
            .find(|(_, t)| t.contains(AMAZON_SOURCE))
            .map_or(0, |(n, _)| n);
        Reply::Text(format!("Amazon invested $8 billion in Anthropic [{n}]."))
    });
    let (v, _) = ask_with(LlmConfig {
        system_role: false,
        structured: false,
        ..config(&server.base_url)
    })
    .await;
    assert_eq!(v.mode, Produced::Llm, "{v:?}");
    let request = &server.requests()[0];
    let user = request["messages"][0]["content"].as_str().unwrap();
    assert!(user.contains("<question>\nHow much did Amazon invest in Anthropic?"));
}
