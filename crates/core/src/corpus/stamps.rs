//! The corpus [`Fingerprint`] without reading unchanged files: what each file looked like
//! (size, modification and change times, inode) when it was last hashed. A file that still
//! looks the same keeps its hash; any other is read and hashed again. This is git's index
//! trick: it turns the freshness check every command runs from reading the whole corpus into
//! one `stat` per file ([`Look`]). A stamp taken too soon after its file changed is hashed
//! again the next time, and trusted from then on.
//!
//! When a watch of the corpus runs, not even that: the stamps remember the watch's [`Token`]
//! they were taken at, and only the files its [`Journal`](super::journal::Journal) names since
//! are looked at ([`stamp`] with an [`Answer`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::fingerprint::{NotIndexed, hash_bytes, is_article_name};
use super::journal::{Answer, Token, under_articles};
use super::listing::Listing;
use super::look::{Look, now_ns};
use super::{CorpusError, DEALS_FILE, ENTITIES_FILE, Fingerprint};

/// The first line of a stamps file, before the time they were recorded, their digest and the
/// watch's token (`-` for none); another one is ignored (everything is hashed again).
const HEADER: &str = "dealdesk-stamps 3";

/// The header before watch tokens, still read (without a token).
const HEADER_2: &str = "dealdesk-stamps 2";

/// The hash of each corpus file with its [`Look`], as of `recorded_ns`.
#[derive(Debug, Clone, Default)]
pub struct Stamps {
    recorded_ns: i128,
    /// The paths and hashes of `files`, which point into it: the stamps file's own text when
    /// read, so that reading 100,000 stamps allocates nothing per file.
    text: String,
    /// By path relative to the corpus folder, sorted by bytes, each path once.
    files: Vec<Stamp>,
    /// How many files were read to make these (not saved).
    read: usize,
    /// Whether files the previous stamps had are gone (not saved).
    gone: bool,
    /// Files under `articles/` that are not articles, found while stamping (not saved).
    not_indexed: Vec<NotIndexed>,
    /// [`Stamps::digest`], when known without hashing every path and hash again: saved with
    /// the stamps, and kept by stamps that found every file as it was.
    digest: Option<String>,
    /// The watch's token these stamps were taken after: only what its journal names since may
    /// differ. None without a watch, or when a watch cannot see every change to the files
    /// (a link's target lives elsewhere) or the stamps do not cover every file the corpus
    /// would report (files under `articles/` that are not articles).
    token: Option<Token>,
    /// Whether `token` differs from the previous stamps' (not saved).
    token_moved: bool,
}

/// A span of [`Stamps::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    path: Span,
    look: Look,
    hash: Span,
}

/// Equal when they say the same of the same files (however their text is laid out, and
/// whether or not their digest is known yet).
impl PartialEq for Stamps {
    fn eq(&self, other: &Stamps) -> bool {
        self.recorded_ns == other.recorded_ns
            && self.token == other.token
            && self.read == other.read
            && self.gone == other.gone
            && self.not_indexed == other.not_indexed
            && self.files.len() == other.files.len()
            && self.entries().eq(other.entries())
    }
}

impl Eq for Stamps {}

