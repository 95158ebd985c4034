//! Shell words as a POSIX shell splits them: on whitespace outside quotes, escapes,
//! substitutions and comments. The formatter may change the whitespace *between* these
//! words (its amount, or a line continuation in it) and nothing else, so the shell runs
//! the same words.
//!
//! The scanner is deliberately conservative: anything inside `$(...)`, backquotes, `${...}`
//! or quotes is part of the word around it, and a comment (`#` starting a word) takes the
//! rest of the text as one word. Text whose quoting differs between shells (`$'...'`,
//! bash-only) or does not balance gives `None`: the caller leaves it as written.

use std::ops::Range;

/// The words of `text`, as ranges into it; `None` when the text is not safe to re-space.
pub fn split(text: &str) -> Option<Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' || b == b'\t' {
            if let Some(s) = start.take() {
                words.push(s..i);
            }
            i += 1;
            continue;
        }
        if b == b'#' && comment_can_start(bytes, i, start) {
            let s = start.unwrap_or(i);
            words.push(s..trim_end(text, s));
            return Some(words);
        }
        start.get_or_insert(i);
        i = skip_unit_at(bytes, i)?;
    }
    if let Some(s) = start {
        words.push(s..bytes.len());
    }
    Some(words)
}

/// A `#` starts a comment at the start of a word, or right after an operator character.
fn comment_can_start(bytes: &[u8], i: usize, word_start: Option<usize>) -> bool {
    match word_start {
        None => true,
        Some(_) => matches!(bytes[i - 1], b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>'),
    }
}

fn trim_end(text: &str, start: usize) -> usize {
    start + text[start..].trim_end_matches([' ', '\t']).len()
}

/// Skip one lexical unit starting at `i` (a character, an escape pair, a quoted string or a
/// substitution); returns the index after it, or `None` when it does not end.
///
/// Nesting (`"$(echo "${a:-...}")"`) is followed with an explicit stack, not recursion, so
/// no input can exhaust the thread's stack.
#[inline]
pub(crate) fn skip_unit_at(bytes: &[u8], i: usize) -> Option<usize> {
    // Most units are one plain ASCII character: no call, no match on the unit's kind.
    match bytes.get(i) {
        Some(&b) if b < 0x80 && !matches!(b, b'\\' | b'\'' | b'"' | b'`' | b'$') => Some(i + 1),
        _ => skip_compound_unit_at(bytes, i),
    }
}

/// `skip_unit_at` for what is not one plain character.
fn skip_compound_unit_at(bytes: &[u8], i: usize) -> Option<usize> {
    let (mut stack, mut i) = match unit_at(bytes, i)? {
        Unit::End(end) => return Some(end),
        Unit::Open(frame, after) => (vec![frame], after),
    };
    while let Some(frame) = stack.last_mut() {
        let &b = bytes.get(i)?;
        match frame {
            Frame::DoubleQuoted => match b {
                b'"' => {
                    stack.pop();
                    i += 1;
                }
                b'\\' => i += 2,
                b'`' => i = skip_backquoted(bytes, i + 1)?,
                b'$' if matches!(bytes.get(i + 1), Some(b'(' | b'{')) => {
                    let open = bytes[i + 1];
                    stack.push(Frame::nested(open));
                    i += 2;
                }
                _ => i += 1,
            },
            Frame::Nested { open, close, depth } => {
                if b == *close {
                    *depth -= 1;
                    i += 1;
                    if *depth == 0 {
                        stack.pop();
                    }
                } else if b == *open {
                    *depth += 1;
                    i += 1;
                } else if b == b'$' && bytes.get(i + 1) == Some(&b'\'') {
                    return None;
                } else if matches!(b, b'\\' | b'\'' | b'"' | b'`') {
                    match unit_at(bytes, i)? {
                        Unit::End(end) => i = end,
                        Unit::Open(frame, after) => {
                            stack.push(frame);
                            i = after;
                        }
                    }
                } else {
                    i += 1;
                }
            }
        }
    }
    Some(i)
}

/// A construct being skipped that can contain others.
enum Frame {
    /// After an opening `"`.
    DoubleQuoted,
    /// After `$(` or `${`, with how many of `open` are still unclosed.
    Nested { open: u8, close: u8, depth: usize },
}

impl Frame {
    fn nested(open: u8) -> Frame {
        let close = if open == b'(' { b')' } else { b'}' };
        Frame::Nested {
            open,
            close,
            depth: 1,
        }
    }
}

/// The unit at `i`: its end when it cannot contain others, else the construct it opens.
enum Unit {
    End(usize),
    Open(Frame, usize),
}

fn unit_at(bytes: &[u8], i: usize) -> Option<Unit> {
    Some(match bytes[i] {
        b'\\' => Unit::End(
            bytes
                .get(i + 1)
                .map_or(bytes.len(), |&next| i + 1 + next_char_len(next)),
        ),
        b'\'' => Unit::End(find_from(bytes, i + 1, b'\'')? + 1),
        b'"' => Unit::Open(Frame::DoubleQuoted, i + 1),
        b'`' => Unit::End(skip_backquoted(bytes, i + 1)?),
        b'$' => match bytes.get(i + 1) {
            Some(b'\'') => return None, // bash's $'...': quoting differs between shells
            Some(&open @ (b'(' | b'{')) => Unit::Open(Frame::nested(open), i + 2),
            _ => Unit::End(i + 1),
        },
        _ => Unit::End(i + next_char_len(bytes[i])),
    })
}

fn next_char_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn find_from(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    memchr::memchr(needle, bytes.get(from..)?).map(|offset| from + offset)
}

fn skip_backquoted(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b'`' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Option<Vec<&str>> {
        split(text).map(|ranges| ranges.into_iter().map(|r| &text[r]).collect())
    }

    #[test]
    fn splits_on_unquoted_whitespace() {
        assert_eq!(
            words("a  b\t'c  d' \"e  f\"g").unwrap(),
            ["a", "b", "'c  d'", "\"e  f\"g"]
        );
        assert_eq!(words(r"a\ b c").unwrap(), [r"a\ b", "c"]);
    }

    #[test]
    fn substitutions_stay_whole() {
        assert_eq!(
            words("x=$(echo  a) ${v:-a  b} `date  -u`").unwrap(),
            ["x=$(echo  a)", "${v:-a  b}", "`date  -u`"]
        );
        assert_eq!(
            words("\"$(echo \"a  b\")\"  c").unwrap(),
            ["\"$(echo \"a  b\")\"", "c"]
        );
    }

    #[test]
    fn a_comment_takes_the_rest() {
        assert_eq!(words("a # it's  here  ").unwrap(), ["a", "# it's  here"]);
        assert_eq!(words("a;# x  y").unwrap(), ["a;# x  y"]);
        assert_eq!(words("a#b  c").unwrap(), ["a#b", "c"]);
    }

    #[test]
    fn ambiguous_or_unbalanced_text_is_left_alone() {
        assert_eq!(words("echo $'a  b'"), None);
        assert_eq!(words("echo 'a  b"), None);
        assert_eq!(words("echo $(a"), None);
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        let depth = 200_000;
        let deep = format!("\"{}x{}\"", "${a:-\"".repeat(depth), "\"}".repeat(depth));
        assert_eq!(words(&deep).map(|w| w.len()), Some(1));
        let open = "\"$(echo '".repeat(depth);
        assert_eq!(words(&open), None);
    }
}
