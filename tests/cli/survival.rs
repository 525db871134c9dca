//! An index that survives its disk: damaged files, a schema upgrade over a broken corpus, a
//! full disk, a read-only directory.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::helpers::{App, Run, age_schema, article, copy_dir};

const QUESTION: &str = "How much did Amazon invest in Anthropic?";

/// The index directory's files, with their contents: what "left as it was" means.
fn snapshot(dir: &Path) -> BTreeSet<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// The files of the index folder, but for the caches every command may write, whether or
/// not an update fails, and which are no part of the index: the stamps of the corpus files
/// (`.dealdesk-stamps`) and the record of index files whose checksums passed
/// (`.dealdesk-verified`).
fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name != dealdesk_core::kb::fresh::STAMPS_FILE
                && name != dealdesk_core::kb::VERIFIED_FILE
        })
        .collect()
}

#[test]
fn flipped_bytes_in_any_index_file_give_an_error_naming_rebuild_never_a_panic() {
    let app = App::indexed();
    let good = app.index.with_extension("good");
    copy_dir(&app.index, &good);
    for extension in ["term", "idx", "pos", "store", "fast", "fieldnorm"] {
        std::fs::remove_dir_all(&app.index).unwrap();
        copy_dir(&good, &app.index);
        for entry in std::fs::read_dir(&app.index).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == extension) {
                let mut bytes = std::fs::read(&path).unwrap();
                let (middle, end) = (bytes.len() / 2, (bytes.len() / 2 + 4).min(bytes.len()));
                for b in &mut bytes[middle..end] {
                    *b ^= 0x5a;
                }
                std::fs::write(&path, bytes).unwrap();
            }
        }
        for args in [&["ask", QUESTION][..], &["search", "Anthropic"], &["deals"]] {
            let run = app.run(args);
            assert_eq!(run.code, 1, "{extension} {args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains("damaged")
                    && run.stderr.contains("dealdesk index --rebuild")
                    && !run.stderr.contains("panicked"),
                "{extension} {args:?}: {}",
                run.stderr
            );
            assert!(run.stdout.is_empty(), "{}", run.stdout);
        }
        let run = app.run(&["index", "--rebuild"]);
        assert_eq!(run.code, 0, "{extension}: {}", run.stderr);
        let a = app.ask_json(QUESTION);
        assert!(a.answer.contains("8 billion"), "{extension}: {}", a.answer);
    }
}

#[test]
fn a_schema_upgrade_over_a_broken_corpus_keeps_the_old_index() {
    let app = App::indexed();
    age_schema(&app);
    let deals = app.corpus.join("deals.jsonl");
    let good_deals = std::fs::read_to_string(&deals).unwrap();
    std::fs::write(&deals, "{ not json\n").unwrap();
    let before = snapshot(&app.index);

    let run = app.run(&["ask", QUESTION]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("schema version 0")
            && run.stderr.contains("the old index is kept")
            && run.stderr.contains("deals.jsonl"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&app.index), before, "ask touched the old index");
    // `index` reads the corpus first, and stops there.
    let run = app.run(&["index"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("deals.jsonl"), "{}", run.stderr);
    assert_eq!(snapshot(&app.index), before, "index touched the old index");

    std::fs::write(&deals, good_deals).unwrap();
    let a = app.ask_json(QUESTION);
    assert!(a.answer.contains("8 billion"), "{}", a.answer);
    assert!(
        !app.index.join(".rebuild").exists(),
        "{:?}",
        names(&app.index)
    );
}

/// Runs the binary with a file-size limit, as a stand-in for a full disk: writing past it fails
/// with EFBIG (the shell ignores SIGXFSZ, and the binary inherits that).
fn run_with_file_limit(app: &App, kib: u32, args: &[&str]) -> Run {
    let command = app.command(args);
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; exec \"$@\"",
            kib * 2 // 512-byte blocks in POSIX sh
        ))
        .arg("sh")
        .arg(command.get_program())
        .args(command.get_args())
        .env_remove("DEALDESK_CORPUS")
        .env_remove("DEALDESK_INDEX")
        .output()
        .unwrap()
        .into()
}

/// About `bytes` of text that compresses badly, in paragraphs.
fn bulky_article(id: &str, bytes: usize) -> String {
    let mut body = String::with_capacity(bytes + 1024);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    while body.len() < bytes {
        for _ in 0..60 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            body.push_str(&format!("w{:x} ", x % 0xff_ffff));
        }
        body.push_str("\n\n");
    }
    article(id, &body)
}

#[test]
fn a_full_disk_leaves_no_leftovers_and_the_old_index_answers() {
    let app = App::indexed();
    let before = names(&app.index);
    app.write_article("bulky.md", bulky_article("bulky", 3 << 20));

    let run = run_with_file_limit(&app, 256, &["index"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the previous index is unchanged") && !run.stderr.contains("panicked"),
        "{}",
        run.stderr
    );
    assert_eq!(names(&app.index), before, "files were left behind");

    // Questions meanwhile: answered from the last commit, with a note saying why.
    let run = run_with_file_limit(&app, 256, &["ask", QUESTION]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("8 billion"), "{}", run.stdout);
    assert!(
        run.stderr.contains("updating the index failed")
            && run.stderr.contains("answering from the previous index"),
        "{}",
        run.stderr
    );
    assert_eq!(names(&app.index), before, "files were left behind");

    // With room again, the update goes through.
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 added"), "{}", run.stdout);

    // A rebuild that runs out of room leaves the index in service as it was.
    let before = snapshot(&app.index);
    let run = run_with_file_limit(&app, 256, &["index", "--rebuild"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the old index is unchanged"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&app.index), before);
}

/// Runs as an unprivileged user when the tests run as root (root may write anywhere).
fn run_as_reader(app: &App, args: &[&str]) -> Run {
    run_as_reader_with(app, args, &[])
}

/// [`run_as_reader`] with these environment variables set.
fn run_as_reader_with(app: &App, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = app.command(args);
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if root {
        let mut wrapped = Command::new("setpriv");
        wrapped
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(command.get_program())
            .args(command.get_args())
            .env_remove("DEALDESK_CORPUS")
            .env_remove("DEALDESK_INDEX");
        command = wrapped;
    }
    command.envs(env.iter().copied()).output().unwrap().into()
}

fn chmod(path: &Path, mode: &str) {
    let ok = Command::new("chmod")
        .args(["-R", mode])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "chmod {mode} {}", path.display());
}

#[test]
fn a_read_only_index_directory_answers() {
    let app = App::indexed();
    chmod(app.corpus.parent().unwrap(), "a+rX");
    chmod(&app.index, "a-w");
    // Even where a watch would be started (every file counts as many): none can answer
    // from a read-only folder, and nothing is said of it.
    let run = run_as_reader_with(
        &app,
        &["ask", QUESTION],
        &[("DEALDESK_AUTO_WATCH_FILES", "1")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("8 billion"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(!app.index.join(".dealdesk-watch.sock").exists());

    // A corpus newer than the index: the index cannot be updated, and still answers.
    app.write_article(
        "extra.md",
        article(
            "extra",
            "Nimbus Corp invested 3 billion dollars in Cirrus Labs.",
        ),
    );
    chmod(&app.corpus, "a+rX");
    let run = run_as_reader(&app, &["ask", QUESTION]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("8 billion"), "{}", run.stdout);
    assert!(
        run.stderr.contains("updating the index failed")
            && !run.stderr.contains("locked by another")
            && run.stderr.contains("answering from the previous index"),
        "{}",
        run.stderr
    );
    chmod(&app.index, "u+w");
}
