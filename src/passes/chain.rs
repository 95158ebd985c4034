//! Chaining commands onto a RUN (merge-runs, package-cache-cleanup): the `&&` junction, and
//! the indentation of the continuation lines around it, so that the RUN reads as one chain.
//!
//! The formatter, which formats what `fix` wrote, ranks each distinct indentation of an
//! instruction's continuation lines as one nesting level. Lines joined from different RUNs
//! were indented each for their own RUN, so ranking them together would nest one chain in
//! a staircase. Instead the lines are written at their levels: the chain's commands (a
//! line that starts a top-level command, or the operator before one) one level in, and
//! what the author nested inside one command (a package list, an `if` body) below them,
//! ranked among themselves by the author's indentation, part by part.

use std::ops::Range;

use super::Context;
use super::shell_run::ShellRun;
use crate::diagnostic::Edit;
use crate::format::{OperatorPosition, indent_width, shell_words};
use crate::shell::command::Operator;

/// The text that ends one part of a chain and starts the next: ` \`, a line break, the
/// `comments` as comment lines, and `&& ` at the chain's level `indent` (or `&& \` at the
/// end of the line with `operator-position = "end"`).
pub fn junction(context: &Context, comments: &[&str], indent: &str) -> String {
    let escape = context.dockerfile.tree.escape.char();
    let eol = context.eol();
    let comments: String = comments
        .iter()
        .map(|comment| format!("{indent}{comment}{eol}"))
        .collect();
    match context.style.operator_position {
        OperatorPosition::End => format!(" && {escape}{eol}{comments}{indent}"),
        _ => format!(" {escape}{eol}{comments}{indent}&& "),
    }
}

/// The indentation one level of `run`'s chain takes, as the author wrote it: that of its
/// continuation lines that start a top-level command; without one, that of its least
/// indented continuation line when it is a tab or no wider than the style's first level
/// (a package list); the style's first level otherwise.
pub fn own_indent(context: &Context, run: &ShellRun) -> String {
    let source = context.source();
    let logical = &run.instruction.logical;
    let mut least: Option<&str> = None;
    for (segment_index, segment) in logical.segments.iter().enumerate().skip(1) {
        let text = &source[segment.source.clone()];
        let indent = &text[..text.len() - text.trim_start_matches([' ', '\t']).len()];
        if indent.is_empty() || indent.len() == text.len() {
            continue;
        }
        let offset = logical.segment_start(segment_index) + indent.len();
        if offset > run.range.start && starts_top_level(run, offset - run.range.start) {
            return indent.to_string();
        }
        if least.is_none_or(|least| indent_width(indent) < indent_width(least)) {
            least = Some(indent);
        }
    }
    let style = context.style.indent.repeat(1);
    match least {
        Some(indent)
            if indent.starts_with('\t') || indent_width(indent) <= indent_width(&style) =>
        {
            indent.to_string()
        }
        _ => style,
    }
}

/// Edits that indent `run`'s continuation lines for its place in a chain whose commands sit
/// at the first level, one `unit` per level. `first`: the RUN whose keyword the chain keeps
/// (its flag lines, if any, go to the first level too); a later part loses its first line
/// to a junction.
pub fn indent_part(context: &Context, run: &ShellRun, first: bool, unit: &str) -> Vec<Edit> {
    let source = context.source();
    let logical = &run.instruction.logical;
    let mut edits = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let words = shell_words(run.text);
    for (segment_index, segment) in logical.segments.iter().enumerate().skip(1) {
        let text = &source[segment.source.clone()];
        let indent_len = text.len() - text.trim_start_matches([' ', '\t']).len();
        if indent_len == text.len() {
            // A blank continuation line: the formatter drops it.
            continue;
        }
        let indent = segment.source.start..segment.source.start + indent_len;
        let offset = logical.segment_start(segment_index) + indent_len;
        if offset <= run.range.start {
            // Flags on their own lines, or the script's first line after `RUN \`.
            if first {
                lines.push(Line {
                    indent,
                    width: indent_width(&text[..indent_len]),
                    top_level: true,
                    head: offset < run.range.start,
                });
            }
            continue;
        }
        let Some(words) = &words else {
            // The formatter keeps this script as written: so does the chain.
            return Vec::new();
        };
        let at = offset - run.range.start;
        // A line that starts inside a word (a quoted string across lines) stays as it is.
        if !words.iter().any(|word| word.start == at) {
            continue;
        }
        lines.push(Line {
            indent,
            width: indent_width(&text[..indent_len]),
            top_level: starts_top_level(run, at),
            head: false,
        });
    }
    // The chain's commands at the first level; what continues one of them (its arguments,
    // the body of an `if`) below, ranked by the author's indentation among themselves.
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|line| !line.top_level && !line.head)
        .map(|line| line.width)
        .collect();
    widths.sort_unstable();
    widths.dedup();
    for line in &lines {
        let level = if line.head || line.top_level {
            1
        } else {
            2 + widths.partition_point(|&w| w < line.width)
        };
        let indent = unit.repeat(level);
        if source[line.indent.clone()] != indent {
            edits.push(Edit::replace(line.indent.clone(), indent));
        }
    }
    edits
}

/// A continuation line of a RUN.
struct Line {
    /// Source range of its indentation.
    indent: Range<usize>,
    width: usize,
    /// It starts a command (or an operator before one) at the top level of the script.
    top_level: bool,
    /// A line of flags before the script.
    head: bool,
}

/// Whether the word at `at` in the script starts a top-level command of the chain: a
/// top-level `&&`, `||` or `;`, a top-level command, or a compound command (`if`, `(`, ...)
/// opened or closed at the top level. A pipe's continuation is part of one command.
fn starts_top_level(run: &ShellRun, at: usize) -> bool {
    let script = &run.script;
    if let Some((operator, _, depth)) = script.operators.iter().find(|(_, r, _)| r.start == at) {
        return *depth == 0 && *operator != Operator::Pipe;
    }
    if let Some(command) = script.commands.iter().find(|c| c.range.start == at) {
        return command.depth == 0;
    }
    let word = &run.text[at..];
    let opens = ["if", "for", "while", "until", "case", "{", "("]
        .iter()
        .any(|keyword| word.starts_with(keyword));
    let closes = ["fi", "done", "esac", "}", ")"]
        .iter()
        .any(|keyword| word.starts_with(keyword));
    if opens {
        // At the top level when what comes before is a top-level operator, or nothing.
        let before = script.operators.iter().rev().find(|(_, r, _)| r.end <= at);
        before.is_none_or(|(_, _, depth)| *depth == 0)
    } else if closes {
        let after = script.operators.iter().find(|(_, r, _)| r.start >= at);
        after.is_none_or(|(_, _, depth)| *depth == 0)
    } else {
        false
    }
}
