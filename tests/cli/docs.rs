//! The documents stay true to the tree: every path ARCHITECTURE.md and README.md name exists,
//! every test an invariant cites exists, and every crate is on the code map.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// The text between backticks.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

fn rust_sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != "target") {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_path_the_documents_name_exists() {
    for doc in ["ARCHITECTURE.md", "README.md"] {
        let text = read(doc);
        let paths = code_spans(&text)
            .into_iter()
            .chain(text.split_whitespace())
            .map(|w| w.trim_matches(|c: char| "`*(),.:;".contains(c)))
            .filter(|w| {
                ["crates/", "src/", "tests/", "benches/", "docs/"]
                    .iter()
                    .any(|p| w.starts_with(p))
                    && !w.contains('*')
            })
            .collect::<Vec<_>>();
        assert!(!paths.is_empty(), "{doc} names no path");
        for p in paths {
            assert!(
                root().join(p).exists(),
                "{doc} names {p}, which does not exist"
            );
        }
    }
}

#[test]
fn every_test_an_invariant_cites_exists() {
    let text = read("ARCHITECTURE.md");
    let invariants = &text[text.find("## Invariants").unwrap()..text.find("## Testing").unwrap()];
    let mut sources = String::new();
    for dir in ["crates", "src", "tests"] {
        rust_sources(&root().join(dir), &mut sources);
    }
    let cited: Vec<&str> = code_spans(invariants)
        .into_iter()
        .filter_map(|span| span.rsplit_once("::").map(|(_, name)| name))
        .filter(|name| {
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_') && name.contains('_')
        })
        .collect();
    assert!(cited.len() >= 8, "{cited:?}");
    for name in cited {
        assert!(
            sources.contains(&format!("fn {name}(")),
            "ARCHITECTURE.md cites the test or function `{name}`, which does not exist"
        );
    }
}

#[test]
fn every_crate_is_on_the_code_map() {
    let text = read("ARCHITECTURE.md");
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            text.contains(&format!("### `dealdesk-{name}`")),
            "crates/{name} has no section in ARCHITECTURE.md's code map"
        );
    }
}
