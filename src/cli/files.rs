//! Reading Dockerfiles, and writing them back atomically.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

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

/// Write `content` to `path`, which must still hold `original` (`None`: must not exist),
/// atomically: a fix computed from a file refuses to overwrite a newer one.
pub fn write_expected(path: &Path, original: Option<&str>, content: &str) -> Result<()> {
    let Some(original) = original else {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut temporary = tempfile::Builder::new()
            .prefix(".dockfix-")
            .tempfile_in(folder)
            .with_context(|| format!("creating a temporary file in {}", folder.display()))?;
        temporary.write_all(content.as_bytes())?;
        temporary
            .persist_noclobber(path)
            .map_err(|e| e.error)
            .with_context(|| format!("creating {} (it appeared meanwhile?)", path.display()))?;
        return Ok(());
    };
    let current =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    if current != original {
        bail!("changed since dockfix read it; left as is");
    }
    write_atomic(path, content)
}
