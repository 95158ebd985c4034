//! The per-file pipeline shared by `fmt`, `fix` and `check`: read, process in parallel,
//! write (or diff), and report in a stable order.

use std::collections::VecDeque;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use anyhow::{Context as _, Result};

use super::session::Session;
use super::{files, walk};
use crate::engine::Outcome;
use crate::output::terminal_path;
use crate::report::FileReport;

/// What a run over files leaves once every result has gone through the sink.
#[derive(Debug, Default)]
pub struct Walked {
    /// Paths the walk could not read (missing arguments, unreadable folders), in argument order.
    pub walk_errors: Vec<String>,
}

/// What processing one file's text gives: the engine's outcome, or the message of an error
/// (configuration, syntax) that left the file alone.
pub type Processed = Result<Outcome, String>;

/// Process every Dockerfile below `paths` in parallel, handing each result to `sink` in path
/// order, as soon as it and every earlier one are done.
///
/// Streaming, with bounded memory: the calling thread walks and hands each file to `pool`
/// as it is found (the walk is mostly system calls, so it overlaps the work instead of
/// taking a worker's turn); the thread that completes the next result in order passes it
/// (and any finished ones behind it) to the sink. The walk stays at most `window` files ahead of the
/// sink, so memory does not grow with the number of files.
fn run_paths<F, S>(
    session: &Arc<Session>,
    pool: &rayon::ThreadPool,
    paths: &[PathBuf],
    force_exclude: bool,
    mode: Mode,
    process: F,
    mut sink: S,
) -> Walked
where
    F: Fn(&Path, &str) -> Processed + Sync,
    S: FnMut(FileReport) + Send,
{
    let progress = Progress::new();
    let ordered = Ordered::new(64 * pool.current_num_threads(), |result: FileReport| {
        progress.tick();
        sink(result);
    });
    let walk_errors = Mutex::new(Vec::new());
    let (filter, max_file_size): (Arc<dyn walk::Filter>, _) =
        (session.clone(), session.max_file_size);
    // One of the pool's threads walks, and the others process each file as soon as it is
    // found; the walking thread processes files too when it waits for room, and once the
    // walk is over. (Walking on this thread instead made one thread more than there are
    // cores: idle workers spun for work on the core the walk needed.)
    pool.scope(|scope| {
        let walked =
            walk::walk(paths, filter, session.folders(), force_exclude).filter_map(|found| {
                match found {
                    walk::Found::File(path) => Some(path),
                    walk::Found::Error {
                        argument,
                        path,
                        message,
                    } => {
                        lock(&walk_errors)
                            .push((argument, format!("{}: {message}", terminal_path(&path))));
                        None
                    }
                }
            });
        for (index, path) in walked.enumerate() {
            ordered.wait_for_room(index);
            let (ordered, process) = (&ordered, &process);
            scope
                .spawn(move |_| ordered.done(index, run_file(&path, mode, max_file_size, process)));
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

/// Standard input when `paths` is `-`, else every Dockerfile below `paths`.
/// `process` gets the file's path (for stdin, `--stdin-filename`), its text, and whether it
/// is standard input; `sink` gets each result, in order.
pub fn run<F, S>(
    session: &Arc<Session>,
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    force_exclude: bool,
    mode: Mode,
    process: F,
    mut sink: S,
) -> Result<Walked>
where
    F: Fn(Option<&Path>, &str, bool) -> Processed + Sync,
    S: FnMut(FileReport) + Send,
{
    if paths.iter().any(|path| path.as_os_str() == "-") {
        let path = stdin_filename.map_or_else(|| PathBuf::from("-"), Path::to_path_buf);
        sink(run_stdin(path, mode, session.max_file_size, |source| {
            process(stdin_filename, source, true)
        })?);
        return Ok(Walked::default());
    }
    Ok(run_paths(
        session,
        session.pool()?,
        paths,
        force_exclude,
        mode,
        |path, source| process(Some(path), source, false),
        sink,
    ))
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
    pending: VecDeque<Option<FileReport>>,
    sink: S,
    /// Whether the walk waits for room (a notification is a system call: only then).
    walk_waits: bool,
}

impl<S: FnMut(FileReport)> Ordered<S> {
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

    /// Hold the walk while it is `window` files ahead of the sink. The walking thread is one
    /// of the pool's: meanwhile it processes files that no other thread has taken yet, and
    /// sleeps only when there are none (with one thread, it processes them all).
    fn wait_for_room(&self, index: usize) {
        loop {
            let mut state = lock(&self.state);
            if index < state.next + self.window {
                return;
            }
            drop(state);
            if rayon::yield_local() == Some(rayon::Yield::Executed) {
                continue;
            }
            state = lock(&self.state);
            if index < state.next + self.window {
                return;
            }
            state.walk_waits = true;
            // A job another thread holds will pass `next` and wake this one.
            drop(
                self.passed
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner),
            );
        }
    }

    fn done(&self, index: usize, result: FileReport) {
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

/// What to do with a file's new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write it in place (standard input: print it).
    Write,
    /// Only say that the file would change.
    Check,
    /// Print the unified diff.
    Diff,
}

fn run_file<F>(path: &Path, mode: Mode, max_file_size: u64, process: &F) -> FileReport
where
    F: Fn(&Path, &str) -> Processed,
{
    let name = || terminal_path(path);
    // Only a file to be written needs the checks of what was read.
    let read = if mode == Mode::Write {
        files::read_checked(path, max_file_size).map(|(text, original)| (text, Some(original)))
    } else {
        files::read_limited(path, max_file_size).map(|(text, _)| (text, None))
    };
    let (source, original) = match read {
        Ok(read) => read,
        Err(error) => {
            return FileReport::failed(path.to_path_buf(), format!("{}: {error:#}", name()));
        }
    };
    let outcome = match guarded(name, || process(path, &source)) {
        Ok(outcome) => outcome,
        Err(message) => return FileReport::failed(path.to_path_buf(), message),
    };
    let mut report = report(path.to_path_buf(), outcome.findings, outcome.fixed);
    report.changed = outcome.text.is_some() || !outcome.files.is_empty();
    if let Some(new_text) = &outcome.text {
        match mode {
            Mode::Write => {
                let written = match &original {
                    Some(original) => files::write_atomic(path, original, new_text),
                    None => Err(anyhow::anyhow!("not read for writing")),
                };
                if let Err(error) = written {
                    report.error = Some(format!("{}: {error:#}", name()));
                    report.changed = false;
                    // Nothing was written: a file left alone counts in none of the numbers
                    // (the findings after a fix that did not happen are not its findings).
                    report.fixed.clear();
                    report.findings.clear();
                    return report;
                }
            }
            Mode::Diff => report.printed = Some(crate::diff::unified(&source, new_text, path)),
            Mode::Check => {}
        }
    }
    // Other files of the build context (`.dockerignore`), after the Dockerfile.
    for file in &outcome.files {
        let other = Path::new(&file.path);
        match mode {
            Mode::Write => {
                if let Err(error) =
                    files::write_expected(other, file.original.as_deref(), &file.content)
                {
                    report.error = Some(format!("{}: {error:#}", terminal_path(other)));
                }
            }
            Mode::Diff => {
                let diff = match &file.original {
                    Some(original) => crate::diff::unified(original, &file.content, other),
                    None => crate::diff::unified_new(&file.content, other),
                };
                report
                    .printed
                    .get_or_insert_with(String::new)
                    .push_str(&diff);
            }
            Mode::Check => {}
        }
    }
    report
}

/// Run `process` for one file; a panic (a bug: input never should) fails that file only,
/// so the others are still processed and the run ends with an error naming it.
fn guarded(name: impl FnOnce() -> String, process: impl FnOnce() -> Processed) -> Processed {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(process)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!(
            "{}: internal error, file left unchanged (please report it): {why}",
            name()
        ))
    })
}

fn report(
    path: PathBuf,
    findings: Vec<crate::report::Finding>,
    fixed: std::collections::BTreeMap<&'static str, usize>,
) -> FileReport {
    FileReport {
        findings,
        fixed,
        ..FileReport::new(path)
    }
}

/// Read standard input and process it as `path` (`--stdin-filename`, or `-`); what goes to
/// standard output (the text, or its diff) is in the report's `printed`.
fn run_stdin<F>(path: PathBuf, mode: Mode, max_file_size: u64, process: F) -> Result<FileReport>
where
    F: FnOnce(&str) -> Processed,
{
    let mut source = String::new();
    std::io::stdin()
        .take(max_file_size.saturating_add(1))
        .read_to_string(&mut source)
        .context("reading standard input")?;
    if source.len() as u64 > max_file_size {
        let message = format!(
            "{}: over the size limit of {max_file_size} bytes (--max-file-size): skipped",
            terminal_path(&path)
        );
        return Ok(FileReport::failed(path, message));
    }
    let outcome = match guarded(|| terminal_path(&path), || process(&source)) {
        Ok(outcome) => outcome,
        Err(message) => return Ok(FileReport::failed(path, message)),
    };
    let mut report = report(path, outcome.findings, outcome.fixed);
    report.changed = outcome.text.is_some();
    report.printed = match (mode, outcome.text) {
        (Mode::Write, text) => Some(text.unwrap_or(source)),
        (Mode::Diff, Some(text)) => Some(crate::diff::unified(&source, &text, &report.path)),
        _ => None,
    };
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_fails_only_its_file() {
        let failed = guarded(|| "a/Dockerfile".to_string(), || panic!("boom"));
        let message = failed.err().unwrap_or_default();
        assert!(
            message.starts_with("a/Dockerfile: internal error"),
            "{message}"
        );
        assert!(message.ends_with("boom"), "{message}");
    }
}
