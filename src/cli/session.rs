//! What every file-processing command shares: configuration (`dockfix.toml`, `--config`),
//! `--exclude`, thread count, colour, and the per-file settings they give.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::Args;

use super::walk::Filter;
use crate::config::{ConfigArguments, FileSettings, Patterns, Resolver, absolute};
use crate::folders::Folders;
use crate::suppression::hadolint_config::HadolintConfigs;

/// The most worker threads `--threads` starts.
const MAX_THREADS: u16 = 512;

#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    /// A configuration file to use instead of discovering dockfix.toml, or a `KEY = VALUE`
    /// setting on top of the configuration (repeatable), e.g. --config 'format.indent = "tab"'
    #[arg(long, value_name = "PATH|KEY=VALUE")]
    pub config: Vec<String>,
    /// Leave out files and folders the walk finds that match this pattern (gitignore
    /// syntax, `!PATTERN` brings back; repeatable)
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    /// Apply the exclusions (`--exclude`, `[files] exclude`) to the paths named on the
    /// command line too, as pre-commit wants (it names every staged file)
    #[arg(long)]
    pub force_exclude: bool,
    /// Worker threads, 1-512 (default: one per core)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS as i64))]
    pub threads: Option<u16>,
    /// Skip (and report) files larger than this many bytes; every rule is linear in the
    /// file, but a file this large is rarely a Dockerfile
    #[arg(long, value_name = "BYTES", default_value_t = super::files::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
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
    cwd: PathBuf,
    /// `--exclude`, relative to the current folder; after `[files] exclude`, so its `!`
    /// lines bring back what the configuration leaves out.
    exclude: Option<Patterns>,
    pub color: bool,
    threads: Option<u16>,
    /// `--max-file-size`.
    pub max_file_size: u64,
    /// Started on first use: reading standard input needs no threads.
    pool: std::sync::OnceLock<rayon::ThreadPool>,
    hadolint: HadolintConfigs,
}

impl Session {
    pub fn new(args: &CommonArgs) -> Result<Arc<Session>> {
        let cwd = std::env::current_dir().context("reading the current folder")?;
        let arguments = ConfigArguments::parse(&args.config, &cwd)?;
        let resolver = Resolver::new(cwd.clone(), &arguments)?;
        let folders = resolver.folders();
        let exclude = if args.exclude.is_empty() {
            None
        } else {
            let patterns =
                Patterns::new(&cwd, args.exclude.iter().map(String::as_str)).map_err(|bad| {
                    anyhow::anyhow!("--exclude {:?}: {}", args.exclude[bad.index], bad.reason)
                })?;
            Some(patterns)
        };
        let color = !args.no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stdout().is_terminal();
        Ok(Arc::new(Session {
            resolver,
            cwd,
            exclude,
            color,
            threads: args.threads,
            max_file_size: args.max_file_size,
            pool: std::sync::OnceLock::new(),
            hadolint: HadolintConfigs::new(folders),
        }))
    }

    /// What the run knows of each folder's configuration and ignore files (the walk fills it).
    pub fn folders(&self) -> Arc<Folders> {
        self.resolver.folders()
    }

    /// The settings of the Dockerfile at `path`, or the configuration error (as a message).
    pub fn settings(&self, path: &Path) -> Result<FileSettings, String> {
        self.resolver
            .for_dockerfile(path)
            .map_err(|error| error.to_string())
    }

    /// Load the configuration of each path named on the command line (`-` is standard
    /// input, named by `stdin_filename`): one that does not load stops the run before any
    /// file is touched.
    pub fn check_configuration(
        &self,
        paths: &[PathBuf],
        stdin_filename: Option<&Path>,
    ) -> Result<()> {
        for path in paths {
            if path.as_os_str() == "-" {
                self.resolver
                    .for_dockerfile(stdin_filename.unwrap_or(Path::new("-")))?;
            } else if path.is_dir() {
                self.resolver.for_folder(path)?;
            } else {
                self.resolver.for_dockerfile(path)?;
            }
        }
        Ok(())
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
            .num_threads(self.threads.map_or(0, usize::from))
            // Room for the deepest nesting the lexers accept (`syntax::lex::MAX_NESTING`),
            // whatever the platform's default for new threads.
            .stack_size(WORKER_STACK)
            .build()
            .context("starting the worker threads")?;
        Ok(self.pool.get_or_init(|| pool))
    }

    /// What `--exclude` says about `path`, in the dialect of `Patterns`.
    fn flag(&self, path: &Path, is_dir: bool, with_parents: bool) -> Option<bool> {
        let patterns = self.exclude.as_ref()?;
        let absolute = absolute(&self.cwd, path);
        if with_parents {
            patterns.matches_with_parents(&absolute, is_dir)
        } else {
            patterns.matches(&absolute, is_dir)
        }
    }
}

impl Filter for Session {
    fn excluded(&self, path: &Path, is_dir: bool) -> bool {
        // A configuration error is reported when a file under it is processed.
        self.flag(path, is_dir, false)
            .unwrap_or_else(|| self.resolver.is_excluded(path, is_dir).unwrap_or(false))
    }

    fn may_exclude_in(&self, folder: &Path) -> bool {
        self.exclude.is_some() || self.resolver.may_exclude_in(folder)
    }

    fn excluded_with_parents(&self, path: &Path, is_dir: bool) -> bool {
        self.flag(path, is_dir, true).unwrap_or_else(|| {
            self.resolver
                .is_excluded_with_parents(path, is_dir)
                .unwrap_or(false)
        })
    }

    fn included(&self, path: &Path) -> bool {
        self.resolver.is_included(path).unwrap_or(false)
    }
}

/// Stack size of each worker thread.
const WORKER_STACK: usize = 32 << 20;
