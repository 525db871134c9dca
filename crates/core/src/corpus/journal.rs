//! Which corpus files changed since a point in time, as a running watch saw it: what lets the
//! freshness check every command runs look at a handful of files instead of `stat`ing every
//! one (at 100,000 articles that alone takes longer than the check's 100 ms budget). This is
//! git's fsmonitor: the watch keeps a [`Journal`] of the paths its file system events named;
//! a command asks it, over a Unix socket in the index folder ([`ask`]), what changed since the
//! [`Token`] its stamps were taken at, and stamps only those paths again.
//!
//! The answer can only be trusted if it covers every event up to the moment it is given. The
//! watch makes sure of it as fsmonitor does: before it answers, it creates a cookie file and
//! waits for the event that names it. The cookie lives in a folder of the index
//! ([`COOKIE_FOLDER`], so a read-only corpus is no obstacle) that the same inotify instance
//! watches: one instance has one queue, so the events of every change made earlier come
//! before the cookie's.
//!
//! The watch answers [`Answer::Everything`] whenever it cannot vouch for its journal: another
//! run of the watch issued the token, events were lost (a queue overflow, a watch error), or
//! the corpus folder itself went away. The command then looks at every file, as it would
//! without a watch.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;

use super::{DEALS_FILE, ENTITIES_FILE};

/// The socket a watch listens on, in the index folder (a dot file: not part of the index).
pub const SOCKET_FILE: &str = ".dealdesk-watch.sock";

/// The folder in the index folder where the watch's cookie files live for an instant.
pub const COOKIE_FOLDER: &str = ".dealdesk-watch-cookies";

/// The first word of a request, and its version.
const REQUEST: &str = "dealdesk-watch 1";

/// A point in one watch's journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Which run of the watch: tokens of another run say nothing about this one's journal.
    instance: u64,
    seq: u64,
}

impl Token {
    /// A token as [`Token::to_string`] wrote it: `<instance in hex>-<seq>`.
    pub fn parse(text: &str) -> Option<Token> {
        let (instance, seq) = text.split_once('-')?;
        Some(Token {
            instance: u64::from_str_radix(instance, 16).ok()?,
            seq: seq.parse().ok()?,
        })
    }
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:x}-{}", self.instance, self.seq)
    }
}

/// What changed in the corpus since a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// At most these files (relative to the corpus folder, `/` between folders, sorted) changed
    /// between the token asked about and `now`.
    Changed { now: Token, paths: Vec<String> },
    /// Anything may have changed: look at every file.
    Everything { now: Token },
}

impl Answer {
    /// The token the answer was given at: the next question asks since it.
    pub fn now(&self) -> Token {
        match self {
            Answer::Changed { now, .. } | Answer::Everything { now } => *now,
        }
    }
}

/// The paths a watch's events named, with when they last did.
#[derive(Debug)]
pub struct Journal {
    instance: u64,
    /// The number of events recorded.
    seq: u64,
    /// Each path's last event.
    changed: HashMap<String, u64>,
    /// Tokens before this one cannot be answered: events before it were lost.
    forgotten_before: u64,
    /// The corpus folder itself went away: its watch sees nothing any more.
    blind: bool,
}

/// How many paths a journal remembers before it forgets them all (a bound on its memory:
/// commands asking about older tokens then look at every file once).
const MAX_PATHS: usize = 1 << 20;

impl Journal {
    /// An empty journal for a watch run told apart from others by `instance`.
    pub fn new(instance: u64) -> Journal {
        Journal {
            instance,
            seq: 0,
            changed: HashMap::new(),
            forgotten_before: 0,
            blind: false,
        }
    }

    pub fn token(&self) -> Token {
        Token {
            instance: self.instance,
            seq: self.seq,
        }
    }

    /// Records an event about `path`, relative to the corpus folder with `/` between folders.
    /// Paths the corpus does not read (hidden files, files beside `articles/`) are not
    /// recorded: commands would look at them for nothing. Says whether it was recorded.
    pub fn record(&mut self, path: &str) -> bool {
        let read = path == "articles"
            || path == DEALS_FILE
            || path == ENTITIES_FILE
            || under_articles(path);
        if !read {
            return false;
        }
        if self.changed.len() >= MAX_PATHS {
            self.forget();
        }
        self.seq += 1;
        self.changed.insert(path.to_string(), self.seq);
        true
    }

    /// Events were lost (a full event queue, a watch error, a path that cannot be named):
    /// every token issued so far gets [`Answer::Everything`].
    pub fn forget(&mut self) {
        self.seq += 1;
        self.changed.clear();
        self.forgotten_before = self.seq;
    }

    /// The corpus folder itself was removed or moved: its watch went with it, and nothing
    /// is vouched for any more.
    pub fn lose_sight(&mut self) {
        self.forget();
        self.blind = true;
    }

