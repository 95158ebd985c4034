//! Shell-form RUN instructions as the passes see them: the script text, its parse, and the
//! package-manager commands in it.

use std::cell::OnceCell;
use std::ops::Range;

use super::Context;
use crate::diagnostic::Edit;
use crate::knowledge::PackageManager;
use crate::model::{Args, Command, Instruction, Keyword};
use crate::shell::command::Script;
use crate::shell::vocabulary::{executable_name, has_flag_by, program_start};

/// A RUN in shell form under a POSIX shell, without heredocs, whose script parses: a RUN
/// instruction, or the RUN trigger of an ONBUILD (which runs in the builds FROM this image).
pub struct ShellRun<'a> {
    pub index: usize,
    pub instruction: &'a Instruction<'a>,
    /// The RUN command (ONBUILD's trigger for ONBUILD RUN).
    pub command: &'a Command,
    /// An `ONBUILD RUN`.
    pub onbuild: bool,
    /// The script, in the instruction's logical line.
    pub range: Range<usize>,
    pub text: &'a str,
    pub script: Script,
    /// Each command's words (parallel to `script.commands`).
    words: Vec<Vec<&'a str>>,
    /// Each command's program: its index in the words (see `program_start`).
    starts: Vec<Option<usize>>,
    /// Each package manager's invocations (in `Knowledge::managers` order), found on first
    /// use: a dozen rules ask for them.
    invocations: OnceCell<Vec<Vec<Invocation>>>,
}

impl<'a> ShellRun<'a> {
    /// The RUN at `index`, if it is one the passes can read (see `Context::shell_run`, which
    /// keeps it so that the script is parsed once for every rule).
    pub(super) fn parse(context: &Context<'a>, index: usize) -> Option<ShellRun<'a>> {
        let instruction = context.instructions().get(index)?;
        let outer = instruction.command.as_ref()?;
        let command = outer.effective();
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
        // BuildKit once read `[...]x` as JSON; not ours to touch. A template (`{{ ... }}`,
        // a file that generates Dockerfiles) is not shell text yet.
        if text.starts_with('[') || text.contains("{{") {
            return None;
        }
        let script = Script::parse(text)?;
        let words = script
            .commands
            .iter()
            .map(|command| command.words.iter().map(|r| &text[r.clone()]).collect())
            .collect::<Vec<Vec<&str>>>();
        let starts = words.iter().map(|words| program_start(words)).collect();
        Some(ShellRun {
            index,
            instruction,
            command,
            onbuild: outer.keyword == Keyword::Onbuild,
            range: range.clone(),
            text,
            script,
            words,
            starts,
            invocations: OnceCell::new(),
        })
    }

    /// The words of the command at `index` of `script.commands`.
    pub fn words(&self, index: usize) -> &[&'a str] {
        self.words.get(index).map_or(&[], Vec::as_slice)
    }

    /// Where the program of the command at `index` is in its words, after `NAME=value`
    /// prefixes and wrappers (see `program_start`); `None` when it has none.
    pub fn program_start(&self, index: usize) -> Option<usize> {
        self.starts.get(index).copied().flatten()
    }

    /// The program of the command at `index` without its folder (`/usr/bin/wget`: `wget`).
    pub fn program_name(&self, index: usize) -> Option<&'a str> {
        Some(executable_name(
            self.words(index).get(self.program_start(index)?)?,
        ))
    }

