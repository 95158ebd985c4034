use super::shell_run::file_invocations;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Fix};

rule! {
    /// `apt-get install` without `--no-install-recommends` installs more than asked for.
    ///
    /// ## What it does
    /// Reports `apt-get install` (and `apt install`) without `--no-install-recommends` (or
    /// `-o APT::Install-Recommends=false`), in RUN instructions and ONBUILD RUN triggers.
    /// Not an install, and left alone: a dry run (`-s`, `--simulate`, `--dry-run`, ...).
    ///
    /// ## Why is this bad?
    /// apt also installs every "recommended" package, often pulling in tens of megabytes an
    /// image never uses.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: a program may rely on a recommended package (`ca-certificates` for `curl`
    /// with https is the classic), which then has to be named explicitly.
    pub struct AptNoInstallRecommends {
        code: "DF104",
        name: "apt-no-install-recommends",
        severity: Info,
        fix: Unsafe,
        aliases: ["DL3015"],
    }
}

impl Rule for AptNoInstallRecommends {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let Some(apt) = context.knowledge.manager("apt") else {
            return;
        };
        for (run, invocation) in file_invocations(context, apt) {
            // A dry run (`apt-get install -s`) installs nothing.
            if invocation.subcommand != "install" || !invocation.is_install(run, apt) {
                continue;
            }
            let declines = run.words(invocation.command).iter().any(|w| {
                *w == "--no-install-recommends"
                    || w.contains("Install-Recommends=false")
                    || w.contains("Install-Recommends=0")
            });
            if declines {
                continue;
            }
            let command = &run.script.commands[invocation.command];
            let span = run.span(context, command.range.clone());
            let message = format!(
                "{} install without --no-install-recommends also installs recommended packages",
                invocation.program
            );
            let mut diagnostic = self.diagnostic(message, span);
            diagnostic.fix = invocation
                .add_option(run, context, "--no-install-recommends")
                .map(|edit| Fix::unsafe_("Add --no-install-recommends", vec![edit]));
            diagnostics.push(diagnostic);
        }
    }
}
