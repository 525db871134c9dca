//! The watch's answers to the other commands: a Unix socket in the index folder where any
//! `dealdesk` process asks what changed in the corpus since its stamps were taken, so that its
//! freshness check looks at those files only ([`dealdesk_core::corpus::journal`] has the
//! protocol and why it can be trusted).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use dealdesk_core::corpus::journal::{self, Answer, Journal};
use notify::EventKind;
use notify::event::ModifyKind;

/// How long an answer waits for its cookie's event; past it, it answers "everything".
const COOKIE_PATIENCE: Duration = Duration::from_secs(1);

/// What the watch's events taught about the corpus, shared by the event handler and the
/// socket.
pub(crate) struct Shared {
    /// The corpus folder, canonical: events name paths under it, requests name it.
    corpus: PathBuf,
    /// Where cookies are written (`journal::COOKIE_FOLDER` in the index folder), canonical.
    cookie_folder: PathBuf,
    journal: Mutex<Journal>,
    /// The cookies whose events came and that nobody waited for yet.
    cookies: Mutex<HashSet<String>>,
    cookie_came: Condvar,
    next_cookie: AtomicU64,
    /// When a command last asked (or the watch started).
    asked_at: Mutex<Instant>,
    /// New folders whose watch is being added: until it is, nothing inside them is seen.
    adding: Mutex<usize>,
    added: Condvar,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Waits on `changed` until `done` holds of what `mutex` guards, or until `deadline`; says
/// whether it holds.
fn wait_until<T>(
    mutex: &Mutex<T>,
    changed: &Condvar,
    deadline: Instant,
    mut done: impl FnMut(&mut T) -> bool,
) -> bool {
    let mut guarded = lock(mutex);
    loop {
        if done(&mut guarded) {
            return true;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        guarded = changed
            .wait_timeout(guarded, left)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
    }
}

impl Shared {
    /// The journal of a watch of `corpus` (canonical), empty, with cookies written to
    /// `cookie_folder` (canonical), which the same watcher must watch.
    pub(crate) fn new(corpus: PathBuf, cookie_folder: PathBuf) -> Shared {
        use std::hash::{BuildHasher, Hasher};
        // Tells this run's tokens from any other's: the standard library's random keys.
        let instance = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        Shared {
            corpus,
            cookie_folder,
            journal: Mutex::new(Journal::new(instance)),
            cookies: Mutex::new(HashSet::new()),
            cookie_came: Condvar::new(),
            next_cookie: AtomicU64::new(0),
            asked_at: Mutex::new(Instant::now()),
            adding: Mutex::new(0),
            added: Condvar::new(),
        }
    }

    /// The corpus folder, canonical.
    pub(crate) fn corpus(&self) -> &Path {
        &self.corpus
    }

    /// A folder appeared in the corpus: until [`Shared::done_adding`], answers wait (its
    /// files are not watched yet).
    pub(crate) fn begin_adding(&self) {
        *lock(&self.adding) += 1;
    }

    /// The watch of `folder` was added (`watched`), or could not be (then nothing is vouched
    /// for any more). The folder is recorded again: a command whose stamps were taken while
    /// it was being added looks at it.
    pub(crate) fn done_adding(&self, folder: &Path, watched: bool) {
        if watched {
            self.record_path(folder);
        } else {
            lock(&self.journal).lose_sight();
        }
        let mut adding = lock(&self.adding);
        *adding = adding.saturating_sub(1);
        self.added.notify_all();
    }

    /// Waits, until `deadline`, for no folder to be being added; says whether none is.
    fn wait_for_folders(&self, deadline: Instant) -> bool {
        wait_until(&self.adding, &self.added, deadline, |adding| *adding == 0)
    }

    /// How long since a command last asked about the corpus (or since the watch started).
    pub(crate) fn idle_for(&self) -> Duration {
        lock(&self.asked_at).elapsed()
    }

    /// Records one file system event; says whether it may have changed what the corpus holds
    /// (reads, cookies and files the corpus does not read do not).
    pub(crate) fn record(&self, event: &notify::Event) -> bool {
        if event.need_rescan() {
            self.lost_events();
            return true;
        }
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        let mut changed = false;
        for path in &event.paths {
            if path.parent() == Some(self.cookie_folder.as_path()) {
                if let (EventKind::Create(_), Some(name)) = (event.kind, path.file_name()) {
                    let mut cookies = lock(&self.cookies);
                    // Cookies nobody waits for any more (they gave up): a bound on memory.
                    if cookies.len() >= 1024 {
                        cookies.clear();
                    }
                    cookies.insert(name.to_string_lossy().into_owned());
                    self.cookie_came.notify_all();
                }
                continue;
            }
            if path.as_path() == self.corpus {
                // The corpus folder itself removed or moved: its watch is gone with it.
                if matches!(
                    event.kind,
                    EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
                ) {
                    lock(&self.journal).lose_sight();
                    changed = true;
                }
                continue;
            }
            changed |= self.record_path(path);
        }
        changed
    }

    /// Records a change to `path`, under the corpus folder; says whether it was recorded.
    fn record_path(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(&self.corpus) else {
            return false;
        };
        let Some(relative) = relative.to_str() else {
            // A name the journal cannot give to a command: it cannot vouch for anything.
            lock(&self.journal).forget();
            return true;
        };
        let relative = relative.replace(std::path::MAIN_SEPARATOR, "/");
        lock(&self.journal).record(&relative)
    }

    /// The watch failed or its event queue overflowed: events were lost.
    pub(crate) fn lost_events(&self) {
        lock(&self.journal).forget();
    }

    /// Waits until every event of a change made before this call has been recorded: creates
    /// a cookie file and waits for its event, which comes after theirs. `false` when the
    /// cookie cannot be written or its event does not come in time.
    fn catch_up(&self) -> bool {
        let n = self.next_cookie.fetch_add(1, Ordering::Relaxed);
        let name = format!("{}-{n}", std::process::id());
        let path = self.cookie_folder.join(&name);
        if std::fs::write(&path, b"").is_err() {
            return false;
        }
        let deadline = Instant::now() + COOKIE_PATIENCE;
        let came = wait_until(&self.cookies, &self.cookie_came, deadline, |cookies| {
            cookies.remove(&name)
        });
        let _ = std::fs::remove_file(&path);
        came
    }

    /// The answer to a request line; none for a request about another corpus folder than the
    /// watch's (a token it gave would be kept by stamps of a corpus it does not watch).
    fn answer(&self, request: &str) -> Option<Answer> {
        let (since, corpus) = journal::parse_request(request)?;
        if Path::new(corpus) != self.corpus {
            return None;
        }
        *lock(&self.asked_at) = Instant::now();
        if !self.catch_up() || !self.wait_for_folders(Instant::now() + COOKIE_PATIENCE) {
            return Some(Answer::Everything {
                now: lock(&self.journal).token(),
            });
        }
        Some(lock(&self.journal).answer(since))
    }
}

/// Held (locked) by the watch that serves an index's socket, for as long as it does: two
/// watches started together cannot both take over a socket file left behind.
const LOCK_FILE: &str = ".dealdesk-watch.lock";

/// The socket, while it serves; dropping it stops serving and removes the socket file.
pub(crate) struct Server {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Unlocked when dropped, after the socket file is removed.
    _lock: std::fs::File,
}

/// Serves `shared`'s answers on the socket in `index_dir`. `None` (and a log line saying why)
/// when it cannot: another watch already serves this index, the folder's path is too long for
/// a socket, no Unix sockets. Commands then look at every file, as without a watch.
#[cfg(unix)]
pub(crate) fn serve(shared: Arc<Shared>, index_dir: &Path) -> Option<Server> {
    use std::os::unix::net::{UnixListener, UnixStream};
    let path = index_dir.join(journal::SOCKET_FILE);
    let cannot = |e: std::io::Error| {
        tracing::warn!(socket = %path.display(), error = %e,
            "cannot answer other commands' freshness checks: they look at every corpus file");
    };
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(index_dir.join(LOCK_FILE));
    let lock = match lock.map(|file| (file.try_lock(), file)) {
        Ok((Ok(()), file)) => file,
        Ok((Err(std::fs::TryLockError::WouldBlock), _)) => {
            tracing::info!(socket = %path.display(),
                "another watch answers this index's freshness checks");
            return None;
        }
        Ok((Err(std::fs::TryLockError::Error(e)), _)) | Err(e) => {
            cannot(e);
            return None;
        }
    };
    let listener = match UnixListener::bind(&path) {
        Ok(listener) => listener,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            if UnixStream::connect(&path).is_ok() {
                tracing::info!(socket = %path.display(),
                    "another watch answers this index's freshness checks");
                return None;
            }
            // Left by a watch that did not exit cleanly.
            let _ = std::fs::remove_file(&path);
            match UnixListener::bind(&path) {
                Ok(listener) => listener,
                Err(e) => {
                    cannot(e);
                    return None;
                }
            }
        }
        Err(e) => {
            cannot(e);
            return None;
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    let thread = std::thread::Builder::new()
        .name("watch-socket".into())
        .spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::Acquire) {
                    break;
                }
                if let Ok(stream) = stream {
                    let _ = reply(&shared, stream);
                }
            }
        });
    match thread {
        Ok(thread) => Some(Server {
            path,
            stop,
            thread: Some(thread),
            _lock: lock,
        }),
        Err(e) => {
            cannot(e);
            let _ = std::fs::remove_file(&path);
            None
        }
    }
}