impl Stamps {
    /// Reads a stamps file written by [`Stamps::to_text`]; anything unreadable is no stamp.
    pub fn parse(text: String) -> Stamps {
        let Some((header, body)) = text.split_once('\n') else {
            return Stamps::default();
        };
        let fields = |rest: &str| {
            let mut words = rest.split_whitespace();
            let recorded_ns = words.next()?.parse().ok()?;
            let digest = words.next()?.to_string();
            let token = words.next().and_then(Token::parse);
            Some((recorded_ns, digest, token))
        };
        let Some((recorded_ns, digest, token)) = header
            .strip_prefix(HEADER)
            .or_else(|| header.strip_prefix(HEADER_2))
            .and_then(fields)
        else {
            return Stamps::default();
        };
        let base = text.len() - body.len();
        let span_of = |part: &str| {
            let start = part.as_ptr() as usize - text.as_ptr() as usize;
            Span {
                start: start as u32,
                end: (start + part.len()) as u32,
            }
        };
        let (mut files, mut skipped) = (Vec::new(), 0);
        // Spans are u32: a stamps file past 4 GB is no stamp (400 bytes per file would be
        // ten million files).
        if text.len() <= u32::MAX as usize {
            for line in text[base..].lines() {
                let mut parts = line.splitn(6, ' ');
                let mut next = || parts.next();
                let (
                    Some(size),
                    Some(modified),
                    Some(changed),
                    Some(inode),
                    Some(hash),
                    Some(path),
                ) = (next(), next(), next(), next(), next(), next())
                else {
                    skipped += 1;
                    continue;
                };
                let Some(look) = Look::parse(size, modified, changed, inode) else {
                    skipped += 1;
                    continue;
                };
                files.push(Stamp {
                    path: span_of(path),
                    look,
                    hash: span_of(hash),
                });
            }
        }
        let mut stamps = Stamps {
            recorded_ns,
            text,
            files,
            token,
            ..Stamps::default()
        };
        // A file not exactly as written (lines skipped, out of order, twice) keeps its stamps,
        // not its digest.
        let in_order = stamps.sort();
        stamps.digest = (skipped == 0 && in_order).then_some(digest);
        stamps
    }

    fn str(&self, span: Span) -> &str {
        &self.text[span.start as usize..span.end as usize]
    }

    fn path(&self, at: usize) -> &str {
        self.str(self.files[at].path)
    }

    /// Each file's path, look and hash, in path order.
    fn entries(&self) -> impl Iterator<Item = (&str, Look, &str)> {
        self.files
            .iter()
            .map(|s| (self.str(s.path), s.look, self.str(s.hash)))
    }

    /// The files sorted by path, each path once (the last stamp of a path wins); whether they
    /// already were.
    fn sort(&mut self) -> bool {
        let text = &self.text;
        let path = |s: &Stamp| &text[s.path.start as usize..s.path.end as usize];
        if self.files.is_sorted_by(|a, b| path(a) < path(b)) {
            return true;
        }
        self.files.reverse();
        self.files.sort_by(|a, b| path(a).cmp(path(b)));
        self.files.dedup_by(|a, b| path(a) == path(b));
        false
    }

    /// The article files these stamps cover, by path relative to the corpus folder, sorted,
    /// with their hashes; and, for stamps just taken, the files under `articles/` that are not
    /// articles.
    pub(super) fn articles(&self) -> (impl Iterator<Item = (&str, &str)>, &[NotIndexed]) {
        let names = self
            .entries()
            .filter(|(name, _, _)| name.starts_with("articles/"))
            .map(|(name, _, hash)| (name, hash));
        (names, &self.not_indexed)
    }

    /// How many files these stamps cover (articles, deal records, entities).
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// How many article files these stamps cover.
    pub fn article_count(&self) -> usize {
        self.articles().0.count()
    }

    /// For stamps just taken without a watch, the files under `articles/` that are not
    /// articles (a watch's stamps are kept only while there are none).
    pub fn not_indexed(&self) -> &[NotIndexed] {
        &self.not_indexed
    }

    /// Whether these stamps say something the previous ones did not: a file read (changed,
    /// added, or stamped too soon last time) or gone, or a new watch token. Saving them is
    /// then worth it.
    pub fn changed(&self) -> bool {
        self.read > 0 || self.gone || self.token_moved
    }

    /// The watch's token these stamps were taken after, if a watch can bring them up to date.
    pub fn token(&self) -> Option<Token> {
        self.token
    }

    /// How many files were read to take these stamps.
    pub fn files_read(&self) -> usize {
        self.read
    }

