//! BuildKit's line parsers (`parser/split_command.go`, `parser/line_parsers.go`), ported to
//! work on spans: they split an instruction's logical line into keyword, flags and
//! arguments exactly as BuildKit does, and say where each piece is.

use std::ops::Range;

/// `reWhitespace` in BuildKit: `[\t\v\f\r ]+`.
pub fn is_re_whitespace(b: u8) -> bool {
    matches!(b, b'\t' | 0x0B | 0x0C | b'\r' | b' ')
}

/// Go's `strings.ToLower`, as BuildKit lower-cases keywords: Unicode's simple mapping, one
/// character for one. It differs from Rust's `to_lowercase` only for U+0130 (`İ`), which
/// becomes `i` (not `i` and a combining dot), so `ENTRYPOİNT` is ENTRYPOINT to BuildKit.
pub fn go_lowercase(word: &str) -> String {
    word.chars().map(go_lower_char).collect()
}

fn go_lower_char(ch: char) -> char {
    if ch.is_ascii() {
        return ch.to_ascii_lowercase();
    }
    if ch == '\u{130}' {
        return 'i';
    }
    let mut lower = ch.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => ch,
    }
}

/// Whether `word` is the keyword `lower` (ASCII, lower case) as BuildKit reads keywords:
/// Go-lower-cased, so the Kelvin sign (U+212A) is a `k` and U+0130 an `i`.
pub fn keyword_is(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        // Folding ASCII keeps the length.
        return word.len() == lower.len() && word.eq_ignore_ascii_case(lower);
    }
    word.chars().map(go_lower_char).eq(lower.chars())
}

/// A flag as BuildKit's `extractBuilderFlags` returns it: quotes removed, escapes applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// Span of the flag word in the line.
    pub range: Range<usize>,
    pub text: String,
}

impl Flag {
    /// The name without dashes, before any `=`.
    pub fn name(&self) -> &str {
        let body = self.text.trim_start_matches('-');
        body.split_once('=').map_or(body, |(name, _)| name)
    }

    /// The value after the first `=`, if any.
    pub fn value(&self) -> Option<&str> {
        self.text.split_once('=').map(|(_, value)| value)
    }
}

/// `splitCommand`: keyword, flags and the (trimmed) rest of a logical line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitCommand {
    pub keyword: Range<usize>,
    pub flags: Vec<Flag>,
    pub args: Range<usize>,
}

pub fn split_command(line: &str, escape: char) -> SplitCommand {
    split_command_at(line, 0..line.len(), escape)
}

/// `split_command` on `line[range]`, spans relative to `line` (ONBUILD splits its rest).
pub fn split_command_at(line: &str, range: Range<usize>, escape: char) -> SplitCommand {
    let trimmed = trim_range(line, range);
    let bytes = line.as_bytes();
    let keyword_end = (trimmed.start..trimmed.end)
        .find(|&i| is_re_whitespace(bytes[i]))
        .unwrap_or(trimmed.end);
    let keyword = trimmed.start..keyword_end;
    if keyword_end == trimmed.end {
        return SplitCommand {
            keyword,
            flags: Vec::new(),
            args: trimmed.end..trimmed.end,
        };
    }
    let rest_start = (keyword_end..trimmed.end)
        .find(|&i| !is_re_whitespace(bytes[i]))
        .unwrap_or(trimmed.end);
    let (args_start, flags) = extract_builder_flags(line, rest_start..trimmed.end, escape);
    let args = trim_range(line, args_start..trimmed.end);
    SplitCommand {
        keyword,
        flags,
        args,
    }
}

