//! The corpus [`Fingerprint`] without reading unchanged files: what each file looked like
//! (size, modification and change times, inode) when it was last hashed. A file that still
//! looks the same keeps its hash; any other is read and hashed again. This is git's index
//! trick: it turns the freshness check every command runs from reading the whole corpus into
//! one `stat` per file.
//!
//! A stamp recorded less than [`RACY`] after its file's modification time is not trusted: the
//! file may have changed again within the file system's time granularity without its times
//! showing it. It is hashed again the next time, and trusted from then on.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::fingerprint::{NotIndexed, hash_bytes, relative, scan_articles};
use super::{CorpusError, DEALS_FILE, ENTITIES_FILE, Fingerprint};

/// How long after a file's modification a stamp of it is trusted.
const RACY: Duration = Duration::from_secs(2);

/// The first line of a stamps file; another one is ignored (everything is hashed again).
const HEADER: &str = "dealdesk-stamps 1";

/// What a file looked like when it was hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Look {
    size: u64,
    modified_ns: i128,
    changed_ns: i128,
    inode: u64,
}

impl Look {
    fn of(meta: &std::fs::Metadata) -> Look {
        let ns = |t: std::io::Result<SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128)
        };
        #[cfg(unix)]
        let (changed_ns, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed_ns, inode) = (0, 0);
        Look {
            size: meta.len(),
            modified_ns: ns(meta.modified()),
            changed_ns,
            inode,
        }
    }
}

/// The hash of each corpus file with its [`Look`], as of `recorded_ns`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamps {
    recorded_ns: i128,
    files: BTreeMap<String, (Look, String)>,
    /// How many files were read to make these (not saved).
    read: usize,
    /// Whether files the previous stamps had are gone (not saved).
    gone: bool,
    /// Files under `articles/` that are not articles, found while stamping (not saved).
    not_indexed: Vec<NotIndexed>,
}

impl Stamps {
    /// Reads a stamps file written by [`Stamps::to_text`]; anything unreadable is no stamp.
    pub fn parse(text: &str) -> Stamps {
        let mut lines = text.lines();
        let Some(recorded_ns) = lines
            .next()
            .and_then(|h| h.strip_prefix(HEADER))
            .and_then(|rest| rest.trim().parse().ok())
        else {
            return Stamps::default();
        };
        let mut files = BTreeMap::new();
        for line in lines {
            let mut parts = line.splitn(6, ' ');
            let mut next = || parts.next();
            let (Some(size), Some(modified), Some(changed), Some(inode), Some(hash), Some(path)) =
                (next(), next(), next(), next(), next(), next())
            else {
                continue;
            };
            let (Ok(size), Ok(modified_ns), Ok(changed_ns), Ok(inode)) = (
                size.parse(),
                modified.parse(),
                changed.parse(),
                inode.parse(),
            ) else {
                continue;
            };
            let look = Look {
                size,
                modified_ns,
                changed_ns,
                inode,
            };
            files.insert(path.to_string(), (look, hash.to_string()));
        }
        Stamps {
            recorded_ns,
            files,
            ..Stamps::default()
        }
    }

    /// Whether these stamps say something the previous ones did not: a file read (changed,
    /// added, or stamped too soon last time) or gone. Saving them is then worth it.
    /// The article files these stamps cover, by path relative to the corpus folder, sorted;
    /// and, for stamps just taken, the files under `articles/` that are not articles.
    pub(super) fn articles(&self) -> (impl Iterator<Item = &str>, &[NotIndexed]) {
        let names = self
            .files
            .keys()
            .map(String::as_str)
            .filter(|name| name.starts_with("articles/"));
        (names, &self.not_indexed)
    }

