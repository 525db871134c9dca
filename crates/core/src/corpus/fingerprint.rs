//! The corpus [`Fingerprint`]: the hash of each corpus file, computed without parsing, enough
//! to tell whether an index is up to date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{CorpusError, DEALS_FILE, ENTITIES_FILE};

/// The files that make up a corpus and the hash of each: cheap to compute, enough to tell
/// whether an index is up to date.
pub type Fingerprint = BTreeMap<String, String>;

pub fn hash_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Extensions of article files.
pub const ARTICLE_EXTENSIONS: &[&str] = &["md", "markdown"];

/// The article files under `dir/articles` (in subfolders too), sorted.
pub(super) fn article_files(dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    Ok(scan_articles(dir)?.0)
}

/// A file under `articles/` that is not read as an article, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotIndexed {
    /// Relative to the corpus folder.
    pub path: String,
    pub reason: &'static str,
}

/// The article files under `dir/articles` (in subfolders too), sorted, and the other files
/// found there, which are reported rather than skipped silently.
pub(super) fn scan_articles(dir: &Path) -> Result<(Vec<PathBuf>, Vec<NotIndexed>), CorpusError> {
    let unreadable = |source| CorpusError::Unreadable {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    let mut others = Vec::new();
    let mut folders = vec![dir.join("articles")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(unreadable)? {
            let entry = entry.map_err(unreadable)?;
            let path = entry.path();
            let name = entry.file_name();
            // Editors' and systems' hidden files (".#draft.md", ".DS_Store") are nobody's article.
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry.file_type().map_err(unreadable)?;
            // The directory listing gives the kind of most entries: only a link costs a `stat`
            // (one per file counts, at 100,000 articles).
            let is_file = || kind.is_file() || (kind.is_symlink() && path.is_file());
            if kind.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
                && is_file()
            {
                files.push(path);
            } else {
                others.push(NotIndexed {
                    path: relative(dir, &path),
                    reason: "only .md and .markdown files are articles; import other formats with `dealdesk import`",
                });
            }
        }
    }
    // By bytes, not by path components: the same order for names in one folder, and several
    // times faster at 100,000 files.
    files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    others.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, others))
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
