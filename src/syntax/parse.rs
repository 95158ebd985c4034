//! The parse driver: runs the grammar's rules and builds the token list.
//!
//! The grammar covers every byte; the driver adds the two context-sensitive decisions of
//! a Dockerfile: the escape character (from the directives) and heredoc bodies (from
//! BuildKit's lexing of the instruction that opens them).

use pest::Parser;
use pest::Token as PestToken;
use pest::iterators::Pair;

use super::heredoc::{self, HeredocSpec};
use super::lex::{self, Lex};
use super::logical::Logical;
use super::{
    Directive, Escape, LineIndex, Node, NodeKind, SyntaxError, SyntaxErrorKind, SyntaxTree, Token,
    TokenKind,
};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/dockerfile.pest"]
struct Grammar;

/// Parse a Dockerfile. Never fails: errors are listed in the tree, and the tree always
/// prints back to `source`.
pub fn parse(source: &str) -> SyntaxTree<'_> {
    let mut builder = Builder {
        source,
        tokens: Vec::with_capacity(source.len() / 8),
        nodes: Vec::with_capacity(source.len() / 64),
        errors: Vec::new(),
        heredocs: Vec::new(),
        cursor: 0,
    };
    let (escape, directives) = builder.prologue();
    let body_rule = match escape {
        Escape::Backslash => Rule::body_bs,
        Escape::Backtick => Rule::body_bt,
    };
    while builder.cursor < source.len() {
        let offset = builder.cursor;
        let Some(body) = Grammar::parse(body_rule, &source[offset..])
            .ok()
            .and_then(|mut pairs| pairs.next())
        else {
            builder.rest_as_text("the grammar did not match the rest of the file");
            break;
        };
        let heredoc_candidate = builder.body(body, offset);
        if let Some(index) = heredoc_candidate {
            builder.heredoc_bodies(index, escape);
        }
        if builder.cursor == offset {
            builder.rest_as_text("the grammar made no progress");
            break;
        }
    }
    builder.too_deep(escape);
    let mut tree = SyntaxTree {
        source,
        tokens: builder.tokens,
        nodes: builder.nodes,
        escape,
        directives,
        errors: builder.errors,
        line_index: LineIndex::new(source),
        heredocs: builder.heredocs,
    };
    if !tree
        .nodes
        .iter()
        .any(|node| node.kind == NodeKind::Instruction)
    {
        tree.errors.push(SyntaxError {
            kind: SyntaxErrorKind::NoInstructions,
            message: "file with no instructions".into(),
            range: source.len()..source.len(),
        });
    }
    tree
}

struct Builder<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    nodes: Vec<Node>,
    errors: Vec<SyntaxError>,
    /// (node index, heredocs it opens), for `SyntaxTree::heredocs`.
    heredocs: Vec<(usize, Vec<HeredocSpec>)>,
    /// End of the last token: everything before it is covered.
    cursor: usize,
}