    /// Each command's words, in the order of `script.commands`.
    pub fn command_words(&self) -> impl Iterator<Item = &[&'a str]> {
        self.words.iter().map(Vec::as_slice)
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

    /// Targets of `--mount=type=cache` and `--mount=type=tmpfs` flags: folders whose
    /// content never reaches the layer.
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
                let kept_out = fields
                    .iter()
                    .any(|&(k, v)| k == "type" && matches!(v, "cache" | "tmpfs"));
                let target = fields
                    .iter()
                    .find(|(k, _)| matches!(*k, "target" | "dst" | "destination"))?;
                kept_out.then(|| target.1.trim_end_matches('/').to_string())
            })
            .collect()
    }

    /// Whether a cache or tmpfs mount covers `dir` (the mount is `dir` or a parent of it).
    pub fn cache_mount_covers(&self, dir: &str) -> bool {
        self.cache_mounts()
            .iter()
            .any(|target| path_covers(target, dir))
    }

    /// The script with blanks collapsed, for substring tests.
    pub fn normalized(&self) -> String {
        self.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Whether the script ends so that a command appended with ` && ...` would not run after
    /// all of it: after an operator (`a &&`, `a;`), or inside a compound command left open.
    pub fn refuses_appending(&self) -> bool {
        let end = self.text.trim_end().len();
        self.script.ends_open
            || self
                .script
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
    /// The subcommand; empty when there is none (`yarn`, `yarn --frozen-lockfile`).
    pub subcommand: String,
    /// Range of the subcommand word in the script (of the program's last word when there
    /// is no subcommand).
    pub subcommand_range: Range<usize>,
    /// Options between the program and the subcommand (`dnf -y clean all`: `-y`).
    pub options: Vec<Range<usize>>,
    /// Words after the subcommand.
    pub arguments: Vec<Range<usize>>,
}

/// Whether `word` runs `program`: the same name (any folder), with a version after it when
/// the manager's programs are versioned (`pip3.12`, `python3`).
fn names_program(word: &str, program: &str, versioned: bool) -> bool {
    is_program_name(executable_name(word), program, versioned)
}

/// How many of `words` (the command's, from its program on, whose name is `name`) run
/// `program` (`apt-get`, `python -m pip`), if they do.
fn program_length(program: &str, name: &str, words: &[&str], versioned: bool) -> Option<usize> {
    let mut parts = program.split(' ');
    if !is_program_name(name, parts.next()?, versioned) {
        return None;
    }
    let mut length = 1;
    for part in parts {
        if !names_program(words.get(length)?, part, versioned) {
            return None;
        }
        length += 1;
    }
    Some(length)
}

/// `names_program` for a name without its folder.
fn is_program_name(name: &str, program: &str, versioned: bool) -> bool {
    match name.strip_prefix(program) {
        Some("") => true,
        Some(version) => {
            versioned
                && version.starts_with(|c: char| c.is_ascii_digit())
                && version.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        }
        None => false,
    }
}

/// Every command of `run` that runs `manager` (one of `Knowledge::managers`, the table the
/// rules read), with its subcommand; found once per RUN and manager.
pub fn invocations<'r>(run: &'r ShellRun, manager: &PackageManager) -> &'r [Invocation] {
    let managers = &crate::knowledge::knowledge().managers;
    // Rules pass the table's own entries: found by address, by name only otherwise.
    let index = managers
        .iter()
        .position(|known| std::ptr::eq(known, manager))
        .or_else(|| managers.iter().position(|known| known.name == manager.name));
    let Some(index) = index else {
        return &[];
    };
    // Every manager's at once: most rules that ask for one, ask for all of them.
    run.invocations
        .get_or_init(|| find_invocations(run))
        .get(index)
        .map_or(&[], Vec::as_slice)
}

/// Every command of `run` that runs a package manager, by manager (`Knowledge::managers`
/// order), in one pass over the commands.
fn find_invocations(run: &ShellRun) -> Vec<Vec<Invocation>> {
    let managers = &crate::knowledge::knowledge().managers;
    let mut found: Vec<Vec<Invocation>> = managers.iter().map(|_| Vec::new()).collect();
    let mut candidates = Vec::new();
    for index in 0..run.script.commands.len() {
        let (Some(start), Some(name)) = (run.program_start(index), run.program_name(index)) else {
            continue;
        };
        managers_named(name, &mut candidates);
        for &manager in &candidates {
            if let (Some(known), Some(found)) = (managers.get(manager), found.get_mut(manager)) {
                found.extend(invocation_at(run, index, start, name, known));
            }
        }
    }
    found
}

/// The managers (indices into `Knowledge::managers`, ascending, once each) one of whose
/// programs can start with the program `name`, into `found` (cleared first): `name` itself,
/// or (for versioned managers) `name` without a version suffix (`pip3.12`: `pip3`, `pip`).
/// Most commands (`echo`, `rm`, `cd`) name none, and are then not compared with every
/// manager's programs.
fn managers_named(name: &str, found: &mut Vec<usize>) {
    let by_word = managers_by_first_word();
    found.clear();
    found.extend(by_word.get(name).into_iter().flatten());
    let bytes = name.as_bytes();
    let mut cut = bytes.len();
    while cut > 0 && (bytes[cut - 1].is_ascii_digit() || bytes[cut - 1] == b'.') {
        cut -= 1;
        if bytes[cut].is_ascii_digit()
            && let Some(managers) = by_word.get(&name[..cut])
        {
            found.extend(managers);
        }
    }
    found.sort_unstable();
    found.dedup();
}