    pub fn to_text(&self) -> String {
        // One line per file: a name that breaks lines is not saved, and is read every time.
        let saved = || self.entries().filter(|(p, _, _)| !p.contains(['\n', '\r']));
        let digest = super::fingerprint_digest(saved().map(|(path, _, hash)| (path, hash)));
        let token = self
            .token
            .map_or_else(|| "-".to_string(), |t| t.to_string());
        // Written in place, not through two strings formatted per file (100,000 at scale).
        let mut out = String::with_capacity(self.text.len() + 64 * self.files.len());
        let _ = writeln!(out, "{HEADER} {} {digest} {token}", self.recorded_ns);
        for (path, look, hash) in saved() {
            let _ = writeln!(out, "{look} {hash} {path}");
        }
        out
    }

    /// Where `path` is, looking first at `*hint` (stamps are looked up in path order, so the
    /// next one is usually the one after the last found).
    fn position(&self, path: &str, hint: &mut usize) -> Option<usize> {
        let at = if *hint < self.files.len() && self.path(*hint) == path {
            *hint
        } else {
            self.files
                .binary_search_by(|s| self.str(s.path).cmp(path))
                .ok()?
        };
        *hint = at + 1;
        Some(at)
    }

    /// The hash of `path` (relative to the corpus folder).
    pub fn hash(&self, path: &str) -> Option<&str> {
        self.position(path, &mut 0)
            .map(|at| self.str(self.files[at].hash))
    }

    /// [`fingerprint_digest`](super::fingerprint_digest) of the fingerprint these stamps give.
    pub fn digest(&self) -> String {
        match &self.digest {
            Some(digest) => digest.clone(),
            None => super::fingerprint_digest(self.entries().map(|(path, _, hash)| (path, hash))),
        }
    }

    /// Whether `print` is exactly the fingerprint these stamps give, without building it.
    pub fn matches(&self, print: &Fingerprint) -> bool {
        self.files.len() == print.len()
            && self
                .entries()
                .zip(print)
                .all(|((path, _, hash), (p, h))| path == p && hash == h)
    }
}

/// The stamps of the corpus files now, reading only the files that changed since `previous`.
/// The previous stamps' text is taken over: unchanged files keep their spans.
///
/// `watch` is what a running watch answered about `previous`'s token, asked before this call:
/// then only the files it names are looked at, unless it cannot vouch for the stamps (it answers
/// everything) or names a change it cannot describe file by file (a folder, a link, a file that
/// is no article). Without it, every file is `stat`ed.
pub fn stamp(dir: &Path, previous: Stamps, watch: Option<&Answer>) -> Result<Stamps, CorpusError> {
    let before = previous.token;
    let now = watch.map(Answer::now);
    let mut stamps = match watch {
        Some(Answer::Changed { paths, .. }) if before.is_some() => {
            match journal_changes(dir, &previous, paths)? {
                Some(changes) => restamp(dir, previous, changes, now)?,
                None => stamp_every_file(dir, || previous, now)?,
            }
        }
        _ => stamp_every_file(dir, || previous, now)?,
    };
    stamps.token_moved = stamps.token != before;
    Ok(stamps)
}

/// [`stamp`] without a watch: every file is `stat`ed while `previous` reads the previous
/// stamps (at 100,000 files, reading them takes a tenth of the check).
pub fn stamp_reading(
    dir: &Path,
    previous: impl FnOnce() -> Stamps + Send,
) -> Result<Stamps, CorpusError> {
    stamp_every_file(dir, previous, None)
}

