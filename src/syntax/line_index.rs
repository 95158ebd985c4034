//! Byte offset -> line:column, for messages.

/// 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

impl std::fmt::Display for LineCol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Start offsets of every line.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut starts = Vec::with_capacity(source.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i as u32 + 1));
        LineIndex { starts }
    }

    /// 0-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start as usize <= offset)
            .saturating_sub(1)
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).map_or(0, |&s| s as usize)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and column, the column counting UTF-8 bytes (reviewdog's convention).
    pub fn line_col_bytes(&self, offset: usize) -> LineCol {
        let line = self.line(offset);
        LineCol {
            line: line as u32 + 1,
            col: offset.saturating_sub(self.line_start(line)) as u32 + 1,
        }
    }

    pub fn line_col(&self, source: &str, offset: usize) -> LineCol {
        let offset = offset.min(source.len());
        let line = self.line(offset);
        let start = self.line_start(line);
        let col = source
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        LineCol {
            line: line as u32 + 1,
            col: col as u32 + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_characters() {
        let source = "ab\ncé\nx";
        let index = LineIndex::new(source);
        assert_eq!(index.line_col(source, 0), LineCol { line: 1, col: 1 });
        assert_eq!(index.line_col(source, 3), LineCol { line: 2, col: 1 });
        assert_eq!(index.line_col(source, 6), LineCol { line: 2, col: 3 });
        assert_eq!(index.line_col(source, 7), LineCol { line: 3, col: 1 });
        assert_eq!(index.line_col_bytes(6), LineCol { line: 2, col: 4 });
    }
}
