//! A build context held in memory: for the language server's unsaved buffers, and tests.

use std::collections::BTreeMap;

use super::{BuildContext, DockerIgnore, join, normalize};

#[derive(Debug, Default)]
pub struct MemoryContext {
    /// Path relative to the root -> content.
    files: BTreeMap<String, Vec<u8>>,
    dockerignore: Option<String>,
    ignore: DockerIgnore,
}

impl MemoryContext {
    /// A context with these files; a `.dockerignore` among them applies.
    pub fn new<P: AsRef<str>, C: AsRef<[u8]>>(files: impl IntoIterator<Item = (P, C)>) -> Self {
        let files: BTreeMap<String, Vec<u8>> = files
            .into_iter()
            .map(|(path, content)| {
                (
                    normalize(path.as_ref()).to_string(),
                    content.as_ref().to_vec(),
                )
            })
            .collect();
        let dockerignore = files
            .get(".dockerignore")
            .map(|text| String::from_utf8_lossy(text).into_owned());
        let ignore = dockerignore
            .as_deref()
            .map(DockerIgnore::parse)
            .unwrap_or_default();
        MemoryContext {
            files,
            dockerignore,
            ignore,
        }
    }

    fn is_folder(&self, folder: &str) -> bool {
        let prefix = format!("{folder}/");
        self.files.keys().any(|path| path.starts_with(&prefix))
    }
}

impl BuildContext for MemoryContext {
    fn is_file(&self, relative: &str) -> bool {
        let relative = normalize(relative);
        !self.ignore.is_ignored(relative) && self.files.contains_key(relative)
    }

    fn exists(&self, relative: &str) -> bool {
        let relative = normalize(relative);
        !self.ignore.is_ignored(relative)
            && (self.files.contains_key(relative) || self.is_folder(relative))
    }

    fn read(&self, relative: &str) -> Option<Vec<u8>> {
        let relative = normalize(relative);
        (!self.ignore.is_ignored(relative))
            .then(|| self.files.get(relative).cloned())
            .flatten()
    }

    fn list(&self, folder: &str) -> Option<Vec<String>> {
        let folder = normalize(folder);
        if !folder.is_empty() && (!self.exists(folder) || !self.is_folder(folder)) {
            return None;
        }
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let mut names: Vec<String> = self
            .files
            .keys()
            .filter_map(|path| path.strip_prefix(&prefix))
            .map(|rest| rest.split('/').next().unwrap_or(rest).to_string())
            .collect();
        names.dedup();
        names.retain(|name| !self.ignore.is_ignored(&join(folder, name)));
        Some(names)
    }

    fn dockerignore(&self) -> Option<&str> {
        self.dockerignore.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_folders_and_ignores() {
        let context = MemoryContext::new([
            ("package.json", "{}"),
            ("./src/app.js", "x"),
            ("src/lib/a.js", "y"),
            ("secret.env", "k=v"),
            (".dockerignore", "*.env\n"),
        ]);
        assert!(context.is_file("package.json") && context.is_file("/src/app.js"));
        assert!(!context.is_file("src") && context.exists("src"));
        assert!(!context.is_file("secret.env") && context.read("secret.env").is_none());
        assert_eq!(
            context.list("").unwrap(),
            [".dockerignore", "package.json", "src"]
        );
        assert_eq!(context.list("src").unwrap(), ["app.js", "lib"]);
        assert_eq!(context.read_head("src/app.js", 10).unwrap(), b"x");
        assert_eq!(context.dockerignore(), Some("*.env\n"));
    }
}
