//! Finding, reading, caching and merging the configuration of each Dockerfile.

use std::ffi::OsString;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use foldhash::{HashMap, HashMapExt};

use super::error::Source;
use super::layer::Layer;
use super::patterns::{PatternMap, Patterns};
use super::{
    CONFIG_FILE_NAMES, ConfigArguments, ConfigError, MAX_FILE_SIZE, Origin, absolute, normalize,
    shown,
};
use crate::folders::{Folder, Folders};
use crate::format::FormatOptions;
use crate::settings::Settings;

/// The settings of one Dockerfile: plain data for the engine and the command line.
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

/// `[files] include` and `exclude`, compiled, with the folder paths are relative to.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    include: Option<Arc<Patterns>>,
    exclude: Option<Arc<Patterns>>,
    cwd: Arc<PathBuf>,
}

impl FileFilter {
    /// Whether `path` (relative to the current folder, or absolute) is named by `include`,
    /// or is in a folder it names: a file to treat as a Dockerfile whatever its name.
    pub fn is_included(&self, path: &Path) -> bool {
        let absolute = absolute(&self.cwd, path);
        self.include
            .as_ref()
            .is_some_and(|list| list.matches_with_parents(&absolute, false) == Some(true))
    }

    /// Whether `exclude` names `path` itself: what a walk leaves out (it does not enter
    /// an excluded folder, so what is inside one is never asked about).
    pub fn is_excluded(&self, path: &Path, is_dir: bool) -> bool {
        let absolute = absolute(&self.cwd, path);
        self.exclude
            .as_ref()
            .is_some_and(|list| list.matches(&absolute, is_dir) == Some(true))
    }

    /// Whether `exclude` names `path` or a folder it is in (`--force-exclude`, for paths
    /// named on the command line).
    pub fn is_excluded_with_parents(&self, path: &Path, is_dir: bool) -> bool {
        let absolute = absolute(&self.cwd, path);
        self.exclude
            .as_ref()
            .is_some_and(|list| list.matches_with_parents(&absolute, is_dir) == Some(true))
    }

    /// The `include` patterns as written.
    pub fn include_patterns(&self) -> &[String] {
        self.include.as_ref().map_or(&[], |list| list.patterns())
    }

    /// The `exclude` patterns as written.
    pub fn exclude_patterns(&self) -> &[String] {
        self.exclude.as_ref().map_or(&[], |list| list.patterns())
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
    per_file_ignores: Option<Arc<PatternMap<Vec<String>>>>,
    context: Option<Arc<PatternMap<PathBuf>>>,
}

impl Config {
    /// The settings of the Dockerfile at `path` (as given) whose absolute path is `absolute`.
    fn settings_for(&self, path: &Path, absolute: &Path, cwd: &Path) -> FileSettings {
        let mut settings = self.settings.clone();
        if let Some(map) = &self.per_file_ignores {
            for rules in map.matching(absolute) {
                for rule in rules {
                    if !settings.ignore.contains(rule) {
                        settings.ignore.push(rule.clone());
                    }
                }
            }
        }
        let overridden = self
            .context
            .as_ref()
            .and_then(|map| map.matching(absolute).next())
            .map(|folder| shown(cwd, folder));
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
    /// The same, by the folder's spelling as asked (the walk asks for every entry it finds,
    /// and making each path absolute cost more than the lookup).
    spellings: Cache<Result<Arc<Config>, ConfigError>>,
    /// Defaults and fragments, for folders without a file (and for `--config PATH`).
    fallback: OnceLock<Result<Arc<Config>, ConfigError>>,
    /// What each folder holds: configuration files and `.git` are looked up there.
    listings: Arc<Folders>,
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
            overrides.push(Layer::parse(text, &origin, &cwd)?);
        }
        let resolver = Resolver {
            listings: Arc::new(Folders::new(&cwd)),
            explicit: arguments.file.as_ref().map(|path| absolute(&cwd, path)),
            cwd,
            overrides,
            files: Cache::default(),
            folders: Cache::default(),
            spellings: Cache::default(),
            fallback: OnceLock::new(),
        };
        if let Some(path) = &resolver.explicit {
            resolver.folder_config(path)?;
        }
        Ok(resolver)
    }

    /// The folder listings configuration is found in, for the walk to fill and the other
    /// lookups of the run (hadolint's configuration, `.dockerignore`) to share.
    pub fn folders(&self) -> Arc<Folders> {
        self.listings.clone()
    }

    /// The settings of the Dockerfile at `path` (relative to the current folder, or
    /// absolute; it need not exist, e.g. `--stdin-filename`).
    pub fn for_dockerfile(&self, path: &Path) -> Result<FileSettings, ConfigError> {
        let absolute = absolute(&self.cwd, path);
        let folder = absolute.parent().unwrap_or(&absolute);
        // Already absolute: not remembered by this spelling too.
        let config = self.absolute_folder_config(folder)?;
        Ok(config.settings_for(path, &absolute, &self.cwd))
    }

