//! The `dealdesk` command: parses arguments, runs one command against the library, prints the
//! error chain once and picks the exit code (0 ok, 1 failure, 2 usage error).

mod cli;
mod config;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    keep_large_blocks_mapped();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            // A closed standard error loses the message but never panics.
            let _ = writeln!(std::io::stderr(), "dealdesk: error: {err:#}");
            if err.downcast_ref::<cli::UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// Fixes glibc's mmap threshold at its default (128 KB). Left alone, glibc raises it each
/// time a large block is freed, up to 32 MB; from then on large blocks (tantivy's indexing
/// arenas, a merge's buffers) come from the heaps of the threads that freed them and stay
/// counted in the process. A 100,000-article build peaked at 371 MB with the threshold moving
/// and at 271 MB with it fixed, in the same time; answering was unchanged
/// (docs/performance.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_large_blocks_mapped() {
    const THRESHOLD: libc::c_int = 128 * 1024;
    // SAFETY: `mallopt` only sets an allocator parameter; it is called first thing in `main`,
    // before any other thread exists, and a refusal (0) leaves glibc's default behaviour.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_large_blocks_mapped() {}
