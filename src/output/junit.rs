//! `junit`: JUnit XML (GitLab's `artifacts: reports: junit:`, Jenkins, Azure Pipelines).
//!
//! One test suite; one failing test case per finding (classname: the file; name: code,
//! rule and position), one passing test case per clean file, and one test case with an
//! `<error>` per file that could not be read or parsed. No timings, so the same findings
//! give the same bytes.

use std::io::{self, Write};

use super::xml::escape;
use super::{fix_marker, shown_path};
use crate::report::FileReport;

pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let failures: usize = reports.iter().map(|r| r.findings.len()).sum();
    let errors = reports.iter().filter(|r| r.error.is_some()).count();
    let clean = reports
        .iter()
        .filter(|r| r.findings.is_empty() && r.error.is_none())
        .count();
    let tests = failures + errors + clean;
    let counts = format!(r#"tests="{tests}" failures="{failures}" errors="{errors}""#);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="dockfix" {counts}>"#)?;
    writeln!(out, r#"  <testsuite name="dockfix" {counts} skipped="0">"#)?;
    for report in reports {
        let path = shown_path(&report.path);
        let file = escape(&path);
        if let Some(error) = &report.error {
            writeln!(
                out,
                r#"    <testcase name="dockfix" classname="{file}" file="{file}">"#
            )?;
            writeln!(
                out,
                r#"      <error message="{}" type="error"/>"#,
                escape(error)
            )?;
            writeln!(out, "    </testcase>")?;
        } else if report.findings.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="dockfix" classname="{file}" file="{file}"/>"#
            )?;
        }
        for finding in &report.findings {
            let name = format!("{} ({}) at {}", finding.code, finding.name, finding.start);
            writeln!(
                out,
                r#"    <testcase name="{}" classname="{file}" file="{file}" line="{}">"#,
                escape(&name),
                finding.start.line
            )?;
            let marker = fix_marker(finding);
            let body = format!(
                "{path}:{}: {} {}{}{marker}",
                finding.start,
                finding.code,
                finding.message,
                if marker.is_empty() { "" } else { " " }
            );
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                escape(&finding.message),
                finding.code,
                escape(&body)
            )?;
            writeln!(out, "    </testcase>")?;
        }
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
