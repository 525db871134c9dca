//! The desk in process, over the shipped corpus: follow-ups in every kind of context, modes,
//! metrics, deal filters and lookups, as every adapter relies on them.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use dealdesk_core::kb::{FilterSpec, KnowledgeBase, open_fresh};
use dealdesk_desk::{Ask, Context, ConversationKey, Desk, DeskError, DeskOptions, Mode, Produced};

/// The shipped corpus, indexed once for this test binary.
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

fn desk() -> Desk {
    Desk::new(
        kb(),
        DeskOptions {
            max_conversations: 8,
            ..DeskOptions::default()
        },
    )
}

const INTEL: &str = "Combien le gouvernement américain a-t-il investi dans Intel ?";

#[tokio::test]
async fn a_stored_conversation_resolves_follow_ups_and_says_so() {
    let desk = desk();
    let key = ConversationKey::chat(7);
    let ask = |q: &str| Ask::new(q).context(Context::Stored(key.clone()));
    let first = desk.ask(ask(INTEL)).await.unwrap();
    assert!(
        first.answer.text.contains("8,9 milliards"),
        "{}",
        first.answer.text
    );
    let second = desk.ask(ask("Et SoftBank ?")).await.unwrap().answer;
    assert!(second.text.contains("2 milliards"), "{}", second.text);
    assert_eq!(second.resolved_from.as_deref(), Some("Et SoftBank ?"));
    assert_eq!(desk.conversations(), Some(1));
    // Another key, or a forgotten one, has no context.
    let other = desk
        .ask(Ask::new("Et SoftBank ?").context(Context::Stored(ConversationKey::chat(8))))
        .await
        .unwrap();
    assert_eq!(other.answer.resolved_from, None);
    desk.forget(&key).await;
    let after = desk.ask(ask("Et SoftBank ?")).await.unwrap();
    assert_eq!(after.answer.resolved_from, None);
}

#[tokio::test]
async fn given_history_is_context_without_storing_anything() {
    let desk = desk();
    let ask = Ask::new("Et SoftBank ?").context(Context::Given(vec![INTEL.to_string()]));
    let reply = desk.ask(ask).await.unwrap();
    assert!(
        reply.answer.text.contains("2 milliards"),
        "{}",
        reply.answer.text
    );
    assert_eq!(reply.answer.resolved_from.as_deref(), Some("Et SoftBank ?"));
    assert_eq!(desk.conversations(), Some(0));
}

#[tokio::test]
async fn modes_are_checked_and_answers_counted() {
    let desk = desk();
    assert!(matches!(
        desk.ask(Ask::new(INTEL).mode(Some(Mode::Llm))).await,
        Err(DeskError::NoModel)
    ));
    assert_eq!(desk.check_mode(None).unwrap(), (Mode::Auto, false));
    let reply = desk
        .ask(Ask::new("How much did Google invest in Anthropic?"))
        .await
        .unwrap();
    assert_eq!(reply.mode, Produced::Extractive);
    assert!(reply.answer.is_abstained() && reply.answer.citations().is_empty());
    desk.ask(Ask::new(INTEL)).await.unwrap();
    let counts = desk.metrics().counts();
    assert_eq!((counts.answered, counts.abstained), (1, 1));
    let empty = desk.ask(Ask::new("   ")).await.unwrap_err();
    assert!(empty.is_usage(), "{empty}");
}

#[tokio::test]
async fn a_stream_without_a_model_is_one_final_reply() {
    use futures_util::StreamExt;
    let desk = Arc::new(desk());
    let events: Vec<_> = desk.ask_stream(Ask::new(INTEL)).collect().await;
    assert_eq!(events.len(), 1, "{events:?}");
}

#[tokio::test]
async fn deals_go_through_the_one_filter_reader() {
    let desk = desk();
    let intel = FilterSpec {
        parties: vec!["Intell".into()],
        sort: Some("amount".into()),
        ..FilterSpec::default()
    };
    let found = desk.deals(intel).await.unwrap();
    assert!(found.len() >= 2, "{found:?}");
    let both = FilterSpec::from_words("intel softbank", &desk.catalog().entities);
    assert_eq!(desk.deals(both).await.unwrap().len(), 1);
    let ambiguous = FilterSpec {
        parties: vec!["intel softbank".into()],
        ..FilterSpec::default()
    };
    let e = desk.deals(ambiguous).await.unwrap_err();
    assert!(
        matches!(&e, DeskError::Filter(f) if f.code() == "ambiguous_party"),
        "{e}"
    );
}

#[tokio::test]
async fn status_and_lookups() {
    let desk = desk();
    let status = desk.status().await.unwrap();
    assert!(status.passages > 0 && status.deals > 0 && status.searchable);
    let found = desk.search("Intel SoftBank".into(), 3).await.unwrap();
    assert!(!found.hits.is_empty());
    let id = found.hits[0].hit.passage.id.clone();
    let shown = desk.show(id.clone()).await.unwrap();
    assert_eq!(shown.id, id);
}
