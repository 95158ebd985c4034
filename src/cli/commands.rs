//! The arguments of `fmt`, `check` and `fix`, each turned into a `Job` for the one runner.

use std::path::PathBuf;

use clap::Args;

use super::options::{OutputArgs, SelectionArgs, StyleArgs};
use super::runner::{Job, Mode, Task};
use super::session::CommonArgs;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or directories to format (directories: every Dockerfile below); "-" reads
    /// standard input and writes standard output
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    change: ChangeArgs,
    #[command(flatten)]
    style: StyleArgs,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("fix_or_diff").args(["fix", "diff"]).multiple(true))]
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
    #[arg(long, requires = "fix_or_diff")]
    unsafe_fixes: bool,
    /// Write nothing; print the fixes as unified diffs, as `dockfix fix --diff` does
    #[arg(long)]
    diff: bool,
    #[command(flatten)]
    rules: SelectionArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    style: StyleArgs,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or directories (directories: every Dockerfile below); "-" reads standard input
    /// and writes standard output
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    change: ChangeArgs,
    /// Apply unsafe fixes too (they may change what the image is or does)
    #[arg(long)]
    unsafe_fixes: bool,
    #[command(flatten)]
    rules: SelectionArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    style: StyleArgs,
    #[command(flatten)]
    common: CommonArgs,
}

/// What `fmt` and `fix` do with the files they change.
#[derive(Debug, Args)]
pub struct ChangeArgs {
    /// Write nothing; list the files that would change and exit 1 if any would
    #[arg(long)]
    check: bool,
    /// Write nothing; print unified diffs (for `git apply`) and exit 1 if any file would change
    #[arg(long)]
    diff: bool,
    /// Print nothing but errors (and what --check and --diff ask for)
    #[arg(short, long)]
    quiet: bool,
}

impl ChangeArgs {
    /// The mode the `--check` and `--diff` switches ask for.
    fn mode(&self) -> Mode {
        match (self.check, self.diff) {
            (_, true) => Mode::Diff,
            (true, false) => Mode::Check,
            (false, false) => Mode::Write,
        }
    }
}

impl FmtArgs {
    pub fn job(self) -> Job {
        Job {
            task: Task::Format,
            mode: self.change.mode(),
            paths: self.paths,
            quiet: self.change.quiet,
            unsafe_fixes: false,
            rules: None,
            output: None,
            style: self.style,
            common: self.common,
        }
    }
}

impl CheckArgs {
    pub fn job(self) -> Job {
        // `check --fix` and `check --diff` are `fix` and `fix --diff`.
        let (task, mode) = match (self.fix, self.diff) {
            (_, true) => (Task::Fix, Mode::Diff),
            (true, false) => (Task::Fix, Mode::Write),
            (false, false) => (Task::Check, Mode::Check),
        };
        Job {
            task,
            mode,
            paths: self.paths,
            quiet: self.quiet,
            unsafe_fixes: self.unsafe_fixes,
            rules: Some(self.rules),
            output: Some(self.output),
            style: self.style,
            common: self.common,
        }
    }
}

impl FixArgs {
    pub fn job(self) -> Job {
        Job {
            task: Task::Fix,
            mode: self.change.mode(),
            paths: self.paths,
            quiet: self.change.quiet,
            unsafe_fixes: self.unsafe_fixes,
            rules: Some(self.rules),
            output: Some(self.output),
            style: self.style,
            common: self.common,
        }
    }
}
