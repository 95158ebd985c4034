//! The semantic view over the CST: each instruction as BuildKit's parser sees it
//! (keyword, flags, arguments split by BuildKit's own rules, heredoc bodies), with spans
//! into the instruction's logical line so that passes can point at and edit the source.

pub mod image;
pub mod meaning;
pub mod platform;
pub mod stage_refs;
pub mod stages;
pub mod variables;
pub mod view;

use std::ops::Range;

pub use crate::syntax::heredoc::HeredocSpec;
pub use crate::syntax::json::JsonString;
pub use crate::syntax::split::{Flag, Word};
pub use stages::{Stage, Stages};

use crate::syntax::json::{JsonArray, parse_array};
use crate::syntax::logical::Logical;
use crate::syntax::split::{self, parse_words, split_command_at, split_whitespace};
use crate::syntax::{self, Node, NodeKind, SyntaxError, SyntaxErrorKind, SyntaxTree, TokenKind};

/// The instructions BuildKit knows; anything else is `Unknown` (kept, reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    StopSignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    pub fn from_word(word: &str) -> Keyword {
        const TABLE: [(&str, Keyword); 18] = [
            ("add", Keyword::Add),
            ("arg", Keyword::Arg),
            ("cmd", Keyword::Cmd),
            ("copy", Keyword::Copy),
            ("entrypoint", Keyword::Entrypoint),
            ("env", Keyword::Env),
            ("expose", Keyword::Expose),
            ("from", Keyword::From),
            ("healthcheck", Keyword::Healthcheck),
            ("label", Keyword::Label),
            ("maintainer", Keyword::Maintainer),
            ("onbuild", Keyword::Onbuild),
            ("run", Keyword::Run),
            ("shell", Keyword::Shell),
            ("stopsignal", Keyword::StopSignal),
            ("user", Keyword::User),
            ("volume", Keyword::Volume),
            ("workdir", Keyword::Workdir),
        ];
        // Most keywords are ASCII: asked once here, not for each of the 18 names. Others
        // (the Kelvin sign is a `k`) take BuildKit's Unicode folding.
        if word.is_ascii() {
            return TABLE
                .iter()
                .find(|(name, _)| word.eq_ignore_ascii_case(name))
                .map_or(Keyword::Unknown, |&(_, k)| k);
        }
        TABLE
            .iter()
            .find(|(name, _)| crate::syntax::split::keyword_is(word, name))
            .map_or(Keyword::Unknown, |&(_, k)| k)
    }

    /// The canonical (upper-case) spelling; `None` for unknown instructions.
    pub fn canonical(self) -> Option<&'static str> {
        Some(match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::StopSignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => return None,
        })
    }
}

/// One `key=value` of ENV or LABEL (quotes kept, as BuildKit's parser leaves them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub word: Word,
    pub key: String,
    pub value: String,
}

/// Arguments, in the shape BuildKit's line parser gives each instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// No arguments.
    None,
    /// Shell form: the whole rest of the line (RUN, CMD, ENTRYPOINT, SHELL).
    Shell(Range<usize>),
    /// Exec (JSON) form.
    Json(Vec<JsonString>),
    /// Whitespace-separated words (FROM, EXPOSE, and COPY/ADD/VOLUME in plain form).
    List(Vec<Range<usize>>),
    /// ENV/LABEL `key=value ...`.
    Pairs(Vec<KeyValue>),
    /// ENV/LABEL legacy `key value`: the value is the rest of the line.
    Legacy {
        key: Range<usize>,
        value: Range<usize>,
    },
    /// ARG `name` or `name=value` words.
    Words(Vec<Word>),
    /// The rest of the line as one string (USER, WORKDIR, STOPSIGNAL, MAINTAINER).
    String(Range<usize>),
    /// HEALTHCHECK: its type (`CMD`, `NONE`) and the command after it.
    Health {
        kind: Range<usize>,
        command: Box<Args>,
    },
    /// ONBUILD: the instruction it wraps.
    Sub(Box<Command>),
    /// Unknown instruction: BuildKit ignores the arguments; this is their span.
    Ignored(Range<usize>),
}

