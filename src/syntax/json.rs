//! The JSON (exec) form of CMD, RUN, ENTRYPOINT, SHELL, COPY, ADD and VOLUME, read as
//! BuildKit reads it: Go's `encoding/json` into `[]any`, then every element must be a
//! string. A syntax error means "not JSON": BuildKit then takes the text as shell form.
//! Valid JSON with a non-string element is a parse error.

use std::ops::Range;

/// One string element, with the span of its literal (quotes included) in the text given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonString {
    pub span: Range<usize>,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonArray {
    /// A JSON array of strings: exec form.
    Strings(Vec<JsonString>),
    /// Valid JSON array with an element that is not a string: BuildKit rejects the line.
    NotStringArray,
    /// Not a JSON array (syntax error, or a number Go cannot hold): shell form.
    NotJson,
}

/// Parse `text` (BuildKit has already trimmed it) as a JSON array.
pub fn parse_array(text: &str) -> JsonArray {
    let trimmed_start = text.len() - text.trim_start().len();
    let bytes = text.as_bytes();
    if bytes.get(trimmed_start) != Some(&b'[') {
        return JsonArray::NotJson;
    }
    let mut reader = Reader {
        bytes,
        pos: trimmed_start,
    };
    match reader.top_level_array() {
        Ok(Some(strings)) => JsonArray::Strings(strings),
        Ok(None) => JsonArray::NotStringArray,
        Err(()) => JsonArray::NotJson,
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// Go's decoder gives up beyond this nesting depth (a syntax error for us).
const MAX_DEPTH: usize = 10_000;

impl Reader<'_> {
    fn skip_whitespace(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// `Ok(Some(strings))`, `Ok(None)` when an element is not a string, `Err` on a syntax error.
    fn top_level_array(&mut self) -> Result<Option<Vec<JsonString>>, ()> {
        self.pos += 1; // '['
        let mut strings = Vec::new();
        let mut all_strings = true;
        self.skip_whitespace();
        if !self.eat(b']') {
            loop {
                self.skip_whitespace();
                if self.bytes.get(self.pos) == Some(&b'"') {
                    let start = self.pos;
                    let value = self.string()?;
                    strings.push(JsonString {
                        span: start..self.pos,
                        value,
                    });
                } else {
                    self.value()?;
                    all_strings = false;
                }
                self.skip_whitespace();
                if self.eat(b',') {
                    continue;
                }
                if self.eat(b']') {
                    break;
                }
                return Err(());
            }
        }
        self.skip_whitespace();
        if self.pos != self.bytes.len() {
            return Err(());
        }
        Ok(all_strings.then_some(strings))
    }

    /// Any JSON value, validated without recursion.
    fn value(&mut self) -> Result<(), ()> {
        // Each entry: is the open container an object?
        let mut open: Vec<bool> = Vec::new();
        loop {
            self.skip_whitespace();
            match self.bytes.get(self.pos) {
                Some(b'[') | Some(b'{') => {
                    let object = self.bytes[self.pos] == b'{';
                    self.pos += 1;
                    if open.len() >= MAX_DEPTH {
                        return Err(());
                    }
                    self.skip_whitespace();
                    let close = if object { b'}' } else { b']' };
                    if self.eat(close) {
                        // empty container: a complete value
                    } else {
                        open.push(object);
                        if object {
                            self.object_key()?;
                        }
                        continue;
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                _ => return Err(()),
            }
            // A value is complete: close containers or move to the next element.
            loop {
                let Some(&object) = open.last() else {
                    return Ok(());
                };
                self.skip_whitespace();
                if self.eat(b',') {
                    if object {
                        self.object_key()?;
                    }
                    break;
                }
                if self.eat(if object { b'}' } else { b']' }) {
                    open.pop();
                    continue;
                }
                return Err(());
            }
        }
    }

    fn object_key(&mut self) -> Result<(), ()> {
        self.skip_whitespace();
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err(());
        }
        self.string()?;
        self.skip_whitespace();
        if self.eat(b':') { Ok(()) } else { Err(()) }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), ()> {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(())
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<(), ()> {
        let start = self.pos;
        self.eat(b'-');
        if self.eat(b'0') {
        } else if self.digits() == 0 {
            return Err(());
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(());
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(());
            }
        }
        // Go decodes numbers into float64; one out of its range fails the whole Unmarshal.
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).map_err(|_| ())?;
        match text.parse::<f64>() {
            Ok(number) if number.is_finite() => Ok(()),
            _ => Err(()),
        }
    }

    /// A string literal at `pos`, decoded as Go does (lone surrogates become U+FFFD).
    fn string(&mut self) -> Result<String, ()> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(std::str::from_utf8(&self.bytes[run_start..self.pos]).map_err(|_| ())?);
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = *self.bytes.get(self.pos).ok_or(())?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(()),
                    }
                }
                _ => return Err(()), // control character or end of input
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ()> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or(())?;
        let text = std::str::from_utf8(digits).map_err(|_| ())?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(());
        }
        self.pos += 4;
        u32::from_str_radix(text, 16).map_err(|_| ())
    }

    fn unicode_escape(&mut self) -> Result<char, ()> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(combined).unwrap_or('\u{FFFD}'));
            }
            self.pos = save;
        }
        Ok(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Option<Vec<String>> {
        match parse_array(text) {
            JsonArray::Strings(strings) => Some(strings.into_iter().map(|s| s.value).collect()),
            _ => None,
        }
    }

    #[test]
    fn decodes_strings_and_escapes() {
        assert_eq!(
            values(r#"["a", "\" \\ \/ \u0041 \ud83d\ude00"]"#).unwrap(),
            ["a", "\" \\ / A 😀"]
        );
        assert_eq!(values("[]").unwrap(), Vec::<String>::new());
        assert_eq!(values("[\t\"a\",\t\"b\"\t]").unwrap(), ["a", "b"]);
    }

    #[test]
    fn syntax_errors_are_not_json() {
        for text in [
            "['a']",
            "[\"a\"",
            "[\"a\",]",
            "[\"a\"] x",
            "[\"\t\"]",
            "[1e999]",
            "[\"a\" \"b\"]",
        ] {
            assert_eq!(parse_array(text), JsonArray::NotJson, "{text}");
        }
    }

    #[test]
    fn non_string_elements_are_rejected() {
        assert_eq!(
            parse_array(r#"["echo", ["nested"]]"#),
            JsonArray::NotStringArray
        );
        assert_eq!(
            parse_array(r#"[1, {"a": [true, null]}]"#),
            JsonArray::NotStringArray
        );
    }

    #[test]
    fn lone_surrogate_becomes_replacement_character() {
        assert_eq!(values(r#"["\ud800x"]"#).unwrap(), ["\u{FFFD}x"]);
    }
}
