//! Finding Dockerfiles: the paths named on the command line, and what a walk finds below
//! the folders among them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether a file name is a Dockerfile's: `Dockerfile`, `Containerfile` (any case),
/// `*.Dockerfile`, `*.dockerfile`, `*.containerfile` (any case), and `Dockerfile.*`,
/// `Dockerfile-*`, `Dockerfile_*` and the same for `Containerfile`, with the capital letter,
/// as they are written: in lower case such names are also source files (`dockerfile.go`,
/// `dockerfile_test.go`).
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower == "containerfile"
        || ["Dockerfile", "Containerfile"].iter().any(|stem| {
            name.strip_prefix(stem)
                .is_some_and(|rest| rest.len() > 1 && rest.starts_with(['.', '-', '_']))
        })
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
    /// Leave this file or folder, found below a path named on the command line, out of the
    /// walk (and what is inside it).
    fn excluded(&self, path: &Path, is_dir: bool) -> bool;
    /// Leave out this path named on the command line: it or a folder it is in is excluded
    /// (`--force-exclude`).
    fn excluded_with_parents(&self, path: &Path, is_dir: bool) -> bool;
    /// Treat this file as a Dockerfile whatever its name.
    fn included(&self, path: &Path) -> bool;
}

/// The Dockerfiles named by `paths`, lazily: files as given, directories walked (respecting
/// `.gitignore`, `.ignore` and `filter`, not following symlinks, so nothing outside the
/// tree is reached). A path named on the command line is taken even when excluded, unless
/// `force_exclude`. Files come sorted, as if every path had been collected and sorted first:
/// each directory is walked in file-name order (depth first, which is the order of sorting
/// its paths) and the walks are merged. A file reached through two arguments (`d` and
/// `./d/Dockerfile`, or a symlink named beside its target) comes once, under its first name
/// in that order. Paths that do not exist come as errors.
pub fn walk(
    paths: &[PathBuf],
    filter: Arc<dyn Filter>,
    force_exclude: bool,
) -> impl Iterator<Item = Found> + Send + use<> {
    // Each argument's canonical path: a file's identity is its argument's, joined with the
    // file's path below it (the walk follows no symlink below an argument).
    let roots: Vec<Option<PathBuf>> = if paths.len() > 1 {
        paths
            .iter()
            .map(|path| std::fs::canonicalize(path).ok())
            .collect()
    } else {
        vec![None; paths.len()]
    };
    let walks = paths
        .iter()
        .zip(&roots)
        .enumerate()
        .map(|(argument, (path, root))| {
            let mut rest = walk_one(argument, path, root.clone(), filter.clone(), force_exclude);
            let head = rest.next();
            Walk { head, rest }
        })
        .collect();
    Merge {
        walks,
        last: None,
        roots: roots.into_iter().flatten().collect(),
        seen: HashSet::new(),
    }
}

/// A file found, and its identity when several arguments could reach it.
enum Item {
    File {
        path: PathBuf,
        identity: Option<PathBuf>,
    },
    Error(Found),
}

/// A walk still to be read.
type Walker = Box<dyn Iterator<Item = Item> + Send>;

fn walk_one(
    argument: usize,
    path: &Path,
    root: Option<PathBuf>,
    filter: Arc<dyn Filter>,
    force_exclude: bool,
) -> Walker {
    let error = |message: String| {
        Box::new(std::iter::once(Item::Error(Found::Error {
            argument,
            path: path.to_path_buf(),
            message,
        }))) as Walker
    };
    let (is_file, is_dir) = (path.is_file(), path.is_dir());
    if !is_file && !is_dir {
        return error("no such file or directory".to_string());
    }
    if force_exclude && filter.excluded_with_parents(path, is_dir) {
        return Box::new(std::iter::empty());
    }
    if is_file {
        let item = Item::File {
            path: path.to_path_buf(),
            identity: root,
        };
        return Box::new(std::iter::once(item));
    }
    let entry_filter = filter.clone();
    let walker = ignore::WalkBuilder::new(path)
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
    let top = path.to_path_buf();
    Box::new(walker.filter_map(move |entry| match entry {
        Ok(entry) => {
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            // `[files] include` is asked of files only: it costs a configuration lookup.
            let dockerfile = is_file
                && (entry.file_name().to_str().is_some_and(is_dockerfile_name)
                    || filter.included(entry.path()));
            if !dockerfile {
                return None;
            }
            let identity = root
                .as_ref()
                .map(|root| match entry.path().strip_prefix(&top) {
                    Ok(below) => root.join(below),
                    Err(_) => entry.path().to_path_buf(),
                });
            Some(Item::File {
                path: clean(entry.into_path()),
                identity,
            })
        }
        Err(error) => Some(Item::Error(Found::Error {
            argument,
            path: top.clone(),
            message: error.to_string(),
        })),
    }))
}

