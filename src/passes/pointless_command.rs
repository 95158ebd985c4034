use super::run_commands::run_commands;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Commands for a machine with a login, not for an image build.
    ///
    /// ## What it does
    /// Reports a RUN (or ONBUILD RUN trigger) that runs `ssh`, `vim`, `shutdown`,
    /// `service`, `ps`, `free`, `top`, `kill`, `mount` or `ifconfig` as a command (after
    /// `sudo`, `env` or `VAR=value` too). Naming them as arguments is fine:
    /// `apt-get install ssh` installs a package. hadolint's check forgets `ifconfig`,
    /// which its own message names; this rule does not.
    ///
    /// ## Why is this bad?
    /// A build step has no terminal, no init system and no processes but its own: an
    /// editor waits for input that never comes, `service x start` starts a daemon that dies
    /// with the step, `ps`, `top`, `free` and `ifconfig` describe the build container, not
    /// the one that will run. What they do belongs in the image's CMD or in a debugging
    /// session, not in a layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN service nginx start
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix safety
    /// No fix: what the command was for needs a human.
    pub struct PointlessCommand {
        code: "DF801",
        name: "pointless-command",
        severity: Info,
        fix: None,
        aliases: ["DL3001"],
    }
}

/// hadolint's list, and `ifconfig`, which its message names.
const POINTLESS: [&str; 10] = [
    "free", "ifconfig", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

impl Rule for PointlessCommand {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for command in run_commands(context, true) {
            let program = command.program();
            if !POINTLESS.contains(&program) {
                continue;
            }
            let message = format!("`{program}` makes no sense in an image build");
            diagnostics.push(self.diagnostic(message, command.span(context)));
        }
    }
}
