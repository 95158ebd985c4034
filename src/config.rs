//! `dockfix.toml`: finding the configuration of each Dockerfile, reading it, and the
//! settings it gives.
//!
//! # Where the configuration comes from
//!
//! For each Dockerfile, dockfix looks for `dockfix.toml` or `.dockfix.toml` in the
//! Dockerfile's folder, then in each parent folder, stopping after the filesystem root or
//! after a folder that contains `.git` (the repository root). The nearest file wins; it is
//! not merged with files farther up unless it says so with `extend`. Both names in one
//! folder is an error. Without any file, the defaults apply.
//!
//! `extend = "../dockfix.toml"` (a path relative to the file that says it) inherits the
//! settings of another file, which may extend another in turn; a cycle is an error. A
//! setting of the nearer file replaces the inherited one; `[per-file-ignores]`, `[files]`
//! lists and `[[context]]` are replaced as a whole (their patterns are relative to the file
//! that wrote them), while `[pins]` merge image by image.
//!
//! On the command line, `--config PATH` uses that file (and what it extends) for every
//! Dockerfile instead of looking for one, and `--config 'KEY = VALUE'` (a TOML fragment
//! such as `format.indent = "tab"` or `rules.ignore = ["DF101"]`) overrides a setting on
//! top of whichever file applies; several are applied in order, and the last wins.
//! A `--config` value that names an existing file is a file; one containing `=` is a
//! fragment; anything else is an error.
//!
//! # The schema
//!
//! ```toml
//! extend = "../dockfix.toml"        # inherit from another file (relative to this one)
//!
//! [rules]
//! select = ["DF1", "DF301"]         # run only these: codes, code prefixes or names
//! ignore = ["DF104"]                # never run these
//! unsafe-fixes = false              # `dockfix fix` applies unsafe fixes too
//!
//! [per-file-ignores]                # pattern -> rules not run on the files it matches
//! "legacy/**" = ["DF101"]
//! "Dockerfile.dev" = ["merge-runs"]
//!
//! [format]
//! indent = 4                        # 1-16 spaces, or "tab"
//! operator-position = "start"       # "start" | "end" | "preserve"
//!
//! [files]
//! include = ["*.dockerfile.in"]     # more files to treat as Dockerfiles
//! exclude = ["vendor"]              # files and folders to leave alone
//!
//! [[context]]                       # the build context of Dockerfiles not built from
//! dockerfile = "services/*/Dockerfile"  # their own folder; the first match wins
//! path = "."
//!
//! [pins]                            # image (`name` or `name:tag`) -> reference with a
//! "node:20" = "node:20@sha256:<64 hex digits>"  # digest, for DF501 pin-base-image
//! ```
//!
//! Every key is optional; an unknown key, a value of the wrong type, a rule that does
//! not exist, a pattern that does not compile, a context folder that does not exist, or a
//! pin without a digest or for another image is an error naming the file, `line:column` and the key:
//! `dockfix.toml:3:1: unknown key "selct" in [rules] (expected one of select, ignore,
//! unsafe-fixes)`.
//!
//! Patterns (`[per-file-ignores]`, `[files]`, `[[context]] dockerfile`) are globs relative
//! to the folder of the file that wrote them (of the current folder for a `--config`
//! fragment), matched like `.gitignore` lines: `*` does not cross `/`, `**` does, a
//! pattern without `/` matches a name at any depth, and a pattern that matches a folder
//! matches everything below it. Context paths are relative the same way.
//!
//! # Using it (for the command line)
//!
//! ```no_run
//! # fn main() -> Result<(), dockfix::config::ConfigError> {
//! use dockfix::config::{ConfigArguments, Resolver};
//! let cwd = std::env::current_dir().unwrap_or_default();
//! // `--config` values, as given:
//! let arguments = ConfigArguments::parse(&["format.indent = 2".to_string()], &cwd)?;
//! let resolver = Resolver::new(cwd, &arguments)?; // Sync: share it across rayon threads
//! let file = resolver.for_dockerfile(std::path::Path::new("services/api/Dockerfile"))?;
//! let _ = (file.settings, file.context);
//! # Ok(()) }
//! ```
//!
//! `Resolver::for_dockerfile` is cheap after the first call in a folder: each folder's
//! answer and each file's parsed content are cached, so a tree of thousands of Dockerfiles
//! reads each configuration file once. A broken configuration file is reported (as the
//! same error) for every Dockerfile it applies to; callers print it once. While walking a
//! tree, `Resolver::is_excluded` and `Resolver::is_included` tell which paths `[files]`
//! leaves out or adds.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::format::{FormatOptions, Indent, OperatorPosition};
use crate::settings::Settings;
use crate::syntax::{LineCol, LineIndex};

/// The names a configuration file can have, in the order they are looked for.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["dockfix.toml", ".dockfix.toml"];

/// Where a piece of configuration text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A configuration file (as shown to the user: relative to the current folder when
    /// it is below it).
    File(PathBuf),
    /// A `--config 'key = value'` fragment.
    Override(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Override(text) => write!(f, "--config {text:?}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A configuration file that cannot be read.
    #[error("{}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    /// Bad TOML, an unknown key or a bad value, at a position of a file or fragment.
    #[error("{origin}:{at}: {message}")]
    Invalid {
        origin: Origin,
        at: LineCol,
        message: String,
    },
    /// `dockfix.toml` and `.dockfix.toml` in one folder.
    #[error("{} and {} are both there; keep one", first.display(), second.display())]
    TwoFiles { first: PathBuf, second: PathBuf },
    /// A `--config` value that is neither a file nor a fragment, or a second file.
    #[error("--config {value:?}: {message}")]
    Argument { value: String, message: String },
}

/// What one `--config` value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigArgument {
    /// A configuration file to use instead of looking for one.
    File(PathBuf),
    /// A TOML fragment (`format.indent = "tab"`) applied on top.
    Override(String),
}

impl ConfigArgument {
    /// Tell a file from a fragment the way ruff does: a value naming an existing file
    /// (relative to `cwd`) is a file, one containing `=` is a TOML fragment.
    pub fn classify(value: &str, cwd: &Path) -> Result<Self, ConfigError> {
        let path = Path::new(value);
        if !value.is_empty() && cwd.join(path).is_file() {
            return Ok(ConfigArgument::File(path.to_path_buf()));
        }
        if value.contains('=') {
            return Ok(ConfigArgument::Override(value.to_string()));
        }
        let message = if value.ends_with(".toml") || value.contains(['/', '\\']) {
            "no such file".to_string()
        } else {
            "neither an existing file nor a `key = value` TOML fragment \
             (such as `format.indent = \"tab\"`)"
                .to_string()
        };
        Err(ConfigError::Argument {
            value: value.to_string(),
            message,
        })
    }
}

