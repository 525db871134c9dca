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

#[tokio::test]
async fn a_follow_up_may_ask_another_fact_of_the_same_deal() {
    let app = App::shipped();
    let mut ask = chat(&app);
    ask("How much did the US government invest in Intel?").await;

    let when = ask("and when was that?").await;
    assert_eq!(when.resolved_from.as_deref(), Some("and when was that?"));
    assert_eq!(when.question, "When did the US government invest in Intel?");
    assert!(when.text.starts_with("August 2025"), "{}", when.text);

    let stake = ask("and its stake?").await;
    assert!(stake.text.starts_with("9.9%"), "{}", stake.text);

    let others = ask("who else?").await;
    assert!(others.text.contains("SoftBank"), "{}", others.text);
    assert!(
        !others.text.contains("8.9 billion"),
        "the US government's own deal is left out: {}",
        others.text
    );

    ask("Combien Amazon a-t-il investi dans Anthropic ?").await;
    let quand = ask("quand ?").await;
    assert_eq!(
        quand.question,
        "Quand Amazon a-t-il investi dans Anthropic ?"
    );
    assert!(
        quand.text.starts_with("Entre 2023 et 2024"),
        "{}",
        quand.text
    );
    let combien = ask("et combien ?").await;
    assert!(
        combien.text.starts_with("8 milliards de dollars"),
        "{}",
        combien.text
    );
}
