use super::shell_run::file_invocations;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Fix};
use crate::shell::vocabulary::has_flag;

rule! {
    /// `apt-get install` without `-y` stops the build at its prompt.
    ///
    /// ## What it does
    /// Reports `apt-get install` (and `apt install`, `upgrade`, ...) without `-y`, `--yes`,
    /// `--assume-yes`, `-qq` or `-o APT::Get::Assume-Yes=true`, unless piped from `yes`, in
    /// RUN instructions and ONBUILD RUN triggers. Not an install, and left alone: a dry run
    /// (`-s`, `--simulate`, `--dry-run`, `--just-print`, ...), which only prints what
    /// it would do (images test with it whether a package exists).
    ///
    /// ## Why is this bad?
    /// A build has no terminal: apt asks "Do you want to continue? [Y/n]", reads end of
    /// input and aborts, so the RUN fails as soon as a package needs installing.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the build then installs without asking, which is what the RUN meant but is
    /// not what it did (it failed, or installed nothing new).
    pub struct AptYes {
        code: "DF103",
        name: "apt-get-yes",
        severity: Warning,
        fix: Unsafe,
        aliases: ["DL3014"],
    }
}

/// `-qq` (quiet level 2) implies `-y` for apt-get.
const QUIET_TWICE: [&str; 3] = ["-qq", "-q=2", "--quiet=2"];

impl Rule for AptYes {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let Some(apt) = context.knowledge.manager("apt") else {
            return;
        };
        for (run, invocation) in file_invocations(context, apt) {
            // A dry run (`apt-get install -s`) asks nothing.
            if !invocation.is_install(run, apt) {
                continue;
            }
            let command = &run.script.commands[invocation.command];
            let words = run.words(invocation.command);
            let assumes_yes = has_flag(words, "y", &["yes", "assume-yes"])
                || words
                    .iter()
                    .any(|w| QUIET_TWICE.contains(w) || w.contains("Assume-Yes=true"));
            let i = invocation.command;
            // `after`: the operator just before the command.
            let piped_from_yes = i > 0
                && command.after == Some(crate::shell::command::Operator::Pipe)
                && run.words(i - 1).first() == Some(&"yes");
            if assumes_yes || piped_from_yes {
                continue;
            }
            let span = run.span(context, command.range.clone());
            let message = format!(
                "{} {} without -y aborts at its prompt",
                invocation.program, invocation.subcommand
            );
            let mut diagnostic = self.diagnostic(message, span);
            diagnostic.fix = invocation
                .add_option(run, context, "-y")
                .map(|edit| Fix::unsafe_("Add -y", vec![edit]));
            diagnostics.push(diagnostic);
        }
    }
}
