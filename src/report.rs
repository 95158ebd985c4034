//! Diagnostics resolved to line:column, per file: what the output formats print.

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

    /// With the fix of `diagnostic` (this finding's) as a suggestion of whole lines,
    /// formatted in `style`.
    pub fn with_suggestion(
        mut self,
        diagnostic: &Diagnostic,
        source: &str,
        style: &crate::format::FormatOptions,
    ) -> Self {
        if let (Some(summary), Some(fix)) = (&mut self.fix, &diagnostic.fix) {
            summary.suggestion = crate::review::suggestion(source, fix, style);
        }
        self
    }

    /// `Finding::new`, and `with_suggestion` in `style` when one is given (for the output
    /// formats that show suggestions).
    pub fn for_output(
        diagnostic: &Diagnostic,
        source: &str,
        lines: &LineIndex,
        suggestion_style: Option<&crate::format::FormatOptions>,
    ) -> Self {
        let finding = Finding::new(diagnostic, source, lines);
        match suggestion_style {
            Some(style) => finding.with_suggestion(diagnostic, source, style),
            None => finding,
        }
    }

    pub fn fix_applicability(&self) -> Option<Applicability> {
        self.fix.as_ref().map(|f| f.applicability)
    }
}

/// Everything reported about one file.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FileReport {
    pub path: PathBuf,
    pub findings: Vec<Finding>,
    /// Read, parse or write error (the file was left untouched).
    pub error: Option<String>,
    /// The file changed (or would, with --check / --diff).
    pub changed: bool,
    /// Fixes applied, per rule code.
    pub applied: Vec<(&'static str, usize)>,
}
