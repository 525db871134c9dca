//! `dealdesk ask` and `dealdesk eval`: answers one question, a batch, or a golden suite.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use dealdesk::answer::{self, AskError};
use dealdesk::eval;
use dealdesk::refresh::Fresh;
use dealdesk::wire::{AnswerJson, BatchErrorJson};

use super::{UsageError, batch_lines, render};

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question, in French or English.
    question: Option<String>,
    /// Print one JSON object (the documented contract) instead of text.
    #[arg(long)]
    json: bool,
    /// Answer each line of FILE (`-` for standard input); prints one JSON object per line.
    #[arg(long, value_name = "FILE", conflicts_with = "question")]
    batch: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Golden files: JSON lines of {"id", "question", "expect": {"abstain", "answer_has", "cites"}}.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print each case's result as a JSON line.
    #[arg(long)]
    json: bool,
}

fn usage(e: AskError) -> anyhow::Error {
    match e {
        AskError::Empty | AskError::TooLong(_) => UsageError(e.to_string()).into(),
        e => anyhow::Error::new(e).context("answering failed"),
    }
}

pub fn run(fresh: &Fresh, args: &AskArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Some(source) = &args.batch {
        for (i, line) in batch_lines(source)?.iter().enumerate() {
            let json = match answer::ask(&fresh.kb, line) {
                Ok(a) => serde_json::to_string(&AnswerJson::from(&a)),
                Err(e @ (AskError::Empty | AskError::TooLong(_))) => {
                    serde_json::to_string(&BatchErrorJson {
                        line: i + 1,
                        question: line.clone(),
                        error: e.to_string(),
                    })
                }
                Err(e) => {
                    return Err(anyhow::Error::new(e).context(format!("answering line {}", i + 1)));
                }
            }?;
            writeln!(out, "{json}")?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(question) = &args.question else {
        return Err(UsageError("give a question, e.g. dealdesk ask \"Combien Amazon a-t-il investi dans Anthropic ?\", or --batch FILE".into()).into());
    };
    let a = answer::ask(&fresh.kb, question).map_err(usage)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&AnswerJson::from(&a))?)?;
    } else {
        write!(out, "{}", render::answer(&a))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn eval(fresh: &Fresh, args: &EvalArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut tally = eval::Tally::default();
    for file in &args.files {
        let cases = eval::load(file)?;
        for case in &cases {
            let failures = match answer::ask(&fresh.kb, &case.question) {
                Ok(a) => eval::check(case, &a),
                Err(e) => vec![format!("error: {e}")],
            };
            tally.record(case, failures.is_empty());
            if args.json {
                let line = serde_json::json!({"id": case.id, "passed": failures.is_empty(), "failures": failures});
                writeln!(out, "{line}")?;
            } else {
                for f in &failures {
                    writeln!(out, "FAIL {} ({}): {}", case.id, file.display(), f)?;
                }
            }
        }
    }
    if args.json {
        let line = serde_json::json!({
            "answered": tally.answered_ok, "answered_total": tally.answered_total,
            "abstained": tally.abstained_ok, "abstained_total": tally.abstained_total,
        });
        writeln!(out, "{line}")?;
    } else {
        writeln!(out, "{tally}")?;
    }
    out.flush().context("writing the report")?;
    Ok(if tally.all_passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