/// Go's `strings.TrimSpace` on a sub-range.
pub fn trim_range(line: &str, range: Range<usize>) -> Range<usize> {
    let text = &line[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.start + text.trim_end().len();
    start..end.max(start)
}

/// Go's `unicode.IsSpace` applied to one byte, as `extractBuilderFlags` does.
fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// `extractBuilderFlags`: leading `--words` are flags; returns where the rest starts.
///
/// BuildKit walks bytes and writes each as a rune, so non-ASCII text in a flag comes out
/// Latin-1 decoded; `text` does the same, to report what BuildKit sees.
fn extract_builder_flags(line: &str, range: Range<usize>, escape: char) -> (usize, Vec<Flag>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(u8),
    }
    let bytes = line.as_bytes();
    let escape = escape as u8;
    let mut flags = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = range.start;
    let mut blank_ok = false;
    let mut pos = range.start;
    while pos <= range.end {
        let at_end = pos == range.end;
        let ch = if at_end { 0 } else { bytes[pos] };
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if is_space_byte(ch) {
                pos += 1;
                continue;
            }
            // Only words that start with "--" are flags.
            if ch != b'-' || pos + 1 == range.end || bytes[pos + 1] != b'-' {
                return (pos, flags);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if word != "--" && (blank_ok || !word.is_empty()) {
                flags.push(Flag {
                    range: word_start..pos,
                    text: word,
                });
            }
            break;
        }
        match phase {
            Phase::Word => {
                if is_space_byte(ch) {
                    phase = Phase::Spaces;
                    if word == "--" {
                        return (pos, flags);
                    }
                    if blank_ok || !word.is_empty() {
                        flags.push(Flag {
                            range: word_start..pos,
                            text: std::mem::take(&mut word),
                        });
                    }
                    word.clear();
                    blank_ok = false;
                    pos += 1;
                    continue;
                }
                if ch == b'\'' || ch == b'"' {
                    phase = Phase::Quote(ch);
                    blank_ok = true;
                    pos += 1;
                    continue;
                }
                let mut ch = ch;
                if ch == escape {
                    if pos + 1 == range.end {
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                    ch = bytes[pos];
                }
                word.push(ch as char);
            }
            Phase::Quote(quote) => {
                if ch == quote {
                    phase = Phase::Word;
                    pos += 1;
                    continue;
                }
                let mut ch = ch;
                if ch == escape {
                    if pos + 1 == range.end {
                        phase = Phase::Word;
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                    ch = bytes[pos];
                }
                word.push(ch as char);
            }
            Phase::Spaces => {}
        }
        pos += 1;
    }
    (range.end, flags)
}

/// A word from `parseWords`: quotes and escapes kept, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    pub text: String,
}

/// `parseWords`: split on unquoted whitespace, keeping quotes and escapes in the words.
/// A word's text is its slice of the line: every character is kept but an escape that ends
/// the line, so the kept characters are contiguous.
pub fn parse_words(line: &str, range: Range<usize>, escape: char) -> Vec<Word> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(char),
    }
    let rest = &line[range.clone()];
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word_start = 0;
    // The end of the characters kept so far (`word_start` when none is).
    let mut word_end = 0;
    let mut blank_ok = false;
    let mut chars = rest.char_indices().peekable();
    let text = |start: usize, end: usize| rest[start..end].to_string();
    let kept_through = |(at, next): (usize, char)| at + next.len_utf8();
    loop {
        let Some((pos, ch)) = chars.next() else {
            if phase != Phase::Spaces && (blank_ok || word_end > word_start) {
                words.push(Word {
                    range: range.start + word_start..range.end,
                    text: text(word_start, word_end),
                });
            }
            return words;
        };
        if phase == Phase::Spaces {
            if ch.is_whitespace() {
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
            word_end = pos;
        }
        match phase {
            Phase::Word => {
                if ch.is_whitespace() {
                    phase = Phase::Spaces;
                    if blank_ok || word_end > word_start {
                        words.push(Word {
                            range: range.start + word_start..range.start + pos,
                            text: text(word_start, word_end),
                        });
                    }
                    blank_ok = false;
                    continue;
                }
                if ch == '\'' || ch == '"' {
                    phase = Phase::Quote(ch);
                    blank_ok = true;
                }
                if ch == escape {
                    // An escape at the very end is dropped; otherwise kept with its character.
                    let Some(next) = chars.next() else {
                        continue;
                    };
                    word_end = kept_through(next);
                    continue;
                }
                word_end = kept_through((pos, ch));
            }
            Phase::Quote(quote) => {
                if ch == quote {
                    phase = Phase::Word;
                }
                if ch == escape && quote != '\'' {
                    let Some(next) = chars.next() else {
                        phase = Phase::Word;
                        continue;
                    };
                    word_end = kept_through(next);
                    continue;
                }
                word_end = kept_through((pos, ch));
            }
            Phase::Spaces => {}
        }
    }
}