/// Every `--config` value of a command line, sorted out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigArguments {
    /// `--config PATH`: at most one.
    pub file: Option<PathBuf>,
    /// `--config 'key = value'` fragments, in the order given.
    pub overrides: Vec<String>,
}

impl ConfigArguments {
    /// Sort `--config` values (paths relative to `cwd`) into a file and fragments.
    pub fn parse(values: &[String], cwd: &Path) -> Result<Self, ConfigError> {
        let mut arguments = ConfigArguments::default();
        for value in values {
            match ConfigArgument::classify(value, cwd)? {
                ConfigArgument::File(path) => {
                    if let Some(first) = &arguments.file {
                        return Err(ConfigError::Argument {
                            value: value.clone(),
                            message: format!(
                                "a second configuration file ({} was given first); give one",
                                first.display()
                            ),
                        });
                    }
                    arguments.file = Some(path);
                }
                ConfigArgument::Override(text) => arguments.overrides.push(text),
            }
        }
        Ok(arguments)
    }
}

/// The settings of one Dockerfile: plain data for the fix loop and the command line.
#[derive(Debug, Clone)]
pub struct FileSettings {
    /// Rules, fixes and style, with the file's `[per-file-ignores]` added to `ignore`.
    pub settings: Settings,
    /// The build context folder: a `[[context]]` override, or the Dockerfile's folder.
    pub context: PathBuf,
    /// The `[files]` patterns that applied to the Dockerfile's folder.
    pub files: FileFilter,
    /// The configuration file that applied (the nearest one, or `--config PATH`);
    /// `None` when only defaults and fragments did.
    pub config: Option<PathBuf>,
}

/// `[files] include` and `exclude`, compiled, with the folder they are relative to.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    include: Option<Arc<PatternList<()>>>,
    exclude: Option<Arc<PatternList<()>>>,
    cwd: Arc<PathBuf>,
}

impl FileFilter {
    /// Whether `path` (a file or folder, relative to the current folder or absolute) is
    /// matched by an `include` pattern: a file to treat as a Dockerfile whatever its name.
    pub fn is_included(&self, path: &Path) -> bool {
        let absolute = absolute(&self.cwd, path);
        self.include
            .as_ref()
            .is_some_and(|list| !list.matching(&absolute).is_empty())
    }

    /// Whether `path` (or a folder it is in) is matched by an `exclude` pattern.
    pub fn is_excluded(&self, path: &Path) -> bool {
        let absolute = absolute(&self.cwd, path);
        self.exclude
            .as_ref()
            .is_some_and(|list| !list.matching(&absolute).is_empty())
    }

    /// The `include` patterns as written.
    pub fn include_patterns(&self) -> &[String] {
        self.include.as_ref().map_or(&[], |list| &list.patterns)
    }

    /// The `exclude` patterns as written.
    pub fn exclude_patterns(&self) -> &[String] {
        self.exclude.as_ref().map_or(&[], |list| &list.patterns)
    }
}

/// The configuration that applies to the Dockerfiles of a folder: a file with what it
/// extends and the fragments on top, merged and compiled.
#[derive(Debug)]
pub struct Config {
    /// The configuration file (the nearest, or `--config PATH`); `None` for defaults.
    pub path: Option<PathBuf>,
    /// Rules, fixes and style, before `[per-file-ignores]`.
    pub settings: Settings,
    pub files: FileFilter,
    per_file_ignores: Option<Arc<PatternList<Vec<String>>>>,
    context: Option<Arc<PatternList<PathBuf>>>,
}

impl Config {
    /// The settings of the Dockerfile at `path` (as given) whose absolute path is `absolute`.
    fn settings_for(&self, path: &Path, absolute: &Path, cwd: &Path) -> FileSettings {
        let mut settings = self.settings.clone();
        if let Some(list) = &self.per_file_ignores {
            for index in list.matching(absolute) {
                for rule in &list.values[index] {
                    if !settings.ignore.contains(rule) {
                        settings.ignore.push(rule.clone());
                    }
                }
            }
        }
        let overridden = self.context.as_ref().and_then(|list| {
            let first = *list.matching(absolute).first()?;
            Some(shown(cwd, &list.values[first]))
        });
        let context = overridden.unwrap_or_else(|| {
            path.parent()
                .filter(|folder| !folder.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        });
        FileSettings {
            settings,
            context,
            files: self.files.clone(),
            config: self.path.clone(),
        }
    }
}

/// Finds, reads, caches and merges configuration. `Sync`: one resolver serves every
/// thread of a run.
pub struct Resolver {
    cwd: Arc<PathBuf>,
    /// `--config PATH`, absolute.
    explicit: Option<PathBuf>,
    overrides: Vec<Layer>,
    /// Parsed files by canonical path.
    files: Cache<Result<Arc<LoadedFile>, ConfigError>>,
    /// The configuration of each folder looked at.
    folders: Cache<Result<Arc<Config>, ConfigError>>,
    /// Defaults and fragments, for folders without a file (and for `--config PATH`).
    fallback: OnceLock<Result<Arc<Config>, ConfigError>>,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver")
            .field("cwd", &self.cwd)
            .field("explicit", &self.explicit)
            .field("overrides", &self.overrides.len())
            .finish_non_exhaustive()
    }
}

impl Resolver {
    /// A resolver for paths relative to `cwd` (the process's current folder). The
    /// fragments are checked and a `--config PATH` file is read now, so their errors come
    /// before any Dockerfile is processed.
    pub fn new(cwd: PathBuf, arguments: &ConfigArguments) -> Result<Self, ConfigError> {
        let cwd = Arc::new(normalize(&cwd));
        let mut overrides = Vec::new();
        for text in &arguments.overrides {
            let origin = Origin::Override(text.clone());
            overrides.push(Layer::parse(text, &origin, &cwd, &cwd)?);
        }
        let resolver = Resolver {
            explicit: arguments.file.as_ref().map(|path| absolute(&cwd, path)),
            cwd,
            overrides,
            files: Cache::default(),
            folders: Cache::default(),
            fallback: OnceLock::new(),
        };
        if let Some(path) = &resolver.explicit {
            resolver.folder_config(path)?;
        }
        Ok(resolver)
    }

    /// The settings of the Dockerfile at `path` (relative to the current folder, or
    /// absolute; it need not exist, e.g. `--stdin-filename`).
    pub fn for_dockerfile(&self, path: &Path) -> Result<FileSettings, ConfigError> {
        let absolute = absolute(&self.cwd, path);
        let folder = absolute.parent().unwrap_or(&absolute);
        let config = self.for_folder(folder)?;
        Ok(config.settings_for(path, &absolute, &self.cwd))
    }

