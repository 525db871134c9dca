//! The files to import: a path is a file, or a folder whose supported files are imported
//! (recursively); each file's kind comes from its extension, and no file is read past
//! [`MAX_BYTES`].

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::ImportError;

/// Files larger than this are not read (20 MB: far more than any article or news feed).
pub const MAX_BYTES: u64 = 20_000_000;

/// Folders deeper than this under a path given are not entered.
const MAX_DEPTH: usize = 32;

/// What a file is read as, from its extension: a feed of articles, or one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Feed,
    Document(Format),
}

/// The format of a file that holds one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Html,
    Text,
    Markdown,
}

/// One file found under the paths given.
#[derive(Debug)]
pub(crate) enum Found {
    File(PathBuf, Kind),
    /// Not imported, and why (not a failure).
    Unsupported(PathBuf, String),
    Unreadable(PathBuf, std::io::Error),
}

const SUPPORTED: &str = ".html, .htm, .xml, .rss, .atom, .txt, .md or .markdown";

/// The kind of `path` by its extension, or why it is not imported.
pub(crate) fn kind_of(path: &Path) -> Result<Kind, String> {
    let Some(ext) = path.extension() else {
        return Err(format!(
            "unsupported file type (no extension; import {SUPPORTED} files)"
        ));
    };
    match ext.to_string_lossy().to_ascii_lowercase().as_str() {
        "html" | "htm" | "xhtml" => Ok(Kind::Document(Format::Html)),
        "xml" | "rss" | "atom" => Ok(Kind::Feed),
        "txt" | "text" => Ok(Kind::Document(Format::Text)),
        "md" | "markdown" => Ok(Kind::Document(Format::Markdown)),
        other => Err(format!(
            "unsupported file type (.{other}; import {SUPPORTED} files)"
        )),
    }
}

/// The files `path` stands for, in name order. Hidden files and folders (`.git`) are passed
/// over; symbolic links to folders are not followed.
pub(crate) fn walk(path: &Path) -> Vec<Found> {
    let mut found = Vec::new();
    match std::fs::metadata(path) {
        Err(e) => found.push(Found::Unreadable(path.to_path_buf(), e)),
        Ok(meta) if meta.is_dir() => walk_dir(path, 0, &mut found),
        Ok(_) => found.push(file(path)),
    }
    found
}

fn file(path: &Path) -> Found {
    match kind_of(path) {
        Ok(kind) => Found::File(path.to_path_buf(), kind),
        Err(why) => Found::Unsupported(path.to_path_buf(), why),
    }
}

fn walk_dir(dir: &Path, depth: usize, found: &mut Vec<Found>) {
    if depth > MAX_DEPTH {
        found.push(Found::Unsupported(
            dir.to_path_buf(),
            format!("folder nested deeper than {MAX_DEPTH} levels, not entered"),
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.push(Found::Unreadable(dir.to_path_buf(), e));
            return;
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => {
                found.push(Found::Unreadable(dir.to_path_buf(), e));
                return;
            }
        }
    }
    paths.sort();
    for path in paths {
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let linked = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        match std::fs::metadata(&path) {
            Err(e) => found.push(Found::Unreadable(path, e)),
            Ok(meta) if meta.is_dir() && linked => found.push(Found::Unsupported(
                path,
                "symbolic link to a folder, not followed".to_string(),
            )),
            Ok(meta) if meta.is_dir() => walk_dir(&path, depth + 1, found),
            Ok(_) => found.push(file(&path)),
        }
    }
}

/// The bytes of `path`, at most [`MAX_BYTES`] of them.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, ImportError> {
    let file = std::fs::File::open(path).map_err(ImportError::Unreadable)?;
    if let Ok(meta) = file.metadata()
        && meta.len() > MAX_BYTES
    {
        return Err(ImportError::TooLarge { size: meta.len() });
    }
    // The size can change between the check and the read (or lie, for special files).
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ImportError::Unreadable)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    Ok(bytes)
}

/// `bytes` as UTF-8 text without a byte-order mark.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, ImportError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => Err(ImportError::NotUtf8 {
            line: bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_extensions() {
        assert_eq!(
            kind_of(Path::new("a/Page.HTML")),
            Ok(Kind::Document(Format::Html))
        );
        assert_eq!(kind_of(Path::new("feed.rss")), Ok(Kind::Feed));
        assert_eq!(
            kind_of(Path::new("n.markdown")),
            Ok(Kind::Document(Format::Markdown))
        );
        let why = kind_of(Path::new("x.pdf")).unwrap_err();
        assert!(why.starts_with("unsupported file type (.pdf"), "{why}");
        assert!(kind_of(Path::new("README")).is_err());
    }

    #[test]
    fn folders_are_walked_in_order_and_hidden_entries_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub/.git")).unwrap();
        for f in [
            "b.txt",
            "a.html",
            "sub/c.md",
            "sub/.git/d.md",
            ".hidden.txt",
            "x.pdf",
        ] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let names: Vec<String> = walk(dir.path())
            .iter()
            .map(|f| match f {
                Found::File(p, _) => {
                    format!("file {}", p.strip_prefix(dir.path()).unwrap().display())
                }
                Found::Unsupported(p, _) => {
                    format!("skip {}", p.file_name().unwrap().to_string_lossy())
                }
                Found::Unreadable(p, _) => format!("unreadable {}", p.display()),
            })
            .collect();
        assert_eq!(
            names,
            ["file a.html", "file b.txt", "file sub/c.md", "skip x.pdf"]
        );
        assert!(matches!(
            walk(&dir.path().join("missing"))[..],
            [Found::Unreadable(..)]
        ));
    }

    #[test]
    fn reads_are_bounded_and_empty_files_refused() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("e.txt");
        std::fs::write(&empty, " \n\t").unwrap();
        assert!(matches!(read(&empty), Err(ImportError::Empty)));
        let big = dir.path().join("big.txt");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_BYTES + 1).unwrap();
        assert!(matches!(read(&big), Err(ImportError::TooLarge { .. })));
        assert!(matches!(
            utf8(b"ok\n\xff"),
            Err(ImportError::NotUtf8 { line: 2 })
        ));
        assert_eq!(utf8("\u{feff}t".as_bytes()).unwrap(), "t");
    }
}
