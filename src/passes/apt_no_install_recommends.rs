use super::shell_run::invocations;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};

rule! {
    /// `apt-get install` without `--no-install-recommends` installs more than asked for.
    ///
    /// ## What it does
    /// Reports `apt-get install` (and `apt install`) without `--no-install-recommends` (or
    /// `-o APT::Install-Recommends=false`).
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
    }
}

impl Rule for AptNoInstallRecommends {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let Some(apt) = context.knowledge.managers.iter().find(|m| m.name == "apt") else {
            return;
        };
        for index in 0..context.instructions().len() {
            let Some(run) = context.shell_run(index) else {
                continue;
            };
            for invocation in invocations(run, apt) {
                if invocation.subcommand != "install" {
                    continue;
                }
                let command = &run.script.commands[invocation.command];
                let words = run.words(command);
                let declines = words.iter().any(|w| {
                    *w == "--no-install-recommends"
                        || w.contains("Install-Recommends=false")
                        || w.contains("Install-Recommends=0")
                });
                if declines {
                    continue;
                }
                let span = run.span(context, command.range.clone());
                let message = format!(
                    "{} install without --no-install-recommends also installs recommended packages",
                    invocation.program
                );
                let mut diagnostic = self.diagnostic(message, span);
                if let Some(at) = run.source_range(context, invocation.subcommand_range.clone()) {
                    diagnostic.fix = Some(Fix::unsafe_(
                        "Add --no-install-recommends",
                        vec![Edit::insert(at.end, " --no-install-recommends")],
                    ));
                }
                diagnostics.push(diagnostic);
            }
        }
    }
}
