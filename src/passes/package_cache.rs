use super::shell_run::{Invocation, ShellRun, invocations};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::knowledge::PackageManager;
use crate::model::{Args, Keyword};
use crate::shell::command::Operator;

rule! {
    /// Remove a package manager's cache in the RUN that creates it.
    ///
    /// ## What it does
    /// For each package manager listed in `transforms/package-managers.toml`, finds a RUN
    /// that installs packages and leaves the manager's cache in the layer, and cleans it in
    /// that same RUN: `apt-get install` (after `apt-get update` in that RUN) gets
    /// `rm -rf /var/lib/apt/lists/*` at the end, `apk add` gets `--no-cache` (and a now
    /// useless `apk update &&` goes), `pip install` gets `--no-cache-dir`, `yum`/`dnf`/
    /// `microdnf` get `clean all`, `zypper` gets `clean --all`, `npm ci`/`install` gets
    /// `npm cache clean --force`. A RUN that does nothing but that cleanup, later in the
    /// stage, moves into the RUN that made the cache.
    ///
    /// ## Why is this bad?
    /// A file deleted in a later layer still ships in the earlier one: only a cleanup in
    /// the same RUN makes the image smaller.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// RUN apk add git
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// RUN apk add --no-cache git
    /// ```
    ///
    /// ## Fix safety
    /// Not offered where the cleanup is already there (`;` and `set -eux` styles too), where
    /// a cache mount (`--mount=type=cache,target=...`) covers the cache folder, where an
    /// ENV/ARG already turns the cache off (`PIP_NO_CACHE_DIR`), where the RUN ends with a
    /// comment or an operator, or for apt without `apt-get update` in the same RUN.
    /// Safe, except for apt when a later RUN installs with apt-get without updating first:
    /// it relies on the lists this fix removes, so the fix is unsafe there.
    pub struct PackageCache {
        code: "DF102",
        name: "package-cache-cleanup",
        severity: Warning,
        fix: Sometimes,
        aliases: ["DL3009", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042"],
    }
}

impl Rule for PackageCache {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for index in 0..context.instructions().len() {
            let Some(run) = context.shell_run(index) else {
                continue;
            };
            for manager in &context.knowledge.managers {
                if let Some(diagnostic) = self.check_manager(context, run, manager) {
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
}

impl PackageCache {
    fn check_manager(
        &self,
        context: &Context,
        run: &ShellRun,
        manager: &PackageManager,
    ) -> Option<Diagnostic> {
        let found = invocations(run, manager);
        let installs: Vec<&Invocation> = found
            .iter()
            .filter(|i| manager.install.contains(&i.subcommand))
            .collect();
        let last_install = *installs.last()?;
        if manager.needs_update && !found.iter().any(|i| manager.update.contains(&i.subcommand)) {
            return None;
        }
        let normalized = run.normalized();
        if manager
            .cleaned_by
            .iter()
            .any(|pattern| normalized.contains(pattern.as_str()))
            || run.cache_mount_covers(&manager.cleanup_dir)
            || env_disables(context, run.index, manager)
        {
            return None;
        }
        let program = &last_install.program;
        let span = run.span(
            context,
            run.script.commands[last_install.command].range.clone(),
        );
        let message = format!(
            "{program} {} leaves its cache ({}) in the layer",
            last_install.subcommand, manager.cleanup_dir
        );
        let mut diagnostic = self.diagnostic(message, span);
        diagnostic.fix = match (&manager.flag, &manager.append) {
            (Some(flag), _) => self.flag_fix(context, run, manager, &found, flag),
            (None, Some(append)) => {
                self.append_fix(context, run, manager, &append.replace("{program}", program))
            }
            (None, None) => None,
        };
        Some(diagnostic)
    }

    /// Add the flag after each install subcommand lacking it; drop an `apk update &&`.
    fn flag_fix(
        &self,
        context: &Context,
        run: &ShellRun,
        manager: &PackageManager,
        found: &[Invocation],
        flag: &str,
    ) -> Option<Fix> {
        let mut edits = Vec::new();
        for invocation in found
            .iter()
            .filter(|i| manager.install.contains(&i.subcommand))
        {
            if invocation.has_option(run, &[flag]) {
                continue;
            }
            let at = run
                .source_range(context, invocation.subcommand_range.clone())?
                .end;
            edits.push(Edit::insert(at, format!(" {flag}")));
        }
        // With the flag, an index update only leaves the index in the layer.
        let only_installs = found.iter().all(|i| {
            manager.install.contains(&i.subcommand) || manager.update.contains(&i.subcommand)
        });
        if only_installs {
            for update in found
                .iter()
                .filter(|i| manager.update.contains(&i.subcommand))
            {
                edits.push(self.remove_command(context, run, update.command)?);
            }
        }
        Some(Fix::safe(format!("Add {flag}"), edits))
    }

    /// The edit deleting a command followed by `&&` (command and operator), if it is one.
    fn remove_command(&self, context: &Context, run: &ShellRun, index: usize) -> Option<Edit> {
        let command = &run.script.commands[index];
        let next = run.script.commands.get(index + 1)?;
        let plain = command.depth == 0 && next.depth == 0 && next.after == Some(Operator::And);
        let starts_chain = index == 0 || command.after == Some(Operator::And);
        if !plain || !starts_chain || run.words(command).iter().any(|w| w.starts_with('-')) {
            return None;
        }
        let start = run.source_range(context, command.range.clone())?.start;
        let end = run.span(context, next.range.clone()).start;
        // Comment lines in a continuation there would go with it.
        if context.has_comments_within(run.instruction, start..end) {
            return None;
        }
        Some(Edit::delete(start..end))
    }

    fn append_fix(
        &self,
        context: &Context,
        run: &ShellRun,
        manager: &PackageManager,
        cleanup: &str,
    ) -> Option<Fix> {
        if run.script.comment.is_some() || run.ends_with_operator() {
            return None;
        }
        let end = context.code_end(run.instruction);
        let text = format!("{}{cleanup}", context.and_then(&[]));
        let applicability =
            if manager.needs_update && later_install_relies_on_index(context, run.index, manager) {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
        let mut edits = vec![Edit::insert(end, text)];
        edits.extend(self.later_cleanup_run(context, run.index, manager, cleanup));
        Some(Fix::new(
            applicability,
            format!("Append `{cleanup}`"),
            edits,
        ))
    }

    /// A later RUN of the stage that only does this cleanup: it moves here (deleted there),
    /// when no RUN in between uses the manager.
    fn later_cleanup_run(
        &self,
        context: &Context,
        index: usize,
        manager: &PackageManager,
        cleanup: &str,
    ) -> Option<Edit> {
        let stage = context.stage_of(index)?;
        for later in index + 1..stage.body.end {
            let Some(run) = context.shell_run(later) else {
                if context.instructions()[later].keyword() == Keyword::Run {
                    return None;
                }
                continue;
            };
            if !invocations(run, manager).is_empty() {
                return None;
            }
            let lines = context.line_range(run.instruction);
            if run.normalized() == cleanup
                && run.command.flags.is_empty()
                && !context.has_comments_within(run.instruction, lines.clone())
            {
                return Some(Edit::delete(lines));
            }
        }
        None
    }
}

/// Whether an ENV or ARG of the stage (before `index`) already disables the cache.
fn env_disables(context: &Context, index: usize, manager: &PackageManager) -> bool {
    let Some(stage) = context.stage_of(index) else {
        return false;
    };
    (stage.from..index).any(|i| {
        let instruction = &context.instructions()[i];
        let Some(command) = &instruction.command else {
            return false;
        };
        let line = &instruction.logical.text;
        let names: Vec<&str> = match (&command.keyword, &command.args) {
            (Keyword::Env, Args::Pairs(pairs)) => pairs.iter().map(|p| p.key.as_str()).collect(),
            (Keyword::Env, Args::Legacy { key, .. }) => vec![&line[key.clone()]],
            (Keyword::Arg, Args::Words(words)) => words
                .iter()
                .filter(|w| w.text.contains('='))
                .map(|w| w.text.split('=').next().unwrap_or(""))
                .collect(),
            _ => Vec::new(),
        };
        names
            .iter()
            .any(|name| manager.disabled_by_env.iter().any(|d| d == name))
    })
}

/// Whether a later RUN installs with this manager without updating its index first.
fn later_install_relies_on_index(
    context: &Context,
    index: usize,
    manager: &PackageManager,
) -> bool {
    (index + 1..context.instructions().len()).any(|later| {
        let instruction = &context.instructions()[later];
        if instruction.command.as_ref().map(|c| c.effective().keyword) != Some(Keyword::Run) {
            return false;
        }
        let Some(run) = context.shell_run(later) else {
            // Unreadable RUN: assume it might.
            let text = instruction.logical.text.as_ref();
            return manager.programs.iter().any(|p| text.contains(p.as_str()));
        };
        let found = invocations(run, manager);
        found
            .iter()
            .any(|i| manager.install.contains(&i.subcommand))
            && !found.iter().any(|i| manager.update.contains(&i.subcommand))
    })
}
