//! What a folder holds of the few files dockfix looks for, from one read of the folder.
//!
//! Configuration discovery (`dockfix.toml`, `.hadolint.yaml`, and the `.git` that stops
//! it), the build context (`.dockerignore`) and the walk (`.gitignore`, `.ignore`) ask every
//! folder for a few names, and nearly all of them are absent. Asked by path, each is a
//! failed lookup that walks the whole path in the kernel: about nine per folder, the
//! largest cost of a run after parsing and the rules. A folder's entries are read once
//! instead, by the walk when it lists the folder (`record`) or here on first use, and
//! every question after that is a lookup in memory.
//!
//! Paths are keyed as `config::absolute` spells them (made absolute against the current
//! folder, `.` and `..` resolved as text), so that the walk's relative spellings and the
//! resolver's absolute ones meet. A folder that cannot be listed is asked by path.

use foldhash::{HashMap, HashMapExt};
use std::ffi::{OsStr, OsString};
use std::fs::FileType;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::config::{CONFIG_FILE_NAMES, absolute};
use crate::suppression::hadolint_config;

/// The names a listing keeps: configuration files, the repository marker, the walk's
/// ignore files, and `.dockerignore` files (`<Dockerfile name>.dockerignore` too).
fn is_watched(name: &OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    matches!(name, ".git" | ".gitignore" | ".ignore")
        || CONFIG_FILE_NAMES.contains(&name)
        || hadolint_config::FILE_NAMES.contains(&name)
        || name.ends_with(".dockerignore")
}

/// What kind of entry a listed name is, as the folder's listing says (not following
/// symlinks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Symlink,
    Other,
}

impl From<FileType> for Kind {
    fn from(file_type: FileType) -> Self {
        if file_type.is_file() {
            Kind::File
        } else if file_type.is_symlink() {
            Kind::Symlink
        } else {
            Kind::Other
        }
    }
}

/// The watched names one folder holds, or `None` when it could not be listed.
#[derive(Debug, Default)]
pub struct Listing {
    entries: Option<Vec<(OsString, Kind)>>,
}

impl Listing {
    /// From a folder's entries (name and type), keeping the watched names.
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = (&'a OsStr, FileType)>) -> Self {
        let entries = entries
            .into_iter()
            .filter(|(name, _)| is_watched(name))
            .map(|(name, file_type)| (name.to_os_string(), Kind::from(file_type)))
            .collect();
        Listing {
            entries: Some(entries),
        }
    }

    /// The listing of `folder`, read now (an unreadable folder gives an empty `None` listing).
    fn read(folder: &Path) -> Self {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return Listing::default();
        };
        let mut kept = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            if is_watched(&name)
                && let Ok(file_type) = entry.file_type()
            {
                kept.push((name, Kind::from(file_type)));
            }
        }
        Listing {
            entries: Some(kept),
        }
    }

    /// The kind of `name` in the listing; `Err` when the folder could not be listed.
    fn kind(&self, name: &str) -> Result<Option<Kind>, ()> {
        let entries = self.entries.as_ref().ok_or(())?;
        Ok(entries
            .iter()
            .find(|(entry, _)| entry == name)
            .map(|(_, kind)| *kind))
    }
}

/// One folder's listing, for asking it several names.
#[derive(Debug, Clone)]
pub struct Folder {
    listing: Arc<Listing>,
    /// The folder, absolute where it could be made so (for asking by path).
    path: PathBuf,
}

impl Folder {
    /// Whether `name` is a regular file here (following a symlink), as `Path::is_file`.
    pub fn is_file(&self, name: &str) -> bool {
        match self.listing.kind(name) {
            Ok(Some(Kind::File)) => true,
            Ok(Some(Kind::Other) | None) => false,
            Ok(Some(Kind::Symlink)) | Err(()) => self.path.join(name).is_file(),
        }
    }

    /// Whether `name` exists here (following a symlink), as `Path::exists`.
    pub fn exists(&self, name: &str) -> bool {
        match self.listing.kind(name) {
            Ok(Some(Kind::File | Kind::Other)) => true,
            Ok(None) => false,
            Ok(Some(Kind::Symlink)) | Err(()) => self.path.join(name).exists(),
        }
    }
}

/// Folder listings by absolute path. `Sync`: one serves every thread of a run.
#[derive(Debug)]
pub struct Folders {
    /// `None` when the current folder is unknown: relative paths are then asked by path.
    cwd: Option<PathBuf>,
    /// Keyed by the path's bytes: keys are normalized, and hashing a `Path` parses its
    /// components.
    listings: Mutex<HashMap<OsString, Arc<Listing>>>,
}

