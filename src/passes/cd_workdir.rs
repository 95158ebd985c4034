use super::run_commands::{RunCommand, commands_of};
use super::shell_run::ShellRun;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::shell::command::Operator;

rule! {
    /// Use WORKDIR to change folder, not `cd` in a RUN.
    ///
    /// ## What it does
    /// Reports a RUN that runs `cd` (once per RUN, at its first `cd`), as hadolint does:
    /// in a subshell too. Like hadolint's, it does not look at ONBUILD triggers.
    ///
    /// ## Why is this bad?
    /// A `cd` lasts for one RUN: the next instruction starts in the WORKDIR again, which
    /// readers (and later edits that split the RUN) easily forget. WORKDIR says once where
    /// the following instructions run, and creates the folder.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN cd /app && make install
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// WORKDIR /app
    /// RUN make install
    /// ```
    ///
    /// ## Fix safety
    /// Offered only where the RUN starts with `cd /absolute/folder &&` (a plain path, no
    /// variables), nothing after it goes back with `cd -`, and no suppression comment sits
    /// above the RUN: a `WORKDIR` line goes before the RUN and the `cd` leaves it. Unsafe:
    /// the WORKDIR also holds for every later instruction of the stage (relative COPY
    /// destinations, later RUNs, CMD), and it creates the folder where `cd` would have
    /// failed.
    pub struct CdWorkdir {
        code: "DF802",
        name: "cd-to-workdir",
        severity: Warning,
        fix: Unsafe,
        aliases: ["DL3003"],
    }
}

impl Rule for CdWorkdir {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for index in 0..context.instructions().len() {
            let Some(run) = context.shell_run(index).filter(|run| !run.onbuild) else {
                continue;
            };
            let commands: Vec<_> = commands_of(run).collect();
            let Some(first_cd) = commands.iter().find(|c| c.program() == "cd") else {
                continue;
            };
            let mut diagnostic = self.diagnostic(
                "`cd` in a RUN: use WORKDIR to change folder".to_string(),
                first_cd.span(context),
            );
            diagnostic.fix = leading_cd_fix(context, run, &commands);
            diagnostics.push(diagnostic);
        }
    }
}

/// `RUN cd /abs && rest` -> `WORKDIR /abs` + `RUN rest`.
fn leading_cd_fix(context: &Context, run: &ShellRun, commands: &[RunCommand]) -> Option<Fix> {
    let cd = commands.first().filter(|c| c.index == 0)?;
    let [folder] = cd.arguments() else {
        return None;
    };
    // A plain absolute folder, that WORKDIR reads as `cd` does.
    let plain = folder.starts_with('/')
        && folder
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+@".contains(&b));
    if cd.program() != "cd" || cd.start != 0 || !plain || cd.command().depth != 0 {
        return None;
    }
    // `cd -` goes back to the folder the RUN started in, which the fix changes.
    let goes_back = commands
        .iter()
        .any(|c| c.program() == "cd" && c.arguments().first() == Some(&"-"));
    let (operator, range, depth) = run.script.operators.first()?;
    if goes_back
        || *operator != Operator::And
        || *depth != 0
        || context.has_suppression_above(run.index)
    {
        return None;
    }
    let rest = range.end + run.text[range.end..].find(|c: char| !c.is_whitespace())?;
    let start = run.span(context, cd.command().range.clone()).start;
    let end = run.span(context, rest..rest).start;
    if context.has_comments_within(run.instruction, start..end) {
        return None;
    }
    let source = context.source();
    let line = context.line_range(run.instruction).start;
    let keyword = context.keyword_span(run.instruction);
    let indent = source.get(line..keyword.start)?;
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let lower = source
        .get(keyword.clone())
        .is_some_and(|k| k.chars().all(|c| c.is_ascii_lowercase()));
    let workdir = if lower { "workdir" } else { "WORKDIR" };
    let eol = context.eol();
    Some(Fix::unsafe_(
        format!("Set WORKDIR {folder} before the RUN"),
        vec![
            Edit::insert(line, format!("{indent}{workdir} {folder}{eol}")),
            Edit::delete(start..end),
        ],
    ))
}
