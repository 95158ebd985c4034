//! The build context: the files a build can COPY, minus what `.dockerignore` excludes.
//!
//! Rules read it through the `BuildContext` trait and never touch the file system
//! themselves, so the command line gives them the folder on disk (`DiskContext`) while the
//! language server and tests can give them files from memory (`MemoryContext`).

mod disk;
mod dockerignore;
mod memory;

pub use disk::DiskContext;
pub use dockerignore::DockerIgnore;
pub use memory::MemoryContext;

/// The files of a build context, by path relative to its root (`src/app.py`, no leading
/// `./` or `/` needed). Paths `.dockerignore` excludes are not there for a build, so every
/// method but `dockerignore` answers as if they did not exist.
pub trait BuildContext: Sync {
    /// Whether `relative` is a regular file of the context.
    fn is_file(&self, relative: &str) -> bool;

    /// Whether `relative` is a file or folder of the context.
    fn exists(&self, relative: &str) -> bool;

    /// The content of a regular file of the context.
    fn read(&self, relative: &str) -> Option<Vec<u8>>;

    /// The first `len` bytes of a regular file (enough to recognise an archive).
    fn read_head(&self, relative: &str, len: usize) -> Option<Vec<u8>> {
        let mut content = self.read(relative)?;
        content.truncate(len);
        Some(content)
    }

    /// The names of the entries of a folder of the context (`""` for the root).
    fn list(&self, folder: &str) -> Option<Vec<String>>;

    /// The `.dockerignore` that applies (`<Dockerfile name>.dockerignore` first), as text.
    fn dockerignore(&self) -> Option<&str>;

    /// The path of the `.dockerignore` that applies, relative to the root; `.dockerignore`
    /// when there is none (where a fix creates one).
    fn dockerignore_path(&self) -> &str {
        ".dockerignore"
    }
}

/// `folder/name`, or `name` in the root.
fn join(folder: &str, name: &str) -> String {
    match normalize(folder) {
        "" => name.to_string(),
        folder => format!("{folder}/{name}"),
    }
}

/// `./a/b`, `/a/b` -> `a/b`: context paths are relative to the root whatever their spelling.
pub fn normalize(relative: &str) -> &str {
    let mut path = relative;
    loop {
        let next = path.trim_start_matches('/');
        let next = next.strip_prefix("./").unwrap_or(next);
        if next == path {
            return path.trim_end_matches('/');
        }
        path = next;
    }
}
