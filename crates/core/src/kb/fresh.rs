//! Opening the knowledge base for questions: build or refresh the index when it is missing or
//! older than the corpus, and keep answering from the previous index when the corpus is broken.

use std::path::Path;
use std::time::Duration;

use super::{KbError, KnowledgeBase, Opened, SyncSummary, wait_for_updates};
use crate::corpus::journal;
use crate::corpus::stamps::{Stamps, stamp, stamp_reading};
use crate::corpus::{Corpus, CorpusError};

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Index(#[from] KbError),
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(
        "{reason}, and the corpus cannot be read to rebuild it (the old index is kept as it was): {source}"
    )]
    CannotRebuild {
        reason: String,
        #[source]
        source: CorpusError,
    },
}

/// The knowledge base, and what happened while opening it: notes for a person to read.
pub struct Fresh {
    pub kb: KnowledgeBase,
    pub notes: Vec<String>,
}

/// One line that says what a sync changed.
pub fn summary_line(s: &SyncSummary, passages: u64) -> String {
    let catalog = if s.deals_written + s.entities_written > 0 {
        format!(
            "; {} deals and {} entities written",
            s.deals_written, s.entities_written
        )
    } else {
        String::new()
    };
    format!(
        "index: {} added, {} updated, {} removed, {} unchanged; {} passages written, {} in the index{catalog} ({} ms)",
        s.added,
        s.updated,
        s.removed,
        s.unchanged,
        s.passages_written,
        passages,
        s.elapsed.as_millis()
    )
}

/// Where the stamps of the corpus files are kept, in the index folder (a dot file: not part
/// of the index, and never taken for a foreign file there).
pub const STAMPS_FILE: &str = ".dealdesk-stamps";

/// The corpus fingerprint, reading only the files that changed since the last check (only
/// those a running watch names, when one serves the index folder: [`journal`]); the stamps are
/// saved for the next one when they changed (best effort: a read-only index folder only makes
/// the next check slower).
pub fn stamped_fingerprint(corpus_dir: &Path, index_dir: &Path) -> Result<Stamps, CorpusError> {
    check(corpus_dir, index_dir, None)
}

/// Called, when no watch serves the index, with how many files the last check looked at;
/// says whether it started a watch that now answers (the check then asks it, and its stamps
/// keep the watch's token: the next check looks only at what changed).
pub type StartWatch<'a> = &'a dyn Fn(usize) -> bool;

/// [`stamped_fingerprint`]; `start_watch` may start a watch first.
fn check(
    corpus_dir: &Path,
    index_dir: &Path,
    start_watch: Option<StartWatch<'_>>,
) -> Result<Stamps, CorpusError> {
    let path = index_dir.join(STAMPS_FILE);
    let previous = || {
        std::fs::read_to_string(&path)
            .map(Stamps::parse)
            .unwrap_or_default()
    };
    let serves = journal::may_serve(index_dir);
    let stamps = if serves || start_watch.is_some() {
        let previous = previous();
        // Asked before any file is looked at: a change made meanwhile is in the next answer.
        let ask = || journal::ask(index_dir, corpus_dir, previous.token());
        let mut watch = if serves { ask() } else { None };
        // None answers (none runs, or one died): one may be started, from how many files
        // the last check looked at.
        if watch.is_none() && start_watch.is_some_and(|start| start(previous.file_count())) {
            watch = ask();
        }
        stamp(corpus_dir, previous, watch.as_ref())?
    } else {
        // The previous stamps read while the corpus is listed.
        stamp_reading(corpus_dir, previous)?
    };
    if stamps.changed() {
        let _ = super::write_whole(index_dir, STAMPS_FILE, stamps.to_text().as_bytes());
    }
    Ok(stamps)
}

/// Whether the index's last commit was built from exactly the files `stamps` (taken just now)
/// describe, compared through their digests: the manifest is not read.
pub fn is_fresh(kb: &KnowledgeBase, stamps: &Stamps) -> bool {
    kb.commit_summary().fingerprint_digest == stamps.digest()
}

/// What a sync of `kb` would report when the index was built from exactly the files `stamps`
/// (taken just now) describe: nothing to write, found without reading the manifest (11 MB at
/// 100,000 articles) or any article. `None` when something changed.
pub fn up_to_date(kb: &KnowledgeBase, stamps: &Stamps, elapsed: Duration) -> Option<SyncSummary> {
    is_fresh(kb, stamps).then(|| SyncSummary {
        unchanged: stamps.article_count(),
        elapsed,
        ..SyncSummary::default()
    })
}

