//! Reading Dockerfiles, and writing them back atomically.
//!
//! A file is opened once: what is read, and the identity checked before the new text
//! replaces it, come from that one open. The new text goes to a temporary file in the same
//! folder that has no name until it is complete (Linux `O_TMPFILE`), carries the original's
//! owner, group, mode and extended attributes, is flushed to disk, and is renamed over the
//! original only if the path still names the file that was read; the folder is flushed
//! after. Otherwise the file is left as it is and the reason reported.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Files larger than this are reported and skipped unless `--max-file-size` says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// What was read, and what it was read from.
#[derive(Debug)]
pub struct Original {
    /// The file itself (a symlink resolved), for the checks before writing.
    target: PathBuf,
    /// Whether the path named was a symbolic link when it was read.
    was_symlink: bool,
    identity: Identity,
}

/// What must be unchanged for the file to be the one that was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity {
    device: u64,
    inode: u64,
    size: u64,
    modified: Option<std::time::SystemTime>,
}

impl Identity {
    fn of(metadata: &std::fs::Metadata) -> Identity {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (metadata.dev(), metadata.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        Identity {
            device,
            inode,
            size: metadata.len(),
            modified: metadata.modified().ok(),
        }
    }
}

/// Read a file as UTF-8 (no size limit: `parse` reads what it is given).
pub fn read(path: &Path) -> Result<String> {
    read_limited(path, u64::MAX).map(|(text, _)| text)
}

/// Read a file as UTF-8 and note what it was read from (for `write_atomic`); files over
/// `max_size` bytes are not read.
pub fn read_checked(path: &Path, max_size: u64) -> Result<(String, Original)> {
    let link =
        std::fs::symlink_metadata(path).with_context(|| format!("reading {}", path.display()))?;
    let (text, metadata) = read_limited(path, max_size)?;
    let target =
        std::fs::canonicalize(path).with_context(|| format!("resolving {}", path.display()))?;
    let original = Original {
        target,
        was_symlink: link.file_type().is_symlink(),
        identity: Identity::of(&metadata),
    };
    Ok((text, original))
}

/// Read a file as UTF-8, and its metadata; files over `max_size` bytes are not read. What
/// is only read (`check`, `--diff`) needs no more: the checks before writing cost a path
/// resolution per file.
pub fn read_limited(path: &Path, max_size: u64) -> Result<(String, std::fs::Metadata)> {
    let mut file = File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let metadata = file
        .metadata()
        .with_context(|| format!("reading {}", path.display()))?;
    if metadata.len() > max_size {
        bail!(
            "{} bytes, over the size limit of {max_size} (--max-file-size): skipped",
            metadata.len()
        );
    }
    // Through `take`: `File::read_to_end` would ask the size and the position again (two
    // system calls per file), and a file that grew since is still read only up to the limit.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    (&mut file)
        .take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {}", path.display()))?;
    if bytes.len() as u64 > max_size {
        bail!("grew over the size limit of {max_size} (--max-file-size) while read: skipped");
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        anyhow::anyhow!("not UTF-8 (invalid byte at offset {offset})")
    })?;
    Ok((text, metadata))
}

/// Replace a file's content atomically (see the module's comment). A symlink is followed,
/// so the file it points to is updated and the link stays. Hard links to the file are not:
/// the path gets a new file, the other names keep the old text.
pub fn write_atomic(path: &Path, original: &Original, content: &str) -> Result<()> {
    let link =
        std::fs::symlink_metadata(path).context("file gone since it was read: left unchanged")?;
    if link.file_type().is_symlink() && !original.was_symlink {
        bail!("replaced by a symbolic link since it was read: left unchanged");
    }
    let target =
        std::fs::canonicalize(path).context("file gone since it was read: left unchanged")?;
    if target != original.target {
        bail!("now leads to another file than the one read: left unchanged");
    }
    let metadata = std::fs::symlink_metadata(&target)?;
    if metadata.permissions().readonly() {
        bail!("file is read-only");
    }
    let (Some(folder), Some(name)) = (target.parent(), target.file_name()) else {
        bail!("cannot write {}", target.display());
    };
    platform::replace(folder, name, original, &metadata, content)
}

/// Write `content` to `path`, which must still hold `original` (`None`: must not exist),
/// atomically: a fix computed from a file (`.dockerignore`) refuses to overwrite a newer
/// one.
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
        std::io::Write::write_all(&mut temporary, content.as_bytes())?;
        temporary
            .as_file()
            .sync_all()
            .with_context(|| format!("flushing {}", path.display()))?;
        temporary
            .persist_noclobber(path)
            .map_err(|e| e.error)
            .with_context(|| format!("creating {} (it appeared meanwhile?)", path.display()))?;
        return Ok(());
    };
    let (current, read) = read_checked(path, u64::MAX)?;
    if current != original {
        bail!("changed since dockfix read it; left as is");
    }
    write_atomic(path, &read, content)
}

