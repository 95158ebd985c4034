//! The per-file pipeline shared by `fmt`, `fix` and `check`: read, process in parallel,
//! write (or diff), and report in a stable order.

use std::collections::VecDeque;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use anyhow::{Context as _, Result};

use super::session::Session;
use super::{ExitStatus, files};
pub use crate::report::Finding;

/// What to do with a file's new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
    Diff,
}

/// The mode the `--check` and `--diff` switches ask for.
pub fn mode(check: bool, diff: bool) -> Mode {
    match (check, diff) {
        (_, true) => Mode::Diff,
        (true, false) => Mode::Check,
        (false, false) => Mode::Write,
    }
}

/// What processing one file gave.
#[derive(Debug, Default)]
pub struct Processed {
    /// The new content, when it differs.
    pub new_text: Option<String>,
    pub findings: Vec<Finding>,
    /// Fixes applied per rule code.
    pub applied: Vec<(&'static str, usize)>,
}

/// The result of one file after writing or diffing.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    pub changed: bool,
    pub diff: Option<String>,
    pub findings: Vec<Finding>,
    pub applied: Vec<(&'static str, usize)>,
    pub error: Option<String>,
}

/// What a run over files leaves once every result has gone through the sink.
#[derive(Debug, Default)]
pub struct Walked {
    /// Paths the walk could not read (missing arguments, unreadable folders), in argument order.
    pub walk_errors: Vec<String>,
}

/// Process every Dockerfile below `paths` in parallel, handing each result to `sink` in path
/// order, as soon as it and every earlier one are done.
///
/// Streaming, with bounded memory: the calling thread walks and hands each file to `pool`
/// as it is found (the walk is mostly system calls, so it overlaps the work instead of
/// taking a worker's turn); the thread that completes the next result in order passes it
/// (and any finished ones behind it) to the sink. The walk stays at most `window` files ahead of the
/// sink, so memory does not grow with the number of files.
fn run_paths<F, S>(
    pool: &rayon::ThreadPool,
    paths: &[PathBuf],
    filter: Arc<dyn files::Filter>,
    mode: Mode,
    process: F,
    mut sink: S,
) -> Walked
where
    F: Fn(&Path, &str) -> Result<Processed, String> + Sync,
    S: FnMut(FileResult) + Send,
{
    let progress = Progress::new();
    let ordered = Ordered::new(64 * pool.current_num_threads(), |result: FileResult| {
        progress.tick();
        sink(result);
    });
    let walk_errors = Mutex::new(Vec::new());
    // This thread walks; the pool's threads process each file as soon as it is found.
    pool.in_place_scope(|scope| {
        let walked = files::walk(paths, filter).filter_map(|found| match found {
            files::Found::File(path) => Some(path),
            files::Found::Error {
                argument,
                path,
                message,
            } => {
                lock(&walk_errors).push((argument, format!("{}: {message}", path.display())));
                None
            }
        });
        for (index, path) in walked.enumerate() {
            ordered.wait_for_room(index);
            let (ordered, process) = (&ordered, &process);
            scope.spawn(move |_| ordered.done(index, run_file(&path, mode, process)));
        }
    });
    drop(ordered);
    progress.finish();
    let mut walk_errors = walk_errors
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    walk_errors.sort_by_key(|(argument, _)| *argument);
    Walked {
        walk_errors: walk_errors
            .into_iter()
            .map(|(_, message)| message)
            .collect(),
    }
}

/// A progress bar on standard error for long runs, only on a terminal and not in CI; it
/// appears once a few hundred files are done, so short runs stay quiet.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    const AFTER: u64 = 300;

