//! `dockfix fix`: apply the rewrite passes (safe fixes, or unsafe ones too when asked).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::ExitStatus;
use super::fmt::StyleArgs;
use super::pipeline::{self, FileResult, Finding, Mode, Processed, Tally, Walked, plural};
use super::rules::RuleArgs;
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
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut tally = Tally::default();
    let mut applied: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut remaining, mut unsafe_available) = (0, 0);
    let mut sink = |result: FileResult| {
        let failing = if mode == Mode::Write {
            !result.findings.is_empty()
        } else {
            result.changed
        };
        tally.add(&result, failing);
        if let Some(error) = &result.error {
            eprintln!("error: {error}");
        }
        for (code, count) in &result.applied {
            *applied.entry(code).or_default() += count;
        }
        remaining += result.findings.len();
        unsafe_available += result
            .findings
            .iter()
            .filter(|f| f.fix_applicability() == Some(Applicability::Unsafe))
            .count();
        if result.changed {
            let _ = match (mode, &result.diff) {
                (Mode::Check, _) => writeln!(out, "Would fix: {}", result.path.display()),
                (Mode::Diff, Some(diff)) if !stdin => out.write_all(diff.as_bytes()),
                _ => Ok(()),
            };
        }
        // Findings go to stderr when stdout carries the file (stdin mode).
        if !args.quiet && mode == Mode::Write {
            if stdin {
                pipeline::print_findings(
                    &mut std::io::stderr(),
                    &result.path,
                    &result.findings,
                    args.show_fixes,
                );
            } else {
                pipeline::print_findings(&mut out, &result.path, &result.findings, args.show_fixes);
            }
        }
    };
    let walked = if stdin {
        let name = args
            .stdin_filename
            .as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string());
        let path = args.stdin_filename.as_deref();
        sink(pipeline::run_stdin(&name, mode, |source| {
            process(&name, path, source)
        })?);
        Walked::default()
    } else {
        pipeline::run_paths(
            &args.paths,
            mode,
            |path, source| process(&path.display().to_string(), Some(path), source),
            sink,
        )
    };
    let _ = out.flush();
    for error in &walked.walk_errors {
        eprintln!("error: {error}");
    }
    if !args.quiet {
        let fixes: usize = applied.values().sum();
        let by_rule: Vec<String> = applied
            .iter()
            .map(|(code, n)| format!("{code}: {n}"))
            .collect();
        let verb = if mode == Mode::Write {
            "Fixed"
        } else {
            "Would fix"
        };
        let mut summary = format!(
            "{verb} {} in {}",
            plural(fixes, "problem"),
            plural(tally.changed, "file")
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
        eprintln!("{summary}");
    }
    Ok(tally.status(&walked))
}