impl Builder<'_> {
    /// Push a token, covering any gap before it with whitespace.
    fn token(&mut self, kind: TokenKind, start: usize, end: usize) {
        if start > self.cursor {
            self.tokens.push(Token {
                kind: TokenKind::Whitespace,
                start: self.cursor as u32,
                end: start as u32,
            });
        }
        // Empty text tokens mark code lines with no text, empty bodies keep heredocs counted;
        // other empty tokens carry nothing.
        if end > start || matches!(kind, TokenKind::Text | TokenKind::HeredocBody) {
            self.tokens.push(Token {
                kind,
                start: start as u32,
                end: end as u32,
            });
        }
        self.cursor = self.cursor.max(end);
    }

    /// Extend the text token that ends at `start` to `end`: the grammar ends a text run at
    /// each escape character that is not a line continuation, and the escape and the text
    /// after it belong to the same token.
    fn extend_text(&mut self, start: usize, end: usize) {
        match self.tokens.last_mut() {
            Some(last) if last.kind == TokenKind::Text && last.end as usize == start => {
                last.end = end as u32;
                self.cursor = self.cursor.max(end);
            }
            _ => self.token(TokenKind::Text, start, end),
        }
    }

    fn node(&mut self, kind: NodeKind, first_token: usize) {
        self.nodes.push(Node {
            kind,
            tokens: first_token as u32..self.tokens.len() as u32,
        });
    }

    fn prologue(&mut self) -> (Escape, Vec<Directive>) {
        let mut escape = Escape::Backslash;
        let mut directives: Vec<Directive> = Vec::new();
        // The grammar sees only the leading comment lines: pest indexes every line of the
        // text it is given, and directives can only be there.
        let Some(prologue) =
            Grammar::parse(Rule::prologue, &self.source[..comment_prefix(self.source)])
                .ok()
                .and_then(|mut p| p.next())
        else {
            return (escape, directives);
        };
        for (line, pair) in prologue.into_inner().enumerate() {
            let first = self.tokens.len();
            match pair.as_rule() {
                Rule::bom => {
                    self.token(TokenKind::Bom, pair.as_span().start(), pair.as_span().end());
                    self.node(NodeKind::Bom, first);
                }
                Rule::directive => {
                    let span = pair.as_span();
                    let mut name = String::new();
                    let mut value = String::new();
                    let mut content_start = span.start();
                    let mut content_end = span.end();
                    for part in pair.into_inner() {
                        match part.as_rule() {
                            Rule::directive_name => {
                                name = part.as_str().to_ascii_lowercase();
                                content_start = self.source[span.start()..part.as_span().start()]
                                    .rfind('#')
                                    .map_or(span.start(), |i| span.start() + i);
                            }
                            Rule::directive_value => {
                                value = directive_value(part.as_str());
                                content_end = part.as_span().end();
                            }
                            _ => {}
                        }
                    }
                    self.token(TokenKind::Directive, content_start, content_end);
                    self.token(TokenKind::Newline, content_end, span.end());
                    self.node(NodeKind::Directive, first);
                    let range = content_start..content_end;
                    if directives.iter().any(|d| d.name == name) {
                        self.error(
                            SyntaxErrorKind::Directive,
                            format!("only one {name} parser directive can be used"),
                            range,
                        );
                        continue;
                    }
                    if name == "escape" {
                        match value.as_str() {
                            "\\" => escape = Escape::Backslash,
                            "`" => escape = Escape::Backtick,
                            _ => self.error(
                                SyntaxErrorKind::Directive,
                                format!("invalid escape token '{value}' does not match ` or \\"),
                                range,
                            ),
                        }
                    }
                    directives.push(Directive {
                        name,
                        value,
                        line: line as u32 + 1,
                    });
                }
                _ => {}
            }
        }
        (escape, directives)
    }

    fn error(&mut self, kind: SyntaxErrorKind, message: String, range: std::ops::Range<usize>) {
        self.errors.push(SyntaxError {
            kind,
            message,
            range,
        });
    }

    /// The items of one body parse, from pest's flat token stream (cheaper than nested
    /// pairs). Returns the index of the node of a heredoc candidate, if the body ended on one.
    fn body(&mut self, body: Pair<Rule>, offset: usize) -> Option<usize> {
        let mut heredoc_candidate = None;
        // Rule starts still open: the body itself, an item, and rules inside the item.
        let mut open: Vec<usize> = Vec::with_capacity(8);
        let mut first_token = 0;
        // Whether the rule that just ended was an escape (the text after it joins its token).
        let mut after_escape = false;
        for token in body.tokens() {
            match token {
                PestToken::Start { rule, pos } => {
                    open.push(offset + pos.pos());
                    if open.len() == 2 {
                        first_token = self.tokens.len();
                        if matches!(
                            rule,
                            Rule::heredoc_instruction_bs | Rule::heredoc_instruction_bt
                        ) {
                            heredoc_candidate = Some(self.nodes.len());
                        }
                    }
                }
                PestToken::End { rule, pos } => {
                    let start = open.pop().unwrap_or(offset);
                    let end = offset + pos.pos();
                    let joins_text = std::mem::take(&mut after_escape);
                    if open.len() == 1 {
                        self.item_end(rule, start, end, first_token);
                    } else if matches!(rule, Rule::escape_bs | Rule::escape_bt) {
                        self.extend_text(start, end);
                        after_escape = true;
                    } else if joins_text && matches!(rule, Rule::text_bs | Rule::text_bt) {
                        self.extend_text(start, end);
                    } else if matches!(rule, Rule::line_continued_bs | Rule::line_continued_bt) {
                        self.line_continued(start, end);
                    } else if rule == Rule::continuation_comment {
                        self.comment_line(start, end);
                    } else if let Some(kind) = token_kind(rule) {
                        // Inside an instruction the only bytes no pair covers are the
                        // indentation of continued lines: a continued line's text keeps
                        // it, as in BuildKit's joined line; blanks that end the file are
                        // not text.
                        let start = if kind == TokenKind::Text
                            && start > self.cursor
                            && open.get(1).is_some_and(|&instruction| start > instruction)
                            && (end > start || end < self.source.len())
                        {
                            self.cursor
                        } else {
                            start
                        };
                        if kind == TokenKind::Text && open.len() == 2 && open[1] == start {
                            self.first_text(start, end);
                        } else {
                            self.token(kind, start, end);
                        }
                    }
                }
            }
        }
        heredoc_candidate
    }

    /// A line continuation, the newline after it and the next line's indentation, which
    /// the grammar matches as one rule: the escape character and its trailing blanks, then
    /// the line end (if any). The indentation is left as a gap: it belongs to the text of a
    /// code line, or is whitespace before a comment line.
    fn line_continued(&mut self, start: usize, end: usize) {
        let bytes = &self.source.as_bytes()[..end];
        let blanks = bytes[start + 1..]
            .iter()
            .take_while(|&&b| matches!(b, b' ' | b'\t'))
            .count();
        let newline = start + 1 + blanks;
        let carriage_returns = bytes[newline..].iter().take_while(|&&b| b == b'\r').count();
        let newline_end = match bytes.get(newline + carriage_returns) {
            Some(b'\n') => newline + carriage_returns + 1,
            _ => newline,
        };
        self.token(TokenKind::Continuation, start, newline);
        self.token(TokenKind::Newline, newline, newline_end);
    }

    /// The first text of an instruction, which begins with its keyword: two tokens.
    fn first_text(&mut self, start: usize, end: usize) {
        let keyword_end = start + keyword_len(&self.source[start..end]);
        self.token(TokenKind::Keyword, start, keyword_end);
        self.token(TokenKind::Text, keyword_end, end);
    }

    /// A comment line, which the grammar matches as one rule: the comment, then its newline
    /// (none at the end of the file). Inside a continuation the rule also takes the next
    /// line's indentation, which is left as a gap (see `line_continued`).
    fn comment_line(&mut self, start: usize, end: usize) {
        let comment_end =
            memchr::memchr(b'\n', &self.source.as_bytes()[start..end]).map_or(end, |at| start + at);
        self.token(TokenKind::Comment, start, comment_end);
        self.token(TokenKind::Newline, comment_end, (comment_end + 1).min(end));
    }

    /// The end of a top-level item of the body rule.
    fn item_end(&mut self, rule: Rule, start: usize, end: usize, first_token: usize) {
        let kind = match rule {
            Rule::blank_line => {
                self.token(TokenKind::Newline, start, end);
                NodeKind::BlankLine
            }
            Rule::blank_end => NodeKind::BlankLine,
            Rule::line_instruction_bs | Rule::line_instruction_bt => {
                self.first_text(start, end);
                NodeKind::Instruction
            }
            Rule::comment_line => {
                self.comment_line(start, end);
                NodeKind::CommentLine
            }
            Rule::newline => {
                // The newline after a heredoc instruction (see `body_*` in the grammar).
                self.token(TokenKind::Newline, start, end);
                if let Some(last) = self.nodes.last_mut() {
                    last.tokens.end = self.tokens.len() as u32;
                }
                return;
            }
            // Indentation is covered as the gap before the next token.
            Rule::EOI | Rule::indent => return,
            _ => NodeKind::Instruction,
        };
        self.token(TokenKind::Whitespace, end, end);
        // The newline that ends an instruction, which the grammar matches without a pair
        // (`body_*`; an instruction's text takes any carriage return before it).
        if matches!(
            rule,
            Rule::instruction_bs
                | Rule::instruction_bt
                | Rule::line_instruction_bs
                | Rule::line_instruction_bt
        ) && self.source.as_bytes().get(end) == Some(&b'\n')
        {
            self.token(TokenKind::Newline, end, end + 1);
        }
        self.node(kind, first_token);
    }

    /// After an instruction that contains `<<`: find its heredocs and take their bodies.
    fn heredoc_bodies(&mut self, index: usize, escape: Escape) {
        let node = self.nodes[index].clone();
        let tokens = &self.tokens[node.tokens.start as usize..];
        let specs = heredoc::detect(
            &Logical::from_tokens(self.source, tokens).text,
            escape.char(),
        );
        let specs = match specs {
            Ok(specs) => specs,
            Err(message) => {
                let range = self.range_of(&node);
                self.error(SyntaxErrorKind::Instruction, message, range);
                return;
            }
        };
        if specs.is_empty() {
            return;
        }
        // The instruction must end with a newline for a body to follow.
        let ends_with_newline = self
            .tokens
            .last()
            .is_some_and(|t| t.kind == TokenKind::Newline);
        for spec in &specs {
            if !ends_with_newline || !self.heredoc_body(spec) {
                let range = self.range_of(&node);
                self.error(
                    SyntaxErrorKind::UnterminatedHeredoc,
                    format!("unterminated heredoc {}", spec.name),
                    range,
                );
                break;
            }
        }
        self.nodes[index].tokens.end = self.tokens.len() as u32;
        self.heredocs.push((index, specs));
    }

    /// Take one heredoc body and its terminator line; false if the file ends first.
    fn heredoc_body(&mut self, spec: &HeredocSpec) -> bool {
        let body_start = self.cursor;
        let mut line_start = body_start;
        while line_start < self.source.len() {
            let line_end = memchr::memchr(b'\n', &self.source.as_bytes()[line_start..])
                .map_or(self.source.len(), |i| line_start + i + 1);
            let line = &self.source[line_start..line_end];
            let mut candidate = line.trim_end_matches(['\r', '\n']);
            if spec.chomp {
                candidate = candidate.trim_start_matches('\t');
            }
            if candidate == spec.name {
                let content_end = line_start + line.trim_end_matches(['\r', '\n']).len();
                self.token(TokenKind::HeredocBody, body_start, line_start);
                self.token(TokenKind::HeredocEnd, line_start, content_end);
                self.token(TokenKind::Newline, content_end, line_end);
                return true;
            }
            line_start = line_end;
        }
        self.token(TokenKind::HeredocBody, body_start, self.source.len());
        false
    }

    /// Flag instructions whose `${...}` expansions nest deeper than the lexer follows
    /// (BuildKit's lexer would go on): their meaning is unknown, so the file is left alone.
    /// Only lines with that many `${` can be that deep, so others are not lexed here.
    fn too_deep(&mut self, escape: Escape) {
        let finder = memchr::memmem::Finder::new("${");
        for index in 0..self.nodes.len() {
            let node = &self.nodes[index];
            if node.kind != NodeKind::Instruction {
                continue;
            }
            let tokens = &self.tokens[node.tokens.start as usize..node.tokens.end as usize];
            let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
                continue;
            };
            let range = first.start as usize..last.end as usize;
            if finder
                .find_iter(&self.source.as_bytes()[range.clone()])
                .count()
                <= lex::MAX_NESTING
            {
                continue;
            }
            let text = Logical::from_tokens(self.source, tokens).text;
            if let Err(error @ lex::LexError::TooDeep) =
                Lex::new(escape.char()).process_words(&text)
            {
                self.error(SyntaxErrorKind::Instruction, error.to_string(), range);
            }
        }
    }

    fn range_of(&self, node: &Node) -> std::ops::Range<usize> {
        let start = self
            .tokens
            .get(node.tokens.start as usize)
            .map_or(0, |t| t.start as usize);
        start..self.cursor
    }

    /// Last resort, never expected: keep the remaining bytes as one instruction's text.
    fn rest_as_text(&mut self, why: &str) {
        let first = self.tokens.len();
        let (start, end) = (self.cursor, self.source.len());
        self.token(TokenKind::Text, start, end);
        self.node(NodeKind::Instruction, first);
        self.error(SyntaxErrorKind::Instruction, why.into(), start..end);
    }
}

