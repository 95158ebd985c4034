//! Output formats for `dockfix check` and `dockfix fix`: one file per format.
//!
//! Every format takes the reports of a run (`FileReport`s, sorted by path) and writes
//! them to a `Write`; the same reports always give the same bytes. Paths are printed as
//! the reports have them (the command line keeps them relative to the current folder);
//! formats read by code hosts (`sarif`, `github`, `gitlab`) use `/` separators; `text` and
//! `concise`, read on terminals, quote a name with control characters (`terminal_path`).
//!
//! | `--output-format` | what it writes |
//! |---|---|
//! | `text` (default) | `path:line:col: CODE message [*]`, the source line and `^^^` under the finding; `--show-fixes` adds each fix's title and edits |
//! | `concise` | `path:line:col: CODE message [*]`, one line per finding |
//! | `json` | one JSON array: `{file, code, name, severity, message, location: {start, end}, fix}` |
//! | `json-lines` | the same objects, one per line |
//! | `sarif` | SARIF 2.1.0 for GitHub code scanning: rules with their documentation, results, fixes |
//! | `github` | GitHub Actions workflow commands: `::warning file=…,line=…::message` |
//! | `gitlab` | GitLab Code Quality JSON, with stable fingerprints |
//! | `checkstyle` | Checkstyle XML: one `<file>` per file checked |
//! | `junit` | JUnit XML: one test case per finding, a passing one per clean file |
//! | `rdjson` | reviewdog's Diagnostic Format, each fix as a suggested change of whole lines |
//!
//! `[*]` marks a finding whose fix `dockfix fix` applies; `[unsafe fix]` one whose fix
//! needs `--unsafe-fixes`. Positions are 1-based; columns count characters. A file that
//! could not be read or parsed (`FileReport::error`) is reported by the command line on
//! standard error; `sarif` (as a tool notification), `github` (`::error`), `checkstyle`
//! and `junit` (an `<error>`) also carry it, so CI sees it.
//!
//! `--statistics` replaces the findings by a count per rule (`write_statistics`): a table
//! (`count`, `code`, `name`, `fixable`, `unsafe`) in every format but `json` and
//! `json-lines`, which write `{code, name, count, fixable, unsafe_fixable}` objects.
//!
//! # Using it (for the command line)
//!
//! ```
//! use dockfix::output::{OutputFormat, OutputOptions, write};
//! let reports: Vec<dockfix::report::FileReport> = Vec::new();
//! let format: OutputFormat = "sarif".parse().unwrap_or_default(); // or a clap ValueEnum
//! let options = OutputOptions { color: false, show_fixes: false };
//! let mut out = Vec::new();
//! write(&mut out, format, &reports, &options).unwrap_or_default();
//! ```
//!
//! Colour is the caller's decision (`NO_COLOR`, `--color`, whether standard output is a
//! terminal); only `text` and `concise` use it. A write error is returned as is: a closed
//! pipe (`dockfix check | head`) gives `ErrorKind::BrokenPipe`, which callers ignore.

mod checkstyle;
mod concise;
mod github;
mod gitlab;
mod json;
mod json_lines;
mod junit;
mod rdjson;
mod sarif;
mod statistics;
mod text;
mod xml;

use std::io::{self, Write};
use std::path::Path;

use crate::diagnostic::Applicability;
use crate::report::{FileReport, Finding};

pub use statistics::{RuleStatistics, statistics, write_statistics};

/// The formats of `--output-format`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum OutputFormat {
    /// Findings with their source line and a caret under them
    #[default]
    Text,
    /// One line per finding
    Concise,
    /// A JSON array of findings
    Json,
    /// One JSON object per line
    JsonLines,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
    /// GitHub Actions annotations
    Github,
    /// GitLab Code Quality report
    Gitlab,
    /// Checkstyle XML
    Checkstyle,
    /// JUnit XML
    Junit,
    /// reviewdog's Diagnostic Format (fixes as suggested changes on pull requests)
    Rdjson,
}

impl OutputFormat {
    /// The name `--output-format` takes.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Text => "text",
            OutputFormat::Concise => "concise",
            OutputFormat::Json => "json",
            OutputFormat::JsonLines => "json-lines",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Github => "github",
            OutputFormat::Gitlab => "gitlab",
            OutputFormat::Checkstyle => "checkstyle",
            OutputFormat::Junit => "junit",
            OutputFormat::Rdjson => "rdjson",
        }
    }

    /// Whether the format shows each fix as a suggestion of whole lines (the findings need
    /// `Finding::with_suggestion`).
    pub fn shows_suggestions(self) -> bool {
        self == OutputFormat::Rdjson
    }
}