/// What became of a file a watch's journal names.
enum Change<'p> {
    Gone(&'p str),
    Looks(&'p str, Look),
}

/// The changes to stamp for the paths a journal names since `previous` were taken; `None` when
/// they cannot be described file by file.
fn journal_changes<'p>(
    dir: &Path,
    previous: &Stamps,
    paths: &'p [String],
) -> Result<Option<Vec<Change<'p>>>, CorpusError> {
    let mut changes = Vec::with_capacity(paths.len());
    for path in paths {
        let article = under_articles(path);
        if !(article || path == ENTITIES_FILE || path == DEALS_FILE) {
            if path == "articles" {
                return Ok(None);
            }
            continue;
        }
        let full = dir.join(path);
        match std::fs::symlink_metadata(&full) {
            Ok(meta) if meta.is_file() => {
                if article && !is_article_name(&full) {
                    return Ok(None);
                }
                changes.push(Change::Looks(path, Look::of(&meta)));
            }
            // A folder (its files came or went with it), a link, anything else.
            Ok(_) => return Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let folder = format!("{path}/");
                let under = |p: &str| p.starts_with(&folder);
                if previous.hash(path).is_some() {
                    changes.push(Change::Gone(path));
                } else if previous.entries().any(|(p, _, _)| under(p)) {
                    return Ok(None);
                }
            }
            Err(source) => {
                return Err(CorpusError::Unreadable { path: full, source });
            }
        }
    }
    Ok(Some(changes))
}

/// `previous` with `changes` applied: files that look as stamped keep their hash, others are
/// read. The stamps keep `previous`'s time: a file stamped too soon after a change is still
/// hashed again when a later check looks at every file.
fn restamp(
    dir: &Path,
    mut previous: Stamps,
    changes: Vec<Change<'_>>,
    token: Option<Token>,
) -> Result<Stamps, CorpusError> {
    let digest = previous.digest.take();
    let mut text = std::mem::take(&mut previous.text);
    let (mut read, mut gone) = (0, false);
    let mut files = std::mem::take(&mut previous.files);
    let mut added = Vec::new();
    for change in changes {
        match change {
            Change::Gone(path) => {
                if let Some(at) = position_in(&files, path, &mut 0, |span| span_str(&text, span)) {
                    files.remove(at);
                    gone = true;
                }
            }
            Change::Looks(path, look) => {
                let at = position_in(&files, path, &mut 0, |span| span_str(&text, span));
                let kept = at
                    .map(|at| files[at])
                    .filter(|b| b.look == look && look.settled(previous.recorded_ns));
                if let Some(at) = at {
                    files[at].look = look;
                }
                if kept.is_some() {
                    continue;
                }
                let full = dir.join(path);
                let bytes = std::fs::read(&full)
                    .map_err(|source| CorpusError::Unreadable { path: full, source })?;
                read += 1;
                let hash = push_span(&mut text, &hash_bytes(&bytes));
                match at {
                    Some(at) => files[at].hash = hash,
                    None => added.push(Stamp {
                        path: push_span(&mut text, path),
                        look,
                        hash,
                    }),
                }
            }
        }
    }
    files.extend(added);
    let mut stamps = Stamps {
        recorded_ns: previous.recorded_ns,
        text,
        files,
        read,
        gone,
        not_indexed: Vec::new(),
        digest: digest.filter(|_| read == 0 && !gone),
        token,
        token_moved: false,
    };
    stamps.sort();
    Ok(stamps)
}

/// Appends `s` to `text`; where it is.
fn push_span(text: &mut String, s: &str) -> Span {
    let start = text.len() as u32;
    text.push_str(s);
    Span {
        start,
        end: text.len() as u32,
    }
}

fn span_str(text: &str, span: Span) -> &str {
    &text[span.start as usize..span.end as usize]
}

