//! Finding Dockerfiles: the paths named on the command line, and what a walk finds below
//! the folders among them.

use foldhash::{HashSet, HashSetExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::folders::{Folder, Folders, Listing};

/// Whether a file name is a Dockerfile's: `Dockerfile`, `Containerfile` (any case),
/// `*.Dockerfile`, `*.dockerfile`, `*.containerfile` (any case), and `Dockerfile.*`,
/// `Dockerfile-*`, `Dockerfile_*` and the same for `Containerfile`, with the capital letter,
/// as they are written: in lower case such names are also source files (`dockerfile.go`,
/// `dockerfile_test.go`). Not `*.dockerignore`: `Dockerfile.dockerignore` is the ignore file
/// of `Dockerfile`.
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".dockerignore") {
        return false;
    }
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
    /// Whether `excluded` can say yes to anything directly in `folder`: asked once per
    /// folder, so that the entries of a folder no exclusion applies to are not each asked.
    fn may_exclude_in(&self, _folder: &Path) -> bool {
        true
    }
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
    folders: Arc<Folders>,
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
            let mut rest = walk_one(
                argument,
                path,
                root.clone(),
                filter.clone(),
                folders.clone(),
                force_exclude,
            );
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
    folders: Arc<Folders>,
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
    let mut walk = FolderWalk {
        argument,
        top: path.to_path_buf(),
        identity: root,
        above: IgnoresAbove::of(path, &folders),
        filter,
        folders,
        frames: Vec::new(),
        errors: std::collections::VecDeque::new(),
    };
    walk.enter(path);
    Box::new(walk)
}

/// A walk of one folder named on the command line: depth first, each folder's entries in
/// file-name order (which is the order of sorting the paths), not following symlinks, so
/// nothing outside the tree is reached. Each folder is read once: its listing answers the
/// walk's questions (`.gitignore`, `.ignore`) and, kept in `Folders`, configuration
/// discovery's and the build context's.
///
/// What is left out, as the `ignore` crate's walk (which this replaced) leaves it out with
/// `hidden(false)`, `require_git(false)` and `git_exclude(false)`: `.git`; what the
/// `.ignore` files of the folder and the folders above it ignore, then (where no `.ignore`
/// decides) their `.gitignore` files, then git's global excludes file, each nearest file
/// first and its last matching pattern deciding; then what `filter` excludes. The
/// patterns are the `ignore` crate's `Gitignore`, and `tests::same_files_as_the_ignore_crate`
/// holds the two walks together.
struct FolderWalk {
    argument: usize,
    top: PathBuf,
    /// The canonical top, for files reachable from two arguments.
    identity: Option<PathBuf>,
    above: IgnoresAbove,
    filter: Arc<dyn Filter>,
    folders: Arc<Folders>,
    /// The folders being walked, outermost first.
    frames: Vec<Frame>,
    /// Errors met reading a folder, given before its entries, in order.
    errors: std::collections::VecDeque<Item>,
}

/// A folder being walked: its ignore files, and the entries still to visit (last first).
struct Frame {
    ignores: IgnoreFiles,
    entries: Vec<(PathBuf, std::fs::FileType)>,
    /// Whether the filter may exclude one of the entries (`Filter::may_exclude_in`).
    filtered: bool,
}

/// The `.ignore` and `.gitignore` patterns of one folder.
#[derive(Default)]
struct IgnoreFiles {
    ignore: Option<Gitignore>,
    gitignore: Option<Gitignore>,
}

impl IgnoreFiles {
    /// The ignore files of `folder` that its listing says are there, read.
    fn read(folder: &Path, listing: &Folder) -> Self {
        let [has_ignore, has_gitignore] =
            [".ignore", ".gitignore"].map(|name| listing.is_file(name));
        let compile = |name: &str| {
            let mut builder = GitignoreBuilder::new(folder);
            // A pattern that does not compile is skipped, as git skips it; the rest apply.
            let _ = builder.add(folder.join(name));
            builder.build().ok().filter(|patterns| !patterns.is_empty())
        };
        IgnoreFiles {
            ignore: has_ignore.then(|| compile(".ignore")).flatten(),
            gitignore: has_gitignore.then(|| compile(".gitignore")).flatten(),
        }
    }

    fn is_empty(&self) -> bool {
        self.ignore.is_none() && self.gitignore.is_none()
    }
}

/// The ignore files of the folders above a walked one (nearest first), matched against
/// absolute paths.
struct IgnoresAbove {
    /// The walked folder, canonical.
    top: PathBuf,
    files: Vec<IgnoreFiles>,
}

