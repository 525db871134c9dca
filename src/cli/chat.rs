//! `dealdesk chat`: a question-and-answer loop on the terminal that keeps the same short
//! context as the bot, so follow-ups ("Et SoftBank ?") work. `/reset` forgets, `/quit` ends.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;

use dealdesk::answer::AskError;
use dealdesk::config::Config;
use dealdesk::config::llm::Mode;
use dealdesk::conversation::Conversation;
use dealdesk::llm::{AnswerError, Answerer};
use dealdesk::refresh::Fresh;

use super::{UsageError, answering, render};

#[derive(Debug, Args)]
pub struct ChatArgs {
    /// Who writes the answers: extractive, llm or auto (default: `[llm] mode`, else auto).
    #[arg(long)]
    mode: Option<Mode>,
}

pub fn run(fresh: Fresh, args: &ChatArgs, config: &Config) -> Result<ExitCode> {
    let answerer = Answerer::new(&config.llm).context("cannot set up the model client")?;
    let mode = args.mode.unwrap_or(answerer.default_mode());
    if answerer.client_for(mode).is_err() {
        return Err(UsageError(
            "--mode llm needs a model: set DEALDESK_LLM_MODEL (see docs/llm.md)".into(),
        )
        .into());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let kb = Arc::new(fresh.kb);
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut conversation = Conversation::new();
    write!(out, "> ")?;
    out.flush()?;
    for line in stdin.lock().lines() {
        let line = line?;
        match line.trim() {
            "/quit" | "/exit" => break,
            "/reset" => conversation.reset(),
            "" => {}
            question => {
                let (c, result) = runtime.block_on(answering::answer_in(
                    &answerer,
                    kb.clone(),
                    std::mem::take(&mut conversation),
                    question.to_string(),
                    mode,
                ));
                conversation = c;
                match result {
                    Ok(v) => {
                        let a = &v.answer;
                        if a.resolved_from.is_some() {
                            writeln!(out, "({})", a.question)?;
                        }
                        write!(out, "{}", render::answer(a))?;
                        if let Some(reason) = v.fallback_code() {
                            writeln!(out, "(the model's answer was not used: {reason})")?;
                        }
                    }
                    Err(AnswerError::Ask(e @ (AskError::Empty | AskError::TooLong(_)))) => {
                        writeln!(out, "{e}")?
                    }
                    Err(e) => return Err(anyhow::Error::new(e).context("answering failed")),
                }
            }
        }
        write!(out, "> ")?;
        out.flush()?;
    }
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}