/// Every file's stamp, reading only the files that do not look as `previous` stamped them.
fn stamp_every_file(
    dir: &Path,
    previous: impl FnOnce() -> Stamps + Send,
    token: Option<Token>,
) -> Result<Stamps, CorpusError> {
    let recorded_ns = now_ns();
    let (previous, listed) = std::thread::scope(|scope| {
        let previous = scope.spawn(previous);
        let listed = Listing::scan_looking(dir).map(|(mut files, not_indexed, mut looks)| {
            for name in [ENTITIES_FILE, DEALS_FILE] {
                if files.push_corpus_file(name) {
                    looks.push(files.look(files.len() - 1));
                }
            }
            (files, not_indexed, looks)
        });
        let previous = previous
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (previous, listed)
    });
    let (files, not_indexed, looks) = listed?;
    let token_moved = token != previous.token;
    let unreadable = |path: PathBuf| move |source| CorpusError::Unreadable { path, source };
    // A watch sees every change only to files that are no links, and the stamps record no
    // files that are not articles (which the corpus reports).
    let linked_folder =
        std::fs::symlink_metadata(dir.join("articles")).is_ok_and(|m| m.file_type().is_symlink());
    let token = token.filter(|_| {
        not_indexed.is_empty() && !linked_folder && !(0..files.len()).any(|at| files.is_link(at))
    });
    let mut previous = previous;
    let mut text = std::mem::take(&mut previous.text);
    // Each file's previous stamp, while the text is only read.
    let (mut found, mut hint) = (0, 0);
    let before: Vec<Option<Stamp>> = (0..files.len())
        .map(|at| {
            let name = files.name(at);
            let at = position_in(&previous.files, &name, &mut hint, |span| {
                &text[span.start as usize..span.end as usize]
            });
            found += usize::from(at.is_some());
            at.map(|at| previous.files[at])
        })
        .collect();
    let mut stamped = Vec::with_capacity(files.len());
    let mut read = 0;
    for (at, (look, before)) in looks.into_iter().zip(before).enumerate() {
        let look = look.map_err(|source| CorpusError::Unreadable {
            path: files.path(at),
            source,
        })?;
        let stamp = match before {
            Some(b) if b.look == look && look.settled(previous.recorded_ns) => Stamp { look, ..b },
            _ => {
                read += 1;
                let path = files.path(at);
                let bytes = std::fs::read(&path).map_err(unreadable(path))?;
                let hash = push_span(&mut text, &hash_bytes(&bytes));
                let path = before.map_or_else(|| push_span(&mut text, &files.name(at)), |b| b.path);
                Stamp { path, look, hash }
            }
        };
        stamped.push(stamp);
    }
    let gone = found < previous.files.len();
    let mut stamps = Stamps {
        recorded_ns,
        text,
        files: stamped,
        read,
        gone,
        not_indexed,
        // Every file found as it was: the same fingerprint as before.
        digest: previous.digest.filter(|_| read == 0 && !gone),
        token,
        token_moved,
    };
    stamps.sort();
    Ok(stamps)
}

