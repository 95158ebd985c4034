//! Just enough shell parsing for the passes: a shell-form command split into simple
//! commands (their words) and the control operators between them, with the nesting depth
//! of each (subshells, `{ }` groups, `if`/`case`/loops), so that a pass can tell what runs
//! at the top level of the script.
//!
//! Quoting follows POSIX sh (via `words`); text the scanner cannot follow (unbalanced
//! quotes, bash `$'...'`) gives `None`, and the passes leave such commands alone.

use std::ops::Range;

/// A control operator between commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    And,
    Or,
    Semicolon,
    /// `;;` in a `case`.
    DoubleSemicolon,
    Pipe,
    Background,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    /// The command's words, redirections and their targets left out.
    pub words: Vec<Range<usize>>,
    /// From its first word (or redirection) to its last.
    pub range: Range<usize>,
    /// Nesting depth: 0 at the top level of the script.
    pub depth: usize,
    /// The operator just before it, if any (at any depth).
    pub after: Option<Operator>,
}

/// A parsed shell script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub commands: Vec<SimpleCommand>,
    /// Every control operator with its range and depth.
    pub operators: Vec<(Operator, Range<usize>, usize)>,
    /// Where a `#` comment starts, if the script has one.
    pub comment: Option<usize>,
    /// The script ends inside a compound command (an `if`, `case`, `{` or `(` not closed):
    /// nothing appended to it would run after it.
    pub ends_open: bool,
}

impl Script {
    pub fn parse(text: &str) -> Option<Script> {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        }
        .script()
    }

    /// Operators at the top level.
    pub fn top_level_operators(&self) -> impl Iterator<Item = Operator> + '_ {
        self.operators
            .iter()
            .filter(|(_, _, depth)| *depth == 0)
            .map(|(op, _, _)| *op)
    }

    /// The words of a command as text.
    pub fn words<'t>(&self, text: &'t str, command: &SimpleCommand) -> Vec<&'t str> {
        command.words.iter().map(|r| &text[r.clone()]).collect()
    }
}

