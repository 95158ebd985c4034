//! `text`: what a person reads in a terminal.
//!
//! ```text
//! services/api/Dockerfile:3:1: DF101 Consecutive RUN instructions [*]
//!   |
//! 3 | RUN apt-get update
//!   | ^^^^^^^^^^^^^^^^^^
//!   = fix: Merge into one RUN
//!     3:1-4:20: replace with "RUN apt-get update && apt-get install -y curl"
//! ```

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{OutputOptions, fix_marker, terminal_path};
use crate::diagnostic::Severity;
use crate::report::{EditSpan, FileReport, Finding};

pub fn write(
    out: &mut dyn Write,
    reports: &[FileReport],
    options: &OutputOptions,
) -> io::Result<()> {
    let paint = Paint(options.color);
    for report in reports {
        let path = terminal_path(&report.path);
        for finding in &report.findings {
            write_header(out, &path, finding, paint)?;
            source(out, finding, paint)?;
            if options.show_fixes {
                fix(out, finding, paint)?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// `path:line:col: CODE message [*]` and the end of the line, shared with `concise`.
/// Written piece by piece: one line per finding of a whole repository.
pub(super) fn write_header(
    out: &mut dyn Write,
    path: &str,
    finding: &Finding,
    paint: Paint,
) -> io::Result<()> {
    paint.write(out, Style::new().bold(), path)?;
    write!(out, ":{}: ", finding.start)?;
    paint.write(out, severity_style(finding.severity), finding.code)?;
    out.write_all(b" ")?;
    // One line per finding, whatever the message holds.
    if memchr::memchr2(b'\n', b'\r', finding.message.as_bytes()).is_some() {
        let message = finding
            .message
            .replace("\r\n", " ")
            .replace(['\n', '\r'], " ");
        out.write_all(message.as_bytes())?;
    } else {
        out.write_all(finding.message.as_bytes())?;
    }
    let marker = fix_marker(finding);
    if !marker.is_empty() {
        out.write_all(b" ")?;
        paint.write(out, AnsiColor::Cyan.on_default(), marker)?;
    }
    out.write_all(b"\n")
}

/// The line the finding starts on, with carets under the part it covers.
fn source(out: &mut dyn Write, finding: &Finding, paint: Paint) -> io::Result<()> {
    let number = finding.start.line.to_string();
    let gutter = paint.apply(gutter_style(), &format!("{} |", " ".repeat(number.len())));
    let text: Vec<char> = finding.line_text.chars().collect();
    let start = (finding.start.col as usize).saturating_sub(1);
    let end = if finding.end.line == finding.start.line {
        (finding.end.col as usize).saturating_sub(1)
    } else {
        text.len()
    };
    // Tabs stay tabs under the text, so the carets line up however wide a tab is.
    let indent: String = (0..start)
        .map(|i| {
            if text.get(i) == Some(&'\t') {
                '\t'
            } else {
                ' '
            }
        })
        .collect();
    let carets = "^".repeat(end.saturating_sub(start).max(1));
    writeln!(out, "{gutter}")?;
    writeln!(
        out,
        "{} {}",
        paint.apply(gutter_style(), &format!("{number} |")),
        finding.line_text
    )?;
    writeln!(
        out,
        "{gutter} {indent}{}",
        paint.apply(severity_style(finding.severity), &carets)
    )
}

/// `= fix: title`, then one line per edit.
fn fix(out: &mut dyn Write, finding: &Finding, paint: Paint) -> io::Result<()> {
    let Some(fix) = &finding.fix else {
        return Ok(());
    };
    let number = finding.start.line.to_string();
    let pad = " ".repeat(number.len());
    writeln!(
        out,
        "{pad} {} fix: {}",
        paint.apply(gutter_style(), "="),
        fix.title
    )?;
    for edit in &fix.edits {
        writeln!(out, "{pad}     {}", describe_edit(edit))?;
    }
    Ok(())
}

/// `3:1-4:20: replace with "..."`, `3:1: insert "..."` or `3:1-3:5: delete`.
fn describe_edit(edit: &EditSpan) -> String {
    if edit.start == edit.end {
        format!("{}: insert {:?}", edit.start, edit.replacement)
    } else if edit.replacement.is_empty() {
        format!("{}-{}: delete", edit.start, edit.end)
    } else {
        format!(
            "{}-{}: replace with {:?}",
            edit.start, edit.end, edit.replacement
        )
    }
}

fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    color.on_default().bold()
}

fn gutter_style() -> Style {
    AnsiColor::Blue.on_default().bold()
}

/// Colour, or not.
#[derive(Debug, Clone, Copy)]
pub(super) struct Paint(pub bool);

impl Paint {
    /// `text` in `style` when painting, as it is otherwise.
    pub(super) fn write(self, out: &mut dyn Write, style: Style, text: &str) -> io::Result<()> {
        if self.0 {
            write!(out, "{style}{text}{style:#}")
        } else {
            out.write_all(text.as_bytes())
        }
    }

    pub(super) fn apply(self, style: Style, text: &str) -> String {
        if self.0 {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}
