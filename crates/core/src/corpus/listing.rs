//! The files under a corpus's `articles/` folder, listed for a `stat` of each.
//!
//! At 100,000 files a freshness check is mostly this listing and the `stat` calls. So a
//! [`Listing`] keeps every file's relative path in one buffer, where a path and a folder entry
//! per file cost a quarter of the check to allocate, sort and free. And each file is `stat`ed
//! relative to its open folder (`fstatat`), which spares the kernel a lookup of every folder
//! on the way to it. [`Listing::scan_looking`] `stat`s on other threads while the folder is
//! still being listed.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::CorpusError;
use super::fingerprint::{NotIndexed, is_article_file_name};
use super::look::Look;

/// Folders kept open for `stat` calls relative to them. Files in further folders are
/// `stat`ed by path, so that a corpus of many small folders cannot run out of file
/// descriptors.
const OPEN_FOLDERS: usize = 64;

/// How many names the listing hands over at a time to the threads that `stat` them.
const BATCH: usize = 1024;

/// The article files of a corpus, sorted by their path relative to the corpus folder, then
/// any files [`Listing::push_corpus_file`] added.
pub(super) struct Listing {
    dir: PathBuf,
    /// Each file's path relative to the corpus folder, with `/` between folders and a NUL
    /// after it (for the `stat` call).
    text: Vec<u8>,
    files: Vec<Listed>,
    folders: Vec<Folder>,
}

#[derive(Debug, Clone, Copy)]
struct Listed {
    /// Where the file's relative path starts in the text, where its name starts, and where
    /// both end (at the NUL).
    start: usize,
    name: usize,
    end: usize,
    folder: usize,
    link: bool,
    /// Where the file came in the folders' listing, before the sort.
    listed: usize,
}

/// Names just listed in one folder, for another thread to `stat`: each followed by a NUL.
struct Batch {
    /// The listing position of the first.
    first: usize,
    folder: Folder,
    names: Vec<u8>,
}

/// A folder files were listed in, open for `stat` calls relative to it when it could be (and
/// shared with the threads that make them).
#[derive(Clone)]
struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    open: Option<std::sync::Arc<std::fs::File>>,
}

impl Folder {
    fn new(path: PathBuf, keep_open: bool) -> Folder {
        #[cfg(unix)]
        let open = keep_open
            .then(|| std::fs::File::open(&path).ok().map(std::sync::Arc::new))
            .flatten();
        #[cfg(not(unix))]
        let _ = keep_open;
        Folder {
            path,
            #[cfg(unix)]
            open,
        }
    }

    /// The look of the file `name` (its NUL included) in this folder.
    fn look(&self, name: &[u8]) -> std::io::Result<Look> {
        #[cfg(unix)]
        if let Some(folder) = &self.open {
            let name = std::ffi::CStr::from_bytes_with_nul(name).map_err(std::io::Error::other)?;
            let stat = rustix::fs::statat(&**folder, name, rustix::fs::AtFlags::empty())?;
            return Ok(Look::of_stat(&stat));
        }
        let name = name.strip_suffix(b"\0").unwrap_or(name);
        #[cfg(unix)]
        let name = <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(name);
        #[cfg(not(unix))]
        let name = String::from_utf8_lossy(name).into_owned();
        Look::of_path(&self.path.join(name))
    }
}

impl Batch {
    fn looks(&self) -> Vec<std::io::Result<Look>> {
        self.names
            .split_inclusive(|&b| b == 0)
            .map(|name| self.folder.look(name))
            .collect()
    }
}

impl Listing {
    /// The article files under `dir/articles` (in subfolders too), and the other files found
    /// there, which are reported rather than skipped silently. Hidden files (an editor's
    /// `.#draft.md`, `.DS_Store`) are nobody's article and are left out.
    pub fn scan(dir: &Path) -> Result<(Listing, Vec<NotIndexed>), CorpusError> {
        Self::scan_with(dir, None)
    }