/// The value of a directive: BuildKit's `\s*(.+?)\s*$` after the `=`.
fn directive_value(raw: &str) -> String {
    let is_blank = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r');
    let trimmed = raw.trim_matches(is_blank);
    if trimmed.is_empty() {
        // `.+?` takes one character even when it is a blank.
        raw.chars().last().map(String::from).unwrap_or_default()
    } else {
        trimmed.to_string()
    }
}

/// The length of the run of comment lines (after a byte-order mark and indentation) at the
/// start of `source`, newline of the last one included.
fn comment_prefix(source: &str) -> usize {
    let bytes = source.as_bytes();
    let mut end = if source.starts_with('\u{FEFF}') { 3 } else { 0 };
    loop {
        let line_end = memchr::memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |i| end + i + 1);
        let line = source[end..line_end].trim_start();
        if !line.starts_with('#') || end == line_end {
            return end;
        }
        end = line_end;
    }
}

/// The token a rule inside an item produces, if any (others are containers or gaps).
fn token_kind(rule: Rule) -> Option<TokenKind> {
    Some(match rule {
        Rule::newline => TokenKind::Newline,
        Rule::text_bs
        | Rule::text_bt
        | Rule::code_text_bs
        | Rule::code_text_bt
        | Rule::text_any_bs
        | Rule::text_any_bt => TokenKind::Text,
        _ => return None,
    })
}

