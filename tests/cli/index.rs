//! Incremental indexing, schema versions and freshness.

use crate::helpers::{App, age_schema, article};

fn summary(app: &App) -> String {
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.trim().to_string()
}

#[test]
fn only_changes_are_indexed_and_the_summary_says_so() {
    let app = App::shipped();
    assert!(summary(&app).starts_with(
        "index: 1 added, 0 updated, 0 removed, 0 unchanged; 9 passages written, 9 in the index"
    ));
    assert!(
        summary(&app)
            .starts_with("index: 0 added, 0 updated, 0 removed, 1 unchanged; 0 passages written")
    );

    app.write_article(
        "extra.md",
        article(
            "extra",
            "Nimbus Corp invested 3 billion dollars in Cirrus Labs.\n\nA second paragraph.",
        ),
    );
    assert!(summary(&app).starts_with(
        "index: 1 added, 0 updated, 0 removed, 1 unchanged; 2 passages written, 11 in the index"
    ));
    let a = app.ask_json("How much did Nimbus Corp invest in Cirrus Labs?");
    assert!(!a.abstained && a.citations[0].id == "extra#p1.s1", "{a:?}");
    assert_eq!(
        a.citations[0].url.as_deref(),
        Some("https://example.com/extra")
    );

    app.write_article(
        "extra.md",
        article(
            "extra",
            "Nimbus Corp invested 4 billion dollars in Cirrus Labs.",
        ),
    );
    assert!(summary(&app).starts_with(
        "index: 0 added, 1 updated, 0 removed, 1 unchanged; 1 passages written, 10 in the index"
    ));
    let a = app.ask_json("How much did Nimbus Corp invest in Cirrus Labs?");
    assert!(
        a.answer.contains("4 billion") && !a.answer.contains("3 billion"),
        "{}",
        a.answer
    );

    std::fs::remove_file(app.article_path("extra.md")).unwrap();
    assert!(summary(&app).starts_with(
        "index: 0 added, 0 updated, 1 removed, 1 unchanged; 0 passages written, 9 in the index"
    ));
    assert!(
        app.ask_json("How much did Nimbus Corp invest in Cirrus Labs?")
            .abstained
    );
}

#[test]
fn the_passage_count_is_right_after_a_deletion() {
    // Two articles indexed in one run share a segment: deleting one leaves its passages in that
    // segment, marked deleted, where a term's document frequency still counts them.
    let app = App::shipped();
    let paragraphs = (1..=40)
        .map(|n| format!("Paragraph {n} of the long article."))
        .collect::<Vec<_>>()
        .join("\n\n");
    app.write_article("long.md", article("long", &paragraphs));
    app.write_article("short.md", article("short", "One paragraph only."));
    assert!(summary(&app).contains("50 in the index"));
    std::fs::remove_file(app.article_path("long.md")).unwrap();
    let line = summary(&app);
    assert!(
        line.starts_with(
            "index: 0 added, 0 updated, 1 removed, 2 unchanged; 0 passages written, 10 in the index"
        ),
        "{line}"
    );
}

#[test]
fn files_that_are_not_articles_are_reported_and_articles_in_folders_are_indexed() {
    let app = App::shipped();
    std::fs::create_dir_all(app.article_path("2025")).unwrap();
    app.write_article(
        "2025/nested.md",
        article("nested", "Nimbus Corp bought Cirrus Labs."),
    );
    app.write_article(
        "other.markdown",
        article("other", "Stratus Inc bought Cumulus Ltd."),
    );
    app.write_article("notes.txt", "Not an article.");
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("index: 3 added"), "{}", run.stdout);
    let not_an_article =
        "articles/notes.txt is not indexed: only .md and .markdown files are articles";
    assert!(run.stderr.contains(not_an_article), "{}", run.stderr);
    // Up to date, nothing is read again, and the file is still reported.
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("index: 0 added, 0 updated, 0 removed, 3 unchanged"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains(not_an_article), "{}", run.stderr);
    let a = app.ask_json("Who bought Cirrus Labs?");
    assert!(
        !a.abstained && a.citations[0].id.starts_with("nested#"),
        "{a:?}"
    );
    let a = app.ask_json("Who bought Cumulus Ltd?");
    assert!(
        !a.abstained && a.citations[0].id.starts_with("other#"),
        "{a:?}"
    );
}

#[test]
fn ask_refreshes_an_index_older_than_the_corpus() {
    let app = App::indexed();
    app.write_article(
        "extra.md",
        article(
            "extra",
            "Nimbus Corp invested 3 billion dollars in Cirrus Labs.",
        ),
    );
    let run = app.run(&[
        "ask",
        "--json",
        "How much did Nimbus Corp invest in Cirrus Labs?",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("older than the corpus"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("\"abstained\":false"), "{}", run.stdout);
    let run = app.run(&[
        "ask",
        "--json",
        "How much did Nimbus Corp invest in Cirrus Labs?",
    ]);
    assert!(
        run.stderr.is_empty(),
        "a fresh index needs no note: {}",
        run.stderr
    );
}

#[test]
fn an_index_of_another_schema_version_is_rebuilt_with_a_message() {
    let app = App::indexed();
    age_schema(&app);

    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("schema version 0"), "{}", run.stderr);
    assert!(run.stdout.contains("1 added"), "{}", run.stdout);
    assert!(
        !app.ask_json("How much did Amazon invest in Anthropic?")
            .abstained
    );
}

#[test]
fn a_directory_that_is_not_an_index_is_left_alone() {
    let app = App::shipped();
    std::fs::create_dir_all(&app.index).unwrap();
    std::fs::write(app.index.join("notes.txt"), "mine").unwrap();
    let run = app.run(&["index"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("not a dealdesk index"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(app.index.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_missing_corpus_says_what_to_do() {
    let app = App::shipped();
    let run = app
        .command(&["index"])
        .arg("--corpus")
        .arg(app.corpus.join("nope"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("cannot read corpus") && stderr.contains("--corpus"),
        "{stderr}"
    );
}

#[test]
fn a_damaged_index_is_rebuilt_on_request() {
    let app = App::indexed();
    // Damage every term dictionary: opening the index does not notice.
    for entry in std::fs::read_dir(&app.index).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "term") {
            std::fs::write(&path, b"damaged").unwrap();
        }
    }
    let run = app.run(&["index", "--rebuild"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("building a new index beside the old one"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("9 passages written, 9 in the index"),
        "{}",
        run.stdout
    );
    let a = app.ask_json("How much did Amazon invest in Anthropic?");
    assert!(a.answer.contains("8 billion"), "{}", a.answer);

    // Only index files are removed: a folder holding anything else is refused.
    std::fs::write(app.index.join("notes.txt"), "mine").unwrap();
    let run = app.run(&["index", "--rebuild"]);
    assert_ne!(run.code, 0);
    assert!(app.index.join("notes.txt").exists());
}
