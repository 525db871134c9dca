//! Opening the knowledge base for questions: build or refresh the index when it is missing or
//! older than the corpus, and keep answering from the previous index when the corpus is broken.

use std::path::Path;

use super::{KbError, KnowledgeBase, Opened, SyncSummary};
use crate::corpus::{self, Corpus, CorpusError};

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Index(#[from] KbError),
    #[error(transparent)]
    Corpus(#[from] CorpusError),
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

/// Opens the index in `index_dir`, bringing it up to date with `corpus_dir` when needed.
/// A corpus with problems does not stop questions while a previous index exists.
pub fn open_fresh(corpus_dir: &Path, index_dir: &Path) -> Result<Fresh, OpenError> {
    let (kb, opened) = KnowledgeBase::open(index_dir)?;
    let mut notes = Vec::new();
    if let Opened::Rebuilt(reason) = &opened {
        notes.push(format!(
            "{reason}: rebuilding it from {}",
            corpus_dir.display()
        ));
    }
    let has_previous = kb.passage_count() > 0;
    let stale = match corpus::fingerprint(corpus_dir) {
        Ok(print) => !kb.is_fresh(&print),
        Err(e) if has_previous => {
            notes.push(format!("{e}; answering from the existing index"));
            return Ok(Fresh { kb, notes });
        }
        Err(e) => return Err(e.into()),
    };
    if !stale {
        return Ok(Fresh { kb, notes });
    }
    match Corpus::load(corpus_dir) {
        Ok(corpus) => {
            if opened == Opened::Existing {
                notes.push("the index is older than the corpus: updating it".to_string());
            } else if opened == Opened::Created {
                notes.push(format!("no index in {}: building it", index_dir.display()));
            }
            let summary = kb.sync(&corpus, &mut |_, _| {})?;
            notes.push(summary_line(&summary, kb.passage_count()));
        }
        Err(e) if has_previous => notes.push(format!("{e}\nanswering from the previous index")),
        Err(e) => return Err(e.into()),
    }
    Ok(Fresh { kb, notes })
}