    /// The configuration that applies to the Dockerfiles in `folder` (for standard input
    /// without a file name, pass the current folder).
    pub fn for_folder(&self, folder: &Path) -> Result<Arc<Config>, ConfigError> {
        self.spellings.get_or_init(folder, || {
            self.absolute_folder_config(&absolute(&self.cwd, folder))
        })
    }

    /// The configuration for the Dockerfiles of an absolute folder: `--config PATH`'s when
    /// given, the folder's otherwise.
    fn absolute_folder_config(&self, folder: &Path) -> Result<Arc<Config>, ConfigError> {
        self.folder_config(self.explicit.as_deref().unwrap_or(folder))
    }

    /// Whether a walk leaves `path` (a file or a folder it found) out: `[files] exclude` of
    /// the configuration of the folder it is in names it.
    pub fn is_excluded(&self, path: &Path, is_dir: bool) -> Result<bool, ConfigError> {
        // Asked of every entry the walk finds (below a folder, so its parent is a folder):
        // the folder as spelled, and the path made absolute only when the configuration
        // excludes anything.
        let config = match path.parent() {
            Some(folder) if path.file_name().is_some() => self.for_folder(folder)?,
            _ => {
                let absolute = absolute(&self.cwd, path);
                self.for_folder(absolute.parent().unwrap_or(&absolute))?
            }
        };
        if config.files.exclude.is_none() {
            return Ok(false);
        }
        Ok(config.files.is_excluded(&absolute(&self.cwd, path), is_dir))
    }

    /// Whether `is_excluded` can be true for an entry of `folder`: its configuration
    /// excludes something, or does not load (then each entry is asked, as before).
    pub fn may_exclude_in(&self, folder: &Path) -> bool {
        self.for_folder(folder)
            .map_or(true, |config| config.files.exclude.is_some())
    }

    /// Whether `[files] exclude` names `path` or a folder it is in (`--force-exclude`).
    pub fn is_excluded_with_parents(&self, path: &Path, is_dir: bool) -> Result<bool, ConfigError> {
        let absolute = absolute(&self.cwd, path);
        let folder = absolute.parent().unwrap_or(&absolute);
        Ok(self
            .for_folder(folder)?
            .files
            .is_excluded_with_parents(&absolute, is_dir))
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
            let listing = self.listings.folder(folder);
            if let Some(file) = self.file_in(folder, &listing)? {
                return self.config_from(&file);
            }
            match folder.parent() {
                Some(parent) if !listing.exists(".git") => self.folder_config(parent),
                _ => self.fallback(),
            }
        })
    }

    /// The configuration file directly in `folder`, if any.
    fn file_in(&self, folder: &Path, listing: &Folder) -> Result<Option<PathBuf>, ConfigError> {
        let mut found = CONFIG_FILE_NAMES
            .iter()
            .filter(|name| listing.is_file(name))
            .map(|name| folder.join(name));
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
                merge_policy: layer.merge_policy.unwrap_or_default(),
                style: FormatOptions {
                    indent: layer.indent.unwrap_or(defaults.indent),
                    operator_position: layer
                        .operator_position
                        .unwrap_or(defaults.operator_position),
                },
                pins: Arc::new(layer.pins),
                leave_other_files: false,
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
        let read_error = |message: String| ConfigError::Read {
            path: shown(&self.cwd, path),
            message,
        };
        let canonical =
            std::fs::canonicalize(path).map_err(|error| read_error(error.to_string()))?;
        self.files.get_or_init(&canonical, || {
            let text = read_limited(path).map_err(read_error)?;
            let origin = Origin::File(shown(&self.cwd, path));
            let folder = path.parent().unwrap_or(path);
            let layer = Layer::parse(&text, &origin, folder)?;
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

/// A configuration file's text, refused without reading it whole when it is larger than
/// `MAX_FILE_SIZE` (an `extend` pointing at a log or a device must not fill the memory).
fn read_limited(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|error| error.to_string())?;
    let too_large = || {
        format!(
            "larger than {} KiB; not a configuration file",
            MAX_FILE_SIZE / 1024
        )
    };
    if file.metadata().is_ok_and(|m| m.len() > MAX_FILE_SIZE) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    // The size can change after the check, and devices have none: read at most one byte more.
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| error.to_string())?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())
}

/// Values computed once per key, without holding a lock while computing: each key has its
/// own cell, so threads wait only for the key they need. Keyed by the path's bytes: keys are
/// normalized, and hashing a `Path` parses its components.
struct Cache<V> {
    cells: Mutex<HashMap<OsString, Arc<OnceLock<V>>>>,
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
            // Asked before inserting: most keys are there, and inserting copies the key.
            match cells.get(key.as_os_str()) {
                Some(cell) => cell.clone(),
                None => cells.entry(key.as_os_str().to_owned()).or_default().clone(),
            }
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
