//! Checksums of the index files, read once per file rather than once per command.
//!
//! Every byte of every segment file is checked against its footer before anything reads it:
//! flipped bytes would otherwise give panics deep in tantivy or, in stored text, a changed
//! figure nobody notices. Checking reads the whole index (319 MB at 100,000 articles), and
//! every command opens it. Segment files are written once and never changed, so each file's
//! [`Look`] is recorded in `.dealdesk-verified` when it passes, and a file that still looks
//! the same later is not read again. A file rewritten in place, copied or replaced looks
//! different and is checked again; so is one recorded too soon after it was written.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use tantivy::directory::FileSlice;
use tantivy::directory::footer::Footer;
use tantivy::{HasLen, Index};

use crate::corpus::look::{Look, now_ns};

/// Where the looks of verified files are kept, in the index folder (a dot file: no part of
/// the index, and a cache only: without it every file is checked).
pub const VERIFIED_FILE: &str = ".dealdesk-verified";

const HEADER: &str = "dealdesk-verified 1";

#[derive(Debug, Default, PartialEq)]
struct Record {
    recorded_ns: i128,
    files: BTreeMap<String, Look>,
}

impl Record {
    fn parse(text: &str) -> Record {
        let mut lines = text.lines();
        let Some(recorded_ns) = lines
            .next()
            .and_then(|h| h.strip_prefix(HEADER))
            .and_then(|rest| rest.trim().parse().ok())
        else {
            return Record::default();
        };
        let files = lines
            .filter_map(|line| {
                let mut parts = line.splitn(5, ' ');
                let mut next = || parts.next();
                let (size, modified, changed, inode, name) =
                    (next()?, next()?, next()?, next()?, next()?);
                Some((
                    name.to_string(),
                    Look::parse(size, modified, changed, inode)?,
                ))
            })
            .collect();
        Record { recorded_ns, files }
    }

    fn to_text(&self) -> String {
        let mut out = format!("{HEADER} {}\n", self.recorded_ns);
        for (name, look) in &self.files {
            out.push_str(&format!("{} {name}\n", look.to_text()));
        }
        out
    }
}

/// The files of the last commit's segments that fail their checksum, reading only those not
/// verified, unchanged, before. The record is brought up to date (best effort: in a folder
/// this process may not write, every file is checked every time, as without it).
pub(super) fn damaged_files(dir: &Path, index: &Index) -> tantivy::Result<Vec<PathBuf>> {
    damaged_files_at(dir, index, now_ns())
}

/// [`damaged_files`], at `now_ns`.
fn damaged_files_at(dir: &Path, index: &Index, now_ns: i128) -> tantivy::Result<Vec<PathBuf>> {
    let record_path = dir.join(VERIFIED_FILE);
    let previous = std::fs::read_to_string(&record_path)
        .map(|t| Record::parse(&t))
        .unwrap_or_default();
    let mut record = Record {
        recorded_ns: now_ns,
        files: BTreeMap::new(),
    };
    let (mut damaged, mut checked) = (Vec::new(), 0);
    for path in segment_files(index)? {
        let name = path.to_string_lossy().into_owned();
        let look = Look::of_path(&dir.join(&path)).ok();
        let trusted = look.is_some_and(|look| {
            previous.files.get(&name) == Some(&look) && look.settled(previous.recorded_ns)
        });
        checked += usize::from(!trusted);
        if trusted || checksum_holds(&dir.join(&path))? {
            if let Some(look) = look
                && !name.contains(['\n', '\r'])
            {
                record.files.insert(name, look);
            }
        } else {
            damaged.push(path);
        }
    }
    // Also when only the time changed: a file checked again because it was recorded too soon
    // after it was written is trusted once recorded later.
    if checked > 0 || record.files != previous.files {
        let _ = super::write_whole(dir, VERIFIED_FILE, record.to_text().as_bytes());
    }
    Ok(damaged)
}

