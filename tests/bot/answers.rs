//! Questions in both languages, follow-ups, and source buttons.

use crate::fake::messages_to;
use crate::helpers::{buttons, spawn_app};

#[test]
fn a_french_question_is_answered_with_numbered_sources_and_buttons() {
    let app = spawn_app();
    let replies = app.ask(
        11,
        "Combien le gouvernement américain a-t-il investi dans Intel ?",
        1,
    );
    let reply = &replies[0];
    assert_eq!(reply.body["parse_mode"], "HTML");
    let text = reply.text();
    assert!(text.contains("8,9 milliards de dollars"), "{text}");
    assert!(text.contains("<b>Sources :</b>"), "{text}");
    assert!(
        text.contains("[1] <b>Nvidia, OpenAI, AMD et Oracle"),
        "{text}"
    );
    assert!(text.contains("¶5"), "{text}");
    let b = buttons(reply);
    assert_eq!(b.len(), 1, "{b:?}");
    assert_eq!(b[0].1, "src:geants-tech-milliards-infrastructure-ia#p5.s1");
    // A typing action went out for the same chat.
    let calls = app.tg.calls();
    assert!(calls.iter().any(|c| c.method == "sendChatAction"
        && c.chat() == Some(11)
        && c.body["action"] == "typing"));
}

#[test]
fn an_english_question_is_answered_in_english() {
    let app = spawn_app();
    let replies = app.ask(12, "How much did Amazon invest in Anthropic?", 1);
    let text = replies[0].text();
    assert!(text.starts_with("$8 billion"), "{text}");
    assert!(text.contains("<b>Sources:</b>"), "{text}");
    assert!(text.contains("¶7"), "{text}");
}

#[test]
fn a_follow_up_keeps_the_subject_of_the_previous_question() {
    let app = spawn_app();
    app.ask(
        13,
        "Combien le gouvernement américain a-t-il investi dans Intel ?",
        1,
    );
    let replies = app.ask(13, "Et SoftBank ?", 2);
    let text = replies[1].text();
    assert!(text.contains("2 milliards de dollars"), "{text}");
    assert!(text.contains("SoftBank Group a signé un accord"), "{text}");
    assert!(
        text.contains("<i>Compris comme : Combien SoftBank a-t-il investi dans Intel ?</i>"),
        "{text}"
    );
    // Another chat has no such context: the words are read as they are (what the sources
    // say of SoftBank), not as the question about Intel.
    let other = app.ask(14, "Et SoftBank ?", 1);
    let text = other[0].text();
    assert!(!text.contains("Compris comme"), "{text}");
    assert!(!text.contains("investi dans Intel"), "{text}");
}

#[test]
fn a_follow_up_may_ask_when() {
    let app = spawn_app();
    app.ask(16, "Combien Amazon a-t-il investi dans Anthropic ?", 1);
    let replies = app.ask(16, "quand ?", 2);
    let text = replies[1].text();
    assert!(text.contains("Entre 2023 et 2024"), "{text}");
    assert!(
        text.contains("<i>Compris comme : Quand Amazon a-t-il investi dans Anthropic ?</i>"),
        "{text}"
    );
}

#[test]
fn a_source_button_answers_the_callback_and_quotes_the_passage() {
    let app = spawn_app();
    let replies = app.ask(15, "How much did Amazon invest in Anthropic?", 1);
    let (_, data) = buttons(&replies[0])
        .into_iter()
        .next()
        .expect("a source button");
    app.tap(15, 15, &data);
    let calls = app.tg.wait_for(
        "the callback answer",
        std::time::Duration::from_secs(60),
        |calls| {
            calls.iter().any(|c| c.method == "answerCallbackQuery")
                && messages_to(calls, 15).len() >= 2
        },
    );
    let answered = calls
        .iter()
        .find(|c| c.method == "answerCallbackQuery")
        .unwrap();
    assert_eq!(answered.body["callback_query_id"], format!("cb-15-{data}"));
    let quoted = messages_to(&calls, 15)[1].text().to_string();
    assert!(quoted.contains("<blockquote>"), "{quoted}");
    assert!(
        quoted.contains("<b>Amazon, pour sa part, a porté son investissement"),
        "{quoted}"
    );
    assert!(quoted.contains("¶7"), "{quoted}");
}

#[test]
fn source_and_deals_commands() {
    let app = spawn_app();
    let r = app.ask(16, "/source geants-tech-milliards-infrastructure-ia#p5", 1);
    assert!(
        r[0].text().contains("SoftBank Group a signé"),
        "{}",
        r[0].text()
    );
    let r = app.ask(16, "/deals Intel", 2);
    let text = r[1].text();
    assert!(
        text.contains("2 accord(s)") || text.contains("2 deal(s)"),
        "{text}"
    );
    assert!(
        text.contains("SoftBank") && text.contains("Intel"),
        "{text}"
    );
    let r = app.ask(16, "/source nothing#p99", 3);
    assert!(
        r[2].text().contains("ne trouve pas") || r[2].text().contains("can't find"),
        "{}",
        r[2].text()
    );
    let r = app.ask(16, "/lang en", 4);
    assert_eq!(r[3].text(), "OK, I&#39;ll speak English.");
    let r = app.ask(16, "/help", 5);
    assert!(
        r[4].text()
            .contains("How much did Amazon invest in Anthropic?"),
        "{}",
        r[4].text()
    );
}

#[test]
fn the_bot_serves_what_another_process_indexed() {
    // The compose set-up: the bot reads the index another process (`dealdesk index`, the API's
    // watch) updates; it never re-reads the corpus itself.
    let app = spawn_app();
    let question = "Quelle puissance a le centre de données de Zorblax ?";
    let first = app.ask(61, question, 1);
    assert!(!first[0].text().contains("300"), "{}", first[0].text());
    let noticed = || app.log_text().matches("was modified").count();
    let before = noticed();
    crate::support::index_zorblax_from_another_process(app.dir());
    // tantivy's meta.json watch (in the bot, logged at debug) notices the commit within about
    // half a second; then the reader reloads. Wait for the first, ask until the second.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while noticed() == before {
        assert!(
            std::time::Instant::now() < deadline,
            "the bot never noticed the commit:\n{}",
            app.log_text()
        );
        std::thread::yield_now();
    }
    // A new chat for each try: the same chat would soon be rate-limited.
    for chat in 62.. {
        let replies = app.ask(chat, question, 1);
        if replies[0].text().contains("300") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the bot never served the new commit: {}",
            replies[0].text()
        );
    }
}
