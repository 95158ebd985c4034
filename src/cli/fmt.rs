//! `dockfix fmt`: format files in place, or report (`--check`) or show (`--diff`) changes.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use rayon::iter::{ParallelBridge, ParallelIterator};

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
    let report = format_files(&args.paths, mode, &options);
    let (changed, unchanged) = (report.changed, report.unchanged);
    let mut status = ExitStatus::Success;
    for message in report.errors() {
        eprintln!("error: {message}");
        status = ExitStatus::Error;
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

/// What a run over files found, once their output is printed.
#[derive(Default)]
struct Report {
    changed: usize,
    unchanged: usize,
    /// Paths the walk could not read, with the index of their argument.
    walk_errors: Vec<(usize, String)>,
    /// Files that failed, in path order.
    file_errors: Vec<String>,
}

impl Report {
    /// Every error message, walk errors first (in the order of the arguments), then files.
    fn errors(mut self) -> impl Iterator<Item = String> {
        self.walk_errors.sort_by_key(|(argument, _)| *argument);
        let walk = self.walk_errors.into_iter().map(|(_, message)| message);
        walk.chain(self.file_errors)
    }
}

/// Format the files below `paths` and print what `mode` asks for, in path order.
///
/// Streaming, with bounded memory: the pool's threads take files from the walk as it goes
/// (the walk itself advances on them, one step at a time under par_bridge's lock), format
/// them, and print every result that is next in the walk's (sorted) order; a result that
/// finished ahead of a slower one waits in `Printer`. The walk stays at most `window` files
/// ahead of the printing, so memory does not grow with the number of files.
fn format_files(paths: &[PathBuf], mode: Mode, options: &FormatOptions) -> Report {
    let printer = Printer::new(mode, 64 * rayon::current_num_threads());
    files::walk(paths)
        .filter_map(|found| match found {
            files::Found::File(path) => Some(path),
            files::Found::Error {
                argument,
                path,
                message,
            } => {
                printer.walk_error(argument, format!("{}: {message}", path.display()));
                None
            }
        })
        .enumerate()
        .inspect(|(index, _)| printer.wait_for_room(*index))
        .par_bridge()
        .for_each(|(index, path)| {
            let outcome = format_file(&path, mode, options);
            printer.done(index, path, outcome);
        });
    printer.finish()
}

/// Prints results in walk order as workers hand them in. It has no thread of its own: the
/// worker that completes the next result prints it, and those that were waiting behind it
/// (a thread woken for every file costed more than the formatting of small files).
struct Printer {
    mode: Mode,
    window: usize,
    state: Mutex<PrintState>,
    printed: Condvar,
}

struct PrintState {
    /// Index of the next result to print.
    next: usize,
    /// Results that arrived before an earlier one; slot 0 is index `next`.
    pending: VecDeque<Option<(PathBuf, Outcome)>>,
    report: Report,
    /// Buffered: one write per block of lines, not one per line.
    out: std::io::BufWriter<std::io::Stdout>,
}

impl Printer {
    fn new(mode: Mode, window: usize) -> Self {
        Printer {
            mode,
            window,
            state: Mutex::new(PrintState {
                next: 0,
                pending: VecDeque::new(),
                report: Report::default(),
                out: std::io::BufWriter::new(std::io::stdout()),
            }),
            printed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, PrintState> {
        // The state stays consistent even if a worker panicked while holding it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn walk_error(&self, argument: usize, message: String) {
        self.lock().report.walk_errors.push((argument, message));
    }

    /// Hold the walk while it is `window` files ahead of the printing.
    fn wait_for_room(&self, index: usize) {
        let mut state = self.lock();
        while index >= state.next + self.window {
            state = self
                .printed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn done(&self, index: usize, path: PathBuf, outcome: Outcome) {
        let mut guard = self.lock();
        let state = &mut *guard;
        let slot = index - state.next;
        if state.pending.len() <= slot {
            state.pending.resize_with(slot + 1, || None);
        }
        state.pending[slot] = Some((path, outcome));
        let mut printed = false;
        while let Some(Some((path, outcome))) = state.pending.front() {
            print_outcome(&mut state.out, &mut state.report, path, outcome, self.mode);
            state.pending.pop_front();
            state.next += 1;
            printed = true;
        }
        if printed {
            self.printed.notify_all();
        }
    }

    fn finish(self) -> Report {
        let mut state = self
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        // A closed pipe (`dockfix fmt --diff | head`) is not an error.
        let _ = state.out.flush();
        state.report
    }
}

fn print_outcome(
    out: &mut impl Write,
    report: &mut Report,
    path: &Path,
    outcome: &Outcome,
    mode: Mode,
) {
    match outcome {
        Outcome::Unchanged => report.unchanged += 1,
        Outcome::Changed(diff) => {
            report.changed += 1;
            // A closed pipe (`dockfix fmt --diff | head`) is not an error.
            let _ = match (mode, diff) {
                (Mode::Check, _) => writeln!(out, "Would reformat: {}", path.display()),
                (Mode::Diff, Some(diff)) => out.write_all(diff.as_bytes()),
                _ => Ok(()),
            };
        }
        Outcome::Failed(message) => report.file_errors.push(message.clone()),
    }
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