    /// What changed since `since` (none: a command that never asked).
    pub fn answer(&self, since: Option<Token>) -> Answer {
        let now = self.token();
        match since {
            Some(since)
                if !self.blind
                    && since.instance == self.instance
                    && since.seq >= self.forgotten_before
                    && since.seq <= self.seq =>
            {
                let mut paths: Vec<String> = self
                    .changed
                    .iter()
                    .filter(|(_, seq)| **seq > since.seq)
                    .map(|(path, _)| path.clone())
                    .collect();
                paths.sort_unstable();
                Answer::Changed { now, paths }
            }
            _ => Answer::Everything { now },
        }
    }
}

/// Whether `path` (relative to the corpus folder, `/` between folders) is under `articles/`
/// and hidden nowhere along the way: where the corpus looks for articles.
pub(super) fn under_articles(path: &str) -> bool {
    path.strip_prefix("articles/")
        .is_some_and(|rest| !rest.split('/').any(|part| part.starts_with('.')))
}

/// A request as a command writes it: the token its stamps were taken at, and the corpus
/// folder it reads (a watch of another folder gives no answer: its token would be kept by
/// stamps of a corpus it does not see).
pub fn write_request(
    out: &mut impl Write,
    since: Option<Token>,
    corpus: &Path,
) -> std::io::Result<()> {
    let since = since.map_or_else(|| "-".to_string(), |t| t.to_string());
    writeln!(out, "{REQUEST} {since} {}", corpus.display())
}

/// A request line read back: the token, and the corpus folder.
pub fn parse_request(line: &str) -> Option<(Option<Token>, &str)> {
    let rest = line.strip_suffix('\n')?.strip_prefix(REQUEST)?;
    let (since, corpus) = rest.strip_prefix(' ')?.split_once(' ')?;
    let since = match since {
        "-" => None,
        token => Some(Token::parse(token)?),
    };
    Some((since, corpus))
}

/// An answer as the watch writes it: `everything <token>`, or `changed <token> <n>` and `n`
/// lines of paths. A path with a line break in it cannot be sent: everything is answered.
pub fn write_answer(out: &mut impl Write, answer: &Answer) -> std::io::Result<()> {
    match answer {
        Answer::Changed { now, paths } if !paths.iter().any(|p| p.contains(['\n', '\r'])) => {
            writeln!(out, "changed {now} {}", paths.len())?;
            for path in paths {
                writeln!(out, "{path}")?;
            }
            Ok(())
        }
        _ => writeln!(out, "everything {}", answer.now()),
    }
}

/// An answer read back; `None` for anything else.
pub fn read_answer(input: &mut impl BufRead) -> Option<Answer> {
    let mut line = String::new();
    input.read_line(&mut line).ok()?;
    let mut words = line.strip_suffix('\n')?.split(' ');
    let (kind, now) = (words.next()?, Token::parse(words.next()?)?);
    match kind {
        "everything" => Some(Answer::Everything { now }),
        "changed" => {
            let n: usize = words.next()?.parse().ok()?;
            // Read lines as they come: a count is no reason to reserve memory.
            let mut paths = Vec::new();
            for _ in 0..n {
                line.clear();
                input.read_line(&mut line).ok()?;
                paths.push(line.strip_suffix('\n')?.to_string());
            }
            Some(Answer::Changed { now, paths })
        }
        _ => None,
    }
}

/// How long a command waits for a watch's answer before it looks at every file itself.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// Whether a watch may serve `index_dir`: its socket is there. When not, [`ask`] answers
/// nothing, and need not be asked.
pub fn may_serve(index_dir: &Path) -> bool {
    cfg!(unix) && index_dir.join(SOCKET_FILE).exists()
}

/// Asks the watch serving `index_dir`, if one does, what changed in `corpus_dir` since
/// `since`. `None` when no watch answers (none runs, it is stuck, it speaks another version):
/// the command looks at every file, as it does without one.
#[cfg(unix)]
pub fn ask(index_dir: &Path, corpus_dir: &Path, since: Option<Token>) -> Option<Answer> {
    use std::os::unix::net::UnixStream;
    // No watch: one failed `stat`, not a failed connect.
    if !may_serve(index_dir) {
        return None;
    }
    let socket = index_dir.join(SOCKET_FILE);
    let corpus = std::fs::canonicalize(corpus_dir).ok()?;
    if corpus.to_str().is_none_or(|c| c.contains(['\n', '\r'])) {
        return None;
    }
    let mut stream = UnixStream::connect(&socket).ok()?;
    stream.set_read_timeout(Some(PATIENCE)).ok()?;
    stream.set_write_timeout(Some(PATIENCE)).ok()?;
    write_request(&mut stream, since, &corpus).ok()?;
    read_answer(&mut std::io::BufReader::new(stream))
}

