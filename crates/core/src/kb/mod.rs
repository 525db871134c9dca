//! The knowledge base on disk: a tantivy index built from the corpus, kept in step with it.
//!
//! Operating rules: one [`tantivy::IndexWriter`] at a time (created for a [`KnowledgeBase::sync`]
//! and dropped after its commit), one long-lived [`tantivy::IndexReader`] reloaded after each
//! commit, a fresh [`tantivy::Searcher`] per request. The commit payload names a [`Manifest`]
//! (schema version, article hashes, corpus fingerprint) in a file of its own, written before the
//! commit: the index and its description change atomically together, and a failed update leaves
//! the previous index in service.

pub mod catalog;
mod directory;
pub mod filter;
pub mod fresh;
mod merging;
pub mod passage;
pub mod schema;
pub mod tokenizer;
mod verified;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

use crate::corpus::fingerprint::digest as fingerprint_digest;
use crate::corpus::{Corpus, Fingerprint, UnreadArticle, hash_bytes};
use crate::model::{Article, Deal};
pub use catalog::{Catalog, DealFilter, DealSort};
pub use filter::{FilterError, FilterSpec};
pub use fresh::{
    Fresh, OpenError, StartWatch, open_fresh, open_fresh_starting_watch, summary_line,
};
pub use passage::StoredPassage;
pub use schema::{Fields, SCHEMA_VERSION};
pub use verified::VERIFIED_FILE;

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
    #[error(
        "the index in {} is damaged ({what}); run `dealdesk index --rebuild` to build it anew from the corpus",
        .dir.display()
    )]
    Damaged { dir: PathBuf, what: String },
    /// Built by another version of dealdesk: [`KnowledgeBase::rebuild`] replaces it.
    #[error("{reason}; the index in {} must be rebuilt from the corpus", .dir.display())]
    Outdated { dir: PathBuf, reason: String },
    /// A corpus read against one state of the index met another: another process updated
    /// the index meanwhile. Reading the whole corpus again catches up.
    #[error(
        "the index changed while the corpus was being read (another process updated it); run `dealdesk index` again"
    )]
    ChangedMeanwhile,
    /// An article checked while the corpus was loaded had changed (or gone) when the update
    /// read it again to write it: nothing was written. Loading the corpus again catches up.
    #[error(
        "{} changed while it was being indexed; nothing was written: run `dealdesk index` again",
        .path.display()
    )]
    CorpusChanged { path: PathBuf },
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// What the index says about itself, in the file its commit payload names.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub schema_version: u32,
    /// Content hash of each indexed article, by id.
    #[serde(deserialize_with = "map_in_one_pass")]
    pub articles: BTreeMap<String, String>,
    /// Hashes of the corpus files the index was built from.
    #[serde(deserialize_with = "map_in_one_pass")]
    pub fingerprint: Fingerprint,
    /// Hash of the entity and deal files.
    #[serde(default)]
    pub catalog: String,
    /// Seconds since the Unix epoch of the last update.
    pub indexed_at: u64,
}

/// A JSON object read into a map through a vector: the manifest writes its keys in order, so
/// the map is built in one pass instead of by an insertion per key (100,000 at scale). A key
/// given twice keeps its last value, as insertions would.
fn map_in_one_pass<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    struct Pairs;
    impl<'de> serde::de::Visitor<'de> for Pairs {
        type Value = Vec<(String, String)>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of strings")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
            while let Some(pair) = map.next_entry()? {
                pairs.push(pair);
            }
            Ok(pairs)
        }
    }
    Ok(deserializer.deserialize_map(Pairs)?.into_iter().collect())
}

/// A [`Manifest`] to be written, borrowing what it describes: the same JSON.
#[derive(Debug, Serialize)]
struct ManifestOf<'a> {
    schema_version: u32,
    articles: &'a BTreeMap<String, String>,
    fingerprint: &'a Fingerprint,
    catalog: &'a str,
    indexed_at: u64,
}

impl<'a> ManifestOf<'a> {
    fn of(manifest: &'a Manifest) -> Self {
        ManifestOf {
            schema_version: manifest.schema_version,
            articles: &manifest.articles,
            fingerprint: &manifest.fingerprint,
            catalog: &manifest.catalog,
            indexed_at: manifest.indexed_at,
        }
    }
}

