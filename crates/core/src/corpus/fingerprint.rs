//! The corpus [`Fingerprint`]: the hash of each corpus file, computed without parsing, enough
//! to tell whether an index is up to date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::listing::Listing;
use super::{CorpusError, DEALS_FILE, ENTITIES_FILE};

/// The files that make up a corpus and the hash of each: cheap to compute, enough to tell
/// whether an index is up to date.
pub type Fingerprint = BTreeMap<String, String>;

pub fn hash_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// One hash of a whole fingerprint, given as (path, hash) pairs in path order: two corpora
/// have the same digest when they have the same files with the same contents. A freshness
/// check compares the corpus with an index through it, without reading the index's manifest.
pub fn fingerprint_digest<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut hasher = Sha256::new();
    for (path, hash) in files {
        // Paths never hold a NUL, nor hashes a newline: the pairs cannot run into each other.
        hasher.update(path.as_bytes());
        hasher.update(b"\0");
        hasher.update(hash.as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// [`fingerprint_digest`] of a [`Fingerprint`].
pub fn digest(print: &Fingerprint) -> String {
    fingerprint_digest(print.iter().map(|(p, h)| (p.as_str(), h.as_str())))
}

/// Extensions of article files.
pub const ARTICLE_EXTENSIONS: &[&str] = &["md", "markdown"];

/// Whether `path` names an article file by its extension.
pub(super) fn is_article_name(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| is_article_file_name(name.as_encoded_bytes()))
}

/// Whether a file `name` (no folders) is an article's, by its extension, as
/// [`Path::extension`] finds it: after the last dot, unless that starts the name.
pub(super) fn is_article_file_name(name: &[u8]) -> bool {
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => {
            let extension = &name[dot + 1..];
            ARTICLE_EXTENSIONS
                .iter()
                .any(|a| a.as_bytes().eq_ignore_ascii_case(extension))
        }
        _ => false,
    }
}

/// The article files under `dir/articles` (in subfolders too), sorted.
pub(super) fn article_files(dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    Ok(Listing::scan(dir)?.0.paths())
}

/// A file under `articles/` that is not read as an article, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotIndexed {
    /// Relative to the corpus folder.
    pub path: String,
    pub reason: &'static str,
}

pub(super) fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Hashes of the corpus files without parsing them.
pub fn fingerprint(dir: &Path) -> Result<Fingerprint, CorpusError> {
    let mut print = Fingerprint::new();
    let mut files = article_files(dir)?;
    files.extend(
        [dir.join(ENTITIES_FILE), dir.join(DEALS_FILE)]
            .into_iter()
            .filter(|p| p.exists()),
    );
    for path in files {
        let bytes = std::fs::read(&path).map_err(|source| CorpusError::Unreadable {
            path: path.clone(),
            source,
        })?;
        print.insert(relative(dir, &path), hash_bytes(&bytes));
    }
    Ok(print)
}

/// The hash of the entity and deal files together (absent files count as empty).
pub(super) fn catalog_hash(fingerprint: &Fingerprint) -> String {
    let part = |name: &str| fingerprint.get(name).cloned().unwrap_or_default();
    hash_bytes(format!("{}:{}", part(ENTITIES_FILE), part(DEALS_FILE)).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_name_has_an_article_extension_as_path_finds_it() {
        let by_extension = |name: &str| {
            Path::new(name)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
        };
        for (name, article) in [
            ("a.md", true),
            ("a.MD", true),
            ("a.Markdown", true),
            ("a.txt.md", true),
            ("a..md", true),
            (".md", false),
            ("md", false),
            ("a.", false),
            ("a.md.txt", false),
            ("a.mdx", false),
        ] {
            assert_eq!(is_article_file_name(name.as_bytes()), article, "{name}");
            assert_eq!(by_extension(name), article, "{name}");
        }
    }
}
