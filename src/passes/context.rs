//! What every rule gets: the parsed file, its stages, the shell it runs under, the build
//! context (when it is known), and the style to write new text in.

use std::collections::BTreeMap;
use std::ops::Range;

use std::cell::OnceCell;

use super::Rule;
use super::shell_run::{ShellRun, path_covers};
use crate::build_context::BuildContext;
use crate::diagnostic::Diagnostic;
use crate::format::FormatOptions;
use crate::knowledge::{Knowledge, knowledge};
use crate::model::stage_refs::{ReferenceKind, Resolved, resolve};
use crate::model::variables::DeclarationIndex;
use crate::model::{Args, Command, Dockerfile, Instruction, Keyword, Stage, Stages};
use crate::settings::{MergePolicy, Settings};
use crate::suppression::Suppressions;
use crate::syntax::TokenKind;

pub struct Context<'a> {
    pub dockerfile: &'a Dockerfile<'a>,
    pub stages: &'a Stages,
    /// Shell-form commands run under a POSIX shell.
    pub posix_shell: bool,
    pub build_context: Option<&'a dyn BuildContext>,
    pub style: &'a FormatOptions,
    /// `[pins]` of the configuration: image -> reference with a digest.
    pub pins: &'a BTreeMap<String, String>,
    pub knowledge: &'static Knowledge,
    pub settings: &'a Settings,
    /// The file's suppression comments; `None` when they are not applied (to find out which
    /// of them are used, `unused-suppression` runs the rules without them).
    suppressions: Option<Suppressions>,
    /// Which consecutive RUNs merge-runs joins.
    pub merge_policy: MergePolicy,
    /// Each instruction's shell-form RUN, parsed on first use.
    runs: Vec<OnceCell<Option<ShellRun<'a>>>>,
    /// How later stages use each stage, found on first use.
    uses: OnceCell<Vec<StageUse>>,
    /// What each instruction inherits from earlier in its stage and from the stages it is
    /// built FROM, found on first use.
    inherited: OnceCell<Inherited>,
    /// Where the stages declare each ARG and ENV name, found on first use.
    declarations: OnceCell<DeclarationIndex>,
}

/// What instructions inherit, found in one pass over the stages (a parent always comes
/// earlier), so that asking it of every instruction stays linear in the file.
#[derive(Debug, Default)]
struct Inherited {
    /// For each instruction, the JSON-form SHELL in effect for it (index of the SHELL).
    shell: Vec<Option<usize>>,
    /// For each stage, whether it or a stage it is built FROM sets an ENTRYPOINT.
    entrypoint: Vec<bool>,
    /// For each instruction, whether a WORKDIR comes before it in its stage or in a stage
    /// it is built FROM.
    workdir: Vec<bool>,
}

impl Inherited {
    fn new(dockerfile: &Dockerfile, stages: &Stages) -> Inherited {
        let instructions = &dockerfile.instructions;
        let mut shell = vec![None; instructions.len()];
        let mut workdir = vec![false; instructions.len()];
        let mut workdir_at_end: Vec<bool> = Vec::with_capacity(stages.len());
        let mut shell_at_end: Vec<Option<usize>> = Vec::with_capacity(stages.len());
        let mut entrypoint: Vec<bool> = Vec::with_capacity(stages.len());
        for stage in stages {
            let mut current = stage
                .parent
                .and_then(|p| shell_at_end.get(p).copied().flatten());
            let mut sets_entrypoint = stage
                .parent
                .and_then(|p| entrypoint.get(p).copied())
                .unwrap_or(false);
            let mut sets_workdir = stage
                .parent
                .and_then(|p| workdir_at_end.get(p).copied())
                .unwrap_or(false);
            for index in stage.body.clone() {
                if let (Some(shell), Some(workdir)) = (shell.get_mut(index), workdir.get_mut(index))
                {
                    (*shell, *workdir) = (current, sets_workdir);
                }
                let Some(command) = &instructions[index].command else {
                    continue;
                };
                match (&command.keyword, &command.args) {
                    (Keyword::Shell, Args::Json(_)) => current = Some(index),
                    (Keyword::Entrypoint, _) => sets_entrypoint = true,
                    (Keyword::Workdir, _) => sets_workdir = true,
                    _ => {}
                }
            }
            shell_at_end.push(current);
            entrypoint.push(sets_entrypoint);
            workdir_at_end.push(sets_workdir);
        }
        Inherited {
            shell,
            entrypoint,
            workdir,
        }
    }
}

