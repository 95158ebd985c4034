//! Suppression comments: the findings a file asks not to see, in the forms users already write.
//!
//! - `# dockfix: ignore[DF101, merge-runs]` on the comment lines directly above an
//!   instruction (no blank line between) suppresses those rules there; `# dockfix: ignore`
//!   alone suppresses every rule there. A reason may follow after `--`.
//! - `# dockfix: ignore-file[DF101]` (anywhere in the file) suppresses rules in the whole
//!   file; `# dockfix: ignore-file` every rule.
//! - hadolint's pragmas: `# hadolint ignore=DL3008,DL3015` above an instruction,
//!   `# hadolint global ignore=...` for the file, `# hadolint stage ignore=...` for the rest
//!   of the stage; the codes map to the rules whose aliases name them.
//! - BuildKit's `# check=skip=JSONArgsRecommended,...` parser directive (`skip=all`: every
//!   rule with a BuildKit counterpart), and `error=true`, which makes the findings of the
//!   rules with a BuildKit counterpart errors. A `# check=skip=...` comment anywhere else
//!   skips those checks for the next instruction, as BuildKit's linter reads the comments
//!   before an instruction: the first such comment since the previous instruction counts,
//!   blank lines between do not matter, and an empty `#` line forgets the comments above it.
//!
//! Codes in a dockfix comment are rule codes, names or aliases, in any case; hadolint's and
//! BuildKit's are matched exactly against the aliases. A finding is suppressed when its rule
//! is named and it is on a suppressed instruction, or its fix would change one.
//!
//! Suppression comments also hold rewrites back: a fix may not edit or move a suppression
//! comment, put anything between one and its instruction, or delete that instruction (the
//! comment would then apply to whatever follows). Such a fix is dropped and its finding is
//! reported without it. This module only reads the file; the rules live above it
//! (`passes::Context::run` applies these suppressions to each rule's findings).

mod comment;
pub mod hadolint_config;

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::Dockerfile;
use crate::syntax::{NodeKind, TokenKind};

pub use comment::{Code, Comment, HadolintScope, buildkit_check_comment, parse as parse_comment};

/// A rule as a suppression names it: its code, name and aliases in other tools.
#[derive(Debug, Clone, Copy)]
pub struct RuleIdentity<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub aliases: &'a [&'a str],
}

/// Which tool wrote the suppression: each names rules its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Dockfix,
    Hadolint,
    BuildKit,
}

/// The rules a suppression names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Codes {
    /// Every rule (for BuildKit's `skip=all`: every rule with a BuildKit counterpart).
    All,
    /// These codes, with their byte ranges in the source.
    List(Vec<Code>),
}

/// Where a suppression applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    File,
    /// These instructions (indices into `Dockerfile::instructions`).
    Instructions(Range<usize>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub tool: Tool,
    pub scope: Scope,
    pub codes: Codes,
    /// The comment's whole line, newline included (empty for BuildKit's directive).
    pub line: Range<usize>,
    /// The comment, from `#` to the end of the line (empty for BuildKit's directive).
    pub comment: Range<usize>,
    /// A dockfix comment's `[...]` in the source, when it has one.
    pub list: Option<Range<usize>>,
}

/// A `# check=...` comment BuildKit applies to the next instruction.
struct CheckComment<'a> {
    /// The comment's whole line.
    line: Range<usize>,
    /// From `#` to the end of the line.
    comment: Range<usize>,
    /// The check options in the source, and their text.
    value: Range<usize>,
    text: &'a str,
}

/// A `# dockfix:` comment that does not parse as a suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The comment (from `#`, without the newline).
    pub comment: Range<usize>,
    pub message: String,
}

/// Every suppression of a file, and the ranges fixes must leave alone.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    pub list: Vec<Suppression>,
    pub malformed: Vec<Malformed>,
    /// BuildKit's `check=error=true`.
    buildkit_error: bool,
    /// Each instruction's source range (code only, without its newline).
    instructions: Vec<Range<usize>>,
    /// Per instruction with suppression comments directly above it: its index, and where the
    /// first of those comments starts (nothing may be written from there to the instruction).
    attached: Vec<(usize, usize)>,
    /// The suppression comments' lines (no fix may edit them).
    comment_lines: Vec<Range<usize>>,
}

