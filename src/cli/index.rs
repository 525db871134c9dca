//! `dealdesk index`: build or update the index, with a summary line and a progress bar.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};

use dealdesk_core::corpus::{Corpus, NotIndexed};
use dealdesk_core::kb::fresh::{
    OpenError, load_changes, stamped_fingerprint, up_to_date, write_retrying,
};
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

const FIX_CORPUS: &str = "the index was not changed; fix the corpus and run `dealdesk index` again";

pub fn run(corpus_dir: &Path, index_dir: &Path, args: &IndexArgs) -> Result<ExitCode> {
    // An index in service is brought up to date parsing only the articles that changed; a
    // rebuild, or an index of another version, reads everything.
    let opened = if args.rebuild {
        None
    } else {
        match KnowledgeBase::open(index_dir) {
            Ok((kb, _)) => Some(Ok(kb)),
            Err(e @ KbError::Outdated { .. }) => Some(Err(e)),
            Err(e) => {
                return Err(anyhow::Error::new(e)
                    .context(format!("cannot open the index in {}", index_dir.display())));
            }
        }
    };
    // indicatif draws on standard error: a bar only makes sense when that is a terminal.
    let show_bar = std::io::stderr().is_terminal();
    // Reading and checking 100,000 articles takes seconds before the first one is written.
    let reading = show_bar.then(|| {
        let spinner = ProgressBar::new_spinner().with_finish(ProgressFinish::AndClear);
        if let Ok(style) = ProgressStyle::with_template("{spinner} reading the corpus {elapsed}") {
            spinner.set_style(style);
        }
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
        spinner
    });
    let checking = std::time::Instant::now();
    let corpus = match &opened {
        Some(Ok(kb)) => {
            let stamps = stamped_fingerprint(corpus_dir, index_dir).context(FIX_CORPUS)?;
            if let Some(summary) = up_to_date(kb, &stamps, checking.elapsed()) {
                drop(reading);
                report_not_indexed(stamps.not_indexed());
                out!("{}", summary_line(&summary, kb.passage_count()))?;
                return Ok(ExitCode::SUCCESS);
            }
            match load_changes(kb, corpus_dir, &stamps) {
                Ok(corpus) => corpus,
                Err(OpenError::Corpus(e)) => return Err(anyhow::Error::new(e).context(FIX_CORPUS)),
                Err(e) => return Err(anyhow::Error::new(e)),
            }
        }
        _ => Corpus::load_for_index(corpus_dir).context(FIX_CORPUS)?,
    };
    // Cleared (on every path out, too: `ProgressFinish::AndClear`).
    drop(reading);
    report_not_indexed(&corpus.not_indexed);
    for note in &corpus.duplicate_notes {
        note!("dealdesk: deals.jsonl: {note}");
    }
    let linked = corpus.deals.iter().filter(|d| d.same_as.is_some()).count();
    if linked > 0 {
        note!(
            "dealdesk: {linked} deal record(s) repeat a deal another article reports (`same_as`): each deal is counted once"
        );
    }
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
        if done == total {
            // Every article is written: the commit and the last merges follow, for seconds
            // at 100,000 articles, and a full bar would look stuck.
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} {len} articles written; merging the index {elapsed}",
            ) {
                bar.set_style(style);
            }
            bar.reset_elapsed();
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
        }
    };
    let rebuild = |reason: &str, progress: Progress<'_>| {
        note!("dealdesk: {reason}: building a new index beside the old one");
        write_or_fix(corpus_dir, index_dir, &corpus, |corpus| {
            KnowledgeBase::rebuild(index_dir, corpus, &mut *progress)
        })
        .context("rebuilding the index failed; the old index is unchanged")
    };
    let (kb, summary) = match opened {
        None => rebuild("asked to rebuild the index", &mut progress)?,
        Some(Err(KbError::Outdated { reason, .. })) => rebuild(&reason, &mut progress)?,
        Some(Err(e)) => return Err(anyhow::Error::new(e)),
        Some(Ok(kb)) => {
            let summary = write_or_fix(corpus_dir, index_dir, &corpus, |corpus| {
                kb.sync(corpus, &mut progress)
            })
            .context("updating the index failed; the previous index is unchanged")?;
            (kb, summary)
        }
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    out!("{}", summary_line(&summary, kb.passage_count()))?;
    Ok(ExitCode::SUCCESS)
}

/// One note per file under `articles/` that is not indexed, and why.
fn report_not_indexed(files: &[NotIndexed]) {
    for file in files {
        note!("dealdesk: {} is not indexed: {}", file.path, file.reason);
    }
}

/// [`write_retrying`], with a corpus that cannot be read again saying how to fix it.
fn write_or_fix<T>(
    corpus_dir: &Path,
    index_dir: &Path,
    corpus: &Corpus,
    write: impl FnMut(&Corpus) -> Result<T, KbError>,
) -> Result<T> {
    write_retrying(corpus_dir, index_dir, corpus, write).map_err(|e| match e {
        OpenError::Corpus(e) => anyhow::Error::new(e).context(FIX_CORPUS),
        e => anyhow::Error::new(e),
    })
}
