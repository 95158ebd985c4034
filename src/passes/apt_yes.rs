use super::shell_run::file_invocations;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Fix};

rule! {
    /// `apt-get install` without `-y` stops the build at its prompt.
    ///
    /// ## What it does
    /// Reports `apt-get install` (and `apt install`, `upgrade`, ...) without `-y`, `--yes`,
    /// `--assume-yes`, `-qq` or `-o APT::Get::Assume-Yes=true`, unless piped from `yes`.
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

const ASSUME_YES: [&str; 6] = ["-y", "--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2"];

impl Rule for AptYes {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let Some(apt) = context.knowledge.manager("apt") else {
            return;
        };
        for (run, invocation) in file_invocations(context, apt) {
            if !apt.install.contains(&invocation.subcommand) {
                continue;
            }
            let command = &run.script.commands[invocation.command];
            let assumes_yes = run.words(command).iter().any(|w| {
                ASSUME_YES.contains(w)
                    || (w.starts_with('-') && !w.starts_with("--") && w.contains('y'))
                    || w.contains("Assume-Yes=true")
            });
            let i = invocation.command;
            // `after`: the operator just before the command.
            let piped_from_yes = i > 0
                && command.after == Some(crate::shell::command::Operator::Pipe)
                && run.words(&run.script.commands[i - 1]).first() == Some(&"yes");
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
