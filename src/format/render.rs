//! Printing one instruction from its atoms: atoms as written, the whitespace between them
//! re-spaced, line continuations re-indented, comments inside continuations kept.

use std::ops::Range;

use super::layout::{Atom, AtomKind};
use super::{FormatOptions, OperatorPosition};
use crate::model::{Dockerfile, Instruction};
use crate::syntax::TokenKind;

/// Where the file's physical lines of an instruction join (a line continuation), with the
/// comment lines BuildKit skips there.
#[derive(Debug, Clone)]
struct Junction {
    /// Offset in the logical line where the next physical line's text starts.
    offset: usize,
    /// Source ranges of the skipped comment lines (indentation included).
    comments: Vec<Range<usize>>,
}

/// A gap between two atoms: the line breaks it holds, and the indentation the line after
/// them had (to rank nesting levels).
#[derive(Debug, Clone, Default)]
struct Gap {
    breaks: Vec<usize>,
    width: usize,
}

pub struct Printer<'a> {
    pub dockerfile: &'a Dockerfile<'a>,
    pub options: &'a FormatOptions,
    pub eol: &'a str,
    pub escape: char,
}

impl<'a> Printer<'a> {
    pub fn new(dockerfile: &'a Dockerfile<'a>, options: &'a FormatOptions, eol: &'a str) -> Self {
        Printer {
            dockerfile,
            options,
            eol,
            escape: dockerfile.tree.escape.char(),
        }
    }

    /// Print an instruction whose arguments could not be split: as written (BuildKit trims
    /// the blanks at its end), with a final newline.
    pub fn verbatim(&self, out: &mut String, instruction: &Instruction) {
        let range = self.dockerfile.instruction_range(instruction);
        out.push_str(self.dockerfile.source()[range].trim_end_matches([' ', '\t', '\r']));
        out.push_str(self.eol);
    }

    pub fn instruction(&self, out: &mut String, instruction: &Instruction, mut atoms: Vec<Atom>) {
        let source = self.dockerfile.source();
        let line = instruction.logical.text.as_ref();
        let junctions = self.junctions(instruction);
        let (Some(first), Some(last)) = (atoms.first(), atoms.last()) else {
            return self.verbatim(out, instruction);
        };
        let (first_start, last_end) = (first.range.start, last.range.end);
        // Printed as written: a stray continuation line before the keyword (its comments
        // could turn into parser directives above it); a last word that ends with a blank
        // or the escape character (ending the line with it would make a continuation).
        let last_word = &line[last.range.clone()];
        if junctions.iter().any(|j| j.offset <= first_start)
            || last_word.ends_with(|c: char| c.is_whitespace() || c == self.escape)
        {
            return self.verbatim(out, instruction);
        }
        let mut gaps = self.gaps(line, &atoms, &junctions);
        self.move_operators(&mut atoms, &mut gaps);
        let levels = Levels::new(&gaps);

        let mut next_junction = 0;
        for (index, atom) in atoms.iter().enumerate() {
            if index > 0 {
                let gap = &gaps[index - 1];
                if gap.breaks.is_empty() {
                    out.push_str(separator(atoms[index - 1].kind, atom.kind));
                } else {
                    let indent = self.options.indent.repeat(levels.level(gap.width));
                    out.push(' ');
                    out.push(self.escape);
                    out.push_str(self.eol);
                    for &j in &gap.breaks {
                        self.comment_lines(out, source, &junctions[j].comments, &indent);
                    }
                    out.push_str(&indent);
                }
            }
            while next_junction < junctions.len()
                && junctions[next_junction].offset <= atom.range.start
            {
                next_junction += 1;
            }
            let inner_end = junctions[next_junction..]
                .iter()
                .position(|j| j.offset >= atom.range.end)
                .map_or(junctions.len(), |p| p + next_junction);
            self.atom(
                out,
                source,
                line,
                atom,
                &junctions[next_junction..inner_end],
            );
            next_junction = inner_end;
        }
        out.push_str(self.eol);
        // A continuation at the very end joins nothing: its comments follow the instruction.
        for junction in junctions.iter().filter(|j| j.offset >= last_end) {
            self.comment_lines(out, source, &junction.comments, "");
        }
        self.heredocs(out, instruction);
    }

    fn atom(&self, out: &mut String, source: &str, line: &str, atom: &Atom, inner: &[Junction]) {
        if inner.is_empty() {
            out.push_str(atom.replacement.unwrap_or(&line[atom.range.clone()]));
            return;
        }
        // A line break inside a word (within quotes, or glued): keep it where it is.
        let mut pos = atom.range.start;
        for junction in inner {
            out.push_str(&line[pos..junction.offset]);
            out.push(self.escape);
            out.push_str(self.eol);
            for comment in &junction.comments {
                out.push_str(source[comment.clone()].trim_end());
                out.push_str(self.eol);
            }
            pos = junction.offset;
        }
        out.push_str(&line[pos..atom.range.end]);
    }