    /// The configuration that applies to the Dockerfiles in `folder` (for standard input
    /// without a file name, pass the current folder).
    pub fn for_folder(&self, folder: &Path) -> Result<Arc<Config>, ConfigError> {
        match &self.explicit {
            Some(path) => self.folder_config(path),
            None => self.folder_config(&absolute(&self.cwd, folder)),
        }
    }

    /// Whether the walk should leave `path` (a file or a folder) out: `[files] exclude` of
    /// the configuration of the folder it is in.
    pub fn is_excluded(&self, path: &Path) -> Result<bool, ConfigError> {
        let absolute = absolute(&self.cwd, path);
        let folder = absolute.parent().unwrap_or(&absolute);
        Ok(self.for_folder(folder)?.files.is_excluded(&absolute))
    }

    /// Whether `path` is a Dockerfile by `[files] include`, whatever its name.
    pub fn is_included(&self, path: &Path) -> Result<bool, ConfigError> {
        let absolute = absolute(&self.cwd, path);
        let folder = absolute.parent().unwrap_or(&absolute);
        Ok(self.for_folder(folder)?.files.is_included(&absolute))
    }

    /// The configuration of an absolute folder, or of the `--config PATH` file when the
    /// path is that file; cached.
    fn folder_config(&self, folder: &Path) -> Result<Arc<Config>, ConfigError> {
        self.folders.get_or_init(folder, || {
            if self.explicit.as_deref() == Some(folder) {
                return self.config_from(folder);
            }
            if let Some(file) = self.file_in(folder)? {
                return self.config_from(&file);
            }
            match folder.parent() {
                Some(parent) if !folder.join(".git").exists() => self.folder_config(parent),
                _ => self.fallback(),
            }
        })
    }

    /// The configuration file directly in `folder`, if any.
    fn file_in(&self, folder: &Path) -> Result<Option<PathBuf>, ConfigError> {
        let mut found = CONFIG_FILE_NAMES
            .iter()
            .map(|name| folder.join(name))
            .filter(|path| path.is_file());
        let first = found.next();
        if let (Some(first), Some(second)) = (&first, found.next()) {
            return Err(ConfigError::TwoFiles {
                first: shown(&self.cwd, first),
                second: shown(&self.cwd, &second),
            });
        }
        Ok(first)
    }

    fn fallback(&self) -> Result<Arc<Config>, ConfigError> {
        self.fallback
            .get_or_init(|| self.compile(None, Layer::default()))
            .clone()
    }

    /// The configuration of `path` and what it extends, with the fragments on top.
    fn config_from(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        let mut chain: Vec<Arc<LoadedFile>> = Vec::new();
        let mut next = Some((path.to_path_buf(), None::<(Arc<LoadedFile>, Range<usize>)>));
        while let Some((path, extended_by)) = next.take() {
            let file = self.file(&path)?;
            if chain.iter().any(|f| f.canonical == file.canonical) {
                let names: Vec<String> = chain
                    .iter()
                    .chain([&file])
                    .map(|f| shown(&self.cwd, &f.path).display().to_string())
                    .collect();
                let message = format!("extend makes a cycle: {}", names.join(" -> "));
                return Err(match extended_by {
                    Some((by, span)) => by.error(span, message),
                    None => file.error(0..0, message),
                });
            }
            if let Some(extend) = &file.layer.extend {
                next = Some((
                    extend.path.clone(),
                    Some((file.clone(), extend.span.clone())),
                ));
            }
            chain.push(file);
        }
        // The farthest file first, so that nearer ones replace what it sets.
        let mut layer = Layer::default();
        for file in chain.iter().rev() {
            layer.merge(&file.layer);
        }
        self.compile(Some(shown(&self.cwd, path)), layer)
    }

    /// `layer` with the fragments on top, as a `Config`.
    fn compile(&self, path: Option<PathBuf>, mut layer: Layer) -> Result<Arc<Config>, ConfigError> {
        for fragment in &self.overrides {
            layer.merge(fragment);
        }
        let defaults = FormatOptions::default();
        Ok(Arc::new(Config {
            path,
            settings: Settings {
                select: layer.select.unwrap_or_default(),
                ignore: layer.ignore.unwrap_or_default(),
                unsafe_fixes: layer.unsafe_fixes.unwrap_or(false),
                style: FormatOptions {
                    indent: layer.indent.unwrap_or(defaults.indent),
                    operator_position: layer
                        .operator_position
                        .unwrap_or(defaults.operator_position),
                },
                pins: Arc::new(layer.pins),
            },
            files: FileFilter {
                include: layer.include,
                exclude: layer.exclude,
                cwd: self.cwd.clone(),
            },
            per_file_ignores: layer.per_file_ignores,
            context: layer.context,
        }))
    }

    /// A configuration file, read and checked once.
    fn file(&self, path: &Path) -> Result<Arc<LoadedFile>, ConfigError> {
        let read_error = |error: std::io::Error| ConfigError::Read {
            path: shown(&self.cwd, path),
            message: error.to_string(),
        };
        let canonical = std::fs::canonicalize(path).map_err(read_error)?;
        self.files.get_or_init(&canonical, || {
            let text = std::fs::read_to_string(path).map_err(read_error)?;
            let origin = Origin::File(shown(&self.cwd, path));
            let folder = path.parent().unwrap_or(path);
            let layer = Layer::parse(&text, &origin, folder, &self.cwd)?;
            Ok(Arc::new(LoadedFile {
                path: path.to_path_buf(),
                canonical: canonical.clone(),
                text,
                origin,
                layer,
            }))
        })
    }
}

/// Values computed once per key, without holding a lock while computing: each key has its
/// own cell, so threads wait only for the key they need.
struct Cache<V> {
    cells: Mutex<HashMap<PathBuf, Arc<OnceLock<V>>>>,
}

impl<V> Default for Cache<V> {
    fn default() -> Self {
        Cache {
            cells: Mutex::new(HashMap::new()),
        }
    }
}

impl<V: Clone> Cache<V> {
    fn get_or_init(&self, key: &Path, init: impl FnOnce() -> V) -> V {
        let cell = {
            // A panic elsewhere cannot leave the map half-written: insertions are whole.
            let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
            cells.entry(key.to_path_buf()).or_default().clone()
        };
        cell.get_or_init(init).clone()
    }
}

/// A configuration file as read.
#[derive(Debug)]
struct LoadedFile {
    /// Absolute (not resolving symlinks), as found.
    path: PathBuf,
    /// For telling files apart in an `extend` chain.
    canonical: PathBuf,
    text: String,
    origin: Origin,
    layer: Layer,
}

