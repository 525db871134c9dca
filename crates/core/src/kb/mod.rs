//! The knowledge base on disk: a tantivy index built from the corpus, kept in step with it.
//!
//! Operating rules: one [`tantivy::IndexWriter`] at a time (created for a [`KnowledgeBase::sync`]
//! and dropped after its commit), one long-lived [`tantivy::IndexReader`] reloaded after each
//! commit, a fresh [`tantivy::Searcher`] per request. The commit payload holds a [`Manifest`]
//! (schema version, article hashes, corpus fingerprint), so the index and its description are
//! written atomically together: a failed update leaves the previous index in service.

pub mod catalog;
pub mod filter;
pub mod fresh;
pub mod passage;
pub mod schema;
pub mod tokenizer;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

use crate::corpus::{Corpus, Fingerprint};
use crate::model::{Article, Deal};
pub use catalog::{Catalog, DealFilter, DealSort};
pub use filter::{FilterError, FilterSpec};
pub use fresh::{Fresh, OpenError, open_fresh, summary_line};
pub use passage::StoredPassage;
pub use schema::{Fields, SCHEMA_VERSION};

#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("cannot use index directory {}: {source}", .dir.display())]
    Io {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} holds files that are not a dealdesk index ({file}); point --index at an empty or index directory", .dir.display())]
    NotAnIndex { dir: PathBuf, file: String },
    #[error(
        "the index is locked by another dealdesk process updating it; try again when it has finished"
    )]
    Locked,
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// What the index says about itself, stored in its commit payload.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub schema_version: u32,
    /// Content hash of each indexed article, by id.
    pub articles: BTreeMap<String, String>,
    /// Hashes of the corpus files the index was built from.
    pub fingerprint: Fingerprint,
    /// Hash of the entity and deal files.
    #[serde(default)]
    pub catalog: String,
    /// Seconds since the Unix epoch of the last update.
    pub indexed_at: u64,
}

/// How [`KnowledgeBase::open`] found the index directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Existing,
    Created,
    /// The old index could not serve (another schema version, damaged) and was replaced by an
    /// empty one; the reason says why.
    Rebuilt(String),
}

/// What a [`KnowledgeBase::sync`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub passages_written: usize,
    /// Deal and entity records written (all of them, when any changed).
    pub deals_written: usize,
    pub entities_written: usize,
    pub elapsed: Duration,
}

impl SyncSummary {
    pub fn changed(&self) -> bool {
        self.added + self.updated + self.removed > 0
    }
}

/// Progress of a long sync: articles done out of the articles to write.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

pub struct KnowledgeBase {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Serialises updates: tantivy allows one writer per index.
    update: Mutex<()>,
    /// Deals and entities of the last commit, replaced whole after each sync.
    catalog: RwLock<Arc<Catalog>>,
}

/// Files tantivy keeps in an index directory, by name or extension.
fn is_index_file(name: &str) -> bool {
    const EXTENSIONS: &[&str] = &["idx", "pos", "term", "store", "fast", "fieldnorm", "del"];
    name == "meta.json"
        || name.starts_with('.')
        || Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
}