impl Suppressions {
    /// The suppressions a parsed file holds.
    pub fn parse(dockerfile: &Dockerfile) -> Self {
        let tree = &dockerfile.tree;
        let mut suppressions = Suppressions {
            instructions: dockerfile
                .instructions
                .iter()
                .map(|instruction| dockerfile.instruction_range(instruction))
                .collect(),
            ..Suppressions::default()
        };
        for directive in tree.directives.iter().filter(|d| d.name == "check") {
            suppressions.add_check_directive(&directive.value);
        }
        // The instruction that the comment lines before each node belong to.
        let mut instruction_of_node = vec![None; tree.nodes.len()];
        for (index, instruction) in dockerfile.instructions.iter().enumerate() {
            if let Some(slot) = instruction_of_node.get_mut(instruction.node) {
                *slot = Some(index);
            }
        }
        let froms: Vec<usize> = (0..dockerfile.instructions.len())
            .filter(|&i| dockerfile.instructions[i].keyword() == crate::model::Keyword::From)
            .collect();
        let mut block: Vec<(Range<usize>, Range<usize>, Comment)> = Vec::new();
        // The first `# check=...` comment since the previous instruction.
        let mut check_comment: Option<CheckComment> = None;
        for (node_index, node) in tree.nodes.iter().enumerate() {
            match node.kind {
                NodeKind::CommentLine => {
                    let line = tree.node_range(node);
                    let Some(token) = tree
                        .node_tokens(node)
                        .iter()
                        .find(|t| t.kind == TokenKind::Comment)
                    else {
                        continue;
                    };
                    let text = tree.text(token).trim_end_matches('\r');
                    let content = text.strip_prefix('#').unwrap_or(text).trim();
                    if content.is_empty() {
                        check_comment = None;
                    } else if check_comment.is_none()
                        && let Some(value) = buildkit_check_comment(content)
                    {
                        let start = token.start as usize;
                        let at = start + text.find(value).unwrap_or(0);
                        check_comment = Some(CheckComment {
                            line: line.clone(),
                            comment: start..start + text.len(),
                            value: at..at + value.len(),
                            text: value,
                        });
                    }
                    // Cheap test first: most comments are prose. Prose between a
                    // suppression comment and its instruction keeps them together.
                    if !names_a_linter(text) {
                        continue;
                    }
                    let start = token.start as usize;
                    if let Some(comment) = parse_comment(text) {
                        block.push((line, start..start + text.len(), comment));
                    }
                }
                NodeKind::Instruction => {
                    let instruction = instruction_of_node[node_index];
                    suppressions.add_block(std::mem::take(&mut block), instruction, &froms);
                    if let (Some(check), Some(index)) = (check_comment.take(), instruction) {
                        suppressions.add_check_comment(check, index);
                    }
                }
                _ => {
                    suppressions.add_block(std::mem::take(&mut block), None, &froms);
                }
            }
        }
        suppressions.add_block(block, None, &froms);
        suppressions
    }

    /// BuildKit's `check` directive.
    fn add_check_directive(&mut self, value: &str) {
        let Some(directive) = comment::parse_check_directive(value) else {
            return;
        };
        self.buildkit_error |= directive.error;
        let Some(codes) = directive.skipped(0..0) else {
            return;
        };
        self.list.push(Suppression {
            tool: Tool::BuildKit,
            scope: Scope::File,
            codes,
            line: 0..0,
            comment: 0..0,
            list: None,
        });
    }

    /// A `# check=skip=...` comment before instruction `index`: it skips those checks there
    /// (`error=true` in it changes nothing, as in BuildKit).
    fn add_check_comment(&mut self, check: CheckComment, index: usize) {
        let Some(codes) =
            comment::parse_check_directive(check.text).and_then(|d| d.skipped(check.value))
        else {
            return;
        };
        self.attached.push((index, check.line.start));
        self.comment_lines.push(check.line.clone());
        self.list.push(Suppression {
            tool: Tool::BuildKit,
            scope: Scope::Instructions(index..index + 1),
            codes,
            line: check.line,
            comment: check.comment,
            list: None,
        });
    }