impl LoadedFile {
    fn error(&self, span: Range<usize>, message: String) -> ConfigError {
        Source::new(&self.origin, &self.text).error(span, message)
    }
}

/// What one file or fragment sets, checked and with its paths resolved.
#[derive(Debug, Clone, Default)]
struct Layer {
    extend: Option<Extend>,
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    unsafe_fixes: Option<bool>,
    indent: Option<Indent>,
    operator_position: Option<OperatorPosition>,
    per_file_ignores: Option<Arc<PatternList<Vec<String>>>>,
    include: Option<Arc<PatternList<()>>>,
    exclude: Option<Arc<PatternList<()>>>,
    context: Option<Arc<PatternList<PathBuf>>>,
    pins: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
struct Extend {
    /// Absolute path of the file extended.
    path: PathBuf,
    span: Range<usize>,
}

impl Layer {
    /// What `nearer` sets replaces what `self` has; pins merge.
    fn merge(&mut self, nearer: &Layer) {
        fn replace<T: Clone>(value: &mut Option<T>, nearer: &Option<T>) {
            if nearer.is_some() {
                value.clone_from(nearer);
            }
        }
        replace(&mut self.select, &nearer.select);
        replace(&mut self.ignore, &nearer.ignore);
        replace(&mut self.unsafe_fixes, &nearer.unsafe_fixes);
        replace(&mut self.indent, &nearer.indent);
        replace(&mut self.operator_position, &nearer.operator_position);
        replace(&mut self.per_file_ignores, &nearer.per_file_ignores);
        replace(&mut self.include, &nearer.include);
        replace(&mut self.exclude, &nearer.exclude);
        replace(&mut self.context, &nearer.context);
        self.pins
            .extend(nearer.pins.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    /// Parse and check `text`; patterns and paths are relative to `folder`.
    fn parse(text: &str, origin: &Origin, folder: &Path, cwd: &Path) -> Result<Layer, ConfigError> {
        let source = Source::new(origin, text);
        let raw: RawConfig = toml::from_str(text).map_err(|error| source.toml_error(&error))?;
        let mut layer = Layer::default();
        let rules = |list: Option<Vec<Spanned<String>>>, key: &str| {
            list.map(|list| source.rules(list, key)).transpose()
        };
        if let Some(extend) = raw.extend {
            let span = extend.span();
            if let Origin::Override(_) = origin {
                let message = "`extend` cannot be a --config fragment; use --config PATH";
                return Err(source.error(span, message.into()));
            }
            let target = absolute(folder, Path::new(extend.get_ref()));
            if extend.get_ref().is_empty() || !target.is_file() {
                let message = format!("extend: {} is not a file", shown(cwd, &target).display());
                return Err(source.error(span, message));
            }
            layer.extend = Some(Extend { path: target, span });
        }
        if let Some(section) = raw.rules {
            layer.select = rules(section.select, "rules.select")?;
            layer.ignore = rules(section.ignore, "rules.ignore")?;
            layer.unsafe_fixes = section.unsafe_fixes;
        }
        if let Some(table) = raw.per_file_ignores {
            let mut entries = Vec::new();
            for (pattern, list) in table {
                let key = format!("per-file-ignores.{:?}", pattern.get_ref());
                entries.push((pattern, source.rules(list, &key)?));
            }
            layer.per_file_ignores = Some(Arc::new(source.patterns(folder, entries)?));
        }
        if let Some(section) = raw.format {
            layer.indent = section.indent.map(|IndentValue(indent)| indent);
            layer.operator_position = section.operator_position.map(|p| match p {
                OperatorValue::Start => OperatorPosition::Start,
                OperatorValue::End => OperatorPosition::End,
                OperatorValue::Preserve => OperatorPosition::Preserve,
            });
        }
        if let Some(section) = raw.files {
            let list = |patterns: Option<Vec<Spanned<String>>>| {
                patterns
                    .map(|p| {
                        let entries = p.into_iter().map(|pattern| (pattern, ())).collect();
                        source.patterns(folder, entries).map(Arc::new)
                    })
                    .transpose()
            };
            layer.include = list(section.include)?;
            layer.exclude = list(section.exclude)?;
        }
        if let Some(overrides) = raw.context {
            let mut entries = Vec::new();
            for entry in overrides {
                let path = absolute(folder, Path::new(entry.path.get_ref()));
                if !path.is_dir() {
                    let message = format!(
                        "context.path: {} is not a folder",
                        shown(cwd, &path).display()
                    );
                    return Err(source.error(entry.path.span(), message));
                }
                entries.push((entry.dockerfile, path));
            }
            layer.context = Some(Arc::new(source.patterns(folder, entries)?));
        }
        for (image, reference) in raw.pins.unwrap_or_default() {
            source.pin(&image, &reference)?;
            layer
                .pins
                .insert(image.into_inner(), reference.into_inner());
        }
        Ok(layer)
    }
}

/// The text of a file or fragment, for turning byte spans into `line:column` errors.
struct Source<'a> {
    origin: &'a Origin,
    text: &'a str,
}

impl<'a> Source<'a> {
    fn new(origin: &'a Origin, text: &'a str) -> Self {
        Source { origin, text }
    }

    fn error(&self, span: Range<usize>, message: String) -> ConfigError {
        let lines = LineIndex::new(self.text);
        ConfigError::Invalid {
            origin: self.origin.clone(),
            at: lines.line_col(self.text, span.start),
            message,
        }
    }

    /// A TOML syntax or schema error, with the key it is about.
    fn toml_error(&self, error: &toml::de::Error) -> ConfigError {
        let span = error.span().unwrap_or(0..0);
        let path = toml::de::DeTable::parse(self.text)
            .map(|table| key_path(table.get_ref(), &span))
            .unwrap_or_default();
        self.error(span, describe(error.message(), &path))
    }

    /// Rule selectors, each of which must pick a rule.
    fn rules(&self, list: Vec<Spanned<String>>, key: &str) -> Result<Vec<String>, ConfigError> {
        list.into_iter()
            .map(|selector| {
                if crate::passes::is_known_selector(selector.get_ref()) {
                    return Ok(selector.into_inner());
                }
                let message = format!(
                    "{key}: unknown rule {:?} (see `dockfix rule --all`)",
                    selector.get_ref()
                );
                Err(self.error(selector.span(), message))
            })
            .collect()
    }

