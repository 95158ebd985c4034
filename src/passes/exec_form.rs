use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::format::shell_words;
use crate::model::{Args, Instruction, Keyword};
use crate::shell::argv::{Feature, argv};
use crate::shell::command::Script;
use crate::shell::vocabulary::{is_assignment, is_shell_only};

rule! {
    /// Use exec form (JSON) for CMD and ENTRYPOINT.
    ///
    /// ## What it does
    /// Rewrites a shell-form `CMD` or `ENTRYPOINT` (also under ONBUILD) as a JSON array of
    /// the words the shell would have run: `CMD node server.js` becomes
    /// `CMD ["node", "server.js"]`. Quotes and escapes are removed as the shell removes them
    /// and the words are JSON-escaped. A leading `exec` is dropped. `HEALTHCHECK CMD` in
    /// shell form (also under ONBUILD) becomes exec form when it runs one program with
    /// plain arguments; a health check that needs the shell (`curl ... || exit 1`) keeps it
    /// and is not reported: the shell is not PID 1 there, only one more process per check.
    ///
    /// ## Why is this bad?
    /// Shell form runs `/bin/sh -c "..."`: the shell is PID 1, so `docker stop`'s SIGTERM
    /// reaches the shell, not the program, which is killed after the timeout instead of
    /// shutting down cleanly.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD node server.js --port 3000
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// CMD ["node", "server.js", "--port", "3000"]
    /// ```
    ///
    /// ## Fix safety
    /// The program and its arguments stay the same; how arguments reach it differs:
    /// - `CMD`, no shell feature used, no ENTRYPOINT in the stage: **safe**. `docker run`
    ///   arguments replace CMD in both forms. (A base image's ENTRYPOINT, which this file
    ///   cannot see, receives `node server.js` instead of `/bin/sh -c "node server.js"`;
    ///   entrypoint scripts that `exec "$@"` run the same program either way.)
    /// - `CMD` with an ENTRYPOINT in the stage: **unsafe**, the ENTRYPOINT now receives the
    ///   command's words as its arguments instead of `/bin/sh -c "..."`.
    /// - `ENTRYPOINT`, no shell feature: **unsafe**. In shell form, `docker run` arguments
    ///   and CMD are ignored; in exec form they are appended to the command.
    /// - A single command that uses shell features (`$VAR`, globs, redirections, `~`):
    ///   **unsafe** `["/bin/sh", "-c", "exec ..."]`, which keeps the shell's expansion and
    ///   (for ENTRYPOINT) still ignores `docker run` arguments, but makes the program PID 1.
    ///   Under a POSIX `SHELL` instruction, that SHELL is used instead of `/bin/sh -c`.
    ///   The command is written with one space between its words, as the shell reads it
    ///   (the blanks that continuation lines added are not kept in the string).
    /// - Several commands (`&&`, `;`, pipes), a leading `VAR=value`, shell builtins, a
    ///   non-POSIX shell (Windows, PowerShell), or comments inside the instruction: reported,
    ///   not fixed.
    /// - `HEALTHCHECK CMD` with plain words, without a SHELL instruction in the stage:
    ///   **safe**, the same program with the same arguments, without `/bin/sh -c` around it.
    pub struct ExecForm {
        code: "DF301",
        name: "exec-form",
        severity: Warning,
        fix: Sometimes,
        aliases: ["DL3025", "JSONArgsRecommended"],
    }
}

impl Rule for ExecForm {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (index, instruction, command) in context.effective_commands() {
            if command.keyword == Keyword::Healthcheck {
                diagnostics.extend(self.healthcheck(context, index, instruction, command));
                continue;
            }
            if !matches!(command.keyword, Keyword::Cmd | Keyword::Entrypoint) {
                continue;
            }
            let Args::Shell(range) = &command.args else {
                continue;
            };
            let text = &instruction.logical.text[range.clone()];
            // BuildKit once read text like `["a"] x` as JSON: leave it alone.
            if text.starts_with('[') {
                continue;
            }
            let keyword = command.keyword.canonical().unwrap_or("CMD");
            let span = context.span(instruction, range.clone());
            let shell = match context.shell_at(index) {
                Some(words) => words.join(" "),
                None if context.posix_shell => "/bin/sh -c".to_string(),
                None => "the image's shell".to_string(),
            };
            let mut diagnostic = self.diagnostic(
                format!("{keyword} in shell form runs under {shell}: use exec form"),
                span.clone(),
            );

