//! `dockfix check`: report what the rules find, change nothing.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::pipeline::{self, Finding, Mode, Processed, plural};
use super::rules::RuleArgs;
use super::{ExitStatus, files, syntax_error_message};
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
    let (results, missing) = if args.paths.iter().any(|p| p.as_os_str() == "-") {
        let name = args
            .stdin_filename
            .as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string());
        let path = args.stdin_filename.as_deref();
        (
            vec![pipeline::run_stdin(&name, Mode::Check, |source| {
                process(&name, path, source)
            })?],
            Vec::new(),
        )
    } else {
        let (paths, missing) = files::discover(&args.paths);
        (
            pipeline::run_files(&paths, Mode::Check, |path, source| {
                process(&path.display().to_string(), Some(path), source)
            }),
            missing,
        )
    };
    let mut out = std::io::stdout().lock();
    for (path, error) in &missing {
        eprintln!("error: {}: {error}", path.display());
    }
    for result in &results {
        if let Some(error) = &result.error {
            eprintln!("error: {error}");
        }
        pipeline::print_findings(&mut out, &result.path, &result.findings, args.show_fixes);
    }
    if !args.quiet {
        let findings: Vec<&Finding> = results.iter().flat_map(|r| &r.findings).collect();
        let safe = findings
            .iter()
            .filter(|f| f.fix_applicability() == Some(Applicability::Safe))
            .count();
        let unsafe_ = findings
            .iter()
            .filter(|f| f.fix_applicability() == Some(Applicability::Unsafe))
            .count();
        let _ = writeln!(
            std::io::stderr(),
            "Found {} in {} ({safe} fixable with `dockfix fix`, {unsafe_} more with `--unsafe-fixes`)",
            plural(findings.len(), "problem"),
            plural(results.len(), "file"),
        );
    }
    let status = pipeline::exit_status(&results, |r| !r.findings.is_empty());
    Ok(if missing.is_empty() {
        status
    } else {
        ExitStatus::Error
    })
}