impl IgnoresAbove {
    fn of(top: &Path, folders: &Folders) -> Self {
        let Ok(canonical) = std::fs::canonicalize(top) else {
            return IgnoresAbove {
                top: PathBuf::new(),
                files: Vec::new(),
            };
        };
        let files = canonical
            .ancestors()
            .skip(1)
            .map(|folder| IgnoreFiles::read(folder, &folders.folder(folder)))
            .filter(|files| !files.is_empty())
            .collect();
        IgnoresAbove {
            top: canonical,
            files,
        }
    }
}

/// Git's global excludes file (`core.excludesFile`, or `$XDG_CONFIG_HOME/git/ignore`),
/// read once.
fn global_excludes() -> &'static Gitignore {
    static GLOBAL: std::sync::OnceLock<Gitignore> = std::sync::OnceLock::new();
    GLOBAL.get_or_init(|| Gitignore::global().0)
}

impl FolderWalk {
    /// Read `folder`, keep its listing, and walk its entries next.
    fn enter(&mut self, folder: &Path) {
        let read = match std::fs::read_dir(folder) {
            Ok(read) => read,
            Err(error) => {
                self.error(folder, &error);
                return;
            }
        };
        let mut entries = Vec::new();
        for entry in read {
            match entry.and_then(|entry| Ok((entry.path(), entry.file_type()?))) {
                Ok(entry) => entries.push(entry),
                Err(error) => self.error(folder, &error),
            }
        }
        let listing = self.folders.record(
            folder,
            Listing::from_entries(
                entries
                    .iter()
                    .filter_map(|(path, file_type)| Some((path.file_name()?, *file_type))),
            ),
        );
        // Last first: entries are popped.
        entries.sort_unstable_by(|a, b| b.0.file_name().cmp(&a.0.file_name()));
        self.frames.push(Frame {
            ignores: IgnoreFiles::read(folder, &listing),
            entries,
            filtered: self.filter.may_exclude_in(folder),
        });
    }

    fn error(&mut self, path: &Path, error: &std::io::Error) {
        self.errors.push_back(Item::Error(Found::Error {
            argument: self.argument,
            path: self.top.clone(),
            message: format!("{}: {error}", path.display()),
        }));
    }

    /// Whether the ignore files leave `path` out.
    fn ignored(&self, path: &Path, is_dir: bool) -> bool {
        let above = || {
            path.strip_prefix(&self.top)
                .ok()
                .map(|below| self.above.top.join(below))
        };
        let absolute = std::cell::OnceCell::new();
        let first = |pick: fn(&IgnoreFiles) -> Option<&Gitignore>| {
            let walked = self
                .frames
                .iter()
                .rev()
                .filter_map(|frame| pick(&frame.ignores));
            for patterns in walked {
                let found = patterns.matched(path, is_dir);
                if !found.is_none() {
                    return Some(found.is_ignore());
                }
            }
            let mut higher = self.above.files.iter().filter_map(pick).peekable();
            higher.peek()?;
            let absolute = absolute.get_or_init(above).as_ref()?;
            for patterns in higher {
                let found = patterns.matched(absolute, is_dir);
                if !found.is_none() {
                    return Some(found.is_ignore());
                }
            }
            None
        };
        first(|files| files.ignore.as_ref())
            .or_else(|| first(|files| files.gitignore.as_ref()))
            .unwrap_or_else(|| global_excludes().matched(path, is_dir).is_ignore())
    }
}

