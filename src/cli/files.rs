//! Finding Dockerfiles, reading them, and writing them back atomically.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};

/// Whether a file name is a Dockerfile's: `Dockerfile`, `Containerfile` (any case),
/// `*.Dockerfile`, `*.dockerfile`, `*.containerfile` (any case), and `Dockerfile.*`,
/// `Containerfile.*` with the capital letter, as they are written: in lower case that prefix
/// also names source files such as `dockerfile.go` or `dockerfile.pest`.
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower == "containerfile"
        || name.starts_with("Dockerfile.")
        || name.starts_with("Containerfile.")
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
}

/// What the walk finds: a Dockerfile, or a path it could not read (with the index of the
/// argument it came from, so that errors can be reported in the order of the arguments).
#[derive(Debug)]
pub enum Found {
    File(PathBuf),
    Error {
        argument: usize,
        path: PathBuf,
        message: String,
    },
}

/// What the walk leaves out or takes in besides Dockerfile names (configuration, `--exclude`).
pub trait Filter: Send + Sync {
    /// Leave this file or folder (and what is inside it) out of the walk.
    fn excluded(&self, path: &Path, is_dir: bool) -> bool;
    /// Treat this file as a Dockerfile whatever its name.
    fn included(&self, path: &Path) -> bool;
}

/// The Dockerfiles named by `paths`, lazily: files as given, directories walked (respecting
/// `.gitignore`, `.ignore` and `filter`, not following symlinks, so nothing outside the
/// tree is reached). Files come sorted and without duplicates, as if every path had been
/// collected and sorted first: each directory is walked in file-name order (depth first,
/// which is the order of sorting its paths) and the walks are merged. Paths that do not
/// exist come as errors. A path given on the command line is always taken.
pub fn walk(
    paths: &[PathBuf],
    filter: Arc<dyn Filter>,
) -> impl Iterator<Item = Found> + Send + use<> {
    let walks = paths
        .iter()
        .enumerate()
        .map(|(argument, path)| {
            let mut rest = walk_one(argument, path.clone(), filter.clone());
            let head = rest.next();
            Walk { head, rest }
        })
        .collect();
    Merge { walks, last: None }
}

/// A walk still to be read.
type Walker = Box<dyn Iterator<Item = Found> + Send>;

fn walk_one(argument: usize, path: PathBuf, filter: Arc<dyn Filter>) -> Walker {
    if path.is_file() {
        return Box::new(std::iter::once(Found::File(path)));
    }
    if !path.is_dir() {
        let message = "no such file or directory".to_string();
        return Box::new(std::iter::once(Found::Error {
            argument,
            path,
            message,
        }));
    }
    let entry_filter = filter.clone();
    let walker = ignore::WalkBuilder::new(&path)
        .hidden(false)
        .follow_links(false)
        // `.gitignore` applies wherever it is, in a git work tree or not, and
        // `.git/info/exclude` is not read: no look for `.git` in every directory.
        .require_git(false)
        .git_exclude(false)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            entry.file_name() != ".git"
                && (entry.depth() == 0 || !entry_filter.excluded(entry.path(), is_dir))
        })
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    Box::new(walker.filter_map(move |entry| match entry {
        Ok(entry) => {
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            let dockerfile = entry.file_name().to_str().is_some_and(is_dockerfile_name)
                || filter.included(entry.path());
            (is_file && dockerfile).then(|| Found::File(clean(entry.into_path())))
        }
        Err(error) => Some(Found::Error {
            argument,
            path: path.clone(),
            message: error.to_string(),
        }),
    }))
}

/// One argument's walk, with the item it will give next.
struct Walk {
    head: Option<Found>,
    rest: Walker,
}

/// A k-way merge of sorted walks, dropping repeated paths; errors pass through at once.
struct Merge {
    walks: Vec<Walk>,
    last: Option<PathBuf>,
}