/// Bytes read at a time: the file is never held whole, nor mapped into this process.
const CHUNK: usize = 4 << 20;

/// Whether `path`'s body matches the CRC32 its tantivy footer records: what
/// `ManagedDirectory::validate_checksum` decides, without mapping the file or reading it at
/// once (a build's last step checks every file it wrote, 319 MB at 100,000 articles).
fn checksum_holds(path: &Path) -> tantivy::Result<bool> {
    let read_error = |e: std::io::Error| {
        tantivy::TantivyError::from(tantivy::directory::error::OpenReadError::wrap_io_error(
            e,
            path.to_path_buf(),
        ))
    };
    let file = super::directory::ReadAtFile::open(path).map_err(read_error)?;
    let (footer, body) = match Footer::extract_footer(FileSlice::new(std::sync::Arc::new(file))) {
        Ok(split) => split,
        // No footer where one must be: the file is damaged, like one whose bytes fail it.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::InvalidData
                    | std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::InvalidInput
            ) =>
        {
            return Ok(false);
        }
        Err(e) => return Err(read_error(e)),
    };
    let mut hasher = crc32fast::Hasher::new();
    let mut at = 0;
    while at < body.len() {
        let end = (at + CHUNK).min(body.len());
        hasher.update(
            body.slice(at..end)
                .read_bytes()
                .map_err(read_error)?
                .as_slice(),
        );
        at = end;
    }
    Ok(hasher.finalize() == footer.crc)
}

