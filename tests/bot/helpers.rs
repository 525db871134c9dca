//! `spawn_app`: a fake Telegram server and the real `dealdesk bot` binary long-polling it, with
//! a corpus and an index of its own in a temporary directory.

pub use crate::support::{copy_dir, shipped_corpus};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::fake::{Call, FakeTelegram, callback, text_message};

/// A token shaped like BotFather's; the tests check it never appears in the logs.
pub const TOKEN: &str = "123456789:AAE-secretTokenValue_DoNotLog";

pub struct App {
    pub tg: FakeTelegram,
    _dir: tempfile::TempDir,
    child: Option<Child>,
    pub log: PathBuf,
}

/// Changes made to the corpus copy before the bot starts.
pub type PrepareCorpus = Box<dyn FnOnce(&Path)>;

/// Options of one app: environment variables for the bot, and a corpus hook.
#[derive(Default)]
pub struct Options {
    pub env: Vec<(&'static str, String)>,
    pub release_binary: Option<PathBuf>,
    pub prepare_corpus: Option<PrepareCorpus>,
    /// The Bot API method that shows the bot is ready (default `getUpdates`).
    pub ready_on: Option<&'static str>,
}

pub fn spawn_app() -> App {
    spawn_app_with(Options::default())
}

pub fn spawn_app_with(options: Options) -> App {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_dir(&shipped_corpus(), &corpus);
    if let Some(prepare) = options.prepare_corpus {
        prepare(&corpus);
    }
    let tg = FakeTelegram::start();
    let log = dir.path().join("bot.log");
    let binary = options
        .release_binary
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_dealdesk")));
    let mut cmd = Command::new(binary);
    cmd.current_dir(dir.path())
        .arg("--corpus")
        .arg(&corpus)
        .arg("--index")
        .arg(dir.path().join("index"))
        .arg("bot")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", &tg.url)
        .env("DEALDESK_BOT_POLL_TIMEOUT", "1")
        .env("DEALDESK_LOG", "debug")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap());
    for (k, v) in &options.env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("start dealdesk bot");
    let app = App {
        tg,
        _dir: dir,
        child: Some(child),
        log,
    };
    // Ready once it long-polls (the first start builds the index).
    let ready = options.ready_on.unwrap_or("getUpdates");
    app.tg.wait_for(
        &format!("the first {ready}"),
        Duration::from_secs(120),
        |calls| calls.iter().any(|c| c.method == ready),
    );
    app
}

impl App {
    /// The directory holding the bot's `corpus` and `index`.
    pub fn dir(&self) -> &Path {
        self._dir.path()
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// A text message from `user` in `chat`; returns its update id.
    pub fn say(&self, user: i64, chat: i64, text: &str) -> i64 {
        self.tg.push_update(text_message(user, chat, text))
    }

    pub fn tap(&self, user: i64, chat: i64, data: &str) -> i64 {
        self.tg.push_update(callback(user, chat, data))
    }

    /// Sends a private message and waits for the `n`th message back to that chat.
    pub fn ask(&self, user: i64, text: &str, n: usize) -> Vec<Call> {
        self.say(user, user, text);
        self.tg.wait_messages(user, n)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends SIGTERM and waits for the exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        self.terminate_within(Duration::from_secs(30))
    }

    /// Sends SIGTERM and waits at most `bound` for the exit status (killing it and failing
    /// after that).
    pub fn terminate_within(&mut self, bound: Duration) -> std::process::ExitStatus {
        let child = self.child.take().expect("running");
        let status = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        wait_exit(child, bound)
    }
}

/// Waits for a child to exit (on a thread, reported through a channel), killing it after
/// `timeout`.
pub fn wait_exit(child: Child, timeout: Duration) -> std::process::ExitStatus {
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut child = child;
        let _ = tx.send(child.wait());
    });
    match rx.recv_timeout(timeout) {
        Ok(status) => status.unwrap(),
        Err(_) => {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .status();
            panic!("the bot did not stop within {timeout:?}");
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The `inline_keyboard` buttons of a `sendMessage`: (text, callback_data).
pub fn buttons(call: &Call) -> Vec<(String, String)> {
    call.body
        .pointer("/reply_markup/inline_keyboard")
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .flat_map(|r| r.as_array().cloned().unwrap_or_default())
                .map(|b| {
                    (
                        b["text"].as_str().unwrap_or("").to_string(),
                        b["callback_data"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
