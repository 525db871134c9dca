//! `serve --watch`: corpus edits reach the index while requests keep succeeding, and a broken
//! edit leaves the serving index as it was.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{TestApp, metric, spawn_app_with};

use crate::support::ZORBLAX_ARTICLE as NEW_ARTICLE;

/// Polls `check` every 20 ms until it holds, for at most 10 s.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn hits(app: &TestApp, q: &str) -> usize {
    let body: Value = app
        .get(&format!("/v1/search?q={q}"))
        .await
        .json()
        .await
        .unwrap();
    body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["article_id"] == "zorblax-datacenter")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corpus_edits_are_served_while_requests_keep_succeeding() {
    let app = Arc::new(spawn_app_with(
        &["--watch"],
        &[("DEALDESK_WATCH_DEBOUNCE_MS", "100")],
    ));
    assert_eq!(hits(&app, "Zorblax").await, 0);

    // A steady stream of questions from 4 clients while the corpus changes.
    let stop = Arc::new(AtomicBool::new(false));
    let ok = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..4 {
        let (app, stop, ok) = (app.clone(), stop.clone(), ok.clone());
        clients.push(tokio::spawn(async move {
            let mut failures = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let r = app
                    .post_json(
                        "/v1/ask",
                        &json!({"question": "Combien Amazon a-t-il investi dans Anthropic ?"}),
                    )
                    .await;
                let status = r.status();
                let body: Value = r.json().await.unwrap_or(Value::Null);
                if status == 200
                    && body["answer"]
                        .as_str()
                        .is_some_and(|a| a.contains("8 milliards"))
                {
                    ok.fetch_add(1, Ordering::Relaxed);
                } else {
                    failures.push(format!("{status}: {body}"));
                }
            }
            failures
        }));
    }

    // 1. A new article is picked up.
    std::fs::write(
        app.corpus.join("articles/zorblax-datacenter.md"),
        NEW_ARTICLE,
    )
    .unwrap();
    eventually("the new article", || async {
        hits(&app, "Zorblax").await > 0
    })
    .await;
    let a = app
        .ask(json!({"question": "Quelle puissance a le centre de données de Zorblax au Québec ?"}))
        .await;
    assert!(
        a["citations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["article_id"] == "zorblax-datacenter")
            || a["related"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["article_id"] == "zorblax-datacenter"),
        "{a}"
    );

    // 2. A broken edit is refused and logged; the serving index stays as it was.
    std::fs::write(
        app.corpus.join("articles/broken.md"),
        "no front matter here\n",
    )
    .unwrap();
    eventually("the failed re-index", || async {
        metric(
            &app.metrics().await,
            "dealdesk_reindex_total{result=\"error\"}",
        ) >= Some(1.0)
    })
    .await;
    assert_eq!(hits(&app, "Zorblax").await, 1);
    assert!(app.log().contains("broken.md"), "{}", app.log());
    assert_eq!(app.get("/healthz").await.status(), 200);

    // 3. Fixing it (removing the file) lets the next change through.
    std::fs::remove_file(app.corpus.join("articles/broken.md")).unwrap();
    std::fs::remove_file(app.corpus.join("articles/zorblax-datacenter.md")).unwrap();
    eventually("the article's removal", || async {
        hits(&app, "Zorblax").await == 0
    })
    .await;

    stop.store(true, Ordering::Relaxed);
    for c in clients {
        let failures = c.await.unwrap();
        assert!(failures.is_empty(), "{failures:?}");
    }
    assert!(ok.load(Ordering::Relaxed) > 0);
    // The counter is bumped just after readers see the new index: wait for it the same way.
    eventually("two successful re-indexes counted", || async {
        metric(
            &app.metrics().await,
            "dealdesk_reindex_total{result=\"ok\"}",
        ) >= Some(2.0)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_that_empties_the_corpus_is_held_until_applied_by_hand() {
    let app = spawn_app_with(&["--watch"], &[("DEALDESK_WATCH_DEBOUNCE_MS", "100")]);
    let articles = app.dir().join("corpus").join("articles");
    // Every article gone at once (and with them the records' quotes: the deals file too).
    for entry in std::fs::read_dir(&articles).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    std::fs::write(app.dir().join("corpus").join("deals.jsonl"), "").unwrap();
    eventually("the change to be held", || async {
        let body: Value = app.get("/healthz").await.json().await.unwrap();
        body["status"] == "held"
    })
    .await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200, "still serving");
    let body: Value = r.json().await.unwrap();
    assert!(
        body["held_change"]
            .as_str()
            .unwrap()
            .contains("run `dealdesk index` to apply it"),
        "{body}"
    );
    // The previous index still answers.
    let a = app
        .ask(json!({"question": "How much did Amazon invest in Anthropic?"}))
        .await;
    assert!(a["answer"].as_str().unwrap().contains("8 billion"), "{a}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_serves_what_another_process_indexed() {
    // No --watch: the server never reads the corpus again; another process updates the index,
    // as the compose set-up's `index` service or an operator's `dealdesk index` does.
    let app = spawn_app_with(&[], &[]);
    let question = json!({"question": "Quelle puissance a le centre de données de Zorblax ?"});
    assert_eq!(app.ask(question.clone()).await["abstained"], true);
    crate::support::index_zorblax_from_another_process(app.dir());
    eventually("the server to serve the other process's commit", || async {
        hits(&app, "Zorblax").await > 0
    })
    .await;
    let a = app.ask(question).await;
    assert!(a["answer"].as_str().unwrap().contains("300"), "{a}");
}

async fn deal_count(app: &TestApp) -> usize {
    let body: Value = app.get("/v1/deals").await.json().await.unwrap();
    body["deals"].as_array().unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_written_deals_file_is_read_only_once_complete() {
    let app = spawn_app_with(&["--watch"], &[("DEALDESK_WATCH_DEBOUNCE_MS", "100")]);
    let path = app.dir().join("corpus").join("deals.jsonl");
    let full = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = full.lines().collect();
    let before = deal_count(&app).await;
    assert_eq!(before, lines.len());
    // A writer that paused mid-file: whole lines that parse, the last one without its
    // line break, more records to come.
    std::fs::write(&path, lines[..lines.len() - 2].join("\n")).unwrap();
    eventually("the watch to wait for the rest", || async {
        app.log().contains("looks half-written")
    })
    .await;
    assert_eq!(
        deal_count(&app).await,
        before,
        "a half-written file was applied"
    );
    // The writer finishes (with one record less than before): that file is applied.
    std::fs::write(&path, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
    eventually("the finished file to be read", || async {
        deal_count(&app).await == before - 1
    })
    .await;
    assert_eq!(
        metric(
            &app.metrics().await,
            "dealdesk_reindex_total{result=\"error\"}"
        ),
        Some(0.0),
        "{}",
        app.log()
    );
}
