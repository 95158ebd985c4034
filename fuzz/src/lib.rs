//! What the fuzz targets check, and the grammar-aware input they are given.
//!
//! - parse: the tree prints back to the input, byte for byte.
//! - fmt: formatting twice changes nothing, and BuildKit's reading (the model) is kept.
//! - fix: the output parses, and fixing it again changes nothing.
//!
//! An `Input` is either raw text (what libFuzzer mutates) or a Dockerfile built from
//! `arbitrary` choices of instructions, flags and words, reaching what random bytes rarely
//! do: deep `${...}`/`$(...)`/quote nesting, heredocs, escape directives, continuations,
//! CRLF, and odd Unicode in keywords (U+0130, the Kelvin sign, ...).

use arbitrary::{Arbitrary, Result, Unstructured};
use dockfix::engine::{EngineError, fix};
use dockfix::format::{FormatOptions, format};
use dockfix::model::{Dockerfile, meaning};
use dockfix::settings::Settings;

/// A check: `Err` says what broke.
pub type Check = fn(&str) -> Result<(), String>;

/// The three checks, by name.
pub const TARGETS: [(&str, Check); 3] = [
    ("parse", check_parse),
    ("fmt", check_fmt),
    ("fix", check_fix),
];

pub fn check_parse(text: &str) -> Result<(), String> {
    let dockerfile = Dockerfile::parse(text);
    if dockerfile.tree.to_source() != text {
        return Err("parse: the tree does not print back to the input".into());
    }
    Ok(())
}

pub fn check_fmt(text: &str) -> Result<(), String> {
    let dockerfile = Dockerfile::parse(text);
    let options = FormatOptions::default();
    let Ok(Some(formatted)) = format(&dockerfile, &options) else {
        return Ok(());
    };
    let again = Dockerfile::parse(&formatted);
    match format(&again, &options) {
        Ok(None) => {}
        Ok(Some(_)) => return Err("fmt: not idempotent".into()),
        Err(error) => return Err(format!("fmt: output does not format ({error})")),
    }
    meaning::compare(&dockerfile, &again)
        .map_err(|difference| format!("fmt: meaning changed ({difference})"))
}

pub fn check_fix(text: &str) -> Result<(), String> {
    for unsafe_fixes in [false, true] {
        let settings = Settings {
            unsafe_fixes,
            ..Settings::default()
        };
        let fixed = match fix(text, &settings, None) {
            Ok(outcome) => outcome,
            Err(EngineError::Syntax { .. }) => continue,
            Err(error) => return Err(format!("fix (unsafe: {unsafe_fixes}): {error}")),
        };
        let Some(output) = fixed.text else { continue };
        let reparsed = Dockerfile::parse(&output);
        if reparsed.errors().iter().any(|e| e.kind.blocks_rewrite()) {
            return Err(format!(
                "fix (unsafe: {unsafe_fixes}): output does not parse"
            ));
        }
        match fix(&output, &settings, None) {
            Ok(again) if again.text.is_none() => {}
            Ok(_) => {
                return Err(format!(
                    "fix (unsafe: {unsafe_fixes}): a second fix changes the output"
                ));
            }
            Err(error) => return Err(format!("fix (unsafe: {unsafe_fixes}): second fix: {error}")),
        }
    }
    Ok(())
}

/// A fuzz input.
#[derive(Debug, Arbitrary)]
pub enum Input {
    Raw(String),
    Built(Built),
}

impl Input {
    pub fn text(&self) -> String {
        match self {
            Input::Raw(text) => text.clone(),
            Input::Built(built) => built.render(),
        }
    }
}

/// A Dockerfile from parts.
#[derive(Debug)]
pub struct Built {
    crlf: bool,
    bom: bool,
    escape: Option<char>,
    items: Vec<Item>,
}

#[derive(Debug)]
enum Item {
    Blank,
    Comment(String),
    Instruction {
        keyword: String,
        flags: Vec<String>,
        words: Vec<String>,
        continuation: bool,
    },
    Heredoc {
        keyword: String,
        name: String,
        chomp: bool,
        body: Vec<String>,
        terminated: bool,
    },
}

const KEYWORDS: [&str; 18] = [
    "FROM",
    "RUN",
    "CMD",
    "ENTRYPOINT",
    "COPY",
    "ADD",
    "ENV",
    "ARG",
    "LABEL",
    "WORKDIR",
    "USER",
    "EXPOSE",
    "VOLUME",
    "SHELL",
    "HEALTHCHECK",
    "ONBUILD",
    "STOPSIGNAL",
    "MAINTAINER",
];

const WORDS: [&str; 24] = [
    "apt-get",
    "update",
    "install",
    "-y",
    "curl",
    "&&",
    "||",
    ";",
    "|",
    "apk",
    "add",
    "--no-cache",
    "pip",
    "npm",
    "ci",
    "cd",
    "/app",
    "rm",
    "-rf",
    "/var/lib/apt/lists/*",
    "echo",
    "alpine:3.20",
    "AS",
    "build",
];

/// Characters that make keywords and words odd: Go folds some of them to ASCII.
const ODD: [char; 10] = [
    '\u{130}', '\u{131}', '\u{212A}', '\u{17F}', '\u{FEFF}', '\u{200B}', '\u{202E}', '\u{301}',
    '\0', '\u{B}',
];

impl<'a> Arbitrary<'a> for Built {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let escape = match u.int_in_range(0..=3)? {
            0 => Some('`'),
            1 => Some('\\'),
            2 => Some('x'),
            _ => None,
        };
        let count = u.int_in_range(1..=12)?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(item(u)?);
        }
        Ok(Built {
            crlf: u.ratio(1, 4)?,
            bom: u.ratio(1, 16)?,
            escape,
            items,
        })
    }
}

