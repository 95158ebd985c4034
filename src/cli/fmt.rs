//! `dockfix fmt`: format files in place, or report (`--check`) or show (`--diff`) changes.

use std::path::Path;

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::options::StyleArgs;
use super::pipeline::{self, Mode, Processed, Tally, plural};
use super::session::{CommonArgs, Session};
use super::{ExitStatus, syntax_error_message};
use crate::model::Dockerfile;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or directories to format (directories: every Dockerfile below); "-" reads
    /// standard input and writes standard output
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit 1 if any would
    #[arg(long)]
    check: bool,
    /// Write nothing; print unified diffs (for `git apply`) and exit 1 if any file would change
    #[arg(long)]
    diff: bool,
    /// Print nothing but errors (and what --check and --diff ask for)
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    style: StyleArgs,
    #[command(flatten)]
    common: CommonArgs,
}

pub fn run(args: FmtArgs) -> Result<ExitStatus> {
    let mode = pipeline::mode(args.check, args.diff);
    let session = Session::new(&args.common)?;
    let process = |path: Option<&Path>, name: &str, source: &str| -> Result<Processed, String> {
        let file = session.settings(path.unwrap_or(Path::new("-")))?;
        let options = args.style.apply(file.settings.style);
        let dockerfile = Dockerfile::parse(source);
        match crate::format::format(&dockerfile, &options) {
            Ok(new_text) => Ok(Processed {
                new_text,
                ..Processed::default()
            }),
            Err(error) => Err(syntax_error_message(name, &dockerfile.tree, &error)),
        }
    };
    let mut tally = Tally::default();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut errors = pipeline::Errors::default();
    let walked = pipeline::run(
        &session,
        &args.paths,
        args.common.stdin_filename.as_deref(),
        mode,
        process,
        |result| {
            tally.add(&result, mode != Mode::Write && result.changed);
            errors.print(&result);
            // A closed pipe (`dockfix fmt --diff | head`) is not an error.
            let _ = match (mode, &result.diff) {
                (_, _) if !result.changed => Ok(()),
                (Mode::Check, _) => writeln!(out, "Would reformat: {}", result.path.display()),
                (Mode::Diff, Some(diff)) => out.write_all(diff.as_bytes()),
                _ => Ok(()),
            };
        },
    )?;
    let _ = out.flush();
    walked.print_errors();
    if !args.quiet {
        let unchanged = plural(tally.files - tally.changed - tally.errors, "file");
        let changed = plural(tally.changed, "file");
        match mode {
            Mode::Write => eprintln!("{changed} reformatted, {unchanged} left unchanged"),
            _ => eprintln!("{changed} would be reformatted, {unchanged} already formatted"),
        }
    }
    Ok(tally.status(&walked))
}