/// How [`KnowledgeBase::open`] found the index directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Existing,
    Created,
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
    /// Deals and entities of the commit the reader last loaded (by its searcher generation),
    /// replaced whole when the reader moves on: after a sync here, or a commit by another
    /// process that tantivy's meta.json watch picked up.
    catalog: RwLock<(u64, Arc<Catalog>)>,
    /// The manifest last read, and how meta.json looked then: at 100,000 articles it is
    /// megabytes of JSON, not worth reading twice while opening or updating, nor keeping for
    /// the life of a server ([`KnowledgeBase::release_manifest`], called after each).
    manifest: Mutex<Option<(MetaLook, Arc<Manifest>)>>,
    merge_schedule: merging::MergeSchedule,
}

/// How meta.json looks: tantivy replaces it whole at each commit, so a commit changes this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MetaLook {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: u64,
}

impl MetaLook {
    fn of(dir: &Path) -> Option<MetaLook> {
        let meta = std::fs::metadata(dir.join("meta.json")).ok()?;
        Some(MetaLook {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(&meta),
        })
    }
}

/// Where a rebuild writes the new index, inside the index directory, until it is complete.
const STAGING: &str = ".rebuild";
/// tantivy's writer lock file: whoever holds it may change the index.
const WRITER_LOCK: &str = ".tantivy-writer.lock";
const META_LOCK: &str = ".tantivy-meta.lock";

/// Waits, at most `patience`, until no process holds the update lock of the index in `dir`
/// (another command, or a watch, applying a change); whether it came free.
pub fn wait_for_updates(dir: &Path, patience: std::time::Duration) -> bool {
    let Ok(lock) = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join(WRITER_LOCK))
    else {
        // No lock file: no update ever ran here.
        return true;
    };
    let deadline = std::time::Instant::now() + patience;
    loop {
        match lock.try_lock() {
            Ok(()) => {
                let _ = lock.unlock();
                return true;
            }
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(_) => return false,
        }
    }
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

