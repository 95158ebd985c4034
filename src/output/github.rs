//! `github`: GitHub Actions workflow commands, shown as annotations on the pull request.
//!
//! ```text
//! ::warning title=DF301 (exec-form),file=Dockerfile,line=7,col=1,endLine=7,endColumn=20::CMD in shell form [*]
//! ```
//!
//! The level follows the severity (error, warning, notice). Values are escaped as the
//! runner requires: `%`, `\r` and `\n` everywhere, and `:` and `,` in properties too. A
//! file that could not be read or parsed is an `::error` on that file.

use std::io::{self, Write};

use super::{fix_marker, portable_path};
use crate::diagnostic::Severity;
use crate::report::FileReport;

pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    for report in reports {
        let file = property(&portable_path(&report.path));
        if let Some(error) = &report.error {
            writeln!(out, "::error title=dockfix,file={file}::{}", data(error))?;
        }
        for finding in &report.findings {
            let level = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let title = property(&format!("{} ({})", finding.code, finding.name));
            let marker = fix_marker(finding);
            let message = if marker.is_empty() {
                finding.message.clone()
            } else {
                format!("{} {marker}", finding.message)
            };
            writeln!(
                out,
                "::{level} title={title},file={file},line={},col={},endLine={},endColumn={}::{}",
                finding.start.line,
                finding.start.col,
                finding.end.line,
                finding.end.col,
                data(&message)
            )?;
        }
    }
    Ok(())
}

/// The message of a command: `%`, `\r` and `\n` escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: `:` and `,` escaped too, since they separate properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_requires() {
        assert_eq!(data("100%\r\nok: a,b"), "100%25%0D%0Aok: a,b");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