/// An instruction's keyword, flags and arguments; spans are in its logical line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub keyword_range: Range<usize>,
    pub keyword: Keyword,
    pub flags: Vec<Flag>,
    pub args: Args,
    /// The span of the arguments after the flags (trimmed).
    pub args_range: Range<usize>,
}

impl Command {
    /// Split `line[range]` as BuildKit's `newNodeFromLine` does.
    fn parse(line: &str, range: Range<usize>, escape: char) -> Result<Command, String> {
        let split = split_command_at(line, range, escape);
        let keyword = Keyword::from_word(&line[split.keyword.clone()]);
        let args = parse_args(line, keyword, split.args.clone(), escape)?;
        Ok(Command {
            keyword_range: split.keyword,
            keyword,
            flags: split.flags,
            args,
            args_range: split.args,
        })
    }

    /// The command ONBUILD wraps, or this one.
    pub fn effective(&self) -> &Command {
        match &self.args {
            Args::Sub(sub) => sub,
            _ => self,
        }
    }

    pub fn is_json(&self) -> bool {
        match &self.args {
            Args::Json(_) => true,
            Args::Health { command, .. } => matches!(**command, Args::Json(_)),
            Args::Sub(sub) => sub.is_json(),
            _ => false,
        }
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.name() == name)
    }
}

/// The dispatch table of BuildKit's parser.
fn parse_args(
    line: &str,
    keyword: Keyword,
    rest: Range<usize>,
    escape: char,
) -> Result<Args, String> {
    let text = &line[rest.clone()];
    let json_or = |fallback: Args| -> Result<Args, String> {
        match parse_array(text) {
            JsonArray::Strings(strings) => Ok(Args::Json(
                strings
                    .into_iter()
                    .map(|s| JsonString {
                        span: s.span.start + rest.start..s.span.end + rest.start,
                        value: s.value,
                    })
                    .collect(),
            )),
            JsonArray::NotStringArray => {
                Err("when using JSON array syntax, arrays must be comprised of strings only".into())
            }
            JsonArray::NotJson => Ok(fallback),
        }
    };
    match keyword {
        Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell => {
            if text.is_empty() {
                return Ok(Args::None);
            }
            json_or(Args::Shell(rest.clone()))
        }
        Keyword::Add | Keyword::Copy | Keyword::Volume => json_or(list(line, rest.clone())),
        Keyword::Expose | Keyword::From => Ok(list(line, rest)),
        Keyword::Env | Keyword::Label => parse_name_value(line, keyword, rest, escape),
        Keyword::Arg => {
            let words = parse_words(line, rest, escape);
            Ok(if words.is_empty() {
                Args::None
            } else {
                Args::Words(words)
            })
        }
        Keyword::Maintainer | Keyword::StopSignal | Keyword::User | Keyword::Workdir => {
            Ok(if text.is_empty() {
                Args::None
            } else {
                Args::String(rest)
            })
        }
        Keyword::Healthcheck => {
            let bytes = line.as_bytes();
            let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
            let kind_end = (rest.start..rest.end)
                .find(|&i| is_space(bytes[i]))
                .unwrap_or(rest.end);
            if kind_end == rest.start {
                return Ok(Args::None);
            }
            let command_start = (kind_end..rest.end)
                .find(|&i| !is_space(bytes[i]))
                .unwrap_or(rest.end);
            let command = parse_args(line, Keyword::Cmd, command_start..rest.end, escape)?;
            Ok(Args::Health {
                kind: rest.start..kind_end,
                command: Box::new(command),
            })
        }
        Keyword::Onbuild => {
            if text.is_empty() {
                return Ok(Args::None);
            }
            if onbuild_chain(line, rest.clone(), escape) > MAX_ONBUILD_CHAIN {
                // BuildKit rejects even `ONBUILD ONBUILD` when it builds; a chain this long
                // is not read, so that no input can nest the model without bound.
                return Err(format!(
                    "ONBUILD chained more than {MAX_ONBUILD_CHAIN} times"
                ));
            }
            Ok(Args::Sub(Box::new(Command::parse(line, rest, escape)?)))
        }
        Keyword::Unknown => Ok(Args::Ignored(rest)),
    }
}