/// Writes `bytes` to `dir/name` whole or not at all: to a file of this process's first, then
/// renamed over it, so a reader never sees half of it. The staged file is removed on failure.
fn write_whole(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let staged = dir.join(format!("{name}.{}", std::process::id()));
    std::fs::write(&staged, bytes)
        .and_then(|()| std::fs::rename(&staged, dir.join(name)))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&staged);
        })
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
    /// Opens the index in `dir`, creating an empty one when there is none. An index built by
    /// another version gives [`KbError::Outdated`], a damaged one [`KbError::Damaged`]: neither
    /// is touched, so whatever still reads it keeps working until a rebuild replaces it.
    pub fn open(dir: &Path) -> Result<(Self, Opened), KbError> {
        if dir.join("meta.json").exists() {
            return Ok((Self::open_existing(dir)?, Opened::Existing));
        }
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        refuse_foreign_files(dir)?;
        let (schema, fields) = schema::build();
        let index = create(dir, schema)?;
        Ok((Self::serve(dir, index, fields)?, Opened::Created))
    }

    fn open_existing(dir: &Path) -> Result<Self, KbError> {
        let (schema, fields) = schema::build();
        let damaged = |what: String| KbError::Damaged {
            dir: dir.to_path_buf(),
            what,
        };
        let directory = directory::IndexDirectory::open(dir)
            .map_err(|e| damaged(format!("its directory cannot be opened: {e}")))?;
        let index = Index::open(directory).map_err(|e| match permission_denied(&e) {
            Some(source) => KbError::Io {
                dir: dir.to_path_buf(),
                source,
            },
            None => damaged(format!("it cannot be opened: {e}")),
        })?;
        // The commit's own word on its version, and that its manifest is there: the manifest
        // itself (megabytes at 100,000 articles) is read when an update needs it.
        let reason = match read_manifest_ref(&index) {
            Some(m) if m.schema_version != SCHEMA_VERSION || index.schema() != schema => {
                Some(format!(
                    "the index was built with schema version {}, this dealdesk uses {SCHEMA_VERSION}",
                    m.schema_version
                ))
            }
            Some(m) if dir.join(&m.manifest).is_file() => None,
            _ => Some("the index has no dealdesk manifest".to_string()),
        };
        if let Some(reason) = reason {
            return Err(KbError::Outdated {
                dir: dir.to_path_buf(),
                reason,
            });
        }
        // Every file's checksum, before anything reads them: flipped bytes would otherwise
        // give panics deep in tantivy, or, in stored text, a changed figure nobody notices.
        let bad = verified::damaged_files(dir, &index)
            .map_err(|e| damaged(format!("its files cannot be checked: {e}")))?;
        if !bad.is_empty() {
            let mut names: Vec<String> = bad.iter().map(|p| p.display().to_string()).collect();
            names.sort();
            return Err(damaged(format!(
                "{} file(s) fail their checksum: {}",
                names.len(),
                names.join(", ")
            )));
        }
        Self::serve(dir, index, fields)
    }

    /// The reader and the catalog over an opened index. The reader follows commits made by
    /// any process (tantivy watches meta.json), so a server sees another process's updates.
    fn serve(dir: &Path, index: Index, fields: Fields) -> Result<Self, KbError> {
        schema::register_tokenizers(&index);
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let searcher = reader.searcher();
        let catalog = catalog::load(&searcher, &fields)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            update: Mutex::new(()),
            catalog: RwLock::new((searcher.generation().generation_id(), Arc::new(catalog))),
            manifest: Mutex::new(None),
            merge_schedule: merging::MergeSchedule::default(),
        })
    }

    /// Builds a new index of `corpus` beside the one in `dir` (in `dir/.rebuild`) and puts it
    /// in its place only once it is complete: until then, the old index (of another version,
    /// damaged, or simply in service) stays as it was. A failed build (a full disk, say)
    /// leaves nothing behind.
    pub fn rebuild(
        dir: &Path,
        corpus: &Corpus,
        progress: Progress<'_>,
    ) -> Result<(Self, SyncSummary), KbError> {
        if corpus.partial {
            // Only the changes since some index: building from it would lose the rest.
            return Err(KbError::ChangedMeanwhile);
        }
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        only_index_files(dir)?;
        // The same lock tantivy's writers take: no update runs here meanwhile, in any process.
        let lock_path = dir.join(WRITER_LOCK);
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_error(dir))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(KbError::Locked),
            Err(std::fs::TryLockError::Error(e)) => return Err(io_error(dir)(e)),
        }
        let staging = dir.join(STAGING);
        remove_staging(&staging)?;
        std::fs::create_dir(&staging).map_err(io_error(&staging))?;
        let built = (|| {
            let (schema, fields) = schema::build();
            let index = create(&staging, schema)?;
            let kb = Self::serve(&staging, index, fields)?;
            kb.sync(corpus, progress)
        })();
        let summary = match built {
            Ok(summary) => summary,
            Err(e) => {
                // Best effort: the error that stopped the build is the one to report.
                let _ = remove_staging(&staging);
                return Err(e);
            }
        };
        swap_in(dir, &staging)?;
        drop(lock);
        Ok((Self::open_existing(dir)?, summary))
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

    /// The deals and entities in service: those of the commit the reader serves, read again
    /// when it has moved on (an unreadable new catalog keeps the previous one).
    pub fn catalog(&self) -> Arc<Catalog> {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        {
            let current = self.catalog.read().unwrap_or_else(|p| p.into_inner());
            if current.0 == generation {
                return Arc::clone(&current.1);
            }
        }
        let mut current = self.catalog.write().unwrap_or_else(|p| p.into_inner());
        if current.0 != generation
            && let Ok(fresh) = catalog::load(&searcher, &self.fields)
        {
            *current = (generation, Arc::new(fresh));
        }
        Arc::clone(&current.1)
    }

    /// Deals matching `filter`, sorted as asked.
    pub fn find_deals(&self, filter: &DealFilter) -> Result<Vec<Deal>, KbError> {
        catalog::find(&self.searcher(), &self.fields, filter)
    }

    /// The manifest of the last commit, by any process. An index whose commit names a
    /// manifest that cannot be read is damaged: updating it without knowing what it holds
    /// would leave the passages of removed articles behind.
    pub fn manifest(&self) -> Result<Arc<Manifest>, KbError> {
        let mut cached = self.manifest.lock().unwrap_or_else(|p| p.into_inner());
        // Looked at before reading: a commit in between leaves a look that no longer matches,
        // so the next use reads the manifest again.
        let look = MetaLook::of(&self.dir);
        if let (Some(look), Some((seen, manifest))) = (look, cached.as_ref())
            && look == *seen
        {
            return Ok(Arc::clone(manifest));
        }
        let manifest =
            Arc::new(
                read_manifest(&self.dir, &self.index).ok_or_else(|| KbError::Damaged {
                    dir: self.dir.clone(),
                    what: "the manifest its last commit names cannot be read".to_string(),
                })?,
            );
        *cached = look.map(|look| (look, Arc::clone(&manifest)));
        Ok(manifest)
    }

    /// The last commit's summary, without reading its manifest: what a freshness check and a
    /// status page need.
    pub fn commit_summary(&self) -> CommitSummary {
        let found = read_manifest_ref(&self.index);
        CommitSummary {
            indexed_at: found.as_ref().map_or(0, |m| m.indexed_at),
            fingerprint_digest: found.map(|m| m.fingerprint).unwrap_or_default(),
        }
    }

    /// Forgets the manifest kept since it was last read: a long-running process need not
    /// hold megabytes it only needed while opening or updating.
    pub fn release_manifest(&self) {
        *self.manifest.lock().unwrap_or_else(|p| p.into_inner()) = None;
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

    /// Brings the index in step with `corpus`: new articles added, edited ones replaced, deleted
    /// ones removed, unchanged ones left alone. One atomic commit; readers see it on return.
    pub fn sync(&self, corpus: &Corpus, progress: Progress<'_>) -> Result<SyncSummary, KbError> {
        let started = Instant::now();
        let _update = self
            .update
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let before = self.manifest()?;
        let mut summary = SyncSummary::default();
        let changed = |id: &str| before.articles.get(id) != corpus.hashes.get(id);
        // In id order, as a corpus holding every article gives them: the same index either way.
        let mut to_write: Vec<ToWrite<'_>> = corpus
            .articles
            .iter()
            .filter(|a| changed(a.id.as_str()))
            .map(ToWrite::Held)
            .chain(
                corpus
                    .unread
                    .iter()
                    .filter(|u| changed(u.id.as_str()))
                    .map(ToWrite::Unread),
            )
            .collect();
        to_write.sort_by(|a, b| a.id().cmp(b.id()));
        let removed: Vec<String> = before
            .articles
            .keys()
            .filter(|id| !corpus.hashes.contains_key(id.as_str()))
            .cloned()
            .collect();
        // A partial corpus carries only what changed since the index it was read against: any
        // other article this index holds differently was not read.
        if corpus.partial {
            let writing: std::collections::HashSet<&str> =
                to_write.iter().map(ToWrite::id).collect();
            if corpus.hashes.iter().any(|(id, hash)| {
                before.articles.get(id) != Some(hash) && !writing.contains(id.as_str())
            }) {
                return Err(KbError::ChangedMeanwhile);
            }
        }
        summary.unchanged = corpus.hashes.len() - to_write.len();
        summary.removed = removed.len();

        // Borrowed from the corpus: at 100,000 articles a copy of its maps is tens of MB.
        let after = ManifestOf {
            schema_version: SCHEMA_VERSION,
            articles: &corpus.hashes,
            fingerprint: &corpus.fingerprint,
            catalog: &corpus.catalog_hash,
            indexed_at: now_secs(),
        };
        // Deals cite sentences of articles: any article change may move them.
        let rewrite_catalog =
            before.catalog != *after.catalog || !to_write.is_empty() || !removed.is_empty();
        if !rewrite_catalog && before.fingerprint == *after.fingerprint {
            summary.elapsed = started.elapsed();
            return Ok(summary);
        }

        let plan = Plan {
            to_write,
            removed,
            rewrite_catalog,
            before,
            after,
        };
        let mut writer = self.writer()?;
        let large = self.merge_schedule.is_large(plan.to_write.len());
        let segments_before: std::collections::HashSet<tantivy::index::SegmentId> = if large {
            writer.set_merge_policy(Box::new(self.merge_schedule.policy()));
            self.index.searchable_segment_ids()?.into_iter().collect()
        } else {
            Default::default()
        };
        let files_before = segment_files(&self.dir);
        if let Err(e) = self.write(&mut writer, corpus, &plan, &mut summary, progress) {
            // A full disk, say: drop what was written, and the files written for it, so the
            // next attempt starts from the last commit with the space it had. (tantivy's own
            // garbage collection keeps a failed segment's files.)
            let _ = writer.rollback();
            drop(writer);
            if let Ok(files_before) = files_before {
                self.remove_new_files(&files_before);
            }
            return Err(e);
        }
        writer.wait_merging_threads()?;
        if large {
            // Only once the groups' merges are done: a segment in a merge cannot join another.
            // The write is committed: a merge that cannot run (another process took the
            // writer's lock meanwhile, say) leaves more segments, not a failed update.
            if let Err(e) = self.merge_leftovers(&segments_before) {
                tracing::warn!(error = %e, "the last segments of a large write were not merged");
            }
        }
        self.release_manifest();
        self.reader.reload()?;
        // The catalog follows the reader's new generation on its next use.
        let _ = self.catalog();
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    /// The documents of `plan`, and its commit.
    fn write(
        &self,
        writer: &mut IndexWriter<TantivyDocument>,
        corpus: &Corpus,
        plan: &Plan<'_>,
        summary: &mut SyncSummary,
        progress: Progress<'_>,
    ) -> Result<(), KbError> {
        let Plan {
            to_write,
            removed,
            rewrite_catalog,
            before,
            after,
        } = plan;
        for id in removed {
            writer.delete_term(Term::from_field_text(self.fields.article_id, id));
        }
        let mut done = 0;
        for chunk in to_write.chunks(REREAD_CHUNK) {
            let unread: Vec<&UnreadArticle> = chunk
                .iter()
                .filter_map(|item| match item {
                    ToWrite::Unread(u) => Some(*u),
                    ToWrite::Held(_) => None,
                })
                .collect();
            // One per unread item, in their order.
            let mut reread = crate::corpus::reread(&unread).into_iter();
            for item in chunk {
                let read_again;
                let article = match item {
                    ToWrite::Held(article) => *article,
                    ToWrite::Unread(was) => match reread.next().flatten() {
                        Some(article) => {
                            read_again = article;
                            &read_again
                        }
                        None => {
                            return Err(KbError::CorpusChanged {
                                path: was.path.clone(),
                            });
                        }
                    },
                };
                let id = article.id.as_str();
                if before.articles.contains_key(id) {
                    writer.delete_term(Term::from_field_text(self.fields.article_id, id));
                    summary.updated += 1;
                } else {
                    summary.added += 1;
                }
                for doc in passage::documents(&self.fields, article) {
                    writer.add_document(doc)?;
                    summary.passages_written += 1;
                }
                done += 1;
                progress(done, to_write.len());
            }
        }
        if *rewrite_catalog {
            writer.delete_term(Term::from_field_text(self.fields.kind, catalog::DEAL));
            writer.delete_term(Term::from_field_text(self.fields.kind, catalog::ENTITY));
            for doc in catalog::documents(&self.fields, corpus)? {
                writer.add_document(doc)?;
            }
            summary.deals_written = corpus.deals.len();
            summary.entities_written = corpus.entities.all().len();
        }
        commit(&self.dir, writer, after)?;
        Ok(())
    }

    /// Merges into one the small segments that a large write left (those not in `before`).
    fn merge_leftovers(
        &self,
        before: &std::collections::HashSet<tantivy::index::SegmentId>,
    ) -> Result<(), KbError> {
        // Ids only: a segment's meta kept here would keep its files after the merge.
        let merges = self.merge_schedule.leftover_merges(
            &self.index.searchable_segment_metas()?,
            before,
            writer_threads(),
        );
        if !merges.is_empty() {
            let mut writer = self.writer()?;
            // Started together: they run at once on the writer's merge threads.
            let running: Vec<_> = merges.iter().map(|merge| writer.merge(merge)).collect();
            for merge in running {
                merge.wait()?;
            }
            writer.wait_merging_threads()?;
        }
        Ok(())
    }

    /// Removes the segment files that were not in `before` and that no commit refers to:
    /// those a failed write left. Called with the update lock held.
    fn remove_new_files(&self, before: &std::collections::HashSet<String>) {
        let Ok(metas) = self.index.load_metas() else {
            return;
        };
        let live: std::collections::HashSet<String> = metas
            .segments
            .iter()
            .map(|s| s.id().uuid_string())
            .collect();
        let Ok(now) = segment_files(&self.dir) else {
            return;
        };
        for name in now.difference(before) {
            let segment = name.split('.').next().unwrap_or_default();
            if !live.contains(segment) {
                let _ = std::fs::remove_file(self.dir.join(name));
            }
        }
    }

    fn writer(&self) -> Result<IndexWriter<TantivyDocument>, KbError> {
        let threads = writer_threads();
        // 40 MB a thread: at 100,000 articles the build takes about an eighth less time than
        // with 20 MB (fewer segments to merge) and peaks near 250 MB; 80 MB crosses 300 MB.
        self.index
            .writer_with_num_threads(threads, threads * 40_000_000)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::IoError(io),
                    _,
                ) => KbError::Io {
                    dir: self.dir.clone(),
                    source: std::io::Error::new(io.kind(), io.to_string()),
                },
                tantivy::TantivyError::LockFailure(..) => KbError::Locked,
                e => KbError::Tantivy(e),
            })
    }

    /// The stored paragraph `article#pN`.
    pub fn passage(&self, article: &str, paragraph: u32) -> Result<Option<StoredPassage>, KbError> {
        passage::by_id(&self.searcher(), &self.fields, article, paragraph)
    }
}

