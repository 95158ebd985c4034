//! The per-file pipeline shared by `fmt`, `fix` and `check`: read, process in parallel,
//! write (or diff), and report in a stable order.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use super::{ExitStatus, files};
use crate::diagnostic::Applicability;
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
pub struct FileResult {
    pub path: PathBuf,
    pub changed: bool,
    pub diff: Option<String>,
    pub findings: Vec<Finding>,
    pub applied: Vec<(&'static str, usize)>,
    pub error: Option<String>,
}

/// Run `process` on every file in parallel; results come back in path order.
pub fn run_files<F>(paths: &[PathBuf], mode: Mode, process: F) -> Vec<FileResult>
where
    F: Fn(&Path, &str) -> Result<Processed, String> + Sync,
{
    paths
        .par_iter()
        .map(|path| run_file(path, mode, &process))
        .collect()
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
pub fn run_stdin<F>(name: &str, mode: Mode, process: F) -> Result<FileResult>
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

/// `path:line:col: CODE message [*]`, one line per finding.
pub fn print_findings(out: &mut impl Write, path: &Path, findings: &[Finding], show_fixes: bool) {
    for finding in findings {
        let marker = match finding.fix_applicability() {
            Some(Applicability::Safe) => " [*]",
            Some(Applicability::Unsafe) => " [unsafe fix]",
            _ => "",
        };
        let _ = writeln!(
            out,
            "{}:{}: {} {}{marker}",
            path.display(),
            finding.start,
            finding.code,
            finding.message
        );
        if show_fixes && let Some(fix) = &finding.fix {
            let _ = writeln!(out, "    fix: {}", fix.title);
        }
    }
}

/// The exit status for a set of results.
pub fn exit_status(results: &[FileResult], failure: impl Fn(&FileResult) -> bool) -> ExitStatus {
    if results.iter().any(|r| r.error.is_some()) {
        ExitStatus::Error
    } else if results.iter().any(failure) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
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
