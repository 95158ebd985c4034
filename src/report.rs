//! Diagnostics resolved to line:column, and the one result a file gives, from the engine's
//! outcome to the output formats.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::review::Suggestion;
use crate::syntax::{LineCol, LineIndex};

/// One edit of a fix, as positions in the file it applies to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EditSpan {
    pub start: LineCol,
    pub end: LineCol,
    /// Byte offsets, for formats that want them.
    pub start_offset: usize,
    pub end_offset: usize,
    pub replacement: String,
}

/// A fix as reported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FixSummary {
    pub applicability: Applicability,
    pub title: String,
    pub edits: Vec<EditSpan>,
    /// The fix as whole lines, as `dockfix fix` writes them, for formats that post it as a
    /// suggested change (`Finding::with_suggestion`; `None` unless asked for).
    pub suggestion: Option<Suggestion>,
}

/// A diagnostic with its position resolved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub start: LineCol,
    pub end: LineCol,
    /// `start` and `end` with columns counted in UTF-8 bytes (reviewdog's convention).
    pub start_bytes: LineCol,
    pub end_bytes: LineCol,
    pub fix: Option<FixSummary>,
    /// The text of the line the finding starts on (for carets in human output).
    pub line_text: String,
}

impl Finding {
    /// Resolve a diagnostic against `source` (whose line index is `lines`).
    pub fn new(diagnostic: &Diagnostic, source: &str, lines: &LineIndex) -> Self {
        let at = |offset: usize| lines.line_col(source, offset);
        let line = lines.line(diagnostic.range.start);
        let line_start = lines.line_start(line);
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i);
        Finding {
            code: diagnostic.code,
            name: diagnostic.name,
            severity: diagnostic.severity,
            message: diagnostic.message.clone(),
            start: at(diagnostic.range.start),
            end: at(diagnostic.range.end),
            start_bytes: lines.line_col_bytes(diagnostic.range.start.min(source.len())),
            end_bytes: lines.line_col_bytes(diagnostic.range.end.min(source.len())),
            fix: diagnostic.fix.as_ref().map(|fix| FixSummary {
                applicability: fix.applicability,
                title: fix.title.clone(),
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| EditSpan {
                        start: at(edit.range.start),
                        end: at(edit.range.end),
                        start_offset: edit.range.start,
                        end_offset: edit.range.end,
                        replacement: edit.replacement.clone(),
                    })
                    .collect(),
                suggestion: None,
            }),
            line_text: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }

    /// With its fix as a suggestion of whole lines of `source` (the text the finding is
    /// in), written as `dockfix fix` writes them in `style`.
    pub fn with_suggestion(mut self, source: &str, style: &crate::format::FormatOptions) -> Self {
        if let Some(summary) = &mut self.fix {
            let fix = crate::diagnostic::Fix {
                applicability: summary.applicability,
                title: summary.title.clone(),
                edits: summary
                    .edits
                    .iter()
                    .map(|edit| {
                        crate::diagnostic::Edit::replace(
                            edit.start_offset..edit.end_offset,
                            edit.replacement.clone(),
                        )
                    })
                    .collect(),
                files: Vec::new(),
            };
            summary.suggestion = crate::review::suggestion(source, &fix, style);
        }
        self
    }

    pub fn fix_applicability(&self) -> Option<Applicability> {
        self.fix.as_ref().map(|f| f.applicability)
    }
}

/// Everything one file gave: the engine's findings and fixes (moved in, not copied), and
/// what happened when the command line wrote or diffed it.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub path: PathBuf,
    pub findings: Vec<Finding>,
    /// Read, parse or write error (the file was left untouched).
    pub error: Option<String>,
    /// The file changed (or would, with --check / --diff).
    pub changed: bool,
    /// Problems fixed, per rule code (see `engine::Outcome::fixed`).
    pub fixed: BTreeMap<&'static str, usize>,
    /// What this file puts on standard output: its diff (`--diff`), or its text when it came
    /// from standard input.
    pub printed: Option<String>,
}

impl FileReport {
    pub fn new(path: PathBuf) -> Self {
        FileReport {
            path,
            ..FileReport::default()
        }
    }

    /// A file left alone, and why.
    pub fn failed(path: PathBuf, error: String) -> Self {
        FileReport {
            path,
            error: Some(error),
            ..FileReport::default()
        }
    }
}