/// How many ONBUILD keywords the arguments of an ONBUILD start with, counted up to one
/// past the limit.
const MAX_ONBUILD_CHAIN: usize = 64;

fn onbuild_chain(line: &str, mut rest: Range<usize>, escape: char) -> usize {
    let mut chain = 0;
    while chain <= MAX_ONBUILD_CHAIN && !rest.is_empty() {
        let split = split_command_at(line, rest, escape);
        if Keyword::from_word(&line[split.keyword.clone()]) != Keyword::Onbuild {
            break;
        }
        chain += 1;
        rest = split.args;
    }
    chain
}

fn list(line: &str, rest: Range<usize>) -> Args {
    let words = split_whitespace(line, rest);
    if words.is_empty() {
        Args::None
    } else {
        Args::List(words)
    }
}

/// `parseNameVal`: `key=value ...`, or the legacy `key value` when the first word has no `=`.
fn parse_name_value(
    line: &str,
    keyword: Keyword,
    rest: Range<usize>,
    escape: char,
) -> Result<Args, String> {
    let words = parse_words(line, rest.clone(), escape);
    let Some(first) = words.first() else {
        return Ok(Args::None);
    };
    let name = keyword.canonical().unwrap_or_default();
    if !first.text.contains('=') {
        let bytes = line.as_bytes();
        let Some(key_end) = (rest.start..rest.end).find(|&i| split::is_re_whitespace(bytes[i]))
        else {
            return Err(format!("{name} must have two arguments"));
        };
        let value_start = (key_end..rest.end)
            .find(|&i| !split::is_re_whitespace(bytes[i]))
            .unwrap_or(rest.end);
        return Ok(Args::Legacy {
            key: rest.start..key_end,
            value: value_start..rest.end,
        });
    }
    let mut pairs = Vec::with_capacity(words.len());
    for word in words {
        let Some((key, value)) = word.text.split_once('=') else {
            return Err(format!(
                "Syntax error - can't find = in {:?}. Must be of the form: name=value",
                word.text
            ));
        };
        let (key, value) = (key.to_string(), value.to_string());
        pairs.push(KeyValue { word, key, value });
    }
    Ok(Args::Pairs(pairs))
}

/// A heredoc and where its body is in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub spec: HeredocSpec,
    /// The body as BuildKit keeps it: raw lines with their line endings.
    pub body: Range<usize>,
}

/// One instruction of the file.
#[derive(Debug, Clone)]
pub struct Instruction<'a> {
    /// Index of the node in `SyntaxTree::nodes`.
    pub node: usize,
    pub logical: Logical<'a>,
    /// `None` when BuildKit's line parser rejects the instruction (see the tree's errors).
    pub command: Option<Command>,
    pub heredocs: Vec<Heredoc>,
    /// 1-based lines, as BuildKit counts them (heredoc bodies included).
    pub start_line: u32,
    pub end_line: u32,
}

impl Instruction<'_> {
    pub fn text(&self, range: Range<usize>) -> &str {
        &self.logical.text[range]
    }

    pub fn keyword(&self) -> Keyword {
        self.command
            .as_ref()
            .map_or(Keyword::Unknown, |c| c.keyword)
    }
}

/// A parsed Dockerfile: the lossless tree and the instructions' semantic view.
#[derive(Debug, Clone)]
pub struct Dockerfile<'a> {
    pub tree: SyntaxTree<'a>,
    pub instructions: Vec<Instruction<'a>>,
    /// The file's line ending (`"\r\n"` when its first line ends so), for new text.
    pub line_ending: &'static str,
    /// Whether shell-form commands run under a POSIX shell (see `platform`).
    pub posix_shell: bool,
    /// The build stages, found when first asked for (formatting needs none).
    stages: std::sync::OnceLock<Stages>,
}