/// How many threads a writer indexes on: one per core, up to four.
fn writer_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
}

/// Articles written at a time when they are read again from the corpus: the update holds
/// these, not the corpus.
const REREAD_CHUNK: usize = 256;

/// An article a sync writes: held by the corpus, or to be read again.
enum ToWrite<'c> {
    Held(&'c Article),
    Unread(&'c UnreadArticle),
}

impl ToWrite<'_> {
    fn id(&self) -> &str {
        match self {
            ToWrite::Held(article) => article.id.as_str(),
            ToWrite::Unread(unread) => unread.id.as_str(),
        }
    }
}

/// What a sync changes: computed first, so a failed write can be undone as a whole.
struct Plan<'c> {
    to_write: Vec<ToWrite<'c>>,
    removed: Vec<String>,
    rewrite_catalog: bool,
    before: Arc<Manifest>,
    after: ManifestOf<'c>,
}

/// What a commit's payload holds: the manifest itself lives in a file of its own beside
/// `meta.json`, named by its content. At 100,000 articles the manifest is 12 MB, which tantivy
/// would otherwise parse (as one escaped JSON string) on every open, writer and reload, and
/// write again on every commit.
#[derive(Debug, Serialize, Deserialize)]
struct ManifestRef {
    schema_version: u32,
    /// `.dealdesk-manifest-<hash>.json`, in the index directory.
    manifest: String,
    /// The manifest's `indexed_at`.
    indexed_at: u64,
    /// [`fingerprint_digest`] of the manifest's fingerprint: a freshness check compares the
    /// corpus with it, not with the fingerprint itself.
    fingerprint: String,
}

