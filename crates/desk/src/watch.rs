//! Live re-indexing: watches the corpus directory and, once it has been quiet for a moment,
//! loads it and brings the index up to date. Readers keep answering from the previous commit
//! while the update runs and see the new one when it returns. A corpus with problems is not
//! indexed: the error is logged and the serving index stays as it was.
//!
//! Used by `dealdesk serve --watch` and `dealdesk bot --watch`; each attempt is counted in the
//! desk's metrics (`dealdesk_reindex_total`).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use notify::{RecursiveMode, Watcher as _};

use dealdesk_core::corpus::journal::COOKIE_FOLDER;
use dealdesk_core::corpus::{self, Corpus, DEALS_FILE, ENTITIES_FILE, stamps};
use dealdesk_core::kb::fresh::{load_changes, stamped_fingerprint};
use dealdesk_core::kb::{KbError, KnowledgeBase, SyncSummary, summary_line};

use crate::Desk;

/// Why the corpus cannot be watched.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch {}: {source}", .dir.display())]
    Watch {
        dir: std::path::PathBuf,
        #[source]
        source: notify::Error,
    },
    #[error("cannot start the corpus watch thread: {0}")]
    Thread(#[source] std::io::Error),
}

/// What one update did.
#[derive(Debug)]
pub enum Outcome {
    Synced(SyncSummary),
    /// The corpus (or the index) had a problem; the serving index is unchanged.
    Failed(String),
    /// The change would remove more than half of the articles or of the deal records: it waits
    /// for someone to apply it by hand (`dealdesk index`), and says why.
    Held(String),
}

mod socket;

/// Keeps the watch alive; dropping it stops watching, and answering other commands.
pub struct WatchHandle {
    /// Shared with the thread that adds the watches of new folders, which holds it only
    /// while it adds one.
    _watcher: Arc<Mutex<notify::RecommendedWatcher>>,
    socket: Option<socket::Server>,
    shared: Arc<socket::Shared>,
}

impl WatchHandle {
    /// Whether other commands' freshness checks ask this watch (not when another watch
    /// already answers for the index, or the index folder is read-only).
    pub fn answers_commands(&self) -> bool {
        self.socket.is_some()
    }

    /// How long since a command last asked this watch (or since it started).
    pub fn idle_for(&self) -> Duration {
        self.shared.idle_for()
    }
}

