//! Do two Dockerfiles mean the same to BuildKit? The comparison the oracle makes at its
//! `norm` level, done in-process: parser directives, then per instruction the keyword, the
//! ONBUILD trigger, flags, exec or shell form, heredocs, and the arguments, where shell-form
//! commands compare as words split on unquoted whitespace and the arguments BuildKit lexes
//! itself compare after its quote removal. Line numbers, comments and keyword case do not
//! count.
//!
//! It is deliberately independent of the formatter's own word splitting (a plain quote
//! tracker, like the oracle's), so that it checks the formatter rather than agreeing with it.

use super::view::{InstructionView, views};
use super::{Args, Dockerfile, Keyword};
use crate::syntax::lex::Lex;

/// One instruction reduced to what BuildKit acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meaning {
    pub keyword: String,
    pub sub_keyword: Option<String>,
    pub json: bool,
    pub flags: Vec<String>,
    pub values: Vec<String>,
    pub heredocs: Vec<(String, u64, String)>,
}

/// The meaning of every instruction, plus the directives.
pub fn meaning(dockerfile: &Dockerfile) -> (Vec<(String, String)>, Vec<Meaning>) {
    let directives = dockerfile
        .tree
        .directives
        .iter()
        .map(|d| (d.name.clone(), d.value.clone()))
        .collect();
    let escape = dockerfile.tree.escape.char();
    let views = views(dockerfile);
    let mut out = Vec::with_capacity(views.len());
    let mut commands = dockerfile
        .instructions
        .iter()
        .filter_map(|i| i.command.as_ref());
    for view in views {
        let Some(command) = commands.next() else {
            break;
        };
        out.push(reduce(view, command.effective(), escape));
    }
    (directives, out)
}

fn reduce(view: InstructionView, command: &super::Command, escape: char) -> Meaning {
    let keyword = command.keyword;
    let mut values = view.value;
    let mut json = view.json;
    match (&command.args, keyword) {
        (Args::Shell(_), _) => values = values.iter().flat_map(|v| shell_words(v)).collect(),
        (Args::Health { command: inner, .. }, _) => {
            if let Some(kind) = values.first_mut() {
                *kind = kind.to_ascii_uppercase();
            }
            if matches!(**inner, Args::Shell(_)) && values.len() == 2 {
                let words = shell_words(&values[1]);
                values.truncate(1);
                values.extend(words);
            }
        }
        (_, Keyword::Add | Keyword::Copy | Keyword::Volume) => {
            values = values.iter().map(|v| unquote(v, escape)).collect();
            json = false; // BuildKit lexes both forms alike
        }
        (
            _,
            Keyword::Env | Keyword::Label | Keyword::Expose | Keyword::From | Keyword::StopSignal,
        )
        | (_, Keyword::User | Keyword::Workdir) => {
            values = values.iter().map(|v| unquote(v, escape)).collect()
        }
        (_, Keyword::Arg) => {
            values = values
                .iter()
                .map(|v| match v.split_once('=') {
                    Some((name, default)) => format!("{name}={}", unquote(default, escape)),
                    None => v.clone(),
                })
                .collect()
        }
        _ => {}
    }
    if keyword == Keyword::From && values.len() == 3 && values[1].eq_ignore_ascii_case("as") {
        values[1] = "AS".into();
    }
    Meaning {
        keyword: view.cmd.to_ascii_lowercase(),
        sub_keyword: view.sub_cmd,
        json,
        flags: view.flags,
        values,
        heredocs: view
            .heredocs
            .into_iter()
            .map(|h| (h.name, h.file_descriptor, h.content))
            .collect(),
    }
}

/// The byte offsets of `text` where `shell_words` splits: whitespace outside single quotes,
/// double quotes and escapes. The formatter only re-spaces whitespace found here, so that
/// this plain view of the words (the oracle's) agrees with the shell's.
pub fn unquoted_blanks(text: &str) -> Vec<bool> {
    let mut blanks = vec![false; text.len()];
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('\'') if c == '\'' => quote = None,
            Some('\'') => {}
            Some(_) if c == '\\' => {
                chars.next();
            }
            Some(_) if c == '"' => quote = None,
            Some(_) => {}
            None if c == '\\' => {
                chars.next();
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c.is_whitespace() => blanks[i] = true,
            None => {}
        }
    }
    blanks
}

/// Words split on whitespace outside single quotes, double quotes and escapes (quotes kept).
pub fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some('\'') => {
                current.push(c);
                if c == '\'' {
                    quote = None;
                }
            }
            Some(_) => {
                current.push(c);
                if c == '\\' {
                    current.extend(chars.next());
                } else if c == '"' {
                    quote = None;
                }
            }
            None if c == '\\' => {
                current.push(c);
                current.extend(chars.next());
            }
            None if c == '\'' || c == '"' => {
                current.push(c);
                quote = Some(c);
            }
            None if c.is_whitespace() => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            None => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// BuildKit's quote removal; a word it cannot lex compares as written.
fn unquote(word: &str, escape: char) -> String {
    Lex::new(escape)
        .process_word(word)
        .unwrap_or_else(|_| word.to_string())
}

/// `Ok` when both files mean the same, else the first difference.
pub fn compare(before: &Dockerfile, after: &Dockerfile) -> Result<(), String> {
    let (directives_a, a) = meaning(before);
    let (directives_b, b) = meaning(after);
    if directives_a != directives_b {
        return Err(format!(
            "parser directives {directives_a:?} -> {directives_b:?}"
        ));
    }
    if let Some((index, (x, y))) = a.iter().zip(&b).enumerate().find(|(_, (x, y))| x != y) {
        return Err(format!("instruction {}: {x:?} -> {y:?}", index + 1));
    }
    if a.len() != b.len() {
        return Err(format!("{} instructions -> {}", a.len(), b.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        compare(&Dockerfile::parse(a), &Dockerfile::parse(b)).is_ok()
    }

    #[test]
    fn whitespace_between_words_and_keyword_case_do_not_count() {
        assert!(same(
            "from a as b\nrun  echo   hi\n",
            "FROM a AS b\nRUN echo \\\n    hi\n"
        ));
        assert!(same("ENV a=\"x y\"\n", "ENV a=x\\ y\n"));
        assert!(same("COPY [\"a\", \"b\"]\n", "COPY a b\n"));
    }

    #[test]
    fn quoted_text_and_word_boundaries_count() {
        assert!(!same("RUN echo 'a  b'\n", "RUN echo 'a b'\n"));
        assert!(!same("RUN echo ab\n", "RUN echo a b\n"));
        assert!(!same("ENV A hello  world\n", "ENV A hello world\n"));
        assert!(!same("CMD [\"a\"]\n", "CMD a\n"));
    }
}
