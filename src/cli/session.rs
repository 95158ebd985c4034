//! What every file-processing command shares: configuration (`dockfix.toml`, `--config`),
//! `--exclude`, thread count, colour, and the per-file settings they give.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::Args;

use super::files::Filter;
use crate::config::{ConfigArguments, FileSettings, Resolver};
use crate::suppression::hadolint_config::HadolintConfigs;

#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    /// A configuration file to use instead of discovering dockfix.toml, or a `KEY = VALUE`
    /// setting on top of the configuration (repeatable), e.g. --config 'format.indent = "tab"'
    #[arg(long, value_name = "PATH|KEY=VALUE")]
    pub config: Vec<String>,
    /// Leave out files and folders matching this pattern (gitignore syntax; repeatable)
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    /// Worker threads (default: one per core)
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No colour, even on a terminal (also: the NO_COLOR environment variable)
    #[arg(long)]
    pub no_color: bool,
    /// The name of the file read from standard input, for messages, diffs and configuration
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

/// The configuration resolver and the command line's own filters for one run.
pub struct Session {
    resolver: Resolver,
    exclude: Option<ignore::gitignore::Gitignore>,
    pub color: bool,
    threads: Option<usize>,
    /// Started on first use: reading standard input needs no threads.
    pool: std::sync::OnceLock<rayon::ThreadPool>,
    hadolint: HadolintConfigs,
}

impl Session {
    pub fn new(args: &CommonArgs) -> Result<Arc<Session>> {
        let cwd = std::env::current_dir().context("reading the current folder")?;
        let arguments = ConfigArguments::parse(&args.config, &cwd)?;
        let resolver = Resolver::new(cwd.clone(), &arguments)?;
        let exclude = if args.exclude.is_empty() {
            None
        } else {
            let mut builder = ignore::gitignore::GitignoreBuilder::new(&cwd);
            for pattern in &args.exclude {
                builder
                    .add_line(None, pattern)
                    .with_context(|| format!("--exclude {pattern:?}"))?;
            }
            Some(builder.build().context("--exclude")?)
        };
        let color = !args.no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stdout().is_terminal();
        Ok(Arc::new(Session {
            resolver,
            exclude,
            color,
            threads: args.threads,
            pool: std::sync::OnceLock::new(),
            hadolint: HadolintConfigs::default(),
        }))
    }

    /// The settings of the Dockerfile at `path`, or the configuration error (as a message).
    pub fn settings(&self, path: &Path) -> Result<FileSettings, String> {
        self.resolver
            .for_dockerfile(path)
            .map_err(|error| error.to_string())
    }

    /// The settings the rules run with on the Dockerfile at `path`: `settings`, and where no
    /// dockfix configuration applies, the `ignored` list of hadolint's configuration file.
    pub fn rule_settings(&self, path: &Path) -> Result<FileSettings, String> {
        let mut file = self.settings(path)?;
        if file.config.is_none() {
            file.settings
                .ignore
                .extend(self.hadolint.ignored_for(path)?);
        }
        Ok(file)
    }

    /// The worker threads (`--threads`, or one per core).
    pub fn pool(&self) -> Result<&rayon::ThreadPool> {
        if let Some(pool) = self.pool.get() {
            return Ok(pool);
        }
        // Zero threads: rayon's default, one per core.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads.map_or(0, |threads| threads.max(1)))
            .build()
            .context("starting the worker threads")?;
        Ok(self.pool.get_or_init(|| pool))
    }
}

impl Filter for Session {
    fn excluded(&self, path: &Path, is_dir: bool) -> bool {
        // A configuration error is reported when a file under it is processed.
        let by_config = self.resolver.is_excluded(path).unwrap_or(false);
        let by_flag = self
            .exclude
            .as_ref()
            .is_some_and(|g| g.matched(path, is_dir).is_ignore());
        by_config || by_flag
    }

    fn included(&self, path: &Path) -> bool {
        self.resolver.is_included(path).unwrap_or(false)
    }
}
