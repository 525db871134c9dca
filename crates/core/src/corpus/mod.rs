//! The corpus on disk: `articles/*.md`, each an [`Article`] split into paragraphs and sentences;
//! `entities.toml`, the entities deals are about; `deals.jsonl`, the deal records.
//!
//! Loading checks every file and reports every problem with its file and line; nothing is
//! indexed from a corpus with a problem, so the index in service stays as it was.

pub mod articles;
pub mod deals_file;
pub mod entities_file;
pub mod fingerprint;
pub mod journal;
mod listing;
pub mod look;
pub mod stamps;
pub mod summary;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::ids::ArticleId;
use crate::model::{Article, Deal, EntityTable};
use crate::problem::Problem;

pub use fingerprint::{Fingerprint, NotIndexed, fingerprint, fingerprint_digest, hash_bytes};

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
    /// Files under `articles/` that are not articles, reported by `index`.
    pub not_indexed: Vec<NotIndexed>,
    /// Deals reported by two articles without `same_as`, counted once: reported by `index`.
    pub duplicate_notes: Vec<String>,
    /// Whether `articles` holds only the articles an index needs to catch up
    /// ([`Corpus::load_changes`]); `hashes` and `fingerprint` always cover every file.
    pub partial: bool,
    /// Articles read and checked, then let go to bound memory (a corpus loaded to be indexed
    /// holds only the articles deal records cite): the index reads them again ([`reread`])
    /// when it writes them. Sorted by id.
    pub unread: Vec<UnreadArticle>,
}

/// An article read and checked while loading, then let go: where it is, and what it held.
#[derive(Debug, Clone, PartialEq)]
pub struct UnreadArticle {
    pub id: ArticleId,
    pub path: PathBuf,
    /// Its file's hash when it was checked.
    pub hash: String,
}

/// Which parsed articles a load keeps in memory.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Hold {
    Every,
    /// Those deal records cite (their quotes are located in them); the rest go to
    /// [`Corpus::unread`].
    Cited,
}

/// Files read (and parsed) at a time: what a load holds at once beyond what it keeps.
const READ_CHUNK: usize = 1024;

/// The articles `unread` names, read and parsed again on every core, in their order: `None`
/// for one whose file no longer has the hash (or the id) it had when it was checked.
pub fn reread(unread: &[&UnreadArticle]) -> Vec<Option<Article>> {
    let paths = unread.iter().map(|u| u.path.clone()).collect();
    read_articles(paths)
        .into_iter()
        .zip(unread)
        .map(|((_, read), was)| match read {
            Ok((hash, Ok(article))) if hash == was.hash && article.id == was.id => Some(article),
            _ => None,
        })
        .collect()
}

pub const ENTITIES_FILE: &str = "entities.toml";
pub const DEALS_FILE: &str = "deals.jsonl";

/// An article file an index already holds as it is, borrowed from the stamps and the index's
/// manifest: at 100,000 files, owned copies and a path each were a fifth of an update's time.
struct Unchanged<'a> {
    /// Relative to the corpus folder.
    name: &'a str,
    hash: &'a str,
    id: &'a str,
}

/// An article file read: its hash and the article, or why it is none.
type ReadArticle = std::io::Result<(String, Result<Article, Problem>)>;