/// Checks that the file at `name` is still the one read.
fn unchanged(now: Identity, original: &Original) -> Result<()> {
    if now != original.identity {
        bail!("changed since it was read: left unchanged");
    }
    Ok(())
}

#[cfg(target_os = "linux")]
mod platform {
    //! `openat`/`renameat` on the folder opened once, so that a folder swapped for a
    //! symlink after the checks cannot redirect the write.

    use std::ffi::OsStr;
    use std::fs::Metadata;
    use std::io::Write;
    use std::os::fd::OwnedFd;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;
    use std::sync::atomic::{AtomicU64, Ordering};

    use anyhow::{Context, Result, bail};
    use rustix::fs::{AtFlags, Mode, OFlags};
    use rustix::io::Errno;

    use super::{Identity, Original, unchanged};

    pub(super) fn replace(
        folder: &Path,
        name: &OsStr,
        original: &Original,
        metadata: &Metadata,
        content: &str,
    ) -> Result<()> {
        let dir = rustix::fs::open(
            folder,
            OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .with_context(|| format!("opening {}", folder.display()))?;
        unchanged(identity_at(&dir, name)?, original)?;
        let (temporary, linked) = temporary_in(&dir)
            .with_context(|| format!("creating a temporary file in {}", folder.display()))?;
        let result = fill(&temporary, metadata, content, &folder.join(name)).and_then(|()| {
            let temp_name = match linked.clone() {
                Some(temp_name) => temp_name,
                None => link(&dir, &temporary)?,
            };
            let renamed = unchanged(identity_at(&dir, name)?, original).and_then(|()| {
                rustix::fs::renameat(&dir, temp_name.as_str(), &dir, name)
                    .context("replacing the file")
            });
            if renamed.is_err() {
                let _ = rustix::fs::unlinkat(&dir, temp_name.as_str(), AtFlags::empty());
            }
            renamed
        });
        if result.is_err()
            && let Some(temp_name) = linked
        {
            let _ = rustix::fs::unlinkat(&dir, temp_name.as_str(), AtFlags::empty());
        }
        result?;
        // The rename is durable once the folder is.
        rustix::fs::fsync(&dir).context("flushing the folder")?;
        Ok(())
    }

    fn identity_at(dir: &OwnedFd, name: &OsStr) -> Result<Identity> {
        let stat = rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
            .context("file gone since it was read: left unchanged")?;
        if (stat.st_mode & 0o170000) == 0o120000 {
            bail!("replaced by a symbolic link since it was read: left unchanged");
        }
        let modified = std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(
            stat.st_mtime as u64,
            stat.st_mtime_nsec as u32,
        ));
        Ok(Identity {
            device: stat.st_dev,
            inode: stat.st_ino,
            size: stat.st_size as u64,
            modified,
        })
    }

