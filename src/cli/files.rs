//! Finding Dockerfiles, reading them, and writing them back atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Whether a file name is a Dockerfile's: `Dockerfile`, `Containerfile`, `*.Dockerfile`,
/// `*.dockerfile`, `Dockerfile.*`, `*.containerfile` (and `Containerfile.*`), any case.
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
}

/// The Dockerfiles named by `paths`: files as given, directories walked (respecting
/// `.gitignore` and `.ignore`, not following symlinks). Sorted, without duplicates.
/// Paths that do not exist are returned as errors.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.is_dir() {
            missing.push((path.clone(), "no such file or directory".to_string()));
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .follow_links(false)
            .filter_entry(|entry| entry.file_name() != ".git")
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file && entry.file_name().to_str().is_some_and(is_dockerfile_name) {
                        files.push(clean(entry.into_path()));
                    }
                }
                Err(error) => missing.push((path.clone(), error.to_string())),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, missing)
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
            "Dockerfile-old",
            "README.md",
            "docker-compose.yml",
            "Dockerfiles",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
