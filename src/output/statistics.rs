//! `--statistics`: how many findings each rule has, and how many `dockfix fix` can fix.
//!
//! ```text
//! count  code   name        fixable  unsafe
//!     3  DF101  merge-runs        2       0
//! ```
//!
//! Rules are ordered by count (most first), then code. `json` and `json-lines` write the
//! same rows as objects: `{"code", "name", "count", "fixable", "unsafe_fixable"}`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{OutputFormat, json_error};
use crate::diagnostic::Applicability;
use crate::report::FileReport;

/// One rule's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleStatistics {
    pub code: &'static str,
    pub name: &'static str,
    /// Findings.
    pub count: usize,
    /// Findings with a safe fix (applied by `dockfix fix`).
    pub fixable: usize,
    /// Findings with an unsafe fix (applied with `--unsafe-fixes`).
    pub unsafe_fixable: usize,
}

/// Counts per rule over `reports`, most frequent first (then by code).
pub fn statistics(reports: &[FileReport]) -> Vec<RuleStatistics> {
    let mut rules: BTreeMap<&'static str, RuleStatistics> = BTreeMap::new();
    for finding in reports.iter().flat_map(|report| &report.findings) {
        let row = rules.entry(finding.code).or_insert(RuleStatistics {
            code: finding.code,
            name: finding.name,
            count: 0,
            fixable: 0,
            unsafe_fixable: 0,
        });
        row.count += 1;
        match finding.fix_applicability() {
            Some(Applicability::Safe) => row.fixable += 1,
            Some(Applicability::Unsafe) => row.unsafe_fixable += 1,
            _ => {}
        }
    }
    let mut rows: Vec<RuleStatistics> = rules.into_values().collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

/// Write the statistics of `reports`: JSON for `json` and `json-lines`, a table otherwise.
pub fn write_statistics(
    out: &mut dyn Write,
    format: OutputFormat,
    reports: &[FileReport],
) -> io::Result<()> {
    let rows = statistics(reports);
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows).map_err(json_error)?;
            writeln!(out)
        }
        OutputFormat::JsonLines => {
            for row in &rows {
                serde_json::to_writer(&mut *out, row).map_err(json_error)?;
                writeln!(out)?;
            }
            Ok(())
        }
        _ => table(out, &rows),
    }
}

fn table(out: &mut dyn Write, rows: &[RuleStatistics]) -> io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let width = |header: &str, cell: &dyn Fn(&RuleStatistics) -> usize| {
        rows.iter().map(cell).max().unwrap_or(0).max(header.len())
    };
    let count = width("count", &|r| r.count.to_string().len());
    let code = width("code", &|r| r.code.len());
    let name = width("name", &|r| r.name.len());
    let fixable = width("fixable", &|r| r.fixable.to_string().len());
    let unsafe_ = width("unsafe", &|r| r.unsafe_fixable.to_string().len());
    writeln!(
        out,
        "{:>count$}  {:<code$}  {:<name$}  {:>fixable$}  {:>unsafe_$}",
        "count", "code", "name", "fixable", "unsafe"
    )?;
    for row in rows {
        writeln!(
            out,
            "{:>count$}  {:<code$}  {:<name$}  {:>fixable$}  {:>unsafe_$}",
            row.count, row.code, row.name, row.fixable, row.unsafe_fixable
        )?;
    }
    Ok(())
}
