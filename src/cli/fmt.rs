//! `dockfix fmt`: format files in place, or report (`--check`) or show (`--diff`) changes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::{ExitStatus, files, syntax_error_message};
use crate::format::{FormatOptions, Indent, OperatorPosition};
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
    /// The name of the file read from standard input, for messages and diffs
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Print nothing but errors (and what --check and --diff ask for)
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    style: StyleArgs,
}

/// Formatter options on the command line.
#[derive(Debug, Clone, Args)]
pub struct StyleArgs {
    /// Indentation of continuation lines: a number of spaces, or "tab"
    #[arg(long, value_name = "N|tab", default_value = "4", value_parser = parse_indent)]
    indent: Indent,
    /// Where `&&` and `||` go when a shell command continues on the next line
    #[arg(long, value_enum, default_value_t = OperatorArg::Start)]
    operator_position: OperatorArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OperatorArg {
    Start,
    End,
    Preserve,
}

fn parse_indent(text: &str) -> Result<Indent, String> {
    if text.eq_ignore_ascii_case("tab") {
        return Ok(Indent::Tab);
    }
    match text.parse::<u8>() {
        Ok(n @ 1..=16) => Ok(Indent::Spaces(n)),
        _ => Err(format!(
            "expected a number of spaces (1-16) or \"tab\", not {text:?}"
        )),
    }
}

impl StyleArgs {
    pub fn options(&self) -> FormatOptions {
        let operator_position = match self.operator_position {
            OperatorArg::Start => OperatorPosition::Start,
            OperatorArg::End => OperatorPosition::End,
            OperatorArg::Preserve => OperatorPosition::Preserve,
        };
        FormatOptions {
            indent: self.indent,
            operator_position,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Write,
    Check,
    Diff,
}

/// What happened to one file.
enum Outcome {
    Unchanged,
    /// Reformatted (or would be); the diff when asked for.
    Changed(Option<String>),
    Failed(String),
}

pub fn run(args: FmtArgs) -> Result<ExitStatus> {
    let mode = match (args.check, args.diff) {
        (_, true) => Mode::Diff,
        (true, false) => Mode::Check,
        (false, false) => Mode::Write,
    };
    let options = args.style.options();
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return stdin(mode, &options, args.stdin_filename.as_deref());
    }
    let (paths, missing) = files::discover(&args.paths);
    let outcomes: Vec<Outcome> = paths
        .par_iter()
        .map(|path| format_file(path, mode, &options))
        .collect();

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut status = ExitStatus::Success;
    for (path, error) in &missing {
        eprintln!("error: {}: {error}", path.display());
        status = ExitStatus::Error;
    }
    let (mut changed, mut unchanged) = (0, 0);
    for (path, outcome) in paths.iter().zip(&outcomes) {
        match outcome {
            Outcome::Unchanged => unchanged += 1,
            Outcome::Changed(diff) => {
                changed += 1;
                // A closed pipe (`dockfix fmt --diff | head`) is not an error.
                let _ = match (mode, diff) {
                    (Mode::Check, _) => writeln!(out, "Would reformat: {}", path.display()),
                    (Mode::Diff, Some(diff)) => out.write_all(diff.as_bytes()),
                    _ => Ok(()),
                };
            }
            Outcome::Failed(message) => {
                eprintln!("error: {message}");
                status = ExitStatus::Error;
            }
        }
    }
    if !args.quiet {
        let files = |n: usize| {
            if n == 1 {
                "1 file".to_string()
            } else {
                format!("{n} files")
            }
        };
        match mode {
            Mode::Write => eprintln!(
                "{} reformatted, {} left unchanged",
                files(changed),
                files(unchanged)
            ),
            _ => eprintln!(
                "{} would be reformatted, {} already formatted",
                files(changed),
                files(unchanged)
            ),
        }
    }
    if status == ExitStatus::Success && mode != Mode::Write && changed > 0 {
        status = ExitStatus::Failure;
    }
    Ok(status)
}

fn format_file(path: &Path, mode: Mode, options: &FormatOptions) -> Outcome {
    let name = path.display().to_string();
    let source = match files::read(path) {
        Ok(source) => source,
        Err(error) => return Outcome::Failed(format!("{name}: {error:#}")),
    };
    let dockerfile = Dockerfile::parse(&source);
    let formatted = match crate::format::format(&dockerfile, options) {
        Ok(Some(formatted)) => formatted,
        Ok(None) => return Outcome::Unchanged,
        Err(error) => {
            return Outcome::Failed(syntax_error_message(&name, &dockerfile.tree, &error));
        }
    };
    match mode {
        Mode::Write => match files::write_atomic(path, &formatted) {
            Ok(()) => Outcome::Changed(None),
            Err(error) => Outcome::Failed(format!("{name}: {error:#}")),
        },
        Mode::Check => Outcome::Changed(None),
        Mode::Diff => Outcome::Changed(Some(crate::diff::unified(
            &source,
            &formatted,
            &files::diff_path(path),
        ))),
    }
}

/// `dockfix fmt -`: standard input to standard output.
fn stdin(mode: Mode, options: &FormatOptions, filename: Option<&Path>) -> Result<ExitStatus> {
    let name = filename.map_or_else(|| "-".to_string(), |p| p.display().to_string());
    let mut source = String::new();
    std::io::stdin()
        .read_to_string(&mut source)
        .context("reading standard input")?;
    let dockerfile = Dockerfile::parse(&source);
    let formatted = match crate::format::format(&dockerfile, options) {
        Ok(formatted) => formatted,
        Err(error) => {
            eprintln!(
                "error: {}",
                syntax_error_message(&name, &dockerfile.tree, &error)
            );
            return Ok(ExitStatus::Error);
        }
    };
    let mut out = std::io::stdout().lock();
    let changed = formatted.is_some();
    let _ = match mode {
        Mode::Write => out.write_all(formatted.as_deref().unwrap_or(&source).as_bytes()),
        Mode::Check if changed => writeln!(out, "Would reformat: {name}"),
        Mode::Diff if changed => {
            let text = formatted.as_deref().unwrap_or(&source);
            out.write_all(
                crate::diff::unified(&source, text, &files::diff_path(Path::new(&name))).as_bytes(),
            )
        }
        _ => Ok(()),
    };
    Ok(if changed && mode != Mode::Write {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
