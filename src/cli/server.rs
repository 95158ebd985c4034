//! `dockfix server`: the language server for editors (see `crate::server`).

use anyhow::Result;
use clap::Args;

use super::ExitStatus;

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Speak LSP over standard input and output (the only transport; accepted because
    /// editors' generic LSP clients often pass it)
    #[arg(long)]
    stdio: bool,
}

pub fn run(args: ServerArgs) -> Result<ExitStatus> {
    let _ = args.stdio;
    crate::server::run_stdio()?;
    Ok(ExitStatus::Success)
}
