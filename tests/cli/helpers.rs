pub use crate::support::{copy_dir, shipped_corpus};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use dealdesk_core::wire::AnswerJson;

/// A corpus and an index of one's own, in a temporary directory.
pub struct App {
    _dir: tempfile::TempDir,
    pub corpus: PathBuf,
    pub index: PathBuf,
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl App {
    /// A copy of the shipped corpus, no index yet.
    pub fn shipped() -> App {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        copy_dir(&shipped_corpus(), &corpus);
        App {
            corpus,
            index: dir.path().join("index"),
            _dir: dir,
        }
    }

    /// A copy of the shipped corpus, indexed.
    pub fn indexed() -> App {
        let app = App::shipped();
        let run = app.run(&["index"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        app
    }

    pub fn article_path(&self, file: &str) -> PathBuf {
        self.corpus.join("articles").join(file)
    }

    pub fn write_article(&self, file: &str, content: impl AsRef<[u8]>) {
        std::fs::write(self.article_path(file), content).unwrap();
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dealdesk"));
        cmd.arg("--corpus")
            .arg(&self.corpus)
            .arg("--index")
            .arg(&self.index)
            .args(args);
        cmd.env_remove("DEALDESK_CORPUS")
            .env_remove("DEALDESK_INDEX");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.command(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
            .into()
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap().into()
    }

    pub fn ask_json(&self, question: &str) -> AnswerJson {
        let run = self.run(&["ask", "--json", question]);
        assert_eq!(run.code, 0, "ask {question:?} failed: {}", run.stderr);
        serde_json::from_str(run.stdout.trim())
            .unwrap_or_else(|e| panic!("not the JSON contract ({e}): {}", run.stdout))
    }

    /// All article text of the corpus, to check that citations quote it verbatim.
    pub fn corpus_text(&self) -> String {
        let mut all = String::new();
        for entry in std::fs::read_dir(self.corpus.join("articles")).unwrap() {
            all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        all
    }
}

/// A minimal valid article.
pub fn article(id: &str, body: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\ntitle = \"Title of {id}\"\nlanguage = \"en\"\nurl = \"https://example.com/{id}\"\npublished = \"2025-09-01\"\n+++\n\n{body}\n"
    )
}

/// Marks the index of `app` as built by schema version 0, as an older dealdesk would have.
pub fn age_schema(app: &App) {
    let meta_path = app.index.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    let mut payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    payload["schema_version"] = 0.into();
    meta["payload"] = payload.to_string().into();
    std::fs::write(&meta_path, meta.to_string()).unwrap();
}