/// No Unix sockets: every command looks at every file.
#[cfg(not(unix))]
pub fn ask(_index_dir: &Path, _corpus_dir: &Path, _since: Option<Token>) -> Option<Answer> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_answers_what_changed_since_a_token_of_its_own() {
        let mut journal = Journal::new(7);
        let start = journal.token();
        assert!(journal.record("articles/a.md"));
        let middle = journal.token();
        assert!(journal.record("articles/sub/b.md"));
        assert!(journal.record("articles/a.md"));
        assert!(journal.record(DEALS_FILE));
        let all = vec![
            "articles/a.md".to_string(),
            "articles/sub/b.md".into(),
            DEALS_FILE.into(),
        ];
        assert_eq!(
            journal.answer(Some(start)),
            Answer::Changed {
                now: journal.token(),
                paths: all.clone()
            }
        );
        // a.md changed again after `middle`: still listed.
        assert_eq!(
            journal.answer(Some(middle)),
            Answer::Changed {
                now: journal.token(),
                paths: all
            }
        );
        assert_eq!(
            journal.answer(Some(journal.token())),
            Answer::Changed {
                now: journal.token(),
                paths: vec![]
            }
        );
    }

    #[test]
    fn files_the_corpus_does_not_read_are_not_recorded() {
        let mut journal = Journal::new(1);
        let start = journal.token();
        for ignored in [
            "README.md",
            ".git/index",
            "articles/.a.md.swp",
            "articles/.drafts/x.md",
            ".dealdesk-watch-cookies/1-1",
        ] {
            assert!(!journal.record(ignored), "{ignored}");
        }
        assert_eq!(journal.token(), start);
        // A folder's own event is recorded: a moved folder names no file inside it.
        assert!(journal.record("articles"));
        assert!(journal.record("articles/2025"));
    }

    #[test]
    fn a_journal_that_cannot_vouch_for_a_token_answers_everything() {
        let mut journal = Journal::new(7);
        let before = journal.token();
        journal.record("articles/a.md");
        assert!(matches!(journal.answer(None), Answer::Everything { .. }));
        let other_run = Token {
            instance: 8,
            ..before
        };
        assert!(matches!(
            journal.answer(Some(other_run)),
            Answer::Everything { .. }
        ));
        let future = Token {
            seq: 99,
            ..journal.token()
        };
        assert!(matches!(
            journal.answer(Some(future)),
            Answer::Everything { .. }
        ));
        // Lost events: tokens before the loss get everything, later ones the journal.
        journal.forget();
        assert!(matches!(
            journal.answer(Some(before)),
            Answer::Everything { .. }
        ));
        let after = journal.token();
        journal.record("articles/b.md");
        assert!(matches!(
            journal.answer(Some(after)),
            Answer::Changed { ref paths, .. } if paths == &["articles/b.md"]
        ));
        // The corpus folder itself went away: nothing is vouched for any more.
        assert!(!journal.record(""));
        journal.lose_sight();
        assert!(matches!(
            journal.answer(Some(journal.token())),
            Answer::Everything { .. }
        ));
    }

    #[test]
    fn requests_and_answers_survive_the_wire() {
        let token = Token {
            instance: 0xabc,
            seq: 42,
        };
        assert_eq!(Token::parse(&token.to_string()), Some(token));
        for bad in ["", "abc", "xyz-1", "abc-", "abc--1"] {
            assert_eq!(Token::parse(bad), None, "{bad}");
        }

        let mut request = Vec::new();
        write_request(&mut request, Some(token), Path::new("/srv/my corpus")).unwrap();
        let request = String::from_utf8(request).unwrap();
        assert_eq!(
            parse_request(&request),
            Some((Some(token), "/srv/my corpus"))
        );
        let mut request = Vec::new();
        write_request(&mut request, None, Path::new("/c")).unwrap();
        assert_eq!(
            parse_request(std::str::from_utf8(&request).unwrap()),
            Some((None, "/c"))
        );
        assert_eq!(parse_request("GET / HTTP/1.1\n"), None);

        for answer in [
            Answer::Everything { now: token },
            Answer::Changed {
                now: token,
                paths: vec!["articles/a b.md".into(), DEALS_FILE.into()],
            },
            Answer::Changed {
                now: token,
                paths: vec![],
            },
        ] {
            let mut wire = Vec::new();
            write_answer(&mut wire, &answer).unwrap();
            assert_eq!(read_answer(&mut wire.as_slice()), Some(answer));
        }
        // A path that would break the lines: everything.
        let mut wire = Vec::new();
        let broken = Answer::Changed {
            now: token,
            paths: vec!["articles/a\nb.md".into()],
        };
        write_answer(&mut wire, &broken).unwrap();
        assert_eq!(
            read_answer(&mut wire.as_slice()),
            Some(Answer::Everything { now: token })
        );
        // Cut short, or something else: no answer.
        assert_eq!(
            read_answer(&mut &b"changed abc-42 2\narticles/a.md\n"[..]),
            None
        );
        assert_eq!(read_answer(&mut &b"hello\n"[..]), None);
    }
}
