//! `dealdesk chat`: the terminal loop keeps the same follow-up context as the bot.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::{copy_dir, shipped_corpus};

#[test]
fn the_terminal_chat_follows_up_like_the_bot() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_dir(&shipped_corpus(), &corpus);
    let mut child = Command::new(env!("CARGO_BIN_EXE_dealdesk"))
        .arg("--corpus")
        .arg(&corpus)
        .arg("--index")
        .arg(dir.path().join("index"))
        .arg("chat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Combien le gouvernement américain a-t-il investi dans Intel ?\nEt SoftBank ?\n/reset\nEt SoftBank ?\n/quit\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<&str> = stdout
        .split("> ")
        .filter(|s| !s.trim().is_empty())
        .collect();
    assert!(
        answers[0].starts_with("8,9 milliards de dollars"),
        "{stdout}"
    );
    assert!(
        answers[1].contains("(Combien SoftBank a-t-il investi dans Intel ?)"),
        "{stdout}"
    );
    assert!(answers[1].contains("2 milliards de dollars"), "{stdout}");
    // After /reset, the same words are no longer a follow-up: no resolved question is shown.
    assert!(!answers[2].contains("(Combien SoftBank"), "{stdout}");
    assert!(
        !answers[2].starts_with("2 milliards de dollars —"),
        "{stdout}"
    );
}
