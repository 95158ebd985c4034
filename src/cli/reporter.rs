//! Findings to standard output (or error) in the chosen format, as files finish.
//!
//! Line-based formats (`text`, `concise`, `json-lines`, `github`) are written file by file
//! as results stream in, in path order; whole-document formats (`json`, `sarif`, `gitlab`,
//! `checkstyle`, `junit`) and `--statistics` keep the findings (not the files' text) and are
//! written at the end.

use std::io::{BufWriter, Write};

use super::options::OutputArgs;
use crate::output::{OutputFormat, OutputOptions, write, write_statistics};
use crate::report::FileReport;

pub struct Reporter {
    format: OutputFormat,
    options: OutputOptions,
    statistics: bool,
    out: BufWriter<Box<dyn Write + Send>>,
    /// Reports kept for a whole-document format or statistics.
    kept: Vec<FileReport>,
}

impl Reporter {
    /// `to_stderr` when standard output carries a file's text (`dockfix fix -`).
    pub fn new(args: &OutputArgs, color: bool, to_stderr: bool) -> Self {
        let out: Box<dyn Write + Send> = if to_stderr {
            Box::new(std::io::stderr())
        } else {
            Box::new(std::io::stdout())
        };
        Reporter {
            format: args.output_format,
            options: OutputOptions {
                color: color && !to_stderr,
                show_fixes: args.show_fixes,
            },
            statistics: args.statistics,
            out: BufWriter::new(out),
            kept: Vec::new(),
        }
    }

    fn streams(&self) -> bool {
        !self.statistics
            && matches!(
                self.format,
                OutputFormat::Text
                    | OutputFormat::Concise
                    | OutputFormat::JsonLines
                    | OutputFormat::Github
            )
    }

    pub fn file(&mut self, report: FileReport) {
        if self.streams() {
            // A closed pipe (`dockfix check | head`) is not an error.
            let _ = write(
                &mut self.out,
                self.format,
                std::slice::from_ref(&report),
                &self.options,
            );
        } else {
            self.kept.push(report);
        }
    }

    pub fn finish(mut self) {
        let _ = if self.statistics {
            write_statistics(&mut self.out, self.format, &self.kept)
        } else if !self.streams() {
            write(&mut self.out, self.format, &self.kept, &self.options)
        } else {
            Ok(())
        };
        let _ = self.out.flush();
    }
}
