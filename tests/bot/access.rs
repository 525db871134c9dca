//! The allow-list, admins, and the per-user rate limit.

use crate::fake::messages_to;
use crate::helpers::{Options, spawn_app_with};

fn env(pairs: &[(&'static str, &str)]) -> Options {
    Options {
        env: pairs.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        ..Options::default()
    }
}

#[test]
fn strangers_get_one_polite_refusal_and_nothing_else() {
    let app = spawn_app_with(env(&[
        ("DEALDESK_BOT_ALLOW_USERS", "31"),
        ("DEALDESK_BOT_ADMINS", "39"),
    ]));
    // A stranger in a private chat: one refusal.
    app.say(32, 32, "How much did Amazon invest in Anthropic?");
    let refused = app.tg.wait_messages(32, 1);
    assert!(
        refused[0].text().contains("private"),
        "{}",
        refused[0].text()
    );
    // In a group, updates of one chat are handled in order: once the allowed user's question
    // is answered, the stranger's three messages before it have been handled too.
    app.say(32, -320, "/ask How much did Amazon invest in Anthropic?");
    app.say(32, -320, "/help");
    app.say(
        32,
        -320,
        "@dealdesk_test_bot How much did Amazon invest in Anthropic?",
    );
    app.say(31, -320, "/ask How much did Amazon invest in Anthropic?");
    let group = app.tg.wait_messages(-320, 2);
    assert!(group[0].text().contains("private"), "{}", group[0].text());
    assert!(
        group[1].text().starts_with("$8 billion"),
        "{}",
        group[1].text()
    );
    let admin = app.ask(39, "/stats", 1);
    assert!(
        admin[0].text().contains("refused: 4"),
        "{}",
        admin[0].text()
    );
    let calls = app.tg.calls();
    assert_eq!(messages_to(&calls, -320).len(), 2);
    assert_eq!(messages_to(&calls, 32).len(), 1);
}

#[test]
fn only_admins_may_reindex_and_see_stats() {
    let app = spawn_app_with(env(&[("DEALDESK_BOT_ADMINS", "38")]));
    let r = app.ask(37, "/reindex", 1);
    assert!(r[0].text().contains("administra"), "{}", r[0].text());
    let r = app.ask(38, "/reindex", 1);
    assert!(
        r[0].text()
            .contains("index: 0 added, 0 updated, 0 removed, 1 unchanged"),
        "{}",
        r[0].text()
    );
    let r = app.ask(38, "/stats", 2);
    assert!(r[1].text().contains("questions: 0"), "{}", r[1].text());
}

#[test]
fn a_user_over_the_rate_limit_is_told_once() {
    let app = spawn_app_with(env(&[("DEALDESK_BOT_RATE_PER_MINUTE", "2")]));
    for _ in 0..2 {
        app.say(33, 33, "How much did Amazon invest in Anthropic?");
    }
    app.say(33, 33, "How much did Amazon invest in Anthropic?");
    let last = app.say(33, 33, "How much did Amazon invest in Anthropic?");
    let replies = app.tg.wait_messages(33, 3);
    app.tg.wait_consumed(last);
    assert!(replies[0].text().starts_with("$8 billion"));
    assert!(replies[1].text().starts_with("$8 billion"));
    assert!(
        replies[2].text().contains("Try again in a minute"),
        "{}",
        replies[2].text()
    );
    // Another user is not limited.
    let other = app.ask(34, "How much did Amazon invest in Anthropic?", 1);
    assert!(other[0].text().starts_with("$8 billion"));
    assert_eq!(messages_to(&app.tg.calls(), 33).len(), 3);
}

#[test]
fn commands_count_against_the_rate_limit_too() {
    let app = spawn_app_with(env(&[("DEALDESK_BOT_RATE_PER_MINUTE", "2")]));
    app.say(35, 35, "/deals");
    app.say(35, 35, "/source geants-tech-milliards-infrastructure-ia#p7");
    app.say(35, 35, "/deals");
    let last = app.say(35, 35, "/help");
    let replies = app.tg.wait_messages(35, 3);
    app.tg.wait_consumed(last);
    // In the chat's language (French here: the commands say nothing of theirs).
    assert!(
        replies[2].text().contains("Réessayez dans une minute"),
        "{}",
        replies[2].text()
    );
    // Told once: the fourth is not answered.
    assert_eq!(messages_to(&app.tg.calls(), 35).len(), 3);
}
