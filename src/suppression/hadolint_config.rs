//! hadolint's configuration file: its `ignored` list applies to the Dockerfiles that no
//! dockfix configuration applies to, so a team moving from hadolint keeps its choices.
//!
//! Found like `dockfix.toml`: `.hadolint.yaml` (or `.hadolint.yml`) in the Dockerfile's
//! folder, then in each parent folder, stopping after the repository root (a folder with
//! `.git`). hadolint itself reads only the current folder's file and then the user's own
//! (`~/.config/hadolint.yaml`); dockfix reads no per-user configuration. Only `ignored` is
//! read: its codes (`DL3008`) turn off the rules whose aliases name them. A file that is not
//! valid YAML, or whose `ignored` is not a list of strings, is an error.

use foldhash::{HashMap, HashMapExt};
use std::ffi::OsString;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use yaml_rust2::{Yaml, YamlLoader};

use crate::folders::Folders;

/// The names hadolint's configuration file can have, in the order they are looked for.
pub const FILE_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

type Found = Result<Option<Arc<Vec<String>>>, String>;

/// Finds and reads hadolint configuration files, each folder's answer cached. `Sync`: one
/// serves every thread of a run; `clear` forgets everything (a file changed).
#[derive(Debug)]
pub struct HadolintConfigs {
    /// Keyed by the folder's bytes (normalized paths; hashing a `Path` parses it).
    found: Mutex<HashMap<OsString, Found>>,
    /// Where the files and `.git` are looked up (shared with the configuration resolver).
    listings: Arc<Folders>,
}

impl HadolintConfigs {
    /// Configurations found through `listings`.
    pub fn new(listings: Arc<Folders>) -> Self {
        HadolintConfigs {
            found: Mutex::new(HashMap::new()),
            listings,
        }
    }

    /// The `ignored` codes of the hadolint configuration nearest to the Dockerfile at `path`
    /// (relative to the current folder, or absolute), or the file's error as a message.
    pub fn ignored_for(&self, path: &Path) -> Result<Vec<String>, String> {
        let absolute = match self.listings.key(path) {
            Some(absolute) => absolute,
            None => std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))?,
        };
        let Some(start) = absolute.parent() else {
            return Ok(Vec::new());
        };
        let mut folders = self.found.lock().unwrap_or_else(PoisonError::into_inner);
        let mut visited = Vec::new();
        let mut folder = start;
        let found = loop {
            if let Some(found) = folders.get(folder.as_os_str()) {
                break found.clone();
            }
            visited.push(folder.to_path_buf());
            let listing = self.listings.folder(folder);
            if let Some(file) = FILE_NAMES
                .iter()
                .find(|name| listing.is_file(name))
                .map(|name| folder.join(name))
            {
                break read(&file).map(|codes| Some(Arc::new(codes)));
            }
            match folder.parent() {
                Some(parent) if !listing.exists(".git") => folder = parent,
                _ => break Ok(None),
            }
        };
        for folder in visited {
            folders.insert(folder.into_os_string(), found.clone());
        }
        found.map(|codes| codes.map(|c| c.as_ref().clone()).unwrap_or_default())
    }

    /// Forget every answer (a configuration file may have changed).
    pub fn clear(&self) {
        self.found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.listings.clear();
    }
}

fn read(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    ignored(&text).map_err(|message| format!("{}: {message}", path.display()))
}

/// The `ignored` list of a hadolint configuration file's text.
pub fn ignored(text: &str) -> Result<Vec<String>, String> {
    let documents = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    let Some(document) = documents.first() else {
        return Ok(Vec::new());
    };
    let list = match &document["ignored"] {
        Yaml::BadValue | Yaml::Null => return Ok(Vec::new()),
        Yaml::Array(items) => items,
        _ => return Err("`ignored` should be a list of rule codes".to_string()),
    };
    list.iter()
        .map(|item| match item {
            Yaml::String(code) => Ok(code.trim().to_string()),
            _ => Err("`ignored` should be a list of rule codes".to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ignored_list() {
        let text = "failure-threshold: warning\nignored:\n  - DL3008\n  - DL3059\ntrustedRegistries: [docker.io]\n";
        assert_eq!(ignored(text), Ok(vec!["DL3008".into(), "DL3059".into()]));
        assert_eq!(ignored("ignored: [DL3020]"), Ok(vec!["DL3020".into()]));
        assert_eq!(ignored("no-fail: true\n"), Ok(vec![]));
        assert_eq!(ignored(""), Ok(vec![]));
        assert!(ignored("ignored: DL3008").is_err());
        assert!(ignored("ignored: [1, 2]").is_err());
        assert!(ignored("ignored: [DL3008").is_err());
    }

    #[test]
    fn the_nearest_file_up_to_the_repository_root() {
        let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let repository = root.path().join("repository");
        let service = repository.join("services/api");
        std::fs::create_dir_all(repository.join(".git")).unwrap_or_default();
        std::fs::create_dir_all(&service).unwrap_or_default();
        // Above the repository root: never read.
        std::fs::write(root.path().join(".hadolint.yaml"), "ignored: [DL3006]").unwrap_or_default();
        let configs = HadolintConfigs::new(Arc::new(Folders::new(root.path())));
        let dockerfile = service.join("Dockerfile");
        assert_eq!(configs.ignored_for(&dockerfile), Ok(vec![]));
        std::fs::write(repository.join(".hadolint.yml"), "ignored: [DL3059]").unwrap_or_default();
        // Cached until cleared.
        assert_eq!(configs.ignored_for(&dockerfile), Ok(vec![]));
        configs.clear();
        assert_eq!(configs.ignored_for(&dockerfile), Ok(vec!["DL3059".into()]));
        std::fs::write(service.join(".hadolint.yaml"), "ignored: [").unwrap_or_default();
        configs.clear();
        assert!(configs.ignored_for(&dockerfile).is_err());
    }
}
