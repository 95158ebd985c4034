//! `dockfix fix`: apply the rewrite passes (safe fixes, or unsafe ones too when asked).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::fmt::StyleArgs;
use super::pipeline::{self, Finding, Mode, Processed, plural};
use super::rules::RuleArgs;
use super::{ExitStatus, files};
use crate::diagnostic::Applicability;
use crate::fix::FixError;
use crate::syntax::LineIndex;

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or directories (directories: every Dockerfile below); "-" reads standard input
    /// and writes standard output
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit 1 if any would
    #[arg(long)]
    check: bool,
    /// Write nothing; print unified diffs (for `git apply`) and exit 1 if any file would change
    #[arg(long)]
    diff: bool,
    /// Apply unsafe fixes too (they may change what the image is or does)
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print what each remaining fix would do
    #[arg(long)]
    show_fixes: bool,
    /// The name of the file read from standard input, for messages and diffs
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Print nothing but errors (and what --check and --diff ask for)
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    style: StyleArgs,
}

pub fn run(args: FixArgs) -> Result<ExitStatus> {
    args.rules.validate()?;
    let mode = pipeline::mode(args.check, args.diff);
    let settings = args.rules.settings(args.unsafe_fixes, args.style.options());
    let process =
        |name: &str, path: Option<&std::path::Path>, source: &str| -> Result<Processed, String> {
            let build_context = args.rules.build_context(path);
            match crate::fix::fix(source, &settings, build_context.as_ref()) {
                Ok(fixed) => {
                    let text = fixed.text.as_deref().unwrap_or(source);
                    let lines = LineIndex::new(text);
                    let findings = fixed
                        .remaining
                        .iter()
                        .map(|d| Finding::new(d, text, &lines))
                        .collect();
                    Ok(Processed {
                        new_text: fixed.text,
                        findings,
                        applied: fixed.applied.into_iter().collect(),
                    })
                }
                Err(FixError::Syntax(error)) => {
                    let lines = LineIndex::new(source);
                    Err(format!(
                        "{name}:{}: {}",
                        lines.line_col(source, error.range.start),
                        error.message
                    ))
                }
                Err(error) => Err(format!("{name}: {error}")),
            }
        };
    let mut results = Vec::new();
    let mut missing = Vec::new();
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        let name = args
            .stdin_filename
            .as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string());
        let path = args.stdin_filename.as_deref();
        results.push(pipeline::run_stdin(&name, mode, |source| {
            process(&name, path, source)
        })?);
    } else {
        let (paths, not_found) = files::discover(&args.paths);
        missing = not_found;
        results = pipeline::run_files(&paths, mode, |path, source| {
            process(&path.display().to_string(), Some(path), source)
        });
    }
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    for (path, error) in &missing {
        let _ = writeln!(err, "error: {}: {error}", path.display());
    }
    let mut applied: BTreeMap<&str, usize> = BTreeMap::new();
    for result in &results {
        if let Some(error) = &result.error {
            let _ = writeln!(err, "error: {error}");
        }
        for (code, count) in &result.applied {
            *applied.entry(code).or_default() += count;
        }
        if result.changed {
            let _ = match (mode, &result.diff) {
                (Mode::Check, _) => writeln!(out, "Would fix: {}", result.path.display()),
                (Mode::Diff, Some(diff)) if !stdin => out.write_all(diff.as_bytes()),
                _ => Ok(()),
            };
        }
        // Findings go to stderr when stdout carries the file (stdin mode).
        if !args.quiet {
            if stdin && mode == Mode::Write {
                pipeline::print_findings(&mut err, &result.path, &result.findings, args.show_fixes);
            } else if mode == Mode::Write {
                pipeline::print_findings(&mut out, &result.path, &result.findings, args.show_fixes);
            }
        }
    }
    if !args.quiet {
        let fixes: usize = applied.values().sum();
        let files = results.iter().filter(|r| r.changed).count();
        let by_rule: Vec<String> = applied
            .iter()
            .map(|(code, n)| format!("{code}: {n}"))
            .collect();
        let verb = if mode == Mode::Write {
            "Fixed"
        } else {
            "Would fix"
        };
        let remaining: usize = results.iter().map(|r| r.findings.len()).sum();
        let unsafe_available: usize = results
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.fix_applicability() == Some(Applicability::Unsafe))
            .count();
        let mut summary = format!(
            "{verb} {} in {}",
            plural(fixes, "problem"),
            plural(files, "file")
        );
        if !by_rule.is_empty() {
            summary.push_str(&format!(" ({})", by_rule.join(", ")));
        }
        if mode == Mode::Write {
            summary.push_str(&format!("; {remaining} remaining"));
            if unsafe_available > 0 && !args.unsafe_fixes {
                summary.push_str(&format!(
                    " ({unsafe_available} fixable with --unsafe-fixes)"
                ));
            }
        }
        let _ = writeln!(err, "{summary}");
    }
    let status = pipeline::exit_status(&results, |r| {
        if mode == Mode::Write {
            !r.findings.is_empty()
        } else {
            r.changed
        }
    });
    Ok(if missing.is_empty() {
        status
    } else {
        ExitStatus::Error
    })
}
