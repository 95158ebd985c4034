//! `dockfix check`: report what the rules find, change nothing.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::pipeline::{self, FileResult, Finding, Mode, Processed, Tally, Walked, plural};
use super::rules::RuleArgs;
use super::{ExitStatus, syntax_error_message};
use crate::diagnostic::Applicability;
use crate::model::Dockerfile;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories (directories: every Dockerfile below); "-" reads standard input
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Print what each fix would do
    #[arg(long)]
    show_fixes: bool,
    /// The name of the file read from standard input, for messages
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Print the findings only, no summary
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

pub fn run(args: CheckArgs) -> Result<ExitStatus> {
    args.rules.validate()?;
    let settings = args.rules.settings(false, Default::default());
    let process =
        |name: &str, path: Option<&std::path::Path>, source: &str| -> Result<Processed, String> {
            let dockerfile = Dockerfile::parse(source);
            if let Some(error) = dockerfile.errors().iter().find(|e| e.kind.blocks_rewrite()) {
                return Err(syntax_error_message(name, &dockerfile.tree, error));
            }
            let build_context = args.rules.build_context(path);
            let diagnostics = crate::fix::check(&dockerfile, &settings, build_context.as_ref());
            let findings = diagnostics
                .iter()
                .map(|d| Finding::new(d, source, &dockerfile.tree.line_index))
                .collect();
            Ok(Processed {
                findings,
                ..Processed::default()
            })
        };
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut tally = Tally::default();
    let (mut total, mut safe, mut unsafe_) = (0, 0, 0);
    let mut sink = |result: FileResult| {
        tally.add(&result, !result.findings.is_empty());
        if let Some(error) = &result.error {
            eprintln!("error: {error}");
        }
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
        pipeline::print_findings(&mut out, &result.path, &result.findings, args.show_fixes);
    };
    let walked = if args.paths.iter().any(|p| p.as_os_str() == "-") {
        let name = args
            .stdin_filename
            .as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string());
        let path = args.stdin_filename.as_deref();
        sink(pipeline::run_stdin(&name, Mode::Check, |source| {
            process(&name, path, source)
        })?);
        Walked::default()
    } else {
        pipeline::run_paths(
            &args.paths,
            Mode::Check,
            |path, source| process(&path.display().to_string(), Some(path), source),
            sink,
        )
    };
    let _ = out.flush();
    for error in &walked.walk_errors {
        eprintln!("error: {error}");
    }
    if !args.quiet {
        let _ = writeln!(
            std::io::stderr(),
            "Found {} in {} ({safe} fixable with `dockfix fix`, {unsafe_} more with `--unsafe-fixes`)",
            plural(total, "problem"),
            plural(tally.files, "file"),
        );
    }
    Ok(tally.status(&walked))
}