/// Watches `corpus_dir` and syncs the desk's index after each burst of changes, `debounce`
/// after the last.
pub fn spawn(
    desk: Arc<Desk>,
    corpus_dir: &Path,
    debounce: Duration,
) -> Result<WatchHandle, WatchError> {
    let watch_error = |source| WatchError::Watch {
        dir: corpus_dir.to_path_buf(),
        source,
    };
    // Canonical: events name paths under it, and other commands name their corpus so.
    let canonical = std::fs::canonicalize(corpus_dir).map_err(|e| watch_error(e.into()))?;
    // Where the answers' cookies go; without it (a read-only index folder) the watch only
    // re-indexes, and other commands look at every file.
    let cookie_folder = desk.kb().dir().join(COOKIE_FOLDER);
    let cookie_folder = std::fs::create_dir_all(&cookie_folder)
        .and_then(|()| std::fs::canonicalize(&cookie_folder))
        .inspect_err(|e| {
            tracing::warn!(folder = %cookie_folder.display(), error = %e,
                "cannot answer other commands' freshness checks: they look at every corpus file");
        })
        .ok();
    let shared = Arc::new(socket::Shared::new(
        canonical.clone(),
        cookie_folder.clone().unwrap_or_default(),
    ));
    let (tx, rx) = mpsc::channel::<()>();
    // One check once watching, for changes made between opening the index and now.
    let kick = tx.clone();
    let journal = shared.clone();
    let (add_folder, folders_to_add) = mpsc::channel::<PathBuf>();
    let mut watcher =
        notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
            Ok(e) => {
                // Before the event is recorded: an answer that covers it waits for the
                // folder's watch.
                if let Some(folder) = new_folder(&e, journal.corpus()) {
                    journal.begin_adding();
                    if add_folder.send(folder.clone()).is_err() {
                        journal.done_adding(&folder, false);
                    }
                }
                if journal.record(&e) {
                    let _ = tx.send(());
                }
            }
            Err(e) => {
                journal.lost_events();
                tracing::warn!(error = %e, "corpus watch error");
                let _ = tx.send(());
            }
        })
        .map_err(watch_error)?;
    // Folder by folder: notify's recursive watch `stat`s every file it walks (a fifth of a
    // second at 100,000 articles) to find the folders among them. `articles/` holding only
    // files, as it usually does, is watched alone; folders that appear later are added as
    // they come.
    watcher
        .watch(&canonical, RecursiveMode::NonRecursive)
        .map_err(watch_error)?;
    let articles = canonical.join("articles");
    // Looked at once watched: a folder made meanwhile is an event.
    let flat = match watcher.watch(&articles, RecursiveMode::NonRecursive) {
        Ok(()) => holds_only_files(&articles),
        // None yet: its creation is an event on the corpus folder.
        Err(_) if std::fs::symlink_metadata(&articles).is_err() => true,
        Err(e) => return Err(watch_error(e)),
    };
    if !flat {
        watcher
            .watch(&canonical, RecursiveMode::Recursive)
            .map_err(watch_error)?;
    }
    // The same watcher, so its one event queue orders the cookies after the corpus's events.
    let cookies_watched = cookie_folder.is_some_and(|folder| {
        watcher
            .watch(&folder, RecursiveMode::NonRecursive)
            .inspect_err(|e| tracing::warn!(error = %e, "cannot watch the watch's cookie folder"))
            .is_ok()
    });
    // Only once watching: the journal vouches for nothing before.
    let socket = cookies_watched
        .then(|| socket::serve(shared.clone(), desk.kb().dir()))
        .flatten();
    let watcher = Arc::new(Mutex::new(watcher));
    let adder = Arc::downgrade(&watcher);
    let journal = shared.clone();
    // Ends when the watcher is dropped: the event handler holds the other end.
    std::thread::Builder::new()
        .name("watch-folders".into())
        .spawn(move || {
            for folder in folders_to_add {
                let added = adder.upgrade().map(|watcher| {
                    let mut watcher = watcher.lock().unwrap_or_else(PoisonError::into_inner);
                    watcher.watch(&folder, RecursiveMode::Recursive)
                });
                // Gone again before it was watched: nothing in it to miss.
                let watched =
                    matches!(added, Some(Ok(()))) || std::fs::symlink_metadata(&folder).is_err();
                if !watched {
                    tracing::warn!(folder = %folder.display(),
                        "cannot watch a new corpus folder: commands look at every file");
                }
                journal.done_adding(&folder, watched);
            }
        })
        .map_err(WatchError::Thread)?;
    let _ = kick.send(());
    let dir = corpus_dir.to_path_buf();
    std::thread::Builder::new()
        .name("corpus-watch".into())
        .spawn(move || run(&desk, &dir, debounce, &rx))
        .map_err(WatchError::Thread)?;
    tracing::info!(corpus = %corpus_dir.display(), "watching the corpus for changes");
    Ok(WatchHandle {
        _watcher: watcher,
        socket,
        shared,
    })
}

/// Whether `folder` holds files only: no folder, no link (a linked folder is followed, as
/// notify's recursive watch does). Read from the listing alone, without a `stat` per file.
fn holds_only_files(folder: &Path) -> bool {
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries
            .into_iter()
            .all(|e| e.and_then(|e| e.file_type()).is_ok_and(|t| t.is_file()))
    })
}

/// The folder an event made appear in the corpus (created, or moved in), if it made one.
fn new_folder(event: &notify::Event, corpus: &Path) -> Option<PathBuf> {
    use notify::EventKind;
    use notify::event::ModifyKind;
    if !matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_)) | EventKind::Any
    ) {
        return None;
    }
    // A rename names its source, then its destination.
    let path = event.paths.last()?;
    (path.starts_with(corpus)
        && path.as_path() != corpus
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()))
    .then(|| path.clone())
}

