//! `sarif`: SARIF 2.1.0, as GitHub code scanning takes it
//! (`github/codeql-action/upload-sarif`).
//!
//! One run; `tool.driver` lists every rule with its documentation (what `dockfix rule`
//! prints) and default level; each finding is a result with its rule, level, message, a
//! region (columns in Unicode code points: `columnKind` says so) and, when it has one, its
//! fix as `artifactChanges`. Files that could not be read or parsed are tool
//! notifications of the invocation, which is then not successful. URIs are relative
//! (as the paths were given, with `/`), percent-encoded; absolute paths become `file://`
//! URIs.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use super::{json_error, portable_path};
use crate::diagnostic::Severity;
use crate::passes::RULES;
use crate::report::{FileReport, Finding};
use crate::syntax::LineCol;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|report| {
            let uri = uri(&report.path);
            report
                .findings
                .iter()
                .map(move |finding| result(&uri, finding))
        })
        .collect();
    let notifications: Vec<Value> = reports
        .iter()
        .filter_map(|report| {
            let error = report.error.as_ref()?;
            Some(json!({
                "level": "error",
                "message": {"text": error},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&report.path)}}}],
            }))
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver()},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(json_error)?;
    writeln!(out)
}

fn driver() -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            let info = rule.info();
            let documentation = info.documentation();
            let documentation = documentation.trim();
            json!({
                "id": info.code,
                "name": info.name,
                "shortDescription": {"text": info.summary()},
                "fullDescription": {"text": documentation},
                "help": {"text": documentation, "markdown": documentation},
                "defaultConfiguration": {"level": level(info.severity)},
            })
        })
        .collect();
    let mut driver = json!({
        "name": "dockfix",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    // From Cargo.toml's `homepage` or `repository`, when the package declares one.
    let uri = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty());
    if let (Some(uri), Some(object)) = (uri, driver.as_object_mut()) {
        object.insert("informationUri".into(), json!(uri));
    }
    driver
}

fn result(uri: &str, finding: &Finding) -> Value {
    let rule_index = RULES
        .iter()
        .position(|rule| rule.info().code == finding.code);
    let mut result = json!({
        "ruleId": finding.code,
        "level": level(finding.severity),
        "message": {"text": finding.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": region(finding.start, finding.end),
            },
        }],
    });
    let Some(object) = result.as_object_mut() else {
        return result;
    };
    if let Some(index) = rule_index {
        object.insert("ruleIndex".into(), json!(index));
    }
    // SARIF needs at least one replacement per change; a fix without edits is left out.
    if let Some(fix) = finding.fix.as_ref().filter(|fix| !fix.edits.is_empty()) {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                json!({
                    "deletedRegion": region(edit.start, edit.end),
                    "insertedContent": {"text": edit.replacement},
                })
            })
            .collect();
        object.insert(
            "fixes".into(),
            json!([{
                "description": {"text": fix.title},
                "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
                "properties": {"applicability": fix.applicability},
            }]),
        );
    }
    result
}

fn region(start: LineCol, end: LineCol) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.col,
        "endLine": end.line,
        "endColumn": end.col,
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a relative path, a `file://` URI for an absolute one.
fn uri(path: &Path) -> String {
    let portable = portable_path(path);
    let encoded = percent_encode(&portable);
    if path.is_absolute() || portable.starts_with('/') {
        format!(
            "file://{}{encoded}",
            if encoded.starts_with('/') { "" } else { "/" }
        )
    } else {
        encoded
    }
}

/// Every byte but unreserved characters and `/` as `%XX` (RFC 3986).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri(Path::new("./a b/Dockerfile")), "a%20b/Dockerfile");
        assert_eq!(uri(Path::new("c:d/é")), "c%3Ad/%C3%A9");
        assert_eq!(
            uri(Path::new("/srv/app/Dockerfile")),
            "file:///srv/app/Dockerfile"
        );
    }
}
