//! `dealdesk watch`: while it runs, the other commands' freshness checks ask it what changed
//! instead of looking at every corpus file, and still see every change.

use std::io::BufRead;
use std::process::{Child, Stdio};

use crate::helpers::App;
use crate::support::ZORBLAX_ARTICLE;

/// A running `dealdesk watch`, killed if the test ends without stopping it.
struct Watch(Option<Child>);

impl Watch {
    /// Starts the watch and waits for the line that says other commands may ask it. The watch
    /// re-indexes only after an hour of quiet, never during a test: what these tests check is
    /// what the other commands do, and a watch's own update (it runs one once started) would
    /// race with them for the stamps.
    fn start(app: &App) -> Watch {
        let mut command = app.command(&["watch"]);
        command.env("DEALDESK_WATCH_DEBOUNCE_MS", "3600000");
        Watch(Some(spawn_watching(command)))
    }

    /// Sends SIGTERM, as `docker stop` does, and waits for the exit.
    fn stop(mut self) -> std::process::ExitStatus {
        let mut child = self.0.take().unwrap();
        let kill = std::process::Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(kill.success());
        child.wait().unwrap()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Spawns a `watch` command and waits for the line that says other commands may ask it.
fn spawn_watching(mut command: std::process::Command) -> Child {
    let mut child = command
        .env("DEALDESK_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("dealdesk: watching "), "{line:?}");
    child
}

fn finds_zorblax(app: &App) -> bool {
    let run = app.run(&["search", "Zorblax"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.contains("zorblax-datacenter")
}

/// The watch token the index's stamps were last taken at (`-`: none).
fn stamps_token(app: &App) -> String {
    let stamps = std::fs::read_to_string(app.index.join(".dealdesk-stamps")).unwrap();
    let header = stamps.lines().next().unwrap_or_default();
    header.split(' ').nth(4).unwrap_or_default().to_string()
}

#[test]
fn commands_see_a_change_made_just_before_them_through_the_watch() {
    let app = App::indexed();
    let watch = Watch::start(&app);
    assert!(!finds_zorblax(&app));
    // That check asked the watch: the stamps remember its token.
    let first = stamps_token(&app);
    assert_ne!(first, "-");

    // Added just before the command, with no time for the watch to index it: the command's
    // check learns of it from the watch and indexes it itself.
    app.write_article("zorblax.md", ZORBLAX_ARTICLE);
    assert!(finds_zorblax(&app));
    assert_ne!(stamps_token(&app), first);
    std::fs::remove_file(app.article_path("zorblax.md")).unwrap();
    assert!(!finds_zorblax(&app));

    assert!(watch.stop().success());
    assert!(!app.index.join(".dealdesk-watch.sock").exists());
    // Without a watch every file is looked at again.
    app.write_article("zorblax.md", ZORBLAX_ARTICLE);
    assert!(finds_zorblax(&app));
}

#[test]
fn a_watch_that_died_leaves_commands_looking_at_every_file() {
    let app = App::indexed();
    let mut watch = Watch::start(&app);
    assert!(!finds_zorblax(&app));
    // Killed: its socket file stays behind, and nobody answers on it.
    let mut child = watch.0.take().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(app.index.join(".dealdesk-watch.sock").exists());
    app.write_article("zorblax.md", ZORBLAX_ARTICLE);
    assert!(finds_zorblax(&app));
    // A new watch takes the socket over.
    let watch = Watch::start(&app);
    std::fs::remove_file(app.article_path("zorblax.md")).unwrap();
    assert!(!finds_zorblax(&app));
    assert_ne!(stamps_token(&app), "-");
    assert!(watch.stop().success());
}

#[test]
fn a_command_on_another_corpus_with_the_same_index_is_not_vouched_for_by_the_watch() {
    // The watch sees the app's corpus; a second corpus, one article more, shares the index.
    let app = App::indexed();
    let watch = Watch::start(&app);
    let other = tempfile::tempdir().unwrap();
    crate::helpers::copy_dir(&app.corpus, other.path());
    std::fs::write(other.path().join("articles/zorblax.md"), ZORBLAX_ARTICLE).unwrap();
    let search_other = std::process::Command::new(env!("CARGO_BIN_EXE_dealdesk"))
        .arg("--corpus")
        .arg(other.path())
        .arg("--index")
        .arg(&app.index)
        .args(["search", "Zorblax"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&search_other.stdout).contains("zorblax-datacenter"));
    // Stamps of a corpus the watch does not see keep none of its tokens...
    assert_eq!(stamps_token(&app), "-");
    // ...so back on the watched corpus, the check looks at every file and undoes the other.
    assert!(!finds_zorblax(&app));
    assert!(watch.stop().success());
}

/// A watch the test did not start as its child (a command started it): stopped when the test
/// ends, however it ends.
struct Started(u32);

impl Drop for Started {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .arg("-TERM")
            .arg(self.0.to_string())
            .status();
    }
}

/// The pid in the note of a command that started a watch.
fn started_watch(stderr: &str) -> Option<u32> {
    let (_, after) = stderr.split_once("a watch now runs in the background (pid ")?;
    after.split(')').next()?.parse().ok()
}

#[test]
fn a_command_on_a_large_corpus_starts_a_watch_that_it_and_the_next_commands_ask() {
    let app = App::indexed();
    // Under the threshold (20,000 files by default): no watch.
    let small = app.run(&["search", "Zorblax"]);
    assert_eq!(small.code, 0, "{}", small.stderr);
    assert!(!small.stderr.contains("watch"), "{}", small.stderr);
    assert!(!app.index.join(".dealdesk-watch.sock").exists());

    // Every corpus file counts as many: the command starts one before its check, and says so.
    let first = app
        .command(&["search", "Zorblax"])
        .env("DEALDESK_AUTO_WATCH_FILES", "1")
        .env("DEALDESK_WATCH_DEBOUNCE_MS", "3600000")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    let _watch = Started(started_watch(&stderr).expect(&stderr));
    assert!(
        stderr.contains("It stops after 600 s without a command"),
        "{stderr}"
    );
    assert!(app.index.join(".dealdesk-watch.sock").exists());
    // Its own check asked the watch: its stamps keep the watch's token.
    let first_token = stamps_token(&app);
    assert_ne!(first_token, "-");

    // The next command asks it: no second watch, and its stamps keep the watch's token.
    let second = app
        .command(&["search", "Zorblax"])
        .env("DEALDESK_AUTO_WATCH_FILES", "1")
        .output()
        .unwrap();
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).is_empty());
    // Nothing changed since: the watch's journal is where it was.
    assert_eq!(stamps_token(&app), first_token);
    // A change made just before a command is seen through the watch.
    app.write_article("zorblax.md", ZORBLAX_ARTICLE);
    let token = stamps_token(&app);
    assert!(finds_zorblax(&app));
    assert_ne!(stamps_token(&app), token);
    assert_ne!(stamps_token(&app), "-");
}

#[test]
fn a_watch_told_to_stop_when_idle_stops_once_nobody_asks_it() {
    let app = App::indexed();
    let mut child = spawn_watching(app.command(&["watch", "--stop-when-idle", "1"]));
    assert!(app.index.join(".dealdesk-watch.sock").exists());
    // Waited for on a thread, so that a watch that never stops fails the test instead of
    // hanging it.
    let (done, exited) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait());
    });
    let status = exited
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the watch did not stop within a minute of idleness")
        .unwrap();
    assert!(status.success());
    assert!(!app.index.join(".dealdesk-watch.sock").exists());
}

#[test]
fn a_second_watch_started_to_stop_when_idle_leaves_the_index_to_the_first() {
    let app = App::indexed();
    let watch = Watch::start(&app);
    let second = app
        .command(&["watch", "--stop-when-idle", "600"])
        .env("DEALDESK_LOG", "warn")
        .output()
        .unwrap();
    assert!(second.status.success());
    let said = String::from_utf8_lossy(&second.stdout);
    assert!(
        said.starts_with("dealdesk: another watch answers for "),
        "{said}"
    );
    // The first one still answers.
    assert!(!finds_zorblax(&app));
    assert_ne!(stamps_token(&app), "-");
    assert!(watch.stop().success());
}
