//! `checkstyle`: Checkstyle XML, as Jenkins (warnings-ng), reviewdog and others read it.
//!
//! ```xml
//! <checkstyle version="4.3">
//!   <file name="Dockerfile">
//!     <error line="3" column="1" severity="info" message="..." source="DF101"/>
//!   </file>
//! </checkstyle>
//! ```
//!
//! Every file checked has a `<file>` (empty when clean); a file that could not be read or
//! parsed has one `<error source="dockfix">` with the reason.

use std::io::{self, Write};

use super::shown_path;
use super::xml::escape;
use crate::diagnostic::Severity;
use crate::report::FileReport;

pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for report in reports {
        let name = escape(&shown_path(&report.path));
        if report.findings.is_empty() && report.error.is_none() {
            writeln!(out, r#"  <file name="{name}"/>"#)?;
            continue;
        }
        writeln!(out, r#"  <file name="{name}">"#)?;
        if let Some(error) = &report.error {
            writeln!(
                out,
                r#"    <error line="1" column="1" severity="error" message="{}" source="dockfix"/>"#,
                escape(error)
            )?;
        }
        for finding in &report.findings {
            let severity = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{severity}" message="{}" source="{}"/>"#,
                finding.start.line,
                finding.start.col,
                escape(&finding.message),
                finding.code
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}
