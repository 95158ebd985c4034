//! The lossless concrete syntax tree.
//!
//! `parse` runs the pest grammar (`grammar/dockerfile.pest`) and turns its pairs into a flat
//! list of tokens that covers the input exactly: concatenating every token's text gives the
//! input back, byte for byte, whatever the input. Tokens are grouped into top-level nodes
//! (directives, comments, blank lines, instructions); an instruction's tokens keep its
//! physical lines (continuations, skipped comment lines, heredoc bodies) as written.
//!
//! BuildKit's lexical line parsers live here too, because the tree needs them: its word lexer
//! (`lex`) decides which heredocs an instruction opens (`heredoc`), which needs the keyword
//! split (`split`) and the JSON-array test (`json`). The model reuses all four.

pub mod heredoc;
pub mod json;
pub mod lex;
mod line_index;
pub mod logical;
mod parse;
pub mod split;

pub use line_index::{LineCol, LineIndex};
pub use parse::parse;

use std::ops::Range;

/// What a token is. Trivia (whitespace, newlines, comments) are tokens too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// The UTF-8 byte-order mark.
    Bom,
    /// A whole parser-directive line (`# escape=\``), without its newline.
    Directive,
    /// Spaces and tabs: indentation, or the blanks around a token.
    Whitespace,
    /// `\n`, with any `\r` before it.
    Newline,
    /// A comment, `#` to the end of the line.
    Comment,
    /// The first word of an instruction as written (`RUN`, `from`, ...).
    Keyword,
    /// The rest of one physical line of an instruction, before any continuation.
    Text,
    /// A line-continuation character and the blanks after it.
    Continuation,
    /// The lines of one heredoc body, newlines included.
    HeredocBody,
    /// The line that ends a heredoc body (its newline is a separate token).
    HeredocEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: u32,
    pub end: u32,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Bom,
    Directive,
    BlankLine,
    CommentLine,
    Instruction,
}

/// A top-level item: a contiguous run of tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    /// Indices into `SyntaxTree::tokens`.
    pub tokens: Range<u32>,
}

/// The escape character, from the `# escape=` directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    Backslash,
    Backtick,
}

impl Escape {
    pub fn char(self) -> char {
        match self {
            Escape::Backslash => '\\',
            Escape::Backtick => '`',
        }
    }
}

/// A parser directive as BuildKit reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lower case: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    pub line: u32,
}

/// Why BuildKit's parser would reject the file. The tree is still complete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub message: String,
    /// Byte range in the source.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// A directive repeated, or an escape directive with a bad value.
    Directive,
    /// A heredoc with no terminator line.
    UnterminatedHeredoc,
    /// An instruction BuildKit's line parser rejects (JSON with non-strings, ENV without a value, ...).
    Instruction,
    /// The file has no instruction at all.
    NoInstructions,
    /// The input is not UTF-8.
    Encoding,
}

impl SyntaxErrorKind {
    /// Whether the file's structure is still known well enough to rewrite it. An empty or
    /// comment-only file is rejected by BuildKit but can be formatted.
    pub fn blocks_rewrite(self) -> bool {
        !matches!(self, SyntaxErrorKind::NoInstructions)
    }
}

#[derive(Debug, Clone)]
pub struct SyntaxTree<'a> {
    pub source: &'a str,
    pub tokens: Vec<Token>,
    pub nodes: Vec<Node>,
    pub escape: Escape,
    pub directives: Vec<Directive>,
    pub errors: Vec<SyntaxError>,
    pub line_index: LineIndex,
    /// The heredocs each instruction opens, found during the parse: (node index, specs),
    /// in node order, only for instructions that open at least one.
    pub heredocs: Vec<(usize, Vec<heredoc::HeredocSpec>)>,
}

impl<'a> SyntaxTree<'a> {
    pub fn text(&self, token: &Token) -> &'a str {
        &self.source[token.range()]
    }

    pub fn node_tokens(&self, node: &Node) -> &[Token] {
        &self.tokens[node.tokens.start as usize..node.tokens.end as usize]
    }

    /// The byte range a node covers.
    pub fn node_range(&self, node: &Node) -> Range<usize> {
        let tokens = self.node_tokens(node);
        match (tokens.first(), tokens.last()) {
            (Some(first), Some(last)) => first.start as usize..last.end as usize,
            _ => 0..0,
        }
    }

    /// Print the tree: the concatenation of every token, which is the input.
    pub fn to_source(&self) -> String {
        let mut out = String::with_capacity(self.source.len());
        for token in &self.tokens {
            out.push_str(self.text(token));
        }
        out
    }

    pub fn instructions(&self) -> impl Iterator<Item = &Node> {
        self.nodes
            .iter()
            .filter(|node| node.kind == NodeKind::Instruction)
    }

    /// Whether the tree can be rewritten (no error that hides the file's structure).
    pub fn is_rewritable(&self) -> bool {
        !self.errors.iter().any(|error| error.kind.blocks_rewrite())
    }

    /// The heredocs the instruction at `node` (an index into `nodes`) opens.
    pub fn heredoc_specs(&self, node: usize) -> &[heredoc::HeredocSpec] {
        match self
            .heredocs
            .binary_search_by_key(&node, |(index, _)| *index)
        {
            Ok(found) => &self.heredocs[found].1,
            Err(_) => &[],
        }
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.line_index.line_col(self.source, offset)
    }
}

/// Whether a comment line would be read as a parser directive at the top of a file.
pub fn is_directive_shaped(comment: &str) -> bool {
    let Some(rest) = comment.trim_start().strip_prefix('#') else {
        return false;
    };
    let rest = rest.trim_start();
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &rest[..name_len];
    let after = rest[name_len..].trim_start_matches([' ', '\t', '\x0C', '\r']);
    ["syntax", "escape", "check"]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
        && after.starts_with('=')
}