/// The corpus as `kb` needs it to catch up with `stamps` (taken just now): only the articles
/// that changed since its last commit are parsed ([`Corpus::load_changes`]).
pub fn load_changes(
    kb: &KnowledgeBase,
    corpus_dir: &Path,
    stamps: &Stamps,
) -> Result<Corpus, OpenError> {
    let manifest = kb.manifest()?;
    // Keyed by hashes and paths of the index's own manifest: no flooding to fear from them,
    // and FxHash is several times faster than SipHash on 100,000 keys.
    let id_of: rustc_hash::FxHashMap<&str, &str> = manifest
        .articles
        .iter()
        .map(|(id, hash)| (hash.as_str(), id.as_str()))
        .collect();
    let known: rustc_hash::FxHashMap<&str, (&str, &str)> = manifest
        .fingerprint
        .iter()
        .filter_map(|(path, hash)| {
            let id = id_of.get(hash.as_str())?;
            Some((path.as_str(), (hash.as_str(), *id)))
        })
        .collect();
    Ok(Corpus::load_changes(corpus_dir, stamps, &known)?)
}

/// How long an update waits for another process's update of the same index to finish.
pub const UPDATE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// Runs `write` (a sync or a rebuild) over `corpus`, into the index in `index_dir`. When
/// another process is updating the index (a watch applying the same change, say), waits for
/// it and runs again; when another process updated the index meanwhile, or an article changed
/// after it was checked, reads the whole corpus again and runs it once more.
pub fn write_retrying<T>(
    corpus_dir: &Path,
    index_dir: &Path,
    corpus: &Corpus,
    mut write: impl FnMut(&Corpus) -> Result<T, KbError>,
) -> Result<T, OpenError> {
    let mut written = write(corpus);
    if matches!(written, Err(KbError::Locked)) && wait_for_updates(index_dir, UPDATE_PATIENCE) {
        written = write(corpus);
    }
    match written {
        Err(KbError::ChangedMeanwhile | KbError::CorpusChanged { .. }) => {
            let corpus = Corpus::load_for_index(corpus_dir)?;
            Ok(write(&corpus)?)
        }
        other => Ok(other?),
    }
}

/// Opens the index in `index_dir`, bringing it up to date with `corpus_dir` when needed.
/// A corpus with problems does not stop questions while a previous index exists.
pub fn open_fresh(corpus_dir: &Path, index_dir: &Path) -> Result<Fresh, OpenError> {
    open_fresh_starting_watch(corpus_dir, index_dir, None)
}

/// [`open_fresh`]; when no watch serves the index, the freshness check first offers
/// `start_watch` to start one ([`StartWatch`]).
pub fn open_fresh_starting_watch(
    corpus_dir: &Path,
    index_dir: &Path,
    start_watch: Option<StartWatch<'_>>,
) -> Result<Fresh, OpenError> {
    let fresh = open_and_catch_up(corpus_dir, index_dir, start_watch)?;
    fresh.kb.release_manifest();
    Ok(fresh)
}

