//! The default merge policy, `related`: which consecutive RUNs do one job together. Two RUNs
//! that do unrelated work stay apart (they are separate cache steps, and easier to read and
//! change one at a time); merging them saves a layer and nothing else.

use std::ops::Range;

use super::super::Context;
use super::super::package_cache::{cleaned_after, removed_paths, removes_cache};
use super::super::run_commands::commands_of;
use super::super::shell_run::{Invocation, ShellRun, invocations};
use crate::knowledge::PackageManager;
use crate::shell::vocabulary::{flag_value, has_flag};

/// Why a RUN belongs with the RUN just before it.
pub enum Relation {
    /// It goes on with the previous RUN's work: the two are chained with `&&`.
    Continues,
    /// It installs more packages with the same manager, program and options as the previous
    /// RUN's last command: its packages join that install.
    Combines {
        /// The previous RUN's install command (index in its script).
        into: usize,
        /// The packages, as ranges of this RUN's script.
        packages: Vec<Range<usize>>,
    },
}

/// How `next` relates to `previous`, the RUN just before it, if it does:
/// - an install with the same manager, program and options as `previous`'s last command,
///   and nothing else: one install of both package lists;
/// - an install that uses the package index `previous` fetched and left (`apt-get update`,
///   then `apt-get install`);
/// - a RUN that only cleans up after `previous`: removes files `previous` names, packages
///   or the cache of a package manager `previous` ran;
/// - a RUN that uses (unpacks, runs, deletes, ...) a file `previous` downloaded.
pub fn relation(context: &Context, previous: &ShellRun, next: &ShellRun) -> Option<Relation> {
    for manager in &context.knowledge.managers {
        if let Some(combined) = combines(previous, next, manager) {
            return Some(combined);
        }
    }
    let continues = context
        .knowledge
        .managers
        .iter()
        .any(|manager| uses_index(previous, next, manager))
        || only_cleans_up_after(context, previous, next)
        || uses_download(previous, next);
    continues.then_some(Relation::Continues)
}

/// `next` is one install of `manager` that can join `previous`'s last command, an install
/// with the same words before the packages.
fn combines(previous: &ShellRun, next: &ShellRun, manager: &PackageManager) -> Option<Relation> {
    if !manager.combine_installs
        || next.script.commands.len() != 1
        || !next.script.operators.is_empty()
    {
        return None;
    }
    let added = invocations(next, manager).first()?;
    let into = previous.script.commands.len().checked_sub(1)?;
    let target = invocations(previous, manager)
        .iter()
        .find(|invocation| invocation.command == into)?;
    let (options_added, packages) = install_arguments(next, added, manager)?;
    let (options_target, _) = install_arguments(previous, target, manager)?;
    let plain = added.is_install(next, manager)
        && target.is_install(previous, manager)
        && previous.script.commands[into].depth == 0
        && start_words(next, added) == start_words(previous, target)
        && options_added == options_target
        && !packages.is_empty();
    plain.then_some(Relation::Combines { into, packages })
}

/// The words of an invocation up to its subcommand: assignments, wrappers, the program and
/// its global options.
fn start_words<'r>(run: &'r ShellRun, invocation: &Invocation) -> Vec<&'r str> {
    let command = &run.script.commands[invocation.command];
    command
        .words
        .iter()
        .take_while(|word| word.end <= invocation.subcommand_range.end)
        .map(|word| &run.text[word.clone()])
        .collect()
}

/// An install's option words and package arguments, when every argument is a plain option
/// (no value of its own) or a plain package name.
fn install_arguments<'r>(
    run: &'r ShellRun,
    invocation: &Invocation,
    manager: &PackageManager,
) -> Option<(Vec<&'r str>, Vec<Range<usize>>)> {
    let mut options = Vec::new();
    let mut packages = Vec::new();
    for range in &invocation.arguments {
        let word = &run.text[range.clone()];
        if word.starts_with('-') {
            if manager.options_with_value.iter().any(|o| o == word) || word == "--" {
                return None;
            }
            options.push(word);
        } else if word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._+:=~-".contains(&b))
        {
            packages.push(range.clone());
        } else {
            return None;
        }
    }
    Some((options, packages))
}

/// `previous` fetched `manager`'s index and left it; `next` installs from it without
/// fetching it again.
fn uses_index(previous: &ShellRun, next: &ShellRun, manager: &PackageManager) -> bool {
    if manager.update.is_empty() {
        return false;
    }
    let before = invocations(previous, manager);
    let Some(update) = before.iter().rev().find(|i| i.is_update(manager)) else {
        return false;
    };
    if cleaned_after(previous, manager, before, update.command) {
        return false;
    }
    let after = invocations(next, manager);
    after.iter().any(|i| i.is_install(next, manager)) && !after.iter().any(|i| i.is_update(manager))
}

