//! BuildKit's shell-word lexer (`frontend/dockerfile/shell/lex.go`), ported for the one
//! environment dockfix ever lexes in: no variables are set, and unset ones are kept as
//! written (`SkipUnsetEnv`). BuildKit uses it to find heredoc names in an instruction and
//! to remove quotes from the arguments of COPY, ADD, ENV, ... before using them.
//!
//! The port follows the Go code step by step, quirks included, because its answers decide
//! what a Dockerfile means (e.g. a line whose quotes do not balance has no heredocs).

use std::iter::Peekable;
use std::str::Chars;

/// Why a word could not be lexed; BuildKit reports these as build errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LexError {
    #[error("unexpected end of statement while looking for matching {0}")]
    Unterminated(&'static str),
    #[error("syntax error: missing '}}'")]
    MissingBrace,
    #[error("syntax error: bad substitution")]
    BadSubstitution,
    #[error("unsupported modifier ({0}) in substitution")]
    UnsupportedModifier(String),
    #[error("syntax error: missing '/' in ${{}}")]
    MissingSlash,
    /// Not BuildKit's: its lexer recurses as deep as the input goes. dockfix stops at
    /// `MAX_NESTING` so that no input can exhaust a thread's stack.
    #[error("expansions nested more than {MAX_NESTING} levels deep")]
    TooDeep,
}

/// How deep `${a:-${b:-...}}` expansions may nest before lexing gives up with `TooDeep`.
pub const MAX_NESTING: usize = 1000;

/// Lexer options, named as in BuildKit's `shell.Lex`.
#[derive(Debug, Clone, Copy)]
pub struct Lex {
    pub escape: char,
    /// Keep quote characters in the output.
    pub raw_quotes: bool,
    /// Keep escape characters in the output.
    pub raw_escapes: bool,
}

impl Lex {
    pub fn new(escape: char) -> Self {
        Lex {
            escape,
            raw_quotes: false,
            raw_escapes: false,
        }
    }

    /// `ProcessWords`: split on unquoted whitespace after quote removal.
    pub fn process_words(&self, input: &str) -> Result<Vec<String>, LexError> {
        self.process(input).map(|(_, words)| words)
    }

    /// `ProcessWord`: quote removal without splitting.
    pub fn process_word(&self, input: &str) -> Result<String, LexError> {
        // Most words hold nothing the lexer changes: every character is kept as it is.
        // (A byte scan: the characters are ASCII, and `str::contains` with a set of chars
        // decodes every character.)
        let special =
            |&b: &u8| matches!(b, b'$' | b'<' | b'\'' | b'"') || char::from(b) == self.escape;
        if !input.as_bytes().iter().any(special) {
            return Ok(input.to_string());
        }
        self.process(input).map(|(result, _)| result)
    }

    /// The word with its quotes removed, and the words it splits into.
    fn process(&self, input: &str) -> Result<(String, Vec<String>), LexError> {
        ShellWord {
            lex: *self,
            chars: input.chars().peekable(),
            raw_escapes: self.raw_escapes,
            depth: 0,
        }
        .process_stop_on(None, self.raw_escapes)
    }
}

struct ShellWord<'a> {
    lex: Lex,
    chars: Peekable<Chars<'a>>,
    raw_escapes: bool,
    /// How many `process_stop_on` calls are open (the lexer's only recursion).
    depth: usize,
}

/// Word accumulation with Go's `wordsStruct` semantics: an empty quoted string opens a
/// word but never produces one.
#[derive(Default)]
struct Words {
    buf: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, ch: char) {
        if ch.is_whitespace() {
            if self.in_word && !self.buf.is_empty() {
                self.words.push(std::mem::take(&mut self.buf));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(ch);
        }
    }

    fn add_raw_char(&mut self, ch: char) {
        self.buf.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        s.chars().for_each(|ch| self.add_char(ch));
    }

    fn add_raw_string(&mut self, s: &str) {
        self.buf.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.buf.is_empty() {
            self.words.push(self.buf);
        }
        self.words
    }
}

