//! Formatting what the rules wrote, and nothing else.
//!
//! A fix writes a few words (`--no-cache-dir`) or lines (a merged RUN's `&& make install`)
//! into an instruction the author formatted their own way. Formatting the whole instruction
//! would turn the author's tabs into spaces and collapse their alignment on lines the fix
//! never touched: noise in a review. So the formatter's version of a written instruction is
//! taken only for the lines the fix changed, each re-indented in the instruction's own
//! indentation unit (a tab, or the author's number of spaces); every other line stays as
//! the author wrote it. When the formatter moved words across lines (an `&&` to the start
//! of the next line), mixing lines could break the command, so the formatter's whole
//! instruction is taken instead.

use std::collections::{HashMap, HashSet};

use similar::{ChangeTag, TextDiff};

use super::{FormatOptions, Indent, format_selected_with};
use crate::model::Dockerfile;

/// Format the instructions the rules wrote (those whose text the original does not have);
/// `None` when that changes nothing.
pub fn format_written(
    original: &Dockerfile,
    fixed: &Dockerfile,
    style: &FormatOptions,
) -> Option<String> {
    let source = original.source();
    let mut untouched: HashMap<&str, usize> = HashMap::new();
    for node in original.tree.instructions() {
        *untouched
            .entry(&source[original.tree.node_range(node)])
            .or_default() += 1;
    }
    let text = fixed.source();
    let written: Vec<bool> = fixed
        .tree
        .instructions()
        .map(
            |node| match untouched.get_mut(&text[fixed.tree.node_range(node)]) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            },
        )
        .collect();
    if !written.contains(&true) {
        return None;
    }
    let kept = kept_lines(source, text);
    let line_of = |offset: usize| fixed.tree.line_index.line(offset);
    format_selected_with(
        fixed,
        style,
        &|index| written.get(index).copied().unwrap_or(false),
        &|start, verbatim, formatted| {
            let first_line = line_of(start);
            keep_untouched_lines(verbatim, formatted, style.indent, &|line| {
                kept.contains(&(first_line + line))
            })
        },
    )
    .filter(|formatted| formatted != text)
}

/// The lines (0-based) of `fixed` that are lines of `original` the fixes left alone.
/// Patience diff: the lines found in both texts once each anchor it, so a file with
/// rewrites all through it costs linear time, where Myers' diff costs lines x changes.
fn kept_lines(original: &str, fixed: &str) -> HashSet<usize> {
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(original, fixed);
    diff.iter_all_changes()
        .filter(|change| change.tag() == ChangeTag::Equal)
        .filter_map(|change| change.new_index())
        .collect()
}

/// One instruction: `verbatim` as the fixes left it, `formatted` as the printer wrote it.
/// Lines `kept(i)` says the fixes did not touch come from `verbatim`, the others from
/// `formatted` in the instruction's own indentation unit; `formatted` whole when the two
/// do not line up word for word.
fn keep_untouched_lines(
    verbatim: &str,
    formatted: String,
    style_indent: Indent,
    kept: &dyn Fn(usize) -> bool,
) -> String {
    let old: Vec<&str> = verbatim.split_inclusive('\n').collect();
    let new: Vec<&str> = formatted.split_inclusive('\n').collect();
    if old.len() != new.len() {
        return formatted;
    }
    // Each kept line must hold the same words as the printer's line: then taking it back
    // only gives the author's spacing back.
    let words = |line: &str| line.split_whitespace().collect::<String>();
    if (0..old.len()).any(|i| kept(i) && old[i] != new[i] && words(old[i]) != words(new[i])) {
        return formatted;
    }
    let unit = indent_unit(&old, kept);
    // How the author indents what the printer puts at each indentation, read off the kept
    // lines.
    let mut authors: HashMap<&str, &str> = HashMap::new();
    for i in (1..old.len()).filter(|&i| kept(i) && !old[i].trim().is_empty()) {
        authors
            .entry(leading_whitespace(new[i]))
            .or_insert(leading_whitespace(old[i]));
    }
    let mut out = String::with_capacity(formatted.len());
    for (i, (&old_line, &new_line)) in old.iter().zip(&new).enumerate() {
        if kept(i) || old_line == new_line {
            out.push_str(old_line);
        } else if words(old_line) == words(new_line) && !leading_whitespace(old_line).is_empty() {
            // A line the fix wrote at its own indentation: the printer's spacing within it.
            out.push_str(leading_whitespace(old_line));
            out.push_str(new_line.trim_start_matches([' ', '\t']));
        } else if let Some(indent) = authors
            .get(leading_whitespace(new_line))
            .filter(|_| i > 0 && leading_whitespace(old_line) != leading_whitespace(new_line))
        {
            // Only where the printer re-indented the line: its indentation is no word's.
            out.push_str(indent);
            out.push_str(new_line.trim_start_matches([' ', '\t']));
        } else {
            out.push_str(&reindented(
                old_line,
                new_line,
                i,
                style_indent,
                unit.as_deref(),
            ));
        }
    }
    out
}

