//! `json-lines`: the objects of `json`, one per line (for streaming and `jq -c`).

use std::io::{self, Write};

use super::json::findings;
use super::json_error;
use crate::report::FileReport;

pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    for finding in findings(reports) {
        serde_json::to_writer(&mut *out, &finding).map_err(json_error)?;
        writeln!(out)?;
    }
    Ok(())
}
