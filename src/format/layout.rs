//! What the formatter may touch in an instruction.
//!
//! An instruction's logical line is cut into *atoms*: the keyword, each flag, and the
//! arguments split the way BuildKit (or, for shell form, the shell) splits them. Atoms are
//! copied as written; only the whitespace *between* atoms is re-spaced, so every word
//! BuildKit and the shell see stays the same. When the arguments cannot be split safely
//! (unknown instruction, non-POSIX shell, unbalanced quotes, ...) they are one atom.

use std::ops::Range;

use crate::model::{Args, Command, Instruction, Keyword};
use crate::shell::words;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomKind {
    Plain,
    /// `&&` or `||` in shell form: may move to the other side of a line break.
    Operator,
    JsonOpen,
    JsonComma,
    JsonClose,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// Range in the logical line.
    pub range: Range<usize>,
    pub kind: AtomKind,
    /// Canonical spelling to print instead (keywords, `AS`, `CMD`).
    pub replacement: Option<&'static str>,
    /// A word of shell-form text (operators may only move next to these).
    pub shell: bool,
}

impl Atom {
    fn plain(range: Range<usize>) -> Self {
        Atom {
            range,
            kind: AtomKind::Plain,
            replacement: None,
            shell: false,
        }
    }

    fn replaced(range: Range<usize>, replacement: Option<&'static str>) -> Self {
        Atom {
            range,
            kind: AtomKind::Plain,
            replacement,
            shell: false,
        }
    }
}

/// The atoms of an instruction, or `None` when it must be printed as written.
pub fn atoms(instruction: &Instruction, posix_shell: bool) -> Option<Vec<Atom>> {
    let command = instruction.command.as_ref()?;
    if command.keyword == Keyword::Unknown {
        return None;
    }
    let line = instruction.logical.text.as_ref();
    let mut atoms = Vec::new();
    command_atoms(line, command, posix_shell, &mut atoms)?;
    // Only whitespace may lie between atoms; anything else (a `--` ending the flags, say)
    // means this instruction is printed as written.
    let gaps_are_blank = atoms.windows(2).all(|pair| {
        line[pair[0].range.end..pair[1].range.start]
            .trim()
            .is_empty()
    });
    gaps_are_blank.then_some(atoms)
}

fn command_atoms(
    line: &str,
    command: &Command,
    posix_shell: bool,
    atoms: &mut Vec<Atom>,
) -> Option<()> {
    let keyword = command.keyword.canonical()?;
    atoms.push(Atom::replaced(command.keyword_range.clone(), Some(keyword)));
    atoms.extend(
        command
            .flags
            .iter()
            .map(|flag| Atom::plain(flag.range.clone())),
    );
    args_atoms(line, command, &command.args, posix_shell, atoms)
}

fn args_atoms(
    line: &str,
    command: &Command,
    args: &Args,
    posix_shell: bool,
    atoms: &mut Vec<Atom>,
) -> Option<()> {
    match args {
        Args::None => {}
        Args::Shell(range) => shell_atoms(line, range.clone(), posix_shell, atoms),
        Args::Json(_) => json_atoms(line, command.args_range_of(args, line)?, atoms)?,
        // Almost-JSON (`["a b", "c"]` that failed to parse, for instance because of a
        // control character): re-spacing could make it valid JSON, so it stays as written.
        Args::List(_) if line[command.args_range.clone()].starts_with('[') => {
            atoms.push(Atom::plain(command.args_range.clone()))
        }
        Args::List(words) => {
            let from_as = command.keyword == Keyword::From
                && words.len() == 3
                && line[words[1].clone()].eq_ignore_ascii_case("as");
            for (index, word) in words.iter().enumerate() {
                let replacement = (from_as && index == 1).then_some("AS");
                atoms.push(Atom::replaced(word.clone(), replacement));
            }
        }
        Args::Pairs(pairs) => atoms.extend(
            pairs
                .iter()
                .map(|pair| Atom::plain(pair.word.range.clone())),
        ),
        Args::Words(words) => {
            atoms.extend(words.iter().map(|word| Atom::plain(word.range.clone())))
        }
        Args::Legacy { key, value } => {
            // BuildKit picks the legacy form when its word splitting (quotes, escapes) finds
            // no `=` in the first word; with an escape or quote in the key, the blanks after
            // it decide that, so they stay as written.
            let plain = line[key.clone()]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-/:".contains(&b));
            if plain {
                atoms.push(Atom::plain(key.clone()));
                atoms.push(Atom::plain(value.start..command.args_range.end));
            } else {
                atoms.push(Atom::plain(key.start..command.args_range.end));
            }
        }

        Args::String(range) | Args::Ignored(range) => atoms.push(Atom::plain(range.clone())),
        Args::Health {
            kind,
            command: inner,
        } => {
            let replacement = ["CMD", "NONE"]
                .into_iter()
                .find(|k| line[kind.clone()].eq_ignore_ascii_case(k));
            atoms.push(Atom::replaced(kind.clone(), replacement));
            args_atoms(line, command, inner, posix_shell, atoms)?;
        }
        Args::Sub(sub) => {
            if sub.keyword == Keyword::Unknown {
                atoms.push(Atom::plain(command.args_range.clone()));
            } else {
                command_atoms(line, sub, posix_shell, atoms)?;
            }
        }
    }
    Some(())
}

