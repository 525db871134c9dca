//! With a model configured, the bot shows the model's answer once it is verified, and the
//! extractive one when it is not.

use crate::helpers::{Options, spawn_app_with};

fn fake_model(reply: &'static str) -> String {
    crate::support::fake_model(reply).base_url
}

fn with_model(base: String) -> Options {
    Options {
        env: vec![
            ("OPENAI_BASE_URL", base),
            ("DEALDESK_LLM_MODEL", "m".to_string()),
        ],
        ..Options::default()
    }
}

/// The edit that turns the provisional message into the final answer, in `chat`.
fn final_edit(app: &crate::helpers::App, chat: i64) -> crate::fake::Call {
    let is_final = |c: &crate::fake::Call| {
        c.method == "editMessageText" && c.chat() == Some(chat) && c.text().contains("Sources")
    };
    let calls = app.tg.wait_for(
        &format!("the final edit in chat {chat}"),
        std::time::Duration::from_secs(60),
        |calls| calls.iter().any(is_final),
    );
    calls.into_iter().find(is_final).unwrap()
}

#[test]
fn the_answer_is_written_progressively_then_edited_into_the_verified_one() {
    let app = spawn_app_with(with_model(fake_model(
        "Amazon invested $8 billion in Anthropic [1].",
    )));
    let replies = app.ask(31, "How much did Amazon invest in Anthropic?", 1);
    let provisional = replies[0].text();
    assert!(
        provisional.starts_with("<i>Amazon invested"),
        "shown while being written: {provisional}"
    );
    let text = final_edit(&app, 31).text().to_string();
    assert!(
        text.starts_with("Amazon invested $8 billion in Anthropic [1]."),
        "{text}"
    );
    assert!(text.contains("<b>Sources:</b>"), "{text}");
}

#[test]
fn a_hallucinated_figure_is_replaced_before_the_answer_is_final() {
    let app = spawn_app_with(with_model(fake_model(
        "Amazon invested $80 billion in Anthropic [1].",
    )));
    app.ask(32, "How much did Amazon invest in Anthropic?", 1);
    let text = final_edit(&app, 32).text().to_string();
    assert!(!text.contains("$80 billion"), "{text}");
    assert!(
        text.starts_with("$8 billion"),
        "the extractive answer instead: {text}"
    );
}

#[test]
fn when_the_final_edit_fails_the_model_text_is_removed_and_the_answer_sent_anew() {
    let app = spawn_app_with(with_model(fake_model(
        "Amazon invested $80 billion in Anthropic [1].",
    )));
    // The provisional message shows the model's text as it is written; the edit that would
    // replace it with the verified answer is refused.
    app.tg.fail_next(
        "editMessageText",
        400,
        serde_json::json!({"ok": false, "error_code": 400, "description": "Bad Request: message to edit not found"}),
    );
    let replies = app.ask(33, "How much did Amazon invest in Anthropic?", 1);
    let provisional = replies[0].text().to_string();
    assert!(provisional.contains("Amazon invested $80"), "{provisional}");
    let calls = app.tg.wait_for(
        "the answer sent anew",
        std::time::Duration::from_secs(60),
        |calls| {
            calls.iter().any(|c| {
                c.method == "sendMessage" && c.chat() == Some(33) && c.text().contains("Sources")
            })
        },
    );
    let deleted = calls
        .iter()
        .any(|c| c.method == "deleteMessage" && c.body["chat_id"] == 33);
    assert!(deleted, "the provisional model text was left in the chat");
    let answer = calls
        .iter()
        .rfind(|c| c.method == "sendMessage" && c.chat() == Some(33))
        .unwrap();
    assert!(answer.text().starts_with("$8 billion"), "{}", answer.text());
}
