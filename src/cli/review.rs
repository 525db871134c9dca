//! `dealdesk review`: the drafts waiting in `drafts.jsonl`. `--accept ID…` moves them to
//! `deals.jsonl` (and their new entities to `entities.toml`), `--reject ID…` removes them,
//! `--edit ID` opens one in `$EDITOR`; on a terminal, with none of these, each draft is shown
//! in turn: accept, edit, reject or skip. A draft that fails its checks stays pending and the
//! problem is printed as `drafts.jsonl:LINE: message`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;

use dealdesk_core::corpus::Corpus;
use dealdesk_core::draft::Draft;
use dealdesk_core::draft::file::{self, DRAFTS_FILE, Outcome};
use dealdesk_core::model::EntityTable;

use super::draft::print_draft;

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Accept these drafts: records to deals.jsonl, new entities to entities.toml.
    #[arg(long, value_name = "ID", num_args = 1.., conflicts_with_all = ["reject", "edit"])]
    accept: Vec<String>,
    /// Reject these drafts: they are removed.
    #[arg(long, value_name = "ID", num_args = 1.., conflicts_with = "edit")]
    reject: Vec<String>,
    /// Open this draft in $EDITOR (then $VISUAL, then vi) and check it again.
    #[arg(long, value_name = "ID")]
    edit: Option<String>,
    /// List the pending drafts as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(corpus_dir: &Path, args: &ReviewArgs) -> Result<ExitCode> {
    if !args.accept.is_empty() {
        let outcome = file::accept(corpus_dir, &args.accept)?;
        return Ok(report(&outcome, "accepted", corpus_dir));
    }
    if !args.reject.is_empty() {
        let outcome = file::reject(corpus_dir, &args.reject)?;
        return Ok(report(&outcome, "rejected", corpus_dir));
    }
    if let Some(id) = &args.edit {
        return Ok(if edit(corpus_dir, id)? {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    if !args.json && std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return interactive(corpus_dir);
    }
    list(corpus_dir, args.json)
}

fn entities(corpus_dir: &Path) -> EntityTable {
    Corpus::load(corpus_dir)
        .map(|c| c.entities)
        .unwrap_or_default()
}

fn list(corpus_dir: &Path, json: bool) -> Result<ExitCode> {
    let pending = file::load(corpus_dir)?;
    let mut out = std::io::stdout().lock();
    if json {
        let drafts: Vec<&Draft> = pending.iter().map(|(_, d)| d).collect();
        writeln!(out, "{}", serde_json::to_string(&drafts)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if pending.is_empty() {
        writeln!(out, "no pending drafts; `dealdesk draft` proposes some")?;
        return Ok(ExitCode::SUCCESS);
    }
    let table = entities(corpus_dir);
    writeln!(
        out,
        "{} pending draft(s) in {}:",
        pending.len(),
        corpus_dir.join(DRAFTS_FILE).display()
    )?;
    for (_, d) in &pending {
        print_draft(&mut out, d, &table)?;
    }
    writeln!(
        out,
        "accept with `dealdesk review --accept ID…`, reject with `--reject ID…`, edit with `--edit ID`"
    )?;
    Ok(ExitCode::SUCCESS)
}

fn report(outcome: &Outcome, what: &str, corpus_dir: &Path) -> ExitCode {
    for id in &outcome.done {
        println!("{id}: {what}");
    }
    for e in &outcome.entities {
        println!(
            "{}: added to {}",
            e.id,
            corpus_dir.join("entities.toml").display()
        );
    }
    for p in &outcome.problems {
        eprintln!("dealdesk: {p}");
    }
    if !outcome.problems.is_empty() {
        eprintln!("dealdesk: the drafts with a problem stay pending");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Where a draft is edited: a file of its own in the temporary directory.
fn edit_path(id: &str) -> PathBuf {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    std::env::temp_dir().join(format!("dealdesk-draft-{safe}-{}.json", std::process::id()))
}

/// Opens the draft `id` in the editor, then checks it; true when it passes every check.
fn edit(corpus_dir: &Path, id: &str) -> Result<bool> {
    let pending = file::load(corpus_dir)?;
    let Some((_, draft)) = pending.iter().find(|(_, d)| d.id() == id) else {
        bail!("no pending draft has the id {id:?}: `dealdesk review` lists them");
    };
    let path = edit_path(id);
    std::fs::write(&path, serde_json::to_string_pretty(draft)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))?;
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status()
        .with_context(|| format!("cannot run the editor {editor:?}"))?;
    if !status.success() {
        eprintln!(
            "dealdesk: the editor {editor:?} failed ({status}); the draft is unchanged, your edit is in {}",
            path.display()
        );
        return Ok(false);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let edited: Draft = match serde_json::from_str(&text) {
        Ok(d) => d,
        Err(e) => {
            eprintln!(
                "dealdesk: {}:{}:{}: not a draft: {e}",
                path.display(),
                e.line(),
                e.column()
            );
            eprintln!(
                "dealdesk: the draft {id:?} stays pending unchanged; your edit is kept in {}",
                path.display()
            );
            return Ok(false);
        }
    };
    let new_id = edited.id().to_string();
    match file::replace(corpus_dir, id, edited)? {
        Some(problem) => {
            eprintln!("dealdesk: {problem}");
            eprintln!("dealdesk: the draft {new_id:?} stays pending with your edit");
            let _ = std::fs::remove_file(&path);
            Ok(false)
        }
        None => {
            let _ = std::fs::remove_file(&path);
            println!("{new_id}: edited; it passes every check");
            Ok(true)
        }
    }
}

/// Each pending draft in turn: accept, edit, reject or skip.
fn interactive(corpus_dir: &Path) -> Result<ExitCode> {
    let ids: Vec<String> = file::load(corpus_dir)?
        .into_iter()
        .map(|(_, d)| d.id().to_string())
        .collect();
    if ids.is_empty() {
        println!("no pending drafts; `dealdesk draft` proposes some");
        return Ok(ExitCode::SUCCESS);
    }
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut failed = false;
    let table = entities(corpus_dir);
    'drafts: for (n, original) in ids.iter().enumerate() {
        let mut id = original.clone();
        loop {
            let pending = file::load(corpus_dir)?;
            let Some((_, draft)) = pending.iter().find(|(_, d)| d.id() == id) else {
                continue 'drafts;
            };
            let mut out = std::io::stdout().lock();
            writeln!(out, "\n[{}/{}]", n + 1, ids.len())?;
            print_draft(&mut out, draft, &table)?;
            write!(out, "accept, edit, reject, skip or quit? [a/e/r/s/q] ")?;
            out.flush()?;
            drop(out);
            let Some(line) = lines.next().transpose()? else {
                break 'drafts;
            };
            match line.trim().to_lowercase().as_str() {
                "a" | "accept" => {
                    let outcome = file::accept(corpus_dir, std::slice::from_ref(&id))?;
                    failed |= report(&outcome, "accepted", corpus_dir) != ExitCode::SUCCESS;
                    continue 'drafts;
                }
                "r" | "reject" => {
                    let outcome = file::reject(corpus_dir, std::slice::from_ref(&id))?;
                    failed |= report(&outcome, "rejected", corpus_dir) != ExitCode::SUCCESS;
                    continue 'drafts;
                }
                "e" | "edit" => {
                    let before: Vec<String> = file::load(corpus_dir)?
                        .into_iter()
                        .map(|(_, d)| d.id().to_string())
                        .collect();
                    edit(corpus_dir, &id)?;
                    // The edit may have renamed the draft.
                    if let Some((_, d)) = file::load(corpus_dir)?
                        .into_iter()
                        .find(|(_, d)| !before.contains(&d.id().to_string()))
                    {
                        id = d.id().to_string();
                    }
                }
                "s" | "skip" | "" => continue 'drafts,
                "q" | "quit" => break 'drafts,
                other => println!("{other:?}: answer a, e, r, s or q"),
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
