use super::shell_run::ShellRun;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::shell::command::Operator;
use crate::shell::vocabulary::command_changes_state;

rule! {
    /// Merge consecutive RUN instructions into one layer.
    ///
    /// ## What it does
    /// Joins RUN instructions that follow each other in a stage into one RUN, chaining
    /// their commands with `&&` on continuation lines. Comments between them are kept (as
    /// comment lines inside the continuation, which BuildKit skips).
    ///
    /// ## Why is this bad?
    /// Each RUN is a layer: files one RUN creates and the next deletes still take space in
    /// the image, and caches (such as apt's index) survive unless cleaned in the same RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update
    /// RUN apt-get install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update \
    ///     && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the merged RUN runs the same commands in the same order and fails where one of
    /// the originals would have failed. Each RUN used to start a fresh shell, so:
    /// - a command that changes the shell's state for the commands after it (`cd`, `export`,
    ///   a variable assignment, `source`/`.`, `umask`, `ulimit`, `shopt`, `alias`, `unset`,
    ///   `trap`, `exec`, `exit`, a function definition, ...) is wrapped in a subshell
    ///   `( ... )` so that the state stays inside it, as it did;
    /// - a later part whose own top level has `;` or `||` is grouped with `{ ...; }`, so that
    ///   a failure before it still stops the build;
    /// - RUNs are kept apart when they differ in flags (`--mount`, `--network`,
    ///   `--security`, `--device`), are in exec (JSON) form, have heredocs, run under a
    ///   non-POSIX shell, contain `set` (errexit does not apply on the left of `&&`),
    ///   a background job (`&`), a shell comment (it would swallow what follows), or end
    ///   with an operator; and, under a SHELL with `-e`, when a subshell or group would be needed.
    /// - a RUN with a suppression comment directly above it (`# dockfix: ignore[...]`,
    ///   `# hadolint ignore=...`) merges with nothing: the comment keeps applying to exactly
    ///   that RUN.
    pub struct MergeRuns {
        code: "DF101",
        name: "merge-runs",
        severity: Info,
        fix: Safe,
        aliases: ["DL3059"],
    }
}

/// How one RUN is inserted in the chain.
struct Part<'c, 'a> {
    run: &'c ShellRun<'a>,
    /// Changes shell state: needs `( ... )` unless it is the last part.
    stateful: bool,
    /// Has `;` or `||` at its top level: needs grouping unless it is the first part.
    sequence: bool,
}

impl Rule for MergeRuns {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        let mut index = 0;
        while index < instructions.len() {
            let mut group: Vec<Part> = Vec::new();
            let mut next = index;
            while let Some(part) = mergeable(context, next, group.first().map(|p| p.run.command)) {
                group.push(part);
                next += 1;
            }
            if group.len() < 2 {
                index += 1;
                continue;
            }
            let errexit = errexit_shell(context, index);
            let last = group.len() - 1;
            let wraps_needed = group
                .iter()
                .enumerate()
                .any(|(i, p)| (p.stateful && i < last) || (p.sequence && i > 0));
            if !(errexit && wraps_needed)
                && let Some(diagnostic) = self.merge(context, &group)
            {
                diagnostics.push(diagnostic);
            }
            index = next;
        }
    }
}

impl MergeRuns {
    fn merge(&self, context: &Context, group: &[Part]) -> Option<Diagnostic> {
        let last = group.len() - 1;
        let wrap = |i: usize, part: &Part| -> (&str, &str) {
            if part.stateful && i < last {
                ("( ", " )")
            } else if part.sequence && i > 0 {
                ("{ ", "; }")
            } else {
                ("", "")
            }
        };
        let mut edits = Vec::new();
        for (i, part) in group.iter().enumerate() {
            let (open, close) = wrap(i, part);
            let start = context
                .span(part.run.instruction, part.run.range.clone())
                .start;
            let end = context.code_end(part.run.instruction);
            if i == 0 {
                if !open.is_empty() {
                    edits.push(Edit::insert(start, open));
                }
                continue;
            }
            let previous = &group[i - 1];
            let (_, previous_close) = wrap(i - 1, previous);
            let previous_end = context.code_end(previous.run.instruction);
            let comments = context.comments_in(previous_end..start);
            let junction = context.and_then(&comments);
            edits.push(Edit::replace(
                previous_end..start,
                format!("{previous_close}{junction}{open}"),
            ));
            if i == last && !close.is_empty() {
                edits.push(Edit::insert(end, close));
            }
        }
        let first = &group[1].run;
        let span = context.keyword_span(first.instruction);
        let message = format!(
            "{} consecutive RUN instructions: merge them into one layer",
            group.len()
        );
        let mut diagnostic = self.diagnostic(message, span);
        diagnostic.fix = Some(Fix::safe("Merge into one RUN", edits));
        Some(diagnostic)
    }
}

/// The RUN at `index` as a part of a merge, if it may join one (with flags like `first`'s).
fn mergeable<'c, 'a>(
    context: &'c Context<'a>,
    index: usize,
    first: Option<&crate::model::Command>,
) -> Option<Part<'c, 'a>> {
    if context.has_suppression_above(index) {
        return None;
    }
    let run = context.shell_run(index)?;
    if let Some(first) = first {
        let flags =
            |c: &crate::model::Command| c.flags.iter().map(|f| f.text.clone()).collect::<Vec<_>>();
        if flags(first) != flags(run.command) {
            return None;
        }
    }
    let script = &run.script;
    // A comment would swallow what is appended; `&` would run on in the background;
    // `set` (errexit) does not apply on the left of `&&`.
    if script.comment.is_some()
        || run.ends_with_operator()
        || script
            .operators
            .iter()
            .any(|(op, _, _)| *op == Operator::Background)
    {
        return None;
    }
    let first_words: Vec<&str> = script
        .commands
        .iter()
        .filter_map(|c| c.words.first().map(|w| &run.text[w.clone()]))
        .collect();
    if first_words.is_empty() || first_words.contains(&"set") {
        return None;
    }
    let stateful = script
        .commands
        .iter()
        .any(|command| command_changes_state(&script.words(run.text, command)))
        || run.text.contains("()");
    let sequence = script.top_level_operators().any(|op| {
        matches!(
            op,
            Operator::Semicolon | Operator::Or | Operator::DoubleSemicolon
        )
    });
    Some(Part {
        run,
        stateful,
        sequence,
    })
}

/// Whether the stage's SHELL runs with errexit (`-e`, `-o errexit`).
fn errexit_shell(context: &Context, index: usize) -> bool {
    context.shell_at(index).is_some_and(|shell| {
        shell.iter().skip(1).any(|arg| {
            (arg.starts_with('-') && !arg.starts_with("--") && arg.contains('e') && arg != "-c")
                || arg == "errexit"
        })
    })
}
