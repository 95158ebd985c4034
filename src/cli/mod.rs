//! The command-line edge: arguments, files, terminal output and exit codes. Everything
//! else is in the library.

mod commands;
mod completions;
mod files;
mod man;
mod options;
mod parse;
mod pipeline;
mod reporter;
mod rule;
mod runner;
mod server;
mod session;
mod stream;
mod walk;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// How a run ended; the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Nothing to report (or everything fixed).
    Success = 0,
    /// Files would change (`--check`), or findings remain.
    Failure = 1,
    /// Usage, configuration, I/O or parse error.
    Error = 2,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status as u8)
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "dockfix",
    version,
    about = "Formats Dockerfiles and rewrites them into best practice, keeping their meaning.",
    after_help = "Exit codes: 0 clean, 1 files would change or findings remain, 2 error."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Report what the rules find (exit 1 if anything)
    Check(commands::CheckArgs),
    /// Apply the rewrite passes (in place, or --check / --diff)
    Fix(commands::FixArgs),
    /// Format Dockerfiles (in place, or --check / --diff)
    Fmt(commands::FmtArgs),
    /// Print a Dockerfile as BuildKit's parser sees it
    Parse(parse::ParseArgs),
    /// Show a rule's documentation, or list the rules
    Rule(rule::RuleArgs),
    /// Run the language server (LSP over standard input and output) for editors
    Server(server::ServerArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), or write one per command with --output DIR
    Man(man::ManArgs),
}

/// Parse the arguments and run; never panics on user input.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check(args) => runner::run(args.job()),
        Command::Fix(args) => runner::run(args.job()),
        Command::Fmt(args) => runner::run(args.job()),
        Command::Parse(args) => parse::run(args),
        Command::Rule(args) => rule::run(args),
        Command::Server(args) => server::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    };
    match status {
        Ok(status) => status.into(),
        Err(error) => {
            stream::note(format_args!("error: {error:#}"));
            ExitStatus::Error.into()
        }
    }
}
