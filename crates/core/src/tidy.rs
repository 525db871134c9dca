//! Tidy checks on the core's own source, in the spirit of rust-analyzer's: the layers of
//! `lib.rs` hold. A module may use what is in a lower layer, and its own submodules, never a
//! module of its own layer or above. Every top-level module must have a layer here, so a new
//! one cannot slip in unranked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module and its layer, lowest first (the table of `lib.rs`).
const LAYERS: &[(&str, u8)] = &[
    ("ids", 0),
    ("date", 0),
    ("problem", 0),
    ("secret", 0),
    ("config", 1),
    ("text", 1),
    ("model", 2),
    ("corpus", 3),
    ("kb", 4),
    ("retrieve", 5),
    ("answer", 6),
    ("generation", 7),
    ("conversation", 8),
    ("draft", 8),
    ("lookup", 8),
    ("metrics", 8),
    ("eval", 8),
    ("wire", 9),
    ("render", 9),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a readable directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file with comments blanked (line numbers kept), so doc links do not count.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("//") {
                return String::new();
            }
            // A `//` outside a string literal starts a comment.
            let mut quotes = 0;
            let bytes = line.as_bytes();
            for i in 0..bytes.len() {
                match bytes[i] {
                    b'"' if i == 0 || bytes[i - 1] != b'\\' => quotes += 1,
                    b'/' if quotes % 2 == 0 && bytes.get(i + 1) == Some(&b'/') => {
                        return line[..i].to_string();
                    }
                    _ => {}
                }
            }
            line.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code reaches through `crate::`, with the line of each.
fn crate_references(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = code[at..].find("crate::") {
        let start = at + found + "crate::".len();
        at = start;
        // `dealdesk_crate::` and the like are other paths.
        let before = code[..start - "crate::".len()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let line = code[..start].matches('\n').count() + 1;
        let rest = &code[start..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a::b, c}`: the first segment of each item at depth one.
            let mut depth = 1;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 || (depth == 1 && c == ',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push((line, name));
                    }
                    item.clear();
                    if depth == 0 {
                        break;
                    }
                } else if depth >= 1 {
                    item.push(c);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((line, name));
        }
    }
    out
}

/// Every import that reaches a module of its own layer or above, as `file:line: message`.
fn upward_imports(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap_or(&file);
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or_default()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "tidy" {
            continue;
        }
        let Some(own) = layer(&top) else {
            problems.push(format!(
                "{}: module `{top}` has no layer: add it to LAYERS in tidy.rs and to the table in lib.rs",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (line, target) in crate_references(&code_only(&text)) {
            if target == top {
                continue;
            }
            match layer(&target) {
                Some(l) if l < own => {}
                Some(l) => problems.push(format!(
                    "{}:{line}: `{top}` (layer {own}) uses `crate::{target}` (layer {l}): a module may only use lower layers",
                    relative.display()
                )),
                None => problems.push(format!(
                    "{}:{line}: `crate::{target}` is not a ranked module",
                    relative.display()
                )),
            }
        }
    }
    problems
}

#[test]
fn no_module_uses_its_own_layer_or_above() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = upward_imports(&src);
    assert!(
        problems.is_empty(),
        "the core's layers are broken:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_module_of_lib_rs_has_a_layer() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs is readable");
    let declared: BTreeMap<&str, ()> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| (m.trim_end_matches(';'), ()))
        .collect();
    for module in declared.keys() {
        assert!(layer(module).is_some(), "module `{module}` has no layer");
    }
    for (module, _) in LAYERS {
        assert!(
            declared.contains_key(module),
            "LAYERS names `{module}`, which lib.rs does not declare"
        );
    }
}

#[test]
fn references_are_read_from_code_not_comments() {
    let code = code_only(
        "use crate::{text::{Lang, fold}, model::Deal};\n/// [`crate::wire`]\nlet u = \"http://x\"; crate::kb::x(); // crate::eval\nfoo_crate::bar",
    );
    let names: Vec<String> = crate_references(&code)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(names, ["text", "model", "kb"]);
}

#[test]
fn an_upward_import_is_caught() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("kb")).expect("mkdir");
    std::fs::write(
        dir.path().join("kb/mod.rs"),
        "use crate::model::Deal;\nuse crate::answer::Answer;\n",
    )
    .expect("write");
    let problems = upward_imports(dir.path());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("kb/mod.rs:2: `kb` (layer 4) uses `crate::answer`"));
}