impl Folders {
    /// Listings for paths relative to `cwd` (the process's current folder).
    pub fn new(cwd: &Path) -> Self {
        Folders {
            cwd: Some(absolute(Path::new("/"), cwd)),
            listings: Mutex::new(HashMap::new()),
        }
    }

    /// Listings for paths relative to the process's current folder (if it is gone,
    /// relative paths are asked by path).
    pub fn of_current_folder() -> Self {
        Folders {
            cwd: std::env::current_dir()
                .ok()
                .map(|cwd| absolute(Path::new("/"), &cwd)),
            listings: Mutex::new(HashMap::new()),
        }
    }

    /// `folder` as listings are keyed (absolute, `.` and `..` resolved as text), if it can be.
    pub fn key(&self, folder: &Path) -> Option<PathBuf> {
        match &self.cwd {
            Some(cwd) => Some(absolute(cwd, folder)),
            None => folder
                .is_absolute()
                .then(|| absolute(Path::new("/"), folder)),
        }
    }

    /// Keep what the walk read of `folder` (relative to the current folder, or absolute).
    pub fn record(&self, folder: &Path, listing: Listing) -> Folder {
        let listing = Arc::new(listing);
        let path = match self.key(folder) {
            Some(key) => {
                self.lock()
                    .insert(key.as_os_str().to_owned(), listing.clone());
                key
            }
            None => folder.to_path_buf(),
        };
        Folder { listing, path }
    }

    /// The listing of `folder`: the walk's, or read now and kept.
    pub fn folder(&self, folder: &Path) -> Folder {
        let Some(key) = self.key(folder) else {
            return Folder {
                listing: Arc::new(Listing::default()),
                path: folder.to_path_buf(),
            };
        };
        if let Some(listing) = self.lock().get(key.as_os_str()) {
            return Folder {
                listing: listing.clone(),
                path: key,
            };
        }
        // Read without holding the lock; two threads reading the same folder at once keep
        // the same answer.
        let listing = Arc::new(Listing::read(&key));
        let listing = self
            .lock()
            .entry(key.as_os_str().to_owned())
            .or_insert(listing)
            .clone();
        Folder { listing, path: key }
    }

    /// Forget every listing (files may have been created or removed).
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<OsString, Arc<Listing>>> {
        // A panic elsewhere cannot leave the map half-written: insertions are whole.
        self.listings.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_the_file_system_does() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        std::fs::write(root.join("dockfix.toml"), "").unwrap_or_default();
        std::fs::create_dir(root.join(".git")).unwrap_or_default();
        std::fs::create_dir(root.join(".hadolint.yaml")).unwrap_or_default();
        std::fs::write(root.join("target"), "").unwrap_or_default();
        std::os::unix::fs::symlink(root.join("target"), root.join(".dockerignore"))
            .unwrap_or_default();
        std::os::unix::fs::symlink(root.join("missing"), root.join("api.dockerignore"))
            .unwrap_or_default();
        let folders = Folders::new(root);
        for name in [
            "dockfix.toml",
            ".dockfix.toml",
            ".git",
            ".hadolint.yaml",
            ".hadolint.yml",
            ".dockerignore",
            "api.dockerignore",
            ".gitignore",
        ] {
            let path = root.join(name);
            assert_eq!(folders.folder(root).is_file(name), path.is_file(), "{name}");
            assert_eq!(folders.folder(root).exists(name), path.exists(), "{name}");
            // Relative to the current folder, the same answer.
            assert_eq!(
                folders.folder(Path::new(".")).is_file(name),
                path.is_file(),
                "{name}"
            );
        }
        // Kept until cleared.
        std::fs::write(root.join(".dockfix.toml"), "").unwrap_or_default();
        assert!(!folders.folder(root).is_file(".dockfix.toml"));
        folders.clear();
        assert!(folders.folder(root).is_file(".dockfix.toml"));
    }

    #[test]
    fn an_unlisted_folder_is_asked_by_path() {
        let folders = Folders::new(Path::new("/"));
        let missing = Path::new("/no/such/folder");
        assert!(!folders.folder(missing).exists(".git"));
        let listing = Listing::default();
        assert_eq!(listing.kind(".git"), Err(()));
    }

    #[test]
    fn the_walks_record_is_used() {
        let folders = Folders::new(Path::new("/work"));
        let file_type = std::fs::metadata("/")
            .map(|m| m.file_type())
            .unwrap_or_else(|e| panic!("{e}"));
        let listing = Listing::from_entries([(OsStr::new(".git"), file_type)]);
        folders.record(Path::new("repository/../elsewhere"), listing);
        assert!(folders.folder(Path::new("/work/elsewhere")).exists(".git"));
        assert!(
            !folders
                .folder(Path::new("/work/elsewhere"))
                .exists("dockfix.toml")
        );
    }
}
