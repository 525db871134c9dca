//! dealdesk's importer: news files into corpus articles. Web pages (`.html`), RSS and Atom feeds
//! (`.xml`, `.rss`, `.atom`: one article per item), plain text (`.txt`) and Markdown (`.md`,
//! `.markdown`) become `<corpus>/articles/<slug>.md` files in the corpus format, with the
//! title, language, URL, date, author and source the input gives.
//!
//! Every article is checked with the corpus's own parser before it is written, so the corpus
//! loader never rejects what the importer writes. An input whose URL or body text (whitespace
//! aside) an article already has is a duplicate and is skipped; an existing file is never
//! replaced. Nothing is indexed here: the caller says to run `dealdesk index`.
//!
//! ```no_run
//! use std::path::{Path, PathBuf};
//! use dealdesk_import::{Options, Outcome, import};
//! let report = import(Path::new("corpus"), &[PathBuf::from("feed.xml")], &Options::default())?;
//! for entry in &report.entries {
//!     if let Outcome::Added(added) = &entry.outcome {
//!         println!("added {}", added.file);
//!     }
//! }
//! # Ok::<(), dealdesk_import::ImportError>(())
//! ```
//!
//! Modules: `input` (which files, bounded reads), `guard` (each reader on its own thread,
//! panics and overlong reads made failures), `html`, `feed` and `text` (each kind of input
//! into a draft), `date` (dates made ISO), `draft` (the article before it is placed), `write`
//! (slugs, the article text, duplicates, the write).

pub mod date;
mod draft;
mod error;
mod feed;
mod guard;
mod html;
mod input;
mod text;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use dealdesk_core::corpus::articles;
use dealdesk_core::date::IsoDate;
use dealdesk_core::text::Lang;

pub use error::ImportError;
pub use input::MAX_BYTES;
pub use write::{MAX_SLUG, Same, slug};

use draft::{Draft, shorten};
use guard::guarded;
use input::{Format, Found, Kind};
use write::{Placement, Shelf};

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Decide everything, write nothing.
    pub dry_run: bool,
    /// How long reading one file may take before it is given up (a failure); the reader is
    /// abandoned on its thread, which runs on until the process ends.
    pub read_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dry_run: false,
            read_timeout: READ_TIMEOUT,
        }
    }
}

/// Titles are cut to this many characters (at a word).
pub const MAX_TITLE: usize = 300;

/// The default [`Options::read_timeout`]: a 20 MB page takes a few seconds.
pub const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// What an import did with each input, in order.
#[derive(Debug)]
pub struct Report {
    pub dry_run: bool,
    pub entries: Vec<Entry>,
}

/// One input file, or one item of a feed, and what became of it.
#[derive(Debug)]
pub struct Entry {
    /// The file, as found under the paths given.
    pub input: PathBuf,
    /// The article's title (a feed item's, or a page's), when one was read.
    pub title: Option<String>,
    pub outcome: Outcome,
}

#[derive(Debug)]
pub enum Outcome {
    Added(Added),
    Skipped(Skip),
    Failed(ImportError),
}

/// An article written (or that would be, in a dry run).
#[derive(Debug, Clone, PartialEq)]
pub struct Added {
    /// Relative to the corpus: `articles/<id>.md`.
    pub file: String,
    pub id: String,
    pub language: Lang,
    pub url: Option<String>,
    pub published: Option<IsoDate>,
    pub author: Option<String>,
}

/// Why an input was passed over; none of these is a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Not a kind of file the importer reads; says which kinds it does.
    Unsupported(String),
    /// An article already has it; `of` is that article's file, relative to the corpus.
    Duplicate { of: String, same: Same },
    /// A feed without items.
    EmptyFeed,
}

impl Report {
    pub fn added(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Added(_)))
    }

    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped(_)))
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }

    fn count(&self, pick: impl Fn(&Outcome) -> bool) -> usize {
        self.entries.iter().filter(|e| pick(&e.outcome)).count()
    }
}

