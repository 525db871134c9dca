//! [`Problem`]: one thing wrong with one file, shown as `file:line: message`.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// The non-blank lines of a JSON-lines file, each with its line number (from 1) and its value,
/// or the problem of a line that is not a `what` (named in the message).
pub fn json_lines<'a, T: serde::de::DeserializeOwned>(
    path: &'a Path,
    text: &'a str,
    what: &'a str,
) -> impl Iterator<Item = (usize, Result<T, Problem>)> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(move |(i, line)| {
            let parsed = serde_json::from_str(line).map_err(|e| Problem {
                path: path.to_path_buf(),
                line: Some(i + 1),
                message: format!("not {what}: {e}"),
            });
            (i + 1, parsed)
        })
}

impl Problem {
    /// A problem of line `line` of `path`.
    pub fn at(path: &Path, line: usize, message: String) -> Problem {
        Problem {
            path: path.to_path_buf(),
            line: Some(line),
            message,
        }
    }
}