/// For each first word of a manager's program (`python3 -m pip`: `python3`), the managers
/// that have it.
fn managers_by_first_word() -> &'static foldhash::HashMap<&'static str, Vec<usize>> {
    static INDEX: std::sync::OnceLock<foldhash::HashMap<&'static str, Vec<usize>>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: foldhash::HashMap<&'static str, Vec<usize>> = foldhash::HashMap::default();
        for (position, manager) in crate::knowledge::knowledge().managers.iter().enumerate() {
            for program in &manager.programs {
                let first = program.split(' ').next().unwrap_or(program);
                let managers = index.entry(first).or_default();
                if !managers.contains(&position) {
                    managers.push(position);
                }
            }
        }
        index
    })
}

/// The command at `index` (its program at word `start`, named `name`) as an invocation of
/// `manager`, if it runs it.
fn invocation_at(
    run: &ShellRun,
    index: usize,
    start: usize,
    name: &str,
    manager: &PackageManager,
) -> Option<Invocation> {
    let words = run.words(index);
    let command = run.script.commands.get(index)?;
    let length = manager
        .programs
        .iter()
        .find_map(|program| program_length(program, name, &words[start..], manager.versioned))?;
    let program_end = start + length;
    let mut position = program_end;
    // Options before the subcommand, and the values of those that take one.
    while let Some(word) = words.get(position) {
        if !word.starts_with('-') {
            break;
        }
        let takes_value = manager.options_with_value.iter().any(|o| o == word);
        position += if takes_value { 2 } else { 1 };
    }
    let position = position.min(words.len());
    let (subcommand, subcommand_range) = match words.get(position) {
        Some(subcommand) => (subcommand.to_string(), command.words[position].clone()),
        None if manager.bare_install => (String::new(), command.words[program_end - 1].clone()),
        None => return None,
    };
    Some(Invocation {
        command: index,
        program: words[start..program_end].join(" "),
        subcommand,
        subcommand_range,
        options: command.words[program_end..position].to_vec(),
        arguments: command.words[(position + 1).min(words.len())..].to_vec(),
    })
}

/// Every invocation of `manager` in the file's RUNs, in order, each with its RUN.
pub fn file_invocations<'c, 'a>(
    context: &'c Context<'a>,
    manager: &PackageManager,
) -> impl Iterator<Item = (&'c ShellRun<'a>, &'c Invocation)> {
    (0..context.instructions().len())
        .filter_map(|index| context.shell_run(index))
        .flat_map(move |run| invocations(run, manager).iter().map(move |i| (run, i)))
}

impl Invocation {
    /// An edit that adds `option` right after the subcommand (`apt-get install -y ...`).
    pub fn add_option(&self, run: &ShellRun, context: &Context, option: &str) -> Option<Edit> {
        let at = run.source_range(context, self.subcommand_range.clone())?;
        Some(Edit::insert(at.end, format!(" {option}")))
    }

    /// Whether the options or arguments carry one of `options` (`-y`, `--no-cache`), alone,
    /// in a short cluster or with a value (see `has_flag`).
    pub fn has_option<S: AsRef<str>>(&self, run: &ShellRun, options: &[S]) -> bool {
        let words = self
            .options
            .iter()
            .chain(&self.arguments)
            .map(|r| &run.text[r.clone()]);
        let is_short = |letter: char| {
            options.iter().any(|option| {
                let mut chars = option.as_ref().chars();
                chars.next() == Some('-') && chars.next() == Some(letter) && chars.next().is_none()
            })
        };
        let is_long = |name: &str| {
            options
                .iter()
                .any(|option| option.as_ref().strip_prefix("--") == Some(name))
        };
        has_flag_by(words, is_short, is_long)
    }

    /// Whether it downloads and installs packages: an install subcommand (or the bare
    /// program, for managers whose bare program installs) that is not a dry run.
    pub fn is_install(&self, run: &ShellRun, manager: &PackageManager) -> bool {
        let install = if self.subcommand.is_empty() {
            manager.bare_install
        } else {
            manager.install.contains(&self.subcommand)
        };
        install && !self.has_option(run, &manager.dry_run)
    }

    /// Whether it fetches the package index.
    pub fn is_update(&self, manager: &PackageManager) -> bool {
        manager.update.contains(&self.subcommand)
    }

