//! Golden evaluation: `tests/golden/*.jsonl`, one case a line, run through the same code path as
//! `ask`, each answer checked for abstention, wording and citations.

use std::path::{Path, PathBuf};

use regex::RegexBuilder;
use serde::Deserialize;

use crate::answer::Answer;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    pub question: String,
    pub expect: Expect,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub abstain: bool,
    /// Regexes that must all match the answer, case-insensitively.
    #[serde(default)]
    pub answer_has: Vec<String>,
    /// Substrings each of which must occur in some citation's text.
    #[serde(default)]
    pub cites: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: {message}", .path.display())]
    Case {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// Reads the cases of one golden file, checking each line and each regex.
pub fn load(path: &Path) -> Result<Vec<Case>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with("//") {
            continue;
        }
        let bad = |message: String| EvalError::Case {
            path: path.to_path_buf(),
            line: i + 1,
            message,
        };
        let case: Case =
            serde_json::from_str(line).map_err(|e| bad(format!("not a golden case: {e}")))?;
        for pattern in &case.expect.answer_has {
            RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .map_err(|e| bad(format!("answer_has {pattern:?} is not a regex: {e}")))?;
        }
        cases.push(case);
    }
    Ok(cases)
}

/// What is wrong with `answer` for `case`; empty when it passes.
pub fn check(case: &Case, answer: &Answer) -> Vec<String> {
    let mut failures = Vec::new();
    if answer.is_abstained() != case.expect.abstain {
        failures.push(if case.expect.abstain {
            format!("answered but should abstain: {}", answer.text)
        } else {
            format!("abstained but should answer: {}", answer.text)
        });
    }
    for pattern in &case.expect.answer_has {
        let matches = RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .is_ok_and(|re| re.is_match(&answer.text));
        if !matches {
            failures.push(format!("answer lacks /{pattern}/: {}", answer.text));
        }
    }
    for cite in &case.expect.cites {
        if !answer
            .citations()
            .iter()
            .any(|c| c.text.contains(cite.as_str()))
        {
            failures.push(format!("no citation contains {cite:?}"));
        }
    }
    failures
}

/// Totals of a run, by what the cases expect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub answered_ok: usize,
    pub answered_total: usize,
    pub abstained_ok: usize,
    pub abstained_total: usize,
}

impl Tally {
    pub fn record(&mut self, case: &Case, passed: bool) {
        if case.expect.abstain {
            self.abstained_total += 1;
            self.abstained_ok += usize::from(passed);
        } else {
            self.answered_total += 1;
            self.answered_ok += usize::from(passed);
        }
    }

    pub fn all_passed(&self) -> bool {
        self.answered_ok == self.answered_total && self.abstained_ok == self.abstained_total
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "eval: answered {}/{}, abstained {}/{}",
            self.answered_ok, self.answered_total, self.abstained_ok, self.abstained_total
        )
    }
}
