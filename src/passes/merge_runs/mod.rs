mod related;

use std::ops::Range;

use super::chain;
use super::shell_run::ShellRun;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::settings::MergePolicy;
use crate::shell::command::Operator;
use crate::shell::vocabulary::{command_changes_state, program_start};
use related::{Relation, relation};

rule! {
    /// Merge consecutive RUN instructions that do one job into one layer.
    ///
    /// ## What it does
    /// Joins RUN instructions that follow each other in a stage and belong together into
    /// one RUN, chaining their commands with `&&` on continuation lines, one command per
    /// line at one indentation level (what a RUN nested inside one command, such as a
    /// package list, stays nested). Comments between them are kept (as comment lines
    /// inside the continuation, which BuildKit skips).
    ///
    /// What belongs together (the default, `[rules.merge-runs] policy = "related"`):
    /// - a package manager's index update and the install that uses it
    ///   (`RUN apt-get update` then `RUN apt-get install -y curl`);
    /// - a RUN that only cleans up after the RUN before it (an `rm` of files that RUN names,
    ///   `apt-get purge`, `apk del` or a cache cleanup of a package manager it ran) and that
    ///   RUN: the files it deletes then never reach a layer;
    /// - a download (curl, wget, `git clone`) and the RUN that unpacks, runs or deletes the
    ///   file it wrote;
    /// - consecutive installs with one package manager (apt, apk, yum, dnf, zypper) that
    ///   differ only in their packages: one install of all of them (an unsafe fix).
    ///
    /// What it leaves alone, and why: RUNs that do unrelated work (they are separate
    /// build-cache steps, and easier to read and change one at a time; merging them saves
    /// a layer and nothing else); every RUN of a stage whose layers never ship (a stage
    /// only used by `COPY --from` or `RUN --mount=from=`: its layer count and caches do not
    /// reach any image); a RUN with a suppression comment directly above it (`# dockfix:
    /// ignore[...]`, `# hadolint ignore=...`): the comment keeps applying to exactly that RUN,
    /// under either policy. `policy = "all"` merges every run of
    /// consecutive RUNs that can be merged safely, in every stage.
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
    ///   `( ... )` so that the state stays inside it, as it did; a command that is already
    ///   in a subshell, or that only has prefix assignments (`DEBIAN_FRONTEND=noninteractive
    ///   apt-get install ...`, which reach that one command), needs none;
    /// - a later part whose own top level has `;` or `||` is grouped with `{ ...; }`, so that
    ///   a failure before it still stops the build (a subshell or group already is one);
    /// - RUNs are kept apart when they differ in flags (`--mount`, `--network`,
    ///   `--security`, `--device`), have a mount whose files a RUN does not pass to the next
    ///   (a tmpfs, a writable bind mount, a cache seeded `from=` a stage or an image), are
    ///   in exec (JSON) form, have heredocs, run under a
    ///   non-POSIX shell, are ONBUILD triggers, contain `set` (errexit does not apply on the
    ///   left of `&&`), a background job (`&`), a shell comment (it would swallow what
    ///   follows), or end with an operator; and, under a SHELL with `-e`, when a subshell or
    ///   group would be needed.
    ///
    /// Combining installs is unsafe: the package manager resolves the packages together
    /// rather than one install after the other, which can choose other versions or refuse
    /// a conflict that the second install would have resolved by removing a package.
    pub struct MergeRuns {
        code: "DF101",
        name: "merge-runs",
        severity: Info,
        fix: Sometimes,
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
    /// Its packages join an earlier part's install instead: (that part, its install
    /// command, the packages in this RUN's script).
    combined: Option<(usize, usize, Vec<Range<usize>>)>,
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
            index = next.max(index + 1);
            if group.len() < 2 {
                continue;
            }
            let groups = match context.merge_policy {
                MergePolicy::All => vec![group],
                MergePolicy::Related if context.layers_ship(group[0].run.index) => {
                    related_groups(context, group)
                }
                MergePolicy::Related => continue,
            };
            for group in groups.iter().filter(|group| group.len() > 1) {
                if let Some(diagnostic) = self.merge(context, group) {
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
}

/// The runs of parts each related to the one before it (see `related::relation`).
fn related_groups<'c, 'a>(context: &Context, parts: Vec<Part<'c, 'a>>) -> Vec<Vec<Part<'c, 'a>>> {
    let mut groups: Vec<Vec<Part>> = Vec::new();
    for mut part in parts {
        let joined = groups.last_mut().and_then(|group| {
            let previous = group.last()?;
            match relation(context, previous.run, part.run)? {
                Relation::Continues => Some(group),
                Relation::Combines { into, packages } => {
                    // Into the install the previous part joined, if it was combined itself.
                    let target = match &previous.combined {
                        Some((target, command, _)) => (*target, *command),
                        None => (group.len() - 1, into),
                    };
                    part.combined = Some((target.0, target.1, packages));
                    Some(group)
                }
            }
        });
        match joined {
            Some(group) => group.push(part),
            None => groups.push(vec![part]),
        }
    }
    groups
}

impl MergeRuns {
    fn merge(&self, context: &Context, group: &[Part]) -> Option<Diagnostic> {
        let kept: Vec<usize> = (0..group.len())
            .filter(|&i| group[i].combined.is_none())
            .collect();
        let last_kept = *kept.last()?;
        let wraps_needed = kept.iter().enumerate().any(|(position, &i)| {
            (group[i].stateful && i != last_kept) || (group[i].sequence && position > 0)
        });
        if wraps_needed && errexit_shell(context, group[0].run.index) {
            return None;
        }
        let wrap = |position: usize, i: usize| -> (&str, &str) {
            let part = &group[i];
            if part.stateful && i != last_kept {
                ("( ", " )")
            } else if part.sequence && position > 0 {
                ("{ ", "; }")
            } else {
                ("", "")
            }
        };
        let mut edits = Vec::new();
        // The first RUN's lines stay as the author wrote them; the others join its chain in
        // its indentation.
        let unit = chain::own_indent(context, group[kept[0]].run);
        for (position, &i) in kept.iter().enumerate() {
            let run = group[i].run;
            let (open, close) = wrap(position, i);
            let start = context.span(run.instruction, run.range.clone()).start;
            let indents = if position == 0 {
                Vec::new()
            } else {
                chain::indent_part(context, run, false, &unit)
            };
            edits.extend(combined_packages(context, group, i, &indents));
            edits.extend(indents);
            if position == 0 {
                if !open.is_empty() {
                    edits.push(Edit::insert(start, open));
                }
                continue;
            }
            let previous = kept[position - 1];
            let (_, previous_close) = wrap(position - 1, previous);
            let previous_end = context.code_end(group[previous].run.instruction);
            let comments = context.comments_in(previous_end..start);
            edits.push(Edit::replace(
                previous_end..start,
                format!(
                    "{previous_close}{}{open}",
                    chain::junction(context, &comments, &unit)
                ),
            ));
            if i == last_kept && !close.is_empty() {
                edits.push(Edit::insert(context.code_end(run.instruction), close));
            }
        }
        // Combined RUNs after the last chained one: gone, their comments kept in place.
        if last_kept + 1 < group.len() {
            let from = context.code_end(group[last_kept].run.instruction);
            let to = context.code_end(group[group.len() - 1].run.instruction);
            let eol = context.eol();
            let comments: String = context
                .comments_in(from..to)
                .iter()
                .map(|comment| format!("{eol}{comment}"))
                .collect();
            edits.push(Edit::replace(from..to, comments));
        }
        edits.sort_by_key(|edit| (edit.range.start, edit.range.end));

        let combines = kept.len() < group.len();
        let span = context.keyword_span(group[1].run.instruction);
        let message = if combines {
            format!(
                "{} consecutive RUN instructions install with one package manager: combine them into one install",
                group.len()
            )
        } else {
            format!(
                "{} consecutive RUN instructions: merge them into one layer",
                group.len()
            )
        };
        let mut diagnostic = self.diagnostic(message, span);
        diagnostic.fix = Some(if combines {
            Fix::new(Applicability::Unsafe, "Combine the installs", edits)
        } else {
            Fix::safe("Merge into one RUN", edits)
        });
        Some(diagnostic)
    }
}

/// The edits adding the packages of the parts combined into part `target`'s install, at its
/// end: on its line, or one per line when its packages are on lines of their own.
/// `indents` are the target's re-indentation edits (a new line takes its neighbour's).
fn combined_packages(
    context: &Context,
    group: &[Part],
    target: usize,
    indents: &[Edit],
) -> Vec<Edit> {
    let run = group[target].run;
    let mut edits = Vec::new();
    for part in &group[target + 1..] {
        let Some((into_part, into, packages)) = &part.combined else {
            continue;
        };
        if *into_part != target {
            continue;
        }
        let command = &run.script.commands[*into];
        let Some(last_word) = command.words.last() else {
            continue;
        };
        let at = run.span(context, last_word.clone()).end;
        let first_line = run.span(context, command.range.clone()).start;
        let source = context.source();
        let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
        let on_own_lines = first_line < line_start;
        let indent_end = line_start + source[line_start..at].len()
            - source[line_start..at].trim_start_matches([' ', '\t']).len();
        let indent = indents
            .iter()
            .find(|edit| edit.range == (line_start..indent_end))
            .map_or(&source[line_start..indent_end], |edit| {
                edit.replacement.as_str()
            });
        let escape = context.dockerfile.tree.escape.char();
        let eol = context.eol();
        let text: String = packages
            .iter()
            .map(|package| {
                let package = &part.run.text[package.clone()];
                if on_own_lines {
                    format!(" {escape}{eol}{indent}{package}")
                } else {
                    format!(" {package}")
                }
            })
            .collect();
        edits.push(Edit::insert(at, text));
    }
    edits
}

/// The RUN at `index` as a part of a merge, if it may join one (with flags like `first`'s).
fn mergeable<'c, 'a>(
    context: &'c Context<'a>,
    index: usize,
    first: Option<&crate::model::Command>,
) -> Option<Part<'c, 'a>> {
    // A suppression comment above a RUN (`# dockfix: ignore[...]`, `# hadolint ignore=`)
    // keeps applying to exactly that RUN: it merges with nothing.
    if context.has_suppression_above(index) {
        return None;
    }
    let run = context.shell_run(index)?;
    if run.onbuild || !mounts_keep_state(run) {
        return None;
    }
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
        || run.refuses_appending()
        || script
            .operators
            .iter()
            .any(|(op, _, _)| *op == Operator::Background)
    {
        return None;
    }
    // The command each simple command runs, after its prefix assignments (`A=1 set -e`).
    let programs: Vec<&str> = script
        .commands
        .iter()
        .filter_map(|c| {
            let words = script.words(run.text, c);
            program_start(&words).map(|start| words[start])
        })
        .collect();
    if script.commands.is_empty() || programs.contains(&"set") {
        return None;
    }
    let subshells = subshells(run);
    let stateful = run.text.contains("()")
        || script.commands.iter().any(|command| {
            let contained = subshells.as_ref().is_some_and(|subshells| {
                subshells
                    .iter()
                    .any(|s| s.start < command.range.start && command.range.end <= s.end)
            });
            !contained && command_changes_state(&script.words(run.text, command))
        });
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
        combined: None,
    })
}

/// Whether the RUN's mounts hold the same files for the commands of a merged RUN as they
/// did for each RUN: not a tmpfs (empty for each RUN), a writable bind mount or a cache
/// seeded `from=` a stage or image (writes to them do not reach the next RUN).
fn mounts_keep_state(run: &ShellRun) -> bool {
    run.command
        .flags
        .iter()
        .filter(|flag| flag.name() == "mount")
        .all(|flag| {
            let spec = flag.value().unwrap_or("");
            let fields: Vec<(&str, &str)> = spec
                .split(',')
                .map(|field| field.split_once('=').unwrap_or((field, "")))
                .collect();
            let kind = fields
                .iter()
                .find(|(key, _)| *key == "type")
                .map_or("bind", |(_, value)| value);
            let has = |key: &str| fields.iter().any(|(k, _)| *k == key);
            match kind {
                "cache" => !has("from"),
                "bind" => !has("rw") && !has("readwrite"),
                "secret" | "ssh" => true,
                _ => false,
            }
        })
}

/// The `( ... )` subshells of a script, as ranges from `(` to `)`; `None` when the
/// parentheses may be `case` patterns or do not balance.
fn subshells(run: &ShellRun) -> Option<Vec<Range<usize>>> {
    let script = &run.script;
    if !run.text.contains('(') {
        return Some(Vec::new());
    }
    if run.text.contains("esac") {
        return None;
    }
    // Outside the commands (their words, quotes and substitutions) and the operators, a
    // parenthesis opens or closes a subshell.
    let mut inside = vec![false; run.text.len()];
    let ranges = script
        .commands
        .iter()
        .map(|command| command.range.clone())
        .chain(script.operators.iter().map(|(_, range, _)| range.clone()));
    for range in ranges {
        inside[range].fill(true);
    }
    let mut open = Vec::new();
    let mut found = Vec::new();
    for (at, byte) in run.text.bytes().enumerate() {
        match byte {
            b'(' if !inside[at] => open.push(at),
            b')' if !inside[at] => found.push(open.pop()?..at + 1),
            _ => {}
        }
    }
    open.is_empty().then_some(found)
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
