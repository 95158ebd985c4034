//! The printer: a canonical style that keeps meaning.
//!
//! Keywords upper case, one space between keyword, flags and arguments, continuation lines
//! indented by nesting level, ` \` line ends, `&&`/`||` at the start of continuation lines
//! (configurable), JSON arrays as `["a", "b"]`, at most one blank line in a row, no
//! trailing whitespace, one final newline. Everything BuildKit or the shell reads as a word
//! (quotes, heredoc bodies, comments' text) is copied as written; see `layout` for how the
//! words are found. The file's line ending, byte-order mark and escape character are kept.

mod layout;
mod render;
mod written;

pub use layout::shell_words;
pub use render::indent_width;
pub use written::format_written;

use crate::model::Dockerfile;
use crate::syntax::{NodeKind, SyntaxError, TokenKind};
use render::Printer;

/// Indentation of continuation lines (one unit per nesting level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indent {
    Spaces(u8),
    Tab,
}

impl Indent {
    /// The indentation of nesting level `level`.
    pub fn repeat(self, level: usize) -> String {
        match self {
            Indent::Spaces(n) => " ".repeat(n as usize * level),
            Indent::Tab => "\t".repeat(level),
        }
    }
}

/// Where `&&` and `||` go when a shell command continues on the next line. The one
/// vocabulary for it: `--operator-position` (clap) and `format.operator-position` (serde)
/// read these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OperatorPosition {
    /// `    && next` (the style of most real-world Dockerfiles and of Docker's docs).
    Start,
    /// `previous && \`.
    End,
    /// Leave them where they are.
    Preserve,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatOptions {
    pub indent: Indent,
    pub operator_position: OperatorPosition,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            indent: Indent::Spaces(4),
            operator_position: OperatorPosition::Start,
        }
    }
}

/// Format a parsed Dockerfile. `Ok(None)` when it is already formatted; `Err` when a syntax
/// error leaves its structure unknown (nothing is rewritten then).
pub fn format(
    dockerfile: &Dockerfile,
    options: &FormatOptions,
) -> Result<Option<String>, SyntaxError> {
    if let Some(error) = dockerfile.errors().iter().find(|e| e.kind.blocks_rewrite()) {
        return Err(error.clone());
    }
    let source = dockerfile.source();
    let out = format_to_string(dockerfile, options);
    Ok((out != source).then_some(out))
}

fn format_to_string(dockerfile: &Dockerfile, options: &FormatOptions) -> String {
    let tree = &dockerfile.tree;
    let eol = dockerfile.line_ending;
    let printer = Printer::new(dockerfile, options, eol);
    let mut out = String::with_capacity(tree.source.len() + tree.source.len() / 16);
    let mut instructions = dockerfile.instructions.iter().peekable();
    let mut blank_pending = false;
    let mut at_start = true;
    for (index, node) in tree.nodes.iter().enumerate() {
        match node.kind {
            NodeKind::Bom => out.push('\u{FEFF}'),
            NodeKind::BlankLine => {
                // Leading blank lines go, except one before a comment that would otherwise
                // become a parser directive.
                blank_pending = !at_start || directive_like_comment_follows(dockerfile, index);
            }
            NodeKind::Directive | NodeKind::CommentLine | NodeKind::Instruction => {
                if blank_pending {
                    out.push_str(eol);
                    blank_pending = false;
                }
                // At the very start, the indentation before a byte-order mark keeps BuildKit
                // from stripping it: keep the line as written.
                let bom_after_indent = out.is_empty() && {
                    let text = &tree.source[tree.node_range(node)];
                    text.starts_with([' ', '\t'])
                        && text.trim_start_matches([' ', '\t']).starts_with('\u{FEFF}')
                };
                at_start = false;
                match node.kind {
                    _ if bom_after_indent => {
                        if node.kind == NodeKind::Instruction {
                            instructions.next();
                        }
                        let text = &tree.source[tree.node_range(node)];
                        out.push_str(text.trim_end_matches(['\r', '\n']));
                        out.push_str(eol);
                    }
                    NodeKind::Instruction => {
                        let Some(instruction) = instructions.next() else {
                            continue;
                        };

                        match layout::atoms(instruction, dockerfile.posix_shell) {
                            Some(atoms) => printer.instruction(&mut out, instruction, atoms),
                            None => printer.verbatim(&mut out, instruction),
                        }
                    }
                    _ => {
                        let text = tree
                            .node_tokens(node)
                            .iter()
                            .find(|t| matches!(t.kind, TokenKind::Comment | TokenKind::Directive));
                        let text = text.map_or("", |t| tree.text(t));
                        // A directive whose value is only blanks (`# syntax=\t`) would lose
                        // its value, and be a directive no more, if they were trimmed.
                        let trimmed = text.trim();
                        let kept = if node.kind == NodeKind::Directive && trimmed.ends_with('=') {
                            text
                        } else {
                            trimmed
                        };
                        out.push_str(kept);
                        out.push_str(eol);
                    }
                }
            }
        }
    }
    out
}