/// `parseStringsWhitespaceDelimited`: split on `[\t\v\f\r ]+`.
pub fn split_whitespace(line: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut start = range.start;
    let mut pos = range.start;
    while pos < range.end {
        if is_re_whitespace(bytes[pos]) {
            words.push(start..pos);
            while pos < range.end && is_re_whitespace(bytes[pos]) {
                pos += 1;
            }
            start = pos;
        } else {
            pos += 1;
        }
    }
    if range.start < range.end {
        words.push(start..range.end);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_words` as it was written first, pushing each kept character.
    fn parse_words_by_characters(line: &str, escape: char) -> Vec<(Range<usize>, String)> {
        let (mut words, mut word, mut start) = (Vec::new(), String::new(), 0);
        let (mut in_word, mut quote, mut blank_ok) = (false, None, false);
        let mut chars = line.char_indices().peekable();
        while let Some((pos, ch)) = chars.next() {
            if !in_word {
                if ch.is_whitespace() {
                    continue;
                }
                in_word = true;
                start = pos;
            }
            match quote {
                None if ch.is_whitespace() => {
                    if blank_ok || !word.is_empty() {
                        words.push((start..pos, std::mem::take(&mut word)));
                    }
                    in_word = false;
                    blank_ok = false;
                    continue;
                }
                None => {
                    if ch == '\'' || ch == '"' {
                        quote = Some(ch);
                        blank_ok = true;
                    }
                }
                Some(q) => {
                    if ch == q {
                        quote = None;
                    }
                    if ch == escape && q == '\'' {
                        word.push(ch);
                        continue;
                    }
                }
            }
            if ch == escape {
                match chars.next() {
                    Some((_, next)) => {
                        word.push(ch);
                        word.push(next);
                    }
                    None => quote = None,
                }
                continue;
            }
            word.push(ch);
        }
        if in_word && (blank_ok || !word.is_empty()) {
            words.push((start..line.len(), word));
        }
        words
    }

    #[test]
    fn words_are_slices_of_the_line() {
        for line in [
            "a b  c",
            " 'x y' \"z\\\" w\" ",
            "k=v\\ w end\\",
            "\\",
            "'' \"\"",
            "é ü\\é",
            "a\\\nb",
            "'unterminated",
            "\"a\\",
            "x `y` z",
            "\t\u{a0}a\u{a0}b",
        ] {
            for escape in ['\\', '`'] {
                let words: Vec<(Range<usize>, String)> = parse_words(line, 0..line.len(), escape)
                    .into_iter()
                    .map(|word| (word.range, word.text))
                    .collect();
                assert_eq!(
                    words,
                    parse_words_by_characters(line, escape),
                    "{line:?} {escape:?}"
                );
            }
        }
    }

    #[test]
    fn keywords_fold_as_go_lowercases() {
        assert!(keyword_is("ENTRYPO\u{130}NT", "entrypoint"));
        assert!(keyword_is("WOR\u{212A}DIR", "workdir"));
        assert!(keyword_is("OnBuild", "onbuild"));
        assert!(!keyword_is("ENTRYPO\u{131}NT", "entrypoint"));
        assert!(!keyword_is("RUNX", "run"));
        assert_eq!(go_lowercase("ONBU\u{130}LD \u{212A}"), "onbuild k");
    }

    fn split(line: &str) -> (String, Vec<String>, String) {
        let s = split_command(line, '\\');
        (
            line[s.keyword].to_string(),
            s.flags.into_iter().map(|f| f.text).collect(),
            line[s.args].to_string(),
        )
    }

    #[test]
    fn splits_keyword_flags_and_args() {
        assert_eq!(
            split("  COPY --from=a --chown=\"x y\" src dst "),
            (
                "COPY".into(),
                vec!["--from=a".into(), "--chown=x y".into()],
                "src dst".into()
            )
        );
        assert_eq!(
            split("CMD --doit=true -- [ \"a\" ]"),
            ("CMD".into(), vec!["--doit=true".into()], "[ \"a\" ]".into())
        );
        assert_eq!(split("RUN"), ("RUN".into(), vec![], "".into()));
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        let line = r#"a=1 b="x y" c=\ d e\"#;
        let words: Vec<_> = parse_words(line, 0..line.len(), '\\')
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(words, ["a=1", "b=\"x y\"", "c=\\ d", "e"]);
    }

    #[test]
    fn whitespace_split_ignores_quotes() {
        let line = "\"a b\"  c";
        let words: Vec<_> = split_whitespace(line, 0..line.len())
            .into_iter()
            .map(|r| &line[r])
            .collect();
        assert_eq!(words, ["\"a", "b\"", "c"]);
    }
}
