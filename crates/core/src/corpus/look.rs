//! What a file looks like to `stat`: size, modification and change times, inode. A file that
//! still looks as it did when it was last read is taken to be unchanged, as git's index does,
//! so unchanged files cost one `stat` instead of a read.
//!
//! A look recorded less than [`RACY`] after the file's modification time is not trusted: the
//! file may have changed again within the file system's time granularity without its times
//! showing it.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long after a file's modification a look recorded of it is trusted.
pub const RACY: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub size: u64,
    pub modified_ns: i128,
    pub changed_ns: i128,
    pub inode: u64,
}

impl Look {
    pub fn of(meta: &std::fs::Metadata) -> Look {
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

    /// The look of what `stat` returned: the same as [`Look::of`] of the same file.
    #[cfg(unix)]
    // The fields' types differ from one platform to another.
    #[allow(clippy::unnecessary_cast)]
    pub fn of_stat(stat: &rustix::fs::Stat) -> Look {
        let ns = |seconds: i128, nanos: i128| seconds * 1_000_000_000 + nanos;
        Look {
            size: stat.st_size as u64,
            // Before the epoch, as `Look::of` has it.
            modified_ns: ns(stat.st_mtime as i128, stat.st_mtime_nsec as i128).max(0),
            changed_ns: ns(stat.st_ctime as i128, stat.st_ctime_nsec as i128),
            inode: stat.st_ino as u64,
        }
    }

    /// The look of the file at `path` (links followed).
    pub fn of_path(path: &Path) -> std::io::Result<Look> {
        std::fs::metadata(path).map(|m| Look::of(&m))
    }

    /// Whether this look, recorded at `recorded_ns`, may vouch for the file: recorded well
    /// after the file's last modification.
    pub fn settled(&self, recorded_ns: i128) -> bool {
        recorded_ns - self.modified_ns >= RACY.as_nanos() as i128
    }

    /// The look as four space-separated numbers, read back by [`Look::parse`].
    pub fn to_text(&self) -> String {
        self.to_string()
    }

    /// A look from its four numbers; `None` when any is not one.
    pub fn parse(size: &str, modified: &str, changed: &str, inode: &str) -> Option<Look> {
        Some(Look {
            size: size.parse().ok()?,
            modified_ns: modified.parse().ok()?,
            changed_ns: changed.parse().ok()?,
            inode: inode.parse().ok()?,
        })
    }
}

/// The four space-separated numbers of [`Look::to_text`].
impl std::fmt::Display for Look {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Times fit in an i64 until 2262, and an i64 is written several times faster than an
        // i128 (100,000 looks per stamps file at scale).
        let time = |f: &mut std::fmt::Formatter<'_>, ns: i128| match i64::try_from(ns) {
            Ok(ns) => write!(f, " {ns}"),
            Err(_) => write!(f, " {ns}"),
        };
        write!(f, "{}", self.size)?;
        time(f, self.modified_ns)?;
        time(f, self.changed_ns)?;
        write!(f, " {}", self.inode)
    }
}

/// Nanoseconds since the Unix epoch, now: when a set of looks is recorded.
pub fn now_ns() -> i128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_past_what_an_i64_holds_survive_the_text_form() {
        let look = Look {
            size: u64::MAX,
            modified_ns: i128::from(i64::MAX) + 1,
            changed_ns: i128::from(i64::MIN) - 1,
            inode: 7,
        };
        let text = look.to_text();
        let parts: Vec<&str> = text.split(' ').collect();
        assert_eq!(
            Look::parse(parts[0], parts[1], parts[2], parts[3]),
            Some(look)
        );
    }

    #[test]
    fn a_look_survives_its_text_form_and_is_trusted_only_once_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "one").unwrap();
        let look = Look::of_path(&path).unwrap();
        let text = look.to_text();
        let parts: Vec<&str> = text.split(' ').collect();
        assert_eq!(
            Look::parse(parts[0], parts[1], parts[2], parts[3]),
            Some(look)
        );
        assert_eq!(Look::parse("x", parts[1], parts[2], parts[3]), None);
        assert!(!look.settled(look.modified_ns + 1));
        assert!(look.settled(look.modified_ns + RACY.as_nanos() as i128));
        std::fs::write(&path, "three").unwrap();
        assert_ne!(Look::of_path(&path).unwrap(), look);
    }
}
