//! `intake`: the command line over the intake engine.
//!
//! Exit codes: 0 when the command ran (an import that rejected rows still
//! ran), 1 when it could not (unreadable file, no email column, unknown
//! import, …: the reason is on stderr), 2 on a usage error.
//!
//! Each command lives in a module of its own under `cmd/`; this file reads
//! the command line and says how it ended.

#![forbid(unsafe_code)]

mod args;
mod cmd;
mod progress;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use args::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Workbooks read whole are read by this same program in a process of
    // its own, behind a memory limit: a hostile one costs that process.
    if let Ok(program) = std::env::current_exe() {
        intake_source::isolated::read_whole_workbooks_with(program, vec!["read-workbook".into()]);
    }
    match cmd::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "intake: {e:#}");
            ExitCode::from(1)
        }
    }
}
