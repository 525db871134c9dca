//! The fallback rate on the golden suite, with a fake server that replays good and bad answers.
//!
//! Good: a quote of the first source with its marker (of the first two for a comparison, of
//! all for an overview), or an abstention where the case expects one. Bad, in turn: a
//! hallucinated figure, an unknown marker, no marker. Run with
//! `cargo test --test llm golden -- --nocapture` to see the rates.

use std::path::Path;
use std::sync::{Arc, Mutex};

use dealdesk_desk::{Ask, Mode, Produced};

use crate::helpers::{FakeOpenAi, Reply, config, desk, sources};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Replay {
    Good,
    BadFigure,
    BadMarker,
    Uncited,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fallback_rate_on_the_golden_suite() {
    let cases = dealdesk_core::eval::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/core.jsonl"),
    )
    .unwrap();
    let plan: Arc<Mutex<(Replay, bool, usize)>> = Arc::new(Mutex::new((Replay::Good, false, 1)));
    let p = plan.clone();
    let server = FakeOpenAi::start(move |_, req| {
        let (replay, abstain, sides) = *p.lock().unwrap();
        let all = sources(req);
        let first = all.first().cloned();
        Reply::Text(match (replay, first) {
            (Replay::Good, _) if abstain => "The sources do not answer this question.".into(),
            // A comparison is answered by quoting both sides, not the first alone.
            (Replay::Good, Some(_)) => all
                .iter()
                .take(sides)
                .map(|(n, text)| format!("“{text}” [{n}]"))
                .collect::<Vec<_>>()
                .join(" "),
            (Replay::Good, None) => "The sources do not answer this question.".into(),
            (Replay::BadFigure, Some((n, _))) => format!("It was $123.4 billion in 1987 [{n}]."),
            (Replay::BadFigure, None) => "It was $123.4 billion in 1987 [1].".into(),
            (Replay::BadMarker, _) => "See the sources [99].".into(),
            (Replay::Uncited, _) => "It was announced in September 2025.".into(),
        })
    });
    let desk = desk(&config(&server.base_url));
    let bad = [Replay::BadFigure, Replay::BadMarker, Replay::Uncited];
    let (mut good_fallbacks, mut bad_fallbacks, mut bad_total) = (0, 0, 0);
    let mut good_reasons = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        for replay in [Replay::Good, bad[i % bad.len()]] {
            // A comparison is answered by both sides, an overview ("What's going on with
            // Intel?") by every deal: quote every source.
            let sides = if case.id.contains("compare") {
                2
            } else if case.id.contains("digest") {
                usize::MAX
            } else {
                1
            };
            *plan.lock().unwrap() = (replay, case.expect.abstain, sides);
            let v = desk
                .ask(Ask::new(case.question.as_str()).mode(Some(Mode::Llm)))
                .await
                .unwrap();
            if replay == Replay::Good {
                // Where both abstain, the extractive refusal (it says what the knowledge base
                // holds nearby) is shown, and that is no fallback.
                let agreed_refusal = case.expect.abstain && v.fallback.is_none();
                if v.mode != Produced::Llm && !agreed_refusal {
                    good_fallbacks += 1;
                    good_reasons.push(format!(
                        "{}: {}",
                        case.id,
                        v.fallback.map(|f| f.to_string()).unwrap_or_default()
                    ));
                }
            } else {
                bad_total += 1;
                if v.mode == Produced::Extractive && v.fallback.is_some() {
                    bad_fallbacks += 1;
                }
            }
        }
    }
    println!(
        "golden fallback rate: good replays {good_fallbacks}/{} fell back; bad replays {bad_fallbacks}/{bad_total} fell back",
        cases.len()
    );
    for r in &good_reasons {
        println!("  good replay fell back: {r}");
    }
    assert_eq!(bad_fallbacks, bad_total, "every bad answer is refused");
    assert_eq!(good_fallbacks, 0, "{good_reasons:?}");
}