    /// [`Listing::scan`], and each file's look, in order: other threads `stat` the files
    /// listed so far while the listing goes on, and the listing's thread joins them once done.
    #[allow(clippy::type_complexity)]
    pub fn scan_looking(
        dir: &Path,
    ) -> Result<(Listing, Vec<NotIndexed>, Vec<std::io::Result<Look>>), CorpusError> {
        let helpers = std::thread::available_parallelism()
            .map_or(1, |n| n.get().min(4))
            .saturating_sub(1);
        let (sender, receiver) = std::sync::mpsc::channel::<Batch>();
        let receiver = std::sync::Mutex::new(receiver);
        // Batches are taken one at a time by whichever thread is free.
        let work = || {
            let mut done = Vec::new();
            loop {
                let batch = match receiver.lock() {
                    Ok(receiver) => receiver.recv(),
                    Err(poisoned) => poisoned.into_inner().recv(),
                };
                let Ok(batch) = batch else {
                    return done;
                };
                done.push((batch.first, batch.looks()));
            }
        };
        let (scanned, done) = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..helpers).map(|_| scope.spawn(work)).collect();
            let scanned = Self::scan_with(dir, Some(sender));
            // The sender is gone with the scan: the queue ends once drained.
            let mut done = work();
            for worker in workers {
                done.extend(
                    worker
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            (scanned, done)
        });
        let (listing, others) = scanned?;
        let mut by_listing: Vec<Option<std::io::Result<Look>>> =
            (0..listing.len()).map(|_| None).collect();
        for (first, looks) in done {
            for (at, look) in (first..).zip(looks) {
                if let Some(slot) = by_listing.get_mut(at) {
                    *slot = Some(look);
                }
            }
        }
        let looks = listing
            .files
            .iter()
            .map(|file| {
                by_listing[file.listed].take().unwrap_or_else(|| {
                    Err(std::io::Error::other(
                        "the file was listed but not looked at",
                    ))
                })
            })
            .collect();
        Ok((listing, others, looks))
    }

    /// The scan, handing each batch of names listed to `looker` when there is one.
    fn scan_with(
        dir: &Path,
        looker: Option<std::sync::mpsc::Sender<Batch>>,
    ) -> Result<(Listing, Vec<NotIndexed>), CorpusError> {
        let unreadable = |source| CorpusError::Unreadable {
            path: dir.to_path_buf(),
            source,
        };
        let mut listing = Listing {
            dir: dir.to_path_buf(),
            text: Vec::new(),
            files: Vec::new(),
            folders: Vec::new(),
        };
        let mut others = Vec::new();
        // Each folder still to list, and its path relative to the corpus folder.
        let mut pending = vec![(dir.join("articles"), b"articles".to_vec())];
        while let Some((path, relative)) = pending.pop() {
            let entries = std::fs::read_dir(&path).map_err(unreadable)?;
            let folder = listing.folders.len();
            listing
                .folders
                .push(Folder::new(path, folder < OPEN_FOLDERS));
            let mut batch = looker.as_ref().map(|_| Batch {
                first: listing.files.len(),
                folder: listing.folders[folder].clone(),
                names: Vec::new(),
            });
            for entry in entries {
                let entry = entry.map_err(unreadable)?;
                let name = entry.file_name();
                let name = name.as_encoded_bytes();
                if name.starts_with(b".") {
                    continue;
                }
                // The listing gives the kind of most entries: only a link costs a `stat` here.
                let kind = entry.file_type().map_err(unreadable)?;
                let link = kind.is_symlink();
                let is_file = || kind.is_file() || (link && entry.path().is_file());
                if kind.is_dir() {
                    pending.push((entry.path(), [&relative[..], b"/", name].concat()));
                } else if is_article_file_name(name) && is_file() {
                    let file = listing.push(&relative, name, folder, link);
                    if let (Some(b), Some(looker)) = (batch.as_mut(), looker.as_ref()) {
                        b.names
                            .extend_from_slice(&listing.text[file.name..=file.end]);
                        if listing.files.len() - b.first >= BATCH {
                            let next = Batch {
                                first: listing.files.len(),
                                folder: b.folder.clone(),
                                names: Vec::new(),
                            };
                            // Sent to the queue, which outlives the scan: it cannot fail.
                            let _ = looker.send(std::mem::replace(b, next));
                        }
                    }
                } else {
                    let path = [&relative[..], b"/", name].concat();
                    others.push(NotIndexed {
                        path: String::from_utf8_lossy(&path).into_owned(),
                        reason: "only .md and .markdown files are articles; import other formats with `dealdesk import`",
                    });
                }
            }
            if let (Some(b), Some(looker)) = (batch, looker.as_ref())
                && !b.names.is_empty()
            {
                let _ = looker.send(b);
            }
        }
        drop(looker);
        // By bytes: the same order as by path for names in one folder.
        let text = &listing.text;
        listing
            .files
            .sort_unstable_by(|a, b| text[a.start..a.end].cmp(&text[b.start..b.end]));
        others.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((listing, others))
    }

    /// Adds `name`, a file of the corpus folder itself (the deal or entity file), after the
    /// articles when it exists.
    pub fn push_corpus_file(&mut self, name: &str) -> bool {
        let path = self.dir.join(name);
        if !path.exists() {
            return false;
        }
        let link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        let folder = match self.folders.iter().position(|f| f.path == self.dir) {
            Some(at) => at,
            None => {
                self.folders.push(Folder::new(self.dir.clone(), true));
                self.folders.len() - 1
            }
        };
        self.push(b"", name.as_bytes(), folder, link);
        true
    }

    /// Adds the file `name` of `folder`, whose path relative to the corpus folder is
    /// `relative` (empty for the corpus folder itself).
    fn push(&mut self, relative: &[u8], name: &[u8], folder: usize, link: bool) -> Listed {
        let start = self.text.len();
        if !relative.is_empty() {
            self.text.extend_from_slice(relative);
            self.text.push(b'/');
        }
        let name_at = self.text.len();
        self.text.extend_from_slice(name);
        let end = self.text.len();
        self.text.push(0);
        let file = Listed {
            start,
            name: name_at,
            end,
            folder,
            link,
            listed: self.files.len(),
        };
        self.files.push(file);
        file
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// The path of file `at` relative to the corpus folder, with `/` between folders: how
    /// stamps, fingerprints and manifests name it.
    pub fn name(&self, at: usize) -> Cow<'_, str> {
        let file = &self.files[at];
        let bytes = &self.text[file.start..file.end];
        // `from_utf8_lossy` alone walks the name in chunks, several times slower.
        std::str::from_utf8(bytes).map_or_else(|_| String::from_utf8_lossy(bytes), Cow::Borrowed)
    }

    /// The full path of file `at`.
    pub fn path(&self, at: usize) -> PathBuf {
        let file = &self.files[at];
        let name = &self.text[file.name..file.end];
        #[cfg(unix)]
        let name = <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(name);
        #[cfg(not(unix))]
        let name = String::from_utf8_lossy(name).into_owned();
        self.folders[file.folder].path.join(name)
    }

    /// Every file's full path, in order.
    pub fn paths(&self) -> Vec<PathBuf> {
        (0..self.len()).map(|at| self.path(at)).collect()
    }

    /// Whether file `at` is a link: its target may change where no watch of the corpus sees it.
    pub fn is_link(&self, at: usize) -> bool {
        self.files[at].link
    }

    /// File `at`'s look now (a link's target's).
    pub fn look(&self, at: usize) -> std::io::Result<Look> {
        let file = &self.files[at];
        self.folders[file.folder].look(&self.text[file.name..=file.end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(listing: &Listing) -> Vec<String> {
        (0..listing.len())
            .map(|at| listing.name(at).into_owned())
            .collect()
    }

    #[test]
    fn lists_articles_in_subfolders_sorted_and_reports_the_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        std::fs::create_dir_all(articles.join("2026/nov")).unwrap();
        for name in [
            "b.md",
            "a.MARKDOWN",
            "2026/nov/c.md",
            "2026/x.md",
            "notes.txt",
            ".#b.md",
        ] {
            std::fs::write(articles.join(name), name).unwrap();
        }
        std::fs::create_dir_all(articles.join(".git")).unwrap();
        std::fs::write(articles.join(".git/HEAD.md"), "").unwrap();

        let (listing, others) = Listing::scan(dir.path()).unwrap();

        assert_eq!(
            names(&listing),
            [
                "articles/2026/nov/c.md",
                "articles/2026/x.md",
                "articles/a.MARKDOWN",
                "articles/b.md"
            ]
        );
        assert_eq!(listing.path(0), articles.join("2026/nov/c.md"));
        assert_eq!(
            others.iter().map(|o| o.path.as_str()).collect::<Vec<_>>(),
            ["articles/notes.txt"]
        );
    }

    #[test]
    fn looks_are_those_of_a_stat_by_path_through_links_too() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        std::fs::create_dir_all(articles.join("sub")).unwrap();
        std::fs::write(articles.join("a.md"), "one").unwrap();
        std::fs::write(articles.join("sub/b.md"), "two, longer").unwrap();
        std::fs::write(dir.path().join("deals.jsonl"), "").unwrap();
        #[cfg(unix)]
        {
            std::fs::write(dir.path().join("target.txt"), "linked").unwrap();
            std::os::unix::fs::symlink(dir.path().join("target.txt"), articles.join("l.md"))
                .unwrap();
        }

        let (mut listing, _) = Listing::scan(dir.path()).unwrap();
        assert!(listing.push_corpus_file("deals.jsonl"));
        assert!(!listing.push_corpus_file("entities.toml"));

        let looks: Vec<_> = (0..listing.len()).map(|at| listing.look(at)).collect();
        for (at, look) in looks.into_iter().enumerate() {
            let by_path = Look::of_path(&dir.path().join(&*listing.name(at))).unwrap();
            assert_eq!(look.unwrap(), by_path, "{}", listing.name(at));
        }
        assert_eq!(listing.name(listing.len() - 1), "deals.jsonl");
        #[cfg(unix)]
        {
            let linked = (0..listing.len()).find(|&at| listing.name(at) == "articles/l.md");
            assert!(listing.is_link(linked.unwrap()));
            assert!(!listing.is_link(0));
        }
    }

    #[test]
    fn looks_taken_while_listing_are_those_taken_after_in_subfolders_too() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        // Several batches in one folder, a batch cut short by its folder's end, folders past
        // those kept open, and a link.
        let mut files = 0;
        for (folder, count) in [("", 2 * BATCH + 3), ("sub", 5), ("sub/deeper", BATCH + 1)] {
            std::fs::create_dir_all(articles.join(folder)).unwrap();
            for n in 0..count {
                let size = files % 997;
                std::fs::write(
                    articles.join(folder).join(format!("{n:05}.md")),
                    vec![b'x'; size],
                )
                .unwrap();
                files += 1;
            }
        }
        for n in 0..OPEN_FOLDERS {
            let folder = articles.join(format!("many/{n:03}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("a.md"), vec![b'y'; n]).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(articles.join("00001.md"), articles.join("link.md")).unwrap();

        let (listing, others, looks) = Listing::scan_looking(dir.path()).unwrap();

        let (again, _) = Listing::scan(dir.path()).unwrap();
        let names = |l: &Listing| {
            (0..l.len())
                .map(|at| l.name(at).into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&listing), names(&again));
        assert!(others.is_empty());
        assert_eq!(looks.len(), listing.len());
        for (at, look) in looks.into_iter().enumerate() {
            let by_path = Look::of_path(&dir.path().join(&*listing.name(at))).unwrap();
            assert_eq!(look.unwrap(), by_path, "{}", listing.name(at));
        }
    }

    #[test]
    fn looks_taken_on_several_threads_come_in_the_listing_order() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        std::fs::create_dir_all(&articles).unwrap();
        let files = 2 * BATCH + 1;
        for n in 0..files {
            // Each file's size is its number: a look out of place shows.
            std::fs::write(articles.join(format!("{n:05}.md")), vec![b'x'; n]).unwrap();
        }
        let (_, _, looks) = Listing::scan_looking(dir.path()).unwrap();

        let sizes: Vec<u64> = looks.into_iter().map(|l| l.unwrap().size).collect();

        assert_eq!(sizes, (0..files as u64).collect::<Vec<_>>());
    }

    #[test]
    fn files_past_the_folders_kept_open_are_looked_at_by_path() {
        let dir = tempfile::tempdir().unwrap();
        let folders = OPEN_FOLDERS + 2;
        for n in 0..folders {
            let folder = dir.path().join(format!("articles/{n:03}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("a.md"), vec![b'x'; n]).unwrap();
        }
        let (listing, _, looks) = Listing::scan_looking(dir.path()).unwrap();
        assert_eq!(listing.len(), folders);

        for (at, look) in looks.into_iter().enumerate() {
            assert_eq!(look.unwrap().size, at as u64, "{}", listing.name(at));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_no_utf8_is_read_through_its_own_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("articles")).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        let path = dir.path().join("articles").join(name);
        if std::fs::write(&path, "one").is_err() {
            // A file system that only takes UTF-8 names cannot hold such a file.
            return;
        }
        let (listing, _) = Listing::scan(dir.path()).unwrap();

        assert_eq!(listing.name(0), "articles/caf\u{fffd}.md");
        assert_eq!(listing.path(0), path);
        assert_eq!(listing.look(0).unwrap().size, 3);
    }

    #[test]
    fn a_file_gone_since_the_listing_has_no_look() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("articles")).unwrap();
        std::fs::write(dir.path().join("articles/a.md"), "one").unwrap();
        let (listing, _) = Listing::scan(dir.path()).unwrap();
        std::fs::remove_file(dir.path().join("articles/a.md")).unwrap();

        let error = listing.look(0).unwrap_err();

        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
    }
}
