//! What a rule reports: where, what, and how to fix it.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// How far a fix can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never applied (the change needs a human).
    DisplayOnly,
    /// Changes what the image is or does; applied only with `--unsafe-fixes`.
    Unsafe,
    /// Keeps the meaning BuildKit gives the file (apart from the intended change); applied by default.
    Safe,
}

/// Replace `range` of the source with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit {
            range: at..at,
            replacement: text.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Self {
        Edit {
            range,
            replacement: String::new(),
        }
    }
}

/// A set of edits applied together, or not at all.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, in a few words ("Merge into one RUN").
    pub title: String,
    pub edits: Vec<Edit>,
    /// Other files of the build context the fix writes (`.dockerignore`). A fix carries
    /// either edits of the Dockerfile or files, not both (see `engine::fix`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileEdit>,
}

/// A file of the build context a fix creates or replaces, next to the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileEdit {
    /// The path relative to the build context's root (`.dockerignore`).
    pub path: String,
    /// The content the fix was made from; `None`: the file does not exist, the fix creates
    /// it. Writing refuses a file that no longer has this content.
    pub original: Option<String>,
    /// The content after the fix.
    pub content: String,
}

impl Fix {
    pub fn new(
        applicability: Applicability,
        title: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Self {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            applicability,
            title: title.into(),
            edits,
            files: Vec::new(),
        }
    }

    /// A fix that writes other files of the build context and leaves the Dockerfile as is.
    pub fn files(
        applicability: Applicability,
        title: impl Into<String>,
        files: Vec<FileEdit>,
    ) -> Self {
        Fix {
            files,
            ..Fix::new(applicability, title, Vec::new())
        }
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(Applicability::Safe, title, edits)
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(Applicability::Unsafe, title, edits)
    }

    /// The smallest range covering every edit.
    pub fn range(&self) -> Range<usize> {
        let start = self.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
        let end = self
            .edits
            .iter()
            .map(|e| e.range.end)
            .max()
            .unwrap_or(start);
        start..end
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Rule code, e.g. `DF101`.
    pub code: &'static str,
    /// Rule name, e.g. `merge-runs`.
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Byte range in the source the diagnostic points at.
    pub range: Range<usize>,
    pub fix: Option<Fix>,
}
