//! The argument vector a POSIX shell would run for a command that uses no shell feature:
//! words split on blanks, quotes and escapes removed. Any feature that makes the shell do
//! more than that (expansion, globbing, operators, redirection, builtins, ...) is an error
//! naming it, so that callers can tell when exec form would run something else.

use super::vocabulary::{is_assignment, is_shell_only};

/// What the shell would do that exec form would not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Feature {
    #[error("`$` expansion")]
    Expansion,
    #[error("command substitution")]
    CommandSubstitution,
    #[error("a glob pattern (`{0}`)")]
    Glob(char),
    #[error("`~` expansion")]
    Tilde,
    #[error("the shell operator `{0}`")]
    Operator(char),
    #[error("a comment")]
    Comment,
    #[error("a leading variable assignment")]
    Assignment,
    #[error("the shell builtin or keyword `{0}`")]
    Builtin(String),
    #[error("unbalanced quotes")]
    Unbalanced,
    #[error("no command")]
    Empty,
}

/// The argv of `text`, or the first shell feature it uses. A leading `exec` is dropped: it
/// only asks the shell to run the rest in its place, which exec form does anyway.
pub fn argv(text: &str) -> Result<Vec<String>, Feature> {
    let mut words = split(text)?;
    if words.first().is_some_and(|w| w.text == "exec" && !w.quoted) && words.len() > 1 {
        words.remove(0);
        if words[0].text.starts_with('-') {
            return Err(Feature::Builtin("exec".into()));
        }
    }
    let Some(first) = words.first() else {
        return Err(Feature::Empty);
    };
    if !first.quoted {
        if is_shell_only(&first.text) {
            return Err(Feature::Builtin(first.text.clone()));
        }
        if is_assignment(&first.text) {
            return Err(Feature::Assignment);
        }
    }
    Ok(words.into_iter().map(|w| w.text).collect())
}

#[derive(Default)]
struct Word {
    text: String,
    /// Whether any part of the word was quoted or escaped (then it is not a keyword).
    quoted: bool,
}

fn split(text: &str) -> Result<Vec<Word>, Feature> {
    let mut words = Vec::new();
    let mut current: Option<Word> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let at_word_start = current.is_none();
        match c {
            ' ' | '\t' => {
                words.extend(current.take());
                continue;
            }
            '\'' => {
                let word = current.get_or_insert_with(Word::default);
                word.quoted = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => word.text.push(ch),
                        None => return Err(Feature::Unbalanced),
                    }
                }
            }
            '"' => {
                let word = current.get_or_insert_with(Word::default);
                word.quoted = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('$') => return Err(Feature::Expansion),
                        Some('`') => return Err(Feature::CommandSubstitution),
                        Some('\\') => match chars.next() {
                            Some(ch @ ('$' | '`' | '"' | '\\')) => word.text.push(ch),
                            Some(ch) => {
                                word.text.push('\\');
                                word.text.push(ch);
                            }
                            None => return Err(Feature::Unbalanced),
                        },
                        Some(ch) => word.text.push(ch),
                        None => return Err(Feature::Unbalanced),
                    }
                }
            }
            '\\' => {
                let word = current.get_or_insert_with(Word::default);
                word.quoted = true;
                match chars.next() {
                    Some(ch) => word.text.push(ch),
                    None => return Err(Feature::Unbalanced),
                }
            }
            '$' => return Err(Feature::Expansion),
            '`' => return Err(Feature::CommandSubstitution),
            '*' | '?' | '[' => return Err(Feature::Glob(c)),
            '~' => return Err(Feature::Tilde),
            '#' if at_word_start => return Err(Feature::Comment),
            '|' | '&' | ';' | '<' | '>' | '(' | ')' | '{' | '}' | '!' | '\n' | '\r' => {
                return Err(Feature::Operator(c));
            }
            _ => current.get_or_insert_with(Word::default).text.push(c),
        }
    }
    words.extend(current);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_commands_split_like_the_shell() {
        assert_eq!(argv("node server.js").unwrap(), ["node", "server.js"]);
        assert_eq!(
            argv(r#"echo "a b" 'c d' e\ f "q\"x" "back\\slash" "keep\n""#).unwrap(),
            [
                "echo",
                "a b",
                "c d",
                "e f",
                "q\"x",
                "back\\slash",
                "keep\\n"
            ]
        );
        assert_eq!(
            argv("exec nginx -g 'daemon off;'").unwrap(),
            ["nginx", "-g", "daemon off;"]
        );
        assert_eq!(
            argv("python -m http.server --bind=0.0.0.0").unwrap(),
            ["python", "-m", "http.server", "--bind=0.0.0.0"]
        );
    }

    #[test]
    fn shell_features_are_refused() {
        assert_eq!(argv("echo $HOME"), Err(Feature::Expansion));
        assert_eq!(argv("echo \"$HOME\""), Err(Feature::Expansion));
        assert_eq!(argv("ls *.txt"), Err(Feature::Glob('*')));
        assert_eq!(argv("a && b"), Err(Feature::Operator('&')));
        assert_eq!(argv("a > log"), Err(Feature::Operator('>')));
        assert_eq!(argv("cd /app"), Err(Feature::Builtin("cd".into())));
        assert_eq!(argv("FOO=1 node x"), Err(Feature::Assignment));
        assert_eq!(argv("node ~/x"), Err(Feature::Tilde));
        assert_eq!(argv("node x # run"), Err(Feature::Comment));
        assert_eq!(argv("echo 'open"), Err(Feature::Unbalanced));
        assert_eq!(argv(""), Err(Feature::Empty));
    }

    #[test]
    fn a_hash_inside_a_word_is_not_a_comment() {
        assert_eq!(argv("echo a#b").unwrap(), ["echo", "a#b"]);
    }
}