    fn new() -> Self {
        let wanted = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = wanted.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::hidden(),
            );
            let style = indicatif::ProgressStyle::with_template("{spinner} {pos} files, {per_sec}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
            bar.set_style(style);
            bar
        });
        Progress { bar }
    }

    fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            if bar.position() == Self::AFTER {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Walked {
    /// Print the walk's errors (after the files' output).
    pub fn print_errors(&self) {
        for error in &self.walk_errors {
            eprintln!("error: {error}");
        }
    }
}

/// Prints each file's error once per message: a broken configuration gives the same error
/// for every Dockerfile under it.
#[derive(Default)]
pub struct Errors {
    seen: std::collections::HashSet<String>,
}

impl Errors {
    pub fn print(&mut self, result: &FileResult) {
        if let Some(error) = &result.error
            && self.seen.insert(error.clone())
        {
            eprintln!("error: {error}");
        }
    }
}

/// The name of standard input in messages: `--stdin-filename`, or `-`.
/// Standard input when `paths` holds `-`, else every Dockerfile below `paths`.
/// `process` gets the file's path (for stdin, `--stdin-filename`), its name for messages,
/// and its text; `sink` gets each result, in order.
pub fn run<F, S>(
    session: &Arc<Session>,
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    mode: Mode,
    process: F,
    mut sink: S,
) -> Result<Walked>
where
    F: Fn(Option<&Path>, &str, &str) -> Result<Processed, String> + Sync,
    S: FnMut(FileResult) + Send,
{
    if paths.iter().any(|path| path.as_os_str() == "-") {
        let name = stdin_name(stdin_filename);
        sink(run_stdin(&name, mode, |source| {
            process(stdin_filename, &name, source)
        })?);
        return Ok(Walked::default());
    }
    Ok(run_paths(
        session.pool()?,
        paths,
        session.clone(),
        mode,
        |path, source| process(Some(path), &path.display().to_string(), source),
        sink,
    ))
}

fn stdin_name(filename: Option<&Path>) -> String {
    filename.map_or_else(|| "-".to_string(), |p| p.display().to_string())
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The state stays consistent even if a worker panicked while holding it.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Hands results to the sink in index order. It has no thread of its own: the worker that
/// completes the next result passes it on (a thread woken for every file cost more than
/// processing small files).
struct Ordered<S> {
    window: usize,
    state: Mutex<OrderState<S>>,
    passed: Condvar,
}

struct OrderState<S> {
    /// Index of the next result for the sink.
    next: usize,
    /// Results that arrived before an earlier one; slot 0 is index `next`.
    pending: VecDeque<Option<FileResult>>,
    sink: S,
    /// Whether the walk waits for room (a notification is a system call: only then).
    walk_waits: bool,
}

impl<S: FnMut(FileResult)> Ordered<S> {
    fn new(window: usize, sink: S) -> Self {
        Ordered {
            window,
            state: Mutex::new(OrderState {
                next: 0,
                pending: VecDeque::new(),
                sink,
                walk_waits: false,
            }),
            passed: Condvar::new(),
        }
    }

    /// Hold the walk while it is `window` files ahead of the sink.
    fn wait_for_room(&self, index: usize) {
        let mut state = lock(&self.state);
        while index >= state.next + self.window {
            state.walk_waits = true;
            state = self
                .passed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn done(&self, index: usize, result: FileResult) {
        let mut guard = lock(&self.state);
        let state = &mut *guard;
        let slot = index - state.next;
        if state.pending.len() <= slot {
            state.pending.resize_with(slot + 1, || None);
        }
        state.pending[slot] = Some(result);
        let mut passed = false;
        while let Some(Some(_)) = state.pending.front() {
            if let Some(Some(result)) = state.pending.pop_front() {
                (state.sink)(result);
            }
            state.next += 1;
            passed = true;
        }
        if passed && state.walk_waits {
            state.walk_waits = false;
            self.passed.notify_all();
        }
    }
}

fn run_file<F>(path: &Path, mode: Mode, process: &F) -> FileResult
where
    F: Fn(&Path, &str) -> Result<Processed, String>,
{
    let name = path.display().to_string();
    let mut result = FileResult {
        path: path.to_path_buf(),
        changed: false,
        diff: None,
        findings: Vec::new(),
        applied: Vec::new(),
        error: None,
    };
    let source = match files::read(path) {
        Ok(source) => source,
        Err(error) => {
            result.error = Some(format!("{name}: {error:#}"));
            return result;
        }
    };
    let processed = match process(path, &source) {
        Ok(processed) => processed,
        Err(message) => {
            result.error = Some(message);
            return result;
        }
    };
    result.findings = processed.findings;
    result.applied = processed.applied;
    if let Some(new_text) = processed.new_text {
        result.changed = true;
        match mode {
            Mode::Write => {
                if let Err(error) = files::write_atomic(path, &new_text) {
                    result.error = Some(format!("{name}: {error:#}"));
                    result.changed = false;
                }
            }
            Mode::Diff => {
                result.diff = Some(crate::diff::unified(
                    &source,
                    &new_text,
                    &files::diff_path(path),
                ))
            }
            Mode::Check => {}
        }
    }
    result
}

/// Read standard input, process it as `name`, and write the result for `mode`.
fn run_stdin<F>(name: &str, mode: Mode, process: F) -> Result<FileResult>
where
    F: FnOnce(&str) -> Result<Processed, String>,
{
    let mut source = String::new();
    std::io::stdin()
        .read_to_string(&mut source)
        .context("reading standard input")?;
    let path = PathBuf::from(name);
    let mut result = FileResult {
        path: path.clone(),
        changed: false,
        diff: None,
        findings: Vec::new(),
        applied: Vec::new(),
        error: None,
    };
    let processed = match process(&source) {
        Ok(processed) => processed,
        Err(message) => {
            result.error = Some(message);
            return Ok(result);
        }
    };
    result.findings = processed.findings;
    result.applied = processed.applied;
    result.changed = processed.new_text.is_some();
    let text = processed.new_text.as_deref().unwrap_or(&source);
    let mut out = std::io::stdout().lock();
    // A closed pipe is not an error.
    let _ = match mode {
        Mode::Write => out.write_all(text.as_bytes()),
        Mode::Diff if result.changed => {
            out.write_all(crate::diff::unified(&source, text, &files::diff_path(&path)).as_bytes())
        }
        _ => Ok(()),
    };
    Ok(result)
}

/// Counts kept while results stream through a sink, and the exit status they give.
#[derive(Debug, Default)]
pub struct Tally {
    pub files: usize,
    pub changed: usize,
    pub errors: usize,
    /// Files for which the command fails (would change, or has findings).
    pub failing: usize,
}

impl Tally {
    pub fn add(&mut self, result: &FileResult, failing: bool) {
        self.files += 1;
        self.changed += usize::from(result.changed);
        self.errors += usize::from(result.error.is_some());
        self.failing += usize::from(failing);
    }

    pub fn status(&self, walked: &Walked) -> ExitStatus {
        if self.errors > 0 || !walked.walk_errors.is_empty() {
            ExitStatus::Error
        } else if self.failing > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }
}

/// "1 file" / "3 files".
pub fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

impl FileResult {
    /// The report the output formats print.
    pub fn report(&self) -> crate::report::FileReport {
        crate::report::FileReport {
            path: self.path.clone(),
            findings: self.findings.clone(),
            error: self.error.clone(),
            changed: self.changed,
            applied: self.applied.clone(),
        }
    }
}