    pub fn changed(&self) -> bool {
        self.read > 0 || self.gone
    }

    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER} {}\n", self.recorded_ns);
        // One line per file: a name that breaks lines is not saved, and is read every time.
        for (path, (l, hash)) in self.files.iter().filter(|(p, _)| !p.contains(['\n', '\r'])) {
            out.push_str(&format!(
                "{} {} {} {} {hash} {path}\n",
                l.size, l.modified_ns, l.changed_ns, l.inode
            ));
        }
        out
    }

    /// The hash of `path` when it still looks as it did, and was stamped well after its last
    /// change; its stamp is taken out either way.
    fn take_hash(&mut self, path: &str, look: Look) -> Option<String> {
        let (stamped, hash) = self.files.remove(path)?;
        let settled = self.recorded_ns - look.modified_ns >= RACY.as_nanos() as i128;
        (stamped == look && settled).then_some(hash)
    }

    /// The hash stamped for `path` (relative to the corpus folder).
    pub fn hash(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|(_, hash)| hash.as_str())
    }

    /// Whether `print` is exactly the fingerprint these stamps give, without building it.
    pub fn matches(&self, print: &Fingerprint) -> bool {
        self.files.len() == print.len()
            && self
                .files
                .iter()
                .zip(print)
                .all(|((a, (_, h)), (b, g))| a == b && h == g)
    }
}

/// The stamps of the corpus files now, reading only the files that do not look as `previous`
/// stamped them (whose entries are moved, not copied: at 100,000 files two sets of stamps and
/// a fingerprint would all be alive at once otherwise).
pub fn stamp(dir: &Path, mut previous: Stamps) -> Result<Stamps, CorpusError> {
    let recorded_ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128);
    let (mut files, not_indexed) = scan_articles(dir)?;
    let mut stamps = Stamps {
        recorded_ns,
        not_indexed,
        ..Stamps::default()
    };
    files.extend(
        [dir.join(ENTITIES_FILE), dir.join(DEALS_FILE)]
            .into_iter()
            .filter(|p| p.exists()),
    );
    let unreadable = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CorpusError::Unreadable { path, source }
    };
    let looks = looks(&files);
    for (path, look) in files.into_iter().zip(looks) {
        let name = relative(dir, &path);
        let look = look.map_err(unreadable(&path))?;
        let hash = match previous.take_hash(&name, look) {
            Some(hash) => hash,
            None => {
                stamps.read += 1;
                hash_bytes(&std::fs::read(&path).map_err(unreadable(&path))?)
            }
        };
        stamps.files.insert(name, (look, hash));
    }
    stamps.gone = !previous.files.is_empty();
    Ok(stamps)
}

/// Each file's look, on every core (at most 4) when there are many: at 100,000 files the
/// `stat` calls are most of a freshness check.
fn looks(files: &[std::path::PathBuf]) -> Vec<std::io::Result<Look>> {
    let look = |path: &std::path::PathBuf| std::fs::metadata(path).map(|m| Look::of(&m));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads == 1 || files.len() < 4096 {
        return files.iter().map(look).collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(look).collect::<Vec<_>>()))
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
            .files
            .iter()
            .map(|(path, (_, hash))| (path.clone(), hash.clone()))
            .collect();
        Ok((print, stamps))
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
        stamps.recorded_ns += 10 * RACY.as_nanos() as i128;
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
        let (look, _) = stamps.files["articles/a.md"];
        stamps
            .files
            .insert("articles/a.md".into(), (look, "forged".into()));
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
        let (look, _) = stamps.files["articles/a.md"];
        stamps
            .files
            .insert("articles/a.md".into(), (look, "forged".into()));
        // Recorded just now, within RACY of the file's modification: hashed again.
        let (print, _) = fingerprint_stamped(dir.path(), stamps.clone()).unwrap();
        assert_eq!(print["articles/a.md"], hash_bytes(b"one"));
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
        assert_eq!(Stamps::parse(&stamps.to_text()), stamps);
        assert_eq!(Stamps::parse("not stamps\n1 2 3"), Stamps::default());
        // A file name with spaces is kept whole.
        let mut spaced = stamps.clone();
        let entry = spaced.files["articles/a.md"].clone();
        spaced.files.insert("articles/a b.md".into(), entry);
        assert_eq!(Stamps::parse(&spaced.to_text()), spaced);
    }
}