impl Iterator for FolderWalk {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(error) = self.errors.pop_front() {
                return Some(error);
            }
            let frame = self.frames.last_mut()?;
            let Some((path, file_type)) = frame.entries.pop() else {
                self.frames.pop();
                continue;
            };
            let filtered = frame.filtered;
            let is_dir = file_type.is_dir();
            let name = path.file_name().unwrap_or_default();
            if name == ".git"
                || self.ignored(&path, is_dir)
                || (filtered && self.filter.excluded(&path, is_dir))
            {
                continue;
            }
            if is_dir {
                self.enter(&path);
                continue;
            }
            // `[files] include` is asked of files only: it costs a configuration lookup.
            let dockerfile = file_type.is_file()
                && (name.to_str().is_some_and(is_dockerfile_name) || self.filter.included(&path));
            if !dockerfile {
                continue;
            }
            let identity = self
                .identity
                .as_ref()
                .map(|root| match path.strip_prefix(&self.top) {
                    Ok(below) => root.join(below),
                    Err(_) => path.clone(),
                });
            return Some(Item::File {
                path: clean(path),
                identity,
            });
        }
    }
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
        let folders = Arc::new(Folders::of_current_folder());
        for found in walk(arguments, Arc::new(TestFilter), folders, force_exclude) {
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

    /// The files the `ignore` crate's walk gives with the options this walk replaced.
    fn ignore_crate_files(top: &Path) -> Vec<PathBuf> {
        ignore::WalkBuilder::new(top)
            .hidden(false)
            .follow_links(false)
            .require_git(false)
            .git_exclude(false)
            .filter_entry(|entry| entry.file_name() != ".git")
            .sort_by_file_name(|a, b| a.cmp(b))
            .build()
            .flatten()
            .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
            .filter(|entry| {
                let name = entry.file_name().to_str().unwrap_or_default();
                is_dockerfile_name(name) || name.ends_with(".in")
            })
            .map(|entry| clean(entry.into_path()))
            .collect()
    }

    #[test]
    fn same_files_as_the_ignore_crate() {
        let dir = tree(&[
            "outer/Dockerfile",
            "outer/top/Dockerfile",
            "outer/top/generated/Dockerfile",
            "outer/top/generated/keep/Dockerfile",
            "outer/top/a/Dockerfile.dev",
            "outer/top/a/Dockerfile.prod",
            "outer/top/a/b/Dockerfile",
            "outer/top/a/b/c/Dockerfile",
            "outer/top/a/b/c/x.in",
            "outer/top/build/Dockerfile",
            "outer/top/src/build/Dockerfile",
            "outer/top/docs/Dockerfile",
            "outer/top/docs/api.Dockerfile",
            "outer/top/.hidden/Dockerfile",
            "outer/top/.git/Dockerfile",
            "outer/top/vendor/Dockerfile",
            "outer/top/vendor/kept/Dockerfile",
            "outer/top/tmp.in",
        ]);
        let write = |path: &str, text: &str| {
            std::fs::write(dir.path().join(path), text).unwrap_or_default();
        };
        // Above the walked folder: applies with paths from the filesystem root.
        write(
            "outer/.gitignore",
            "top/docs/api.Dockerfile\n/top/vendor/\n",
        );
        write(
            "outer/top/.gitignore",
            "generated/\n!generated/keep/\n/build/\n*.prod\ntmp.in\n",
        );
        // `.ignore` decides before `.gitignore`: it brings the vendor folder back.
        write("outer/top/.ignore", "!vendor/\n");
        write(
            "outer/top/vendor/.gitignore",
            "*\n!kept/\n!kept/Dockerfile\n",
        );
        write("outer/top/a/b/.gitignore", "c/\n");
        write("outer/top/a/b/c/.ignore", "!x.in\n");
        write("outer/top/a/.ignore", "b/c/Dockerfile\n");
        let top = dir.path().join("outer/top");
        let expected = ignore_crate_files(&top);
        let folders = Arc::new(Folders::of_current_folder());
        let walked: Vec<PathBuf> = walk(
            std::slice::from_ref(&top),
            Arc::new(NoFilter),
            folders,
            false,
        )
        .filter_map(|found| match found {
            Found::File(path) => Some(path),
            Found::Error { .. } => None,
        })
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            is_dockerfile_name(name) || name.ends_with(".in")
        })
        .collect();
        assert_eq!(walked, expected);
        // The cases above are exercised: some files are left out, some brought back.
        assert!(walked.contains(&top.join("vendor/kept/Dockerfile")));
        assert!(walked.contains(&top.join("src/build/Dockerfile")));
        assert!(!walked.contains(&top.join("build/Dockerfile")));
        assert!(!walked.contains(&top.join("docs/api.Dockerfile")));
        assert!(!walked.contains(&top.join(".git/Dockerfile")));
        assert!(walked.contains(&top.join(".hidden/Dockerfile")));
        // Nothing below an ignored folder comes back (`generated/keep`, `a/b/c`), as in git.
        assert_eq!(walked.len(), 7, "{walked:#?}");
    }

    /// Takes every `*.in` file, excludes nothing.
    struct NoFilter;

    impl Filter for NoFilter {
        fn excluded(&self, _: &Path, _: bool) -> bool {
            false
        }

        fn excluded_with_parents(&self, _: &Path, _: bool) -> bool {
            false
        }

        fn included(&self, path: &Path) -> bool {
            path.extension().is_some_and(|e| e == "in")
        }
    }

    #[test]
    fn an_unreadable_folder_is_an_error_and_the_rest_is_walked() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tree(&["a/Dockerfile", "locked/Dockerfile", "z/Dockerfile"]);
        let locked = dir.path().join("locked");
        let mode = |mode| std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(mode));
        mode(0o000).unwrap_or_default();
        // Root reads every folder: nothing to test there.
        let readable = std::fs::read_dir(&locked).is_ok();
        let (files, errors) = files(&[dir.path().to_path_buf()], false);
        mode(0o755).unwrap_or_default();
        if readable {
            return;
        }
        assert_eq!(
            files,
            [
                dir.path().join("a/Dockerfile"),
                dir.path().join("z/Dockerfile")
            ]
        );
        assert_eq!(errors, [0]);
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
            "Dockerfile.dockerignore",
            "api.Dockerfile.dockerignore",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
