//! Why an input could not be imported, or why nothing could be.

use std::path::PathBuf;

use dealdesk_core::problem::Problem;

use crate::input::MAX_BYTES;

/// One input that could not be read or made into an article, or a corpus that cannot take any.
/// The messages say what to do; the report names the input they are about.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The corpus's `articles/` folder cannot be read or created: nothing is imported.
    #[error("cannot use the corpus articles folder {}: {source}; pass --corpus DIR", .path.display())]
    Corpus {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The input does not exist or cannot be read.
    #[error("cannot read: {0}")]
    Unreadable(#[source] std::io::Error),
    /// The input is over [`MAX_BYTES`]; it is not read at all.
    #[error("larger than {} MB ({size} bytes): not read; split it or import the part you need", MAX_BYTES / 1_000_000)]
    TooLarge { size: u64 },
    /// The input has no bytes, or only whitespace.
    #[error("empty file: nothing to import")]
    Empty,
    /// A text, Markdown or HTML file that is not UTF-8.
    #[error("not UTF-8 text (line {line}): save the file as UTF-8")]
    NotUtf8 { line: usize },
    /// An `.xml`, `.rss` or `.atom` file that is not an RSS or Atom feed.
    #[error("malformed feed: {0}")]
    MalformedFeed(String),
    /// A page with more elements than readability is allowed to score.
    #[error("the page has {found} elements, over {max}: too large to read")]
    TooManyElements { found: usize, max: usize },
    /// A page or fragment nested deeper than any news page is.
    #[error("elements nested more than {max} deep: not read")]
    TooDeep { max: usize },
    /// A page or feed item in which no article text was found.
    #[error("no article text found{0}")]
    NoText(&'static str),
    /// A Markdown file whose front matter the corpus would reject.
    #[error("invalid article: {}: {}", .0.line.map_or_else(|| "file".to_string(), |l| format!("line {l}")), .0.message)]
    InvalidArticle(Problem),
    /// A Markdown file with front matter whose id another article already has.
    #[error(
        "id {id:?} is already used by {existing}, a different article: give this one another id and import it again"
    )]
    IdTaken { id: String, existing: String },
    /// No free slug was found for the title (every candidate is taken).
    #[error("no free file name for {0:?}: rename some articles/{0}-N.md files")]
    NoFreeSlug(String),
    /// The text made for an article does not load as one: a bug of the importer.
    #[error("the article made from it would not load ({0}); please report this importer bug")]
    Unloadable(String),
    /// Writing the article file failed; nothing was left behind.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Reading the input took longer than the time limit; it was given up.
    #[error("reading it took longer than {seconds} s: given up (is it a news page or feed?)")]
    TimedOut { seconds: f64 },
    /// Reading the input crashed a library; the other inputs are still imported.
    #[error("reading it failed unexpectedly ({0}); please report this importer bug")]
    Crashed(String),
}