    /// The suppression comments of one block of comment lines, followed by `instruction`
    /// (`None`: by a blank line or the end of the file).
    fn add_block(
        &mut self,
        block: Vec<(Range<usize>, Range<usize>, Comment)>,
        instruction: Option<usize>,
        froms: &[usize],
    ) {
        let Some(first) = block.first() else { return };
        if let Some(index) = instruction {
            self.attached.push((index, first.0.start));
        }
        for (line, text, comment) in block {
            self.comment_lines.push(line.clone());
            let absolute = |code: Code| Code {
                text: code.text,
                range: text.start + code.range.start..text.start + code.range.end,
            };
            let next = instruction.map(|i| i..i + 1);
            let (tool, scope, codes, list) = match comment {
                Comment::MalformedDockfix(message) => {
                    self.malformed.push(Malformed {
                        comment: text,
                        message,
                    });
                    continue;
                }
                Comment::Dockfix { file, codes, list } => {
                    let scope = match (file, next) {
                        (true, _) => Scope::File,
                        (false, Some(next)) => Scope::Instructions(next),
                        // An ignore with no instruction below it suppresses nothing.
                        (false, None) => Scope::Instructions(0..0),
                    };
                    let codes = match codes {
                        Some(codes) => Codes::List(codes.into_iter().map(absolute).collect()),
                        None => Codes::All,
                    };
                    let list = list.map(|r| text.start + r.start..text.start + r.end);
                    (Tool::Dockfix, scope, codes, list)
                }
                Comment::Hadolint { scope, codes } => {
                    let scope = match (scope, instruction) {
                        (HadolintScope::Global, _) => Scope::File,
                        (_, None) => Scope::Instructions(0..0),
                        (HadolintScope::Next, Some(i)) => Scope::Instructions(i..i + 1),
                        (HadolintScope::Stage, Some(i)) => {
                            let end = froms.iter().copied().find(|&f| f > i);
                            Scope::Instructions(i..end.unwrap_or(self.instructions.len()))
                        }
                    };
                    let codes = Codes::List(codes.into_iter().map(absolute).collect());
                    (Tool::Hadolint, scope, codes, None)
                }
            };
            self.list.push(Suppression {
                tool,
                scope,
                codes,
                line,
                comment: text,
                list,
            });
        }
    }

    /// Whether any suppression comment sits directly above instruction `index`. Rewrites that
    /// join instructions keep such an instruction apart, so the comment keeps its meaning.
    pub fn has_comment_above(&self, index: usize) -> bool {
        self.attached.iter().any(|&(i, _)| i == index)
    }

    /// The instruction whose source contains `offset`.
    pub fn instruction_at(&self, offset: usize) -> Option<usize> {
        let after = self.instructions.partition_point(|r| r.start <= offset);
        let index = after.checked_sub(1)?;
        (offset <= self.instructions[index].end).then_some(index)
    }

    /// Whether `suppression` covers a finding of `rule` at `range` with `fix`.
    pub fn covers(
        &self,
        suppression: &Suppression,
        rule: RuleIdentity,
        range: &Range<usize>,
        fix: Option<&Fix>,
    ) -> bool {
        names(suppression, rule) && self.in_scope(&suppression.scope, range, fix)
    }

    /// Whether a finding at `range` with `fix` is in `scope`: on one of its instructions, or
    /// with a fix that would change one.
    pub fn in_scope(&self, scope: &Scope, range: &Range<usize>, fix: Option<&Fix>) -> bool {
        let instructions = match scope {
            Scope::File => return true,
            Scope::Instructions(instructions) => instructions.clone(),
        };
        let at = self.instruction_at(range.start);
        if at.is_some_and(|i| instructions.contains(&i)) {
            return true;
        }
        fix.is_some_and(|fix| {
            instructions
                .filter_map(|i| self.instructions.get(i))
                .any(|code| fix.edits.iter().any(|edit| changes(edit, code)))
        })
    }