/// The indentation of one nesting level in the author's continuation lines: a tab, or the
/// fewest spaces any of them starts with; `None` when no kept line tells.
fn indent_unit(lines: &[&str], kept: &dyn Fn(usize) -> bool) -> Option<String> {
    let indents: Vec<&str> = (1..lines.len())
        .filter(|&i| kept(i) && !lines[i].trim().is_empty())
        .map(|i| leading_whitespace(lines[i]))
        .filter(|indent| !indent.is_empty())
        .collect();
    if indents.iter().any(|indent| indent.starts_with('\t')) {
        return Some("\t".into());
    }
    indents
        .iter()
        .filter(|indent| indent.bytes().all(|b| b == b' '))
        .map(|indent| indent.len())
        .min()
        .map(|spaces| " ".repeat(spaces))
}

/// The printer's line `new` with its nesting level written in `unit`. Only where the
/// printer re-indented the line (so its indentation is not part of a word) and wrote a
/// whole number of levels; the printer's line as it is otherwise.
fn reindented(old: &str, new: &str, line: usize, style: Indent, unit: Option<&str>) -> String {
    let indent = leading_whitespace(new);
    let Some(unit) = unit else {
        return new.to_string();
    };
    if line == 0 || indent.is_empty() || leading_whitespace(old) == indent {
        return new.to_string();
    }
    let level_width = style.repeat(1).len();
    if level_width == 0
        || !indent.len().is_multiple_of(level_width)
        || style.repeat(indent.len() / level_width) != indent
    {
        return new.to_string();
    }
    format!(
        "{}{}",
        unit.repeat(indent.len() / level_width),
        &new[indent.len()..]
    )
}

fn leading_whitespace(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(original: &str, fixed: &str) -> String {
        let original = Dockerfile::parse(original);
        let fixed_tree = Dockerfile::parse(fixed);
        format_written(&original, &fixed_tree, &FormatOptions::default())
            .unwrap_or_else(|| fixed.to_string())
    }

    #[test]
    fn a_word_written_into_a_tab_indented_run_keeps_the_tabs() {
        let original =
            "FROM a\nRUN apk add \\\n\tca-certificates \\\n\t&& pip install \\\n\t\tansible\n";
        let fixed = "FROM a\nRUN apk add \\\n\tca-certificates \\\n\t&& pip install --no-cache-dir \\\n\t\tansible\n";
        assert_eq!(written(original, fixed), fixed);
    }

    #[test]
    fn a_line_the_printer_rewrote_takes_the_instructions_unit() {
        // The printer moves `&&` to the start of the line the fix wrote, at its first level:
        // one tab here, as the author's lines.
        let original = "FROM a\nRUN apt-get install -y \\\n\tcurl \\\n\twget\n";
        let fixed = "FROM a\nRUN apt-get install -y \\\n\tcurl \\\n\twget && \\\nrm -rf /var/lib/apt/lists/*\n";
        assert_eq!(
            written(original, fixed),
            "FROM a\nRUN apt-get install -y \\\n\tcurl \\\n\twget \\\n\t&& rm -rf /var/lib/apt/lists/*\n"
        );
    }

    #[test]
    fn the_authors_spacing_stays_on_lines_not_written() {
        let original = "FROM a\nRUN  pip  install \\\n      flask   gunicorn\n";
        let fixed = "FROM a\nRUN  pip  install --no-cache-dir \\\n      flask   gunicorn\n";
        let result = written(original, fixed);
        assert!(result.ends_with("\\\n      flask   gunicorn\n"), "{result}");
    }

    #[test]
    fn words_moved_across_lines_take_the_printers_instruction() {
        // The printer moves the `&&` to the next line: the kept line cannot stay as it was.
        let original = "FROM a\nRUN pip install x && \\\n  make\n";
        let fixed = "FROM a\nRUN pip install --no-cache-dir x && \\\n  make\n";
        let result = written(original, fixed);
        let formatted = crate::format::format(&Dockerfile::parse(fixed), &FormatOptions::default())
            .ok()
            .flatten()
            .unwrap_or_else(|| fixed.to_string());
        assert_eq!(result, formatted);
    }
}
