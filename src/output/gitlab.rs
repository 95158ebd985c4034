//! `gitlab`: a GitLab Code Quality report (a JSON array; `artifacts: reports:
//! codequality:` in `.gitlab-ci.yml`).
//!
//! ```json
//! [{"description": "DF101 ...", "check_name": "DF101", "fingerprint": "9c1d0e4a7f3b2c55",
//!   "severity": "minor", "location": {"path": "Dockerfile", "lines": {"begin": 3, "end": 4}}}]
//! ```
//!
//! Severity: info -> `info`, warning -> `minor`, error -> `major`. The fingerprint is a
//! 64-bit FNV-1a hash of the path, code, message and the text of the finding's first line
//! (not its number, so a finding keeps its fingerprint when lines above it move); the same
//! finding twice in a file is told apart by its occurrence.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{json_error, portable_path};
use crate::diagnostic::Severity;
use crate::report::FileReport;

pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let mut issues = Vec::new();
    let mut seen: HashMap<u64, u64> = HashMap::new();
    for report in reports {
        let path = portable_path(&report.path);
        for finding in &report.findings {
            let base = fnv1a(&[
                path.as_bytes(),
                finding.code.as_bytes(),
                finding.message.as_bytes(),
                finding.line_text.as_bytes(),
            ]);
            let occurrence = seen.entry(base).or_default();
            let fingerprint = if *occurrence == 0 {
                base
            } else {
                fnv1a(&[&base.to_le_bytes(), &occurrence.to_le_bytes()])
            };
            *occurrence += 1;
            // A span that ends at the start of a line ends on the line before.
            let end = if finding.end.col == 1 && finding.end.line > finding.start.line {
                finding.end.line - 1
            } else {
                finding.end.line
            };
            issues.push(Issue {
                description: format!("{} {}", finding.code, finding.message),
                check_name: finding.code,
                fingerprint: format!("{fingerprint:016x}"),
                severity: match finding.severity {
                    Severity::Info => "info",
                    Severity::Warning => "minor",
                    Severity::Error => "major",
                },
                location: IssueLocation {
                    path: path.clone(),
                    lines: Lines {
                        begin: finding.start.line,
                        end,
                    },
                },
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(json_error)?;
    writeln!(out)
}

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// 64-bit FNV-1a over the parts, each followed by a 0xff byte (which UTF-8 never has), so
/// that `("ab", "c")` and `("a", "bc")` differ.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for part in parts {
        for &byte in part.iter().chain(&[0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_the_published_function() {
        // FNV-1a of "a" is af63dc4c8601ec8c; our separator byte follows each part.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        hash ^= u64::from(b'a');
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        assert_eq!(hash, 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
    }
}