/// Shell form: split as the shell does, under a POSIX shell; otherwise one atom. Text that
/// starts with `[` but is not JSON is kept whole: older BuildKit read some of it as JSON.
fn shell_atoms(line: &str, range: Range<usize>, posix_shell: bool, atoms: &mut Vec<Atom>) {
    let text = &line[range.clone()];
    let words = (posix_shell && !text.starts_with('['))
        .then(|| shell_words(text))
        .flatten();
    let Some(words) = words else {
        atoms.push(Atom::plain(range));
        return;
    };
    for word in words {
        let kind = if matches!(&text[word.clone()], "&&" | "||") {
            AtomKind::Operator
        } else {
            AtomKind::Plain
        };
        atoms.push(Atom {
            range: word.start + range.start..word.end + range.start,
            kind,
            replacement: None,
            shell: true,
        });
    }
}

/// The words of shell-form text (POSIX shell) between which the formatter may change the
/// whitespace, line continuations included; `None` when it keeps the text as written.
pub fn shell_words(text: &str) -> Option<Vec<Range<usize>>> {
    let words = words::split(text)?;
    // The gaps must be unquoted blanks in the plain quote model too (the oracle's, where
    // backquotes and comments are not special); where the two models disagree, keep it all.
    let blanks = crate::model::meaning::unquoted_blanks(text);
    words
        .windows(2)
        .all(|pair| (pair[0].end..pair[1].start).all(|i| blanks[i]))
        .then_some(words)
}

/// `[`, each string, the commas and `]` of a JSON array already known to be valid.
fn json_atoms(line: &str, range: Range<usize>, atoms: &mut Vec<Atom>) -> Option<()> {
    let bytes = line.as_bytes();
    let mut pos = range.start;
    let skip_blank = |pos: &mut usize| {
        while *pos < range.end && matches!(bytes[*pos], b' ' | b'\t' | b'\r' | b'\n') {
            *pos += 1;
        }
    };
    let expect = |pos: &mut usize, byte: u8, kind: AtomKind, atoms: &mut Vec<Atom>| -> Option<()> {
        skip_blank(pos);
        (bytes.get(*pos) == Some(&byte)).then_some(())?;
        atoms.push(Atom {
            range: *pos..*pos + 1,
            kind,
            replacement: None,
            shell: false,
        });
        *pos += 1;
        Some(())
    };
    expect(&mut pos, b'[', AtomKind::JsonOpen, atoms)?;
    skip_blank(&mut pos);
    if bytes.get(pos) == Some(&b']') {
        return expect(&mut pos, b']', AtomKind::JsonClose, atoms);
    }
    loop {
        skip_blank(&mut pos);
        let end = json_string_end(bytes, pos)?;
        atoms.push(Atom::plain(pos..end));
        pos = end;
        skip_blank(&mut pos);
        if bytes.get(pos) == Some(&b',') {
            expect(&mut pos, b',', AtomKind::JsonComma, atoms)?;
        } else {
            return expect(&mut pos, b']', AtomKind::JsonClose, atoms);
        }
    }
}

/// The end of the JSON string literal starting at `start`.
fn json_string_end(bytes: &[u8], start: usize) -> Option<usize> {
    (bytes.get(start) == Some(&b'"')).then_some(())?;
    let mut pos = start + 1;
    while pos < bytes.len() {
        match bytes[pos] {
            b'"' => return Some(pos + 1),
            b'\\' => pos += 2,
            _ => pos += 1,
        }
    }
    None
}

impl Command {
    /// The span of `args` when they are this command's arguments (HEALTHCHECK's command
    /// starts after its type).
    fn args_range_of(&self, args: &Args, line: &str) -> Option<Range<usize>> {
        match (&self.args, args) {
            (Args::Health { kind, .. }, Args::Json(_)) => {
                let rest = &line[kind.end..self.args_range.end];
                Some(kind.end + (rest.len() - rest.trim_start().len())..self.args_range.end)
            }
            _ => Some(self.args_range.clone()),
        }
    }
}
