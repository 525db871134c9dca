//! `dealdesk ask` and `dealdesk eval`: answers one question, a batch, or a golden suite.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use dealdesk::answer::{self, AskError};
use dealdesk::config::Config;
use dealdesk::eval;
use dealdesk::llm::{self, Answerer, Mode, VerifiedAnswer};
use dealdesk::refresh::Fresh;
use dealdesk::wire::{AnswerJson, BatchErrorJson};

use super::{UsageError, batch_lines, logging, render};

/// `--mode` as clap sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ModeArg {
    /// Quote the sources; never call a model.
    Extractive,
    /// Ask the configured model; its answer is verified, else the extractive one is given.
    Llm,
    /// The model when one is configured (OPENAI_BASE_URL, DEALDESK_LLM_MODEL), else extractive.
    Auto,
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Mode {
        match m {
            ModeArg::Extractive => Mode::Extractive,
            ModeArg::Llm => Mode::Llm,
            ModeArg::Auto => Mode::Auto,
        }
    }
}

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
    /// Who writes the answer (default: `[llm] mode`, else auto). See docs/llm.md.
    #[arg(long, value_enum)]
    mode: Option<ModeArg>,
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

/// Answers with the model (verified, with the extractive fallback) when the mode calls for one.
struct Writer {
    model: Option<(Answerer, Mode, tokio::runtime::Runtime)>,
}

impl Writer {
    fn new(mode: Option<ModeArg>, config: &Config) -> Result<Writer> {
        if mode == Some(ModeArg::Extractive) {
            return Ok(Writer { model: None });
        }
        let answerer = Answerer::new(&config.llm).context("cannot set up the model client")?;
        let mode = mode.map_or(answerer.default_mode(), Mode::from);
        if answerer
            .client_for(mode)
            .map_err(|e| UsageError(e.to_string()))?
            .is_none()
        {
            return Ok(Writer { model: None });
        }
        logging::init(&config.log);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        Ok(Writer {
            model: Some((answerer, mode, runtime)),
        })
    }

    fn answer(&self, fresh: &Fresh, question: &str) -> Result<VerifiedAnswer, AskError> {
        let Some((answerer, mode, runtime)) = &self.model else {
            return answer::ask(&fresh.kb, question).map(VerifiedAnswer::extractive);
        };
        let prepared = llm::prepare(&fresh.kb, question)?;
        // The rejection or failure, if any, is logged (standard error) by `llm::judge`.
        Ok(runtime
            .block_on(answerer.finish(prepared.clone(), *mode))
            .unwrap_or_else(|e| llm::judge(prepared, Err(e))))
    }
}

pub fn run(fresh: &Fresh, args: &AskArgs, config: &Config) -> Result<ExitCode> {
    let writer = Writer::new(args.mode, config)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Some(source) = &args.batch {
        for (i, line) in batch_lines(source)?.iter().enumerate() {
            let json = match writer.answer(fresh, line) {
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
    let a = writer.answer(fresh, question).map_err(usage)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&AnswerJson::from(&a))?)?;
    } else {
        write!(out, "{}", render::answer(&a.answer))?;
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
