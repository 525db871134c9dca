//! `dealdesk index`: build or update the index, with a summary line and a progress bar.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use dealdesk_core::corpus::Corpus;
use dealdesk_core::kb::{KbError, KnowledgeBase, Progress, summary_line};

/// Below this many articles to write, a bar would only flicker.
const BAR_THRESHOLD: usize = 50;

#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Build a new index from the corpus beside the current one and replace it once complete
    /// (for a damaged index; the old one keeps answering meanwhile; only index files are
    /// touched).
    #[arg(long)]
    rebuild: bool,
}

pub fn run(corpus_dir: &Path, index_dir: &Path, args: &IndexArgs) -> Result<ExitCode> {
    let corpus = Corpus::load(corpus_dir)
        .context("the index was not changed; fix the corpus and run `dealdesk index` again")?;
    for file in &corpus.not_indexed {
        note!("dealdesk: {} is not indexed: {}", file.path, file.reason);
    }
    for note in &corpus.duplicate_notes {
        note!("dealdesk: deals.jsonl: {note}");
    }
    let linked = corpus.deals.iter().filter(|d| d.same_as.is_some()).count();
    if linked > 0 {
        note!(
            "dealdesk: {linked} deal record(s) repeat a deal another article reports (`same_as`): each deal is counted once"
        );
    }
    // indicatif draws on standard error: a bar only makes sense when that is a terminal.
    let show_bar = std::io::stderr().is_terminal();
    let mut bar: Option<ProgressBar> = None;
    let mut progress = |done, total| {
        if !show_bar || total < BAR_THRESHOLD {
            return;
        }
        let bar = bar.get_or_insert_with(|| {
            let b = ProgressBar::new(total as u64);
            if let Ok(style) =
                ProgressStyle::with_template("indexing {bar:40} {pos}/{len} articles {eta}")
            {
                b.set_style(style);
            }
            b
        });
        bar.set_position(done as u64);
    };
    let rebuild = |reason: &str, progress: Progress<'_>| {
        note!("dealdesk: {reason}: building a new index beside the old one");
        KnowledgeBase::rebuild(index_dir, &corpus, progress)
            .context("rebuilding the index failed; the old index is unchanged")
    };
    let (kb, summary) = if args.rebuild {
        rebuild("asked to rebuild the index", &mut progress)?
    } else {
        match KnowledgeBase::open(index_dir) {
            Ok((kb, _)) => {
                let summary = kb
                    .sync(&corpus, &mut progress)
                    .context("updating the index failed; the previous index is unchanged")?;
                (kb, summary)
            }
            Err(KbError::Outdated { reason, .. }) => rebuild(&reason, &mut progress)?,
            Err(e) => {
                return Err(anyhow::Error::new(e)
                    .context(format!("cannot open the index in {}", index_dir.display())));
            }
        }
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    out!("{}", summary_line(&summary, kb.passage_count()))?;
    Ok(ExitCode::SUCCESS)
}
