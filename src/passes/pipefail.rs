use foldhash::{HashSet, HashSetExt};
use std::ops::Range;

use super::run_commands::{base_image, commands_of, has_bash};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::shell::command::{Operator, Script};
use crate::shell::vocabulary::{executable_name, has_flag};

rule! {
    /// Set `-o pipefail` before a RUN with a pipe.
    ///
    /// ## What it does
    /// Reports a RUN with a pipe (`curl ... | tar x`, also inside `$(...)` and backquotes) when the SHELL in effect does not set
    /// `-o pipefail`: the default `/bin/sh -c`, or a SHELL that is not bash, zsh or ash
    /// with `-o pipefail` (`SHELL ["/bin/bash", "-eo", "pipefail", "-c"]` counts). The
    /// SHELL of a stage built FROM an earlier stage is the earlier stage's; hadolint starts
    /// every stage afresh and so reports those RUNs too. A RUN that runs `set -o pipefail`
    /// itself before its first pipe is not reported (hadolint reports it). Not checked: a
    /// non-POSIX SHELL (PowerShell, cmd), ONBUILD triggers (as hadolint), and RUNs with
    /// heredocs (hadolint reads their scripts; dockfix does not parse them yet).
    ///
    /// ## Why is this bad?
    /// A pipeline's status is its last command's: `curl https://x | tar xz` succeeds when
    /// the download fails and `tar` reads an empty input, and the build goes on with a
    /// broken layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSL https://example.com/x.tgz | tar xz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/x.tgz | tar xz
    /// ```
    ///
    /// ## Fix safety
    /// Offered on the first reported RUN of a stage, when no SHELL is in effect, the stage
    /// starts from an image known to have bash (Debian, Ubuntu, Red Hat family images and
    /// the official language images built on them, not their alpine variants) and no
    /// suppression comment sits above the RUN: `SHELL ["/bin/bash", "-o", "pipefail",
    /// "-c"]` before it. Unsafe: every later RUN of the stage, and its shell-form CMD,
    /// ENTRYPOINT and HEALTHCHECK (and those of stages built FROM it), then run under bash
    /// with pipefail, where a pipeline whose first command is stopped early
    /// (`yes | apt-get ...`, `... | head -1`) now fails.
    pub struct Pipefail {
        code: "DF806",
        name: "pipefail",
        severity: Warning,
        fix: Unsafe,
        aliases: ["DL4006"],
    }
}

/// Shells whose `-o pipefail` hadolint counts.
const PIPEFAIL_SHELLS: [&str; 3] = ["bash", "zsh", "ash"];

impl Rule for Pipefail {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        // Stages that already got the fix (one SHELL per stage is enough).
        let mut fixed: HashSet<Option<usize>> = HashSet::new();
        for index in 0..context.instructions().len() {
            let Some(run) = context.shell_run(index).filter(|run| !run.onbuild) else {
                continue;
            };
            let Some(pipe) = first_pipe(&run.script, run.text) else {
                continue;
            };
            let shell = context.shell_at(index);
            if shell.as_deref().is_some_and(sets_pipefail) {
                continue;
            }
            // `set -o pipefail` (`set -euo pipefail`) before the first pipe does the same.
            let sets_it_first = commands_of(run).any(|command| {
                command.program() == "set"
                    && command.command().range.end <= pipe.start
                    && sets_pipefail_option(command.arguments())
            });
            if sets_it_first {
                continue;
            }
            let span = run.span(context, pipe);
            let mut diagnostic = self.diagnostic(
                "a pipe without `-o pipefail`: a failure before the last command goes unnoticed"
                    .to_string(),
                span,
            );
            let stage = context.stages.index_of(index);
            if shell.is_none()
                && base_image(context, index).is_some_and(has_bash)
                && !context.has_suppression_above(index)
                && fixed.insert(stage)
            {
                diagnostic.fix = shell_fix(context, index);
            }
            diagnostics.push(diagnostic);
        }
    }
}

/// The range of the script's first pipe: a `|` operator, or the word holding a command
/// substitution with one (`"$(dpkg --print-architecture | awk ...)"`).
fn first_pipe(script: &Script, text: &str) -> Option<Range<usize>> {
    let operator = script
        .operators
        .iter()
        .find(|(operator, _, _)| *operator == Operator::Pipe)
        .map(|(_, range, _)| range.clone());
    // Most scripts hold no substitution: one scan of the text says so.
    let substituting = text.contains("$(") || text.contains('`');
    let substitution = substituting
        .then(|| {
            script
                .commands
                .iter()
                .flat_map(|command| &command.words)
                // A substitution after the first `|` operator cannot come first.
                .take_while(|word| operator.as_ref().is_none_or(|pipe| word.start < pipe.start))
                .find(|word| {
                    let word = &text[(*word).clone()];
                    (word.contains("$(") || word.contains('`'))
                        && substitutions(word).any(|inner| {
                            // Parsed only when it could hold a pipe, at any depth.
                            inner.contains('|')
                                && Script::parse(inner).is_some_and(|inner_script| {
                                    first_pipe(&inner_script, inner).is_some()
                                })
                        })
                })
                .cloned()
        })
        .flatten();
    match (operator, substitution) {
        (Some(a), Some(b)) => Some(if a.start < b.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The scripts inside `$(...)` and backquotes in a word (not in single quotes, not
/// `$((...))` arithmetic).
fn substitutions(word: &str) -> impl Iterator<Item = &str> {
    let bytes = word.as_bytes();
    let mut found = Vec::new();
    let (mut i, mut single, mut double) = (0, false, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if !single => i += 1,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'$' if !single
                && bytes.get(i + 1) == Some(&b'(')
                && bytes.get(i + 2) != Some(&b'(') =>
            {
                let start = i + 2;
                let mut depth = 1;
                let mut end = start;
                while end < bytes.len() {
                    match bytes[end] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    end += 1;
                }
                if depth == 0 {
                    found.push(&word[start..end]);
                }
                i = end;
            }
            b'`' if !single => {
                let start = i + 1;
                let Some(length) = word[start..].find('`') else {
                    break;
                };
                found.push(&word[start..start + length]);
                i = start + length;
            }
            _ => {}
        }
        i += 1;
    }
    found.into_iter()
}

/// Whether a SHELL (`["/bin/bash", "-o", "pipefail", "-c"]`) sets pipefail.
fn sets_pipefail(shell: &[String]) -> bool {
    let Some((program, arguments)) = shell.split_first() else {
        return false;
    };
    let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
    PIPEFAIL_SHELLS.contains(&executable_name(program)) && sets_pipefail_option(&arguments)
}

/// `-o pipefail`, `-eo pipefail`, `-o errexit -o pipefail`.
fn sets_pipefail_option(arguments: &[&str]) -> bool {
    has_flag(arguments, "o", &[]) && arguments.contains(&"pipefail")
}

fn shell_fix(context: &Context, index: usize) -> Option<Fix> {
    let instruction = context.instructions().get(index)?;
    let source = context.source();
    let line = context.line_range(instruction).start;
    let keyword = context.keyword_span(instruction);
    let indent = source.get(line..keyword.start)?;
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let lower = source
        .get(keyword)
        .is_some_and(|k| k.chars().all(|c| c.is_ascii_lowercase()));
    let shell = if lower { "shell" } else { "SHELL" };
    let eol = context.eol();
    Some(Fix::unsafe_(
        "Run the stage's RUNs under bash with pipefail",
        vec![Edit::insert(
            line,
            format!("{indent}{shell} [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]{eol}"),
        )],
    ))
}
