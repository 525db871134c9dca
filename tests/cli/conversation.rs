//! Follow-ups through the library's `Conversation`, as the bot, the API and `chat` use it.

use dealdesk::conversation::Conversation;
use dealdesk::refresh::open_fresh;

use crate::helpers::App;

#[test]
fn et_softbank_follows_up_on_intel() {
    let app = App::shipped();
    let fresh = open_fresh(&app.corpus, &app.index).unwrap();
    let mut chat = Conversation::new();
    let first = chat
        .ask(
            &fresh.kb,
            "Combien le gouvernement américain a-t-il investi dans Intel ?",
        )
        .unwrap();
    assert!(
        first.text.contains("8,9 milliards de dollars"),
        "{}",
        first.text
    );
    assert_eq!(first.resolved_from, None);

    let second = chat.ask(&fresh.kb, "Et SoftBank ?").unwrap();
    assert!(!second.abstained, "{}", second.text);
    assert!(
        second.text.contains("2 milliards de dollars"),
        "{}",
        second.text
    );
    assert!(second.citations.iter().any(|c| {
        c.text
            .contains("SoftBank Group a signé un accord de 2 milliards de dollars avec Intel")
    }));
    assert_eq!(second.resolved_from.as_deref(), Some("Et SoftBank ?"));
    assert!(
        second.question.contains("SoftBank") && second.question.contains("Intel"),
        "{}",
        second.question
    );

    let english = chat
        .ask(&fresh.kb, "How much did Amazon invest in Anthropic?")
        .unwrap();
    assert!(english.text.contains("$8 billion"), "{}", english.text);
    let follow = chat.ask(&fresh.kb, "What about Google?").unwrap();
    assert!(
        follow.abstained,
        "Google has no deal with Anthropic: {}",
        follow.text
    );
}

#[test]
fn a_new_full_question_is_not_rewritten() {
    let app = App::shipped();
    let fresh = open_fresh(&app.corpus, &app.index).unwrap();
    let mut chat = Conversation::new();
    chat.ask(&fresh.kb, "How much did Amazon invest in Anthropic?")
        .unwrap();
    let a = chat
        .ask(&fresh.kb, "What stake did the US government take in Intel?")
        .unwrap();
    assert_eq!(a.resolved_from, None);
    assert!(a.text.contains("9.9%"), "{}", a.text);
}