/// What a commit says about itself in `meta.json`, without its manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitSummary {
    /// Seconds since the Unix epoch of the last update (0 for none).
    pub indexed_at: u64,
    /// [`fingerprint_digest`] of the corpus files the index was built from.
    pub fingerprint_digest: String,
}

const MANIFEST_PREFIX: &str = ".dealdesk-manifest-";

/// Writes `manifest` to its file (before the commit that names it, so no commit names a
/// missing file), commits, and removes the manifest files of older commits but the previous
/// one, which a reader that read `meta.json` just before this commit may still be opening.
fn commit(
    dir: &Path,
    writer: &mut IndexWriter<TantivyDocument>,
    manifest: &ManifestOf<'_>,
) -> Result<(), KbError> {
    let internal = |e: String| KbError::Tantivy(tantivy::TantivyError::InternalError(e));
    let bytes = serde_json::to_vec(manifest).map_err(|e| internal(e.to_string()))?;
    let name = format!("{MANIFEST_PREFIX}{}.json", hash_bytes(&bytes));
    let path = dir.join(&name);
    let created = !path.exists();
    if created {
        write_whole(dir, &name, &bytes).map_err(io_error(dir))?;
    }
    let payload = serde_json::to_string(&ManifestRef {
        schema_version: manifest.schema_version,
        manifest: name.clone(),
        indexed_at: manifest.indexed_at,
        fingerprint: fingerprint_digest(manifest.fingerprint),
    })
    .map_err(|e| internal(e.to_string()))?;
    let committed = (|| -> Result<(), KbError> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        Ok(())
    })();
    if committed.is_err() && created {
        // No commit names it: a failed update leaves nothing behind.
        let _ = std::fs::remove_file(&path);
    }
    committed?;
    remove_old_manifests(dir, &name);
    Ok(())
}

