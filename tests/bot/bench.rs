//! Throughput end to end: N questions from many chats fed through the fake server, timed until
//! N answers came back; and the bot's resident memory while idle.
//!
//! `cargo test --test bot bench -- --nocapture` runs a small N with the debug binary. For the
//! real measure (`cargo test --release` builds `target/release/dealdesk` too):
//! `DEALDESK_BOT_BENCH=5000 DEALDESK_BOT_BENCH_BIN=$PWD/target/release/dealdesk cargo test --release --test bot bench -- --nocapture`.

use std::time::{Duration, Instant};

use crate::fake::text_message;
use crate::helpers::{Options, spawn_app_with};

const QUESTIONS: &[&str] = &[
    "How much did Amazon invest in Anthropic?",
    "Combien le gouvernement américain a-t-il investi dans Intel ?",
    "Which deals involve Intel?",
    "Combien SoftBank a-t-il investi dans Intel ?",
];

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn bench_questions_per_second_and_idle_memory() {
    let n: usize = std::env::var("DEALDESK_BOT_BENCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let chats: i64 = 500;
    let app = spawn_app_with(Options {
        env: vec![
            ("DEALDESK_BOT_RATE_PER_MINUTE", "0".into()),
            ("DEALDESK_LOG", "warn".into()),
        ],
        release_binary: std::env::var_os("DEALDESK_BOT_BENCH_BIN").map(Into::into),
        ..Options::default()
    });
    let idle_before = rss_kib(app.pid());
    app.tg.quiet();
    let updates = (0..n)
        .map(|i| {
            let chat = 100_000 + (i as i64 % chats);
            text_message(chat, chat, QUESTIONS[i % QUESTIONS.len()])
        })
        .collect();
    let start = Instant::now();
    app.tg.push_updates(updates);
    let all = app.tg.wait_sent(n as u64, Duration::from_secs(600));
    let elapsed = start.elapsed();
    assert!(all, "only {} of {n} answered", app.tg.sent_count());
    let idle_after = rss_kib(app.pid());
    println!(
        "bench: {n} questions from {} chats answered in {:.3} s: {:.0} questions/s end to end",
        chats.min(n as i64),
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64()
    );
    println!(
        "bench: idle RSS after start {} KiB, after the run {} KiB",
        idle_before.map_or("?".into(), |k| k.to_string()),
        idle_after.map_or("?".into(), |k| k.to_string())
    );
}