/// Format only the instructions `selected` picks (by index); every other byte stays as it
/// is. The language server uses it for a range.
pub fn format_selected(
    dockerfile: &Dockerfile,
    options: &FormatOptions,
    selected: &dyn Fn(usize) -> bool,
) -> Option<String> {
    format_selected_with(dockerfile, options, selected, &|_, _, formatted| formatted)
}

/// `format_selected`, where `finish(start, verbatim, formatted)` decides the text of each
/// selected instruction from its text as it is (starting at byte `start`) and as printed.
fn format_selected_with(
    dockerfile: &Dockerfile,
    options: &FormatOptions,
    selected: &dyn Fn(usize) -> bool,
    finish: &dyn Fn(usize, &str, String) -> String,
) -> Option<String> {
    if dockerfile.errors().iter().any(|e| e.kind.blocks_rewrite()) {
        return None;
    }
    let tree = &dockerfile.tree;
    let eol = dockerfile.line_ending;
    let printer = Printer::new(dockerfile, options, eol);
    let mut out = String::with_capacity(tree.source.len() + 64);
    let mut instructions = dockerfile.instructions.iter().enumerate();
    for node in &tree.nodes {
        let verbatim = &tree.source[tree.node_range(node)];
        if node.kind != NodeKind::Instruction {
            out.push_str(verbatim);
            continue;
        }
        let Some((index, instruction)) = instructions.next() else {
            continue;
        };
        if !selected(index) {
            out.push_str(verbatim);
            continue;
        }
        // The instruction's own indentation before it stays; the printer writes the rest.
        let code_start = dockerfile.instruction_range(instruction).start;
        let mut printed = tree.source[tree.node_range(node).start..code_start].to_string();
        match layout::atoms(instruction, dockerfile.posix_shell) {
            Some(atoms) => printer.instruction(&mut printed, instruction, atoms),
            None => printer.verbatim(&mut printed, instruction),
        }
        // The printer ends with a newline; keep the file's ending where there was none.
        if !verbatim.ends_with('\n') && printed.ends_with(eol) {
            printed.truncate(printed.len() - eol.len());
        }
        out.push_str(&finish(tree.node_range(node).start, verbatim, printed));
    }
    (out != tree.source).then_some(out)
}

/// Whether the first non-blank node after `index` would be read differently at the very
/// start of the file: a comment shaped like a parser directive, or a line starting with a
/// byte-order mark (which BuildKit strips only there).
fn directive_like_comment_follows(dockerfile: &Dockerfile, index: usize) -> bool {
    let tree = &dockerfile.tree;
    let Some(node) = tree.nodes[index..]
        .iter()
        .find(|n| n.kind != NodeKind::BlankLine)
    else {
        return false;
    };
    let text = tree.source[tree.node_range(node)]
        .trim_start_matches([' ', '\t', '\r', '\u{0B}', '\u{0C}']);
    text.starts_with('\u{FEFF}')
        || (node.kind == NodeKind::CommentLine && crate::syntax::is_directive_shaped(text))
}
