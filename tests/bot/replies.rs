//! Reply formatting as Telegram receives it: escaping, splitting, and updates the bot ignores.

use serde_json::json;

use crate::fake::messages_to;
use crate::helpers::{Options, spawn_app, spawn_app_with};

/// Tags in a message, checked balanced and limited to those Telegram's HTML mode knows.
fn assert_valid_html(text: &str) {
    let mut stack = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').expect("a tag closes") + at;
        let tag = &rest[at + 1..end];
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        assert!(
            ["b", "i", "a", "code", "blockquote", "pre"].contains(&name),
            "unexpected tag <{tag}> in {text}"
        );
        if tag.starts_with('/') {
            assert_eq!(stack.pop(), Some(name.to_string()), "unbalanced in {text}");
        } else {
            stack.push(name.to_string());
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?} in {text}");
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&entity),
            "bare & in {text}"
        );
    }
}

#[test]
fn html_special_characters_in_a_question_are_escaped() {
    let app = spawn_app();
    let replies = app.ask(21, "What is <b>&\"' worth?", 1);
    let text = replies[0].text();
    assert!(
        text.contains("What is &lt;b&gt;&amp;&quot;&#39; worth?"),
        "{text}"
    );
    assert!(!text.contains("<b>&"), "{text}");
    assert_valid_html(text);
}

#[test]
fn a_reply_over_4096_characters_is_split_at_sentence_ends() {
    let sentence = |n: usize| {
        format!("Phrase {n} : les centres de données & l’énergie <électricité> coûtent cher.")
    };
    let long: Vec<String> = (1..=90).map(sentence).collect();
    let paragraph = long.join(" ");
    assert!(paragraph.chars().count() > 6000);
    let article = format!(
        "+++\nid = \"longue\"\ntitle = \"Un très long article\"\nlanguage = \"fr\"\nurl = \"https://example.com/a?x=1&y=2\"\npublished = \"2025-10\"\n+++\n\n{paragraph}\n"
    );
    let app = spawn_app_with(Options {
        prepare_corpus: Some(Box::new(move |corpus| {
            std::fs::write(corpus.join("articles/longue.md"), article).unwrap();
        })),
        ..Options::default()
    });
    app.say(22, 22, "/source longue#p1");
    let calls = app
        .tg
        .wait_for("two parts", std::time::Duration::from_secs(60), |calls| {
            messages_to(calls, 22).len() >= 2
                && messages_to(calls, 22)
                    .last()
                    .is_some_and(|m| m.text().contains("Lire l’article"))
        });
    let parts = messages_to(&calls, 22);
    assert!(parts.len() >= 2, "{}", parts.len());
    for p in &parts {
        let text = p.text();
        assert!(
            text.chars().count() <= 4096,
            "{} characters",
            text.chars().count()
        );
        assert_valid_html(text);
        assert_eq!(p.body["parse_mode"], "HTML");
    }
    // Cut between sentences: each part but the last ends its quote after a full stop.
    assert!(
        parts[0].text().ends_with(".</blockquote>"),
        "{}",
        parts[0].text()
    );
    assert!(
        parts[1].text().starts_with("<blockquote>Phrase"),
        "{}",
        parts[1].text()
    );
    let all: String = parts.iter().map(|p| p.text()).collect::<Vec<_>>().join(" ");
    for n in [1, 45, 90] {
        assert!(all.contains(&format!("Phrase {n} : les centres de données &amp; l’énergie &lt;électricité&gt; coûtent cher.")), "sentence {n}");
    }
    assert!(all.contains("href=\"https://example.com/a?x=1&amp;y=2\""));
}

#[test]
fn an_unknown_command_gets_a_pointer_to_help() {
    let app = spawn_app();
    let replies = app.ask(23, "/frobnicate now", 1);
    let text = replies[0].text();
    assert!(text.contains("/help"), "{text}");
    // Commands addressed to another bot are not ours to answer, even in a group.
    app.say(23, -230, "/help@some_other_bot");
    let id = app.say(23, -230, "/help@dealdesk_test_bot");
    let got = app.tg.wait_messages(-230, 1);
    app.tg.wait_consumed(id);
    assert_eq!(got.len(), 1);
}

#[test]
fn in_groups_it_answers_ask_and_mentions_only() {
    let app = spawn_app();
    app.say(24, -240, "How much did Amazon invest in Anthropic?");
    app.say(
        24,
        -240,
        "@dealdesk_test_bot How much did Amazon invest in Anthropic?",
    );
    let got = app.tg.wait_messages(-240, 1);
    assert!(got[0].text().starts_with("$8 billion"), "{}", got[0].text());
    let got = {
        app.say(
            24,
            -240,
            "/ask Combien Amazon a-t-il investi dans Anthropic ?",
        );
        app.tg.wait_messages(-240, 2)
    };
    assert!(
        got[1].text().starts_with("8 milliards"),
        "{}",
        got[1].text()
    );
    // The plain message without a mention got nothing: two questions, two answers.
    assert_eq!(messages_to(&app.tg.calls(), -240).len(), 2);
}

#[test]
fn updates_of_other_kinds_and_malformed_updates_are_ignored() {
    let app = spawn_app();
    // An edited message in the same chat (handled in order before the next question).
    app.tg.push_update(json!({"edited_message": {
        "message_id": 1, "date": 1_764_000_000, "edit_date": 1_764_000_001,
        "chat": {"id": 25, "type": "private", "first_name": "Ada"},
        "from": {"id": 25, "is_bot": false, "first_name": "Ada"},
        "text": "How much did Amazon invest in Anthropic?"
    }}));
    // Not an update teloxide can read at all.
    app.tg
        .push_update(json!({"message": {"message_id": "not a number", "chat": 25}}));
    app.tg.push_update(json!({"poll": {"id": "p"}}));
    let replies = app.ask(25, "How much did Amazon invest in Anthropic?", 1);
    assert!(replies[0].text().starts_with("$8 billion"));
    assert_eq!(messages_to(&app.tg.calls(), 25).len(), 1);
    let log = app.log_text();
    assert!(log.contains("ignored an update"), "{log}");
}
