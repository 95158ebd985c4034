//! The one runner of `fmt`, `check` and `fix`: check the arguments, load the configuration
//! of the paths named, send every file through the engine (in parallel, `pipeline`), print
//! what each command prints per file, then the summary and the exit status.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::ExitStatus;
use super::options::{OutputArgs, SelectionArgs, StyleArgs};
pub use super::pipeline::Mode;
use super::pipeline::{self, Processed, Walked};
use super::reporter::Reporter;
use super::session::{CommonArgs, Session};
use super::stream::{Stream, note};
use crate::diagnostic::Applicability;
use crate::engine::{self, EngineError};
use crate::output::terminal_path;
use crate::report::FileReport;

/// Which command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Format,
    Check,
    Fix,
}

/// A command line of `fmt`, `check` or `fix`, sorted out.
#[derive(Debug)]
pub struct Job {
    pub task: Task,
    pub mode: Mode,
    pub paths: Vec<PathBuf>,
    pub quiet: bool,
    pub unsafe_fixes: bool,
    /// Rule selection (`check`, `fix`).
    pub rules: Option<SelectionArgs>,
    /// How findings are printed (`check`, `fix`).
    pub output: Option<OutputArgs>,
    pub style: StyleArgs,
    pub common: CommonArgs,
}

impl Job {
    fn reads_stdin(&self) -> bool {
        self.paths.iter().any(|path| path.as_os_str() == "-")
    }

    /// Combinations that cannot work are usage errors, before anything is read.
    fn validate(&self) -> Result<()> {
        if self.reads_stdin() && self.paths.len() > 1 {
            bail!("\"-\" (standard input) cannot be combined with other paths");
        }
        if let Some(rules) = &self.rules {
            rules.validate()?;
        }
        let output_given = self.output.as_ref().is_some_and(OutputArgs::given);
        if self.task == Task::Fix && self.mode != Mode::Write && output_given {
            // --check and --diff print the files or the patch; the findings left after fixing
            // would be a second format on the same output.
            bail!(
                "--output-format, --statistics and --show-fixes report the findings left after \
                 fixing; they cannot be combined with --check or --diff"
            );
        }
        Ok(())
    }

    /// Whether the findings are printed: `check`, and `fix` writing (unless `--quiet`).
    fn reports_findings(&self) -> bool {
        match self.task {
            Task::Format => false,
            Task::Check => true,
            Task::Fix => self.mode == Mode::Write && !self.quiet,
        }
    }

    /// Whether a file makes the command fail (exit 1).
    fn fails(&self, report: &FileReport) -> bool {
        match (self.task, self.mode) {
            (Task::Check, _) | (Task::Fix, Mode::Write) => !report.findings.is_empty(),
            (Task::Format, Mode::Write) => false,
            _ => report.changed,
        }
    }

    /// One file's text through the engine.
    /// Standard input (`stdin`) gets only the Dockerfile's text back: fixes that write other
    /// files are left as findings.
    fn process(
        &self,
        session: &Session,
        path: Option<&Path>,
        source: &str,
        stdin: bool,
    ) -> Processed {
        let path_or_stdin = path.unwrap_or(Path::new("-"));
        let file = match self.task {
            // hadolint's configuration only matters to the rules.
            Task::Format => session.settings(path_or_stdin)?,
            Task::Check | Task::Fix => session.rule_settings(path_or_stdin)?,
        };
        let outcome = match (self.task, &self.rules) {
            (Task::Format, _) | (_, None) => {
                engine::format(source, &self.style.apply(file.settings.style))
            }
            (task, Some(rules)) => {
                let mut settings = rules.apply(file.settings, self.unsafe_fixes, &self.style);
                settings.leave_other_files = stdin;
                let configured = path.map(|_| file.context.as_path());
                let build_context = rules.build_context(path, configured, session.folders());
                let outcome = if task == Task::Check {
                    engine::lint(source, &settings, build_context.as_deref())
                } else {
                    engine::fix(source, &settings, build_context.as_deref())
                };
                // Files a fix writes next to the Dockerfile: their paths from here.
                let folder = rules.context_folder(configured);
                let outcome = outcome.map(|mut outcome| {
                    outcome.files = std::mem::take(&mut outcome.files)
                        .into_iter()
                        .filter_map(|mut file| {
                            let path = folder?.join(&file.path);
                            file.path = path.to_str()?.to_string();
                            Some(file)
                        })
                        .collect();
                    outcome
                });
                let suggestions = self
                    .output
                    .as_ref()
                    .and_then(|output| output.output_format)
                    .is_some_and(|format| format.shows_suggestions());
                match outcome {
                    // Formats that post fixes as suggested changes get them as whole lines.
                    Ok(mut outcome) if suggestions => {
                        let text = outcome.text.as_deref().unwrap_or(source);
                        outcome.findings = std::mem::take(&mut outcome.findings)
                            .into_iter()
                            .map(|finding| finding.with_suggestion(text, &settings.style))
                            .collect();
                        Ok(outcome)
                    }
                    other => other,
                }
            }
        };
        outcome.map_err(|error| {
            // Named as the file's messages name it; only a failed file pays for it.
            let name = terminal_path(path_or_stdin);
            match error {
                EngineError::Syntax { .. } => format!("{name}:{error}"),
                _ => format!("{name}: {error}"),
            }
        })
    }
}