/// Imports `paths` (files or folders) into the corpus in `corpus_dir`. Each input that cannot
/// be read or made into an article is a `Failed` entry and the others are still imported; the
/// error is for a corpus whose `articles/` folder cannot be read.
pub fn import(
    corpus_dir: &Path,
    paths: &[PathBuf],
    options: &Options,
) -> Result<Report, ImportError> {
    let mut shelf = Shelf::open(&corpus_dir.join("articles"))?;
    let mut report = Report {
        dry_run: options.dry_run,
        entries: Vec::new(),
    };
    for path in paths {
        for found in input::walk(path) {
            let entry = |input: PathBuf, outcome| Entry {
                input,
                title: None,
                outcome,
            };
            match found {
                Found::File(file, kind) => {
                    import_file(&mut shelf, &file, kind, options, &mut report.entries);
                }
                Found::Unsupported(file, why) => report
                    .entries
                    .push(entry(file, Outcome::Skipped(Skip::Unsupported(why)))),
                Found::Unreadable(file, e) => report
                    .entries
                    .push(entry(file, Outcome::Failed(ImportError::Unreadable(e)))),
            }
        }
    }
    Ok(report)
}

fn import_file(
    shelf: &mut Shelf,
    path: &Path,
    kind: Kind,
    options: &Options,
    entries: &mut Vec<Entry>,
) {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let fail = |error| Entry {
        input: path.to_path_buf(),
        title: None,
        outcome: Outcome::Failed(error),
    };
    let bytes = match input::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return entries.push(fail(e)),
    };
    let format = match kind {
        Kind::Feed => return import_feed(shelf, path, bytes, name, options, entries),
        Kind::Document(format) => format,
    };
    let text = match input::utf8(&bytes) {
        Ok(text) => text,
        Err(e) => return entries.push(fail(e)),
    };
    let limit = options.read_timeout;
    let draft = match format {
        Format::Markdown if text::has_front_matter(text) => {
            return entries.push(place_ready(shelf, path, &bytes, options));
        }
        Format::Markdown => {
            let text = text.to_string();
            guarded(limit, move || text::markdown(&text, &name))
        }
        Format::Text => Ok(text::plain(text, &name)),
        Format::Html => {
            let text = text.to_string();
            guarded(limit, move || html::page(&text, &name))
        }
    };
    entries.push(match draft {
        Ok(draft) => place(shelf, path, draft, options),
        Err(e) => fail(e),
    });
}

/// Each item of a feed is an entry of its own.
fn import_feed(
    shelf: &mut Shelf,
    path: &Path,
    bytes: Vec<u8>,
    name: String,
    options: &Options,
    entries: &mut Vec<Entry>,
) {
    let entry = |title, outcome| Entry {
        input: path.to_path_buf(),
        title,
        outcome,
    };
    let items = match guarded(options.read_timeout, move || feed::items(&bytes, &name)) {
        Ok(items) => items,
        Err(e) => return entries.push(entry(None, Outcome::Failed(e))),
    };
    if items.is_empty() {
        entries.push(entry(None, Outcome::Skipped(Skip::EmptyFeed)));
    }
    for item in items {
        entries.push(match item {
            Ok(draft) => place(shelf, path, draft, options),
            Err(e) => entry(e.title, Outcome::Failed(e.error)),
        });
    }
}

fn place(shelf: &mut Shelf, path: &Path, mut draft: Draft, options: &Options) -> Entry {
    draft.title = shorten(&draft.title, MAX_TITLE);
    if draft.title.is_empty()
        && let Some(title) = draft.title_from_text()
    {
        draft.title = title;
    }
    let outcome = if !draft.has_text() {
        Outcome::Failed(ImportError::NoText(" (no paragraph besides the title)"))
    } else {
        match shelf.place(&draft, options.dry_run) {
            Ok(placement) => outcome(placement),
            Err(e) => Outcome::Failed(e),
        }
    };
    Entry {
        input: path.to_path_buf(),
        title: (!draft.title.is_empty()).then_some(draft.title),
        outcome,
    }
}

fn place_ready(shelf: &mut Shelf, path: &Path, bytes: &[u8], options: &Options) -> Entry {
    let (title, outcome) = match articles::parse(path, bytes) {
        Err(problem) => (None, Outcome::Failed(ImportError::InvalidArticle(problem))),
        Ok(article) => {
            let title = Some(article.title.clone());
            match shelf.place_ready(article, bytes, options.dry_run) {
                Ok(placement) => (title, outcome(placement)),
                Err(e) => (title, Outcome::Failed(e)),
            }
        }
    };
    Entry {
        input: path.to_path_buf(),
        title,
        outcome,
    }
}

fn outcome(placement: Placement) -> Outcome {
    match placement {
        Placement::Added { file, article } => Outcome::Added(Added {
            file,
            id: article.id.to_string(),
            language: article.language,
            url: article.url,
            published: article.published,
            author: article.author,
        }),
        Placement::Duplicate { of, same } => Outcome::Skipped(Skip::Duplicate { of, same }),
    }
}