impl<'a> Dockerfile<'a> {
    pub fn parse(source: &'a str) -> Self {
        let mut tree = syntax::parse(source);
        let escape = tree.escape.char();
        let mut instructions = Vec::new();
        let mut errors = Vec::new();
        for (index, node) in tree.nodes.iter().enumerate() {
            if node.kind != NodeKind::Instruction {
                continue;
            }
            let logical = Logical::new(&tree, node);
            let command = match Command::parse(&logical.text, 0..logical.text.len(), escape) {
                Ok(command) => Some(command),
                Err(message) => {
                    errors.push(SyntaxError {
                        kind: SyntaxErrorKind::Instruction,
                        message,
                        range: tree.node_range(node),
                    });
                    None
                }
            };
            let heredocs = heredocs_of(&tree, index);
            let (start_line, end_line) = lines_of(&tree, node, &logical);
            instructions.push(Instruction {
                node: index,
                logical,
                command,
                heredocs,
                start_line,
                end_line,
            });
        }
        tree.errors.extend(errors);
        tree.errors.sort_by_key(|e| e.range.start);
        let mut dockerfile = Dockerfile {
            line_ending: line_ending(&tree),
            tree,
            instructions,
            posix_shell: true,
            stages: std::sync::OnceLock::new(),
        };
        dockerfile.posix_shell = platform::runs_posix_shell(&dockerfile);
        dockerfile
    }

    pub fn stages(&self) -> &Stages {
        self.stages.get_or_init(|| Stages::new(self))
    }

    pub fn source(&self) -> &'a str {
        self.tree.source
    }

    pub fn errors(&self) -> &[SyntaxError] {
        &self.tree.errors
    }

    pub fn node(&self, instruction: &Instruction) -> &Node {
        &self.tree.nodes[instruction.node]
    }

    /// The source range of a whole instruction (heredoc bodies included, final newline excluded).
    pub fn instruction_range(&self, instruction: &Instruction) -> Range<usize> {
        let tokens = self.tree.node_tokens(self.node(instruction));
        // Empty tokens (a code line with no text) carry no position worth keeping.
        let content =
            |t: &&crate::syntax::Token| t.end > t.start && t.kind != TokenKind::Whitespace;
        let end = tokens
            .iter()
            .rev()
            .find(|t| content(t) && t.kind != TokenKind::Newline);
        let start = tokens.iter().find(content);

        match (start, end) {
            (Some(start), Some(end)) => start.start as usize..end.end as usize,
            _ => self.tree.node_range(self.node(instruction)),
        }
    }
}

/// `"\r\n"` when the first line that is not a leading blank line ends with it, else
/// `"\n"`. Leading blank lines do not count: `fmt` removes them, and the ending of the
/// file it writes must be the one it was written with, or a second pass would change it.
fn line_ending(tree: &SyntaxTree) -> &'static str {
    let from = tree
        .nodes
        .iter()
        .find(|node| node.kind != NodeKind::BlankLine)
        .map_or(0, |node| tree.node_range(node).start);
    let bytes = tree.source.as_bytes();
    let newline = memchr::memchr(b'\n', &bytes[from..])
        .map(|offset| from + offset)
        .or_else(|| memchr::memchr(b'\n', bytes));
    match newline {
        Some(index) if index > 0 && bytes[index - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

fn heredocs_of(tree: &SyntaxTree, index: usize) -> Vec<Heredoc> {
    let specs = tree.heredoc_specs(index);
    if specs.is_empty() {
        return Vec::new();
    }
    let bodies = tree
        .node_tokens(&tree.nodes[index])
        .iter()
        .filter(|t| t.kind == TokenKind::HeredocBody)
        .map(|t| t.range());
    specs
        .iter()
        .zip(bodies)
        .map(|(spec, body)| Heredoc {
            spec: spec.clone(),
            body,
        })
        .collect()
}

/// BuildKit's start line (the first code line) and end line (the last line it read).
fn lines_of(tree: &SyntaxTree, node: &Node, logical: &Logical) -> (u32, u32) {
    let start = logical.segments.first().map_or(0, |s| s.source.start);
    let last = tree
        .node_tokens(node)
        .iter()
        .rev()
        .find(|t| t.end > t.start);
    let end = last.map_or(start, |t| t.start as usize);
    let start_line = tree.line_index.line(start) as u32 + 1;
    let end_line = tree.line_index.line(end) as u32 + 1;
    (start_line, end_line.max(start_line))
}
