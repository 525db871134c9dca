//! `dealdesk ask` and `dealdesk eval`: answers one question, a batch, or a golden suite, each
//! through the desk like every other adapter.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use dealdesk_core::eval;
use dealdesk_core::generation::Mode;
use dealdesk_core::kb::Fresh;
use dealdesk_core::render;
use dealdesk_core::wire::AnswerJson;
use dealdesk_desk::{Ask, Desk, DeskError, Reply};

use super::{UsageError, batch, check_mode, desk, logging, mode_parser, runtime};

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
    /// With --batch: print each line's latency percentiles on standard error at the end
    /// (p50, p99, mean, max; the process start and the freshness check excluded).
    // clap does not enforce `requires` when the conflicting positional is given.
    #[arg(long, requires = "batch", conflicts_with = "question")]
    latency: bool,
    /// Who writes the answer: extractive quotes the sources; llm asks the configured model
    /// (verified, else the extractive answer); auto is llm when a model is configured
    /// [default: `[llm] mode`, else auto]. See docs/llm.md.
    #[arg(long, value_parser = mode_parser())]
    mode: Option<Mode>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Golden files: JSON lines of {"id", "question", "expect": {"abstain", "answer_has", "cites"}}.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print each case's result as a JSON line.
    #[arg(long)]
    json: bool,
    /// Pass when at least this share of the cases pass (0 to 1) instead of all of them; with
    /// it, a report by kind and by kind of miss is printed before the totals.
    #[arg(long, value_name = "SHARE")]
    min_score: Option<f64>,
    /// With --min-score: the most cases allowed to show something false (an answer where none
    /// is due, or a wrong figure).
    #[arg(long, value_name = "N", default_value_t = 0)]
    max_wrong: usize,
    /// Who writes the answers [default: extractive, the answers the golden files describe].
    /// With llm or auto, a report of the model follows: the share of answers it wrote and
    /// verification accepted, fallbacks by reason, wrong answers shown, latency p50 and p95;
    /// the run then passes when no model-written answer is wrong (docs/llm.md).
    #[arg(long, value_parser = mode_parser())]
    mode: Option<Mode>,
}

fn usage(e: DeskError) -> anyhow::Error {
    if e.is_usage() {
        UsageError(e.to_string()).into()
    } else {
        anyhow::Error::new(e).context("answering failed")
    }
}

/// Asks `question` on a runtime of its own.
fn answer(
    runtime: &tokio::runtime::Runtime,
    desk: &Desk,
    question: &str,
    mode: Option<Mode>,
) -> Result<Reply, DeskError> {
    runtime.block_on(desk.ask(Ask::new(question).mode(mode)))
}