fn open_and_catch_up(
    corpus_dir: &Path,
    index_dir: &Path,
    start_watch: Option<StartWatch<'_>>,
) -> Result<Fresh, OpenError> {
    let mut notes = Vec::new();
    let (kb, opened) = match KnowledgeBase::open(index_dir) {
        Ok(opened) => opened,
        Err(KbError::Outdated { reason, .. }) => {
            // Built beside the old index, which stays until the new one is complete.
            let cannot_rebuild = |source| OpenError::CannotRebuild {
                reason: reason.clone(),
                source,
            };
            let corpus = Corpus::load_for_index(corpus_dir).map_err(cannot_rebuild)?;
            let (kb, summary) = write_retrying(corpus_dir, index_dir, &corpus, |corpus| {
                KnowledgeBase::rebuild(index_dir, corpus, &mut |_, _| {})
            })
            .map_err(|e| match e {
                OpenError::Corpus(source) => cannot_rebuild(source),
                e => e,
            })?;
            notes.push(format!(
                "{reason}: rebuilt it from {}",
                corpus_dir.display()
            ));
            notes.push(summary_line(&summary, kb.passage_count()));
            return Ok(Fresh { kb, notes });
        }
        Err(e) => return Err(e.into()),
    };
    let has_previous = kb.passage_count() > 0;
    let stamps = match check(corpus_dir, index_dir, start_watch) {
        Ok(stamps) if is_fresh(&kb, &stamps) => {
            return Ok(Fresh { kb, notes });
        }
        Ok(stamps) => stamps,
        Err(e) if has_previous => {
            notes.push(format!("{e}; answering from the existing index"));
            return Ok(Fresh { kb, notes });
        }
        Err(e) => return Err(e.into()),
    };
    match load_changes(&kb, corpus_dir, &stamps) {
        Ok(corpus) => {
            if opened == Opened::Existing {
                notes.push("the index is older than the corpus: updating it".to_string());
            } else if opened == Opened::Created {
                notes.push(format!("no index in {}: building it", index_dir.display()));
            }
            let synced = write_retrying(corpus_dir, index_dir, &corpus, |corpus| {
                kb.sync(corpus, &mut |_, _| {})
            });
            match synced {
                Ok(summary) => notes.push(summary_line(&summary, kb.passage_count())),
                // A full disk or a read-only index: the last commit still answers.
                Err(e) if has_previous => notes.push(format!(
                    "updating the index failed: {e}\nanswering from the previous index"
                )),
                Err(e) => return Err(e),
            }
        }
        Err(e) if has_previous => notes.push(format!("{e}\nanswering from the previous index")),
        Err(e) => return Err(e),
    }
    Ok(Fresh { kb, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, body: &str) -> String {
        format!("+++\nid = \"{id}\"\ntitle = \"Title of {id}\"\nlanguage = \"en\"\n+++\n\n{body}\n")
    }

    fn write(dir: &Path, file: &str, text: &str) {
        std::fs::write(dir.join("articles").join(file), text).unwrap();
    }

    fn write_a_and_b(corpus: &Path) {
        write(
            corpus,
            "a.md",
            &article("a", "Nimbus Corp invested $3 billion."),
        );
        write(
            corpus,
            "b.md",
            &article("b", "Cirrus Labs hired 40 people."),
        );
    }

    /// A corpus of articles a and b, and an empty index: (corpus, index, its knowledge base).
    fn two_articles() -> (tempfile::TempDir, tempfile::TempDir, KnowledgeBase) {
        let corpus = tempfile::tempdir().unwrap();
        let index = tempfile::tempdir().unwrap();
        std::fs::create_dir(corpus.path().join("articles")).unwrap();
        write_a_and_b(corpus.path());
        let (kb, _) = KnowledgeBase::open(index.path()).unwrap();
        (corpus, index, kb)
    }

    #[test]
    fn with_no_watch_the_check_offers_to_start_one_from_the_last_checks_file_count() {
        let (corpus, index, kb) = two_articles();
        drop(kb);
        let offered = std::cell::RefCell::new(Vec::new());
        let start = |files: usize| {
            offered.borrow_mut().push(files);
            false
        };
        // No stamps yet: nothing counted. Then the two articles the first check stamped.
        for _ in 0..2 {
            let fresh = open_fresh_starting_watch(corpus.path(), index.path(), Some(&start));
            assert_eq!(fresh.unwrap().kb.passage_count(), 2);
        }
        assert_eq!(*offered.borrow(), [0, 2]);
    }

    #[test]
    fn an_update_waits_for_another_process_updating_the_index_and_runs_again() {
        let (corpus, index, kb) = two_articles();
        let loaded = Corpus::load_for_index(corpus.path()).unwrap();
        // Another process's update holds the lock (a watch applying the same change, say).
        let other = std::fs::File::create(index.path().join(super::super::WRITER_LOCK)).unwrap();
        other.lock().unwrap();
        let (failed, first_failure) = std::sync::mpsc::channel();
        let summary = std::thread::scope(|scope| {
            let (corpus_dir, index_dir, loaded, kb) = (corpus.path(), index.path(), &loaded, &kb);
            // Moved in: the channel closes if the update ends without failing first.
            let update = scope.spawn(move || {
                write_retrying(corpus_dir, index_dir, loaded, |corpus| {
                    let synced = kb.sync(corpus, &mut |_, _| {});
                    if matches!(synced, Err(KbError::Locked)) {
                        let _ = failed.send(());
                    }
                    synced
                })
            });
            assert!(
                first_failure.recv().is_ok(),
                "the lock held did not stop the update"
            );
            other.unlock().unwrap();
            update.join().unwrap()
        });
        assert_eq!(summary.unwrap().added, 2);
    }

    #[test]
    fn only_changed_articles_are_parsed_and_an_index_moved_meanwhile_is_caught() {
        let (corpus, index, kb) = two_articles();
        kb.sync(&Corpus::load(corpus.path()).unwrap(), &mut |_, _| {})
            .unwrap();

        // b changes: only b is parsed, a is known by its hash.
        write(
            corpus.path(),
            "b.md",
            &article("b", "Cirrus Labs hired 50 people."),
        );
        let stamps = stamped_fingerprint(corpus.path(), index.path()).unwrap();
        let partial = load_changes(&kb, corpus.path(), &stamps).unwrap();
        assert!(partial.partial);
        // Read and checked, then let go until the update writes it: no deal record cites it.
        let parsed: Vec<&str> = partial.unread.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(parsed, ["b"]);
        assert!(partial.articles.is_empty());
        assert_eq!(partial.hashes.len(), 2);

        // Meanwhile another process indexes a change of a: the partial corpus, read against
        // the index before it, must not be applied over it.
        write(
            corpus.path(),
            "a.md",
            &article("a", "Nimbus Corp invested $4 billion."),
        );
        kb.sync(&Corpus::load(corpus.path()).unwrap(), &mut |_, _| {})
            .unwrap();
        assert!(matches!(
            kb.sync(&partial, &mut |_, _| {}),
            Err(KbError::ChangedMeanwhile)
        ));
        // Nor can it build an index.
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(matches!(
            KnowledgeBase::rebuild(elsewhere.path(), &partial, &mut |_, _| {}),
            Err(KbError::ChangedMeanwhile)
        ));

        // Read against the index as it is now, the update goes through.
        let stamps = stamped_fingerprint(corpus.path(), index.path()).unwrap();
        let partial = load_changes(&kb, corpus.path(), &stamps).unwrap();
        let summary = kb.sync(&partial, &mut |_, _| {}).unwrap();
        assert_eq!((summary.updated, summary.unchanged), (0, 2), "{summary:?}");
        assert!(stamps.matches(&kb.manifest().unwrap().fingerprint));
        assert!(is_fresh(&kb, &stamps));
    }

    #[test]
    fn an_index_built_from_the_stamped_files_is_up_to_date_with_what_a_sync_would_say() {
        let (corpus, index, kb) = two_articles();
        kb.sync(&Corpus::load(corpus.path()).unwrap(), &mut |_, _| {})
            .unwrap();
        let elapsed = Duration::from_millis(7);

        let stamps = stamped_fingerprint(corpus.path(), index.path()).unwrap();
        let up_to_date = up_to_date(&kb, &stamps, elapsed).unwrap();
        let partial = load_changes(&kb, corpus.path(), &stamps).unwrap();
        let synced = kb.sync(&partial, &mut |_, _| {}).unwrap();
        assert_eq!(up_to_date, SyncSummary { elapsed, ..synced });
        assert_eq!(up_to_date.unchanged, 2);

        write(
            corpus.path(),
            "b.md",
            &article("b", "Cirrus Labs hired 50 people."),
        );
        let stamps = stamped_fingerprint(corpus.path(), index.path()).unwrap();
        assert_eq!(super::up_to_date(&kb, &stamps, elapsed), None);
    }

    #[test]
    fn a_corpus_loaded_to_be_indexed_holds_only_the_cited_articles_and_indexes_the_same() {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let corpus = tempfile::tempdir().unwrap();
        std::fs::create_dir(corpus.path().join("articles")).unwrap();
        for file in ["deals.jsonl", "entities.toml"] {
            std::fs::copy(shipped.join(file), corpus.path().join(file)).unwrap();
        }
        for entry in std::fs::read_dir(shipped.join("articles")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(
                &path,
                corpus
                    .path()
                    .join("articles")
                    .join(path.file_name().unwrap()),
            )
            .unwrap();
        }
        write_a_and_b(corpus.path());

        let every = Corpus::load(corpus.path()).unwrap();
        let lean = Corpus::load_for_index(corpus.path()).unwrap();
        // The shipped article is cited by the deal records, whose quotes are located in it.
        let held: Vec<&str> = lean.articles.iter().map(|a| a.id.as_str()).collect();
        let cited: std::collections::BTreeSet<&str> =
            every.deals.iter().map(|d| d.article.as_str()).collect();
        assert_eq!(held, cited.into_iter().collect::<Vec<_>>());
        let unread: Vec<&str> = lean.unread.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(unread, ["a", "b"]);
        assert_eq!(lean.unread[0].hash, every.hashes["a"]);
        assert_eq!(
            (&lean.hashes, &lean.fingerprint, lean.deals.len()),
            (&every.hashes, &every.fingerprint, every.deals.len())
        );

        let (from_every, from_lean) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (kb_every, _) =
            KnowledgeBase::rebuild(from_every.path(), &every, &mut |_, _| {}).unwrap();
        let mut progress = Vec::new();
        let (kb_lean, summary) =
            KnowledgeBase::rebuild(from_lean.path(), &lean, &mut |done, total| {
                progress.push((done, total))
            })
            .unwrap();
        assert_eq!(summary.added, every.articles.len());
        assert_eq!(
            progress.last(),
            Some(&(every.articles.len(), every.articles.len()))
        );
        assert_eq!(kb_lean.passage_count(), kb_every.passage_count());
        for article in &every.articles {
            for p in &article.paragraphs {
                assert_eq!(
                    kb_lean.passage(article.id.as_str(), p.n).unwrap(),
                    kb_every.passage(article.id.as_str(), p.n).unwrap()
                );
            }
        }
        assert_eq!(
            kb_lean.manifest().unwrap().articles,
            kb_every.manifest().unwrap().articles
        );
    }

    #[test]
    fn an_article_changed_after_it_was_checked_stops_the_update_and_nothing_is_written() {
        let (corpus, _index, kb) = two_articles();
        let checked = Corpus::load_for_index(corpus.path()).unwrap();
        // Changed between the check and the write: its new text was never checked, and the
        // manifest would give it the old text's hash.
        write(
            corpus.path(),
            "b.md",
            &article("b", "Cirrus Labs hired 45 people."),
        );
        match kb.sync(&checked, &mut |_, _| {}) {
            Err(KbError::CorpusChanged { path }) => assert!(path.ends_with("articles/b.md")),
            other => panic!("expected CorpusChanged, got {other:?}"),
        }
        assert_eq!(kb.passage_count(), 0);
        assert!(kb.manifest().unwrap().articles.is_empty());

        write(
            corpus.path(),
            "b.md",
            &article("b", "Cirrus Labs hired 50 people."),
        );
        let summary = kb
            .sync(
                &Corpus::load_for_index(corpus.path()).unwrap(),
                &mut |_, _| {},
            )
            .unwrap();
        assert_eq!(summary.added, 2);
        let b = kb.passage("b", 1).unwrap().unwrap();
        assert!(b.text.contains("50 people"), "{b:?}");
    }

    #[test]
    fn a_passage_is_found_by_its_article_and_number_and_only_in_its_latest_text() {
        let (corpus, _index, kb) = two_articles();
        let three = "First paragraph.\n\nSecond paragraph.\n\n## Later\n\nThird paragraph.";
        write(corpus.path(), "a.md", &article("a", three));
        let load = || Corpus::load_for_index(corpus.path()).unwrap();
        kb.sync(&load(), &mut |_, _| {}).unwrap();
        for (n, text) in [(1, "First"), (2, "Second"), (3, "Third")] {
            let found = kb.passage("a", n).unwrap().unwrap();
            assert_eq!(found.paragraph(), n);
            assert!(found.text.starts_with(text), "{found:?}");
        }
        assert_eq!(
            kb.passage("a", 3).unwrap().unwrap().heading.as_deref(),
            Some("Later")
        );
        assert_eq!(kb.passage("a", 4).unwrap(), None);
        assert_eq!(kb.passage("no-such-article", 1).unwrap(), None);

        // The edit deletes the old paragraphs: only the new text is found.
        write(corpus.path(), "a.md", &article("a", "Only paragraph now."));
        kb.sync(&load(), &mut |_, _| {}).unwrap();
        assert!(
            kb.passage("a", 1)
                .unwrap()
                .unwrap()
                .text
                .starts_with("Only")
        );
        assert_eq!(kb.passage("a", 2).unwrap(), None);
        assert!(kb.passage("b", 1).unwrap().is_some());
    }
}
