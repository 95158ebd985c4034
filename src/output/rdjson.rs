//! `rdjson`: reviewdog's Diagnostic Format (`DiagnosticResult`), so that
//! `reviewdog -f=rdjson -reporter=github-pr-review` posts each finding on the pull request,
//! with its fix as a suggested change a reviewer accepts with one click.
//!
//! ```json
//! {"source": {"name": "dockfix"}, "diagnostics": [
//!   {"message": "...", "location": {"path": "Dockerfile",
//!      "range": {"start": {"line": 3, "column": 1}, "end": {"line": 3, "column": 4}}},
//!    "severity": "INFO", "source": {"name": "dockfix"}, "code": {"value": "DF101"},
//!    "suggestions": [{"range": {"start": {"line": 2}, "end": {"line": 3}},
//!                     "text": "RUN a \\\n    && b"}],
//!    "original_output": "Dockerfile:3:1: DF101 ..."}]}
//! ```
//!
//! Columns count UTF-8 bytes, as the format says. A suggestion replaces whole lines (a range
//! without columns covers its end line too): the lines the fix changes, as `dockfix fix`
//! writes them, formatted. GitHub requires one suggestion per comment, over the lines the
//! comment is on, so each fix is one suggestion, however many edits it makes. Unsafe fixes
//! are suggested too, and their message says so; findings without a fix have none.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{json_error, portable_path};
use crate::diagnostic::{Applicability, Severity};
use crate::report::{FileReport, Finding};
use crate::syntax::LineCol;

pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let diagnostics: Vec<Value> = reports
        .iter()
        .flat_map(|report| {
            let path = portable_path(&report.path);
            report
                .findings
                .iter()
                .map(move |finding| diagnostic(&path, finding))
        })
        .collect();
    let result = json!({
        "source": {"name": "dockfix"},
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &result).map_err(json_error)?;
    writeln!(out)
}

fn diagnostic(path: &str, finding: &Finding) -> Value {
    let severity = match finding.severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    };
    let mut message = format!("{} ({})", finding.message, finding.name);
    let suggestions: Vec<Value> = finding
        .fix
        .iter()
        .filter(|fix| fix.applicability != Applicability::DisplayOnly)
        .filter_map(|fix| {
            let suggestion = fix.suggestion.as_ref()?;
            if fix.applicability == Applicability::Unsafe {
                message.push_str(&format!(
                    "\n\nThe suggested fix ({}) is unsafe: it may change what the image is or does; review it.",
                    fix.title
                ));
            }
            Some(json!({
                "range": {
                    "start": {"line": suggestion.start_line},
                    "end": {"line": suggestion.end_line},
                },
                "text": suggestion.text,
            }))
        })
        .collect();
    let mut value = json!({
        "message": message,
        "location": {
            "path": path,
            "range": {
                "start": position(finding.start_bytes),
                "end": position(finding.end_bytes),
            },
        },
        "severity": severity,
        "source": {"name": "dockfix"},
        "code": {"value": finding.code},
        "original_output": format!(
            "{path}:{}: {} {}",
            finding.start, finding.code, finding.message
        ),
    });
    if !suggestions.is_empty() {
        value["suggestions"] = Value::Array(suggestions);
    }
    value
}

fn position(at: LineCol) -> Value {
    json!({"line": at.line, "column": at.col})
}
