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

/// Paths of the corpus files relative to `dir`, sorted: `articles/*.md`.
pub(super) fn article_files(dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    let articles = dir.join("articles");
    let unreadable = |source| CorpusError::Unreadable {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&articles).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.extension().is_some_and(|e| e == "md") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
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