fn run(desk: &Desk, dir: &Path, debounce: Duration, rx: &mpsc::Receiver<()>) {
    let kb = desk.kb();
    // Each loop: wait for a first change, then for `debounce` of quiet, then update once.
    while rx.recv().is_ok() {
        loop {
            match rx.recv_timeout(debounce) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let outcome = match settle(dir, debounce, rx) {
            Some(()) => guarded_update(kb, dir),
            None => return,
        };
        desk.hold(match &outcome {
            Outcome::Held(why) => Some(why.clone()),
            _ => None,
        });
        match &outcome {
            Outcome::Synced(s) if s.changed() || s.deals_written + s.entities_written > 0 => {
                tracing::info!("{}", summary_line(s, kb.passage_count()));
            }
            Outcome::Synced(_) => tracing::debug!("corpus touched, nothing to re-index"),
            Outcome::Failed(e) => {
                tracing::error!(error = %e, "corpus change not indexed; serving the previous index");
            }
            Outcome::Held(why) => {
                tracing::warn!(reason = %why, "corpus change held; serving the previous index");
            }
        }
        desk.metrics()
            .record_reindex(matches!(outcome, Outcome::Synced(_)));
    }
}

/// How long a corpus that still looks unfinished is waited for before it is read anyway.
const PATIENCE: Duration = Duration::from_secs(30);

/// Waits until the corpus looks finished: no file changed within `quiet`, and `deals.jsonl`
/// ends with a line break (a writer that pauses longer than the debounce would otherwise have
/// its half-written file applied). Gives up waiting after [`PATIENCE`]. `None`: the watch
/// ended.
fn settle(dir: &Path, quiet: Duration, rx: &mpsc::Receiver<()>) -> Option<()> {
    let started = std::time::Instant::now();
    let mut told = None;
    while let Some(why) = unfinished(dir, quiet) {
        if started.elapsed() > PATIENCE.max(quiet * 20) {
            tracing::warn!(reason = %why, "the corpus still looks unfinished; reading it anyway");
            break;
        }
        if told.as_ref() != Some(&why) {
            tracing::info!(reason = %why, "waiting for the corpus to be complete");
            told = Some(why);
        }
        match rx.recv_timeout(quiet) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    Some(())
}

/// Why the corpus looks like it is still being written, if it does.
fn unfinished(dir: &Path, quiet: Duration) -> Option<String> {
    let deals = dir.join(DEALS_FILE);
    if let Ok(bytes) = std::fs::read(&deals)
        && bytes.last().is_some_and(|b| *b != b'\n')
    {
        return Some(format!(
            "{DEALS_FILE} does not end with a line break: it looks half-written"
        ));
    }
    let mut files = vec![deals, dir.join(ENTITIES_FILE)];
    if let Ok(entries) = std::fs::read_dir(dir.join("articles")) {
        files.extend(entries.flatten().map(|e| e.path()));
    }
    let now = std::time::SystemTime::now();
    files.iter().find_map(|path| {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
        let age = now.duration_since(modified).unwrap_or_default();
        (age < quiet).then(|| {
            format!(
                "{} changed {} ms ago",
                path.strip_prefix(dir).unwrap_or(path).display(),
                age.as_millis()
            )
        })
    })
}

/// Loads the corpus and syncs the index; never panics the watch thread.
pub fn update(kb: &KnowledgeBase, dir: &Path) -> Outcome {
    match Corpus::load_for_index(dir) {
        Ok(corpus) => sync(kb, &corpus),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// [`update`], reading only the files that changed since the index's last commit (the stamps
/// kept in the index folder say which), unless the change would remove more than half of the
/// articles or of the deal records (an emptied folder, a half-written file that still parses):
/// such a change is held until applied by hand.
pub fn guarded_update(kb: &KnowledgeBase, dir: &Path) -> Outcome {
    let failed = |e: corpus::CorpusError| Outcome::Failed(e.to_string());
    let stamps = match stamped_fingerprint(dir, kb.dir()) {
        Ok(s) => s,
        Err(e) => return failed(e),
    };
    let corpus = match load_changes(kb, dir, &stamps) {
        Ok(c) => c,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    // Files that changed while they were read: the next event brings this back. Stamping again
    // over the stamps above reads only what changed since.
    if stamps::stamp(dir, stamps, None).is_ok_and(|now| !now.matches(&corpus.fingerprint)) {
        return Outcome::Failed(
            "the corpus changed while it was read; it is read again after the next change"
                .to_string(),
        );
    }
    let articles = match kb.manifest() {
        Ok(manifest) => manifest.articles.len(),
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let deals = kb.catalog().deals.len();
    // `hashes` covers every article, also when only the changed ones were parsed.
    let now = corpus.hashes.len();
    let loses_half = |now: usize, before: usize| before > 0 && now * 2 < before;
    if loses_half(now, articles) || loses_half(corpus.deals.len(), deals) {
        return Outcome::Held(format!(
            "the corpus now has {now} of {articles} articles and {} of {deals} deal records: a change that removes more than half is not applied on its own; run `dealdesk index` to apply it",
            corpus.deals.len()
        ));
    }
    match kb.sync(&corpus, &mut |_, _| {}) {
        // Another process moved the index since its manifest was read: read the whole corpus.
        Err(KbError::ChangedMeanwhile) => update(kb, dir),
        Ok(s) => Outcome::Synced(s),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

fn sync(kb: &KnowledgeBase, corpus: &Corpus) -> Outcome {
    match kb.sync(corpus, &mut |_, _| {}) {
        Ok(s) => Outcome::Synced(s),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dealdesk_core::kb::open_fresh;

    fn article(id: &str, sentence: &str) -> String {
        format!(
            "+++\nid = \"{id}\"\ntitle = \"{id}\"\nlanguage = \"en\"\npublished = \"2025-10\"\n+++\n\n{sentence}\n"
        )
    }

    /// A corpus of `n` articles and its index, in sync.
    fn indexed(n: usize) -> (tempfile::TempDir, KnowledgeBase) {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("corpus/articles");
        std::fs::create_dir_all(&articles).unwrap();
        for i in 0..n {
            let text = article(&format!("a{i}"), &format!("Acme{i} raised $ {i} million."));
            std::fs::write(articles.join(format!("a{i}.md")), text).unwrap();
        }
        let kb = open_fresh(&dir.path().join("corpus"), &dir.path().join("index"))
            .unwrap()
            .kb;
        (dir, kb)
    }

    /// [`indexed`], watched (re-indexing only after an hour of quiet: never in a test):
    /// the folder, the corpus and index paths, and the watch.
    fn watched(
        n: usize,
    ) -> (
        tempfile::TempDir,
        std::path::PathBuf,
        std::path::PathBuf,
        WatchHandle,
    ) {
        let (dir, kb) = indexed(n);
        let (corpus, index) = (dir.path().join("corpus"), dir.path().join("index"));
        let desk = Arc::new(Desk::new(Arc::new(kb), crate::DeskOptions::default()));
        let watch = spawn(desk, &corpus, Duration::from_secs(3600)).unwrap();
        (dir, corpus, index, watch)
    }

    #[test]
    fn one_edited_article_of_many_is_synced_not_held() {
        // Only the edited article is parsed; the unchanged ones still count as articles.
        let (dir, kb) = indexed(5);
        let corpus = dir.path().join("corpus");
        std::fs::write(
            corpus.join("articles/a3.md"),
            article("a3", "Acme3 raised $ 33 million."),
        )
        .unwrap();
        match guarded_update(&kb, &corpus) {
            Outcome::Synced(s) => assert_eq!((s.updated, s.unchanged), (1, 4), "{s:?}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(kb.manifest().unwrap().articles.len(), 5);
    }

    #[cfg(unix)]
    #[test]
    fn other_commands_learn_from_the_watch_what_changed_since_their_stamps() {
        use dealdesk_core::corpus::journal::{self, Answer};
        let (_dir, corpus, index, watch) = watched(3);

        // A command that never asked: everything.
        let Some(Answer::Everything { now: start }) = journal::ask(&index, &corpus, None) else {
            panic!("no answer from the watch");
        };
        // Written just before asking: the answer names it (the cookie orders the events).
        std::fs::write(
            corpus.join("articles/a1.md"),
            article("a1", "Acme1 raised $ 11 million."),
        )
        .unwrap();
        std::fs::write(corpus.join("notes.txt"), "not read by the corpus").unwrap();
        let answer = journal::ask(&index, &corpus, Some(start));
        let Some(Answer::Changed { now, paths }) = answer else {
            panic!("{answer:?}");
        };
        assert_eq!(paths, ["articles/a1.md"]);
        assert_eq!(
            journal::ask(&index, &corpus, Some(now)),
            Some(Answer::Changed { now, paths: vec![] })
        );
        // A command opening the index asks the watch: it is not offered to start one.
        let start = |_: usize| -> bool { panic!("offered to start a second watch") };
        dealdesk_core::kb::open_fresh_starting_watch(&corpus, &index, Some(&start)).unwrap();
        // Another corpus folder than the watch's, with the same index: no answer, so that
        // its stamps keep no token of a watch that does not see its files.
        let other = tempfile::tempdir().unwrap();
        assert_eq!(journal::ask(&index, other.path(), Some(now)), None);
        // No cookie is left behind, and a stopped watch answers nothing.
        let cookies = std::fs::read_dir(index.join(COOKIE_FOLDER))
            .unwrap()
            .count();
        assert_eq!(cookies, 0);
        drop(watch);
        assert!(!index.join(journal::SOCKET_FILE).exists());
        assert_eq!(journal::ask(&index, &corpus, Some(now)), None);
    }

    #[cfg(unix)]
    #[test]
    fn folders_made_in_a_watched_corpus_are_watched_and_so_are_those_there_at_the_start() {
        use dealdesk_core::corpus::journal::{self, Answer};
        let changed_since =
            |index: &Path, corpus: &Path, since| match journal::ask(index, corpus, Some(since)) {
                Some(Answer::Changed { now, paths }) => (now, paths),
                other => panic!("{other:?}"),
            };
        // Only files under articles/ at the start: it is watched alone.
        let (_dir, corpus, index, watch) = watched(2);
        let Some(start) = journal::ask(&index, &corpus, None).map(|a| a.now()) else {
            panic!("no answer from the watch");
        };
        // A folder, two deep, and an article in it, made just before asking: named.
        std::fs::create_dir_all(corpus.join("articles/2025/10")).unwrap();
        let deep = corpus.join("articles/2025/10/deep.md");
        std::fs::write(&deep, article("deep", "Acme9 raised $ 9 million.")).unwrap();
        let (now, paths) = changed_since(&index, &corpus, start);
        assert!(paths.contains(&"articles/2025".to_string()), "{paths:?}");
        // Then watched: an edit in it is named, file by file.
        std::fs::write(&deep, article("deep", "Acme9 raised $ 10 million.")).unwrap();
        let (_, paths) = changed_since(&index, &corpus, now);
        assert_eq!(paths, ["articles/2025/10/deep.md"]);
        drop(watch);

        // A folder under articles/ at the start: every folder is watched from the start.
        let desk = Arc::new(Desk::new(
            Arc::new(open_fresh(&corpus, &index).unwrap().kb),
            crate::DeskOptions::default(),
        ));
        let watch = spawn(desk, &corpus, Duration::from_secs(3600)).unwrap();
        let Some(start) = journal::ask(&index, &corpus, None).map(|a| a.now()) else {
            panic!("no answer from the watch");
        };
        std::fs::write(&deep, article("deep", "Acme9 raised $ 11 million.")).unwrap();
        let (_, paths) = changed_since(&index, &corpus, start);
        assert_eq!(paths, ["articles/2025/10/deep.md"]);
        drop(watch);
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_moved_in_is_watched_and_a_replaced_corpus_folder_is_not_vouched_for() {
        use dealdesk_core::corpus::journal::{self, Answer};
        let (dir, corpus, index, watch) = watched(2);
        let Some(start) = journal::ask(&index, &corpus, None).map(|a| a.now()) else {
            panic!("no answer from the watch");
        };

        // The articles folder swapped for another one: named as a folder, then watched.
        let fresh = dir.path().join("fresh");
        std::fs::create_dir(&fresh).unwrap();
        std::fs::write(
            fresh.join("a0.md"),
            article("a0", "Acme0 raised $ 5 million."),
        )
        .unwrap();
        std::fs::rename(corpus.join("articles"), dir.path().join("old")).unwrap();
        std::fs::rename(&fresh, corpus.join("articles")).unwrap();
        let Some(Answer::Changed { now, paths }) = journal::ask(&index, &corpus, Some(start))
        else {
            panic!("no journal answer");
        };
        assert!(paths.contains(&"articles".to_string()), "{paths:?}");
        std::fs::write(
            corpus.join("articles/a0.md"),
            article("a0", "Acme0 raised $ 6 million."),
        )
        .unwrap();
        let answer = journal::ask(&index, &corpus, Some(now));
        assert!(
            matches!(&answer, Some(Answer::Changed { paths, .. }) if paths == &["articles/a0.md"]),
            "{answer:?}"
        );

        // The corpus folder itself replaced by another: nothing is vouched for.
        let now = answer.map(|a| a.now());
        std::fs::rename(&corpus, dir.path().join("corpus-old")).unwrap();
        std::fs::create_dir_all(corpus.join("articles")).unwrap();
        assert!(matches!(
            journal::ask(&index, &corpus, now),
            Some(Answer::Everything { .. })
        ));
        drop(watch);
    }

    #[test]
    fn removing_most_articles_is_held_even_when_the_rest_are_unchanged() {
        let (dir, kb) = indexed(5);
        let corpus = dir.path().join("corpus");
        for i in 0..3 {
            std::fs::remove_file(corpus.join(format!("articles/a{i}.md"))).unwrap();
        }
        assert!(
            matches!(guarded_update(&kb, &corpus), Outcome::Held(ref why) if why.contains("2 of 5 articles")),
        );
    }
}
