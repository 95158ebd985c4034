//! `json`: one array of findings.
//!
//! ```json
//! [{"file": "Dockerfile", "code": "DF101", "name": "merge-runs", "severity": "info",
//!   "message": "...", "location": {"start": {"line": 3, "column": 1}, "end": {...}},
//!   "fix": {"applicability": "safe", "message": "Merge into one RUN",
//!           "edits": [{"content": "...", "location": {"start": {...}, "end": {...}}}]}}]
//! ```
//!
//! `fix` is `null` for a finding without one; `applicability` is `safe`, `unsafe` or
//! `display-only`.

use std::io::{self, Write};

use serde::Serialize;

use super::{json_error, shown_path};
use crate::diagnostic::{Applicability, Severity};
use crate::report::{FileReport, Finding};
use crate::syntax::LineCol;

pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let findings: Vec<JsonFinding> = findings(reports).collect();
    serde_json::to_writer_pretty(&mut *out, &findings).map_err(json_error)?;
    writeln!(out)
}

/// Every finding of `reports`, in order, as the JSON formats write it.
pub(super) fn findings(reports: &[FileReport]) -> impl Iterator<Item = JsonFinding<'_>> {
    reports.iter().flat_map(|report| {
        let file = shown_path(&report.path);
        report
            .findings
            .iter()
            .map(move |finding| JsonFinding::new(file.clone(), finding))
    })
}

#[derive(Serialize)]
pub(super) struct JsonFinding<'a> {
    file: String,
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: &'a str,
    location: Location,
    fix: Option<JsonFix<'a>>,
}

impl<'a> JsonFinding<'a> {
    fn new(file: String, finding: &'a Finding) -> Self {
        JsonFinding {
            file,
            code: finding.code,
            name: finding.name,
            severity: finding.severity,
            message: &finding.message,
            location: Location::new(finding.start, finding.end),
            fix: finding.fix.as_ref().map(|fix| JsonFix {
                applicability: fix.applicability,
                message: &fix.title,
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| JsonEdit {
                        content: &edit.replacement,
                        location: Location::new(edit.start, edit.end),
                    })
                    .collect(),
            }),
        }
    }
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    content: &'a str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    start: Position,
    end: Position,
}

impl Location {
    fn new(start: LineCol, end: LineCol) -> Self {
        Location {
            start: Position {
                line: start.line,
                column: start.col,
            },
            end: Position {
                line: end.line,
                column: end.col,
            },
        }
    }
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}