            diagnostic.fix = self.fix(context, index, instruction, command.keyword, text, span);
            diagnostics.push(diagnostic);
        }
    }
}

impl ExecForm {
    fn fix(
        &self,
        context: &Context,
        index: usize,
        instruction: &Instruction,
        keyword: Keyword,
        text: &str,
        span: std::ops::Range<usize>,
    ) -> Option<Fix> {
        if !context.posix_shell || context.has_comments_within(instruction, span.clone()) {
            return None;
        }
        let shell = context.shell_at(index);
        let words = match (argv(text), &shell) {
            (Ok(words), None) => {
                let applicability = match keyword {
                    Keyword::Cmd if !context.stage_has_entrypoint(index) => Applicability::Safe,
                    _ => Applicability::Unsafe,
                };
                return Some(Fix::new(
                    applicability,
                    "Use exec form",
                    vec![Edit::replace(span, json_array(&words))],
                ));
            }
            (Ok(_), Some(_))
            | (
                Err(
                    Feature::Expansion
                    | Feature::Glob(_)
                    | Feature::Tilde
                    | Feature::Operator('<' | '>'),
                ),
                _,
            ) => {
                single_command(text)?;
                let mut words = shell.unwrap_or_else(|| vec!["/bin/sh".into(), "-c".into()]);
                if !crate::model::platform::is_posix_shell(words.first()?) || words.last()? != "-c"
                {
                    return None;
                }
                // One space between words, as the shell reads them: the blanks of the
                // continuation lines are not part of the command.
                let command: Vec<&str> = shell_words(text)?
                    .into_iter()
                    .map(|word| &text[word])
                    .collect();
                words.push(format!("exec {}", command.join(" ")));
                words
            }
            _ => return None,
        };
        Some(Fix::unsafe_(
            "Use exec form with the shell and `exec`",
            vec![Edit::replace(span, json_array(&words))],
        ))
    }
}

impl ExecForm {
    /// `HEALTHCHECK CMD` in shell form with plain words: exec form (safe).
    fn healthcheck(
        &self,
        context: &Context,
        index: usize,
        instruction: &Instruction,
        command: &crate::model::Command,
    ) -> Option<Diagnostic> {
        let Args::Health {
            kind,
            command: inner,
        } = &command.args
        else {
            return None;
        };
        let Args::Shell(range) = &**inner else {
            return None;
        };
        let line = &instruction.logical.text;
        let text = &line[range.clone()];
        let plain = line[kind.clone()].eq_ignore_ascii_case("cmd")
            && context.posix_shell
            && context.shell_at(index).is_none()
            && !text.starts_with('[');
        if !plain {
            return None;
        }
        let words = argv(text).ok()?;
        let span = context.span(instruction, range.clone());
        if context.has_comments_within(instruction, span.clone()) {
            return None;
        }
        let mut diagnostic = self.diagnostic(
            "HEALTHCHECK CMD in shell form starts a shell for every check: use exec form".into(),
            span.clone(),
        );
        diagnostic.fix = Some(Fix::safe(
            "Use exec form",
            vec![Edit::replace(span, json_array(&words))],
        ));
        Some(diagnostic)
    }
}

/// `Some` when `text` is one simple command that `exec` can take over: no operators,
/// comments, leading assignments or shell builtins and keywords.
fn single_command(text: &str) -> Option<()> {
    let script = Script::parse(text)?;
    if script.comment.is_some() || !script.operators.is_empty() || script.commands.len() != 1 {
        return None;
    }
    let command = &script.commands[0];
    let first = &text[command.words.first()?.clone()];
    let builtin = is_shell_only(first) || is_assignment(first);
    (!builtin && command.depth == 0).then_some(())
}

/// `["a", "b"]`, JSON-escaped.
pub fn json_array(words: &[String]) -> String {
    let items: Vec<String> = words
        .iter()
        .map(|w| serde_json::to_string(w).unwrap_or_else(|_| "\"\"".into()))
        .collect();
    format!("[{}]", items.join(", "))
}
