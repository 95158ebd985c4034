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
//! [rules.merge-runs]
//! policy = "related"                # "related" (RUNs that do one job) | "all"
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
//! unsafe-fixes, merge-runs)`. Errors never repeat a value (it may be a secret pasted in the wrong
//! place): `rules.select: not a rule code, code prefix or rule name`. A file larger than
//! `MAX_FILE_SIZE` is refused without being read whole.
//!
//! Patterns (`[per-file-ignores]`, `[files]`, `[[context]] dockerfile`, and `--exclude` on
//! the command line) are `.gitignore` lines relative to the folder of the file that wrote
//! them (of the current folder for a `--config` fragment), matched by the same matcher
//! (`patterns.rs`): `*` does not cross `/`, `**` does, a pattern without `/` matches a name
//! at any depth, a trailing `/` matches folders only, and in a list (`[files]`) a later
//! `!pattern` brings back what an earlier one left out. `[files] exclude` applies to what a
//! walk finds (a folder named on the command line is walked even if excluded); the other
//! patterns also match what is inside a folder they name. Context paths are relative the
//! same way.
//!
//! # The modules
//!
//! `arguments` sorts `--config` values; `resolver` finds, reads, caches and merges files;
//! `layer` is one file's schema, checked; `patterns` the pattern dialect; `error` the
//! messages.
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
//! leaves out or adds; `Resolver::is_excluded_with_parents` answers for paths named on the
//! command line (`--force-exclude`).

mod arguments;
mod error;
mod layer;
mod patterns;
mod resolver;
#[cfg(test)]
mod tests;

use std::path::{Component, Path, PathBuf};

pub use arguments::{ConfigArgument, ConfigArguments};
pub use error::{ConfigError, Origin};
pub use patterns::{BadPattern, PatternMap, Patterns};
pub use resolver::{Config, FileFilter, FileSettings, Resolver};

/// The names a configuration file can have, in the order they are looked for.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["dockfix.toml", ".dockfix.toml"];

/// The largest configuration file read (1 MiB): thousands of pins fit in it.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// `path` made absolute against `base`, with `.` and `..` resolved as text (symlinks are
/// kept, as the user wrote them).
pub fn absolute(base: &Path, path: &Path) -> PathBuf {
    normalized(base.join(path))
}

fn normalize(path: &Path) -> PathBuf {
    normalized(path.to_path_buf())
}

/// `path` with `.` and `..` resolved as text; given back as it is when already normal.
fn normalized(path: PathBuf) -> PathBuf {
    if is_normal(&path) {
        return path;
    }
    #[cfg(unix)]
    if let Some(normalized) = normalize_absolute(&path) {
        return normalized;
    }
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

/// Whether `normalize` would give `path` back unchanged: absolute, and no empty, `.` or `..`
/// component (most paths are; the check is a byte scan where normalizing rebuilds the path).
fn is_normal(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    let Some(rest) = bytes.strip_prefix(b"/") else {
        return false;
    };
    rest.is_empty()
        || rest
            .split(|&byte| byte == b'/')
            .all(|part| !matches!(part, b"" | b"." | b".."))
}

/// An absolute path normalized on its bytes (every walked path goes through here, most with
/// a `./` or `../` from the command line, and rebuilding a `PathBuf` component by component
/// cost more than the rest of the configuration lookup). `None` for a relative path.
#[cfg(unix)]
fn normalize_absolute(path: &Path) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    let bytes = path.as_os_str().as_encoded_bytes();
    let rest = bytes.strip_prefix(b"/")?;
    // Built in place: each part appended after a `/`, `..` cuts back to the previous `/`.
    let mut out = Vec::with_capacity(bytes.len());
    for part in rest.split(|&byte| byte == b'/') {
        match part {
            b"" | b"." => {}
            // Above the root is the root.
            b".." => out.truncate(out.iter().rposition(|&byte| byte == b'/').unwrap_or(0)),
            _ => {
                out.push(b'/');
                out.extend_from_slice(part);
            }
        }
    }
    if out.is_empty() {
        out.push(b'/');
    }
    Some(PathBuf::from(std::ffi::OsString::from_vec(out)))
}

/// A path as shown in messages: relative to `cwd` when below it.
fn shown(cwd: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}