fn keyword(u: &mut Unstructured) -> Result<String> {
    let base = *u.choose(&KEYWORDS)?;
    let mut keyword: String = base
        .chars()
        .map(|c| -> Result<char> {
            Ok(match u.int_in_range(0..=20)? {
                0 => c.to_ascii_lowercase(),
                1 if c == 'I' => '\u{130}',
                2 if c == 'K' => '\u{212A}',
                3 if c == 'S' => '\u{17F}',
                _ => c,
            })
        })
        .collect::<Result<_>>()?;
    if u.ratio(1, 40)? {
        keyword.push(*u.choose(&ODD)?);
    }
    Ok(keyword)
}

fn word(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=12)? {
        0 => nested(u)?,
        1 => format!("\"{}\"", u.choose(&WORDS)?),
        2 => format!("'{}'", u.choose(&WORDS)?),
        3 => format!("${{{}:-{}}}", u.choose(&["A", "B"])?, u.choose(&WORDS)?),
        4 => format!("$(echo {})", u.choose(&WORDS)?),
        5 => format!("[\"{}\", \"{}\"]", u.choose(&WORDS)?, u.choose(&WORDS)?),
        6 => String::from(*u.choose(&ODD)?),
        7 => u.arbitrary::<String>()?.chars().take(12).collect(),
        8 => format!("A={}", u.choose(&WORDS)?),
        _ => String::from(*u.choose(&WORDS)?),
    })
}

/// A word nested up to a few thousand levels: past the lexer's limit sometimes.
fn nested(u: &mut Unstructured) -> Result<String> {
    let depth = match u.int_in_range(0..=9)? {
        0 => u.int_in_range(500..=3000)?,
        _ => u.int_in_range(1..=20)?,
    };
    let (open, close) = *u.choose(&[
        ("\"${a:-", "}\""),
        ("${a:-", "}"),
        ("$(echo ", ")"),
        ("\"$(echo '", "'\")"),
        ("`", "`"),
        ("(", ")"),
        ("[", "]"),
        ("${a/", "/b}"),
    ])?;
    let closed = u.ratio(3, 4)?;
    let mut text = open.repeat(depth);
    text.push('x');
    if closed {
        text.push_str(&close.repeat(depth));
    }
    Ok(text)
}

fn item(u: &mut Unstructured) -> Result<Item> {
    Ok(match u.int_in_range(0..=9)? {
        0 => Item::Blank,
        1 => Item::Comment(word(u)?),
        2 | 3 => Item::Heredoc {
            keyword: if u.ratio(1, 4)? {
                format!(
                    "ONBUILD {}",
                    u.choose(&["RUN", "COPY", "ONBU\u{130}LD RUN"])?
                )
            } else {
                String::from(*u.choose(&["RUN", "COPY", "ADD", "r\u{fc}n", "run"])?)
            },
            name: String::from(*u.choose(&["EOF", "'EOF'", "\"END\"", "-EOF"])?),
            chomp: u.ratio(1, 3)?,
            body: (0..u.int_in_range(0..=4)?)
                .map(|_| word(u))
                .collect::<Result<_>>()?,
            terminated: u.ratio(7, 8)?,
        },
        _ => Item::Instruction {
            keyword: keyword(u)?,
            flags: (0..u.int_in_range(0..=2)?)
                .map(|_| -> Result<String> {
                    Ok(String::from(*u.choose(&[
                        "--from=build",
                        "--chown=1:1",
                        "--mount=type=cache,target=/root/.cache",
                        "--platform=linux/amd64",
                        "--link",
                        "--interval=5s",
                    ])?))
                })
                .collect::<Result<_>>()?,
            words: (0..u.int_in_range(0..=8)?)
                .map(|_| word(u))
                .collect::<Result<_>>()?,
            continuation: u.ratio(1, 4)?,
        },
    })
}

impl Built {
    pub fn render(&self) -> String {
        let eol = if self.crlf { "\r\n" } else { "\n" };
        let escape = self.escape.unwrap_or('\\');
        let mut out = String::new();
        if self.bom {
            out.push('\u{FEFF}');
        }
        if let Some(escape) = self.escape {
            out.push_str(&format!("# escape={escape}{eol}"));
        }
        for item in &self.items {
            match item {
                Item::Blank => out.push_str(eol),
                Item::Comment(text) => out.push_str(&format!("# {text}{eol}")),
                Item::Instruction {
                    keyword,
                    flags,
                    words,
                    continuation,
                } => {
                    out.push_str(keyword);
                    for flag in flags {
                        out.push(' ');
                        out.push_str(flag);
                    }
                    for (index, word) in words.iter().enumerate() {
                        if *continuation && index == words.len() / 2 {
                            out.push_str(&format!(" {escape}{eol}   "));
                        } else {
                            out.push(' ');
                        }
                        out.push_str(word);
                    }
                    out.push_str(eol);
                }
                Item::Heredoc {
                    keyword,
                    name,
                    chomp,
                    body,
                    terminated,
                } => {
                    let dash = if *chomp { "-" } else { "" };
                    out.push_str(&format!("{keyword} <<{dash}{name} /x{eol}"));
                    for line in body {
                        out.push_str(&format!("{}{line}{eol}", if *chomp { "\t" } else { "" }));
                    }
                    if *terminated {
                        let bare = name.trim_matches(['\'', '"']);
                        out.push_str(&format!("{bare}{eol}"));
                    }
                }
            }
        }
        out
    }
}
