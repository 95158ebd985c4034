use super::run_commands::{base_image, has_docker_clean};
use super::shell_run::file_invocations;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::shell::vocabulary::executable_name;

rule! {
    /// Use `apt-get` (and `apt-cache`) in scripts, not `apt`.
    ///
    /// ## What it does
    /// Reports `apt` with a subcommand in a RUN or an ONBUILD RUN trigger, and rewrites it
    /// to `apt-get` where `apt-get` has the same subcommand with the same meaning:
    /// `update`, `install`, `reinstall`, `remove`, `purge`, `autoremove`, `clean`,
    /// `autoclean`, `build-dep`. The others are only reported: `apt upgrade` also installs
    /// new dependencies (`apt-get upgrade` does not), `apt full-upgrade` is
    /// `apt-get dist-upgrade`, and `apt search`, `show`, `list` and `policy` are
    /// `apt-cache`'s (with other output).
    ///
    /// ## Why is this bad?
    /// `apt` is the command line for people at a terminal: its output and behaviour may
    /// change between releases ("apt does not have a stable CLI interface", it warns on
    /// every run in a script). `apt-get` is the interface for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt update && apt install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe for the subcommands that download nothing (`update`, `remove`, `purge`,
    /// `autoremove`, `clean`, `autoclean`): the same options, the same work, another
    /// progress display. For the ones that download packages (`install`, `reinstall`,
    /// `build-dep`) safe only on the official Debian and Ubuntu images and the images built
    /// on them, whose `docker-clean` configuration deletes downloaded packages: elsewhere
    /// `apt-get` keeps the `.deb` files in `/var/cache/apt/archives`, which `apt` deletes,
    /// and the layer grows, so the fix is unsafe there.
    pub struct UseAptGet {
        code: "DF113",
        name: "use-apt-get",
        severity: Warning,
        fix: Sometimes,
        aliases: ["DL3027"],
    }
}

/// Subcommands `apt-get` runs the same way, downloading nothing.
const SAME_OFFLINE: [&str; 6] = [
    "update",
    "remove",
    "purge",
    "autoremove",
    "clean",
    "autoclean",
];

/// Subcommands `apt-get` runs the same way but for keeping what it downloads.
const SAME_DOWNLOADING: [&str; 3] = ["install", "reinstall", "build-dep"];

impl Rule for UseAptGet {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let Some(apt) = context.knowledge.manager("apt") else {
            return;
        };
        for (run, invocation) in file_invocations(context, apt) {
            if executable_name(&invocation.program) != "apt" {
                continue;
            }
            let command = &run.script.commands[invocation.command];
            let Some(start) = run.program_start(invocation.command) else {
                continue;
            };
            let subcommand = invocation.subcommand.as_str();
            let cache_command = matches!(subcommand, "search" | "show" | "list" | "policy");
            let message = if cache_command {
                format!("`apt {subcommand}` is for terminals: use apt-cache in scripts")
            } else {
                format!("`apt {subcommand}` is for terminals: use apt-get in scripts")
            };
            let mut diagnostic = self.diagnostic(message, run.span(context, command.range.clone()));
            let safe = if SAME_OFFLINE.contains(&subcommand) {
                Some(true)
            } else if SAME_DOWNLOADING.contains(&subcommand) {
                // An ONBUILD trigger runs in an image built FROM this one: the same base.
                Some(base_image(context, run.index).is_some_and(has_docker_clean))
            } else {
                None
            };
            let at = run.source_range(context, command.words[start].clone());
            if let (Some(safe), Some(at)) = (safe, at) {
                let edit = Edit::insert(at.end, "-get");
                let title = "Use apt-get";
                diagnostic.fix = Some(if safe {
                    Fix::safe(title, vec![edit])
                } else {
                    Fix::unsafe_(title, vec![edit])
                });
            }
            diagnostics.push(diagnostic);
        }
    }
}
