//! `dockfix check`: report what the rules find, change nothing.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;

use super::options::{OutputArgs, RuleArgs, StyleArgs};
use super::pipeline::{self, Finding, Mode, Processed, Tally, plural};
use super::reporter::Reporter;
use super::session::{CommonArgs, Session};
use super::{ExitStatus, syntax_error_message};
use crate::diagnostic::Applicability;
use crate::model::Dockerfile;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories (directories: every Dockerfile below); "-" reads standard input
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Print the findings only, no summary
    #[arg(short, long)]
    quiet: bool,
    /// Apply the fixes in place, as `dockfix fix` does (ruff's `check --fix`)
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff: apply unsafe fixes too
    #[arg(long)]
    unsafe_fixes: bool,
    /// Write nothing; print the fixes as unified diffs, as `dockfix fix --diff` does
    #[arg(long)]
    diff: bool,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    style: StyleArgs,
    #[command(flatten)]
    common: CommonArgs,
}

pub fn run(args: CheckArgs) -> Result<ExitStatus> {
    if args.fix || args.diff {
        let fix = super::fix::FixArgs::from_check(super::fix::FromCheck {
            paths: args.paths,
            diff: args.diff,
            unsafe_fixes: args.unsafe_fixes,
            quiet: args.quiet,
            rules: args.rules,
            output: args.output,
            style: args.style,
            common: args.common,
        });
        return super::fix::run(fix);
    }
    if args.unsafe_fixes {
        anyhow::bail!("--unsafe-fixes applies fixes: use it with --fix or --diff");
    }
    args.rules.validate()?;
    let session = Session::new(&args.common)?;
    let process = |path: Option<&Path>, name: &str, source: &str| -> Result<Processed, String> {
        let file = session.rule_settings(path.unwrap_or(Path::new("-")))?;
        let settings = args.rules.apply(file.settings, false, &args.style);
        let dockerfile = Dockerfile::parse(source);
        if let Some(error) = dockerfile.errors().iter().find(|e| e.kind.blocks_rewrite()) {
            return Err(syntax_error_message(name, &dockerfile.tree, error));
        }
        let configured = path.map(|_| file.context.as_path());
        let build_context = args.rules.build_context(path, configured);
        let diagnostics = crate::fix::check(&dockerfile, &settings, build_context.as_ref());
        let suggestions = args.output.output_format.shows_suggestions();
        let style = suggestions.then_some(&settings.style);
        let lines = &dockerfile.tree.line_index;
        let findings = diagnostics
            .iter()
            .map(|d| Finding::for_output(d, source, lines, style))
            .collect();
        Ok(Processed {
            findings,
            ..Processed::default()
        })
    };
    let mut reporter = Reporter::new(&args.output, session.color, false);
    let mut tally = Tally::default();
    let mut errors = pipeline::Errors::default();
    let (mut total, mut safe, mut unsafe_) = (0, 0, 0);
    let sink = |result: pipeline::FileResult| {
        tally.add(&result, !result.findings.is_empty());
        errors.print(&result);
        total += result.findings.len();
        safe += result
            .findings
            .iter()
            .filter(|f| f.fix_applicability() == Some(Applicability::Safe))
            .count();
        unsafe_ += result
            .findings
            .iter()
            .filter(|f| f.fix_applicability() == Some(Applicability::Unsafe))
            .count();
        reporter.file(result.report());
    };
    let walked = pipeline::run(
        &session,
        &args.paths,
        args.common.stdin_filename.as_deref(),
        Mode::Check,
        process,
        sink,
    )?;
    reporter.finish();
    walked.print_errors();
    if !args.quiet {
        eprintln!(
            "Found {} in {} ({safe} fixable with `dockfix fix`, {unsafe_} more with `--unsafe-fixes`)",
            plural(total, "problem"),
            plural(tally.files, "file"),
        );
    }
    Ok(tally.status(&walked))
}
