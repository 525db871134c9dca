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
fn the_extractive_answer_is_shown_at_once_then_edited_into_the_verified_model_answer() {
    let app = spawn_app_with(with_model(fake_model(
        "Amazon invested $8 billion in Anthropic [1].",
    )));
    let replies = app.ask(31, "How much did Amazon invest in Anthropic?", 1);
    let first = replies[0].text();
    assert!(
        first.starts_with("$8 billion") && first.contains("<b>Sources:</b>"),
        "the extractive answer, whole, while the model works: {first}"
    );
    let text = final_edit(&app, 31).text().to_string();
    assert!(
        text.starts_with("Amazon invested $8 billion in Anthropic [1]."),
        "{text}"
    );
    assert!(text.contains("<b>Sources:</b>"), "{text}");
}

#[test]
fn a_hallucinated_figure_never_reaches_the_chat() {
    let app = spawn_app_with(with_model(fake_model(
        "Amazon invested $80 billion in Anthropic [1].",
    )));
    let replies = app.ask(32, "How much did Amazon invest in Anthropic?", 1);
    assert!(
        replies[0].text().starts_with("$8 billion"),
        "{}",
        replies[0].text()
    );
    // A chat's updates are handled in order: once /help is answered, the question is done.
    app.ask(32, "/help", 2);
    for call in app.tg.calls() {
        assert!(
            !call.text().contains("$80 billion"),
            "{}: {}",
            call.method,
            call.text()
        );
    }
}

#[test]
fn when_the_edit_into_the_model_answer_fails_the_answer_is_sent_anew() {
    let app = spawn_app_with(with_model(fake_model(
        "Amazon invested $8 billion in Anthropic [1].",
    )));
    // The edit that would turn the extractive answer into the model's is refused.
    app.tg.fail_next(
        "editMessageText",
        400,
        serde_json::json!({"ok": false, "error_code": 400, "description": "Bad Request: message to edit not found"}),
    );
    let replies = app.ask(33, "How much did Amazon invest in Anthropic?", 1);
    assert!(
        replies[0].text().starts_with("$8 billion"),
        "{}",
        replies[0].text()
    );
    let calls = app.tg.wait_for(
        "the answer sent anew",
        std::time::Duration::from_secs(60),
        |calls| {
            calls.iter().any(|c| {
                c.method == "sendMessage"
                    && c.chat() == Some(33)
                    && c.text().starts_with("Amazon invested $8 billion")
            })
        },
    );
    assert!(
        calls
            .iter()
            .any(|c| c.method == "deleteMessage" && c.body["chat_id"] == 33),
        "the message the edit could not replace was left in the chat"
    );
}
