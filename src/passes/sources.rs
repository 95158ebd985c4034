//! What the sources of an ADD are: remote (URL, git), local archives that ADD would
//! extract, other local files, or unknown (variables, wildcards without a build context).

use super::Context;
use crate::build_context::BuildContext;
use crate::model::{Command, Instruction, Keyword};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `http(s)://...`: downloaded, never extracted.
    Url,
    /// A git repository (`git@host:...`, `git://`, `ssh://`, `https://...git`).
    Git,
    /// A local tar archive (possibly compressed): ADD extracts it.
    Archive,
    /// A local file or folder ADD copies as COPY would.
    Local,
    /// Cannot be told apart without evaluating it (a variable; a wildcard with no context).
    Unknown,
}

/// File-name endings of archives ADD may extract (tar, compressed tar, or a compressed
/// file that might hold a tar).
const ARCHIVE_ENDINGS: [&str; 14] = [
    ".tar", ".tgz", ".taz", ".tbz", ".tbz2", ".tb2", ".txz", ".tzst", ".gz", ".bz2", ".xz", ".zst",
    ".lz4", ".z",
];

pub fn is_archive_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    ARCHIVE_ENDINGS.iter().any(|ending| lower.ends_with(ending))
}

/// Whether a file's first bytes say tar or a compression ADD unpacks.
pub fn is_archive_content(head: &[u8]) -> bool {
    let compressed = head.starts_with(&[0x1f, 0x8b])
        || head.starts_with(b"BZh")
        || head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00])
        || head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]);
    let tar = head.get(257..262) == Some(b"ustar");
    compressed || tar
}

pub fn classify(source: &str, context: Option<&dyn BuildContext>) -> SourceKind {
    let lower = source.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let path = lower.split(['#', '?']).next().unwrap_or(&lower);
        return if path.ends_with(".git") {
            SourceKind::Git
        } else {
            SourceKind::Url
        };
    }
    if lower.starts_with("git://") || lower.starts_with("ssh://") || lower.starts_with("git@") {
        return SourceKind::Git;
    }
    if source.contains('$') {
        return SourceKind::Unknown;
    }
    let wildcard = source.contains(['*', '?', '[']);
    let Some(context) = context else {
        return match (is_archive_name(source), wildcard) {
            (true, _) => SourceKind::Archive,
            (false, true) => SourceKind::Unknown,
            (false, false) => SourceKind::Local,
        };
    };
    let relative = source.trim_start_matches('/').trim_start_matches("./");
    let files = if wildcard {
        match expand(context, relative) {
            Some(files) => files,
            None => return SourceKind::Unknown,
        }
    } else {
        vec![relative.to_string()]
    };
    let archive = files.iter().any(|file| {
        is_archive_name(file)
            || context
                .read_head(file, 512)
                .is_some_and(|head| is_archive_content(&head))
    });
    if archive {
        SourceKind::Archive
    } else {
        SourceKind::Local
    }
}

/// The files a wildcard in the last path component matches (one folder, not recursive).
fn expand(context: &dyn BuildContext, pattern: &str) -> Option<Vec<String>> {
    let (folder, name) = pattern.rsplit_once('/').unwrap_or(("", pattern));
    if folder.contains(['*', '?', '[']) {
        return None;
    }
    let glob = globset::GlobBuilder::new(name)
        .literal_separator(true)
        .build()
        .ok()?
        .compile_matcher();
    let mut files = Vec::new();
    for file_name in context.list(folder)? {
        let file_name = file_name.as_str();
        if glob.is_match(file_name) {
            files.push(if folder.is_empty() {
                file_name.to_string()
            } else {
                format!("{folder}/{file_name}")
            });
        }
    }
    Some(files)
}

/// An ADD of the file, ONBUILD ADD included, with its arguments as BuildKit reads them.
pub struct Add<'a> {
    /// Index of the instruction in `Dockerfile::instructions`.
    pub index: usize,
    pub instruction: &'a Instruction<'a>,
    /// The ADD (inside ONBUILD, the command it wraps).
    pub command: &'a Command,
    pub onbuild: bool,
    pub sources: Vec<String>,
    pub destination: String,
}

/// Every ADD whose sources and destination can be read (not heredocs, see `copy_arguments`).
pub fn adds<'a>(context: &Context<'a>) -> Vec<Add<'a>> {
    let escape = context.dockerfile.tree.escape.char();
    let instructions = context.instructions();
    let mut adds = Vec::new();
    for (index, instruction) in instructions.iter().enumerate() {
        let Some(outer) = &instruction.command else {
            continue;
        };
        let command = outer.effective();
        if command.keyword != Keyword::Add || context.has_heredoc(instruction) {
            continue;
        }
        let line = &instruction.logical.text;
        let Some((sources, destination)) = copy_arguments(command, line, escape) else {
            continue;
        };
        adds.push(Add {
            index,
            instruction,
            command,
            onbuild: outer.keyword == Keyword::Onbuild,
            sources,
            destination,
        });
    }
    adds
}

/// The sources and destination of a COPY or ADD, quotes removed as BuildKit removes them.
/// `None` for heredoc forms or arguments BuildKit's lexer rejects.
pub fn copy_arguments(
    command: &crate::model::Command,
    line: &str,
    escape: char,
) -> Option<(Vec<String>, String)> {
    let mut words: Vec<String> = match &command.args {
        crate::model::Args::Json(strings) => strings.iter().map(|s| s.value.clone()).collect(),
        crate::model::Args::List(words) => {
            let lex = crate::syntax::lex::Lex::new(escape);
            words
                .iter()
                .map(|w| lex.process_word(&line[w.clone()]).ok())
                .collect::<Option<_>>()?
        }
        _ => return None,
    };
    if words.len() < 2 || words.iter().any(|w| w.starts_with("<<")) {
        return None;
    }
    let destination = words.pop()?;
    Some((words, destination))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_name_without_context() {
        assert_eq!(
            classify("https://example.com/a.tar.gz", None),
            SourceKind::Url
        );
        assert_eq!(
            classify("https://github.com/moby/buildkit.git#v0.10", None),
            SourceKind::Git
        );
        assert_eq!(
            classify("git@github.com:moby/buildkit.git", None),
            SourceKind::Git
        );
        assert_eq!(classify("app.tar.gz", None), SourceKind::Archive);
        assert_eq!(classify("rootfs.tar", None), SourceKind::Archive);
        assert_eq!(classify("src/", None), SourceKind::Local);
        assert_eq!(classify("config.json", None), SourceKind::Local);
        assert_eq!(classify("$SRC", None), SourceKind::Unknown);
        assert_eq!(classify("*.jar", None), SourceKind::Unknown);
    }

    #[test]
    fn content_magic() {
        assert!(is_archive_content(&[0x1f, 0x8b, 8, 0]));
        let mut tar = vec![0u8; 300];
        tar[257..262].copy_from_slice(b"ustar");
        assert!(is_archive_content(&tar));
        assert!(!is_archive_content(b"{ \"a\": 1 }"));
    }
}