impl std::fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown output format {0:?} (expected one of text, concise, json, json-lines, sarif, github, gitlab, checkstyle, junit, rdjson)"
)]
pub struct UnknownFormat(pub String);

impl std::str::FromStr for OutputFormat {
    type Err = UnknownFormat;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        <OutputFormat as clap::ValueEnum>::from_str(text, true)
            .map_err(|_| UnknownFormat(text.to_string()))
    }
}

/// How to write: what the caller decided about colour and fixes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputOptions {
    /// ANSI colour (`text` and `concise` only).
    pub color: bool,
    /// `text`: print each fix's title and edits under the finding.
    pub show_fixes: bool,
}

/// Write the findings of `reports` (sorted by path) in `format`.
pub fn write(
    out: &mut dyn Write,
    format: OutputFormat,
    reports: &[FileReport],
    options: &OutputOptions,
) -> io::Result<()> {
    match format {
        OutputFormat::Text => text::write(out, reports, options),
        OutputFormat::Concise => concise::write(out, reports, options),
        OutputFormat::Json => json::write(out, reports),
        OutputFormat::JsonLines => json_lines::write(out, reports),
        OutputFormat::Sarif => sarif::write(out, reports),
        OutputFormat::Github => github::write(out, reports),
        OutputFormat::Gitlab => gitlab::write(out, reports),
        OutputFormat::Checkstyle => checkstyle::write(out, reports),
        OutputFormat::Junit => junit::write(out, reports),
        OutputFormat::Rdjson => rdjson::write(out, reports),
    }
}

/// `[*]` for a fix `dockfix fix` applies, `[unsafe fix]` for one that needs
/// `--unsafe-fixes`, nothing otherwise.
fn fix_marker(finding: &Finding) -> &'static str {
    match finding.fix_applicability() {
        Some(Applicability::Safe) => "[*]",
        Some(Applicability::Unsafe) => "[unsafe fix]",
        _ => "",
    }
}

/// A path as written in machine-read reports: as given, lossy for non-UTF-8 names.
fn shown_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A path as a person reads it on a terminal (`text`, `concise`, the command line's
/// messages): as given, but in double quotes with C-style escapes, as git quotes names,
/// when it holds a control character, so that a file name cannot move the cursor, change
/// colours or forge a line of output.
pub fn terminal_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if !has_control(&text) {
        return text.into_owned();
    }
    let mut quoted = String::with_capacity(text.len() + 8);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            c if c.is_control() => quoted.extend(c.escape_default()),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Whether `text` holds a control character (`char::is_control`: U+0000 to U+001F and
/// U+007F to U+009F). Asked of every path of a run: bytes first, characters only when the
/// text is not ASCII.
fn has_control(text: &str) -> bool {
    text.bytes().any(|byte| byte < 0x20 || byte == 0x7f)
        || (!text.is_ascii() && text.chars().any(char::is_control))
}

/// A path for code hosts: `/` separators, no leading `./`.
fn portable_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut rest = text.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_string()
}

/// A serde_json error as an I/O error (only writing can fail for these values).
fn json_error(error: serde_json::Error) -> io::Error {
    match error.io_error_kind() {
        Some(kind) => io::Error::new(kind, error),
        None => io::Error::other(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_as_char_is_control_finds_them() {
        for text in [
            "a/Dockerfile",
            "é/Dockerfile",
            "日本/Dockerfile",
            "a\u{a0}b",
            "\u{7e}",
        ] {
            assert!(!has_control(text), "{text:?}");
        }
        for text in ["a\nb", "\u{1b}[31m", "a\u{7f}", "é\u{85}", "\u{9f}", "\t"] {
            assert!(has_control(text), "{text:?}");
        }
        for c in (0..0x250u32).filter_map(char::from_u32) {
            assert_eq!(has_control(&format!("x{c}y")), c.is_control(), "{c:?}");
        }
        assert_eq!(
            terminal_path(Path::new("a/\u{85}.Dockerfile")),
            "\"a/\\u{85}.Dockerfile\""
        );
    }
}