pub fn run(job: Job) -> Result<ExitStatus> {
    job.validate()?;
    let session = Session::new(&job.common)?;
    let stdin_filename = job.common.stdin_filename.as_deref();
    session.check_configuration(&job.paths, stdin_filename)?;
    let stdin = job.reads_stdin();
    let mut reporter = match (&job.output, job.reports_findings()) {
        // With standard input, standard output carries the file: findings go to standard error.
        (Some(output), true) => Some(Reporter::new(
            output,
            session.color,
            stdin && job.task == Task::Fix,
        )?),
        _ => None,
    };
    let mut out = Stream::stdout();
    let mut totals = Totals::default();
    let mut errors = HashSet::new();
    let sink = |report: FileReport| {
        totals.add(&report, job.fails(&report));
        // A broken configuration gives the same error for every Dockerfile under it: once.
        if let Some(error) = &report.error
            && errors.insert(error.clone())
        {
            note(format_args!("error: {error}"));
        }
        if let Some(printed) = &report.printed {
            out.write_str(printed);
        }
        if report.changed && job.mode == Mode::Check && job.task != Task::Check {
            let verb = if job.task == Task::Format {
                "reformat"
            } else {
                "fix"
            };
            let path = terminal_path(&report.path);
            out.write(|out| writeln!(out, "Would {verb}: {path}"));
        }
        if let Some(reporter) = &mut reporter {
            reporter.file(report);
        }
    };
    let process =
        |path: Option<&Path>, source: &str, stdin: bool| job.process(&session, path, source, stdin);
    let walked = pipeline::run(
        &session,
        &job.paths,
        stdin_filename,
        job.common.force_exclude,
        job.mode,
        process,
        sink,
    )?;
    let written = out.finish();
    let reported = reporter.map_or(Ok(()), Reporter::finish);
    for error in &walked.walk_errors {
        note(format_args!("error: {error}"));
    }
    written?;
    reported?;
    if totals.files == 0 && walked.walk_errors.is_empty() {
        let place = match job.paths.as_slice() {
            [path] => format!("in {}", terminal_path(path)),
            _ => "under the paths given".to_string(),
        };
        note(format_args!("warning: no Dockerfile found {place}"));
        return Ok(ExitStatus::Success);
    }
    // Editors and pipes reading standard input want the file, nothing else.
    let stdin_text = stdin && job.task != Task::Check;
    if !job.quiet && !stdin_text {
        note(format_args!("{}", totals.summary(&job)));
    }
    Ok(totals.status(&walked))
}

/// Counts kept while results stream through the sink.
#[derive(Debug, Default)]
struct Totals {
    files: usize,
    changed: usize,
    errors: usize,
    /// Files for which the command fails (would change, or has findings).
    failing: usize,
    findings: usize,
    /// Findings with a safe fix, and with an unsafe one.
    safe: usize,
    unsafe_: usize,
    fixed: BTreeMap<&'static str, usize>,
}

impl Totals {
    fn add(&mut self, report: &FileReport, failing: bool) {
        self.files += 1;
        self.changed += usize::from(report.changed);
        self.errors += usize::from(report.error.is_some());
        self.failing += usize::from(failing);
        self.findings += report.findings.len();
        for finding in &report.findings {
            match finding.fix_applicability() {
                Some(Applicability::Safe) => self.safe += 1,
                Some(Applicability::Unsafe) => self.unsafe_ += 1,
                _ => {}
            }
        }
        for (code, count) in &report.fixed {
            *self.fixed.entry(code).or_default() += count;
        }
    }

    fn status(&self, walked: &Walked) -> ExitStatus {
        if self.errors > 0 || !walked.walk_errors.is_empty() {
            ExitStatus::Error
        } else if self.failing > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }

    /// The last line on standard error. Files with an error were left alone: they are
    /// counted in none of the numbers (their errors are above).
    fn summary(&self, job: &Job) -> String {
        let processed = self.files - self.errors;
        match job.task {
            Task::Format => {
                let unchanged = plural(processed - self.changed, "file");
                let changed = plural(self.changed, "file");
                match job.mode {
                    Mode::Write => format!("{changed} reformatted, {unchanged} left unchanged"),
                    _ => format!("{changed} would be reformatted, {unchanged} already formatted"),
                }
            }
            Task::Check => format!(
                "Found {} in {} ({} fixable with `dockfix fix`, {} more with `--unsafe-fixes`)",
                plural(self.findings, "problem"),
                plural(processed, "file"),
                self.safe,
                self.unsafe_,
            ),
            Task::Fix => {
                let fixed: usize = self.fixed.values().sum();
                let verb = if job.mode == Mode::Write {
                    "Fixed"
                } else {
                    "Would fix"
                };
                let mut summary = format!(
                    "{verb} {} in {}",
                    plural(fixed, "problem"),
                    plural(self.changed, "file")
                );
                if !self.fixed.is_empty() {
                    let by_rule: Vec<String> = self
                        .fixed
                        .iter()
                        .map(|(code, n)| format!("{code}: {n}"))
                        .collect();
                    summary.push_str(&format!(" ({})", by_rule.join(", ")));
                }
                if job.mode == Mode::Write {
                    summary.push_str(&format!("; {} remaining", self.findings));
                    if self.unsafe_ > 0 && !job.unsafe_fixes {
                        summary
                            .push_str(&format!(" ({} fixable with --unsafe-fixes)", self.unsafe_));
                    }
                }
                summary
            }
        }
    }
}

/// "1 file" / "3 files".
fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
