use super::chain;
use super::shell_run::{Invocation, ShellRun, invocations, path_covers};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::knowledge::{Cleanup, PackageManager};
use crate::model::{Args, Keyword};
use crate::shell::command::Operator;
use crate::shell::vocabulary::{executable_name, is_assignment, program_start};

rule! {
    /// Remove a package manager's cache in the RUN that creates it.
    ///
    /// ## What it does
    /// For each package manager listed in `transforms/package-managers.toml` (apt, apk,
    /// pip, yum, dnf/microdnf/tdnf/dnf5, zypper, npm, yarn, conda/mamba/micromamba), finds a
    /// RUN (or ONBUILD RUN trigger) that installs packages and leaves the manager's cache in
    /// the layer, and cleans it in that same RUN: `apt-get install` (after `apt-get update`
    /// in that RUN) gets `rm -rf /var/lib/apt/lists/*` at the end, `apk add` gets
    /// `--no-cache` (and a now useless `apk update &&` goes), `pip install` gets
    /// `--no-cache-dir`, yum and dnf get `clean all`, zypper `clean --all`, npm
    /// `npm cache clean --force`, yarn `yarn cache clean`, conda `clean --all --yes`. A
    /// later RUN of the stage that does nothing but that cleanup moves into the RUN that
    /// made the cache. Programs are recognised with a version (`pip3.12`,
    /// `python3.12 -m pip`) and with options before the subcommand (`dnf -y install`).
    ///
    /// What it leaves alone, because the cache does not reach the image or the author
    /// dealt with it: a cleanup after the last install in the same RUN (the manager's own,
    /// with or without options first: `apt-get dist-clean`, `dnf -y clean all`,
    /// `npm cache clean`, `mamba clean -afy`; or an `rm` of the cache folder, of what is in
    /// it, or of a parent: `rm -f /var/lib/apt/lists/*_*`, `rm -rf /var/cache/yum/*` after
    /// dnf); a cache or tmpfs mount on any of the manager's cache folders; an ENV or ARG
    /// that turns the cache off (`PIP_NO_CACHE_DIR`) in the stage or in a stage it is built
    /// FROM, or an assignment of it in the RUN; the flag on the install itself (pip's
    /// `--no-cache` abbreviation too; `apk add --no-cache` says nothing about pip); apt
    /// without `apt-get update` in the same RUN; a dry run (`apt-get install -s`) or an
    /// install that downloads nothing (`apk add --no-network`); a stage
    /// whose layers never ship (used only by `COPY --from`, unless that COPY takes the
    /// cache folder); a RUN under a suppression comment (`# hadolint ignore=DL3009` and
    /// hadolint's other cache rules map to this one). A cleanup *before* the install does
    /// not count.
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
    /// Not offered where the RUN ends with a comment or an operator. Safe, except:
    /// - apt, when a later RUN installs with apt-get without updating first: it relies on
    ///   the lists this fix removes;
    /// - yarn: Yarn 2 and later (Plug'n'Play) load the packages from the cache when the
    ///   app runs.
    pub struct PackageCache {
        code: "DF102",
        name: "package-cache-cleanup",
        severity: Warning,
        fix: Sometimes,
        aliases: ["DL3009", "DL3019", "DL3042", "DL3032", "DL3036", "DL3040", "DL3060"],
    }
}