/// What the rest of the file does with a stage.
#[derive(Debug, Clone, Default)]
struct StageUse {
    /// Its layers end up in an image (see `Context::layers_ship`).
    ships: bool,
    /// What `COPY --from` copies out of it (`None`: a source that is not a plain path).
    copied: Vec<Option<String>>,
}

impl<'a> Context<'a> {
    pub fn new(
        dockerfile: &'a Dockerfile<'a>,
        build_context: Option<&'a dyn BuildContext>,
        settings: &'a Settings,
    ) -> Self {
        let mut context = Self::without_suppressions(dockerfile, build_context, settings);
        context.suppressions = Some(Suppressions::parse(dockerfile));
        context
    }

    /// A context that applies no suppression comment.
    pub fn without_suppressions(
        dockerfile: &'a Dockerfile<'a>,
        build_context: Option<&'a dyn BuildContext>,
        settings: &'a Settings,
    ) -> Self {
        Context {
            dockerfile,
            stages: dockerfile.stages(),
            posix_shell: dockerfile.posix_shell,
            build_context,
            style: &settings.style,
            pins: &settings.pins,
            knowledge: knowledge(),
            settings,
            suppressions: None,
            merge_policy: settings.merge_policy,
            runs: (0..dockerfile.instructions.len())
                .map(|_| OnceCell::new())
                .collect(),
            uses: OnceCell::new(),
            inherited: OnceCell::new(),
            declarations: OnceCell::new(),
        }
    }

    /// Run `rule` and keep the findings the file's suppression comments allow (see
    /// `crate::suppression`).
    pub fn run(&self, rule: &dyn Rule, diagnostics: &mut Vec<Diagnostic>) {
        let first = diagnostics.len();
        rule.check(self, diagnostics);
        if self.settings.leave_other_files {
            // Nothing would apply a fix that writes another file: the finding stays, fixless.
            for diagnostic in &mut diagnostics[first..] {
                if diagnostic
                    .fix
                    .as_ref()
                    .is_some_and(|fix| !fix.files.is_empty())
                {
                    diagnostic.fix = None;
                }
            }
        }
        if let Some(suppressions) = &self.suppressions {
            let info = rule.info();
            let edits_comments =
                info.code == super::unused_suppression::UnusedSuppression::INFO.code;
            suppressions.filter(info.identity(), diagnostics, first, edits_comments);
        }
    }

    /// The file's suppression comments, when they apply.
    pub fn suppressions(&self) -> Option<&Suppressions> {
        self.suppressions.as_ref()
    }

    /// Whether a suppression comment sits directly above instruction `index`: rewrites that
    /// join instructions leave it apart, so the comment keeps meaning what it meant.
    pub fn has_suppression_above(&self, index: usize) -> bool {
        self.suppressions
            .as_ref()
            .is_some_and(|s| s.has_comment_above(index))
    }

    /// Whether the layers of the stage holding instruction `index` end up in an image: the
    /// last stage; a stage no other stage uses (a `--target`); a stage that a stage whose
    /// layers ship is built FROM. A stage used only by `COPY --from` (or `RUN --mount`)
    /// gives its files, never its layers.
    pub fn layers_ship(&self, index: usize) -> bool {
        let Some(stage) = self.stages.index_of(index) else {
            return true;
        };
        self.stage_uses().get(stage).is_none_or(|usage| usage.ships)
    }