pub fn run(fresh: Fresh, args: &AskArgs, config: &Config) -> Result<ExitCode> {
    let desk = desk(fresh, config, 0)?;
    // A model's failures and rejections are logged on standard error, and so is the reading
    // of an answer when DEALDESK_LOG asks for it (`DEALDESK_LOG=dealdesk_core=debug`).
    if check_mode(&desk, args.mode)? || std::env::var_os("DEALDESK_LOG").is_some() {
        logging::init(&config.log);
    }
    let runtime = runtime()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Some(source) = &args.batch {
        let mut latencies = batch::Latencies::default();
        for line in batch::lines(source)? {
            let batch::Line { n, text } = line?;
            let json = latencies.time(|| match text {
                Err(error) => Ok(batch::error_line(n, String::new(), error)),
                Ok(line) => match answer(&runtime, &desk, &line, args.mode) {
                    Ok(reply) => Ok(serde_json::to_string(&AnswerJson::from(&reply))),
                    Err(DeskError::Ask(e)) if e.is_invalid_question() => {
                        Ok(batch::error_line(n, line, e.to_string()))
                    }
                    Err(e) => Err(anyhow::Error::new(e).context(format!("answering line {n}"))),
                },
            })??;
            writeln!(out, "{json}")?;
        }
        out.flush()?;
        if args.latency {
            eprintln!("{}", latencies.summary());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(question) = &args.question else {
        return Err(UsageError("give a question, e.g. dealdesk ask \"Combien Amazon a-t-il investi dans Anthropic ?\", or --batch FILE".into()).into());
    };
    let reply = answer(&runtime, &desk, question, args.mode).map_err(usage)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&AnswerJson::from(&reply))?)?;
    } else {
        write!(out, "{}", render::answer(&reply.answer))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn eval(fresh: Fresh, args: &EvalArgs, config: &Config) -> Result<ExitCode> {
    let desk = desk(fresh, config, 0)?;
    let runtime = runtime()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Some(min) = args.min_score
        && !(0.0..=1.0).contains(&min)
    {
        return Err(UsageError(format!("--min-score {min} is not a share from 0 to 1")).into());
    }
    // The golden answers are the extractive ones, whatever model is configured, unless the
    // model itself is what is measured.
    let mode = args.mode.unwrap_or(Mode::Extractive);
    let measure_model = mode != Mode::Extractive;
    // As for `ask`: a model's failures and rejections are logged on standard error.
    if (measure_model && check_mode(&desk, Some(mode))?)
        || std::env::var_os("DEALDESK_LOG").is_some()
    {
        logging::init(&config.log);
    }
    let mut tally = eval::Tally::default();
    let mut report = eval::Report::default();
    let mut model = eval::ModelReport::default();
    for file in &args.files {
        let cases = eval::load(file)?;
        for case in &cases {
            let started = std::time::Instant::now();
            let reply = answer(&runtime, &desk, &case.question, Some(mode));
            let latency = started.elapsed();
            let (failures, verdict) = match &reply {
                Ok(reply) => (
                    eval::check(case, &reply.answer),
                    eval::verdict(case, &reply.answer),
                ),
                Err(e) => (vec![format!("error: {e}")], eval::Verdict::WrongContent),
            };
            tally.record(case, failures.is_empty());
            report.record(case, verdict);
            let mut model_line = serde_json::Value::Null;
            if measure_model && let Ok(reply) = &reply {
                let by_model = reply.mode == dealdesk_desk::Produced::Llm;
                let wrong = by_model && {
                    let extractive =
                        answer(&runtime, &desk, &case.question, Some(Mode::Extractive))
                            .map_err(usage)?;
                    eval::model_is_wrong(case, &reply.answer, &extractive.answer)
                };
                model.record(case, by_model, reply.fallback_code(), wrong, latency);
                model_line = serde_json::json!({
                    "by_model": by_model, "fallback": reply.fallback_code(), "wrong": wrong,
                    "latency_ms": latency.as_millis(), "answer": reply.answer.text,
                });
            }
            if args.json {
                let mut line = serde_json::json!({"id": case.id, "passed": failures.is_empty(), "verdict": verdict.code(), "failures": failures});
                if measure_model {
                    line["model"] = model_line;
                }
                writeln!(out, "{line}")?;
            } else {
                for f in &failures {
                    writeln!(out, "FAIL {} ({}): {}", case.id, file.display(), f)?;
                }
            }
        }
    }
    if args.json {
        let mut line = serde_json::json!({
            "answered": tally.answered_ok, "answered_total": tally.answered_total,
            "abstained": tally.abstained_ok, "abstained_total": tally.abstained_total,
        });
        if measure_model {
            line["model"] = serde_json::json!({
                "questions": model.latencies.len(), "by_model": model.by_model,
                "agreed_refusals": model.agreed_refusals,
                "fallbacks": model.fallbacks, "wrong": model.wrong,
                "p50_ms": model.percentile(0.5).as_millis(),
                "p95_ms": model.percentile(0.95).as_millis(),
            });
        }
        writeln!(out, "{line}")?;
    } else {
        if args.min_score.is_some() {
            writeln!(out, "{report}")?;
        }
        writeln!(out, "{tally}")?;
        if measure_model {
            writeln!(out, "{model}")?;
        }
    }
    out.flush().context("writing the report")?;
    let passed = match args.min_score {
        // Golden phrasings are the extractive answerer's: a model's answer is judged on
        // showing nothing false.
        _ if measure_model => model.wrong.is_empty(),
        None => tally.all_passed(),
        Some(min) => report.score() >= min && report.wrong() <= args.max_wrong,
    };
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

use crate::config::Config;