impl Rule for PackageCache {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let relying: Vec<LaterInstalls> = context
            .knowledge
            .managers
            .iter()
            .map(|_| LaterInstalls::default())
            .collect();
        for index in 0..context.instructions().len() {
            let Some(run) = context.shell_run(index) else {
                continue;
            };
            for (manager, later) in context.knowledge.managers.iter().zip(&relying) {
                if let Some(diagnostic) = self.check_manager(context, run, manager, later) {
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
        later: &LaterInstalls,
    ) -> Option<Diagnostic> {
        let found = invocations(run, manager);
        // Installs that download: an offline one (`apk add --no-network`) fills no cache.
        let installs: Vec<&Invocation> = found
            .iter()
            .filter(|i| i.is_install(run, manager) && !i.has_option(run, &manager.offline))
            .collect();
        let last_install = *installs.last()?;
        if manager.needs_update && !found.iter().any(|i| i.is_update(manager)) {
            return None;
        }
        // A cache left in a stage whose layers never ship, and that no COPY takes out of
        // it, reaches no image (an ONBUILD trigger runs in the image built FROM this one).
        let reaches_image = run.onbuild
            || context.layers_ship(run.index)
            || manager
                .cache
                .iter()
                .any(|dir| context.copied_out(run.index, dir));
        if !reaches_image
            || manager.cache.iter().any(|dir| run.cache_mount_covers(dir))
            || env_disables(context, run, manager, later, last_install.command)
            || cleaned_after(run, manager, found, last_install.command)
        {
            return None;
        }
        let lacking_flag: Vec<&Invocation> = match &manager.cleanup {
            Cleanup::Flag(flag) => {
                let spellings: Vec<&str> = std::iter::once(flag.as_str())
                    .chain(manager.flag_aliases.iter().map(String::as_str))
                    .collect();
                installs
                    .iter()
                    .copied()
                    .filter(|i| !i.has_option(run, &spellings))
                    .collect()
            }
            Cleanup::Append(_) => Vec::new(),
        };
        let reported = match &manager.cleanup {
            Cleanup::Flag(_) => *lacking_flag.last()?,
            Cleanup::Append(_) => last_install,
        };
        let program = &reported.program;
        let span = run.span(context, run.script.commands[reported.command].range.clone());
        let action = if reported.subcommand.is_empty() {
            program.clone()
        } else {
            format!("{program} {}", reported.subcommand)
        };
        let message = format!(
            "{action} leaves its cache ({}) in the layer",
            manager.cache_dir()
        );
        let mut diagnostic = self.diagnostic(message, span);
        diagnostic.fix = match &manager.cleanup {
            Cleanup::Flag(flag) => self.flag_fix(context, run, manager, found, &lacking_flag, flag),
            Cleanup::Append(append) => {
                let cleanup = append.replace("{program}", program);
                self.append_fix(context, run, manager, later, &cleanup)
            }
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
        lacking: &[&Invocation],
        flag: &str,
    ) -> Option<Fix> {
        let mut edits = Vec::new();
        for invocation in lacking {
            let at = run
                .source_range(context, invocation.subcommand_range.clone())?
                .end;
            edits.push(Edit::insert(at, format!(" {flag}")));
        }
        // With the flag, an index update only leaves the index in the layer.
        let only_installs = found
            .iter()
            .all(|i| i.is_install(run, manager) || i.is_update(manager));
        if only_installs {
            for update in found.iter().filter(|i| i.is_update(manager)) {
                edits.push(self.remove_command(context, run, update.command)?);
            }
        }
        edits.sort_by_key(|edit| edit.range.start);
        Some(Fix::safe(format!("Add {flag}"), edits))
    }

    /// The edit deleting a command followed by `&&` (command and operator), if it is one.
    fn remove_command(&self, context: &Context, run: &ShellRun, index: usize) -> Option<Edit> {
        let command = &run.script.commands[index];
        let next = run.script.commands.get(index + 1)?;
        let plain = command.depth == 0 && next.depth == 0 && next.after == Some(Operator::And);
        let starts_chain = index == 0 || command.after == Some(Operator::And);
        if !plain || !starts_chain || run.words(index).iter().any(|w| w.starts_with('-')) {
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
        later: &LaterInstalls,
        cleanup: &str,
    ) -> Option<Fix> {
        if run.script.comment.is_some() || run.refuses_appending() {
            return None;
        }
        let end = context.code_end(run.instruction);
        let risky = manager.cleanup_risk.is_some()
            || (manager.needs_update && later.relies_on_index(context, run.index, manager));
        let applicability = if risky {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        // The author's lines stay as they are; the cleanup joins at their indentation.
        let indent = chain::own_indent(context, run);
        let mut edits = vec![Edit::insert(
            end,
            format!("{}{cleanup}", chain::junction(context, &[], &indent)),
        )];
        edits.extend(self.later_cleanup_run(context, run, manager, cleanup));
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
        run: &ShellRun,
        manager: &PackageManager,
        cleanup: &str,
    ) -> Option<Edit> {
        let stage = context.stage_of(run.index)?;
        if run.onbuild {
            return None;
        }
        for later in run.index + 1..stage.body.end {
            let Some(later_run) = context.shell_run(later) else {
                if context.instructions()[later].keyword() == Keyword::Run {
                    return None;
                }
                continue;
            };
            if later_run.onbuild {
                continue;
            }
            if !invocations(later_run, manager).is_empty() {
                return None;
            }
            let lines = context.line_range(later_run.instruction);
            if later_run.normalized() == cleanup
                && later_run.command.flags.is_empty()
                && !context.has_comments_within(later_run.instruction, lines.clone())
            {
                return Some(Edit::delete(lines));
            }
        }
        None
    }
}

/// Whether the cache is removed after the last install (command `after`): by one of the
/// manager's own cleanups (`apt-get dist-clean`, `dnf -y clean all`) or an `rm` of a cache
/// folder, of what is in it (`/var/lib/apt/lists/*_*`), or of a parent.
pub(super) fn cleaned_after(
    run: &ShellRun,
    manager: &PackageManager,
    found: &[Invocation],
    after: usize,
) -> bool {
    let by_manager = found.iter().any(|invocation| {
        invocation.command > after
            && manager
                .cleaned_by
                .iter()
                .any(|subcommand| invocation.runs(run, subcommand))
    });
    by_manager
        || run
            .command_words()
            .skip(after + 1)
            .any(|words| removes_cache(words, manager))
}

/// Whether a command (its words) is an `rm` of one of the manager's cache folders, of
/// something in one, or of a parent of one.
pub(super) fn removes_cache(words: &[&str], manager: &PackageManager) -> bool {
    let Some(operands) = removed_paths(words) else {
        return false;
    };
    operands.iter().any(|operand| {
        let operand = operand.replace(['"', '\''], "");
        let folder = operand.strip_suffix("/*").unwrap_or(&operand);
        manager
            .cache
            .iter()
            .any(|dir| path_covers(folder, dir) || path_covers(dir, folder))
    })
}

/// The paths an `rm` command removes (its operands), or `None` when it is not `rm`.
pub(super) fn removed_paths<'w>(words: &[&'w str]) -> Option<Vec<&'w str>> {
    let start = program_start(words)?;
    if executable_name(words[start]) != "rm" {
        return None;
    }
    let mut operands = Vec::new();
    let mut options_done = false;
    for word in &words[start + 1..] {
        if !options_done && *word == "--" {
            options_done = true;
        } else if options_done || !word.starts_with('-') {
            operands.push(*word);
        }
    }
    Some(operands)
}

/// Whether the cache is already off for the install at command `last_install`: an ENV or
/// ARG in the stage before the RUN or in a stage it is built FROM, or an assignment in the
/// RUN before the install (`PIP_NO_CACHE_DIR=1 pip install`, `export PIP_NO_CACHE_DIR=1`).
fn env_disables(
    context: &Context,
    run: &ShellRun,
    manager: &PackageManager,
    later: &LaterInstalls,
    last_install: usize,
) -> bool {
    if manager.disabled_by_env.is_empty() {
        return false;
    }
    let disables = |name: &str| manager.disabled_by_env.iter().any(|d| d == name);
    let assigned_in_run = run.command_words().take(last_install + 1).any(|words| {
        words.iter().any(|word| {
            is_assignment(word) && word.split_once('=').is_some_and(|(name, _)| disables(name))
        })
    });
    if assigned_in_run {
        return true;
    }
    let Some(stage) = context.stage_of(run.index) else {
        return false;
    };
    let Some(index) = context.stages.index_of(stage.from) else {
        return false;
    };
    let (first, inherited) = later.disabling(context, manager);
    first
        .get(index)
        .copied()
        .flatten()
        .is_some_and(|at| at < run.index)
        || inherited.get(index).copied().unwrap_or(false)
}

/// Whether instruction `index` is an ENV or ARG that sets one of `manager`'s variables
/// that turn its cache off.
fn sets_disabling_variable(context: &Context, index: usize, manager: &PackageManager) -> bool {
    let disables = |name: &str| manager.disabled_by_env.iter().any(|d| d == name);
    let instruction = &context.instructions()[index];
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
    names.iter().any(|name| disables(name))
}

/// For one manager, which instructions have a later RUN that installs with it without
/// updating its index first: found once per file, in one pass from the end, so that the
/// question costs the same for every RUN (asking it by scanning ahead was quadratic).
/// With the first ENV or ARG of each stage that turns the cache off (for `env_disables`).
#[derive(Default)]
struct LaterInstalls {
    after: std::cell::OnceCell<Vec<bool>>,
    disabling: std::cell::OnceCell<(Vec<Option<usize>>, Vec<bool>)>,
}

impl LaterInstalls {
    /// For each stage: the first instruction (its FROM included) that turns the cache off,
    /// and whether a stage it is built FROM (at any distance) turns it off anywhere. Each
    /// stage's parent comes before it, so one pass in order follows the chains.
    fn disabling(
        &self,
        context: &Context,
        manager: &PackageManager,
    ) -> &(Vec<Option<usize>>, Vec<bool>) {
        self.disabling.get_or_init(|| {
            let first: Vec<Option<usize>> = context
                .stages
                .iter()
                .map(|stage| {
                    (stage.from..stage.body.end)
                        .find(|&i| sets_disabling_variable(context, i, manager))
                })
                .collect();
            let mut inherited = vec![false; first.len()];
            for (index, stage) in context.stages.iter().enumerate() {
                inherited[index] = stage.parent.is_some_and(|parent| {
                    parent < index
                        && (first.get(parent).copied().flatten().is_some() || inherited[parent])
                });
            }
            (first, inherited)
        })
    }

    fn relies_on_index(&self, context: &Context, index: usize, manager: &PackageManager) -> bool {
        let after = self.after.get_or_init(|| {
            let count = context.instructions().len();
            let mut after = vec![false; count];
            let mut seen = false;
            for later in (0..count).rev() {
                after[later] = seen;
                seen = seen || installs_without_update(context, later, manager);
            }
            after
        });
        after.get(index).copied().unwrap_or(false)
    }
}

/// Whether the RUN at `index` installs with this manager without updating its index first.
fn installs_without_update(context: &Context, index: usize, manager: &PackageManager) -> bool {
    let instruction = &context.instructions()[index];
    if instruction.command.as_ref().map(|c| c.effective().keyword) != Some(Keyword::Run) {
        return false;
    }
    let Some(run) = context.shell_run(index) else {
        // Unreadable RUN: assume it might.
        let text = instruction.logical.text.as_ref();
        return manager.programs.iter().any(|p| text.contains(p.as_str()));
    };
    let found = invocations(run, manager);
    found.iter().any(|i| i.is_install(run, manager)) && !found.iter().any(|i| i.is_update(manager))
}