/// One argument's walk, with the item it will give next.
struct Walk {
    head: Option<Item>,
    rest: Walker,
}

/// A k-way merge of sorted walks, dropping repeated files; errors pass through at once.
struct Merge {
    walks: Vec<Walk>,
    last: Option<PathBuf>,
    /// The canonical arguments: a file below two of them may come twice.
    roots: Vec<PathBuf>,
    /// Identities given so far, of files below two arguments or more only (so that the set
    /// stays small when the arguments do not overlap, as with pre-commit's file lists).
    seen: HashSet<PathBuf>,
}

impl Merge {
    /// Whether a file was given already under another name.
    fn repeated(&mut self, identity: Option<PathBuf>) -> bool {
        let Some(identity) = identity else {
            return false;
        };
        let reachable = self
            .roots
            .iter()
            .filter(|root| identity.starts_with(root))
            .count();
        reachable > 1 && !self.seen.insert(identity)
    }
}

impl Iterator for Merge {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            for walk in &mut self.walks {
                if matches!(walk.head, Some(Item::Error(_)))
                    && let Some(Item::Error(found)) =
                        std::mem::replace(&mut walk.head, walk.rest.next())
                {
                    return Some(found);
                }
            }
            let (smallest, _) = self
                .walks
                .iter()
                .enumerate()
                .filter_map(|(index, walk)| match &walk.head {
                    Some(Item::File { path, .. }) => Some((index, path)),
                    _ => None,
                })
                .min_by(|a, b| a.1.cmp(b.1))?;
            let walk = &mut self.walks[smallest];
            let Some(Item::File { path, identity }) =
                std::mem::replace(&mut walk.head, walk.rest.next())
            else {
                continue;
            };
            if self.last.as_ref() == Some(&path) || self.repeated(identity) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Leaves out folders named `skip`, takes `*.in` files.
    struct TestFilter;

    impl Filter for TestFilter {
        fn excluded(&self, path: &Path, is_dir: bool) -> bool {
            is_dir && path.file_name().is_some_and(|n| n == "skip")
        }

        fn excluded_with_parents(&self, path: &Path, _: bool) -> bool {
            path.components().any(|c| c.as_os_str() == "skip")
        }

        fn included(&self, path: &Path) -> bool {
            path.extension().is_some_and(|e| e == "in")
        }
    }

    fn files(arguments: &[PathBuf], force_exclude: bool) -> (Vec<PathBuf>, Vec<usize>) {
        let (mut files, mut errors) = (Vec::new(), Vec::new());
        for found in walk(arguments, Arc::new(TestFilter), force_exclude) {
            match found {
                Found::File(path) => files.push(path),
                Found::Error { argument, .. } => errors.push(argument),
            }
        }
        (files, errors)
    }

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "FROM a\n").unwrap();
        }
        dir
    }

    #[test]
    fn walk_merges_arguments_in_sorted_order_without_duplicates() {
        let dir = tree(&[
            "b/Dockerfile",
            "a/x/Dockerfile",
            "a.Dockerfile",
            "a/Dockerfile",
            "a/c.txt",
            "a/skip/Dockerfile",
            "b/extra.in",
        ]);
        let root = dir.path();
        let arguments = [root.join("b"), root.to_path_buf(), root.join("missing")];
        let (files, errors) = files(&arguments, false);
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
    fn one_file_under_two_spellings_comes_once() {
        let dir = tree(&["d/Dockerfile", "e/Dockerfile"]);
        let root = dir.path();
        let arguments = [
            root.join("d"),
            root.join("./d/Dockerfile"),
            root.join("e/../d/Dockerfile"),
            root.join("e"),
        ];
        let (files, _) = files(&arguments, false);
        assert_eq!(
            files,
            [root.join("d/Dockerfile"), root.join("e/Dockerfile")]
        );
    }

    #[test]
    fn named_paths_are_taken_unless_exclusions_are_forced() {
        let dir = tree(&["skip/Dockerfile", "skip/in/Dockerfile"]);
        let root = dir.path();
        let arguments = [root.join("skip")];
        assert_eq!(files(&arguments, false).0.len(), 2);
        assert!(files(&arguments, true).0.is_empty());
        let arguments = [root.join("skip/Dockerfile")];
        assert!(files(&arguments, true).0.is_empty());
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
            "Dockerfile-ubuntu",
            "Dockerfile_python",
            "Containerfile-fedora",
            "Containerfile_rhel9",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in [
            "dockerfile.go",
            "dockerfile.pest",
            "dockerfile_test.go",
            "dockerfile-utils",
            "Dockerfile-",
            "README.md",
            "docker-compose.yml",
            "Dockerfiles",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