fn io_error(dir: &Path) -> impl Fn(std::io::Error) -> KbError + '_ {
    move |source| KbError::Io {
        dir: dir.to_path_buf(),
        source,
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl KnowledgeBase {
    /// Opens the index in `dir`, creating it when absent and replacing it when it was built by an
    /// incompatible version.
    /// Opens the index in `dir` after removing its files (and only index files): for an index
    /// that is damaged in a way opening does not detect.
    pub fn open_rebuilt(dir: &Path) -> Result<(Self, Opened), KbError> {
        if dir.exists() {
            clear(dir)?;
        }
        let (kb, _) = Self::open(dir)?;
        Ok((kb, Opened::Rebuilt("asked to rebuild it".to_string())))
    }

    pub fn open(dir: &Path) -> Result<(Self, Opened), KbError> {
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        let (schema, fields) = schema::build();
        let mut opened = Opened::Existing;
        let index = if dir.join("meta.json").exists() {
            match Index::open_in_dir(dir) {
                Ok(index) => {
                    let manifest = read_manifest(&index);
                    let reason = match &manifest {
                        Some(m)
                            if m.schema_version == SCHEMA_VERSION && index.schema() == schema =>
                        {
                            None
                        }
                        Some(m) => Some(format!(
                            "the index was built with schema version {}, this dealdesk uses {SCHEMA_VERSION}",
                            m.schema_version
                        )),
                        None => Some("the index has no dealdesk manifest".to_string()),
                    };
                    match reason {
                        None => index,
                        Some(reason) => {
                            drop(index);
                            opened = Opened::Rebuilt(reason);
                            clear(dir)?;
                            create(dir, schema)?
                        }
                    }
                }
                Err(e) => {
                    opened = Opened::Rebuilt(format!("the index could not be opened ({e})"));
                    clear(dir)?;
                    create(dir, schema)?
                }
            }
        } else {
            refuse_foreign_files(dir)?;
            opened = Opened::Created;
            create(dir, schema)?
        };
        schema::register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let catalog = catalog::load(&reader.searcher(), &fields)?;
        Ok((
            Self {
                dir: dir.to_path_buf(),
                index,
                reader,
                fields,
                update: Mutex::new(()),
                catalog: RwLock::new(Arc::new(catalog)),
            },
            opened,
        ))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// A fresh searcher on the last committed state: take one per request.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The deals and entities in service.
    pub fn catalog(&self) -> Arc<Catalog> {
        match self.catalog.read() {
            Ok(c) => Arc::clone(&c),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Deals matching `filter`, sorted as asked.
    pub fn find_deals(&self, filter: &DealFilter) -> Result<Vec<Deal>, KbError> {
        catalog::find(&self.searcher(), &self.fields, filter)
    }

    pub fn manifest(&self) -> Manifest {
        read_manifest(&self.index).unwrap_or_default()
    }

    /// Number of indexed paragraphs.
    pub fn passage_count(&self) -> u64 {
        let searcher = self.searcher();
        let term = Term::from_field_text(self.fields.kind, passage::KIND);
        // Counted over live documents: a term's document frequency still counts the passages
        // of deleted articles until their segments are merged.
        let query = tantivy::query::TermQuery::new(term, IndexRecordOption::Basic);
        searcher
            .search(&query, &tantivy::collector::Count)
            .map_or(0, |n| n as u64)
    }

    /// Whether the index was built from exactly these corpus files.
    pub fn is_fresh(&self, fingerprint: &Fingerprint) -> bool {
        &self.manifest().fingerprint == fingerprint
    }

    /// Brings the index in step with `corpus`: new articles added, edited ones replaced, deleted
    /// ones removed, unchanged ones left alone. One atomic commit; readers see it on return.
    pub fn sync(&self, corpus: &Corpus, progress: Progress<'_>) -> Result<SyncSummary, KbError> {
        let started = Instant::now();
        let _update = self
            .update
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let before = self.manifest();
        let mut summary = SyncSummary::default();
        let to_write: Vec<&Article> = corpus
            .articles
            .iter()
            .filter(|a| before.articles.get(a.id.as_str()) != corpus.hashes.get(a.id.as_str()))
            .collect();
        let removed: Vec<&String> = before
            .articles
            .keys()
            .filter(|id| !corpus.hashes.contains_key(id.as_str()))
            .collect();
        summary.unchanged = corpus.articles.len() - to_write.len();
        summary.removed = removed.len();

        let after = Manifest {
            schema_version: SCHEMA_VERSION,
            articles: corpus.hashes.clone(),
            fingerprint: corpus.fingerprint.clone(),
            catalog: corpus.catalog_hash.clone(),
            indexed_at: now_secs(),
        };
        // Deals cite sentences of articles: any article change may move them.
        let rewrite_catalog =
            before.catalog != after.catalog || !to_write.is_empty() || !removed.is_empty();
        if !rewrite_catalog && before.fingerprint == after.fingerprint {
            summary.elapsed = started.elapsed();
            return Ok(summary);
        }

        let mut writer = self.writer()?;
        for id in removed {
            writer.delete_term(Term::from_field_text(self.fields.article_id, id));
        }
        for (done, article) in to_write.iter().enumerate() {
            if before.articles.contains_key(article.id.as_str()) {
                writer.delete_term(Term::from_field_text(
                    self.fields.article_id,
                    article.id.as_str(),
                ));
                summary.updated += 1;
            } else {
                summary.added += 1;
            }
            for doc in passage::documents(&self.fields, article) {
                writer.add_document(doc)?;
                summary.passages_written += 1;
            }
            progress(done + 1, to_write.len());
        }
        if rewrite_catalog {
            writer.delete_term(Term::from_field_text(self.fields.kind, catalog::DEAL));
            writer.delete_term(Term::from_field_text(self.fields.kind, catalog::ENTITY));
            for doc in catalog::documents(&self.fields, corpus)? {
                writer.add_document(doc)?;
            }
            summary.deals_written = corpus.deals.len();
            summary.entities_written = corpus.entities.all().len();
        }
        commit(&mut writer, &after)?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        let fresh = catalog::load(&self.reader.searcher(), &self.fields)?;
        match self.catalog.write() {
            Ok(mut c) => *c = Arc::new(fresh),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(fresh),
        }
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    fn writer(&self) -> Result<IndexWriter<TantivyDocument>, KbError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4);
        self.index
            .writer_with_num_threads(threads, threads * 20_000_000)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => KbError::Locked,
                e => KbError::Tantivy(e),
            })
    }

    /// The stored paragraph `article#pN`.
    pub fn passage(&self, article: &str, paragraph: u32) -> Result<Option<StoredPassage>, KbError> {
        passage::by_id(
            &self.searcher(),
            &self.fields,
            &format!("{article}#p{paragraph}"),
        )
    }
}

fn commit(writer: &mut IndexWriter<TantivyDocument>, manifest: &Manifest) -> Result<(), KbError> {
    let payload = serde_json::to_string(manifest)
        .map_err(|e| KbError::Tantivy(tantivy::TantivyError::InternalError(e.to_string())))?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

fn read_manifest(index: &Index) -> Option<Manifest> {
    let payload = index.load_metas().ok()?.payload?;
    serde_json::from_str(&payload).ok()
}

fn create(dir: &Path, schema: tantivy::schema::Schema) -> Result<Index, KbError> {
    let index = Index::create_in_dir(dir, schema)?;
    schema::register_tokenizers(&index);
    // An empty index still says which schema it has, so it is not mistaken for a foreign one.
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 15_000_000)?;
    commit(
        &mut writer,
        &Manifest {
            schema_version: SCHEMA_VERSION,
            ..Manifest::default()
        },
    )?;
    writer.wait_merging_threads()?;
    Ok(index)
}

fn refuse_foreign_files(dir: &Path) -> Result<(), KbError> {
    for entry in std::fs::read_dir(dir).map_err(io_error(dir))? {
        let name = entry
            .map_err(io_error(dir))?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !name.starts_with('.') {
            return Err(KbError::NotAnIndex {
                dir: dir.to_path_buf(),
                file: name,
            });
        }
    }
    Ok(())
}

/// Removes the index files of `dir`, and only those: the directory may be one a user chose.
fn clear(dir: &Path) -> Result<(), KbError> {
    for entry in std::fs::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == ".gitkeep" || !entry.path().is_file() {
            continue;
        }
        if !is_index_file(&name) {
            return Err(KbError::NotAnIndex {
                dir: dir.to_path_buf(),
                file: name,
            });
        }
    }
    for entry in std::fs::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != ".gitkeep" && entry.path().is_file() && is_index_file(&name) {
            std::fs::remove_file(entry.path()).map_err(io_error(dir))?;
        }
    }
    Ok(())
}