    /// Drop the findings of `rule` from `diagnostics[first..]` that a suppression covers,
    /// take away the fixes that would disturb a suppression comment (unless
    /// `may_edit_comments`: the rule that removes unused suppressions), and make findings
    /// errors where BuildKit's `check=error=true` asks.
    pub fn filter(
        &self,
        rule: RuleIdentity,
        diagnostics: &mut Vec<Diagnostic>,
        first: usize,
        may_edit_comments: bool,
    ) {
        if self.list.is_empty() && self.comment_lines.is_empty() && !self.buildkit_error {
            return;
        }
        let tail = diagnostics.split_off(first.min(diagnostics.len()));
        let buildkit_error = self.buildkit_error && rule_has_buildkit_check(rule);
        for mut diagnostic in tail {
            // A comment does not suppress a finding about itself (an unused suppression).
            let suppressed = self.list.iter().any(|suppression| {
                !suppression.comment.contains(&diagnostic.range.start)
                    && self.covers(
                        suppression,
                        rule,
                        &diagnostic.range,
                        diagnostic.fix.as_ref(),
                    )
            });
            if suppressed {
                continue;
            }
            if !may_edit_comments && diagnostic.fix.as_ref().is_some_and(|f| self.disturbs(f)) {
                diagnostic.fix = None;
            }
            if buildkit_error {
                diagnostic.severity = Severity::Error;
            }
            diagnostics.push(diagnostic);
        }
    }

    /// Whether a fix would edit or move a suppression comment, write between one and its
    /// instruction, or delete that instruction.
    pub fn disturbs(&self, fix: &Fix) -> bool {
        fix.edits.iter().any(|edit| {
            let (start, end) = (edit.range.start, edit.range.end);
            let overlaps = |r: &Range<usize>| {
                if start < end {
                    start < r.end && end > r.start
                } else {
                    r.start < start && start < r.end
                }
            };
            self.comment_lines.iter().any(overlaps)
                || self.attached.iter().any(|&(index, gap_start)| {
                    let Some(code) = self.instructions.get(index) else {
                        return false;
                    };
                    let into_gap = if start < end {
                        start < code.start && end > gap_start
                    } else {
                        gap_start < start && start <= code.start
                    };
                    into_gap || (start <= code.start && end >= code.end)
                })
        })
    }
}

/// Whether `edit` changes the instruction whose code is at `code`: it overlaps it, or writes
/// text inside it or right at either end (a deletion next to it leaves it as it is).
fn changes(edit: &crate::diagnostic::Edit, code: &Range<usize>) -> bool {
    let (start, end) = (edit.range.start, edit.range.end);
    (start < code.end && end > code.start)
        || (!edit.replacement.is_empty() && start <= code.end && end >= code.start)
}

/// Whether a suppression names `rule`.
pub fn names(suppression: &Suppression, rule: RuleIdentity) -> bool {
    match (&suppression.codes, suppression.tool) {
        (Codes::All, Tool::BuildKit) => rule_has_buildkit_check(rule),
        (Codes::All, _) => true,
        (Codes::List(codes), tool) => codes.iter().any(|code| code_names(tool, &code.text, rule)),
    }
}

/// Whether `code`, written in a comment of `tool`, names `rule`.
pub fn code_names(tool: Tool, code: &str, rule: RuleIdentity) -> bool {
    match tool {
        Tool::Dockfix => {
            code.eq_ignore_ascii_case(rule.code)
                || code.eq_ignore_ascii_case(rule.name)
                || rule.aliases.iter().any(|a| a.eq_ignore_ascii_case(code))
        }
        Tool::Hadolint => rule.aliases.contains(&code),
        // BuildKit knows its own check names only.
        Tool::BuildKit => !is_hadolint_code(code) && rule.aliases.contains(&code),
    }
}

fn rule_has_buildkit_check(rule: RuleIdentity) -> bool {
    rule.aliases.iter().any(|alias| !is_hadolint_code(alias))
}

/// hadolint's codes are `DL` or `SC` and digits; BuildKit's check names are words.
pub fn is_hadolint_code(code: &str) -> bool {
    code.len() > 2
        && (code.starts_with("DL") || code.starts_with("SC"))
        && code[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` contains `dockfix`, `Dockfix`, `DOCKFIX` or `hadolint`: the words every
/// suppression comment has. One scan for their first letters, where four substring
/// searches cost more than the rest of reading the comments.
fn names_a_linter(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'd', b'D', b'h', bytes).any(|at| {
        let rest = &bytes[at..];
        ["dockfix", "Dockfix", "DOCKFIX", "hadolint"]
            .iter()
            .any(|word| rest.starts_with(word.as_bytes()))
    })
}

#[cfg(test)]
mod tests;
