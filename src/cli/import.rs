//! `dealdesk import PATH…`: web pages, feeds, text and Markdown files into corpus articles;
//! one line per input (added, skipped and why, failed and why) and a summary, or `--json`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use serde::Serialize;

use dealdesk_import::{Added, Entry, Options, Outcome, Report, Same, Skip, import};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files or folders (read recursively): web pages (.html, .htm), RSS or Atom feeds (.xml,
    /// .rss, .atom), text (.txt) and Markdown (.md, .markdown).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Say what would be written, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the report as one JSON object (added, skipped, failed) for scripts.
    #[arg(long)]
    json: bool,
}

pub fn run(corpus: &Path, args: &ImportArgs) -> Result<ExitCode> {
    if !corpus.is_dir() {
        bail!(
            "the corpus folder {} does not exist: pass --corpus DIR (or create it)",
            corpus.display()
        );
    }
    let options = Options {
        dry_run: args.dry_run,
        ..Options::default()
    };
    let report = import(corpus, &args.paths, &options).context("nothing was imported")?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string(&ReportJson::from(&report))?
        )?;
    } else {
        for entry in &report.entries {
            writeln!(out, "{}", line(entry, report.dry_run))?;
            if let (true, Outcome::Added(added)) = (report.dry_run, &entry.outcome) {
                writeln!(out, "    {}", details(added))?;
            }
        }
        writeln!(out, "{}", summary(&report))?;
    }
    out.flush()?;
    if report.added() > 0 && !report.dry_run {
        eprintln!("dealdesk: run `dealdesk index` to make the new articles searchable");
    }
    match report.failed() {
        0 => Ok(ExitCode::SUCCESS),
        n => bail!(
            "{n} input(s) could not be imported (the `failed` entries say why); the others were {}",
            if report.dry_run {
                "checked"
            } else {
                "imported"
            }
        ),
    }
}

/// `feed.xml` or `feed.xml ("Item title")`: where an entry comes from.
fn origin(entry: &Entry) -> String {
    match &entry.title {
        Some(title) => format!("{} ({title:?})", entry.input.display()),
        None => entry.input.display().to_string(),
    }
}

fn line(entry: &Entry, dry_run: bool) -> String {
    match &entry.outcome {
        Outcome::Added(added) => format!(
            "{} {}  (from {}: {:?})",
            if dry_run { "would add" } else { "added" },
            added.file,
            entry.input.display(),
            entry.title.as_deref().unwrap_or_default()
        ),
        Outcome::Skipped(skip) => format!("skipped {}: {}", origin(entry), reason(skip)),
        Outcome::Failed(error) => format!("failed {}: {error}", origin(entry)),
    }
}

/// What a dry run would write besides the title: `language en, published 2025-09-30, …`.
fn details(added: &Added) -> String {
    let mut parts = vec![format!("language {}", added.language)];
    if let Some(date) = added.published {
        parts.push(format!("published {date}"));
    }
    if let Some(author) = &added.author {
        parts.push(format!("author {author}"));
    }
    if let Some(url) = &added.url {
        parts.push(format!("url {url}"));
    }
    parts.join(", ")
}

fn reason(skip: &Skip) -> String {
    match skip {
        Skip::Unsupported(why) => why.clone(),
        Skip::Duplicate { of, same } => format!("duplicate of {of} ({})", same_text(*same)),
        Skip::EmptyFeed => "the feed has no items".to_string(),
    }
}

fn same_text(same: Same) -> &'static str {
    match same {
        Same::Url => "same URL",
        Same::Text => "same text",
        Same::TitleAndSource => {
            "same title and source; that file was edited since and is left as it is"
        }
    }
}

fn summary(report: &Report) -> String {
    let (added, skipped, failed) = (report.added(), report.skipped(), report.failed());
    if report.dry_run {
        format!(
            "import (dry run, nothing written): {added} to add, {skipped} skipped, {failed} failed"
        )
    } else {
        format!("import: {added} added, {skipped} skipped, {failed} failed")
    }
}

/// The `--json` report.
#[derive(Serialize)]
struct ReportJson {
    dry_run: bool,
    added: Vec<AddedJson>,
    skipped: Vec<SkippedJson>,
    failed: Vec<FailedJson>,
}

#[derive(Serialize)]
struct AddedJson {
    input: String,
    file: String,
    id: String,
    title: Option<String>,
    language: &'static str,
    url: Option<String>,
    published: Option<String>,
    author: Option<String>,
}

#[derive(Serialize)]
struct SkippedJson {
    input: String,
    title: Option<String>,
    /// `unsupported`, `duplicate` or `empty_feed`.
    reason: &'static str,
    /// For duplicates: the article already there, and what they share (`url`, `text`,
    /// `title_and_source`).
    duplicate_of: Option<String>,
    same: Option<&'static str>,
    message: String,
}

#[derive(Serialize)]
struct FailedJson {
    input: String,
    title: Option<String>,
    error: String,
}

impl From<&Report> for ReportJson {
    fn from(report: &Report) -> Self {
        let mut json = ReportJson {
            dry_run: report.dry_run,
            added: Vec::new(),
            skipped: Vec::new(),
            failed: Vec::new(),
        };
        for entry in &report.entries {
            let input = entry.input.display().to_string();
            let title = entry.title.clone();
            match &entry.outcome {
                Outcome::Added(a) => json.added.push(AddedJson {
                    input,
                    file: a.file.clone(),
                    id: a.id.clone(),
                    title,
                    language: a.language.code(),
                    url: a.url.clone(),
                    published: a.published.map(|d| d.to_string()),
                    author: a.author.clone(),
                }),
                Outcome::Skipped(skip) => {
                    let (code, duplicate_of, same) = match skip {
                        Skip::Unsupported(_) => ("unsupported", None, None),
                        Skip::Duplicate { of, same } => (
                            "duplicate",
                            Some(of.clone()),
                            Some(match same {
                                Same::Url => "url",
                                Same::Text => "text",
                                Same::TitleAndSource => "title_and_source",
                            }),
                        ),
                        Skip::EmptyFeed => ("empty_feed", None, None),
                    };
                    json.skipped.push(SkippedJson {
                        input,
                        title,
                        reason: code,
                        duplicate_of,
                        same,
                        message: reason(skip),
                    });
                }
                Outcome::Failed(error) => json.failed.push(FailedJson {
                    input,
                    title,
                    error: error.to_string(),
                }),
            }
        }
        json
    }
}