    /// Whether a `COPY --from` of the stage holding instruction `index` copies `dir` (or
    /// may: a source that is not a plain path counts).
    pub fn copied_out(&self, index: usize, dir: &str) -> bool {
        let Some(stage) = self.stages.index_of(index) else {
            return false;
        };
        self.stage_uses().get(stage).is_some_and(|usage| {
            usage.copied.iter().any(|source| match source {
                Some(source) => path_covers(source, dir),
                None => true,
            })
        })
    }

    fn stage_uses(&self) -> &[StageUse] {
        self.uses.get_or_init(|| {
            let count = self.stages.len();
            let mut uses = vec![StageUse::default(); count];
            let mut used = vec![false; count];
            let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
            for (index, stage) in self.stages.iter().enumerate() {
                if let Some(parent) = stage.parent {
                    used[parent] = true;
                    children[parent].push(index);
                }
            }
            for (index, instruction, command) in self.effective_commands() {
                let line = instruction.logical.text.as_ref();
                for flag in &command.flags {
                    let from = match flag.name() {
                        "from" => flag.value(),
                        "mount" => flag.value().and_then(|spec| {
                            spec.split(',')
                                .find_map(|field| field.strip_prefix("from="))
                        }),
                        _ => None,
                    };
                    let Some(stage) = from.and_then(|name| self.stage_named(name, index)) else {
                        continue;
                    };
                    used[stage] = true;
                    if flag.name() == "from" {
                        uses[stage].copied.extend(copy_sources(line, &command.args));
                    }
                }
            }
            let last = count.saturating_sub(1);
            for stage in (0..count).rev() {
                uses[stage].ships = stage == last
                    || !used[stage]
                    || children[stage].iter().any(|&child| uses[child].ships);
            }
            uses
        })
    }

    /// The stage `--from` names at instruction `index`: by name (any stage of the file, as
    /// BuildKit resolves `--from`), or by number.
    fn stage_named(&self, name: &str, index: usize) -> Option<usize> {
        match resolve(self.stages, name, index, ReferenceKind::CopyFrom) {
            Resolved::Stage(stage) => Some(stage),
            Resolved::Image => None,
        }
    }