/// Best effort: a file left behind costs only disk space, and the next commit tries again.
fn remove_old_manifests(dir: &Path, current: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut old: Vec<(SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(MANIFEST_PREFIX) && name != current
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    old.sort();
    // The newest of the others is the previous commit's.
    old.pop();
    for (_, path) in old {
        let _ = std::fs::remove_file(path);
    }
}

/// The last commit's payload, which names its manifest.
fn read_manifest_ref(index: &Index) -> Option<ManifestRef> {
    let payload = index.load_metas().ok()?.payload?;
    match serde_json::from_str::<ManifestRef>(&payload) {
        // Only a name of ours, never a path elsewhere.
        Ok(found)
            if found.manifest.starts_with(MANIFEST_PREFIX) && !found.manifest.contains('/') =>
        {
            Some(found)
        }
        Ok(_) => None,
        // Older indexes kept other payloads (up to version 9, the whole manifest): read for
        // their version only, so the index is rebuilt as one of another version.
        Err(_) => {
            #[derive(Deserialize)]
            struct Version {
                schema_version: u32,
            }
            let old: Version = serde_json::from_str(&payload).ok()?;
            Some(ManifestRef {
                schema_version: old.schema_version,
                manifest: String::new(),
                indexed_at: 0,
                fingerprint: String::new(),
            })
        }
    }
}

fn read_manifest(dir: &Path, index: &Index) -> Option<Manifest> {
    let found = read_manifest_ref(index).filter(|m| !m.manifest.is_empty())?;
    let bytes = std::fs::read(dir.join(&found.manifest)).ok()?;
    let mut manifest: Manifest = serde_json::from_slice(&bytes).ok()?;
    // The commit's own word on its version is the one that counts.
    manifest.schema_version = found.schema_version;
    Some(manifest)
}

fn create(dir: &Path, schema: tantivy::schema::Schema) -> Result<Index, KbError> {
    let directory = directory::IndexDirectory::open(dir).map_err(|e| KbError::Io {
        dir: dir.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    let index = Index::create(directory, schema, tantivy::IndexSettings::default())?;
    schema::register_tokenizers(&index);
    // An empty index still says which schema it has, so it is not mistaken for a foreign one.
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 15_000_000)?;
    commit(
        dir,
        &mut writer,
        &ManifestOf::of(&Manifest {
            schema_version: SCHEMA_VERSION,
            ..Manifest::default()
        }),
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

/// The names of the segment files in `dir` (index files other than meta and lock files).
fn segment_files(dir: &Path) -> std::io::Result<std::collections::HashSet<String>> {
    let mut names = std::collections::HashSet::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if is_index_file(&name) && !name.starts_with('.') && name != "meta.json" {
            names.insert(name);
        }
    }
    Ok(names)
}

/// Refuses a directory holding files that are not an index's: it may be one a user chose.
fn only_index_files(dir: &Path) -> Result<(), KbError> {
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
    Ok(())
}

fn remove_staging(staging: &Path) -> Result<(), KbError> {
    match std::fs::remove_dir_all(staging) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(staging)(e)),
        _ => Ok(()),
    }
}

/// Puts the complete index of `staging` in the place of `dir`'s. Its segment files have new
/// names, so they move in beside the old ones; replacing `meta.json` (a rename, atomic) is the
/// switch; the old segment files go last. A reader that still maps them keeps its copy.
fn swap_in(dir: &Path, staging: &Path) -> Result<(), KbError> {
    const SWITCH: [&str; 2] = [".managed.json", "meta.json"];
    let names = |d: &Path| -> Result<Vec<String>, KbError> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(d).map_err(io_error(d))? {
            let entry = entry.map_err(io_error(d))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let lock = name == WRITER_LOCK || name == META_LOCK;
            if entry.path().is_file() && is_index_file(&name) && !lock {
                names.push(name);
            }
        }
        Ok(names)
    };
    let old = names(dir)?;
    let new = names(staging)?;
    let rename =
        |name: &str| std::fs::rename(staging.join(name), dir.join(name)).map_err(io_error(dir));
    for name in new.iter().filter(|n| !SWITCH.contains(&n.as_str())) {
        rename(name)?;
    }
    for name in SWITCH {
        if new.iter().any(|n| n == name) {
            rename(name)?;
        }
    }
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    for name in old.iter().filter(|n| !new.contains(n)) {
        match std::fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_error(dir)(e)),
            _ => {}
        }
    }
    remove_staging(staging)
}