/// Every command of `next` removes what `previous` made: `rm` or `rmdir` of a file that
/// `previous` names (or of the cache of a package manager it ran), or a removal or cache
/// cleanup of a package manager it ran (`apt-get purge`, `apk del`, `npm cache clean`).
fn only_cleans_up_after(context: &Context, previous: &ShellRun, next: &ShellRun) -> bool {
    let managers: Vec<&PackageManager> = context
        .knowledge
        .managers
        .iter()
        .filter(|manager| !invocations(previous, manager).is_empty())
        .collect();
    let removals: Vec<&Invocation> = managers
        .iter()
        .flat_map(|manager| {
            invocations(next, manager).iter().filter(move |invocation| {
                manager.removes.contains(&invocation.subcommand)
                    || manager
                        .cleaned_by
                        .iter()
                        .any(|subcommand| invocation.runs(next, subcommand))
            })
        })
        .collect();
    let named: Vec<String> = previous
        .command_words()
        .flatten()
        .copied()
        .filter_map(file_name)
        .collect();
    let removes_what_previous_made = |path: &str| {
        let folder = path.strip_suffix("/*").unwrap_or(path);
        file_name(folder).is_some_and(|name| named.contains(&name))
            || managers
                .iter()
                .any(|manager| removes_cache(&["rm", path], manager))
    };
    !next.script.commands.is_empty()
        && next.script.commands.iter().enumerate().all(|(index, _)| {
            let words = next.words(index);
            let paths = removed_paths(words).or_else(|| {
                let start = next.program_start(index)?;
                (next.program_name(index)? == "rmdir").then(|| {
                    words[start + 1..]
                        .iter()
                        .copied()
                        .filter(|w| !w.starts_with('-'))
                        .collect()
                })
            });
            match paths {
                Some(paths) => paths.iter().any(|path| removes_what_previous_made(path)),
                None => removals.iter().any(|removal| removal.command == index),
            }
        })
}

/// `next` names (by its file name) a file `previous` downloaded with curl, wget or
/// `git clone`.
fn uses_download(previous: &ShellRun, next: &ShellRun) -> bool {
    let downloaded = downloads(previous);
    if downloaded.is_empty() {
        return false;
    }
    next.command_words().any(|words| {
        words
            .iter()
            .any(|word| file_name(word).is_some_and(|name| downloaded.contains(&name)))
    })
}

/// The names of the files (or folders) a RUN downloads.
fn downloads(run: &ShellRun) -> Vec<String> {
    let mut names = Vec::new();
    for command in commands_of(run) {
        let arguments = command.arguments();
        let url = arguments.iter().find(|word| word.contains("://"));
        let written = match command.program() {
            "curl" => match flag_value(arguments, Some('o'), &["output"]) {
                Some(file) => Some(file.to_string()),
                None if has_flag(arguments, "O", &["remote-name"]) => url.map(|u| u.to_string()),
                None => None,
            },
            "wget" => match flag_value(arguments, Some('O'), &["output-document"]) {
                Some(file) => Some(file.to_string()),
                // `-qO-` writes to standard output.
                None if arguments
                    .iter()
                    .any(|w| w.starts_with('-') && w.ends_with("O-")) =>
                {
                    None
                }
                None => url.map(|u| u.to_string()),
            },
            "git" if arguments.first() == Some(&"clone") => {
                let operands: Vec<&&str> = arguments[1..]
                    .iter()
                    .filter(|w| !w.starts_with('-'))
                    .collect();
                match operands.as_slice() {
                    [_, folder, ..] => Some(folder.to_string()),
                    [url] => Some(url.trim_end_matches(".git").to_string()),
                    [] => None,
                }
            }
            _ => None,
        };
        names.extend(written.as_deref().and_then(file_name));
    }
    names
}

/// The last path component of a word naming a file (quotes, a URL's query and a trailing
/// slash removed); `None` for standard output, variables and globs.
fn file_name(word: &str) -> Option<String> {
    let word = word.replace(['"', '\''], "");
    let path = word
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let name = path.rsplit('/').next().unwrap_or(path);
    let plain = !name.is_empty()
        && name != "-"
        && name != "."
        && name != ".."
        && !name.contains(['$', '*', '?', '[', '`', '=']);
    plain.then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_of_downloads() {
        assert_eq!(
            file_name("https://x.org/a/tool.tgz?raw=1").as_deref(),
            Some("tool.tgz")
        );
        assert_eq!(file_name("\"/tmp/tool.tgz\"").as_deref(), Some("tool.tgz"));
        assert_eq!(file_name("/usr/src/repo/").as_deref(), Some("repo"));
        assert_eq!(file_name("-"), None);
        assert_eq!(file_name("$FILE"), None);
        assert_eq!(file_name("--output=x"), None);
    }
}
