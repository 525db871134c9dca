//! The `dealdesk` command: parses arguments, runs one command against the library, prints the
//! error chain once and picks the exit code (0 ok, 1 failure, 2 usage error).

mod cli;
mod config;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            // A closed standard error loses the message but never panics.
            let _ = writeln!(std::io::stderr(), "dealdesk: error: {err:#}");
            if err.downcast_ref::<cli::UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
