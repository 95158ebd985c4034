//! What the version-pin rules (DF105-DF112, DF116) share: the packages an install command
//! names (its words that are neither options nor option values), and one report per
//! command that names packages without a version.

use super::run_commands::run_commands;
use super::shell_run::{ShellRun, file_invocations};
use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::shell::vocabulary::executable_name;

/// An install command and the packages it names.
pub struct Install<'c, 'a> {
    pub run: &'c ShellRun<'a>,
    /// Index into `run.script.commands`.
    pub command: usize,
    /// The command as written in messages (`apt-get install`).
    pub name: String,
    pub packages: Vec<&'a str>,
}

/// The words that are not options (`-x`, `--name`, `--name=value`) nor the value of one
/// of `with_value`.
pub fn operands<'a>(words: &[&'a str], with_value: &[&str]) -> Vec<&'a str> {
    let mut operands = Vec::new();
    let mut words = words.iter();
    while let Some(word) = words.next() {
        if word.starts_with('-') && *word != "-" {
            if with_value.contains(word) {
                words.next();
            }
            continue;
        }
        operands.push(*word);
    }
    operands
}

/// The installs of a manager of `transforms/package-managers.toml`: its `subcommands`
/// (for the programs in `programs`, or all of its programs when empty), their packages
/// found with the manager's options that take a value and `with_value`.
pub fn manager_installs<'c, 'a>(
    context: &'c Context<'a>,
    manager: &str,
    programs: &[&str],
    subcommands: &[&str],
    with_value: &[&str],
) -> Vec<Install<'c, 'a>> {
    let Some(manager) = context.knowledge.manager(manager) else {
        return Vec::new();
    };
    let mut values: Vec<&str> = manager
        .options_with_value
        .iter()
        .map(String::as_str)
        .collect();
    values.extend(with_value);
    file_invocations(context, manager)
        .filter(|(_, invocation)| {
            subcommands.contains(&invocation.subcommand.as_str())
                && (programs.is_empty() || programs.contains(&executable_name(&invocation.program)))
        })
        .map(|(run, invocation)| {
            let words: Vec<&str> = invocation
                .arguments
                .iter()
                .map(|range| &run.text[range.clone()])
                .collect();
            Install {
                run,
                command: invocation.command,
                name: format!("{} {}", invocation.program, invocation.subcommand),
                packages: operands(&words, &values),
            }
        })
        .collect()
}

/// The installs of a program that is not in the tables (`gem install`, `go install`):
/// the first operand is the subcommand.
pub fn program_installs<'c, 'a>(
    context: &'c Context<'a>,
    program: &str,
    subcommands: &[&str],
    with_value: &[&str],
) -> Vec<Install<'c, 'a>> {
    run_commands(context, true)
        .filter(|command| command.program() == program)
        .filter_map(|command| {
            let operands = operands(command.arguments(), with_value);
            let (subcommand, packages) = operands.split_first()?;
            subcommands.contains(subcommand).then(|| Install {
                run: command.run,
                command: command.index,
                name: format!("{program} {subcommand}"),
                packages: packages.to_vec(),
            })
        })
        .collect()
}

/// One diagnostic per install that names packages `pinned` says have no version (a
/// package in a variable is not known, and not reported); `how` shows the pinned form.
pub fn report_unpinned(
    rule: &dyn Rule,
    context: &Context,
    installs: &[Install],
    pinned: impl Fn(&str) -> bool,
    how: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for install in installs {
        let unpinned: Vec<&str> = install
            .packages
            .iter()
            .copied()
            .filter(|package| !package.contains('$') && !pinned(package))
            .collect();
        if unpinned.is_empty() {
            continue;
        }
        let shown = match unpinned.len() {
            1..=3 => unpinned.join(", "),
            count => format!("{} and {} more", unpinned[..3].join(", "), count - 3),
        };
        let noun = if unpinned.len() == 1 {
            "version"
        } else {
            "versions"
        };
        let message = format!("{}: pin the {noun} of {shown} ({how})", install.name);
        let range = install.run.script.commands[install.command].range.clone();
        diagnostics.push(rule.diagnostic(message, install.run.span(context, range)));
    }
}

/// hadolint's test for rpm packages (`httpd-2.4.24`, `*.rpm`): after the name, dash
/// separated parts made of version characters, one of them starting with a digit.
pub fn rpm_version_fixed(package: &str) -> bool {
    // A package file names its version (hadolint wants a dash in its name too).
    if package.ends_with(".rpm") {
        return true;
    }
    let parts: Vec<&str> = package.split('-').collect();
    if parts.len() <= 1 {
        return false;
    }
    let version = &parts[1..];
    version.iter().all(|part| {
        part.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".~^_:+".contains(c))
    }) && version
        .iter()
        .any(|part| part.starts_with(|c: char| c.is_ascii_digit()))
}

/// yum and dnf: `install` with `package-version` pins, and `module install` with
/// `module:stream` ones.
pub fn report_rpm_unpinned(
    rule: &dyn Rule,
    context: &Context,
    manager: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let installs = manager_installs(context, manager, &[], &["install"], &[]);
    report_unpinned(
        rule,
        context,
        &installs,
        rpm_version_fixed,
        "`package-version`",
        diagnostics,
    );
    let modules = module_installs(manager_installs(context, manager, &[], &["module"], &[]));
    report_unpinned(
        rule,
        context,
        &modules,
        |m| m.contains(':'),
        "`module:stream`",
        diagnostics,
    );
}

/// `module install X`: the modules after `install` (`module enable`, ... install nothing).
fn module_installs<'c, 'a>(modules: Vec<Install<'c, 'a>>) -> Vec<Install<'c, 'a>> {
    modules
        .into_iter()
        .filter_map(|mut install| {
            let (action, rest) = install.packages.split_first()?;
            if *action != "install" {
                return None;
            }
            install.name.push_str(" install");
            install.packages = rest.to_vec();
            Some(install)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operands_skip_options_and_their_values() {
        let words = [
            "-y",
            "-t",
            "bookworm-backports",
            "--no-install-recommends",
            "curl",
            "git=1",
        ];
        assert_eq!(operands(&words, &["-t"]), ["curl", "git=1"]);
    }

    #[test]
    fn rpm_versions() {
        assert!(rpm_version_fixed("httpd-2.4.24") && rpm_version_fixed("/tmp/pkg.rpm"));
        assert!(rpm_version_fixed("python3-devel-3.9.16-1.el9"));
        assert!(!rpm_version_fixed("httpd") && !rpm_version_fixed("python3-devel"));
    }
}
