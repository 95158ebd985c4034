use super::shell_run::file_invocations;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Do not run `zypper dist-upgrade` in a build.
    ///
    /// ## What it does
    /// Reports `zypper dist-upgrade` (`zypper dup`) in a RUN or an ONBUILD RUN trigger.
    /// (hadolint's DL3005, the same check for `apt-get dist-upgrade`, was retired; dockfix
    /// does not report apt's upgrades either: the official images advise running them
    /// for security updates.)
    ///
    /// ## Why is this bad?
    /// A distribution upgrade may move the image to a new release of the distribution,
    /// with other package versions, vendors and repositories, whenever the image is rebuilt:
    /// the base image's tag no longer says what the image runs. Use a base image of the
    /// release you want, and `zypper update` (or `zypper patch`) for fixes within it.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper --non-interactive dup
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper --non-interactive update
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which packages the image should get needs a human.
    pub struct ZypperDistUpgrade {
        code: "DF115",
        name: "zypper-dist-upgrade",
        severity: Warning,
        fix: None,
        aliases: ["DL3035"],
    }
}

impl Rule for ZypperDistUpgrade {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let Some(zypper) = context.knowledge.manager("zypper") else {
            return;
        };
        for (run, invocation) in file_invocations(context, zypper) {
            if !matches!(invocation.subcommand.as_str(), "dist-upgrade" | "dup") {
                continue;
            }
            let command = &run.script.commands[invocation.command];
            let message = "`zypper dist-upgrade` may move the image to another release".to_string();
            diagnostics.push(self.diagnostic(message, run.span(context, command.range.clone())));
        }
    }
}