    fn comment_lines(
        &self,
        out: &mut String,
        source: &str,
        comments: &[Range<usize>],
        indent: &str,
    ) {
        for comment in comments {
            out.push_str(indent);
            out.push_str(source[comment.clone()].trim());
            out.push_str(self.eol);
        }
    }

    fn heredocs(&self, out: &mut String, instruction: &Instruction) {
        let tree = &self.dockerfile.tree;
        for token in tree.node_tokens(self.dockerfile.node(instruction)) {
            match token.kind {
                TokenKind::HeredocBody => out.push_str(tree.text(token)),
                TokenKind::HeredocEnd => {
                    out.push_str(tree.text(token));
                    out.push_str(self.eol);
                }
                _ => {}
            }
        }
    }

    fn junctions(&self, instruction: &Instruction) -> Vec<Junction> {
        let tree = &self.dockerfile.tree;
        let source = tree.source;
        let mut junctions = Vec::new();
        let mut open: Option<Junction> = None;
        let mut segment = 0;
        for token in tree.node_tokens(self.dockerfile.node(instruction)) {
            match token.kind {
                TokenKind::Continuation => {
                    segment += 1;
                    let offset = if segment < instruction.logical.segments.len() {
                        instruction.logical.segment_start(segment)
                    } else {
                        instruction.logical.text.len()
                    };
                    open = Some(Junction {
                        offset,
                        comments: Vec::new(),
                    });
                }
                TokenKind::Comment => {
                    if let Some(junction) = open.as_mut() {
                        let start = source[..token.start as usize]
                            .rfind('\n')
                            .map_or(0, |i| i + 1);
                        junction.comments.push(start..token.end as usize);
                    }
                }
                TokenKind::Text => junctions.extend(open.take()),
                TokenKind::HeredocBody => break,
                _ => {}
            }
        }
        junctions.extend(open);
        junctions
    }

    fn gaps(&self, line: &str, atoms: &[Atom], junctions: &[Junction]) -> Vec<Gap> {
        let mut next = 0;
        atoms
            .windows(2)
            .map(|pair| {
                let (start, end) = (pair[0].range.end, pair[1].range.start);
                while next < junctions.len() && junctions[next].offset < start {
                    next += 1;
                }
                let mut breaks = Vec::new();
                while next < junctions.len() && junctions[next].offset <= end {
                    breaks.push(next);
                    next += 1;
                }
                let width = breaks.last().map_or(0, |&j| {
                    indent_width(&line[junctions[j].offset.max(start)..end])
                });
                Gap { breaks, width }
            })
            .collect()
    }

    /// Put `&&`/`||` at the start (or end) of continuation lines, as configured.
    fn move_operators(&self, atoms: &mut [Atom], gaps: &mut [Gap]) {
        for index in 1..atoms.len().saturating_sub(1) {
            // Only an operator between two words moves (`a && || b` is left as it is, so a
            // second pass finds nothing to move either).
            let between_words = atoms[index - 1].shell
                && atoms[index - 1].kind != AtomKind::Operator
                && atoms[index + 1].kind != AtomKind::Operator;
            if atoms[index].kind != AtomKind::Operator || !between_words {
                continue;
            }

            let (before, after) = (&gaps[index - 1], &gaps[index]);
            let swap = match self.options.operator_position {
                OperatorPosition::Start => before.breaks.is_empty() && !after.breaks.is_empty(),
                OperatorPosition::End => !before.breaks.is_empty() && after.breaks.is_empty(),
                OperatorPosition::Preserve => false,
            };
            if swap {
                gaps.swap(index - 1, index);
            }
        }
    }
}

/// What separates two atoms on one line.
fn separator(before: AtomKind, after: AtomKind) -> &'static str {
    match (before, after) {
        (AtomKind::JsonOpen, _) | (_, AtomKind::JsonComma) | (_, AtomKind::JsonClose) => "",
        _ => " ",
    }
}

/// Visual width of indentation (tabs to the next multiple of 4).
pub fn indent_width(indent: &str) -> usize {
    indent.chars().fold(0, |col, c| {
        if c == '\t' {
            (col / 4 + 1) * 4
        } else {
            col + 1
        }
    })
}

/// Nesting levels of continuation lines: each distinct original indentation is one level,
/// in order, so relative nesting survives and formatting again changes nothing.
struct Levels {
    widths: Vec<usize>,
}

impl Levels {
    fn new(gaps: &[Gap]) -> Self {
        let mut widths: Vec<usize> = gaps
            .iter()
            .filter(|g| !g.breaks.is_empty())
            .map(|g| g.width)
            .collect();
        widths.sort_unstable();
        widths.dedup();
        Levels { widths }
    }

    fn level(&self, width: usize) -> usize {
        1 + self.widths.partition_point(|&w| w < width)
    }
}
