//! `stream: true`: text deltas as they come, then the answer verified on the complete text.

use futures_util::StreamExt;

use dealdesk_desk::{Ask, Mode, Produced, Reply as Answered, StreamEvent};
use dealdesk_llm::LlmConfig;

use crate::helpers::{AMAZON_EN, AMAZON_SOURCE, FakeOpenAi, Reply, config, desk, source_with};

/// The concatenated deltas and the final answer; the final event must be last.
async fn stream(server: &FakeOpenAi) -> (String, Answered) {
    let events: Vec<StreamEvent> = desk(&config(&server.base_url))
        .ask_stream(Ask::new(AMAZON_EN).mode(Some(Mode::Auto)))
        .collect()
        .await;
    let mut text = String::new();
    let mut last = None;
    for (i, e) in events.into_iter().enumerate() {
        assert!(last.is_none(), "event {i} after the final one");
        match e {
            StreamEvent::Delta(d) => text.push_str(&d),
            StreamEvent::Final(v) => last = Some(v.unwrap()),
        }
    }
    (text, last.expect("a final event"))
}

#[tokio::test]
async fn a_streamed_cited_answer_is_final_after_verification() {
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!(
            "Amazon invested $8 billion in Anthropic, in two steps [{n}]."
        ))
    });
    let (text, v) = stream(&server).await;
    assert_eq!(server.requests()[0]["stream"], true);
    assert_eq!(v.mode, Produced::Llm, "{v:?}");
    assert_eq!(v.answer.text, text);
    assert!(text.starts_with("Amazon invested $8 billion in Anthropic, in two steps ["));
}

#[tokio::test]
async fn a_streamed_hallucination_is_replaced_by_the_extractive_answer() {
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!("Amazon invested $80 billion in Anthropic [{n}]."))
    });
    let (text, v) = stream(&server).await;
    assert!(
        text.contains("$80 billion"),
        "deltas are provisional: {text}"
    );
    assert_eq!(v.mode, Produced::Extractive);
    assert_eq!(v.fallback_code(), Some("unsupported_figure"));
    assert!(!v.answer.text.contains("$80 billion"));
}

#[tokio::test]
async fn an_empty_finish_reason_in_chunks_is_tolerated() {
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::TextNoFinishReason(format!("Amazon invested $8 billion [{n}]."))
    });
    let (_, v) = stream(&server).await;
    assert_eq!(v.mode, Produced::Llm, "{v:?}");
}

#[tokio::test]
async fn a_stalled_stream_ends_with_the_extractive_answer() {
    let server = FakeOpenAi::replying(Reply::Delay(
        std::time::Duration::from_secs(10),
        Box::new(Reply::Text("late [1]".into())),
    ));
    let (text, v) = stream(&server).await;
    assert!(text.is_empty());
    assert_eq!(v.fallback_code(), Some("timeout"), "{v:?}");
}

#[tokio::test]
async fn without_a_model_the_stream_is_the_extractive_answer() {
    let events: Vec<StreamEvent> = desk(&LlmConfig::default())
        .ask_stream(Ask::new(AMAZON_EN).mode(Some(Mode::Auto)))
        .collect()
        .await;
    assert_eq!(events.len(), 1);
    let StreamEvent::Final(Ok(v)) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(v.mode, Produced::Extractive);
    assert_eq!(v.fallback, None);
}

#[tokio::test]
async fn a_stream_longer_than_any_answer_asked_for_ends_with_the_extractive_answer() {
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!(
            "Amazon invested $8 billion in Anthropic [{n}]. {}",
            "Again. ".repeat(3000)
        ))
    });
    let (_, v) = stream(&server).await;
    assert_eq!(v.mode, Produced::Extractive, "{v:?}");
    assert_eq!(v.fallback_code(), Some("too_long"));
}