/// The files of the segments the last commit names, among those tantivy manages: what
/// `Index::validate_checksum` checks (a segment's files are named by its id).
fn segment_files(index: &Index) -> tantivy::Result<Vec<PathBuf>> {
    let segments: HashSet<String> = index
        .searchable_segment_ids()?
        .iter()
        .map(|id| id.uuid_string())
        .collect();
    let mut files: Vec<PathBuf> = index
        .directory()
        .list_managed_files()
        .into_iter()
        .filter(|path| {
            path.to_str()
                .and_then(|name| name.split('.').next())
                .is_some_and(|id| segments.contains(id))
        })
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{IndexWriter, TantivyDocument, doc};

    fn index(dir: &Path) -> Index {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT | STORED);
        let index = Index::create_in_dir(dir, schema.build()).unwrap();
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer
            .add_document(doc!(body => "Nimbus Corp invested $3 billion"))
            .unwrap();
        writer.commit().unwrap();
        index
    }

    /// Flips the first byte of the segment's `.store` file (its data, not its footer), keeping
    /// its size.
    fn flip_store(dir: &Path, index: &Index) -> PathBuf {
        let store = segment_files(index)
            .unwrap()
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e == "store"))
            .unwrap();
        let path = dir.join(&store);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[0] ^= 0x5a;
        std::fs::write(&path, bytes).unwrap();
        store
    }

    /// The record, as if taken long after every file was written.
    fn settle(dir: &Path) {
        let path = dir.join(VERIFIED_FILE);
        let mut record = Record::parse(&std::fs::read_to_string(&path).unwrap());
        record.recorded_ns += 10 * crate::corpus::look::RACY.as_nanos() as i128;
        std::fs::write(path, record.to_text()).unwrap();
    }

    #[test]
    fn the_checksum_read_in_chunks_agrees_with_tantivys() {
        let dir = tempfile::tempdir().unwrap();
        let index = index(dir.path());
        for path in segment_files(&index).unwrap() {
            assert!(index.directory().validate_checksum(&path).unwrap());
            assert!(checksum_holds(&dir.path().join(&path)).unwrap(), "{path:?}");
        }
        let store = flip_store(dir.path(), &index);
        assert!(!index.directory().validate_checksum(&store).unwrap());
        assert!(!checksum_holds(&dir.path().join(&store)).unwrap());
        // Cut short, the footer is gone: damaged too, not an error that stops the check.
        let path = dir.path().join(&store);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(!checksum_holds(&path).unwrap());
        std::fs::write(&path, b"").unwrap();
        assert!(!checksum_holds(&path).unwrap());
    }

    #[test]
    fn a_verified_file_is_not_read_again_until_it_looks_different() {
        let dir = tempfile::tempdir().unwrap();
        let index = index(dir.path());
        let files = segment_files(&index).unwrap();
        assert!(files.len() >= 4, "{files:?}");
        assert!(damaged_files(dir.path(), &index).unwrap().is_empty());
        let record =
            Record::parse(&std::fs::read_to_string(dir.path().join(VERIFIED_FILE)).unwrap());
        assert_eq!(record.files.len(), files.len());
        settle(dir.path());

        // A settled record vouches for a file that still looks the same: a forged look of the
        // store that matches its new bytes would hide them, which shows the file is not read.
        let store = flip_store(dir.path(), &index);
        let mut record =
            Record::parse(&std::fs::read_to_string(dir.path().join(VERIFIED_FILE)).unwrap());
        let name = store.to_string_lossy().into_owned();
        record.files.insert(
            name.clone(),
            Look::of_path(&dir.path().join(&store)).unwrap(),
        );
        std::fs::write(dir.path().join(VERIFIED_FILE), record.to_text()).unwrap();
        assert!(damaged_files(dir.path(), &index).unwrap().is_empty());

        // Without that forgery the rewritten file looks different, and is caught.
        record.files.remove(&name);
        std::fs::write(dir.path().join(VERIFIED_FILE), record.to_text()).unwrap();
        assert_eq!(
            damaged_files(dir.path(), &index).unwrap(),
            vec![store.clone()]
        );
        // And again: a damaged file is never recorded as verified.
        settle(dir.path());
        assert_eq!(damaged_files(dir.path(), &index).unwrap(), vec![store]);
    }

    #[test]
    fn a_record_taken_right_after_a_write_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let index = index(dir.path());
        assert!(damaged_files(dir.path(), &index).unwrap().is_empty());
        // Rewritten within the same instant as far as the record knows: size and times could
        // match the record's, so only its age protects it. Forge the look to match exactly.
        let store = flip_store(dir.path(), &index);
        let mut record =
            Record::parse(&std::fs::read_to_string(dir.path().join(VERIFIED_FILE)).unwrap());
        record.files.insert(
            store.to_string_lossy().into_owned(),
            Look::of_path(&dir.path().join(&store)).unwrap(),
        );
        std::fs::write(dir.path().join(VERIFIED_FILE), record.to_text()).unwrap();
        assert_eq!(damaged_files(dir.path(), &index).unwrap(), vec![store]);
    }

    #[test]
    fn files_checked_too_soon_after_their_writing_are_trusted_once_checked_later() {
        let dir = tempfile::tempdir().unwrap();
        let index = index(dir.path());
        let now = now_ns();
        let later = now + 10 * crate::corpus::look::RACY.as_nanos() as i128;
        // Checked right after the commit: not settled, so checked again later, and recorded
        // then, although no file changed.
        assert!(
            damaged_files_at(dir.path(), &index, now)
                .unwrap()
                .is_empty()
        );
        assert!(
            damaged_files_at(dir.path(), &index, later)
                .unwrap()
                .is_empty()
        );
        let record =
            Record::parse(&std::fs::read_to_string(dir.path().join(VERIFIED_FILE)).unwrap());
        assert_eq!(record.recorded_ns, later);
    }

    #[test]
    fn garbage_is_no_record() {
        assert_eq!(Record::parse("not a record\n1 2 3 4 x"), Record::default());
        let record = Record {
            recorded_ns: 7,
            files: BTreeMap::from([(
                "a b.idx".to_string(),
                Look {
                    size: 1,
                    modified_ns: 2,
                    changed_ns: 3,
                    inode: 4,
                },
            )]),
        };
        assert_eq!(Record::parse(&record.to_text()), record);
    }
}