impl Iterator for Merge {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            for walk in &mut self.walks {
                if matches!(walk.head, Some(Found::Error { .. })) {
                    return std::mem::replace(&mut walk.head, walk.rest.next());
                }
            }
            let (smallest, _) = self
                .walks
                .iter()
                .enumerate()
                .filter_map(|(index, walk)| match &walk.head {
                    Some(Found::File(path)) => Some((index, path)),
                    _ => None,
                })
                .min_by(|a, b| a.1.cmp(b.1))?;
            let walk = &mut self.walks[smallest];
            let Some(Found::File(path)) = std::mem::replace(&mut walk.head, walk.rest.next())
            else {
                continue;
            };
            if self.last.as_ref() == Some(&path) {
                continue;
            }
            self.last = Some(path.clone());
            return Some(Found::File(path));
        }
    }
}

/// `./a/b` -> `a/b`, so that paths print (and diff) as users write them.
fn clean(path: PathBuf) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(stripped) if !stripped.as_os_str().is_empty() => stripped.to_path_buf(),
        _ => path,
    }
}

/// Read a file as UTF-8.
pub fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        anyhow::anyhow!("not UTF-8 (invalid byte at offset {offset})")
    })
}

/// Replace a file's content atomically: write a temporary file in the same folder, give it
/// the original's permissions, then rename it over the original. A symlink is followed, so
/// the file it points to is updated and the link stays.
pub fn write_atomic(path: &Path, content: &str) -> Result<()> {
    let target =
        std::fs::canonicalize(path).with_context(|| format!("resolving {}", path.display()))?;
    let metadata =
        std::fs::metadata(&target).with_context(|| format!("reading {}", path.display()))?;
    if metadata.permissions().readonly() {
        bail!("file is read-only");
    }
    let folder = target.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".dockfix-")
        .tempfile_in(folder)
        .with_context(|| format!("creating a temporary file in {}", folder.display()))?;
    temporary.write_all(content.as_bytes())?;
    std::fs::set_permissions(temporary.path(), metadata.permissions())?;
    temporary
        .persist(&target)
        .map_err(|e| e.error)
        .with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}

/// A path as it goes in a diff header: relative, with `/` separators.
pub fn diff_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./")
        .trim_start_matches('/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Leaves out folders named `skip`, takes `*.in` files.
    struct TestFilter;

    impl Filter for TestFilter {
        fn excluded(&self, path: &Path, is_dir: bool) -> bool {
            is_dir && path.file_name().is_some_and(|n| n == "skip")
        }

        fn included(&self, path: &Path) -> bool {
            path.extension().is_some_and(|e| e == "in")
        }
    }

    #[test]
    fn walk_merges_arguments_in_sorted_order_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "b/Dockerfile",
            "a/x/Dockerfile",
            "a.Dockerfile",
            "a/Dockerfile",
            "a/c.txt",
            "a/skip/Dockerfile",
            "b/extra.in",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "FROM a\n").unwrap();
        }
        let arguments = [root.join("b"), root.to_path_buf(), root.join("missing")];
        let (mut files, mut errors) = (Vec::new(), Vec::new());
        for found in walk(&arguments, Arc::new(TestFilter)) {
            match found {
                Found::File(path) => files.push(path),
                Found::Error { argument, .. } => errors.push(argument),
            }
        }
        let expected: Vec<PathBuf> = [
            "a/Dockerfile",
            "a/x/Dockerfile",
            "a.Dockerfile",
            "b/Dockerfile",
            "b/extra.in",
        ]
        .iter()
        .map(|file| root.join(file))
        .collect();
        assert_eq!(files, expected);
        assert_eq!(errors, [2]);
    }

    #[test]
    fn recognises_dockerfile_names() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "Containerfile",
            "api.Dockerfile",
            "x.dockerfile",
            "Dockerfile.alpine",
            "a.containerfile",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in [
            "dockerfile.go",
            "dockerfile.pest",
            "Dockerfile-old",
            "README.md",
            "docker-compose.yml",
            "Dockerfiles",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
