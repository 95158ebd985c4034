//! Shell-form RUN instructions as the passes see them: the script text, its parse, and the
//! package-manager commands in it.

use std::ops::Range;

use super::Context;
use crate::diagnostic::Edit;
use crate::knowledge::PackageManager;
use crate::model::{Args, Command, Instruction, Keyword};
use crate::shell::command::{Script, SimpleCommand};
use crate::shell::vocabulary::{executable_name, has_flag, program_start};

/// A RUN in shell form under a POSIX shell, without heredocs, whose script parses.
pub struct ShellRun<'a> {
    pub index: usize,
    pub instruction: &'a Instruction<'a>,
    pub command: &'a Command,
    /// The script, in the instruction's logical line.
    pub range: Range<usize>,
    pub text: &'a str,
    pub script: Script,
}

impl<'a> ShellRun<'a> {
    /// The RUN at `index`, if it is one the passes can read (see `Context::shell_run`, which
    /// keeps it so that the script is parsed once for every rule).
    pub(super) fn parse(context: &Context<'a>, index: usize) -> Option<ShellRun<'a>> {
        let instruction = context.instructions().get(index)?;
        let command = instruction.command.as_ref()?;
        if command.keyword != Keyword::Run
            || !context.posix_shell
            || context.has_heredoc(instruction)
        {
            return None;
        }
        let Args::Shell(range) = &command.args else {
            return None;
        };
        let text = &instruction.logical.text[range.clone()];
        // BuildKit once read `[...]x` as JSON; not ours to touch.
        if text.starts_with('[') {
            return None;
        }
        let script = Script::parse(text)?;
        Some(ShellRun {
            index,
            instruction,
            command,
            range: range.clone(),
            text,
            script,
        })
    }

    pub fn words(&self, command: &SimpleCommand) -> Vec<&'a str> {
        command
            .words
            .iter()
            .map(|r| &self.text[r.clone()])
            .collect()
    }

    /// Source span of a range of the script.
    pub fn span(&self, context: &Context, range: Range<usize>) -> Range<usize> {
        context.span(
            self.instruction,
            range.start + self.range.start..range.end + self.range.start,
        )
    }

    /// Source range of a range of the script when it lies on one line.
    pub fn source_range(&self, context: &Context, range: Range<usize>) -> Option<Range<usize>> {
        context.source_range(
            self.instruction,
            range.start + self.range.start..range.end + self.range.start,
        )
    }

    /// Targets of `--mount=type=cache` flags.
    pub fn cache_mounts(&self) -> Vec<String> {
        self.command
            .flags
            .iter()
            .filter(|f| f.name() == "mount")
            .filter_map(|f| {
                let spec = f.value()?;
                let fields: Vec<(&str, &str)> = spec
                    .split(',')
                    .filter_map(|kv| kv.split_once('='))
                    .collect();
                let is_cache = fields.iter().any(|&(k, v)| k == "type" && v == "cache");
                let target = fields
                    .iter()
                    .find(|(k, _)| matches!(*k, "target" | "dst" | "destination"))?;
                is_cache.then(|| target.1.trim_end_matches('/').to_string())
            })
            .collect()
    }

    /// Whether a cache mount covers `dir` (the mount is `dir` or a parent of it).
    pub fn cache_mount_covers(&self, dir: &str) -> bool {
        self.cache_mounts()
            .iter()
            .any(|target| dir == target || dir.starts_with(&format!("{target}/")))
    }

    /// The script with blanks collapsed, for substring tests.
    pub fn normalized(&self) -> String {
        self.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Whether the script ends with an operator (`a &&`, `a;`) after which nothing may follow.
    pub fn ends_with_operator(&self) -> bool {
        let end = self.text.trim_end().len();
        self.script
            .operators
            .last()
            .is_some_and(|(_, range, _)| range.end == end)
    }
}

/// A package-manager command in a script: which command, which program, which subcommand.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// Index into `Script::commands`.
    pub command: usize,
    /// The program as written (`apt-get`, `python3 -m pip`).
    pub program: String,
    pub subcommand: String,
    /// Range of the subcommand word in the script.
    pub subcommand_range: Range<usize>,
    /// Words after the subcommand.
    pub arguments: Vec<Range<usize>>,
}

/// Every command of `run` that runs `manager`, with its subcommand.
pub fn invocations(run: &ShellRun, manager: &PackageManager) -> Vec<Invocation> {
    let mut found = Vec::new();
    // Most RUNs name no package manager at all: a substring test says so cheaply.
    let named = manager.programs.iter().any(|program| {
        run.text
            .contains(program.split(' ').next().unwrap_or(program))
    });
    if !named {
        return found;
    }

    for (index, command) in run.script.commands.iter().enumerate() {
        let words = run.words(command);
        let Some(start) = program_start(&words) else {
            continue;
        };
        let Some(program) = manager.programs.iter().find(|program| {
            let parts: Vec<&str> = program.split(' ').collect();
            words.len() >= start + parts.len()
                && parts
                    .iter()
                    .zip(&words[start..])
                    .all(|(part, word)| executable_name(word) == *part)
        }) else {
            continue;
        };
        let mut position = start + program.split(' ').count();
        // Options before the subcommand, and the values of those that take one.
        while let Some(word) = words.get(position) {
            if !word.starts_with('-') {
                break;
            }
            let takes_value = manager.options_with_value.iter().any(|o| o == word);
            position += if takes_value { 2 } else { 1 };
        }
        let Some(subcommand) = words.get(position) else {
            continue;
        };
        found.push(Invocation {
            command: index,
            program: words[start..start + program.split(' ').count()].join(" "),
            subcommand: subcommand.to_string(),
            subcommand_range: command.words[position].clone(),
            arguments: command.words[position + 1..].to_vec(),
        });
    }
    found
}

/// Every invocation of `manager` in the file's RUNs, in order, each with its RUN.
pub fn file_invocations<'c, 'a>(
    context: &'c Context<'a>,
    manager: &PackageManager,
) -> Vec<(&'c ShellRun<'a>, Invocation)> {
    (0..context.instructions().len())
        .filter_map(|index| context.shell_run(index))
        .flat_map(|run| invocations(run, manager).into_iter().map(move |i| (run, i)))
        .collect()
}

impl Invocation {
    /// An edit that adds `option` right after the subcommand (`apt-get install -y ...`).
    pub fn add_option(&self, run: &ShellRun, context: &Context, option: &str) -> Option<Edit> {
        let at = run.source_range(context, self.subcommand_range.clone())?;
        Some(Edit::insert(at.end, format!(" {option}")))
    }

    /// Whether the arguments carry one of `options` (`-y`, `--no-cache`), alone, in a short
    /// cluster or with a value (see `has_flag`).
    pub fn has_option(&self, run: &ShellRun, options: &[&str]) -> bool {
        let arguments: Vec<&str> = self
            .arguments
            .iter()
            .map(|r| &run.text[r.clone()])
            .collect();
        let short: String = options
            .iter()
            .filter_map(|o| o.strip_prefix('-').filter(|o| o.len() == 1))
            .collect();
        let long: Vec<&str> = options
            .iter()
            .filter_map(|o| o.strip_prefix("--"))
            .collect();
        has_flag(&arguments, &short, &long)
    }
}
