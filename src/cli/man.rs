//! `dockfix man`: manual pages in roff, generated from the clap definitions (clap_mangen):
//! `dockfix.1` on standard output, or with `--output DIR` one page per command
//! (`dockfix.1`, `dockfix-check.1`, ...) written to a folder.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::{Args, CommandFactory};

use super::{Cli, ExitStatus};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write a page per command (dockfix.1, dockfix-check.1, ...) into this folder instead of
    /// printing dockfix.1
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
}

pub fn run(args: ManArgs) -> Result<ExitStatus> {
    let command = Cli::command();
    match args.output {
        Some(folder) => {
            std::fs::create_dir_all(&folder)
                .with_context(|| format!("creating {}", folder.display()))?;
            clap_mangen::generate_to(command, &folder)
                .with_context(|| format!("writing manual pages to {}", folder.display()))?;
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .context("rendering the manual page")?;
            let mut out = std::io::stdout().lock();
            // A closed pipe (`dockfix man | head`) is not an error.
            if let Err(error) = out.write_all(&page).and_then(|()| out.flush())
                && error.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(error).context("writing the manual page");
            }
        }
    }
    Ok(ExitStatus::Success)
}
