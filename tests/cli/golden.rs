//! The golden suite: every case in tests/golden/*.jsonl must pass, through the library and
//! through `dealdesk eval`.

use std::path::PathBuf;

use dealdesk_core::eval::{self, Tally};
use dealdesk_core::kb::open_fresh;

use crate::helpers::App;

fn golden_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
}

#[test]
fn golden_suite_passes_in_process() {
    let app = App::shipped();
    let fresh = open_fresh(&app.corpus, &app.index).unwrap();
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in golden_files() {
        for case in eval::load(&file).unwrap() {
            count += 1;
            let answer = dealdesk_core::answer::ask(&fresh.kb, &case.question).unwrap();
            let problems = eval::check(&case, &answer);
            tally.record(&case, problems.is_empty());
            failures.extend(problems.into_iter().map(|p| format!("{}: {p}", case.id)));
        }
    }
    assert!(count >= 30, "the suite has {count} cases");
    assert!(tally.abstained_total >= 8, "{tally}");
    assert!(failures.is_empty(), "{tally}\n{}", failures.join("\n"));
}

#[test]
fn golden_suite_passes_through_the_eval_command() {
    let app = App::shipped();
    let mut args = vec!["eval".to_string()];
    args.extend(golden_files().iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = app.run(&args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let last = run.stdout.lines().last().unwrap();
    assert!(last.starts_with("eval: answered "), "{last}");
    let (answered, abstained) = last
        .trim_start_matches("eval: answered ")
        .split_once(", abstained ")
        .unwrap();
    let frac = |s: &str| {
        let (a, b) = s.split_once('/').unwrap();
        (a.parse::<usize>().unwrap(), b.parse::<usize>().unwrap())
    };
    let (a, at) = frac(answered);
    let (b, bt) = frac(abstained);
    assert_eq!((a, b), (at, bt), "{last}");
}

#[test]
fn eval_reports_a_miss_and_fails() {
    let app = App::indexed();
    let file = app.corpus.join("wrong.jsonl");
    std::fs::write(&file, "{\"id\": \"wrong\", \"question\": \"What is the capital of France?\", \"expect\": {\"abstain\": false}}\n").unwrap();
    let run = app.run(&["eval", file.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("FAIL wrong"), "{}", run.stdout);
    assert!(
        run.stdout
            .trim_end()
            .ends_with("eval: answered 0/1, abstained 0/0"),
        "{}",
        run.stdout
    );
}

#[test]
fn eval_rejects_a_malformed_case_with_its_line() {
    let app = App::indexed();
    let file = app.corpus.join("bad.jsonl");
    std::fs::write(
        &file,
        "{\"id\": \"a\", \"question\": \"q\", \"expect\": {\"abstain\": true}}\n{\"id\": \"b\"}\n",
    )
    .unwrap();
    let run = app.run(&["eval", file.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("bad.jsonl:2"), "{}", run.stderr);
}
