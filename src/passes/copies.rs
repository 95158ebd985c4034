//! The COPY and ADD instructions that read the build context (no `--from`), with their
//! sources as BuildKit reads them: for the rules about what goes from the context into
//! the image.

use super::Context;
use super::sources::copy_arguments;
use crate::model::{Command, Instruction, Keyword};

/// A COPY or ADD from the build context (ONBUILD ones included).
pub struct ContextCopy<'a> {
    pub instruction: &'a Instruction<'a>,
    /// The COPY or ADD (inside ONBUILD, the command it wraps).
    pub command: &'a Command,
    pub onbuild: bool,
    /// `COPY` or `ADD`, as BuildKit's messages name them.
    pub keyword: &'static str,
    /// The sources, quotes removed; URLs and git sources of ADD left out.
    pub sources: Vec<String>,
}

/// Every COPY and ADD whose sources come from the build context and can be read (not
/// heredocs, not `COPY --from`).
pub fn context_copies<'a>(context: &Context<'a>) -> Vec<ContextCopy<'a>> {
    let escape = context.dockerfile.tree.escape.char();
    let mut copies = Vec::new();
    for instruction in context.instructions() {
        let Some(outer) = &instruction.command else {
            continue;
        };
        let command = outer.effective();
        let keyword = match command.keyword {
            Keyword::Copy => "COPY",
            Keyword::Add => "ADD",
            _ => continue,
        };
        // `--from` copies out of a stage or an image, not the context.
        if command.flags.iter().any(|flag| flag.name() == "from")
            || context.has_heredoc(instruction)
        {
            continue;
        }
        let line = &instruction.logical.text;
        let Some((sources, _destination)) = copy_arguments(command, line, escape) else {
            continue;
        };
        let sources = sources
            .into_iter()
            .filter(|source| !is_remote(source))
            .collect();
        copies.push(ContextCopy {
            instruction,
            command,
            onbuild: outer.keyword == Keyword::Onbuild,
            keyword,
            sources,
        });
    }
    copies
}

/// A source ADD fetches rather than reads from the context.
fn is_remote(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    ["http://", "https://", "git://", "ssh://", "git@"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// Whether a source names the root of the context (`.`, `./`, `/`).
pub fn is_context_root(source: &str) -> bool {
    matches!(crate::build_context::normalize(source), "" | ".")
}
