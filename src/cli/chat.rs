//! `dealdesk chat`: a question-and-answer loop on the terminal, through the desk like the bot,
//! so follow-ups ("Et SoftBank ?") work the same. `/reset` forgets, `/quit` ends.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use dealdesk_core::generation::Mode;
use dealdesk_core::kb::Fresh;
use dealdesk_core::render;
use dealdesk_desk::{Ask, Context, ConversationKey, DeskError};

use super::{check_mode, desk, logging, mode_parser, runtime};
use crate::config::Config;

#[derive(Debug, Args)]
pub struct ChatArgs {
    /// Who writes the answers: extractive, llm or auto [default: `[llm] mode`, else auto].
    #[arg(long, value_parser = mode_parser())]
    mode: Option<Mode>,
}

pub fn run(fresh: Fresh, args: &ChatArgs, config: &Config) -> Result<ExitCode> {
    let desk = desk(fresh, config, 1)?;
    if check_mode(&desk, args.mode)? {
        logging::init(&config.log);
    }
    let runtime = runtime()?;
    let key = ConversationKey::terminal();
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write!(out, "> ")?;
    out.flush()?;
    for line in stdin.lock().lines() {
        let line = line?;
        match line.trim() {
            "/quit" | "/exit" => break,
            "/reset" => runtime.block_on(desk.forget(&key)),
            "" => {}
            question => {
                let ask = Ask::new(question)
                    .mode(args.mode)
                    .context(Context::Stored(key.clone()));
                match runtime.block_on(desk.ask(ask)) {
                    Ok(reply) => {
                        let a = &reply.answer;
                        if a.resolved_from.is_some() {
                            writeln!(out, "({})", a.question)?;
                        }
                        write!(out, "{}", render::answer(a))?;
                        if let Some(reason) = reply.fallback_code() {
                            writeln!(out, "(the model's answer was not used: {reason})")?;
                        }
                    }
                    Err(DeskError::Ask(e)) if e.is_invalid_question() => writeln!(out, "{e}")?,
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
