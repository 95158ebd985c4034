//! Findings to standard output (or error) in the chosen format, as files finish.
//!
//! Line-based formats (`text`, `concise`, `json-lines`, `github`) are written file by file
//! as results stream in, in path order; whole-document formats (`json`, `sarif`, `gitlab`,
//! `checkstyle`, `junit`) and `--statistics` keep the findings (not the files' text) and are
//! written at the end.

use anyhow::{Result, bail};

use super::options::OutputArgs;
use super::stream::Stream;
use crate::output::{OutputFormat, OutputOptions, write, write_statistics};
use crate::report::FileReport;

pub struct Reporter {
    format: OutputFormat,
    options: OutputOptions,
    statistics: bool,
    out: Stream,
    /// Reports kept for a whole-document format or statistics.
    kept: Vec<FileReport>,
}

impl Reporter {
    /// `to_stderr` when standard output carries a file's text (`dockfix fix -`).
    pub fn new(args: &OutputArgs, color: bool, to_stderr: bool) -> Result<Self> {
        let format = args.output_format.unwrap_or_default();
        // A table in a whole-document format's place would be two formats under one name.
        let table_only = !matches!(
            format,
            OutputFormat::Text
                | OutputFormat::Concise
                | OutputFormat::Json
                | OutputFormat::JsonLines
        );
        if args.statistics && table_only {
            bail!(
                "--statistics prints a table (text, concise) or JSON objects (json, json-lines), not {format}"
            );
        }
        Ok(Reporter {
            format,
            options: OutputOptions {
                color: color && !to_stderr,
                show_fixes: args.show_fixes,
            },
            statistics: args.statistics,
            out: if to_stderr {
                Stream::stderr()
            } else {
                Stream::stdout()
            },
            kept: Vec::new(),
        })
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

    pub fn file(&mut self, mut report: FileReport) {
        if self.streams() {
            let (format, options) = (self.format, self.options);
            self.out
                .write(|out| write(out, format, std::slice::from_ref(&report), &options));
        } else {
            report.printed = None;
            self.kept.push(report);
        }
    }

    /// Write what was kept; an error when the output could not be written.
    pub fn finish(mut self) -> Result<()> {
        let (format, options) = (self.format, self.options);
        if self.statistics {
            let kept = &self.kept;
            self.out.write(|out| write_statistics(out, format, kept));
        } else if !self.streams() {
            let kept = &self.kept;
            self.out.write(|out| write(out, format, kept, &options));
        }
        self.out.finish()
    }
}
