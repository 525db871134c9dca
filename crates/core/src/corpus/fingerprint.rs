//! The corpus [`Fingerprint`]: the hash of each corpus file, computed without parsing, enough
//! to tell whether an index is up to date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::look::Look;
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
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
}

/// The article files under `dir/articles` (in subfolders too), sorted.
pub(super) fn article_files(dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    Ok(scan_articles(dir)?.0.into_iter().map(|f| f.path).collect())
}

/// A file of the corpus, as a folder scan found it.
#[derive(Debug)]
pub(super) struct CorpusFile {
    pub path: PathBuf,
    /// Where in `path` the part relative to the corpus folder starts.
    relative_from: usize,
    /// The folder's entry for it, when it is no link: a `stat` through it needs no lookup of
    /// the path (at 100,000 files, path lookups were half the cost of a freshness check).
    entry: Option<std::fs::DirEntry>,
}

impl CorpusFile {
    /// The file `name` of the corpus in `dir`.
    pub fn named(dir: &Path, name: &str) -> CorpusFile {
        let path = dir.join(name);
        let relative_from = path.as_os_str().len() - name.len();
        CorpusFile {
            path,
            relative_from,
            entry: None,
        }
    }

    /// The path relative to the corpus folder, with `/` between folders: how stamps,
    /// fingerprints and manifests name the file.
    pub fn name(&self) -> std::borrow::Cow<'_, str> {
        let bytes = self.path.as_os_str().as_encoded_bytes();
        let bytes = bytes.get(self.relative_from..).unwrap_or(bytes);
        // `from_utf8_lossy` alone walks the name in chunks, several times slower.
        let name = std::str::from_utf8(bytes).map_or_else(
            |_| String::from_utf8_lossy(bytes),
            std::borrow::Cow::Borrowed,
        );
        if std::path::MAIN_SEPARATOR == '/' {
            name
        } else {
            name.replace(std::path::MAIN_SEPARATOR, "/").into()
        }
    }

    /// Whether the file is a link: its target may change where no watch of the corpus sees it.
    pub fn is_link(&self) -> bool {
        self.entry.is_none()
            && std::fs::symlink_metadata(&self.path).is_ok_and(|m| m.file_type().is_symlink())
    }

    /// The file's look now (a link's target's).
    pub fn look(&self) -> std::io::Result<Look> {
        match &self.entry {
            Some(entry) => entry.metadata().map(|m| Look::of(&m)),
            None => Look::of_path(&self.path),
        }
    }
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
pub(super) fn scan_articles(dir: &Path) -> Result<(Vec<CorpusFile>, Vec<NotIndexed>), CorpusError> {
    let unreadable = |source| CorpusError::Unreadable {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    let mut others = Vec::new();
    let articles = dir.join("articles");
    // Where names relative to `dir` start in the paths below it.
    let relative_from = articles.as_os_str().len() - "articles".len();
    let mut folders = vec![articles];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(unreadable)? {
            let entry = entry.map_err(unreadable)?;
            let path = entry.path();
            // Editors' and systems' hidden files (".#draft.md", ".DS_Store") are nobody's article.
            if path
                .file_name()
                .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."))
            {
                continue;
            }
            let kind = entry.file_type().map_err(unreadable)?;
            // The directory listing gives the kind of most entries: only a link costs a `stat`
            // (one per file counts, at 100,000 articles).
            let is_file = || kind.is_file() || (kind.is_symlink() && path.is_file());
            if kind.is_dir() {
                folders.push(path);
            } else if is_article_name(&path) && is_file() {
                let entry = kind.is_file().then_some(entry);
                files.push(CorpusFile {
                    path,
                    relative_from,
                    entry,
                });
            } else {
                others.push(NotIndexed {
                    path: relative(dir, &path),
                    reason: "only .md and .markdown files are articles; import other formats with `dealdesk import`",
                });
            }
        }
    }
    // By bytes, not by path components: the same order for names in one folder, and several
    // times faster at 100,000 files. Past the corpus folder, which all paths share.
    fn name(f: &CorpusFile) -> &[u8] {
        &f.path.as_os_str().as_encoded_bytes()[f.relative_from..]
    }
    files.sort_unstable_by(|a, b| name(a).cmp(name(b)));
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
