use super::run_commands::run_commands;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Change the shell with SHELL, not by linking `/bin/sh`.
    ///
    /// ## What it does
    /// Reports `ln` with `/bin/sh` among its arguments (`ln -sf /bin/bash /bin/sh`) in a
    /// RUN or an ONBUILD RUN trigger.
    ///
    /// ## Why is this bad?
    /// Replacing `/bin/sh` changes the shell of every program in the image that runs
    /// `sh` (scripts of packages, `system()` calls), not only the build's RUNs. A SHELL
    /// instruction changes the shell of the following RUN, CMD and ENTRYPOINT instructions,
    /// and nothing else.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Fix safety
    /// No fix: programs in the image may rely on the link.
    pub struct ShellSymlink {
        code: "DF805",
        name: "shell-symlink",
        severity: Warning,
        fix: None,
        aliases: ["DL4005"],
    }
}

impl Rule for ShellSymlink {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for command in run_commands(context, true) {
            if command.program() != "ln" || !command.arguments().contains(&"/bin/sh") {
                continue;
            }
            let message = "`ln` replaces /bin/sh: use SHELL to change the shell".to_string();
            diagnostics.push(self.diagnostic(message, command.span(context)));
        }
    }
}
