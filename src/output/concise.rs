//! `concise`: one line per finding, `path:line:col: CODE message [*]`.

use std::io::{self, Write};

use super::text::{Paint, write_header};
use super::{OutputOptions, terminal_path};
use crate::report::FileReport;

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
        }
    }
    Ok(())
}