/// Shell words that open and close a nesting level.
fn depth_change(word: &str) -> isize {
    match word {
        "{" | "if" | "case" | "do" => 1,
        "}" | "fi" | "esac" | "done" => -1,
        _ => 0,
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn script(mut self) -> Option<Script> {
        // Room for a command and an operator every few dozen bytes, the usual density.
        let mut commands = Vec::with_capacity(self.text.len() / 40 + 1);
        let mut operators = Vec::with_capacity(self.text.len() / 40 + 1);
        let mut depth: isize = 0;
        // Inside `case ... esac` a `)` ends a pattern, not a subshell.
        let mut open_cases = 0usize;
        // A case's patterns (`x86_64|aarch64)`): words that run nothing, and `|` there is
        // not a pipe. `header` counts the words of `case WORD in` still to come.
        let mut header = 0u8;
        let mut in_pattern = false;
        let mut current: Option<SimpleCommand> = None;
        let mut after: Option<Operator> = None;
        let mut redirect_target = false;
        let finish = |current: &mut Option<SimpleCommand>, commands: &mut Vec<SimpleCommand>| {
            if let Some(command) = current.take() {
                commands.push(command);
            }
        };
        loop {
            self.skip_blanks();
            let Some(&b) = self.bytes.get(self.pos) else {
                break;
            };
            let start = self.pos;
            if b == b'#' {
                finish(&mut current, &mut commands);
                return Some(Script {
                    commands,
                    operators,
                    comment: Some(start),
                    ends_open: depth != 0 || open_cases > 0,
                });
            }
            if let Some((operator, len)) = self.operator() {
                self.pos += len;
                if in_pattern && operator == Operator::Pipe {
                    continue;
                }
                if operator == Operator::DoubleSemicolon && open_cases > 0 {
                    in_pattern = true;
                }
                finish(&mut current, &mut commands);
                operators.push((operator, start..self.pos, depth.max(0) as usize));
                after = Some(operator);
                continue;
            }
            if b == b'(' || b == b')' {
                self.pos += 1;
                finish(&mut current, &mut commands);
                if in_pattern {
                    in_pattern = b == b'(';
                    continue;
                }
                if open_cases == 0 {
                    depth += if b == b'(' { 1 } else { -1 };
                }
                continue;
            }
            if let Some(len) = self.redirection() {
                self.pos += len;
                let command = current.get_or_insert_with(|| SimpleCommand {
                    words: Vec::with_capacity(4),
                    range: start..start,
                    depth: depth.max(0) as usize,
                    after: after.take(),
                });
                command.range.end = self.pos;
                // The next word (glued or not) is the redirection's target.
                redirect_target = true;
                continue;
            }
            let end = self.word_end()?;
            // A character that ends words but that nothing above took: no word starts
            // here, and going on would not move (a script not understood, not a hang).
            if end == start {
                return None;
            }
            self.pos = end;
            let word = &self.text[start..end];
            if redirect_target {
                redirect_target = false;
                if let Some(command) = current.as_mut() {
                    command.range.end = end;
                }
                continue;
            }
            match header {
                2 => {
                    header = 1;
                    continue;
                }
                1 => {
                    header = 0;
                    if word == "in" {
                        in_pattern = true;
                        continue;
                    }
                }
                _ => {}
            }
            if in_pattern && word != "esac" {
                continue;
            }
            in_pattern = false;
            let change = depth_change(word);
            let starts_command = current.as_ref().is_none_or(|c| c.words.is_empty());
            if change != 0 && starts_command {
                finish(&mut current, &mut commands);
                depth += change;
                match word {
                    "case" => {
                        open_cases += 1;
                        header = 2;
                    }
                    "esac" => open_cases = open_cases.saturating_sub(1),
                    _ => {}
                }
                continue;
            }
            if starts_command
                && matches!(
                    word,
                    "then" | "else" | "elif" | "while" | "until" | "!" | "in"
                )
            {
                finish(&mut current, &mut commands);
                continue;
            }
            let command = current.get_or_insert_with(|| SimpleCommand {
                words: Vec::with_capacity(4),
                range: start..start,
                depth: depth.max(0) as usize,
                after: after.take(),
            });
            command.words.push(start..end);
            command.range.end = end;
        }
        finish(&mut current, &mut commands);
        Some(Script {
            commands,
            operators,
            comment: None,
            ends_open: depth != 0 || open_cases > 0,
        })
    }

    fn skip_blanks(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    fn operator(&self) -> Option<(Operator, usize)> {
        // Asked before every word: most start with none of the operators' characters.
        if !matches!(self.bytes.get(self.pos), Some(b'&' | b'|' | b';')) {
            return None;
        }
        let rest = &self.bytes[self.pos..];
        let table: [(&[u8], Operator); 6] = [
            (b"&&", Operator::And),
            (b"||", Operator::Or),
            (b";;", Operator::DoubleSemicolon),
            (b";", Operator::Semicolon),
            (b"|", Operator::Pipe),
            (b"&", Operator::Background),
        ];
        // `&>` and `>&`, `|&` are redirections/bash pipes handled elsewhere or refused.
        if rest.starts_with(b"&>") {
            return None;
        }
        table
            .iter()
            .find(|(text, _)| rest.starts_with(text))
            .map(|(text, op)| (*op, text.len()))
    }

    /// A redirection operator (with an optional fd number) at `pos`: its length.
    fn redirection(&self) -> Option<usize> {
        // The first characters of the operators below (`&>` too).
        if !matches!(
            self.bytes.get(self.pos),
            Some(b'0'..=b'9' | b'<' | b'>' | b'&')
        ) {
            return None;
        }
        let rest = &self.bytes[self.pos..];
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let after = &rest[digits..];
        let ops: [&[u8]; 9] = [
            b"<<<", b"<<-", b"<<", b">>", b">&", b"<&", b"&>", b">|", b"<>",
        ];
        let len = ops
            .iter()
            .find(|op| after.starts_with(op))
            .map(|op| op.len())
            .or_else(|| matches!(after.first(), Some(b'<' | b'>')).then_some(1))?;
        Some(digits + len)
    }

    /// The end of the word starting at `pos` (quotes and substitutions included).
    fn word_end(&self) -> Option<usize> {
        let mut pos = self.pos;
        while let Some(&b) = self.bytes.get(pos) {
            if matches!(
                b,
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>'
            ) {
                // `$(` and `<(` were consumed as units; a bare paren ends the word.
                break;
            }
            pos = super::words::skip_unit_at(self.bytes, pos)?;
        }
        Some(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(usize, Vec<&str>)> {
        let script = Script::parse(text).unwrap();
        script
            .commands
            .iter()
            .map(|c| (c.depth, script.words(text, c)))
            .collect()
    }

    #[test]
    fn splits_commands_on_operators() {
        assert_eq!(
            words("apt-get update&&apt-get install -y a  b; rm -rf /x | cat"),
            vec![
                (0, vec!["apt-get", "update"]),
                (0, vec!["apt-get", "install", "-y", "a", "b"]),
                (0, vec!["rm", "-rf", "/x"]),
                (0, vec!["cat"])
            ]
        );
    }

    #[test]
    fn redirections_are_not_words() {
        assert_eq!(
            words("echo hi > /dev/null 2>&1"),
            vec![(0, vec!["echo", "hi"])]
        );
        assert_eq!(words("cat <file >out"), vec![(0, vec!["cat"])]);
        // `&>` starts with an operator's character but is a redirection (bash).
        assert_eq!(
            words("echo hi &>/dev/null && gosu x &> log; b 1>&2 <>f"),
            vec![
                (0, vec!["echo", "hi"]),
                (0, vec!["gosu", "x"]),
                (0, vec!["b"])
            ]
        );
    }

    #[test]
    fn every_script_ends_in_time() {
        // Each character that ends a word, alone and after a word: parsed or refused, and
        // never a loop that does not move.
        for stop in [
            ";", "&", "|", "(", ")", "<", ">", "&>", "|&", ">&", "<&", ";;", "&&&",
        ] {
            for text in [stop.to_string(), format!("a {stop}"), format!("a{stop}b")] {
                let _ = Script::parse(&text);
            }
        }
    }

    #[test]
    fn a_script_left_inside_a_compound_command_ends_open() {
        for (text, open) in [
            ("a && b", false),
            ("if a; then b; fi", false),
            ("case $x in a) b ;; esac", false),
            ("(cd /tmp && make)", false),
            ("case $x in a) b ;;", true),
            ("if a; then b", true),
            ("{ a; b", true),
            ("(a", true),
        ] {
            let script = Script::parse(text).expect("parses");
            assert_eq!(script.ends_open, open, "{text}");
        }
    }

    #[test]
    fn nesting_depth() {
        let script = Script::parse("a && (cd x; make) && if t; then u; fi").unwrap();
        let depths: Vec<_> = script.commands.iter().map(|c| c.depth).collect();
        assert_eq!(depths, [0, 1, 1, 1, 1]);
        assert_eq!(
            script.top_level_operators().collect::<Vec<_>>(),
            [Operator::And, Operator::And]
        );
    }

    #[test]
    fn case_patterns_run_nothing() {
        let script = Script::parse(
            "case \"$arch\" in x86_64|aarch64) a=1 ;; (arm*) b | c ;; *) exit 1 ;; esac; d",
        )
        .unwrap();
        let words: Vec<_> = script
            .commands
            .iter()
            .map(|c| {
                script.words(
                    "case \"$arch\" in x86_64|aarch64) a=1 ;; (arm*) b | c ;; *) exit 1 ;; esac; d",
                    c,
                )
            })
            .collect();
        assert_eq!(
            words,
            [
                vec!["a=1"],
                vec!["b"],
                vec!["c"],
                vec!["exit", "1"],
                vec!["d"]
            ]
        );
        let pipes = script
            .operators
            .iter()
            .filter(|(op, _, _)| *op == Operator::Pipe)
            .count();
        assert_eq!(pipes, 1);
    }

    #[test]
    fn quotes_and_substitutions_stay_in_words() {
        assert_eq!(
            words("echo \"a;b\" $(x; y) 'c|d'"),
            vec![(0, vec!["echo", "\"a;b\"", "$(x; y)", "'c|d'"])]
        );
    }

    #[test]
    fn comment_is_found() {
        let script = Script::parse("echo a # b; c").unwrap();
        assert_eq!(script.comment, Some(7));
        assert_eq!(script.commands.len(), 1);
    }
}
