//! `dockfix fmt`: format files in place, or report (`--check`) or show (`--diff`) changes.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::pipeline::{self, Mode, Processed, Tally, Walked, plural};
use super::{ExitStatus, syntax_error_message};
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

pub fn run(args: FmtArgs) -> Result<ExitStatus> {
    let mode = pipeline::mode(args.check, args.diff);
    let options = args.style.options();
    let process = |name: &str, source: &str| -> Result<Processed, String> {
        let dockerfile = Dockerfile::parse(source);
        match crate::format::format(&dockerfile, &options) {
            Ok(new_text) => Ok(Processed {
                new_text,
                ..Processed::default()
            }),
            Err(error) => Err(syntax_error_message(name, &dockerfile.tree, &error)),
        }
    };
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        let name = args
            .stdin_filename
            .as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string());
        let result = pipeline::run_stdin(&name, mode, |source| process(&name, source))?;
        if let Some(error) = &result.error {
            eprintln!("error: {error}");
        }
        if mode == Mode::Check && result.changed {
            println!("Would reformat: {name}");
        }
        let mut tally = Tally::default();
        tally.add(&result, mode != Mode::Write && result.changed);
        return Ok(tally.status(&Walked::default()));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut tally = Tally::default();
    let walked = pipeline::run_paths(
        &args.paths,
        mode,
        |path, source| process(&path.display().to_string(), source),
        |result| {
            tally.add(&result, mode != Mode::Write && result.changed);
            if let Some(error) = &result.error {
                eprintln!("error: {error}");
            }
            // A closed pipe (`dockfix fmt --diff | head`) is not an error.
            let _ = match (mode, &result.diff) {
                (_, _) if !result.changed => Ok(()),
                (Mode::Check, _) => writeln!(out, "Would reformat: {}", result.path.display()),
                (Mode::Diff, Some(diff)) => out.write_all(diff.as_bytes()),
                _ => Ok(()),
            };
        },
    );
    let _ = out.flush();
    for error in &walked.walk_errors {
        eprintln!("error: {error}");
    }
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