    /// The RUN at `index` in shell form under a POSIX shell, without heredocs, its script
    /// parsed (once, whichever rule asks first).
    pub fn shell_run(&self, index: usize) -> Option<&ShellRun<'a>> {
        self.runs
            .get(index)?
            .get_or_init(|| ShellRun::parse(self, index))
            .as_ref()
    }

    pub fn source(&self) -> &'a str {
        self.dockerfile.source()
    }

    pub fn instructions(&self) -> &'a [Instruction<'a>] {
        &self.dockerfile.instructions
    }

    /// Each instruction that has a command, with its index and that command.
    pub fn commands(&self) -> impl Iterator<Item = (usize, &'a Instruction<'a>, &'a Command)> {
        self.instructions()
            .iter()
            .enumerate()
            .filter_map(|(index, instruction)| {
                Some((index, instruction, instruction.command.as_ref()?))
            })
    }

    /// `commands` with `keyword` (not looking into ONBUILD triggers).
    pub fn commands_of(
        &self,
        keyword: Keyword,
    ) -> impl Iterator<Item = (usize, &'a Instruction<'a>, &'a Command)> {
        self.commands()
            .filter(move |(_, _, command)| command.keyword == keyword)
    }

    /// `commands`, with an ONBUILD trigger's own command in place of the ONBUILD (rules that
    /// read a keyword's arguments read them in triggers too, as hadolint's do).
    pub fn effective_commands(
        &self,
    ) -> impl Iterator<Item = (usize, &'a Instruction<'a>, &'a Command)> {
        self.commands()
            .map(|(index, instruction, command)| (index, instruction, command.effective()))
    }

    /// The stage an instruction belongs to (`None` before the first FROM).
    pub fn stage_of(&self, index: usize) -> Option<&'a Stage> {
        self.stages.of(index)
    }

    /// The file's line ending.
    pub fn eol(&self) -> &'static str {
        self.dockerfile.line_ending
    }

    /// Source range of a range of `instruction`'s logical line, when it lies on one line.
    pub fn source_range(
        &self,
        instruction: &Instruction,
        range: Range<usize>,
    ) -> Option<Range<usize>> {
        instruction.logical.source_range(range)
    }

    /// Source span of a range of `instruction`'s logical line (it may cover several lines).
    pub fn span(&self, instruction: &Instruction, range: Range<usize>) -> Range<usize> {
        let logical = &instruction.logical;
        logical.to_source(range.start)
            ..logical
                .to_source_end(range.end)
                .max(logical.to_source(range.start))
    }

    /// Source span of the keyword of an instruction's command (ONBUILD's trigger for ONBUILD).
    pub fn keyword_span(&self, instruction: &Instruction) -> Range<usize> {
        match &instruction.command {
            Some(command) => self.span(instruction, command.effective().keyword_range.clone()),
            None => self.dockerfile.instruction_range(instruction),
        }
    }

    /// Where the instruction's code ends in the source (before its newline or heredocs).
    pub fn code_end(&self, instruction: &Instruction) -> usize {
        instruction
            .logical
            .segments
            .last()
            .map_or(0, |s| s.source.end)
    }

    /// The byte range of the whole lines an instruction occupies, newline included.
    pub fn line_range(&self, instruction: &Instruction) -> Range<usize> {
        let tree = &self.dockerfile.tree;
        let node = self.dockerfile.node(instruction);
        let tokens = tree.node_tokens(node);
        let start = tokens.first().map_or(0, |t| t.start as usize);
        let end = tokens.last().map_or(start, |t| t.end as usize);
        let start = self.source()[..start].rfind('\n').map_or(0, |i| i + 1);
        start..end
    }

    /// The text of every comment that starts in `range` of the source (top-level comment
    /// lines and comment lines inside continuations alike), in order.
    pub fn comments_in(&self, range: Range<usize>) -> Vec<&'a str> {
        let tree = &self.dockerfile.tree;
        let first = tree
            .tokens
            .partition_point(|t| (t.start as usize) < range.start);
        tree.tokens[first..]
            .iter()
            .take_while(|t| (t.start as usize) < range.end)
            .filter(|t| t.kind == TokenKind::Comment)
            .map(|t| tree.text(t).trim_end())
            .collect()
    }

    /// Whether comment lines sit inside the instruction (in a continuation) within `span`.
    pub fn has_comments_within(&self, instruction: &Instruction, span: Range<usize>) -> bool {
        let node = self.dockerfile.node(instruction);
        self.dockerfile
            .tree
            .node_tokens(node)
            .iter()
            .any(|t| t.kind == TokenKind::Comment && span.contains(&(t.start as usize)))
    }

    /// The SHELL in effect for instruction `index` (`None`: the default `/bin/sh -c`),
    /// following stages built FROM earlier stages.
    pub fn shell_at(&self, index: usize) -> Option<Vec<String>> {
        let shell = (*self.inherited().shell.get(index)?)?;
        match &self.instructions()[shell].command.as_ref()?.args {
            Args::Json(words) => Some(words.iter().map(|w| w.value.clone()).collect()),
            _ => None,
        }
    }

    /// Whether a WORKDIR comes before instruction `index` in its stage or in a stage it is
    /// built FROM.
    pub fn workdir_set_before(&self, index: usize) -> bool {
        self.inherited()
            .workdir
            .get(index)
            .copied()
            .unwrap_or(false)
    }

    /// Whether `name` is declared (ARG or ENV) in the stage of instruction `index` before it
    /// (or in it when `inclusive`), or anywhere in a stage it is built FROM.
    pub fn declared_in_stage(&self, index: usize, inclusive: bool, name: &str) -> bool {
        self.stages.index_of(index).is_some_and(|stage| {
            self.declaration_index()
                .declared_in_stage(self.stages, stage, index, inclusive, name)
        })
    }

    /// Where the stages declare each ARG and ENV name.
    pub fn declaration_index(&self) -> &DeclarationIndex {
        self.declarations
            .get_or_init(|| DeclarationIndex::new(self.dockerfile, self.stages))
    }

    fn inherited(&self) -> &Inherited {
        self.inherited
            .get_or_init(|| Inherited::new(self.dockerfile, self.stages))
    }

    /// Whether an ENTRYPOINT applies in the stage of instruction `index` (set in the stage,
    /// or in an earlier stage it is built FROM).
    pub fn stage_has_entrypoint(&self, index: usize) -> bool {
        self.stages
            .index_of(index)
            .and_then(|stage| self.inherited().entrypoint.get(stage).copied())
            .unwrap_or(false)
    }

    /// Whether the instruction holds heredocs.
    pub fn has_heredoc(&self, instruction: &Instruction) -> bool {
        let node = self.dockerfile.node(instruction);
        self.dockerfile
            .tree
            .node_tokens(node)
            .iter()
            .any(|t| t.kind == TokenKind::HeredocBody)
    }
}

