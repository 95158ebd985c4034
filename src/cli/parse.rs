//! `dockfix parse`: BuildKit's view of a Dockerfile, to compare with BuildKit's own parse.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::{ExitStatus, files, syntax_error_message};
use crate::model::{Dockerfile, view};

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
    let name = args.file.display().to_string();
    let source = if name == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
        text
    } else {
        files::read(&args.file).with_context(|| name.clone())?
    };
    let dockerfile = Dockerfile::parse(&source);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&view::views(&dockerfile))?
        );
    } else if args.tokens {
        let tree = &dockerfile.tree;
        for token in &tree.tokens {
            println!(
                "{:?}\t{}\t{:?}",
                token.kind,
                tree.line_col(token.start as usize),
                tree.text(token)
            );
        }
    } else {
        print!("{}", view::dump(&dockerfile));
    }
    let mut status = ExitStatus::Success;
    for error in dockerfile.errors() {
        eprintln!(
            "error: {}",
            syntax_error_message(&name, &dockerfile.tree, error)
        );
        status = ExitStatus::Error;
    }
    Ok(status)
}
