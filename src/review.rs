//! A fix as a code review suggests it: whole lines of the file, replaced by the lines
//! `dockfix fix` would write (the instructions it writes formatted), so that a reviewer who
//! accepts the suggestion gets what `dockfix fix` gives. Used by `--output-format rdjson`
//! (reviewdog posts it as a suggested change on the pull request) and the language server.

use crate::diagnostic::{Applicability, Fix};
use crate::format::FormatOptions;
use crate::model::Dockerfile;

/// Lines `start_line..=end_line` (1-based) of the file, to be replaced by `text` (the new
/// lines, without the final line break; empty to delete them).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Suggestion {
    pub start_line: u32,
    pub end_line: u32,
    pub text: String,
}

/// `fix` applied alone to `source`, as whole lines; `None` when it changes nothing or does
/// not apply (edits out of bounds).
pub fn suggestion(source: &str, fix: &Fix, style: &FormatOptions) -> Option<Suggestion> {
    changed_lines(source, &fixed_text(source, fix, style)?)
}

/// The text after `fix` alone, with the instructions it wrote formatted in `style` (what
/// `dockfix fix` would write for it); `None` when it does not apply.
pub fn fixed_text(source: &str, fix: &Fix, style: &FormatOptions) -> Option<String> {
    let applied = crate::edit::apply(source, &[fix], Applicability::DisplayOnly);
    if applied.applied.is_empty() {
        return None;
    }
    let original = Dockerfile::parse(source);
    let formatted =
        crate::format::format_written(&original, &Dockerfile::parse(&applied.text), style);
    Some(formatted.unwrap_or(applied.text))
}

/// The lines of `before` that differ from `after`, and what replaces them. A pure
/// insertion takes the line after it along (or the one before, at the end), since a
/// suggestion replaces at least one line.
pub fn changed_lines(before: &str, after: &str) -> Option<Suggestion> {
    if before == after {
        return None;
    }
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (mut first, mut old_end, mut new_first, mut new_end) =
        (prefix, old.len() - suffix, prefix, new.len() - suffix);
    if first == old_end {
        if old_end < old.len() {
            old_end += 1;
            new_end += 1;
        } else if first > 0 {
            first -= 1;
            new_first -= 1;
        } else {
            // An empty file: nothing to anchor a line suggestion to.
            return None;
        }
    }
    let text: String = new[new_first..new_end].concat();
    let text = text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(&text)
        .to_string();
    Some(Suggestion {
        start_line: first as u32 + 1,
        end_line: old_end as u32,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;

    #[test]
    fn whole_lines_of_the_formatted_result() {
        let source = "FROM alpine\nRUN a\nRUN b\nCMD x\n";
        let at = |needle: &str| source.find(needle).unwrap_or(0);
        // merge-runs' raw edit, unindented; the suggestion is formatted as fix writes it.
        let fix = Fix::safe(
            "Merge",
            vec![Edit::replace(at("RUN a") + 5..at("RUN b") + 4, " \\\n&& ")],
        );
        let suggestion = suggestion(source, &fix, &FormatOptions::default());
        assert_eq!(
            suggestion,
            Some(Suggestion {
                start_line: 2,
                end_line: 3,
                text: "RUN a \\\n    && b".into()
            })
        );
    }

    #[test]
    fn insertions_and_deletions_anchor_to_a_line() {
        let inserted = changed_lines("A\nB\n", "A\nX\nB\n");
        assert_eq!(
            inserted,
            Some(Suggestion {
                start_line: 2,
                end_line: 2,
                text: "X\nB".into()
            })
        );
        let appended = changed_lines("A\nB\n", "A\nB\nX\n");
        assert_eq!(
            appended.map(|s| (s.start_line, s.text)),
            Some((2, "B\nX".into()))
        );
        let deleted = changed_lines("A\nB\nC\n", "A\nC\n");
        assert_eq!(
            deleted,
            Some(Suggestion {
                start_line: 2,
                end_line: 2,
                text: String::new()
            })
        );
        assert_eq!(changed_lines("A\n", "A\n"), None);
    }
}
