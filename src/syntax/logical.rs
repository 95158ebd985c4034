//! An instruction's logical line: its physical lines joined as BuildKit joins them (the
//! first line without its indentation, each later line as written, continuation
//! characters and skipped comment/blank lines removed), plus the map back to the source.

use std::borrow::Cow;
use std::ops::Range;

use super::{Node, SyntaxTree, Token, TokenKind};

/// One code line of an instruction: the part of it that goes into the logical line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Source range of the text (first line: from the keyword; others: from the line start).
    pub source: Range<usize>,
    /// Whether the line ends with a line continuation.
    pub continued: bool,
}

#[derive(Debug, Clone)]
pub struct Logical<'a> {
    pub text: Cow<'a, str>,
    pub segments: Vec<Segment>,
    /// Offset of each segment in `text`.
    starts: Vec<usize>,
}

impl<'a> Logical<'a> {
    pub fn new(tree: &SyntaxTree<'a>, node: &Node) -> Self {
        Self::from_tokens(tree.source, tree.node_tokens(node))
    }

    /// The logical line of an instruction's tokens.
    pub fn from_tokens(source: &'a str, tokens: &[Token]) -> Self {
        let segments = segments(source, tokens);
        let mut starts = Vec::with_capacity(segments.len());
        let text = if segments.len() == 1 {
            starts.push(0);
            Cow::Borrowed(&source[segments[0].source.clone()])
        } else {
            let length = segments.iter().map(|segment| segment.source.len()).sum();
            let mut joined = String::with_capacity(length);
            for segment in &segments {
                starts.push(joined.len());
                joined.push_str(&source[segment.source.clone()]);
            }
            Cow::Owned(joined)
        };
        Logical {
            text,
            segments,
            starts,
        }
    }

    /// Index of the segment holding a logical offset (an offset at a junction belongs to
    /// the segment it starts).
    pub fn segment_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// Start of segment `index` in the logical text.
    pub fn segment_start(&self, index: usize) -> usize {
        self.starts[index]
    }

    pub fn to_source(&self, offset: usize) -> usize {
        let index = self.segment_of(offset);
        self.segments[index].source.start + (offset - self.starts[index])
    }

    /// The source position just after logical `offset - 1`: an end that stays on the line of
    /// the text before it (where `to_source` would jump to the next line's start).
    pub fn to_source_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.segments[0].source.start;
        }
        let index = self.segment_of(offset - 1);
        self.segments[index].source.start + (offset - self.starts[index])
    }

    /// The source range of a logical range, when it lies within one physical line.
    pub fn source_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        let index = self.segment_of(range.start);
        let segment = &self.segments[index];
        let start = segment.source.start + (range.start - self.starts[index]);
        let end = start + range.len();
        (end <= segment.source.end).then_some(start..end)
    }
}

/// The code lines of an instruction node, from its tokens.
fn segments(source: &str, tokens: &[Token]) -> Vec<Segment> {
    // About one text token in three (text, continuation, newline).
    let mut segments: Vec<Segment> = Vec::with_capacity(tokens.len() / 3 + 1);
    let mut pending_keyword: Option<usize> = None;
    for token in tokens {
        match token.kind {
            TokenKind::Keyword => pending_keyword = Some(token.start as usize),
            TokenKind::Text => {
                let start = pending_keyword.take().unwrap_or(token.start as usize);
                segments.push(Segment {
                    source: start..token.end as usize,
                    continued: false,
                });
            }
            TokenKind::Continuation => {
                if let Some(last) = segments.last_mut() {
                    last.continued = true;
                }
            }
            TokenKind::HeredocBody | TokenKind::HeredocEnd => break,
            _ => {}
        }
    }
    if let Some(last) = segments.last_mut()
        && !last.continued
    {
        // BuildKit trims the line ending ("\r" too) of the last line.
        let text = &source[last.source.clone()];
        last.source.end = last.source.start + text.trim_end_matches('\r').len();
    }
    if segments.is_empty() {
        segments.push(Segment {
            source: 0..0,
            continued: false,
        });
    }
    segments
}