/// Where `path` is in `files` (sorted by the path `text` gives), looking first at `*hint`.
fn position_in<'t>(
    files: &[Stamp],
    path: &str,
    hint: &mut usize,
    text: impl Fn(Span) -> &'t str,
) -> Option<usize> {
    let at = match files.get(*hint) {
        Some(s) if text(s.path) == path => *hint,
        _ => files.binary_search_by(|s| text(s.path).cmp(path)).ok()?,
    };
    *hint = at + 1;
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fingerprint the stamps of `dir` give, and the stamps.
    fn fingerprint_stamped(
        dir: &Path,
        previous: Stamps,
    ) -> Result<(Fingerprint, Stamps), CorpusError> {
        let stamps = stamp(dir, previous, None)?;
        let print = stamps
            .entries()
            .map(|(path, _, hash)| (path.to_string(), hash.to_string()))
            .collect();
        Ok((print, stamps))
    }

    /// `stamps` with the hash of `path` replaced.
    fn forge(stamps: &mut Stamps, path: &str, hash: &str) {
        let at = stamps.position(path, &mut 0).unwrap();
        let start = stamps.text.len() as u32;
        stamps.text.push_str(hash);
        let end = stamps.text.len() as u32;
        stamps.files[at].hash = Span { start, end };
    }

    fn corpus() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("articles")).unwrap();
        std::fs::write(dir.path().join("articles/a.md"), "one").unwrap();
        std::fs::write(dir.path().join("articles/b.md"), "two").unwrap();
        dir
    }

    /// Stamps as if recorded long after every file's last change.
    fn settled(mut stamps: Stamps) -> Stamps {
        stamps.recorded_ns += 10 * super::super::look::RACY.as_nanos() as i128;
        stamps
    }

    #[test]
    fn the_fingerprint_is_the_same_with_or_without_stamps() {
        let dir = corpus();
        let (print, stamps) = fingerprint_stamped(dir.path(), Stamps::default()).unwrap();
        assert_eq!(print, super::super::fingerprint(dir.path()).unwrap());
        let (again, _) = fingerprint_stamped(dir.path(), settled(stamps)).unwrap();
        assert_eq!(again, print);
        let (_, stamps) = fingerprint_stamped(dir.path(), Stamps::default()).unwrap();
        assert!(stamps.matches(&print));
        let mut other = print.clone();
        other.insert("articles/c.md".into(), "x".into());
        assert!(!stamps.matches(&other));
    }

    #[test]
    fn a_settled_stamp_is_trusted_and_a_changed_file_is_hashed_again() {
        let dir = corpus();
        let (_, stamps) = fingerprint_stamped(dir.path(), Stamps::default()).unwrap();
        let mut stamps = settled(stamps);
        // A stamp that still matches is trusted: a forged hash shows it was not recomputed.
        forge(&mut stamps, "articles/a.md", "forged");
        let (print, _) = fingerprint_stamped(dir.path(), stamps.clone()).unwrap();
        assert_eq!(print["articles/a.md"], "forged");
        // Another size: read again.
        std::fs::write(dir.path().join("articles/a.md"), "one, edited").unwrap();
        let (print, _) = fingerprint_stamped(dir.path(), stamps.clone()).unwrap();
        assert_eq!(print["articles/a.md"], hash_bytes(b"one, edited"));
    }

    #[test]
    fn a_stamp_taken_right_after_a_change_is_not_trusted() {
        let dir = corpus();
        let (_, mut stamps) = fingerprint_stamped(dir.path(), Stamps::default()).unwrap();
        forge(&mut stamps, "articles/a.md", "forged");
        // Recorded just now, within RACY of the file's modification: hashed again.
        let (print, _) = fingerprint_stamped(dir.path(), stamps.clone()).unwrap();
        assert_eq!(print["articles/a.md"], hash_bytes(b"one"));
    }

    #[test]
    fn the_digest_is_saved_and_kept_while_no_file_changes() {
        let dir = corpus();
        let (print, stamps) = fingerprint_stamped(dir.path(), Stamps::default()).unwrap();
        let digest = super::super::fingerprint::digest(&print);
        assert_eq!(stamps.digest(), digest);
        let saved = settled(Stamps::parse(stamps.to_text()));
        assert_eq!(saved.digest, Some(digest.clone()));
        // Nothing changed: the saved digest is trusted, not recomputed (a forged one shows it).
        let forged = Stamps {
            digest: Some("forged".into()),
            ..saved.clone()
        };
        assert_eq!(stamp(dir.path(), forged, None).unwrap().digest(), "forged");
        // A changed file: recomputed.
        std::fs::write(dir.path().join("articles/b.md"), "two, edited").unwrap();
        let (print, stamps) = fingerprint_stamped(dir.path(), saved).unwrap();
        assert_eq!(stamps.digest, None);
        assert_eq!(stamps.digest(), super::super::fingerprint::digest(&print));
        // Stamps not exactly as written keep no digest.
        let text = stamps.to_text().replace("articles/a.md", "articles/z.md");
        assert_eq!(Stamps::parse(text).digest, None);
    }

    #[test]
    fn stamps_survive_their_text_form_and_garbage_is_no_stamp() {
        let dir = corpus();
        let (_, stamps) = fingerprint_stamped(dir.path(), Stamps::default()).unwrap();
        let stamps = Stamps {
            read: 0,
            gone: false,
            ..stamps
        };
        assert_eq!(Stamps::parse(stamps.to_text()), stamps);
        assert_eq!(Stamps::parse("not stamps\n1 2 3".into()), Stamps::default());
        // A file name with spaces is kept whole.
        let look = stamps.files[0].look.to_text();
        let spaced = Stamps::parse(format!("{}{look} 0123 articles/a b.md\n", stamps.to_text()));
        assert_eq!(spaced.hash("articles/a b.md"), Some("0123"));
        assert_eq!(Stamps::parse(spaced.to_text()), spaced);
        // Out of order, or twice: sorted, the last stamp of a path kept.
        let text = spaced.to_text();
        let (header, lines) = text.split_once('\n').unwrap();
        let mut lines: Vec<&str> = lines.lines().collect();
        lines.reverse();
        let twice = format!("{look} 4567 articles/a.md");
        lines.push(&twice);
        let shuffled = Stamps::parse(format!("{header}\n{}\n", lines.join("\n")));
        let paths: Vec<&str> = shuffled.entries().map(|(p, _, _)| p).collect();
        assert_eq!(paths, ["articles/a b.md", "articles/a.md", "articles/b.md"]);
        assert_eq!(shuffled.hash("articles/a.md"), Some("4567"));
        assert_eq!(shuffled.hash("articles/b.md"), stamps.hash("articles/b.md"));
    }

    fn token(text: &str) -> Token {
        Token::parse(text).unwrap()
    }

    fn changed(now: &str, paths: &[&str]) -> Answer {
        Answer::Changed {
            now: token(now),
            paths: paths.iter().map(|p| p.to_string()).collect(),
        }
    }

    /// Stamps taken by looking at every file, after a watch gave `now`.
    fn watched(dir: &Path, now: &str) -> Stamps {
        let stamps = stamp(
            dir,
            Stamps::default(),
            Some(&Answer::Everything { now: token(now) }),
        );
        let stamps = stamps.unwrap();
        assert_eq!(stamps.token(), Some(token(now)));
        Stamps::parse(stamps.to_text())
    }

    #[test]
    fn a_watch_answer_has_only_the_files_it_names_looked_at() {
        let dir = corpus();
        let mut stamps = watched(dir.path(), "a-1");
        // Forged hashes show which stamps were taken over without a look.
        forge(&mut stamps, "articles/a.md", "forged-a");
        forge(&mut stamps, "articles/b.md", "forged-b");
        std::fs::write(dir.path().join("articles/b.md"), "two, edited").unwrap();
        std::fs::write(dir.path().join("articles/c.md"), "three").unwrap();
        std::fs::write(dir.path().join(DEALS_FILE), "").unwrap();
        let answer = changed("a-4", &["articles/b.md", "articles/c.md", DEALS_FILE]);
        let now = stamp(dir.path(), stamps.clone(), Some(&answer)).unwrap();
        assert_eq!(now.hash("articles/a.md"), Some("forged-a"));
        assert_eq!(
            now.hash("articles/b.md"),
            Some(hash_bytes(b"two, edited").as_str())
        );
        assert_eq!(
            now.hash("articles/c.md"),
            Some(hash_bytes(b"three").as_str())
        );
        assert_eq!(now.hash(DEALS_FILE), Some(hash_bytes(b"").as_str()));
        assert_eq!((now.files_read(), now.token()), (3, Some(token("a-4"))));
        assert!(now.changed());
        // Saved and read back as the next check's previous stamps.
        let now = Stamps::parse(now.to_text());
        assert_eq!(now.token(), Some(token("a-4")));

        // A removed file is gone; nothing named: nothing looked at, nothing to save.
        std::fs::remove_file(dir.path().join("articles/c.md")).unwrap();
        let after = stamp(
            dir.path(),
            now.clone(),
            Some(&changed("a-5", &["articles/c.md"])),
        );
        let after = after.unwrap();
        assert_eq!(after.hash("articles/c.md"), None);
        assert!(after.changed());
        let quiet = stamp(dir.path(), now.clone(), Some(&changed("a-4", &[]))).unwrap();
        assert!(!quiet.changed());
        assert_eq!(quiet.digest(), now.digest());
        // Without an answer, or with stamps of no watch, every file is looked at again.
        let (print, _) = fingerprint_stamped(dir.path(), now.clone()).unwrap();
        assert_eq!(print["articles/a.md"], hash_bytes(b"one"));
        let unwatched = Stamps { token: None, ..now };
        let all = stamp(dir.path(), unwatched, Some(&changed("a-5", &[]))).unwrap();
        assert_eq!(all.hash("articles/a.md"), Some(hash_bytes(b"one").as_str()));
    }

    #[test]
    fn a_change_a_watch_cannot_name_file_by_file_has_every_file_looked_at() {
        let dir = corpus();
        let forged = || {
            let mut stamps = watched(dir.path(), "a-1");
            forge(&mut stamps, "articles/a.md", "forged");
            stamps
        };
        // A new folder: its files were never named.
        std::fs::create_dir(dir.path().join("articles/2025")).unwrap();
        std::fs::write(dir.path().join("articles/2025/c.md"), "three").unwrap();
        let now = stamp(
            dir.path(),
            forged(),
            Some(&changed("a-2", &["articles/2025"])),
        );
        let now = now.unwrap();
        assert_eq!(now.hash("articles/a.md"), Some(hash_bytes(b"one").as_str()));
        assert!(now.hash("articles/2025/c.md").is_some());
        assert_eq!(now.token(), Some(token("a-2")));
        // A folder moved away: its files are gone though none was named.
        let stamps = Stamps::parse(now.to_text());
        std::fs::rename(
            dir.path().join("articles/2025"),
            dir.path().join("elsewhere"),
        )
        .unwrap();
        let now = stamp(
            dir.path(),
            stamps,
            Some(&changed("a-3", &["articles/2025"])),
        )
        .unwrap();
        assert_eq!(now.hash("articles/2025/c.md"), None);
        // A file that is no article: reported by the corpus, so the stamps cannot do without
        // looking at every file, and keep no token.
        let stamps = forged();
        std::fs::write(dir.path().join("articles/notes.txt"), "n").unwrap();
        let answer = changed("a-4", &["articles/notes.txt"]);
        let now = stamp(dir.path(), stamps, Some(&answer)).unwrap();
        assert_eq!(now.hash("articles/a.md"), Some(hash_bytes(b"one").as_str()));
        assert_eq!(now.token(), None);
        std::fs::remove_file(dir.path().join("articles/notes.txt")).unwrap();
        // The articles folder itself.
        let now = stamp(dir.path(), forged(), Some(&changed("a-5", &["articles"]))).unwrap();
        assert_eq!(now.hash("articles/a.md"), Some(hash_bytes(b"one").as_str()));
    }

    #[cfg(unix)]
    #[test]
    fn stamps_of_a_corpus_with_links_keep_no_token() {
        // A link's target can change where no watch of the corpus sees it.
        let dir = corpus();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("c.md"), "three").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("c.md"),
            dir.path().join("articles/c.md"),
        )
        .unwrap();
        let answer = Answer::Everything { now: token("a-1") };
        let stamps = stamp(dir.path(), Stamps::default(), Some(&answer)).unwrap();
        assert_eq!(
            stamps.hash("articles/c.md"),
            Some(hash_bytes(b"three").as_str())
        );
        assert_eq!(stamps.token(), None);
    }

    #[test]
    fn stamps_written_before_watch_tokens_are_still_read() {
        let dir = corpus();
        let (_, stamps) = fingerprint_stamped(dir.path(), Stamps::default()).unwrap();
        let text = stamps.to_text();
        let (header, body) = text.split_once('\n').unwrap();
        let old = header.replace(HEADER, HEADER_2).replace(" -", "");
        let old = Stamps::parse(format!("{old}\n{body}"));
        assert_eq!(old.hash("articles/a.md"), stamps.hash("articles/a.md"));
        assert_eq!(old.digest, Some(stamps.digest()));
        assert_eq!(old.token(), None);
    }
}