impl ShellWord<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), LexError> {
        if self.depth > MAX_NESTING {
            return Err(LexError::TooDeep);
        }
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        self.depth += 1;
        let outcome = self.process_stop_on_inner(stop);
        self.depth -= 1;
        self.raw_escapes = saved;
        outcome
    }

    fn process_stop_on_inner(
        &mut self,
        stop: Option<char>,
    ) -> Result<(String, Vec<String>), LexError> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.chars.next();
                return Ok((result, words.finish()));
            }
            let special = match ch {
                '$' => Some(self.process_dollar()?),
                '<' => Some(self.process_possible_heredoc()),
                '\'' => Some(self.process_single_quote()?),
                '"' => Some(self.process_double_quote()?),
                _ => None,
            };
            if let Some(text) = special {
                result.push_str(&text);
                if ch == '$' {
                    words.add_string(&text);
                } else {
                    words.add_raw_string(&text);
                }
                continue;
            }
            self.chars.next();
            if ch == self.lex.escape {
                if self.raw_escapes {
                    words.add_raw_char(ch);
                    result.push(ch);
                }
                // The escape escapes the next character, except at the end.
                let Some(next) = self.chars.next() else { break };
                words.add_raw_char(next);
                result.push(next);
            } else {
                words.add_char(ch);
                result.push(ch);
            }
        }
        if stop.is_some() {
            return Err(LexError::Unterminated("'}'"));
        }
        Ok((result, words.finish()))
    }

    fn process_single_quote(&mut self) -> Result<String, LexError> {
        let mut result = String::new();
        let open = self.chars.next();
        if self.lex.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.chars.next() {
                None => return Err(LexError::Unterminated("single-quote")),
                Some('\'') => {
                    if self.lex.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    fn process_double_quote(&mut self) -> Result<String, LexError> {
        let mut result = String::new();
        let open = self.chars.next();
        if self.lex.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.peek() {
                None => return Err(LexError::Unterminated("double-quote")),
                Some('"') => {
                    self.chars.next();
                    if self.lex.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                }
                Some(_) => {
                    let Some(mut ch) = self.chars.next() else {
                        continue;
                    };
                    if ch == self.lex.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(next) if next == '"' || next == '$' || next == self.lex.escape => {
                                self.chars.next();
                                ch = next;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    /// With no variables set, every expansion is kept as written; what matters is which
    /// ones are syntax errors, as those make BuildKit reject the whole line.
    fn process_dollar(&mut self) -> Result<String, LexError> {
        self.chars.next();
        if self.peek() != Some('{') {
            let name = self.process_name();
            return Ok(format!("${name}"));
        }
        self.chars.next();
        match self.peek() {
            None => return Err(LexError::MissingBrace),
            Some('{' | '}' | ':') => return Err(LexError::BadSubstitution),
            Some(_) => {}
        }
        let name = self.process_name();
        let ch = self.chars.next();
        match ch {
            Some('}') => Ok(format!("${{{name}}}")),
            Some(':') => {
                let modifier = self.chars.next();
                let chs = format!(":{}", modifier.map(String::from).unwrap_or_default());
                match modifier {
                    Some('#' | '%') => Err(LexError::UnsupportedModifier(chs)),
                    Some('+' | '-' | '?') => self.modifier_word(&name, &chs, false),
                    _ => Err(LexError::UnsupportedModifier(chs)),
                }
            }
            Some(m @ ('+' | '-' | '?' | '#' | '%')) => {
                self.modifier_word(&name, &m.to_string(), m == '#' || m == '%')
            }
            Some('/') => {
                if self.peek() == Some('/') {
                    self.chars.next();
                }
                let pattern = match self.process_stop_on(Some('/'), true) {
                    Ok((pattern, _)) => pattern,
                    Err(LexError::TooDeep) => return Err(LexError::TooDeep),
                    Err(_) if self.peek().is_none() => return Err(LexError::MissingSlash),
                    Err(e) => return Err(e),
                };
                let replacement = match self.process_stop_on(Some('}'), true) {
                    Ok((replacement, _)) => replacement,
                    Err(LexError::TooDeep) => return Err(LexError::TooDeep),
                    Err(_) if self.peek().is_none() => return Err(LexError::MissingBrace),
                    Err(e) => return Err(e),
                };
                Ok(format!("${{{name}/{pattern}/{replacement}}}"))
            }
            other => Err(LexError::UnsupportedModifier(
                other.map(String::from).unwrap_or_else(|| "\u{FFFD}".into()),
            )),
        }
    }

    fn modifier_word(
        &mut self,
        name: &str,
        chs: &str,
        raw_escapes: bool,
    ) -> Result<String, LexError> {
        match self.process_stop_on(Some('}'), raw_escapes) {
            Ok((word, _)) => Ok(format!("${{{name}{chs}{word}}}")),
            Err(LexError::TooDeep) => Err(LexError::TooDeep),
            Err(_) if self.peek().is_none() => Err(LexError::MissingBrace),
            Err(e) => Err(e),
        }
    }

    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_go_digit(ch) {
                while let Some(digit) = self.peek().filter(|&c| is_go_digit(c)) {
                    self.chars.next();
                    name.push(digit);
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.chars.next();
                return ch.to_string();
            }
            if !ch.is_alphabetic() && !is_go_digit(ch) && ch != '_' {
                break;
            }
            self.chars.next();
            name.push(ch);
        }
        name
    }

    fn process_possible_heredoc(&mut self) -> String {
        self.chars.next();
        if self.peek() != Some('<') {
            return "<".into();
        }
        self.chars.next();
        // A heredoc may have blanks between `<<` and its word; they stay in the word.
        let mut result = String::from("<<");
        while let Some(ch) = self.peek().filter(|c| c.is_whitespace()) {
            self.chars.next();
            result.push(ch);
        }
        result
    }
}

/// Go's `unicode.IsDigit` (category Nd), approximated outside ASCII by Rust's numeric class.
fn is_go_digit(ch: char) -> bool {
    ch.is_ascii_digit() || (!ch.is_ascii() && ch.is_numeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(input: &str) -> Vec<String> {
        Lex::new('\\').process_words(input).unwrap_or_default()
    }

    #[test]
    fn a_plain_word_reads_as_the_full_lexer_reads_it() {
        for escape in ['\\', '`'] {
            let lex = Lex::new(escape);
            for word in [
                "/usr/src/app",
                "a b\tc",
                "héllo wörld",
                "K",
                "x=1",
                "--from=build",
                "`cmd`",
                "a\\b",
                "$HOME",
                "${A}",
                "<<EOF",
                "'q'",
                "\"q\"",
                "",
                "~/x",
                "a{b}c",
            ] {
                let full = lex.process(word).map(|(result, _)| result);
                assert_eq!(lex.process_word(word), full, "{word:?} with {escape:?}");
            }
        }
    }

    #[test]
    fn splits_on_unquoted_whitespace_and_removes_quotes() {
        assert_eq!(words(r#"a "b c" 'd e'f"#), ["a", "b c", "d ef"]);
    }

    #[test]
    fn keeps_unset_variables_as_written() {
        assert_eq!(words("$A ${B} ${C:-x y}"), ["$A", "${B}", "${C:-x", "y}"]);
    }

    #[test]
    fn heredoc_word_keeps_blanks_after_the_arrows() {
        let lex = Lex {
            escape: '\\',
            raw_quotes: true,
            raw_escapes: true,
        };
        assert_eq!(
            lex.process_words("RUN <<  EOF > foo").unwrap(),
            ["RUN", "<<  EOF", ">", "foo"]
        );
    }

    #[test]
    fn unbalanced_quote_is_an_error() {
        assert!(Lex::new('\\').process_words("echo 'a").is_err());
        assert!(Lex::new('\\').process_words("${}").is_err());
    }

    #[test]
    fn deep_expansions_stop_at_the_limit() {
        let nested = |depth: usize| format!("{}x{}", "${a:-".repeat(depth), "}".repeat(depth));
        assert_eq!(
            Lex::new('\\')
                .process_words(&nested(MAX_NESTING))
                .map(|w| w.len()),
            Ok(1)
        );
        assert_eq!(
            Lex::new('\\').process_words(&nested(100_000)),
            Err(LexError::TooDeep)
        );
        let quoted = format!(
            "\"{}x{}\"",
            "${a:-\"".repeat(100_000),
            "\"}".repeat(100_000)
        );
        assert_eq!(Lex::new('\\').process_word(&quoted), Err(LexError::TooDeep));
    }

    #[test]
    fn escape_keeps_the_next_character() {
        assert_eq!(words(r#"a\ b c\"d"#), ["a b", "c\"d"]);
    }
}
