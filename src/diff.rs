//! Unified diffs that `git apply` accepts (`a/` and `b/` headers, no-newline markers, odd
//! file names quoted as git quotes them).

use std::path::{Component, Path};

use similar::TextDiff;

/// The unified diff from `old` to `new` for `path` (relative to where the diff will be
/// applied); empty when they are equal.
pub fn unified(old: &str, new: &str, path: impl AsRef<Path>) -> String {
    if old == new {
        return String::new();
    }
    let name = header_name(path.as_ref());
    // Patience diff: linear on a file with rewrites all through it (Myers' diff costs lines
    // x changes), and hunks that keep whole instructions together for a reviewer.
    TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&quote("a/", &name), &quote("b/", &name))
        .to_string()
}

/// The unified diff that creates `path` with `content` (`--- /dev/null`), as git writes
/// it for a new file, which `git apply` accepts.
pub fn unified_new(content: &str, path: impl AsRef<Path>) -> String {
    let name = header_name(path.as_ref());
    TextDiff::from_lines("", content)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header("/dev/null", &quote("b/", &name))
        .to_string()
}

/// A path as it goes in a diff header: its components joined by `/` (on every system),
/// without `./` or a leading `/`, as bytes (a name need not be UTF-8).
fn header_name(path: &Path) -> Vec<u8> {
    let mut name = Vec::new();
    for component in path.components() {
        let part = match component {
            Component::Normal(part) => part,
            Component::ParentDir => std::ffi::OsStr::new(".."),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => continue,
        };
        if !name.is_empty() {
            name.push(b'/');
        }
        name.extend_from_slice(&os_bytes(part));
    }
    name
}

#[cfg(unix)]
fn os_bytes(part: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    part.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn os_bytes(part: &std::ffi::OsStr) -> Vec<u8> {
    part.to_string_lossy().into_owned().into_bytes()
}

/// `prefix` + `name`, quoted as git quotes a path (`quote_c_style` with `core.quotePath`):
/// as is when every byte is printable ASCII other than `"` and `\`; otherwise in double
/// quotes, with `\t`, `\n`, `\"`, `\\` and the like, and every other byte (control
/// characters, each byte of a non-ASCII character) as a three-digit octal escape.
fn quote(prefix: &str, name: &[u8]) -> String {
    let plain = |b: u8| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\';
    if name.iter().all(|&b| plain(b)) {
        // Printable ASCII only: valid UTF-8.
        return format!("{prefix}{}", String::from_utf8_lossy(name));
    }
    let mut quoted = format!("\"{prefix}");
    for &byte in name {
        match byte {
            0x07 => quoted.push_str("\\a"),
            0x08 => quoted.push_str("\\b"),
            b'\t' => quoted.push_str("\\t"),
            b'\n' => quoted.push_str("\\n"),
            0x0b => quoted.push_str("\\v"),
            0x0c => quoted.push_str("\\f"),
            b'\r' => quoted.push_str("\\r"),
            b'"' => quoted.push_str("\\\""),
            b'\\' => quoted.push_str("\\\\"),
            b if plain(b) => quoted.push(char::from(b)),
            b => quoted.push_str(&format!("\\{b:03o}")),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_git_headers_and_hunks() {
        let diff = unified("from a\nrun x\n", "FROM a\nRUN x\n", "Dockerfile");
        assert!(
            diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n"),
            "{diff}"
        );
        assert!(
            diff.contains("-from a\n-run x\n+FROM a\n+RUN x\n"),
            "{diff}"
        );
    }

    #[test]
    fn marks_a_missing_final_newline() {
        let diff = unified("FROM a", "FROM a\n", "Dockerfile");
        assert!(diff.contains("\\ No newline at end of file"), "{diff}");
    }

    #[test]
    fn equal_texts_give_no_diff() {
        assert_eq!(unified("x\n", "x\n", "f"), "");
    }

    #[test]
    fn names_are_quoted_as_git_quotes_them() {
        // What `git diff` prints for these names.
        let cases = [
            ("./dir/Dockerfile", "a/dir/Dockerfile"),
            ("b\\c", "\"a/b\\\\c\""),
            ("b\u{7f}\u{1}", "\"a/b\\177\\001\""),
            ("n\nl", "\"a/n\\nl\""),
            ("q\"q", "\"a/q\\\"q\""),
            ("x\ty", "\"a/x\\ty\""),
            ("\u{e9}", "\"a/\\303\\251\""),
        ];
        for (path, header) in cases {
            let name = header_name(Path::new(path));
            assert_eq!(quote("a/", &name), header, "{path:?}");
        }
    }
}
