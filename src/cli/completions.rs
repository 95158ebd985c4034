//! `dockfix completions SHELL`: the shell's completion script, generated from the clap
//! definitions (so it always matches the commands and flags).

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, ExitStatus};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in (bash, zsh, fish, powershell, elvish)
    shell: Shell,
}

pub fn run(args: CompletionsArgs) -> Result<ExitStatus> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "dockfix", &mut out);
    Ok(ExitStatus::Success)
}
