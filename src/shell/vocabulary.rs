//! The shell questions every rule asks, answered once: is this word an assignment, a
//! builtin, a command that changes the shell's state; where does a command's program start;
//! does a command carry an option. Rules use these instead of their own copies.

/// POSIX `name`: a letter or `_`, then letters, digits and `_`.
pub fn is_variable_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether a word is a variable assignment (`NAME=value`, bash's `NAME+=value` too).
pub fn is_assignment(word: &str) -> bool {
    // A byte loop: words are short, and this runs on every word a command starts with.
    let Some(equals) = word.bytes().position(|byte| byte == b'=') else {
        return false;
    };
    let name = &word[..equals];
    is_variable_name(name.strip_suffix('+').unwrap_or(name))
}

/// Words that only exist inside a shell: its keywords and builtins (no program of that name
/// runs them the same way), so exec form cannot run them.
const SHELL_ONLY: [&str; 46] = [
    "!", ".", ":", "[[", "{", "}", "(", "alias", "bg", "break", "case", "cd", "command",
    "continue", "declare", "eval", "exec", "exit", "export", "fg", "for", "function", "getopts",
    "hash", "if", "jobs", "let", "local", "read", "readonly", "return", "select", "set", "shift",
    "shopt", "source", "times", "trap", "typeset", "ulimit", "umask", "unset", "until", "wait",
    "while", "unalias",
];

/// Builtins whose effect on the shell outlives the command: what a later command in the same
/// shell sees (the working folder, variables, options, traps, limits, the shell itself).
const STATE_CHANGING: [&str; 24] = [
    "cd", "pushd", "popd", "export", "source", ".", "umask", "ulimit", "shopt", "alias", "unalias",
    "unset", "trap", "exec", "exit", "declare", "typeset", "readonly", "local", "eval", "hash",
    "shift", "read", "return",
];

/// Whether `word`, as a command's first word, is a shell keyword or builtin.
pub fn is_shell_only(word: &str) -> bool {
    SHELL_ONLY.contains(&word)
}

/// Whether `word`, as a command's first word, changes the shell's state for later commands.
pub fn changes_shell_state(word: &str) -> bool {
    STATE_CHANGING.contains(&word)
}

/// Whether a simple command (its words) changes the shell's state for the commands after
/// it: a state-changing builtin, or assignments with no command (`A=1`; with a command,
/// `A=1 make`, the assignment only reaches that command).
pub fn command_changes_state(words: &[&str]) -> bool {
    match words.iter().position(|word| !is_assignment(word)) {
        Some(name) => changes_shell_state(words[name]),
        None => !words.is_empty(),
    }
}

/// Commands that run the command after them (and its arguments) as their own.
const WRAPPERS: [&str; 5] = ["sudo", "env", "command", "nice", "time"];

/// Where the program starts in a command's words: after `NAME=value` prefixes and wrappers
/// such as `sudo` and `env`. `None` when there is no program (assignments only).
pub fn program_start(words: &[&str]) -> Option<usize> {
    words
        .iter()
        .position(|word| !is_assignment(word) && !WRAPPERS.contains(word))
}

/// `/usr/bin/apt-get` -> `apt-get`.
pub fn executable_name(word: &str) -> &str {
    match word.as_bytes().iter().rposition(|&b| b == b'/') {
        Some(slash) => &word[slash + 1..],
        None => word,
    }
}

/// Whether a command's arguments carry an option, as hadolint's `hasAnyFlag` asks it: one of
/// the `short` letters alone or in a cluster (`-y`, `-qy`), or one of the `long` names
/// (`--yes`, `--yes=...`). Arguments after `--` are operands, not options. A short cluster
/// counts only while it is letters and digits: `-oAPT::Get=yes` is `-o` with a value.
pub fn has_flag(arguments: &[&str], short: &str, long: &[&str]) -> bool {
    has_flag_by(
        arguments.iter().copied(),
        |letter| short.contains(letter),
        |name| long.contains(&name),
    )
}

/// `has_flag` with the options as tests: `is_short` for a letter, `is_long` for a name.
pub fn has_flag_by<'a>(
    arguments: impl IntoIterator<Item = &'a str>,
    is_short: impl Fn(char) -> bool,
    is_long: impl Fn(&str) -> bool,
) -> bool {
    for argument in arguments {
        if argument == "--" {
            return false;
        }
        if let Some(name) = argument.strip_prefix("--") {
            let name = name.split_once('=').map_or(name, |(name, _)| name);
            if is_long(name) {
                return true;
            }
        } else if let Some(cluster) = argument.strip_prefix('-')
            && !cluster.is_empty()
            && cluster.bytes().all(|b| b.is_ascii_alphanumeric())
            && cluster.chars().any(&is_short)
        {
            return true;
        }
    }
    false
}

