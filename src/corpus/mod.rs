//! The corpus on disk: `articles/*.md`, each an [`Article`] split into paragraphs and sentences;
//! `entities.toml`, the entities deals are about; `deals.jsonl`, the deal records.
//!
//! Loading checks every file and reports every problem with its file and line; nothing is
//! indexed from a corpus with a problem, so the index in service stays as it was.

pub mod article;
pub mod sentences;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::deals::{self, Deal};
use crate::entities::{self, EntityTable};

pub use article::{Article, Paragraph};
pub use sentences::Sentence;

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

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read corpus {}: {source}; pass --corpus DIR or create {}/articles/", .path.display(), .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the corpus has {} problem(s), nothing was indexed:\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// The files that make up a corpus and the hash of each: cheap to compute, enough to tell
/// whether an index is up to date.
pub type Fingerprint = BTreeMap<String, String>;

#[derive(Debug, Clone)]
pub struct Corpus {
    pub dir: PathBuf,
    /// Sorted by id.
    pub articles: Vec<Article>,
    /// Content hash of each article, by id.
    pub hashes: BTreeMap<String, String>,
    pub entities: EntityTable,
    pub deals: Vec<Deal>,
    /// Hash of the entity and deal files together.
    pub catalog_hash: String,
    pub fingerprint: Fingerprint,
}

pub const ENTITIES_FILE: &str = "entities.toml";
pub const DEALS_FILE: &str = "deals.jsonl";

pub fn hash_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Paths of the corpus files relative to `dir`, sorted: `articles/*.md`.
fn article_files(dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
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

fn relative(dir: &Path, path: &Path) -> String {
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
fn catalog_hash(fingerprint: &Fingerprint) -> String {
    let part = |name: &str| fingerprint.get(name).cloned().unwrap_or_default();
    hash_bytes(format!("{}:{}", part(ENTITIES_FILE), part(DEALS_FILE)).as_bytes())
}

impl Corpus {
    /// Reads and checks every article under `dir/articles`.
    pub fn load(dir: &Path) -> Result<Corpus, CorpusError> {
        let mut problems = Vec::new();
        let mut articles: Vec<Article> = Vec::new();
        let mut hashes = BTreeMap::new();
        let mut fingerprint = Fingerprint::new();
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        for path in article_files(dir)? {
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) => {
                    problems.push(Problem {
                        path: path.clone(),
                        line: None,
                        message: format!("cannot read: {e}"),
                    });
                    continue;
                }
            };
            let hash = hash_bytes(&bytes);
            fingerprint.insert(relative(dir, &path), hash.clone());
            match Article::parse(&path, &bytes) {
                Ok(article) => {
                    if let Some(first) = seen.get(article.id.as_str()) {
                        problems.push(Problem {
                            path: path.clone(),
                            line: Some(2),
                            message: format!("duplicate id {:?}: already used by {}; give each article its own id", article.id.as_str(), first.display()),
                        });
                        continue;
                    }
                    seen.insert(article.id.to_string(), path.clone());
                    hashes.insert(article.id.to_string(), hash);
                    articles.push(article);
                }
                Err(p) => problems.push(p),
            }
        }
        articles.sort_by(|a, b| a.id.cmp(&b.id));
        let mut entities = EntityTable::default();
        let mut deals = Vec::new();
        let entities_path = dir.join(ENTITIES_FILE);
        let deals_path = dir.join(DEALS_FILE);
        for path in [&entities_path, &deals_path] {
            if let Ok(bytes) = std::fs::read(path) {
                fingerprint.insert(relative(dir, path), hash_bytes(&bytes));
            }
        }
        match entities::load(&entities_path) {
            Ok(table) => {
                entities = table;
                match deals::load(&deals_path, &entities, &articles) {
                    Ok(d) => deals = d,
                    Err(p) => problems.extend(p),
                }
            }
            Err(p) => problems.extend(p),
        }
        if !problems.is_empty() {
            return Err(CorpusError::Invalid(problems));
        }
        let catalog_hash = catalog_hash(&fingerprint);
        Ok(Corpus {
            dir: dir.to_path_buf(),
            articles,
            hashes,
            entities,
            deals,
            catalog_hash,
            fingerprint,
        })
    }
}
