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
        let mut child = app
            .command(&["watch"])
            .env("DEALDESK_LOG", "warn")
            .env("DEALDESK_WATCH_DEBOUNCE_MS", "3600000")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("dealdesk: watching "), "{line:?}");
        Watch(Some(child))
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
