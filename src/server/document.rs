//! An open document: its text as the editor has it, kept in step with the editor's changes,
//! and positions converted between byte offsets and the editor's `line:character`.

use lsp_types::{Position, Range as LspRange, TextDocumentContentChangeEvent};

use crate::syntax::LineIndex;

/// How the editor counts `character` in a position (negotiated at initialisation: UTF-16
/// unless the client offers another).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    fn units(self, character: char) -> u32 {
        match self {
            Encoding::Utf8 => character.len_utf8() as u32,
            Encoding::Utf16 => character.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub version: i32,
    lines: LineIndex,
}

impl Document {
    pub fn new(text: String, version: i32) -> Self {
        let lines = LineIndex::new(&text);
        Document {
            text,
            version,
            lines,
        }
    }

    /// Apply the editor's changes, in order (full text, or a range and its new text).
    pub fn change(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = self.offset(range.start, encoding);
                    let end = self.offset(range.end, encoding).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
            self.lines = LineIndex::new(&self.text);
        }
        self.version = version;
    }

    /// The byte offset of an editor position; a position past the end of its line is the end
    /// of the line, past the last line the end of the text, inside a character its start.
    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.lines.line_count() {
            return self.text.len();
        }
        let start = self.lines.line_start(line);
        let rest = &self.text[start..];
        let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        let mut units = 0;
        for (index, character) in line_text.char_indices() {
            let next = units + encoding.units(character);
            if next > position.character {
                return start + index;
            }
            units = next;
        }
        start + line_text.len()
    }

    /// The editor position of a byte offset (clamped to the text, rounded down to a
    /// character boundary).
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.line(offset);
        let start = self.lines.line_start(line);
        let character = self.text[start..offset]
            .chars()
            .map(|c| encoding.units(c))
            .sum();
        Position {
            line: line as u32,
            character,
        }
    }

    pub fn range(&self, range: std::ops::Range<usize>, encoding: Encoding) -> LspRange {
        LspRange {
            start: self.position(range.start, encoding),
            end: self.position(range.end, encoding),
        }
    }

    /// The byte range of an editor range.
    pub fn byte_range(&self, range: LspRange, encoding: Encoding) -> std::ops::Range<usize> {
        let start = self.offset(range.start, encoding);
        start..self.offset(range.end, encoding).max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn positions_count_the_negotiated_units() {
        // "é" is 2 bytes, 1 UTF-16 unit; "😀" is 4 bytes, 2 UTF-16 units.
        let document = Document::new("RUN é😀x\r\nCMD y".into(), 1);
        let x = document.text.find('x').unwrap_or(0);
        assert_eq!(document.position(x, Encoding::Utf16), at(0, 7));
        assert_eq!(document.position(x, Encoding::Utf8), at(0, 10));
        assert_eq!(document.position(x, Encoding::Utf32), at(0, 6));
        assert_eq!(document.offset(at(0, 7), Encoding::Utf16), x);
        // Inside the surrogate pair: the character's start. Past the line: before "\r\n".
        assert_eq!(document.offset(at(0, 6), Encoding::Utf16), x - 4);
        assert_eq!(document.offset(at(0, 99), Encoding::Utf16), x + 1);
        assert_eq!(
            document.offset(at(9, 0), Encoding::Utf16),
            document.text.len()
        );
        assert_eq!(document.position(x - 2, Encoding::Utf16), at(0, 5));
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut document = Document::new("FROM a\nRUN b\n".into(), 1);
        let change = |range: Option<LspRange>, text: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.into(),
        };
        let range = |a: Position, b: Position| Some(LspRange { start: a, end: b });
        document.change(
            vec![
                change(range(at(1, 4), at(1, 5)), "echo hé"),
                change(range(at(1, 11), at(1, 11)), "!\nCMD"),
                // Reversed and out of range: clamped, never a panic.
                change(range(at(7, 3), at(2, 1)), "?"),
            ],
            2,
            Encoding::Utf16,
        );
        assert_eq!(document.text, "FROM a\nRUN echo hé!\nCMD\n?");
        assert_eq!(document.version, 2);
        document.change(vec![change(None, "FROM b\n")], 3, Encoding::Utf16);
        assert_eq!(document.position(7, Encoding::Utf16), at(1, 0));
    }
}
