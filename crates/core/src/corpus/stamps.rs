//! The corpus [`Fingerprint`] without reading unchanged files: what each file looked like
//! (size, modification and change times, inode) when it was last hashed. A file that still
//! looks the same keeps its hash; any other is read and hashed again. This is git's index
//! trick: it turns the freshness check every command runs from reading the whole corpus into
//! one `stat` per file ([`Look`]). A stamp taken too soon after its file changed is hashed
//! again the next time, and trusted from then on.

use std::borrow::Cow;
use std::path::Path;

use super::fingerprint::{CorpusFile, NotIndexed, hash_bytes, scan_articles};
use super::look::{Look, now_ns};
use super::{CorpusError, DEALS_FILE, ENTITIES_FILE, Fingerprint};

/// The first line of a stamps file, before the time they were recorded and their digest;
/// another one is ignored (everything is hashed again).
const HEADER: &str = "dealdesk-stamps 2";

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
        let Some((recorded_ns, digest)) = header
            .strip_prefix(HEADER)
            .and_then(|rest| rest.trim().split_once(' '))
            .and_then(|(time, digest)| Some((time.parse().ok()?, digest.to_string())))
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

    /// The article files these stamps cover, by path relative to the corpus folder, sorted;
    /// and, for stamps just taken, the files under `articles/` that are not articles.
    pub(super) fn articles(&self) -> (impl Iterator<Item = &str>, &[NotIndexed]) {
        let names = self
            .entries()
            .map(|(path, _, _)| path)
            .filter(|name| name.starts_with("articles/"));
        (names, &self.not_indexed)
    }

    /// Whether these stamps say something the previous ones did not: a file read (changed,
    /// added, or stamped too soon last time) or gone. Saving them is then worth it.
    pub fn changed(&self) -> bool {
        self.read > 0 || self.gone
    }

    pub fn to_text(&self) -> String {
        // One line per file: a name that breaks lines is not saved, and is read every time.
        let saved = || self.entries().filter(|(p, _, _)| !p.contains(['\n', '\r']));
        let digest = super::fingerprint_digest(saved().map(|(path, _, hash)| (path, hash)));
        let mut out = format!("{HEADER} {} {digest}\n", self.recorded_ns);
        for (path, look, hash) in saved() {
            out.push_str(&format!("{} {hash} {path}\n", look.to_text()));
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

/// The stamps of the corpus files now, reading only the files that do not look as `previous`
/// stamped them. The previous stamps' text is taken over: unchanged files keep their spans.
pub fn stamp(dir: &Path, previous: Stamps) -> Result<Stamps, CorpusError> {
    let recorded_ns = now_ns();
    let (mut files, not_indexed) = scan_articles(dir)?;
    files.extend(
        [ENTITIES_FILE, DEALS_FILE]
            .into_iter()
            .map(|name| CorpusFile::named(dir, name))
            .filter(|f| f.path.exists()),
    );
    let unreadable = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CorpusError::Unreadable { path, source }
    };
    let looks = looks(&files);
    let mut previous = previous;
    let mut text = std::mem::take(&mut previous.text);
    // Each file's name and previous stamp, while the text is only read.
    let (mut found, mut hint) = (0, 0);
    let named: Vec<(Cow<str>, Option<Stamp>)> = files
        .iter()
        .map(|file| {
            let name = file.name();
            let at = position_in(&previous.files, &name, &mut hint, |span| {
                &text[span.start as usize..span.end as usize]
            });
            found += usize::from(at.is_some());
            (name, at.map(|at| previous.files[at]))
        })
        .collect();
    let mut push = |s: &str| {
        let start = text.len() as u32;
        text.push_str(s);
        Span {
            start,
            end: text.len() as u32,
        }
    };
    let mut stamped = Vec::with_capacity(files.len());
    let mut read = 0;
    for ((file, look), (name, before)) in files.iter().zip(looks).zip(named) {
        let look = look.map_err(unreadable(&file.path))?;
        let stamp = match before {
            Some(b) if b.look == look && look.settled(previous.recorded_ns) => Stamp { look, ..b },
            _ => {
                read += 1;
                let hash = hash_bytes(&std::fs::read(&file.path).map_err(unreadable(&file.path))?);
                let path = before.map_or_else(|| push(&name), |b| b.path);
                Stamp {
                    path,
                    look,
                    hash: push(&hash),
                }
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

/// Each file's look, on every core (at most 4) when there are many: at 100,000 files the
/// `stat` calls are most of a freshness check.
fn looks(files: &[CorpusFile]) -> Vec<std::io::Result<Look>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads == 1 || files.len() < 4096 {
        return files.iter().map(CorpusFile::look).collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(CorpusFile::look).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|part| part.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fingerprint the stamps of `dir` give, and the stamps.
    fn fingerprint_stamped(
        dir: &Path,
        previous: Stamps,
    ) -> Result<(Fingerprint, Stamps), CorpusError> {
        let stamps = stamp(dir, previous)?;
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
        assert_eq!(stamp(dir.path(), forged).unwrap().digest(), "forged");
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
}
