//! A watch the answering commands start on their own. On a large corpus every command's
//! freshness check `stat`s every file (about 150 ms at 100,000 files on two cores); with a
//! watch running it asks the watch what changed and looks at those files only. So when no
//! watch answers and the last check looked at many files, the command starts
//! `dealdesk watch --stop-when-idle` in the background before its own check, the way Git
//! starts its file system monitor and sccache its server: its check then takes the watch's
//! token, and the next commands ask the watch. The watch stops after a while without
//! questions. `[watch]` in the configuration sets both thresholds, or turns it off.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::watch::{ANOTHER, READY};
use crate::config::Config;

/// Where the started watch's log goes, in the index folder (a dot file: never taken for a
/// foreign file there). Rewritten by each watch started so.
const LOG_FILE: &str = ".dealdesk-watch.log";

/// How long the command waits for the watch to say it answers (it opens the index and starts
/// watching: tens of milliseconds).
const PATIENCE: Duration = Duration::from_secs(5);

/// What happened when a command tried to start a watch.
#[derive(Debug, PartialEq, Eq)]
enum Started {
    /// A watch now answers the next commands' checks.
    Watching { pid: u32 },
    /// Another watch already answers for the index.
    Another,
    /// The index folder is read-only: a watch could not answer there, and nothing is wrong.
    ReadOnly,
    /// It could not be started, or did not say it answers: why.
    Failed(String),
}

/// Offered by the freshness check when no watch answers, with how many files the last check
/// looked at: starts a watch when they are `[watch] auto_start_files` or more, and says so on
/// standard error. Whether a watch now answers (this one, or another started meanwhile).
pub fn start_if_worth_it(config: &Config, config_file: Option<&Path>, files: usize) -> bool {
    let threshold = config.watch.auto_start_files;
    if threshold == 0 || files < threshold {
        return false;
    }
    let idle = config.watch.auto_idle_secs.max(1);
    match start(config, config_file, idle) {
        Started::Watching { pid } => {
            note!(
                "dealdesk: the corpus has {files} files; a watch now runs in the background (pid {pid}) so that the next commands look only at the files that changed, not at every one. It stops after {idle} s without a command; `[watch] auto_start_files = 0` (or DEALDESK_AUTO_WATCH_FILES=0) starts none"
            );
            true
        }
        Started::Another => true,
        Started::ReadOnly => false,
        Started::Failed(why) => {
            note!(
                "dealdesk: could not start a watch in the background ({why}); the next commands look at every corpus file again"
            );
            false
        }
    }
}

/// Starts `dealdesk watch --stop-when-idle IDLE` on the configured corpus and index, detached
/// from this process (its own process group: a Ctrl-C here does not stop it), and waits until
/// it says whether it answers.
fn start(config: &Config, config_file: Option<&Path>, idle: u64) -> Started {
    let index = &config.paths.index;
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return Started::Failed(format!("cannot find this program: {e}")),
    };
    let log_path = index.join(LOG_FILE);
    let log = match std::fs::File::create(&log_path) {
        Ok(log) => log,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            return Started::ReadOnly;
        }
        Err(e) => {
            return Started::Failed(format!("cannot write {}: {e}", log_path.display()));
        }
    };
    let mut command = Command::new(exe);
    if let Some(file) = config_file {
        command.arg("--config").arg(file);
    }
    command
        .arg("--corpus")
        .arg(&config.paths.corpus)
        .arg("--index")
        .arg(index)
        .args(["watch", "--stop-when-idle", &idle.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return Started::Failed(format!("cannot start it: {e}")),
    };
    let pid = child.id();
    let Some(stdout) = child.stdout.take() else {
        return Started::Failed("no output from it".to_string());
    };
    // Read on a thread, so that a watch that hangs costs this command `PATIENCE` at most.
    let (said, first_line) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("auto-watch".into())
        .spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = said.send(line);
            // Reaps it when it stops before this process does (a long `chat`).
            let _ = child.wait();
        });
    if let Err(e) = spawned {
        return Started::Failed(format!("cannot wait for it: {e}"));
    }
    match first_line.recv_timeout(PATIENCE) {
        Ok(line) if line.starts_with(READY) => Started::Watching { pid },
        Ok(line) if line.starts_with(ANOTHER) => Started::Another,
        Ok(_) => Started::Failed(format!("it stopped; see {}", log_path.display())),
        Err(_) => Started::Failed(format!(
            "it did not answer within {} s; see {}",
            PATIENCE.as_secs(),
            log_path.display()
        )),
    }
}
