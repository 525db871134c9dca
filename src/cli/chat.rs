//! `dealdesk chat`: a question-and-answer loop on the terminal that keeps the same short
//! context as the bot, so follow-ups ("Et SoftBank ?") work. `/reset` forgets, `/quit` ends.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Result;

use dealdesk::answer::AskError;
use dealdesk::conversation::Conversation;
use dealdesk::refresh::Fresh;

use super::render;

pub fn run(fresh: &Fresh) -> Result<ExitCode> {
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
            question => match conversation.ask(&fresh.kb, question) {
                Ok(a) => {
                    if a.resolved_from.is_some() {
                        writeln!(out, "({})", a.question)?;
                    }
                    write!(out, "{}", render::answer(&a))?;
                }
                Err(e @ (AskError::Empty | AskError::TooLong(_))) => writeln!(out, "{e}")?,
                Err(e) => return Err(anyhow::Error::new(e).context("answering failed")),
            },
        }
        write!(out, "> ")?;
        out.flush()?;
    }
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}
