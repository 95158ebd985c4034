//! Code actions (each finding's fix, "ignore this rule here", fix all) and formatting, as
//! text edits of the document.

use std::ops::Range;

use lsp_types::{CodeAction, CodeActionKind, TextEdit};

use super::analysis::{Analysis, to_lsp};
use super::document::{Document, Encoding};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::model::Dockerfile;
use crate::suppression::{Codes, Scope, Suppressions, Tool};

/// The kind of "fix all safe problems", for `editor.codeActionsOnSave` and the like.
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.dockfix")
}

/// Whether an action of `kind` is among those asked for (`only`; a kind asks for its
/// sub-kinds too: `source.fixAll` covers `source.fixAll.dockfix`).
pub fn wanted(kind: &CodeActionKind, only: Option<&[CodeActionKind]>) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|asked| {
            kind.as_str() == asked.as_str()
                || kind
                    .as_str()
                    .strip_prefix(asked.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// An action: a title, a kind and the edits it makes to the document.
#[derive(Debug, Clone)]
pub struct Action {
    pub title: String,
    pub kind: CodeActionKind,
    pub edits: Vec<TextEdit>,
    pub diagnostic: Option<lsp_types::Diagnostic>,
    pub preferred: bool,
}

impl Action {
    pub fn into_code_action(self, edit: lsp_types::WorkspaceEdit) -> CodeAction {
        CodeAction {
            title: self.title,
            kind: Some(self.kind),
            diagnostics: self.diagnostic.map(|d| vec![d]),
            edit: Some(edit),
            is_preferred: self.preferred.then_some(true),
            ..CodeAction::default()
        }
    }
}

/// The actions for the findings that touch `range`, and "fix all".
pub fn code_actions(
    document: &Document,
    analysis: &Analysis,
    range: Range<usize>,
    only: Option<&[CodeActionKind]>,
    encoding: Encoding,
) -> Vec<Action> {
    if analysis.blocked.is_some() {
        return Vec::new();
    }
    let text = &document.text;
    let dockerfile = Dockerfile::parse(text);
    let suppressions = Suppressions::parse(&dockerfile);
    let style = &analysis.setup.settings.style;
    let mut actions = Vec::new();
    let touching = analysis
        .findings
        .iter()
        .filter(|f| f.range.start <= range.end && range.start <= f.range.end);
    for finding in touching {
        let diagnostic = to_lsp(document, finding, encoding);
        if wanted(&CodeActionKind::QUICKFIX, only) {
            if let Some(action) = quick_fix(document, finding, &diagnostic, style, encoding) {
                actions.push(action);
            }
            if let Some(edit) = ignore_edit(document, &dockerfile, &suppressions, finding, encoding)
            {
                actions.push(Action {
                    title: format!(
                        "Ignore {} ({}) for this instruction",
                        finding.code, finding.name
                    ),
                    kind: CodeActionKind::QUICKFIX,
                    edits: vec![edit],
                    diagnostic: Some(diagnostic),
                    preferred: false,
                });
            }
        }
    }
    if wanted(&fix_all_kind(), only)
        && let Some(action) = fix_all(document, analysis, encoding)
    {
        actions.push(action);
    }
    actions
}

/// A finding's fix, written as `dockfix fix` would write it. Unsafe fixes are offered,
/// labelled, and never preferred.
fn quick_fix(
    document: &Document,
    finding: &Diagnostic,
    diagnostic: &lsp_types::Diagnostic,
    style: &crate::format::FormatOptions,
    encoding: Encoding,
) -> Option<Action> {
    let fix = finding.fix.as_ref()?;
    if fix.applicability == Applicability::DisplayOnly {
        return None;
    }
    let fixed = crate::review::fixed_text(&document.text, fix, style)?;
    let safe = fix.applicability == Applicability::Safe;
    let title = if safe {
        format!("{} ({})", fix.title, finding.code)
    } else {
        format!(
            "{} ({}, unsafe: may change what the image does)",
            fix.title, finding.code
        )
    };
    Some(Action {
        title,
        kind: CodeActionKind::QUICKFIX,
        edits: edits(document, &fixed, encoding),
        diagnostic: Some(diagnostic.clone()),
        preferred: safe,
    })
}

/// `# dockfix: ignore[CODE]` for the instruction the finding is on: the code added to the
/// dockfix comment already above it, or a new comment line with the instruction's indentation.
fn ignore_edit(
    document: &Document,
    dockerfile: &Dockerfile,
    suppressions: &Suppressions,
    finding: &Diagnostic,
    encoding: Encoding,
) -> Option<TextEdit> {
    let index = suppressions.instruction_at(finding.range.start)?;
    let existing = suppressions.list.iter().find(|s| {
        s.tool == Tool::Dockfix
            && s.scope == Scope::Instructions(index..index + 1)
            && s.list.is_some()
    });
    if let Some(suppression) = existing
        && let (Some(list), Codes::List(codes)) = (&suppression.list, &suppression.codes)
    {
        let mut names: Vec<&str> = codes.iter().map(|c| c.text.as_str()).collect();
        names.push(finding.code);
        return Some(TextEdit {
            range: document.range(list.clone(), encoding),
            new_text: format!("[{}]", names.join(", ")),
        });
    }
    let instruction = dockerfile.instructions.get(index)?;
    let code_start = dockerfile.instruction_range(instruction).start;
    let text = &document.text;
    let line_start = text[..code_start].rfind('\n').map_or(0, |i| i + 1);
    let indentation = &text[line_start..code_start];
    if !indentation.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Some(TextEdit {
        range: document.range(line_start..line_start, encoding),
        new_text: format!("{indentation}# dockfix: ignore[{}]{eol}", finding.code),
    })
}

/// Every safe fix (and the unsafe ones when the configuration allows them), as `dockfix
/// fix` applies them.
fn fix_all(document: &Document, analysis: &Analysis, encoding: Encoding) -> Option<Action> {
    let setup = &analysis.setup;
    let fixed = crate::engine::fix(&document.text, &setup.settings, setup.context())
        .ok()?
        .text?;
    let title = if setup.settings.unsafe_fixes {
        "Fix all dockfix problems (safe and, as configured, unsafe)"
    } else {
        "Fix all safe dockfix problems"
    };
    Some(Action {
        title: title.to_string(),
        kind: fix_all_kind(),
        edits: edits(document, &fixed, encoding),
        diagnostic: None,
        preferred: false,
    })
}

/// The document formatted (`selected`: only the instructions touching this byte range).
pub fn format(
    document: &Document,
    analysis: &Analysis,
    selected: Option<Range<usize>>,
    encoding: Encoding,
) -> Vec<TextEdit> {
    if analysis.blocked.is_some() {
        return Vec::new();
    }
    let dockerfile = Dockerfile::parse(&document.text);
    let style = &analysis.setup.settings.style;
    let formatted = match selected {
        None => crate::format::format(&dockerfile, style).ok().flatten(),
        Some(range) => {
            let touched: Vec<bool> = dockerfile
                .instructions
                .iter()
                .map(|instruction| {
                    let code = dockerfile.instruction_range(instruction);
                    code.start <= range.end && range.start <= code.end
                })
                .collect();
            crate::format::format_selected(&dockerfile, style, &|index| {
                touched.get(index).copied().unwrap_or(false)
            })
        }
    };
    formatted.map_or_else(Vec::new, |text| edits(document, &text, encoding))
}

/// The edits that turn the document into `new`: one per changed run of lines, so the
/// editor keeps the cursor and folds where nothing changed.
pub fn edits(document: &Document, new: &str, encoding: Encoding) -> Vec<TextEdit> {
    let old = document.text.as_str();
    let diff = similar::TextDiff::from_lines(old, new);
    let old_lines: Vec<&str> = diff.iter_old_slices().collect();
    let new_lines: Vec<&str> = diff.iter_new_slices().collect();
    let mut starts = Vec::with_capacity(old_lines.len() + 1);
    let mut offset = 0;
    for line in &old_lines {
        starts.push(offset);
        offset += line.len();
    }
    starts.push(offset);
    diff.ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .map(|op| {
            let old_range = op.old_range();
            let range = starts[old_range.start]..starts[old_range.end];
            TextEdit {
                range: document.range(range, encoding),
                new_text: new_lines[op.new_range()].concat(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edits: &[TextEdit]) -> String {
        let document = Document::new(text.to_string(), 1);
        let mut ranges: Vec<(Range<usize>, &str)> = edits
            .iter()
            .map(|e| {
                (
                    document.byte_range(e.range, Encoding::Utf16),
                    e.new_text.as_str(),
                )
            })
            .collect();
        ranges.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        let mut out = text.to_string();
        for (range, new_text) in ranges {
            out.replace_range(range, new_text);
        }
        out
    }

    #[test]
    fn edits_turn_the_text_into_the_new_one() {
        for (old, new) in [
            ("FROM a\nrun x\nCMD y\n", "FROM a\nRUN x\nCMD y\n"),
            ("FROM a\nRUN é\nRUN b", "FROM a\nRUN é \\\n    && b\n"),
            ("A\nB\nC\n", "C\n"),
            ("", "FROM a\n"),
        ] {
            let document = Document::new(old.to_string(), 1);
            let edits = edits(&document, new, Encoding::Utf16);
            assert_eq!(apply(old, &edits), new);
        }
    }

    #[test]
    fn kinds_cover_their_sub_kinds() {
        let only = [CodeActionKind::SOURCE_FIX_ALL];
        assert!(wanted(&fix_all_kind(), Some(&only)));
        assert!(!wanted(&CodeActionKind::QUICKFIX, Some(&only)));
        assert!(wanted(&CodeActionKind::QUICKFIX, None));
        assert!(!wanted(&CodeActionKind::new("source.fixAllx"), Some(&only)));
    }
}