/// Reads, hashes and parses `files` on every core (at most 4), in their order.
fn read_articles(files: Vec<PathBuf>) -> Vec<(PathBuf, ReadArticle)> {
    let read = |path: &PathBuf| -> ReadArticle {
        let bytes = std::fs::read(path)?;
        Ok((hash_bytes(&bytes), articles::parse(path, &bytes)))
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if threads < 2 || files.len() < 64 {
        return files
            .into_iter()
            .map(|p| {
                let r = read(&p);
                (p, r)
            })
            .collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| (p.clone(), read(p)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                // A parser panic is a bug: it surfaces here as it would have on one thread.
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

impl Corpus {
    /// Reads and checks every article under `dir/articles`, and keeps them all.
    pub fn load(dir: &Path) -> Result<Corpus, CorpusError> {
        Self::load_holding(dir, Hold::Every)
    }

    /// [`Corpus::load`] for an index to be built or brought up to date: every article is read
    /// and checked, but only those deal records cite are kept ([`Corpus::unread`]), so memory
    /// does not grow with the corpus (395 MB of articles at 100,000).
    pub fn load_for_index(dir: &Path) -> Result<Corpus, CorpusError> {
        Self::load_holding(dir, Hold::Cited)
    }

    fn load_holding(dir: &Path, hold: Hold) -> Result<Corpus, CorpusError> {
        let (listing, not_indexed) = listing::Listing::scan(dir)?;
        Self::load_files(dir, listing.paths(), not_indexed, Vec::new(), hold)
    }

    /// The corpus as an index that holds `known` needs it to catch up: `stamps` (taken just
    /// now, [`stamps::stamp`]) give every file's hash, and only the articles that changed, and
    /// those that deal records cite, are read and parsed; like [`Corpus::load_for_index`], it
    /// keeps only the cited ones. Such a corpus is [`Corpus::partial`]: enough to update that
    /// index, not to build one.
    ///
    /// `known` maps each file the index holds (relative path) to its hash and article id.
    pub fn load_changes<S: std::hash::BuildHasher>(
        dir: &Path,
        stamps: &stamps::Stamps,
        known: &HashMap<&str, (&str, &str), S>,
    ) -> Result<Corpus, CorpusError> {
        // The stamps were just taken: their listing of the folder is the one to read.
        let (names, not_indexed) = stamps.articles();
        let mut unchanged = Vec::new();
        let mut changed = Vec::new();
        for (name, hash) in names {
            match known.get(name) {
                Some(&(was, id)) if hash == was => {
                    unchanged.push(Unchanged { name, hash, id });
                }
                _ => changed.push(dir.join(name)),
            }
        }
        Self::load_files(dir, changed, not_indexed.to_vec(), unchanged, Hold::Cited)
    }

    fn load_files(
        dir: &Path,
        files: Vec<PathBuf>,
        not_indexed: Vec<NotIndexed>,
        unchanged: Vec<Unchanged<'_>>,
        hold: Hold,
    ) -> Result<Corpus, CorpusError> {
        let mut problems = Vec::new();
        let mut articles: Vec<Article> = Vec::new();
        let partial = !unchanged.is_empty();
        let mut unread = Vec::new();
        let entities_path = dir.join(ENTITIES_FILE);
        let deals_path = dir.join(DEALS_FILE);
        let cited_ids = deals_file::cited_articles(&deals_path);
        // Built whole rather than entry by entry: sorted input makes that a single pass.
        let mut print: Fingerprint = unchanged
            .iter()
            .map(|u| (u.name.to_string(), u.hash.to_string()))
            .collect();
        let mut hashes: BTreeMap<String, String> = unchanged
            .iter()
            .map(|u| (u.id.to_string(), u.hash.to_string()))
            .collect();
        // Where each article parsed here was found, for a duplicate's message (an unchanged
        // one's is looked up then).
        let mut parsed_at: HashMap<String, PathBuf> = HashMap::new();
        // Deal records locate their quotes in their articles: those are parsed too.
        let cited_unchanged: Vec<PathBuf> = unchanged
            .iter()
            .filter(|u| cited_ids.contains(u.id))
            .map(|u| dir.join(u.name))
            .collect();
        let read = files
            .chunks(READ_CHUNK)
            .flat_map(|chunk| read_articles(chunk.to_vec()));
        for (path, read) in read {
            let (hash, parsed) = match read {
                Ok(read) => read,
                Err(e) => {
                    problems.push(Problem {
                        path: path.clone(),
                        line: None,
                        message: format!("cannot read: {e}"),
                    });
                    continue;
                }
            };
            print.insert(fingerprint::relative(dir, &path), hash.clone());
            match parsed {
                Ok(article) => {
                    if hashes.contains_key(article.id.as_str()) {
                        let first = parsed_at.get(article.id.as_str()).cloned().or_else(|| {
                            unchanged
                                .iter()
                                .find(|u| u.id == article.id.as_str())
                                .map(|u| dir.join(u.name))
                        });
                        problems.push(Problem {
                            path: path.clone(),
                            line: Some(2),
                            message: format!(
                                "duplicate id {:?}: already used by {}; give each article its own id",
                                article.id.as_str(),
                                first.unwrap_or_default().display()
                            ),
                        });
                        continue;
                    }
                    parsed_at.insert(article.id.to_string(), path.clone());
                    hashes.insert(article.id.to_string(), hash.clone());
                    if hold == Hold::Every || cited_ids.contains(article.id.as_str()) {
                        articles.push(article);
                    } else {
                        unread.push(UnreadArticle {
                            id: article.id,
                            path,
                            hash,
                        });
                    }
                }
                Err(p) => problems.push(p),
            }
        }
        for (path, read) in read_articles(cited_unchanged) {
            match read {
                Ok((_, Ok(article))) => articles.push(article),
                Ok((_, Err(p))) => problems.push(p),
                Err(e) => problems.push(Problem {
                    path,
                    line: None,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
        articles.sort_by(|a, b| a.id.cmp(&b.id));
        unread.sort_by(|a, b| a.id.cmp(&b.id));
        let mut entities = EntityTable::default();
        let mut deals = Vec::new();
        for path in [&entities_path, &deals_path] {
            if let Ok(bytes) = std::fs::read(path) {
                print.insert(fingerprint::relative(dir, path), hash_bytes(&bytes));
            }
        }
        match entities_file::load(&entities_path) {
            Ok(table) => {
                entities = table;
                match deals_file::load(&deals_path, &entities, &articles) {
                    Ok(d) => deals = d,
                    Err(p) => problems.extend(p),
                }
            }
            Err(p) => problems.extend(p),
        }
        if !problems.is_empty() {
            return Err(CorpusError::Invalid(problems));
        }
        let duplicate_notes = deals_file::mark_probable_duplicates(&mut deals);
        let catalog_hash = fingerprint::catalog_hash(&print);
        Ok(Corpus {
            dir: dir.to_path_buf(),
            articles,
            hashes,
            entities,
            deals,
            catalog_hash,
            fingerprint: print,
            not_indexed,
            duplicate_notes,
            partial,
            unread,
        })
    }
}