    /// Whether it runs `subcommand` (one or more words: `cache clean`), options aside.
    pub fn runs(&self, run: &ShellRun, subcommand: &str) -> bool {
        let mut wanted = subcommand.split(' ');
        if wanted.next() != Some(self.subcommand.as_str()) {
            return false;
        }
        let mut arguments = self
            .arguments
            .iter()
            .map(|r| &run.text[r.clone()])
            .filter(|word| !word.starts_with('-'));
        wanted.all(|word| arguments.next() == Some(word))
    }
}

/// Whether the folder `outer` is `inner` or one of its parents. A folder written `~/x`
/// stands for `x` in any home folder (`~`, `$HOME`, `/root`, `/home/NAME`).
pub fn path_covers(outer: &str, inner: &str) -> bool {
    let (outer, inner) = (outer.trim_end_matches('/'), inner.trim_end_matches('/'));
    let below = |outer: &str, inner: &str| {
        inner == outer
            || inner
                .strip_prefix(outer)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    match (in_home(outer), in_home(inner)) {
        (Some(outer), Some(inner)) => below(outer, inner),
        _ => below(outer, inner),
    }
}

/// The part of a path below a home folder (`~/.npm`, `$HOME/.npm`, `/root/.npm`,
/// `/home/app/.npm`: `.npm`), if it is in one.
fn in_home(path: &str) -> Option<&str> {
    for home in ["~/", "$HOME/", "${HOME}/", "/root/"] {
        if let Some(rest) = path.strip_prefix(home) {
            return Some(rest);
        }
    }
    let user_and_rest = path.strip_prefix("/home/")?;
    Some(user_and_rest.split_once('/')?.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managers_by_name_are_those_whose_programs_it_can_start() {
        let managers = &crate::knowledge::knowledge().managers;
        for name in [
            "apt-get",
            "apt",
            "pip",
            "pip3",
            "pip3.12",
            "python",
            "python3",
            "python3.11",
            "python.",
            "dnf5",
            "dnf",
            "dnf55",
            "microdnf",
            "npm",
            "npm2",
            "echo",
            "3",
            "",
            ".",
        ] {
            let expected: Vec<usize> = managers
                .iter()
                .enumerate()
                .filter(|(_, manager)| {
                    manager.programs.iter().any(|program| {
                        let first = program.split(' ').next().unwrap_or(program);
                        is_program_name(name, first, manager.versioned)
                    })
                })
                .map(|(index, _)| index)
                .collect();
            let mut named = Vec::new();
            managers_named(name, &mut named);
            let found: Vec<usize> = named
                .into_iter()
                .filter(|&index| {
                    let manager = &managers[index];
                    manager.programs.iter().any(|program| {
                        let first = program.split(' ').next().unwrap_or(program);
                        is_program_name(name, first, manager.versioned)
                    })
                })
                .collect();
            assert_eq!(found, expected, "{name}");
        }
        let mut named = vec![7];
        managers_named("echo", &mut named);
        assert!(named.is_empty());
        managers_named("pip3.12", &mut named);
        assert!(!named.is_empty());
    }

    #[test]
    fn versioned_program_names() {
        assert!(
            names_program("pip3.12", "pip", true) && names_program("/usr/bin/pip2", "pip", true)
        );
        assert!(names_program("python3", "python", true) && names_program("pip", "pip", false));
        assert!(!names_program("pip3", "pip", false) && !names_program("pipx", "pip", true));
        assert!(!names_program("pip3a", "pip", true) && !names_program("pi", "pip", true));
    }

    #[test]
    fn folders_cover_what_is_below_them() {
        assert!(path_covers("/var/lib/apt", "/var/lib/apt/lists"));
        assert!(path_covers("/var/lib/apt/lists/", "/var/lib/apt/lists"));
        assert!(!path_covers("/var/lib/ap", "/var/lib/apt/lists"));
        assert!(!path_covers(
            "/var/lib/apt/lists/partial",
            "/var/lib/apt/lists"
        ));
        assert!(path_covers("/root/.cache", "~/.cache/pip"));
        assert!(path_covers("/home/app/.cache/pip", "~/.cache/pip"));
        assert!(path_covers("$HOME/.npm", "~/.npm") && path_covers("~/.npm", "/root/.npm"));
        assert!(!path_covers("/root/.cache/pip", "/usr/.cache/pip"));
    }
}
