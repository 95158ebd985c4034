//! `dockfix parse`: BuildKit's view of a Dockerfile, to compare with BuildKit's own parse.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::stream::{Stream, note};
use super::{ExitStatus, files};
use crate::model::{Dockerfile, view};
use crate::output::terminal_path;

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The Dockerfile ("-" reads standard input)
    file: PathBuf,
    /// Print one JSON object per instruction (the fields of BuildKit's parser)
    #[arg(long, conflicts_with = "tokens")]
    json: bool,
    /// Print the lossless token list instead (kind, line:col, text)
    #[arg(long)]
    tokens: bool,
}

pub fn run(args: ParseArgs) -> Result<ExitStatus> {
    let name = terminal_path(&args.file);
    let source = if args.file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
        text
    } else {
        files::read(&args.file).with_context(|| name.clone())?
    };
    let dockerfile = Dockerfile::parse(&source);
    let mut out = Stream::stdout();
    if args.json {
        let json = serde_json::to_string_pretty(&view::views(&dockerfile))?;
        out.write(|out| writeln!(out, "{json}"));
    } else if args.tokens {
        let tree = &dockerfile.tree;
        for token in &tree.tokens {
            let at = tree.line_col(token.start as usize);
            let text = tree.text(token);
            out.write(|out| writeln!(out, "{:?}\t{at}\t{text:?}", token.kind));
        }
    } else {
        out.write_str(&view::dump(&dockerfile));
    }
    out.finish()?;
    let mut status = ExitStatus::Success;
    for error in dockerfile.errors() {
        let at = dockerfile.tree.line_col(error.range.start);
        note(format_args!("error: {name}:{at}: {}", error.message));
        status = ExitStatus::Error;
    }
    Ok(status)
}