/// The permission error behind a tantivy error, if that is what it is: not damage.
fn permission_denied(e: &tantivy::TantivyError) -> Option<std::io::Error> {
    use tantivy::directory::error::OpenReadError;
    let io = match e {
        tantivy::TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. }) => io_error,
        tantivy::TantivyError::IoError(io_error) => io_error,
        _ => return None,
    };
    (io.kind() == std::io::ErrorKind::PermissionDenied)
        .then(|| std::io::Error::new(io.kind(), io.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_its_maps_as_insertions_would_in_any_order() {
        let json = r#"{"schema_version": 1, "articles": {"b": "2", "a": "1", "a": "3"},
            "fingerprint": {"articles/b.md": "2", "articles/a.md": "3"}, "catalog": "",
            "indexed_at": 0}"#;

        let manifest: Manifest = serde_json::from_str(json).unwrap();

        let by_insertion = |pairs: &[(&str, &str)]| {
            let mut map = BTreeMap::new();
            for (k, v) in pairs {
                map.insert(k.to_string(), v.to_string());
            }
            map
        };
        assert_eq!(
            manifest.articles,
            by_insertion(&[("b", "2"), ("a", "1"), ("a", "3")])
        );
        assert_eq!(
            manifest.fingerprint,
            by_insertion(&[("articles/b.md", "2"), ("articles/a.md", "3")])
        );
        assert!(
            serde_json::from_str::<Manifest>(
                r#"{"schema_version": 1, "articles": ["a"],
            "fingerprint": {}, "indexed_at": 0}"#
            )
            .is_err()
        );
    }

    #[test]
    fn a_manifest_is_written_as_the_manifest_it_borrows_from_reads_back() {
        let manifest = Manifest {
            schema_version: SCHEMA_VERSION,
            articles: BTreeMap::from([("a".to_string(), "0f".to_string())]),
            fingerprint: Fingerprint::from([("articles/a.md".to_string(), "0f".to_string())]),
            catalog: "1e".to_string(),
            indexed_at: 1_795_000_000,
        };
        let written = serde_json::to_string(&ManifestOf::of(&manifest)).unwrap();
        assert_eq!(written, serde_json::to_string(&manifest).unwrap());
        assert_eq!(
            serde_json::from_str::<Manifest>(&written).unwrap(),
            manifest
        );
    }

    #[test]
    fn the_small_segments_a_large_write_left_are_merged_into_one() {
        let corpus = tempfile::tempdir().unwrap();
        let index = tempfile::tempdir().unwrap();
        std::fs::create_dir(corpus.path().join("articles")).unwrap();
        let (mut kb, _) = KnowledgeBase::open(index.path()).unwrap();
        // One commit, one segment, per article.
        for (id, body) in [
            ("a", "Nimbus Corp invested $3 billion."),
            ("b", "Cirrus Labs hired 40 people."),
            ("c", "Stratus Inc bought a data centre."),
        ] {
            let text = format!(
                "+++\nid = \"{id}\"\ntitle = \"Title of {id}\"\nlanguage = \"en\"\n+++\n\n{body}\n"
            );
            std::fs::write(
                corpus.path().join("articles").join(format!("{id}.md")),
                text,
            )
            .unwrap();
            kb.sync(&Corpus::load(corpus.path()).unwrap(), &mut |_, _| {})
                .unwrap();
        }
        let segments = || kb.index.searchable_segment_metas().unwrap();
        assert!(segments().len() >= 3);
        let manifest = kb.manifest().unwrap();

        kb.merge_schedule = merging::MergeSchedule {
            large_write: 1,
            group_docs: 1_000,
        };
        kb.merge_leftovers(&std::collections::HashSet::new())
            .unwrap();
        assert_eq!(segments().len(), 1);
        kb.reader.reload().unwrap();
        assert_eq!(kb.passage_count(), 3);
        // A merge changes how the index is stored, not what it holds.
        assert_eq!(kb.manifest().unwrap(), manifest);

        // A large write (one article is, here) leaves at most one segment of its own, and
        // merges nothing it did not write.
        std::fs::write(
            corpus.path().join("articles").join("d.md"),
            "+++\nid = \"d\"\ntitle = \"Title of d\"\nlanguage = \"en\"\n+++\n\nCumulus hired 9 people.\n",
        )
        .unwrap();
        let merged = segments()[0].id();
        let summary = kb
            .sync(&Corpus::load(corpus.path()).unwrap(), &mut |_, _| {})
            .unwrap();
        assert_eq!(summary.added, 1);
        let after = segments();
        assert!(after.len() <= 2, "{} segments", after.len());
        assert!(after.iter().any(|s| s.id() == merged));
        assert_eq!(kb.passage_count(), 4);
    }
}