/// The value of an option: `--name value`, `--name=value`, `-n value` or `-nvalue`, or
/// `-abn value` (a cluster of short flags that ends with the option, as curl's `-fsSLo`).
pub fn flag_value<'w>(
    arguments: &[&'w str],
    short: Option<char>,
    long: &[&str],
) -> Option<&'w str> {
    let mut words = arguments.iter();
    while let Some(argument) = words.next() {
        if *argument == "--" {
            return None;
        }
        if let Some(name) = argument.strip_prefix("--") {
            match name.split_once('=') {
                Some((name, value)) if long.contains(&name) => return Some(value),
                None if long.contains(&name) => return words.next().copied(),
                _ => {}
            }
        } else if let (Some(letter), Some(rest)) = (short, argument.strip_prefix('-')) {
            if let Some(value) = rest.strip_prefix(letter) {
                return if value.is_empty() {
                    words.next().copied()
                } else {
                    Some(value)
                };
            }
            let cluster = rest.bytes().all(|b| b.is_ascii_alphanumeric());
            if cluster && rest.ends_with(letter) {
                return words.next().copied();
            }
        }
    }
    None
}

/// The letters of a short-option cluster, as a program that reads options like getopt sees
/// them: `-qO-` is `q` then `O` (whose value is `-`). Letters stop after the first one in
/// `takes_value`, whose value is the rest of the word. Empty for operands, `-` and `--long`.
pub fn short_options<'w>(
    argument: &'w str,
    takes_value: &'w str,
) -> impl Iterator<Item = char> + 'w {
    let cluster = argument
        .strip_prefix('-')
        .filter(|rest| !rest.starts_with('-'))
        .unwrap_or("");
    let mut done = false;
    cluster.chars().take_while(move |c| {
        let take = !done && c.is_ascii_alphanumeric();
        done = done || takes_value.contains(*c);
        take
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_need_a_valid_name() {
        assert!(is_assignment("A=1") && is_assignment("_a9=") && is_assignment("PATH+=:/x"));
        assert!(!is_assignment("=1") && !is_assignment("9A=1") && !is_assignment("a-b=1"));
        assert!(!is_assignment("--opt=1") && !is_assignment("echo"));
    }

    #[test]
    fn prefix_assignments_do_not_change_the_shell() {
        assert!(command_changes_state(&["A=1"]));
        assert!(command_changes_state(&["A=1", "B=2"]));
        assert!(!command_changes_state(&[
            "DEBIAN_FRONTEND=noninteractive",
            "apt-get"
        ]));
        assert!(command_changes_state(&["cd", "/tmp"]));
        assert!(command_changes_state(&["A=1", "export", "B"]));
        assert!(!command_changes_state(&["make", "cd"]));
        assert!(!command_changes_state(&[]));
    }

    #[test]
    fn program_start_skips_assignments_and_wrappers() {
        assert_eq!(
            program_start(&["A=1", "sudo", "apt-get", "install"]),
            Some(2)
        );
        assert_eq!(program_start(&["A=1"]), None);
        assert_eq!(executable_name("/usr/bin/apt-get"), "apt-get");
    }

    #[test]
    fn flags_alone_clustered_and_long() {
        let has = |words: &str| {
            has_flag(
                &words.split(' ').collect::<Vec<_>>(),
                "y",
                &["yes", "assume-yes"],
            )
        };
        assert!(has("install -y curl") && has("install -qy curl") && has("install --yes"));
        assert!(has("install --assume-yes=true"));
        assert!(!has("install curl") && !has("install --yesterday"));
        assert!(!has("install -oDebug::pkgProblemResolver=yes curl"));
        assert!(!has("install -- -y"));
    }

    #[test]
    fn flag_values_in_every_spelling() {
        let value = |words: &str| {
            let words: Vec<&str> = words.split(' ').collect();
            flag_value(&words, Some('u'), &["uid"]).map(str::to_string)
        };
        assert_eq!(value("-u 1000 app").as_deref(), Some("1000"));
        assert_eq!(value("-u1000 app").as_deref(), Some("1000"));
        assert_eq!(value("--uid=1000 app").as_deref(), Some("1000"));
        assert_eq!(value("--uid 1000 app").as_deref(), Some("1000"));
        assert_eq!(value("-mu 1000 app").as_deref(), Some("1000"));
        assert_eq!(value("-m app").as_deref(), None);
        assert_eq!(value("app").as_deref(), None);
        assert_eq!(value("-- -u 1").as_deref(), None);
    }

    #[test]
    fn short_option_clusters_stop_at_a_value() {
        let letters = |word| short_options(word, "Oo").collect::<String>();
        assert_eq!(letters("-qO-"), "qO");
        assert_eq!(letters("-Oq"), "O");
        assert_eq!(letters("-nv"), "nv");
        assert_eq!(letters("--quiet"), "");
        assert_eq!(letters("url"), "");
        assert_eq!(letters("-"), "");
    }
}
