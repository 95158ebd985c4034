//! The build context as a folder on disk, for the command line.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::{BuildContext, DockerIgnore, join, normalize};
use crate::folders::Folders;

#[derive(Debug, Clone)]
pub struct DiskContext {
    root: PathBuf,
    /// Where `.dockerignore` files are looked up (shared by every file of a run).
    folders: Arc<Folders>,
    /// The Dockerfile's name, to find `<name>.dockerignore`.
    dockerfile_name: Option<String>,
    /// `.dockerignore`, read when a rule first asks about a file (most files need none).
    ignore: OnceLock<Ignore>,
}

/// The `.dockerignore` that applies: its text, patterns, and name in the root.
#[derive(Debug, Clone)]
struct Ignore {
    text: Option<String>,
    patterns: DockerIgnore,
    name: String,
}

impl DiskContext {
    /// The context at `root`; `dockerfile_name` selects a `<name>.dockerignore` if there is one.
    pub fn new(root: &Path, dockerfile_name: Option<&str>) -> Self {
        Self::with_folders(
            root,
            dockerfile_name,
            Arc::new(Folders::of_current_folder()),
        )
    }

    /// As `new`, looking `.dockerignore` files up in listings shared with the rest of a run.
    pub fn with_folders(root: &Path, dockerfile_name: Option<&str>, folders: Arc<Folders>) -> Self {
        DiskContext {
            root: root.to_path_buf(),
            folders,
            dockerfile_name: dockerfile_name.map(String::from),
            ignore: OnceLock::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn ignore(&self) -> &Ignore {
        self.ignore.get_or_init(|| {
            let root = self.folders.folder(&self.root);
            let specific = self
                .dockerfile_name
                .as_ref()
                .map(|name| format!("{name}.dockerignore"))
                .filter(|name| root.is_file(name));
            let name = specific.unwrap_or_else(|| ".dockerignore".to_string());
            let text = root
                .exists(&name)
                .then(|| std::fs::read_to_string(self.root.join(&name)).ok())
                .flatten();
            let patterns = text.as_deref().map(DockerIgnore::parse).unwrap_or_default();
            Ignore {
                text,
                patterns,
                name,
            }
        })
    }

    /// The path of a context entry that `.dockerignore` does not exclude.
    fn visible(&self, relative: &str) -> Option<PathBuf> {
        let relative = normalize(relative);
        (!self.ignore().patterns.is_ignored(relative)).then(|| self.root.join(relative))
    }
}

impl BuildContext for DiskContext {
    fn is_file(&self, relative: &str) -> bool {
        self.visible(relative).is_some_and(|path| path.is_file())
    }

    fn exists(&self, relative: &str) -> bool {
        self.visible(relative).is_some_and(|path| path.exists())
    }

    fn read(&self, relative: &str) -> Option<Vec<u8>> {
        let path = self.visible(relative).filter(|path| path.is_file())?;
        std::fs::read(path).ok()
    }

    fn read_head(&self, relative: &str, len: usize) -> Option<Vec<u8>> {
        let path = self.visible(relative).filter(|path| path.is_file())?;
        let mut head = Vec::with_capacity(len);
        std::fs::File::open(path)
            .ok()?
            .take(len as u64)
            .read_to_end(&mut head)
            .ok()?;
        Some(head)
    }

    fn list(&self, folder: &str) -> Option<Vec<String>> {
        let path = if normalize(folder).is_empty() {
            self.root.clone()
        } else {
            self.visible(folder)?
        };
        let entries = std::fs::read_dir(path).ok()?;
        let mut names: Vec<String> = entries
            .flatten()
            .filter_map(|entry| entry.file_name().to_str().map(String::from))
            .filter(|name| !self.ignore().patterns.is_ignored(&join(folder, name)))
            .collect();
        names.sort();
        Some(names)
    }

    fn dockerignore(&self) -> Option<&str> {
        self.ignore().text.as_deref()
    }

    fn dockerignore_path(&self) -> &str {
        &self.ignore().name
    }
}