/// The sources of a COPY: plain paths (`/opt/app/*` as `/opt/app`), `None` for any other.
fn copy_sources(line: &str, args: &Args) -> Vec<Option<String>> {
    let words: Vec<String> = match args {
        Args::List(words) => words.iter().map(|w| line[w.clone()].to_string()).collect(),
        Args::Json(strings) => strings.iter().map(|s| s.value.clone()).collect(),
        _ => Vec::new(),
    };
    let count = words.len().saturating_sub(1);
    words
        .into_iter()
        .take(count)
        .map(|source| {
            let folder = source.strip_suffix("/*").unwrap_or(&source);
            let plain = !folder.is_empty() && !folder.contains(['$', '*', '?', '[']);
            plain.then(|| folder.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_used_only_by_copy_from_do_not_ship_their_layers() {
        let dockerfile = Dockerfile::parse(
            "FROM alpine AS fetch\nRUN a\nFROM debian AS base\nRUN b\nFROM base AS app\nRUN c\n\
             FROM debian AS tools\nRUN d\nFROM scratch AS test\nRUN e\n\
             FROM app\nCOPY --from=fetch /root/bin /usr/bin\nCOPY --from=3 /opt/* /opt/\n",
        );
        let settings = Settings::default();
        let context = Context::new(&dockerfile, None, &settings);
        let ships = |index| context.layers_ship(index);
        assert!(!ships(1), "fetch: only copied from");
        assert!(
            ships(3) && ships(5),
            "base and app: the last stage is built FROM them"
        );
        assert!(!ships(7), "tools: only copied from, by number");
        assert!(ships(9), "test: used by nothing, a build target");
        assert!(ships(11), "the last stage");
        assert!(
            context.copied_out(1, "/root/bin/tool") && !context.copied_out(1, "/root/.cache/pip")
        );
        assert!(context.copied_out(7, "/opt/x") && !context.copied_out(7, "/var/lib/apt/lists"));
    }

    #[test]
    fn copy_from_sees_stages_defined_further_down() {
        // BuildKit registers every stage before it resolves `--from`.
        let dockerfile = Dockerfile::parse(
            "FROM alpine AS app\nCOPY --from=tools /x /x\nFROM alpine AS tools\nRUN d\nFROM app\n",
        );
        let settings = Settings::default();
        let context = Context::new(&dockerfile, None, &settings);
        assert!(!context.layers_ship(3), "tools: only copied from");
        assert!(context.copied_out(3, "/x"));
    }
}
