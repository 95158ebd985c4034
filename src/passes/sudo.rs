use super::run_commands::run_commands;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::shell::vocabulary::{executable_name, is_assignment};

rule! {
    /// Do not use `sudo` in a RUN.
    ///
    /// ## What it does
    /// Reports a command run through `sudo` in a RUN or an ONBUILD RUN trigger. Installing
    /// the `sudo` package is fine.
    ///
    /// ## Why is this bad?
    /// A build runs as the USER of the stage, and `sudo` needs a terminal, a password or a
    /// sudoers rule to work: it fails, or it works only because of a rule that also lets
    /// the container's processes become root. Switch with `USER root` and back instead,
    /// or use `gosu`/`su-exec` in an entrypoint that must drop privileges.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// RUN sudo apt-get update
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// USER root
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which user the command needs, and whether the USER may change, needs a
    /// human.
    pub struct Sudo {
        code: "DF803",
        name: "sudo",
        severity: Error,
        fix: None,
        aliases: ["DL3004"],
    }
}

impl Rule for Sudo {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for command in run_commands(context, true) {
            // `sudo` is a wrapper: the program found is the one it runs.
            let runs_sudo = command.words[..command.start]
                .iter()
                .any(|word| !is_assignment(word) && executable_name(word) == "sudo");
            if !runs_sudo {
                continue;
            }
            let message = "`sudo` in a build: switch with USER instead".to_string();
            diagnostics.push(self.diagnostic(message, command.span(context)));
        }
    }
}
