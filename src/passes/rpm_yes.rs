use super::shell_run::file_invocations;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Fix};
use crate::shell::command::Operator;

rule! {
    /// `yum`, `dnf` and `zypper` installs need `-y` in a build.
    ///
    /// ## What it does
    /// Reports, in RUN instructions and ONBUILD RUN triggers:
    /// - `yum` and `dnf` (`microdnf`, `tdnf`, `dnf5`) `install`, `groupinstall` and
    ///   `localinstall` without `-y`/`--assumeyes` (hadolint DL3030, DL3038);
    /// - `zypper` `install`/`in`, `remove`/`rm`, `source-install`/`si` and `patch` without
    ///   `-y`/`--no-confirm` or `-n`/`--non-interactive` (hadolint DL3034);
    ///
    /// unless piped from `yes`. `microdnf` never asks (its `-y` is accepted and does
    /// nothing); it is reported as hadolint does, and `-y` keeps the command explicit.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: yum, dnf and zypper ask "Is this ok [y/N]", read end of
    /// input and abort, so the RUN fails as soon as a package needs installing.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install httpd && yum clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// `-y` goes after the subcommand. Safe: a build that gets past the prompt today
    /// installed nothing the prompt could refuse, or has `assumeyes` configured, and does
    /// the same with `-y`; a build that stopped at the prompt now installs what it asked
    /// for. Not offered for zypper's `source-install` and `patch`, whose options differ.
    pub struct RpmYes {
        code: "DF114",
        name: "yum-dnf-zypper-yes",
        severity: Warning,
        fix: Safe,
        aliases: ["DL3030", "DL3034", "DL3038"],
    }
}

/// What is checked for one package manager.
struct Check {
    manager: &'static str,
    /// Subcommands that ask.
    checked: &'static [&'static str],
    /// Those of them that take `-y` after the subcommand.
    fixed: &'static [&'static str],
    /// Options that answer yes.
    yes: &'static [&'static str],
}

const INSTALLS: &[&str] = &["install", "groupinstall", "localinstall"];

const CHECKS: [Check; 3] = [
    Check {
        manager: "yum",
        checked: INSTALLS,
        fixed: INSTALLS,
        yes: &["-y", "--assumeyes"],
    },
    Check {
        manager: "dnf",
        checked: INSTALLS,
        fixed: INSTALLS,
        yes: &["-y", "--assumeyes"],
    },
    Check {
        manager: "zypper",
        checked: &[
            "install",
            "in",
            "remove",
            "rm",
            "source-install",
            "si",
            "patch",
        ],
        fixed: &["install", "in", "remove", "rm"],
        yes: &["-y", "--no-confirm", "-n", "--non-interactive"],
    },
];

impl Rule for RpmYes {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for check in CHECKS {
            let Some(manager) = context.knowledge.manager(check.manager) else {
                continue;
            };
            for (run, invocation) in file_invocations(context, manager) {
                let subcommand = invocation.subcommand.as_str();
                if !check.checked.contains(&subcommand) {
                    continue;
                }
                let command = &run.script.commands[invocation.command];
                let assumes_yes = invocation.has_option(run, check.yes)
                    || run
                        .words(invocation.command)
                        .iter()
                        .any(|w| w.contains("assumeyes=1") || w.contains("assumeyes=True"));
                let i = invocation.command;
                let piped_from_yes = i > 0
                    && command.after == Some(Operator::Pipe)
                    && run.words(i - 1).first() == Some(&"yes");
                if assumes_yes || piped_from_yes {
                    continue;
                }
                let message = format!(
                    "{} {subcommand} without -y aborts at its prompt",
                    invocation.program
                );
                let mut diagnostic =
                    self.diagnostic(message, run.span(context, command.range.clone()));
                if check.fixed.contains(&subcommand) {
                    diagnostic.fix = invocation
                        .add_option(run, context, "-y")
                        .map(|edit| Fix::safe("Add -y", vec![edit]));
                }
                diagnostics.push(diagnostic);
            }
        }
    }
}