    /// A temporary file with no name (`O_TMPFILE`), so that it cannot outlive the process;
    /// where the file system does not have them, a named one (and its name).
    fn temporary_in(dir: &OwnedFd) -> Result<(OwnedFd, Option<String>)> {
        let flags = OFlags::WRONLY | OFlags::CLOEXEC;
        match rustix::fs::openat(
            dir,
            ".",
            flags | OFlags::TMPFILE,
            Mode::from_raw_mode(0o600),
        ) {
            Ok(file) => return Ok((file, None)),
            Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL | Errno::NOENT) => {}
            Err(error) => return Err(error.into()),
        }
        // Named temporary files can outlive a killed run: remove those of dead runs first.
        remove_stale_temporaries(dir);
        loop {
            let name = temporary_name();
            match rustix::fs::openat(
                dir,
                name.as_str(),
                flags | OFlags::CREATE | OFlags::EXCL,
                Mode::from_raw_mode(0o600),
            ) {
                Ok(file) => return Ok((file, Some(name))),
                Err(Errno::EXIST) => continue,
                Err(error) => return Err(error.into()),
            }
        }
    }

    /// Remove `.dockfix-PID-N.tmp` files (the names `temporary_name` gives) whose process
    /// is gone.
    pub(super) fn remove_stale_temporaries(dir: &OwnedFd) {
        let Ok(entries) = rustix::fs::Dir::read_from(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy();
            let Some(pid) = name
                .strip_prefix(".dockfix-")
                .and_then(|rest| rest.strip_suffix(".tmp"))
                .and_then(|rest| rest.split_once('-'))
                .and_then(|(pid, count)| count.bytes().all(|b| b.is_ascii_digit()).then_some(pid))
                .and_then(|pid| pid.parse::<u32>().ok())
            else {
                continue;
            };
            if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = rustix::fs::unlinkat(dir, entry.file_name(), AtFlags::empty());
            }
        }
    }

    fn temporary_name() -> String {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let count = COUNT.fetch_add(1, Ordering::Relaxed);
        format!(".dockfix-{}-{count}.tmp", std::process::id())
    }

    /// Give the finished unnamed file a temporary name, to rename it over the original.
    fn link(dir: &OwnedFd, file: &OwnedFd) -> Result<String> {
        let proc_path = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(file));
        loop {
            let name = temporary_name();
            let linked = rustix::fs::linkat(file, "", dir, name.as_str(), AtFlags::EMPTY_PATH)
                .or_else(|_| {
                    rustix::fs::linkat(
                        rustix::fs::CWD,
                        proc_path.as_str(),
                        dir,
                        name.as_str(),
                        AtFlags::SYMLINK_FOLLOW,
                    )
                });
            match linked {
                Ok(()) => return Ok(name),
                Err(Errno::EXIST) => continue,
                Err(error) => return Err(error).context("naming the temporary file"),
            }
        }
    }

    /// The content, then the original's owner, group, mode and extended attributes, then
    /// flushed to disk.
    fn fill(file: &OwnedFd, metadata: &Metadata, content: &str, original: &Path) -> Result<()> {
        let mut writer = std::fs::File::from(file.try_clone()?);
        writer.write_all(content.as_bytes())?;
        keep_owner(file, metadata)?;
        // After the owner: changing it clears set-user-ID and set-group-ID bits.
        rustix::fs::fchmod(file, Mode::from_raw_mode(metadata.mode() & 0o7777))
            .context("keeping the mode")?;
        keep_extended_attributes(file, original)?;
        rustix::fs::fsync(file).context("flushing the new text")?;
        Ok(())
    }

    fn keep_owner(file: &OwnedFd, metadata: &Metadata) -> Result<()> {
        let stat = rustix::fs::fstat(file)?;
        if stat.st_uid == metadata.uid() && stat.st_gid == metadata.gid() {
            return Ok(());
        }
        let owner =
            (stat.st_uid != metadata.uid()).then(|| rustix::fs::Uid::from_raw(metadata.uid()));
        let group =
            (stat.st_gid != metadata.gid()).then(|| rustix::fs::Gid::from_raw(metadata.gid()));
        rustix::fs::fchown(file, owner, group).with_context(|| {
            format!(
                "cannot give the new file the owner {}:{} (not permitted): left unchanged",
                metadata.uid(),
                metadata.gid()
            )
        })
    }

    /// Copy the original's extended attributes (ACLs, labels, user attributes).
    fn keep_extended_attributes(file: &OwnedFd, original: &Path) -> Result<()> {
        const MAX: usize = 64 * 1024;
        let mut names = vec![0u8; MAX];
        let length = match rustix::fs::llistxattr(original, &mut names[..]) {
            Ok(length) => length,
            Err(Errno::OPNOTSUPP) => return Ok(()),
            Err(error) => return Err(error).context("reading the extended attributes"),
        };
        let mut value = vec![0u8; MAX];
        let mut present = vec![0u8; MAX];
        for name in names[..length].split(|&b| b == 0).filter(|n| !n.is_empty()) {
            let name = OsStr::from_bytes(name);
            let size = rustix::fs::lgetxattr(original, name, &mut value[..])
                .context("reading the extended attributes")?;
            let value = &value[..size];
            if rustix::fs::fsetxattr(file, name, value, rustix::fs::XattrFlags::empty()).is_err() {
                // A new file may already carry the same value (a security label): fine.
                let same = rustix::fs::fgetxattr(file, name, &mut present[..])
                    .is_ok_and(|size| &present[..size] == value);
                if !same {
                    bail!(
                        "cannot keep the extended attribute {}: left unchanged",
                        name.to_string_lossy()
                    );
                }
            }
        }
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    use std::ffi::OsStr;
    use std::fs::Metadata;
    use std::io::Write;
    use std::path::Path;

    use anyhow::{Context, Result};

    use super::{Identity, Original, unchanged};

    pub(super) fn replace(
        folder: &Path,
        name: &OsStr,
        original: &Original,
        metadata: &Metadata,
        content: &str,
    ) -> Result<()> {
        let target = folder.join(name);
        let mut temporary = tempfile::Builder::new()
            .prefix(".dockfix-")
            .tempfile_in(folder)
            .with_context(|| format!("creating a temporary file in {}", folder.display()))?;
        temporary.write_all(content.as_bytes())?;
        std::fs::set_permissions(temporary.path(), metadata.permissions())?;
        temporary.as_file().sync_all()?;
        unchanged(Identity::of(&std::fs::symlink_metadata(&target)?), original)?;
        temporary
            .persist(&target)
            .map_err(|e| e.error)
            .context("replacing the file")?;
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn setup(text: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let tree = dir.path().join("tree");
        std::fs::create_dir(&tree).unwrap_or_else(|e| panic!("{e}"));
        let file = tree.join("Dockerfile");
        std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
        let outside = dir.path().join("outside");
        std::fs::write(&outside, "secret\n").unwrap_or_else(|e| panic!("{e}"));
        (dir, file, outside)
    }

    fn read_back(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_default()
    }

    fn leftovers(folder: &Path) -> Vec<String> {
        std::fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".dockfix-"))
            .collect()
    }

    #[test]
    fn writes_the_file_that_was_read() {
        let (_dir, file, _) = setup("from a\n");
        let Ok((text, original)) = read_checked(&file, u64::MAX) else {
            panic!("read")
        };
        assert_eq!(text, "from a\n");
        assert!(write_atomic(&file, &original, "FROM a\n").is_ok());
        assert_eq!(read_back(&file), "FROM a\n");
        assert!(leftovers(file.parent().unwrap_or(Path::new("."))).is_empty());
    }

    #[test]
    fn a_path_swapped_for_a_symlink_is_left_alone() {
        let (_dir, file, outside) = setup("from a\n");
        let Ok((_, original)) = read_checked(&file, u64::MAX) else {
            panic!("read")
        };
        std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(&outside, &file).unwrap_or_else(|e| panic!("{e}"));
        let error = write_atomic(&file, &original, "FROM a\n").err();
        assert!(format!("{error:?}").contains("symbolic link"), "{error:?}");
        assert_eq!(read_back(&outside), "secret\n");
    }

    #[test]
    fn a_file_deleted_or_edited_after_reading_is_left_alone() {
        let (_dir, file, _) = setup("from a\n");
        let Ok((_, original)) = read_checked(&file, u64::MAX) else {
            panic!("read")
        };
        std::fs::write(&file, "from b\nrun x\n").unwrap_or_else(|e| panic!("{e}"));
        let error = write_atomic(&file, &original, "FROM a\n").err();
        assert!(format!("{error:?}").contains("changed since"), "{error:?}");
        assert_eq!(read_back(&file), "from b\nrun x\n");
        std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
        assert!(write_atomic(&file, &original, "FROM a\n").is_err());
        assert!(!file.exists(), "a deleted file was recreated");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn temporary_files_of_dead_runs_are_removed() {
        let (_dir, file, _) = setup("from a\n");
        let folder = file.parent().unwrap_or(Path::new("."));
        let dead = folder.join(".dockfix-4294967295-0.tmp");
        let ours = folder.join(format!(".dockfix-{}-7.tmp", std::process::id()));
        let other = folder.join(".dockfix-notes.tmp");
        for path in [&dead, &ours, &other] {
            std::fs::write(path, "").unwrap_or_else(|e| panic!("{e}"));
        }
        let dir = rustix::fs::open(
            folder,
            rustix::fs::OFlags::DIRECTORY,
            rustix::fs::Mode::empty(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        platform::remove_stale_temporaries(&dir);
        assert!(!dead.exists());
        assert!(ours.exists() && other.exists());
    }

    #[test]
    fn a_file_over_the_size_limit_is_not_read() {
        let (_dir, file, _) = setup("from a\n");
        let error = read_checked(&file, 3).err();
        assert!(format!("{error:?}").contains("size limit"), "{error:?}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn owner_group_mode_and_extended_attributes_are_kept() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let (_dir, file, _) = setup("from a\n");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640))
            .unwrap_or_else(|e| panic!("{e}"));
        let root = rustix::process::geteuid().is_root();
        if root {
            let owner = Some(rustix::fs::Uid::from_raw(1234));
            let group = Some(rustix::fs::Gid::from_raw(2345));
            rustix::fs::chown(&file, owner, group).unwrap_or_else(|e| panic!("{e}"));
        }
        let attribute = rustix::fs::setxattr(
            &file,
            "user.dockfix",
            b"kept",
            rustix::fs::XattrFlags::empty(),
        )
        .is_ok();
        let before = std::fs::metadata(&file).unwrap_or_else(|e| panic!("{e}"));
        let Ok((_, original)) = read_checked(&file, u64::MAX) else {
            panic!("read")
        };
        let written = write_atomic(&file, &original, "FROM a\n");
        assert!(written.is_ok(), "{written:?}");
        let after = std::fs::metadata(&file).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(before.ino(), after.ino(), "a new file replaced the old one");
        assert_eq!(after.mode() & 0o7777, 0o640);
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
        if root {
            assert_eq!((after.uid(), after.gid()), (1234, 2345));
        }
        if attribute {
            let mut value = [0u8; 16];
            let size = rustix::fs::getxattr(&file, "user.dockfix", &mut value[..]);
            assert_eq!(size.ok().map(|size| &value[..size]), Some(&b"kept"[..]));
        }
        println!("owner checked as root: {root}; extended attribute checked: {attribute}");
    }
}