/// The length of the keyword that starts an instruction's first text: the run of
/// characters up to a blank (\t \n \v \f \r, space), `<`, `\` or the backtick. It is
/// split off here rather than in the grammar, where every character would be a range test.
/// (BuildKit splits the joined line itself; the model does that, this is only the token.)
fn keyword_len(text: &str) -> usize {
    text.bytes()
        .position(|b| matches!(b, b'\t'..=b'\r' | b' ' | b'<' | b'\\' | b'`'))
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    /// The tokens of `source` as (kind, text).
    fn tokens(source: &str) -> Vec<(TokenKind, &str)> {
        let tree = parse(source);
        tree.tokens
            .iter()
            .map(|token| (token.kind, &source[token.range()]))
            .collect()
    }

    #[test]
    fn escapes_that_are_text_join_the_text_around_them() {
        assert_eq!(
            tokens("RUN echo \\\"a\\\\b\\\\\nRUN\\x\n"),
            [
                (Keyword, "RUN"),
                (Text, " echo \\\"a\\\\b\\\\"),
                (Newline, "\n"),
                (Keyword, "RUN"),
                (Text, "\\x"),
                (Newline, "\n"),
            ]
        );
    }

    #[test]
    fn lines_the_grammar_matches_as_one_pair_give_each_token() {
        assert_eq!(
            tokens("FROM a\r\n  # c\r\n\r\n\nRUN b \\\n # d\n  e\n#end"),
            [
                (Keyword, "FROM"),
                (Text, " a\r"),
                (Newline, "\n"),
                (Whitespace, "  "),
                (Comment, "# c\r"),
                (Newline, "\n"),
                (Whitespace, "\r"),
                (Newline, "\n"),
                (Newline, "\n"),
                (Keyword, "RUN"),
                (Text, " b "),
                (Continuation, "\\"),
                (Newline, "\n"),
                (Whitespace, " "),
                (Comment, "# d"),
                (Newline, "\n"),
                (Text, "  e"),
                (Newline, "\n"),
                (Comment, "#end"),
            ]
        );
        // The newline after an instruction is the builder's; the last one may have none.
        assert_eq!(
            tokens("RUN a\nRUN b \\\n  c\nRUN d"),
            [
                (Keyword, "RUN"),
                (Text, " a"),
                (Newline, "\n"),
                (Keyword, "RUN"),
                (Text, " b "),
                (Continuation, "\\"),
                (Newline, "\n"),
                (Text, "  c"),
                (Newline, "\n"),
                (Keyword, "RUN"),
                (Text, " d"),
            ]
        );
    }

    #[test]
    fn a_continuation_and_its_newline_are_two_tokens() {
        assert_eq!(
            tokens("RUN a \\ \t\r\n  b \\\n\tc `\n# escape=`"),
            [
                (Keyword, "RUN"),
                (Text, " a "),
                (Continuation, "\\ \t"),
                (Newline, "\r\n"),
                (Text, "  b "),
                (Continuation, "\\"),
                (Newline, "\n"),
                (Text, "\tc `"),
                (Newline, "\n"),
                (Comment, "# escape=`"),
            ]
        );
        let backtick = "# escape=`\nRUN a `\n  b ``\n";
        assert!(tokens(backtick).contains(&(Continuation, "`")));
        assert!(tokens(backtick).contains(&(Text, "  b ``")));
    }

    #[test]
    fn a_continued_line_keeps_its_indentation_but_not_blanks_that_end_the_file() {
        assert_eq!(
            tokens("RUN a \\\n  # note\n\n   b \\\n   "),
            [
                (Keyword, "RUN"),
                (Text, " a "),
                (Continuation, "\\"),
                (Newline, "\n"),
                (Whitespace, "  "),
                (Comment, "# note"),
                (Newline, "\n"),
                (Newline, "\n"),
                (Text, "   b "),
                (Continuation, "\\"),
                (Newline, "\n"),
                (Whitespace, "   "),
                (Text, ""),
            ]
        );
    }
}
