//! Follow-ups through the desk, as the bot, the API and `chat` use it.

use std::sync::Arc;

use dealdesk_core::kb::open_fresh;
use dealdesk_desk::{Ask, Context, ConversationKey, Desk, DeskOptions};

use crate::helpers::App;

/// A desk over the shipped corpus and an asker in one conversation.
fn chat(app: &App) -> impl AsyncFnMut(&str) -> dealdesk_core::answer::Answer {
    let fresh = open_fresh(&app.corpus, &app.index).unwrap();
    let options = DeskOptions {
        max_conversations: 4,
        ..DeskOptions::default()
    };
    let desk = Arc::new(Desk::new(Arc::new(fresh.kb), options));
    let key = ConversationKey::chat(1);
    move |question: &str| {
        let desk = desk.clone();
        let ask = Ask::new(question).context(Context::Stored(key.clone()));
        async move { desk.ask(ask).await.unwrap().answer }
    }
}

#[tokio::test]
async fn et_softbank_follows_up_on_intel() {
    let app = App::shipped();
    let mut ask = chat(&app);
    let first = ask("Combien le gouvernement américain a-t-il investi dans Intel ?").await;
    assert!(
        first.text.contains("8,9 milliards de dollars"),
        "{}",
        first.text
    );
    assert_eq!(first.resolved_from, None);

    let second = ask("Et SoftBank ?").await;
    assert!(!second.is_abstained(), "{}", second.text);
    assert!(
        second.text.contains("2 milliards de dollars"),
        "{}",
        second.text
    );
    assert!(second.citations().iter().any(|c| {
        c.text
            .contains("SoftBank Group a signé un accord de 2 milliards de dollars avec Intel")
    }));
    assert_eq!(second.resolved_from.as_deref(), Some("Et SoftBank ?"));
    assert!(
        second.question.contains("SoftBank") && second.question.contains("Intel"),
        "{}",
        second.question
    );

    let english = ask("How much did Amazon invest in Anthropic?").await;
    assert!(english.text.contains("$8 billion"), "{}", english.text);
    let follow = ask("What about Google?").await;
    assert!(
        follow.is_abstained(),
        "Google has no deal with Anthropic: {}",
        follow.text
    );
}

#[tokio::test]
async fn a_new_full_question_is_not_rewritten() {
    let app = App::shipped();
    let mut ask = chat(&app);
    ask("How much did Amazon invest in Anthropic?").await;
    let a = ask("What stake did the US government take in Intel?").await;
    assert_eq!(a.resolved_from, None);
    assert!(a.text.contains("9.9%"), "{}", a.text);
}
