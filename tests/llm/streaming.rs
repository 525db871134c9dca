//! `stream: true`: the extractive answer at once, text deltas as they come (free-text
//! answers), then the answer verified on the complete text.

use futures_util::StreamExt;

use dealdesk_desk::{Ask, Mode, Produced, Reply as Answered, StreamEvent};
use dealdesk_llm::LlmConfig;

use crate::helpers::{AMAZON_EN, AMAZON_SOURCE, FakeOpenAi, Reply, config, desk, source_with};

/// The concatenated deltas and the final answer of a free-text model (no `response_format`);
/// the extractive answer must come first, the final event last.
async fn stream(server: &FakeOpenAi) -> (String, Answered) {
    let (provisional, text, last) = events(LlmConfig {
        structured: false,
        ..config(&server.base_url)
    })
    .await;
    let extractive = dealdesk_core::answer::ask(&crate::helpers::shared_kb(), AMAZON_EN).unwrap();
    assert_eq!(
        provisional.expect("the extractive answer first").answer,
        extractive
    );
    (text, last)
}

async fn events(cfg: LlmConfig) -> (Option<Answered>, String, Answered) {
    let events: Vec<StreamEvent> = desk(&cfg)
        .ask_stream(Ask::new(AMAZON_EN).mode(Some(Mode::Auto)))
        .collect()
        .await;
    let mut provisional = None;
    let mut text = String::new();
    let mut last = None;
    for (i, e) in events.into_iter().enumerate() {
        assert!(last.is_none(), "event {i} after the final one");
        match e {
            StreamEvent::Provisional(v) => {
                assert_eq!(i, 0, "the provisional answer comes first");
                provisional = Some(*v);
            }
            StreamEvent::Delta(d) => text.push_str(&d),
            StreamEvent::Final(v) => last = Some(v.unwrap()),
        }
    }
    (provisional, text, last.expect("a final event"))
}

#[tokio::test]
async fn a_structured_answer_is_not_streamed_the_extractive_one_is_shown_first() {
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!(
            r#"{{"answer": "Amazon invested $8 billion in Anthropic.", "citations": [{n}]}}"#
        ))
    });
    let (provisional, text, v) = events(config(&server.base_url)).await;
    let request = &server.requests()[0];
    assert_eq!(request["stream"], false, "JSON is not shown while written");
    assert_eq!(
        request["response_format"]["type"], "json_schema",
        "{request}"
    );
    assert_eq!(
        provisional.expect("shown at once").mode,
        Produced::Extractive
    );
    assert!(text.is_empty(), "{text}");
    assert_eq!(v.mode, Produced::Llm, "{v:?}");
    assert!(
        v.answer
            .text
            .starts_with("Amazon invested $8 billion in Anthropic. ["),
        "{}",
        v.answer.text
    );
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
    assert_eq!(events.len(), 1, "no model: no provisional answer");
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