    /// Compile patterns relative to `folder`, each with its value.
    fn patterns<T>(
        &self,
        folder: &Path,
        entries: Vec<(Spanned<String>, T)>,
    ) -> Result<PatternList<T>, ConfigError> {
        let mut set = GlobSetBuilder::new();
        let mut patterns = Vec::new();
        let mut values = Vec::new();
        for (pattern, value) in entries {
            let glob = gitignore_glob(pattern.get_ref())
                .and_then(|glob| {
                    GlobBuilder::new(&glob)
                        .literal_separator(true)
                        .backslash_escape(true)
                        .build()
                        .map_err(|error| error.kind().to_string())
                })
                .map_err(|reason| {
                    let message = format!("invalid pattern {:?}: {reason}", pattern.get_ref());
                    self.error(pattern.span(), message)
                })?;
            set.add(glob);
            patterns.push(pattern.into_inner());
            values.push(value);
        }
        let set = set
            .build()
            .map_err(|error| self.error(0..0, format!("invalid patterns: {error}")))?;
        Ok(PatternList {
            base: folder.to_path_buf(),
            patterns,
            set,
            values,
        })
    }

    /// A pin: an image name, and a reference with a digest.
    fn pin(&self, image: &Spanned<String>, reference: &Spanned<String>) -> Result<(), ConfigError> {
        let name = image.get_ref();
        if name.is_empty() || name.contains(char::is_whitespace) || name.contains('@') {
            let message = format!("pins: {name:?} is not an image name");
            return Err(self.error(image.span(), message));
        }
        let digest = reference.get_ref().rsplit_once('@').map(|(_, d)| d);
        let valid = digest
            .and_then(|d| d.split_once(':'))
            .is_some_and(|(algorithm, hex)| {
                let length = match algorithm {
                    "sha256" => 64,
                    "sha512" => 128,
                    _ => return false,
                };
                hex.len() == length && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            });
        if !valid {
            let message = format!(
                "pins.{name:?}: {:?} has no digest (expected `image:tag@sha256:<64 hex digits>`)",
                reference.get_ref()
            );
            return Err(self.error(reference.span(), message));
        }
        if !crate::passes::pin_base_image::same_image(name, reference.get_ref()) {
            let message = format!("pins.{name:?}: {:?} is another image", reference.get_ref());
            return Err(self.error(reference.span(), message));
        }
        Ok(())
    }
}

/// Patterns with the folder they are relative to, and a value for each.
#[derive(Debug)]
struct PatternList<T> {
    base: PathBuf,
    /// As written.
    patterns: Vec<String>,
    set: GlobSet,
    values: Vec<T>,
}

impl<T> PatternList<T> {
    /// Indices of the patterns matching the absolute `path` or one of its folders below
    /// `base`, ascending.
    fn matching(&self, path: &Path) -> Vec<usize> {
        let Ok(relative) = path.strip_prefix(&self.base) else {
            return Vec::new();
        };
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let mut found = Vec::new();
        let mut prefix = String::new();
        for part in parts {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(&part);
            found.extend(self.set.matches(&prefix));
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// A `.gitignore`-style pattern as a glob over paths relative to its folder.
fn gitignore_glob(pattern: &str) -> Result<String, String> {
    let trimmed = pattern.trim_start_matches("./").trim_start_matches('/');
    let trimmed = trimmed.trim_end_matches('/');
    if trimmed.is_empty() {
        return Err("empty pattern".into());
    }
    // Without a slash, a pattern names a file or folder at any depth.
    let anchored = pattern.trim_end_matches('/').contains('/');
    Ok(if anchored {
        trimmed.to_string()
    } else {
        format!("**/{trimmed}")
    })
}

/// The path of keys leading to what `span` points at (`["rules", "select"]`).
fn key_path(table: &toml::de::DeTable<'_>, span: &Range<usize>) -> Vec<String> {
    let overlaps = |other: Range<usize>| {
        other.start < span.end.max(span.start + 1) && span.start < other.end.max(other.start + 1)
    };
    for (key, value) in table.iter() {
        if overlaps(key.span()) {
            return vec![key.get_ref().to_string()];
        }
        let inner = match value.get_ref() {
            toml::de::DeValue::Table(inner) => key_path(inner, span),
            toml::de::DeValue::Array(array) => array
                .iter()
                .filter_map(|item| match item.get_ref() {
                    toml::de::DeValue::Table(inner) => Some(key_path(inner, span)),
                    _ => None,
                })
                .find(|path| !path.is_empty())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if !inner.is_empty() || overlaps(value.span()) {
            let mut path = vec![key.get_ref().to_string()];
            path.extend(inner);
            return path;
        }
    }
    Vec::new()
}

/// A serde message in the words of this file: keys, not fields, and where they are.
fn describe(message: &str, path: &[String]) -> String {
    let dotted = |keys: &[String]| {
        keys.iter()
            .map(|key| {
                let bare = !key.is_empty()
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                if bare {
                    key.clone()
                } else {
                    format!("{key:?}")
                }
            })
            .collect::<Vec<_>>()
            .join(".")
    };
    if let Some((key, expected)) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
    {
        let table = &path[..path.len().saturating_sub(1)];
        let place = if table.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in [{}]", dotted(table))
        };
        let expected = expected.trim_start_matches(", ").replace('`', "");
        return format!("unknown key {key:?} {place} ({expected})");
    }
    let message = message.replace("missing field", "missing key");
    if path.is_empty() {
        message
    } else {
        format!("{}: {message}", dotted(path))
    }
}

/// `path` made absolute against `base`, with `.` and `..` resolved as text (symlinks are
/// kept, as the user wrote them).
fn absolute(base: &Path, path: &Path) -> PathBuf {
    normalize(&base.join(path))
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A path as shown in messages: relative to `cwd` when below it.
fn shown(cwd: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

// The schema, as serde reads it. Every key is optional so that files and fragments can
// set only what they change.

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    extend: Option<Spanned<String>>,
    rules: Option<RawRules>,
    per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    format: Option<RawFormat>,
    files: Option<RawFiles>,
    context: Option<Vec<RawContext>>,
    pins: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRules {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    unsafe_fixes: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFormat {
    indent: Option<IndentValue>,
    operator_position: Option<OperatorValue>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum OperatorValue {
    Start,
    End,
    Preserve,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFiles {
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawContext {
    dockerfile: Spanned<String>,
    path: Spanned<String>,
}

/// `indent = 4` or `indent = "tab"`.
#[derive(Debug)]
struct IndentValue(Indent);

impl<'de> Deserialize<'de> for IndentValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        const EXPECTED: &str = "a number of spaces (1-16) or \"tab\"";
        impl serde::de::Visitor<'_> for Visitor {
            type Value = IndentValue;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(EXPECTED)
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<IndentValue, E> {
                match u8::try_from(value) {
                    Ok(n @ 1..=16) => Ok(IndentValue(Indent::Spaces(n))),
                    _ => Err(E::custom(format!("expected {EXPECTED}, not {value}"))),
                }
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<IndentValue, E> {
                if value.eq_ignore_ascii_case("tab") {
                    return Ok(IndentValue(Indent::Tab));
                }
                Err(E::custom(format!("expected {EXPECTED}, not {value:?}")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary repository (a folder with `.git`, so discovery stops there).
    struct Tree {
        root: tempfile::TempDir,
    }

    impl Tree {
        fn new() -> Self {
            let root = tempfile::tempdir().expect("temporary folder");
            std::fs::create_dir(root.path().join(".git")).expect("create .git");
            Tree { root }
        }

        fn path(&self, relative: &str) -> PathBuf {
            self.root.path().join(relative)
        }

        fn write(&self, relative: &str, text: &str) -> &Self {
            let path = self.path(relative);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
            std::fs::write(path, text).expect("write");
            self
        }

        fn resolver(&self, values: &[&str]) -> Result<Resolver, ConfigError> {
            let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            let cwd = self.root.path().to_path_buf();
            Resolver::new(cwd.clone(), &ConfigArguments::parse(&values, &cwd)?)
        }

        fn settings(&self, dockerfile: &str) -> FileSettings {
            self.resolver(&[])
                .expect("resolver")
                .for_dockerfile(Path::new(dockerfile))
                .expect("settings")
        }

        fn error(&self, dockerfile: &str) -> String {
            self.resolver(&[])
                .expect("resolver")
                .for_dockerfile(Path::new(dockerfile))
                .expect_err("an error")
                .to_string()
        }
    }

    #[test]
    fn resolver_is_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Resolver>();
        shared::<FileSettings>();
    }

    #[test]
    fn defaults_without_a_file() {
        let tree = Tree::new();
        let file = tree.settings("Dockerfile");
        assert!(file.config.is_none());
        assert!(file.settings.select.is_empty() && file.settings.ignore.is_empty());
        assert_eq!(file.settings.style, FormatOptions::default());
        assert_eq!(file.context, PathBuf::from("."));
    }

    #[test]
    fn nearest_file_wins_without_merging() {
        let tree = Tree::new();
        tree.write(
            "dockfix.toml",
            "[rules]\nignore = [\"DF101\"]\n[format]\nindent = 2\n",
        )
        .write("services/api/.dockfix.toml", "[format]\nindent = \"tab\"\n");
        let api = tree.settings("services/api/Dockerfile");
        assert_eq!(api.settings.style.indent, Indent::Tab);
        assert!(
            api.settings.ignore.is_empty(),
            "the root file is not merged"
        );
        assert_eq!(
            api.config,
            Some(PathBuf::from("services/api/.dockfix.toml"))
        );
        let web = tree.settings("services/web/Dockerfile");
        assert_eq!(web.settings.style.indent, Indent::Spaces(2));
        assert_eq!(web.settings.ignore, ["DF101"]);
        assert_eq!(web.context, PathBuf::from("services/web"));
    }

    #[test]
    fn discovery_stops_at_the_repository_root() {
        let tree = Tree::new();
        tree.write("dockfix.toml", "[format]\nindent = 2\n")
            .write("vendored/.git/HEAD", "")
            .write("vendored/Dockerfile", "");
        assert_eq!(tree.settings("vendored/Dockerfile").config, None);
    }

    #[test]
    fn extend_chain_inherits_and_overrides() {
        let tree = Tree::new();
        tree.write(
            "dockfix.toml",
            "[rules]\nignore = [\"DF101\"]\nunsafe-fixes = true\n[pins]\nnode = \"node:20@sha256:0000000000000000000000000000000000000000000000000000000000000000\"\n",
        )
        .write(
            "services/dockfix.toml",
            "extend = \"../dockfix.toml\"\n[format]\noperator-position = \"end\"\n",
        )
        .write(
            "services/api/dockfix.toml",
            "extend = \"../dockfix.toml\"\n[rules]\nignore = [\"DF102\"]\n[pins]\npython = \"python:3.12@sha256:1111111111111111111111111111111111111111111111111111111111111111\"\n",
        );
        let file = tree.settings("services/api/Dockerfile");
        assert_eq!(file.settings.ignore, ["DF102"], "the nearer list replaces");
        assert!(file.settings.unsafe_fixes, "inherited from the root");
        assert_eq!(file.settings.style.operator_position, OperatorPosition::End);
        assert_eq!(
            file.settings.pins.keys().collect::<Vec<_>>(),
            ["node", "python"],
            "pins merge"
        );
    }

    #[test]
    fn extend_cycle_is_an_error() {
        let tree = Tree::new();
        tree.write("a/dockfix.toml", "extend = \"../b/dockfix.toml\"\n")
            .write("b/dockfix.toml", "\nextend = \"../a/dockfix.toml\"\n");
        let message = tree.error("a/Dockerfile");
        assert_eq!(
            message,
            "b/dockfix.toml:2:10: extend makes a cycle: a/dockfix.toml -> b/dockfix.toml -> a/dockfix.toml"
        );
        let message = tree.error("a/sub/Dockerfile");
        assert!(message.contains("cycle"), "{message}");
    }

    #[test]
    fn extend_to_itself_is_a_cycle() {
        let tree = Tree::new();
        tree.write("dockfix.toml", "extend = \"./dockfix.toml\"\n");
        assert!(tree.error("Dockerfile").contains("extend makes a cycle"));
    }

    #[test]
    fn extend_of_a_missing_file_is_an_error() {
        let tree = Tree::new();
        tree.write("dockfix.toml", "extend = \"base.toml\"\n");
        assert_eq!(
            tree.error("Dockerfile"),
            "dockfix.toml:1:10: extend: base.toml is not a file"
        );
    }

    #[test]
    fn per_file_ignores_match_like_gitignore() {
        let tree = Tree::new();
        tree.write(
            "dockfix.toml",
            "[rules]\nignore = [\"DF104\"]\n[per-file-ignores]\n\"legacy/**\" = [\"DF101\"]\n\"Dockerfile.dev\" = [\"merge-runs\", \"DF3\"]\n\"tools\" = [\"DF102\"]\n",
        );
        let legacy = tree.settings("legacy/old/Dockerfile");
        assert_eq!(legacy.settings.ignore, ["DF104", "DF101"]);
        let dev = tree.settings("app/Dockerfile.dev");
        assert_eq!(dev.settings.ignore, ["DF104", "merge-runs", "DF3"]);
        let tools = tree.settings("src/tools/x/Dockerfile");
        assert_eq!(tools.settings.ignore, ["DF104", "DF102"]);
        let plain = tree.settings("app/Dockerfile");
        assert_eq!(plain.settings.ignore, ["DF104"]);
        // `*` stays within one folder.
        tree.write(
            "dockfix.toml",
            "[per-file-ignores]\n\"a/*.Dockerfile\" = [\"DF101\"]\n",
        );
        assert!(tree.settings("a/b/x.Dockerfile").settings.ignore.is_empty());
        assert_eq!(tree.settings("a/x.Dockerfile").settings.ignore, ["DF101"]);
    }

    #[test]
    fn per_file_patterns_are_relative_to_their_file() {
        let tree = Tree::new();
        tree.write(
            "dockfix.toml",
            "[per-file-ignores]\n\"api/**\" = [\"DF101\"]\n",
        )
        .write("services/dockfix.toml", "extend = \"../dockfix.toml\"\n");
        assert!(
            tree.settings("services/api/Dockerfile")
                .settings
                .ignore
                .is_empty(),
            "api/** is relative to the root, not to services/"
        );
        assert_eq!(tree.settings("api/Dockerfile").settings.ignore, ["DF101"]);
    }

    #[test]
    fn context_override_first_match_wins() {
        let tree = Tree::new();
        tree.write(
            "dockfix.toml",
            "[[context]]\ndockerfile = \"services/*/Dockerfile\"\npath = \".\"\n\n[[context]]\ndockerfile = \"services/**\"\npath = \"services\"\n",
        )
        .write("services/api/Dockerfile", "");
        assert_eq!(
            tree.settings("services/api/Dockerfile").context,
            PathBuf::from(".")
        );
        assert_eq!(
            tree.settings("services/api/Dockerfile.dev").context,
            PathBuf::from("services")
        );
        assert_eq!(
            tree.settings("tools/Dockerfile").context,
            PathBuf::from("tools")
        );
    }

    #[test]
    fn context_path_must_exist() {
        let tree = Tree::new();
        tree.write(
            "dockfix.toml",
            "[[context]]\ndockerfile = \"*\"\npath = \"nowhere\"\n",
        );
        assert_eq!(
            tree.error("Dockerfile"),
            "dockfix.toml:3:8: context.path: nowhere is not a folder"
        );
    }

    #[test]
    fn inline_overrides_apply_on_top_in_order() {
        let tree = Tree::new();
        tree.write(
            "dockfix.toml",
            "[rules]\nignore = [\"DF101\"]\n[format]\nindent = 2\n",
        );
        let resolver = tree
            .resolver(&[
                "format.indent = \"tab\"",
                "rules.ignore = [\"DF102\"]",
                "rules.ignore = [\"DF103\"]",
            ])
            .expect("resolver");
        let file = resolver
            .for_dockerfile(Path::new("Dockerfile"))
            .expect("settings");
        assert_eq!(file.settings.style.indent, Indent::Tab);
        assert_eq!(file.settings.ignore, ["DF103"]);
        // Fragments apply where no file does too.
        let tree = Tree::new();
        let resolver = tree
            .resolver(&["rules.unsafe-fixes = true"])
            .expect("resolver");
        assert!(
            resolver
                .for_dockerfile(Path::new("x/Dockerfile"))
                .expect("settings")
                .settings
                .unsafe_fixes
        );
    }

    #[test]
    fn inline_override_errors_name_the_override() {
        let tree = Tree::new();
        let error = tree.resolver(&["format.indent = 99"]).expect_err("error");
        assert_eq!(
            error.to_string(),
            "--config \"format.indent = 99\":1:17: format.indent: expected a number of spaces (1-16) or \"tab\", not 99"
        );
        let error = tree.resolver(&["rules.selct = []"]).expect_err("error");
        assert_eq!(
            error.to_string(),
            "--config \"rules.selct = []\":1:7: unknown key \"selct\" in [rules] (expected one of select, ignore, unsafe-fixes)"
        );
        let error = tree.resolver(&["extend = \"x.toml\""]).expect_err("error");
        assert!(
            error.to_string().contains("cannot be a --config fragment"),
            "{error}"
        );
    }

    #[test]
    fn config_path_replaces_discovery() {
        let tree = Tree::new();
        tree.write("dockfix.toml", "[format]\nindent = 2\n")
            .write("ci/strict.toml", "[rules]\nselect = [\"DF1\"]\n");
        let resolver = tree.resolver(&["ci/strict.toml"]).expect("resolver");
        let file = resolver
            .for_dockerfile(Path::new("Dockerfile"))
            .expect("settings");
        assert_eq!(file.settings.select, ["DF1"]);
        assert_eq!(file.settings.style.indent, Indent::Spaces(4));
        assert_eq!(file.config, Some(PathBuf::from("ci/strict.toml")));
    }

    #[test]
    fn config_arguments_tell_files_from_fragments() {
        let tree = Tree::new();
        tree.write("my.toml", "").write("other.toml", "");
        let cwd = tree.root.path();
        let values = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let parsed = ConfigArguments::parse(&values(&["my.toml", "format.indent = 2"]), cwd)
            .expect("parsed");
        assert_eq!(parsed.file, Some(PathBuf::from("my.toml")));
        assert_eq!(parsed.overrides, ["format.indent = 2"]);
        let error = ConfigArguments::parse(&values(&["my.toml", "other.toml"]), cwd)
            .expect_err("two files");
        assert!(error.to_string().contains("a second configuration file"));
        let error = ConfigArguments::parse(&values(&["missing.toml"]), cwd).expect_err("missing");
        assert_eq!(error.to_string(), "--config \"missing.toml\": no such file");
        let error = ConfigArguments::parse(&values(&["indent"]), cwd).expect_err("neither");
        assert!(error.to_string().contains("neither an existing file"));
    }

    #[test]
    fn unknown_keys_are_errors_with_line_and_column() {
        let tree = Tree::new();
        tree.write(
            "dockfix.toml",
            "[format]\nindent = 2\n\n[rules]\nselct = [\"DF1\"]\n",
        );
        assert_eq!(
            tree.error("Dockerfile"),
            "dockfix.toml:5:1: unknown key \"selct\" in [rules] (expected one of select, ignore, unsafe-fixes)"
        );
        tree.write("dockfix.toml", "\n\nrule = 1\n");
        assert!(
            tree.error("Dockerfile")
                .starts_with("dockfix.toml:3:1: unknown key \"rule\" at the top level")
        );
        tree.write(
            "dockfix.toml",
            "[[context]]\ndockerfile = \"*\"\npth = \".\"\n",
        );
        assert!(
            tree.error("Dockerfile")
                .starts_with("dockfix.toml:3:1: unknown key \"pth\" in [context]")
        );
    }

    #[test]
    fn bad_values_are_errors() {
        let tree = Tree::new();
        let cases = [
            (
                "[format]\nindent = 0\n",
                "dockfix.toml:2:10: format.indent: expected a number of spaces (1-16) or \"tab\", not 0",
            ),
            (
                "[format]\nindent = \"tabs\"\n",
                "dockfix.toml:2:10: format.indent: expected a number of spaces (1-16) or \"tab\", not \"tabs\"",
            ),
            (
                "[format]\noperator-position = \"middle\"\n",
                "dockfix.toml:2:21: format.operator-position: unknown variant `middle`, expected one of `start`, `end`, `preserve`",
            ),
            (
                "[rules]\nselect = [\"DF1\", \"DF999\"]\n",
                "dockfix.toml:2:18: rules.select: unknown rule \"DF999\" (see `dockfix rule --all`)",
            ),
            (
                "[rules]\nignore = \"DF101\"\n",
                "dockfix.toml:2:10: rules.ignore: invalid type: string \"DF101\", expected a sequence",
            ),
            (
                "[rules]\nunsafe-fixes = \"yes\"\n",
                "dockfix.toml:2:16: rules.unsafe-fixes: invalid type: string \"yes\", expected a boolean",
            ),
            (
                "[per-file-ignores]\n\"a/[b\" = [\"DF101\"]\n",
                "dockfix.toml:2:1: invalid pattern \"a/[b\": unclosed character class; missing ']'",
            ),
            (
                "[per-file-ignores]\n\"a/**\" = [\"nope\"]\n",
                "dockfix.toml:2:11: per-file-ignores.\"a/**\": unknown rule \"nope\" (see `dockfix rule --all`)",
            ),
            (
                "[files]\nexclude = [\"\"]\n",
                "dockfix.toml:2:12: invalid pattern \"\": empty pattern",
            ),
            (
                "[pins]\nnode = \"node:20\"\n",
                "dockfix.toml:2:8: pins.\"node\": \"node:20\" has no digest (expected `image:tag@sha256:<64 hex digits>`)",
            ),
            (
                "[pins]\nnode = \"python:3@sha256:0000000000000000000000000000000000000000000000000000000000000000\"\n",
                "dockfix.toml:2:8: pins.\"node\": \"python:3@sha256:0000000000000000000000000000000000000000000000000000000000000000\" is another image",
            ),
            (
                "[[context]]\ndockerfile = \"x\"\n",
                "dockfix.toml:1:1: context: missing key `path`",
            ),
            ("[rules\n", "dockfix.toml:1:7: unclosed table, expected `]`"),
        ];
        for (text, expected) in cases {
            tree.write("dockfix.toml", text);
            assert_eq!(tree.error("Dockerfile"), expected, "{text}");
        }
    }

    #[test]
    fn both_file_names_in_one_folder_is_an_error() {
        let tree = Tree::new();
        tree.write("app/dockfix.toml", "")
            .write("app/.dockfix.toml", "");
        assert_eq!(
            tree.error("app/Dockerfile"),
            "app/dockfix.toml and app/.dockfix.toml are both there; keep one"
        );
    }

    #[test]
    fn files_include_and_exclude() {
        let tree = Tree::new();
        tree.write(
            "dockfix.toml",
            "[files]\ninclude = [\"*.dockerfile.in\"]\nexclude = [\"vendor\", \"build/*.Dockerfile\"]\n",
        );
        let resolver = tree.resolver(&[]).expect("resolver");
        let excluded = |p: &str| resolver.is_excluded(Path::new(p)).expect("answer");
        let included = |p: &str| resolver.is_included(Path::new(p)).expect("answer");
        assert!(excluded("vendor"));
        assert!(excluded("a/vendor/x/Dockerfile"));
        assert!(excluded("build/api.Dockerfile"));
        assert!(!excluded("build/sub/api.Dockerfile"));
        assert!(!excluded("Dockerfile"));
        assert!(included("images/base.dockerfile.in"));
        assert!(!included("images/base.in"));
        let file = resolver
            .for_dockerfile(Path::new("Dockerfile"))
            .expect("settings");
        assert_eq!(
            file.files.exclude_patterns(),
            ["vendor", "build/*.Dockerfile"]
        );
    }

    #[test]
    fn each_file_is_read_once_per_resolver() {
        let tree = Tree::new();
        tree.write("dockfix.toml", "[format]\nindent = 2\n");
        let resolver = tree.resolver(&[]).expect("resolver");
        let first = resolver.for_folder(&tree.path("a/b")).expect("config");
        // Changing the file now changes nothing: the parsed configuration is cached.
        tree.write("dockfix.toml", "[format]\nindent = 8\n");
        let second = resolver.for_folder(&tree.path("c")).expect("config");
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(second.settings.style.indent, Indent::Spaces(2));
    }

    #[test]
    fn parallel_lookups_agree() {
        use rayon::prelude::*;
        let tree = Tree::new();
        tree.write("dockfix.toml", "[format]\nindent = 3\n")
            .write("x/dockfix.toml", "extend = \"../dockfix.toml\"\n");
        let resolver = tree.resolver(&[]).expect("resolver");
        let indents: Vec<Indent> = (0..200)
            .into_par_iter()
            .map(|i| {
                let path = format!(
                    "{}/d{}/Dockerfile",
                    if i % 2 == 0 { "x" } else { "y" },
                    i % 7
                );
                resolver
                    .for_dockerfile(Path::new(&path))
                    .expect("settings")
                    .settings
                    .style
                    .indent
            })
            .collect();
        assert!(indents.iter().all(|&indent| indent == Indent::Spaces(3)));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let tree = Tree::new();
        for text in [
            "",
            "\u{FEFF}",
            "[rules]\nselect = [\"\"]\n",
            "[format]\nindent = -1\n",
            "[format]\nindent = 1e3\n",
            "[format]\nindent = 99999999999999999\n",
            "[pins]\n\"\" = \"\"\n",
            "[pins]\n\"a\" = \"b@sha256:zz\"\n",
            "rules = 1\n",
            "[[rules]]\n",
            "per-file-ignores = { \"\u{e9}/**\" = [\"DF101\"] }\n",
            "[files]\ninclude = [\"{a,b\"]\n",
            "x\u{0}= 1",
        ] {
            tree.write("dockfix.toml", text);
            let _ = tree
                .resolver(&[])
                .and_then(|r| r.for_dockerfile(Path::new("Dockerfile")));
        }
    }
}
