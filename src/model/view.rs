//! The parse as BuildKit's parser reports it: `dockfix parse --json` prints these views (the
//! fields of BuildKit's `Node`, as the PyPI `dockerfile` binding names them), and `dump`
//! prints BuildKit's own AST dump (`Node.Dump`, the format of its parser fixtures).

use serde::Serialize;

use super::{Args, Command, Dockerfile, Instruction};
use crate::syntax::split::go_lowercase;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeredocView {
    pub name: String,
    pub file_descriptor: u64,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstructionView {
    /// The instruction, lower case (`run`, `onbuild`, or an unknown word as written).
    pub cmd: String,
    /// For ONBUILD: the wrapped instruction, lower case.
    pub sub_cmd: Option<String>,
    /// Exec (JSON) form.
    pub json: bool,
    /// The logical line: physical lines joined as BuildKit joins them.
    pub original: String,
    pub start_line: u32,
    pub end_line: u32,
    /// Flags as BuildKit extracts them (for ONBUILD: the wrapped instruction's flags).
    pub flags: Vec<String>,
    pub value: Vec<String>,
    pub heredocs: Vec<HeredocView>,
}

impl InstructionView {
    pub fn new(dockerfile: &Dockerfile, instruction: &Instruction) -> Option<Self> {
        let command = instruction.command.as_ref()?;
        let line = &instruction.logical.text;
        let sub = match &command.args {
            Args::Sub(sub) => Some(sub.as_ref()),
            _ => None,
        };
        let effective = sub.unwrap_or(command);
        let source = dockerfile.source();
        Some(InstructionView {
            cmd: go_lowercase(&line[command.keyword_range.clone()]),
            sub_cmd: sub.map(|s| go_lowercase(&line[s.keyword_range.clone()])),
            json: command.is_json(),
            original: line.to_string(),
            start_line: instruction.start_line,
            end_line: instruction.end_line,
            flags: effective.flags.iter().map(|f| f.text.clone()).collect(),
            value: values(line, effective, false),
            heredocs: instruction
                .heredocs
                .iter()
                .map(|h| HeredocView {
                    name: h.spec.name.clone(),
                    file_descriptor: h.spec.file_descriptor,
                    content: source[h.body.clone()].to_string(),
                })
                .collect(),
        })
    }
}

pub fn views(dockerfile: &Dockerfile) -> Vec<InstructionView> {
    dockerfile
        .instructions
        .iter()
        .filter_map(|i| InstructionView::new(dockerfile, i))
        .collect()
}

/// The values of BuildKit's node chain. ENV and LABEL nodes carry a separator after each
/// pair (`=` or, in legacy form, empty); the binding leaves it out, `Dump` prints it.
fn values(line: &str, command: &Command, with_separators: bool) -> Vec<String> {
    let text = |range: &std::ops::Range<usize>| line[range.clone()].to_string();
    match &command.args {
        Args::None => Vec::new(),
        Args::Shell(range) | Args::String(range) => vec![text(range)],
        Args::Json(strings) => strings.iter().map(|s| s.value.clone()).collect(),
        Args::List(words) => words.iter().map(text).collect(),
        Args::Pairs(pairs) => pairs
            .iter()
            .flat_map(|p| {
                let mut v = vec![p.key.clone(), p.value.clone()];
                if with_separators {
                    v.push("=".into());
                }
                v
            })
            .collect(),
        Args::Legacy { key, value } => {
            let mut v = vec![text(key), text(value)];
            if with_separators {
                v.push(String::new());
            }
            v
        }
        Args::Words(words) => words.iter().map(|w| w.text.clone()).collect(),
        Args::Health {
            kind,
            command: inner,
        } => {
            let inner = Command {
                args: (**inner).clone(),
                ..command.clone()
            };
            std::iter::once(text(kind))
                .chain(values(line, &inner, with_separators))
                .collect()
        }
        Args::Sub(sub) => values(line, sub, with_separators),
        Args::Ignored(_) => vec![String::new()],
    }
}

/// BuildKit's `Node.Dump` of the whole file: one `(cmd "value" ...)` line per instruction.
pub fn dump(dockerfile: &Dockerfile) -> String {
    let mut out = String::new();
    for instruction in &dockerfile.instructions {
        let Some(command) = &instruction.command else {
            continue;
        };
        out.push('(');
        out.push_str(&dump_command(&instruction.logical.text, command));
        out.push_str(")\n");
    }
    out
}

fn dump_command(line: &str, command: &Command) -> String {
    let mut out = go_lowercase(&line[command.keyword_range.clone()]);
    if !command.flags.is_empty() {
        let flags: Vec<String> = command.flags.iter().map(|f| go_quote(&f.text)).collect();
        out.push_str(&format!(" [{}]", flags.join(" ")));
    }
    if let Args::Sub(sub) = &command.args {
        out.push_str(&format!(" ({})", dump_command(line, sub)));
        return out;
    }
    for value in values(line, command, true) {
        out.push(' ');
        out.push_str(&go_quote(&value));
    }
    out
}

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if c == ' ' || !(c.is_control() || c.is_whitespace() || is_format(c)) => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Invisible format characters Go does not print as is.
fn is_format(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}
