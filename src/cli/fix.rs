//! `dockfix fix`: apply the rewrite passes (safe fixes, or unsafe ones too when asked).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;

use super::ExitStatus;
use super::options::{OutputArgs, RuleArgs, StyleArgs};
use super::pipeline::{self, Finding, Mode, Processed, Tally, plural};
use super::reporter::Reporter;
use super::session::{CommonArgs, Session};
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
    /// Print nothing but errors (and what --check and --diff ask for)
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    style: StyleArgs,
    #[command(flatten)]
    common: CommonArgs,
}

/// What `dockfix check --fix` (or `--diff`) hands to `dockfix fix`.
pub struct FromCheck {
    pub paths: Vec<PathBuf>,
    pub diff: bool,
    pub unsafe_fixes: bool,
    pub quiet: bool,
    pub rules: RuleArgs,
    pub output: OutputArgs,
    pub style: StyleArgs,
    pub common: CommonArgs,
}

impl FixArgs {
    pub fn from_check(args: FromCheck) -> Self {
        FixArgs {
            paths: args.paths,
            check: false,
            diff: args.diff,
            unsafe_fixes: args.unsafe_fixes,
            quiet: args.quiet,
            rules: args.rules,
            output: args.output,
            style: args.style,
            common: args.common,
        }
    }
}

pub fn run(args: FixArgs) -> Result<ExitStatus> {
    args.rules.validate()?;
    let mode = pipeline::mode(args.check, args.diff);
    let session = Session::new(&args.common)?;
    let process = |path: Option<&Path>, name: &str, source: &str| -> Result<Processed, String> {
        let file = session.rule_settings(path.unwrap_or(Path::new("-")))?;
        let settings = args
            .rules
            .apply(file.settings, args.unsafe_fixes, &args.style);
        let configured = path.map(|_| file.context.as_path());
        let build_context = args.rules.build_context(path, configured);
        match crate::fix::fix(source, &settings, build_context.as_ref()) {
            Ok(fixed) => {
                let text = fixed.text.as_deref().unwrap_or(source);
                let lines = LineIndex::new(text);
                let suggestions = args.output.output_format.shows_suggestions();
                let style = suggestions.then_some(&settings.style);
                let findings = fixed
                    .remaining
                    .iter()
                    .map(|d| Finding::for_output(d, text, &lines, style))
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
    // With standard input, standard output carries the file: findings go to standard error.
    let mut reporter = Reporter::new(&args.output, session.color, stdin && mode == Mode::Write);
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut tally = Tally::default();
    let mut errors = pipeline::Errors::default();
    let mut applied: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut remaining, mut unsafe_available) = (0, 0);
    let sink = |result: pipeline::FileResult| {
        let failing = if mode == Mode::Write {
            !result.findings.is_empty()
        } else {
            result.changed
        };
        tally.add(&result, failing);
        errors.print(&result);
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
                // (From standard input, the diff went to standard output already.)
                (Mode::Diff, Some(diff)) => out.write_all(diff.as_bytes()),
                _ => Ok(()),
            };
        }
        if !args.quiet && mode == Mode::Write {
            reporter.file(result.report());
        }
    };
    let walked = pipeline::run(
        &session,
        &args.paths,
        args.common.stdin_filename.as_deref(),
        mode,
        process,
        sink,
    )?;
    let _ = out.flush();
    reporter.finish();
    walked.print_errors();
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
