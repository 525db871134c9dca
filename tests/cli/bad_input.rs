//! Bad questions get clear errors; a bad corpus names the file and line and leaves the previous
//! index answering.

use crate::helpers::{App, article};

const QUESTION: &str = "Combien Amazon a-t-il investi dans Anthropic ?";

#[test]
fn empty_question_is_a_usage_error() {
    let app = App::indexed();
    for q in ["", "   "] {
        let run = app.run(&["ask", q]);
        assert_eq!(run.code, 2, "{q:?}: {}", run.stderr);
        assert!(run.stderr.contains("question is empty"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    let run = app.run(&["ask"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("give a question"), "{}", run.stderr);
}

#[test]
fn overlong_question_is_refused_with_the_limit() {
    let app = App::indexed();
    let long = "Amazon ".repeat(300);
    let run = app.run(&["ask", &long]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("2000"), "{}", run.stderr);
    assert!(run.stderr.contains("shorten"), "{}", run.stderr);
}

#[test]
fn query_syntax_emoji_and_rtl_never_error() {
    let app = App::indexed();
    for q in [
        "\"",
        "\"Amazon",
        "Amazon:Anthropic",
        "(Intel",
        "Intel)",
        "*",
        "Intel*",
        "AND",
        "OR NOT",
        "-Intel",
        "+",
        "a AND OR b",
        "title:\"x",
        "🚀 Intel 🚀",
        "مرحبا كم استثمرت أمازون",
        "שלום",
        "[1 TO 5]",
        "\\",
        "^2",
        "~",
        "Intel^",
        "l’",
        "'",
        "\u{200f}Intel",
        "8,9,9,9",
        "$$$",
        "%",
    ] {
        for cmd in ["ask", "search"] {
            let run = app.run(&[cmd, "--json", "--", q]);
            assert_eq!(run.code, 0, "{cmd} {q:?}: {}", run.stderr);
            let v: serde_json::Value = serde_json::from_str(run.stdout.trim())
                .unwrap_or_else(|e| panic!("{cmd} {q:?}: {e}: {}", run.stdout));
            assert!(v.is_object());
        }
    }
    // A NUL cannot be an argument, but it can arrive on a batch line.
    let run = app.run_with_stdin(&["ask", "--batch", "-"], "\u{0}Intel\n\u{0}\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
}

/// Indexes the shipped corpus, breaks it with `file`, and checks the error and that the old index
/// still answers.
fn corpus_error_keeps_old_index(file: &str, content: &[u8], expected: &[&str]) {
    let app = App::indexed();
    app.write_article(file, content);
    let run = app.run(&["index"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(file), "names the file: {}", run.stderr);
    for e in expected {
        assert!(run.stderr.contains(e), "expected {e:?} in: {}", run.stderr);
    }
    assert!(
        run.stderr.contains("index was not changed"),
        "{}",
        run.stderr
    );

    let run = app.run(&["ask", "--json", QUESTION]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("previous index"), "{}", run.stderr);
    let a: dealdesk_core::wire::AnswerJson = serde_json::from_str(run.stdout.trim()).unwrap();
    assert!(
        !a.abstained && a.answer.contains("8 milliards"),
        "{}",
        a.answer
    );
}

#[test]
fn malformed_front_matter_names_file_and_line() {
    corpus_error_keeps_old_index(
        "broken.md",
        b"+++\nid = \"broken\"\ntitle = \"unterminated\n+++\n\nText.\n",
        &["broken.md:3", "malformed front matter"],
    );
}

#[test]
fn missing_front_matter_is_reported() {
    corpus_error_keeps_old_index(
        "plain.md",
        b"Just text, no front matter.\n",
        &["plain.md:1", "missing front matter"],
    );
}

#[test]
fn unknown_front_matter_field_is_reported() {
    corpus_error_keeps_old_index(
        "extra.md",
        b"+++\nid = \"extra\"\ntitle = \"t\"\nautor = \"x\"\n+++\n\nText.\n",
        &["extra.md:", "autor"],
    );
}

#[test]
fn duplicate_id_is_reported() {
    let dup = article("geants-tech-milliards-infrastructure-ia", "Another text.");
    corpus_error_keeps_old_index(
        "zz-duplicate.md",
        dup.as_bytes(),
        &[
            "duplicate id",
            // The file that holds the id already, unchanged in the index.
            "already used by",
            "articles/geants-tech-milliards-infrastructure-ia.md",
        ],
    );
}

#[test]
fn non_utf8_text_names_the_line() {
    let mut bytes = article("latin1", "First paragraph.\n\nCaf").into_bytes();
    bytes.extend_from_slice(b"\xe9 cr\xe8me.\n");
    corpus_error_keeps_old_index("latin1.md", &bytes, &["latin1.md:12", "UTF-8"]);
}

#[test]
fn empty_body_is_reported() {
    corpus_error_keeps_old_index(
        "empty.md",
        b"+++\nid = \"empty\"\ntitle = \"t\"\n+++\n\n## Heading only\n\n",
        &["empty.md", "empty body"],
    );
}

#[test]
fn bad_published_date_is_reported() {
    corpus_error_keeps_old_index(
        "date.md",
        b"+++\nid = \"date\"\ntitle = \"t\"\npublished = \"2025-13-01\"\n+++\n\nText.\n",
        &["date.md:4", "published"],
    );
}

/// Runs `dealdesk ARGS` with standard output or error (`stream`) a pipe nobody reads: every
/// write to it fails with a broken pipe, as under `dealdesk … 2>&1 | head` once head is done.
fn run_into_closed_pipe(app: &App, args: &[&str], stream: &str) -> std::process::ExitStatus {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = app.command(args);
    cmd.stdin(std::process::Stdio::null());
    match stream {
        "stdout" => cmd.stdout(writer).stderr(std::process::Stdio::null()),
        _ => cmd.stderr(writer).stdout(std::process::Stdio::null()),
    };
    cmd.status().unwrap()
}

#[test]
fn closed_output_streams_never_make_it_panic() {
    let app = App::shipped();
    // Output cut short: the command stops, and that is no failure.
    assert_eq!(
        run_into_closed_pipe(&app, &["schema"], "stdout").code(),
        Some(0)
    );
    assert_eq!(
        run_into_closed_pipe(&app, &["index"], "stdout").code(),
        Some(0)
    );
    // Standard error gone: the error message is lost, its exit code is not (101 was a panic).
    std::fs::write(app.corpus.join("deals.jsonl"), "not json\n").unwrap();
    assert_eq!(
        run_into_closed_pipe(&app, &["index"], "stderr").code(),
        Some(1)
    );
}

#[test]
fn a_batch_line_that_is_not_utf8_is_an_error_of_that_line_only() {
    use std::io::Write;
    let app = App::indexed();
    let mut child = app
        .command(&["ask", "--batch", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = [
        b"How much did Amazon invest in Anthropic?\n".as_slice(),
        b"Intel \xff\xfe\n",
        b"Combien Amazon a-t-il investi dans Anthropic ?\n",
    ]
    .concat();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0]["answer"].as_str().unwrap().contains("8 billion"));
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8")
    );
    assert!(lines[2]["answer"].as_str().unwrap().contains("8 milliards"));
}
