//! The index directory as tantivy sees it: tantivy's memory-mapped directory, except that a
//! reader in a directory it may not write to reads without the lock file.
//!
//! tantivy takes `.tantivy-meta.lock` while it opens a commit's segments, so that a writer
//! in another process cannot delete them meanwhile. Creating that file fails in a read-only
//! directory (a read-only volume, an index shipped in an image, another user's index), and so
//! did every question. Where the lock cannot be created for lack of permission, nobody can
//! write there either: reading without it is safe.
//!
//! The document store (`.store`: every paragraph as written, half the index) is read with
//! positioned reads instead of a memory map. Answering loads a dozen paragraphs per question
//! from anywhere in it; mapped, each load left the pages around it counted in the process's
//! memory, so a server's resident size grew towards the whole store (170 MB of 250 MB after
//! 1,000 questions at 100,000 articles). Read, the pages stay in the kernel's cache, shared
//! and reclaimable, and the process holds only the blocks tantivy decompresses.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, META_LOCK, MmapDirectory, OwnedBytes,
    WatchCallback, WatchHandle, WritePtr,
};

#[derive(Debug, Clone)]
pub struct IndexDirectory {
    dir: std::path::PathBuf,
    inner: MmapDirectory,
}

impl IndexDirectory {
    pub fn open(dir: &Path) -> Result<Self, OpenDirectoryError> {
        Ok(Self {
            dir: dir.to_path_buf(),
            inner: MmapDirectory::open(dir)?,
        })
    }
}

/// Whether tantivy reads this file a few blocks at a time, from anywhere: the document store.
fn is_read_in_blocks(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "store")
}

/// A file read with positioned reads (`pread`), a range at a time.
#[derive(Debug)]
pub(super) struct ReadAtFile {
    file: File,
    len: usize,
}

impl ReadAtFile {
    pub(super) fn open(path: &Path) -> io::Result<Self> {
        let file = File::open(path)?;
        let len = usize::try_from(file.metadata()?.len())
            .map_err(|_| io::Error::new(io::ErrorKind::FileTooLarge, "file too large to read"))?;
        Ok(Self { file, len })
    }
}

impl tantivy::HasLen for ReadAtFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ReadAtFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.start > range.end || range.end > self.len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "bytes {}..{} of a {}-byte file",
                    range.start, range.end, self.len
                ),
            ));
        }
        let mut bytes = vec![0; range.len()];
        read_exact_at(&self.file, &mut bytes, range.start as u64)?;
        Ok(OwnedBytes::new(bytes))
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, bytes, offset)? {
            0 => return Err(io::Error::from(io::ErrorKind::UnexpectedEof)),
            n => {
                bytes = &mut bytes[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// Errors that say this process may not write the directory (as opposed to a busy lock).
fn is_read_only(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        if !is_read_in_blocks(path) {
            return self.inner.get_file_handle(path);
        }
        match ReadAtFile::open(&self.dir.join(path)) {
            Ok(file) => Ok(Arc::new(file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
            }
            Err(e) => Err(OpenReadError::wrap_io_error(e, path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            // Only the readers' lock: a writer needs the directory writable anyway.
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath && is_read_only(&e) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_is_read_a_range_at_a_time_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..=255).cycle().take(10_000).collect();
        std::fs::write(dir.path().join("a.store"), &bytes).unwrap();
        let directory = IndexDirectory::open(dir.path()).unwrap();
        let handle = directory.get_file_handle(Path::new("a.store")).unwrap();
        assert_eq!(handle.len(), bytes.len());
        assert_eq!(
            handle.read_bytes(4_000..4_100).unwrap().as_slice(),
            &bytes[4_000..4_100]
        );
        assert_eq!(
            handle.read_bytes(0..bytes.len()).unwrap().as_slice(),
            &bytes[..]
        );
        assert!(handle.read_bytes(10_000..10_000).unwrap().is_empty());
        let past_the_end = handle.read_bytes(9_990..10_001).unwrap_err();
        assert_eq!(past_the_end.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn a_missing_store_is_a_missing_file_to_tantivy() {
        let dir = tempfile::tempdir().unwrap();
        let directory = IndexDirectory::open(dir.path()).unwrap();
        assert!(matches!(
            directory.get_file_handle(Path::new("gone.store")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
        assert!(is_read_in_blocks(Path::new("x.store")));
        assert!(!is_read_in_blocks(Path::new("x.idx")));
    }
}