#[cfg(not(unix))]
pub(crate) fn serve(_shared: Arc<Shared>, _index_dir: &Path) -> Option<Server> {
    None
}

/// Answers one request; a client that sends nothing sensible in time gets nothing.
#[cfg(unix)]
fn reply(shared: &Shared, stream: std::os::unix::net::UnixStream) -> std::io::Result<()> {
    use std::io::{BufRead, Read, Write};
    stream.set_read_timeout(Some(COOKIE_PATIENCE))?;
    stream.set_write_timeout(Some(COOKIE_PATIENCE))?;
    let mut line = String::new();
    std::io::BufReader::new(&stream)
        .take(64 * 1024)
        .read_line(&mut line)?;
    if let Some(answer) = shared.answer(&line) {
        let mut out = std::io::BufWriter::new(&stream);
        journal::write_answer(&mut out, &answer)?;
        out.flush()?;
    }
    Ok(())
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // Wakes the thread blocked in `accept`, which then sees `stop` (a socket file someone
        // removed wakes nothing: the thread is left to end with the process).
        #[cfg(unix)]
        let woken = std::os::unix::net::UnixStream::connect(&self.path).is_ok();
        #[cfg(not(unix))]
        let woken = false;
        if let Some(thread) = self.thread.take().filter(|_| woken) {
            let _ = thread.join();
        }
        let _ = std::fs::remove_file(&self.path);
    }
}
