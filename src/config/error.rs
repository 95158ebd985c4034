//! Configuration errors: where (file or `--config` fragment, `line:column`), which key, and
//! what is wrong, without ever repeating the value itself: a configuration can hold
//! secrets (a token pasted into the wrong key), and error messages end up in CI logs.

use std::ops::Range;
use std::path::PathBuf;

use crate::syntax::{LineCol, LineIndex};

/// Where a piece of configuration text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A configuration file (as shown to the user: relative to the current folder when
    /// it is below it).
    File(PathBuf),
    /// A `--config 'key = value'` fragment.
    Override(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            // The key, not the value.
            Origin::Override(text) => match text.split_once('=') {
                Some((key, _)) => write!(f, "--config \"{} = …\"", key.trim().escape_debug()),
                None => write!(f, "--config"),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A configuration file that cannot be read.
    #[error("{}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    /// Bad TOML, an unknown key or a bad value, at a position of a file or fragment.
    #[error("{origin}:{at}: {message}")]
    Invalid {
        origin: Origin,
        at: LineCol,
        message: String,
    },
    /// `dockfix.toml` and `.dockfix.toml` in one folder.
    #[error("{} and {} are both there; keep one", first.display(), second.display())]
    TwoFiles { first: PathBuf, second: PathBuf },
    /// A `--config` value that is neither a file nor a fragment, or a second file.
    #[error("--config {value:?}: {message}")]
    Argument { value: String, message: String },
}

/// The text of a file or fragment, for turning byte spans into `line:column` errors.
pub(super) struct Source<'a> {
    origin: &'a Origin,
    text: &'a str,
}

impl<'a> Source<'a> {
    pub(super) fn new(origin: &'a Origin, text: &'a str) -> Self {
        Source { origin, text }
    }

    pub(super) fn error(&self, span: Range<usize>, message: String) -> ConfigError {
        let lines = LineIndex::new(self.text);
        ConfigError::Invalid {
            origin: self.origin.clone(),
            at: lines.line_col(self.text, span.start),
            message,
        }
    }

    /// A TOML syntax or schema error, with the key it is about.
    pub(super) fn toml_error(&self, error: &toml::de::Error) -> ConfigError {
        let span = error.span().unwrap_or(0..0);
        let path = toml::de::DeTable::parse(self.text)
            .map(|table| key_path(table.get_ref(), &span))
            .unwrap_or_default();
        self.error(span, describe(error.message(), &path))
    }
}

/// Keys joined with dots, quoted where TOML would need quotes (`per-file-ignores."a/**"`).
pub(super) fn dotted(keys: &[String]) -> String {
    keys.iter()
        .map(|key| {
            let bare = !key.is_empty()
                && key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if bare {
                key.clone()
            } else {
                format!("{key:?}")
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The path of keys leading to what `span` points at (`["rules", "select"]`).
fn key_path(table: &toml::de::DeTable<'_>, span: &Range<usize>) -> Vec<String> {
    let overlaps = |other: Range<usize>| {
        other.start < span.end.max(span.start + 1) && span.start < other.end.max(other.start + 1)
    };
    for (key, value) in table.iter() {
        if overlaps(key.span()) {
            return vec![key.get_ref().to_string()];
        }
        let inner = match value.get_ref() {
            toml::de::DeValue::Table(inner) => key_path(inner, span),
            toml::de::DeValue::Array(array) => array
                .iter()
                .filter_map(|item| match item.get_ref() {
                    toml::de::DeValue::Table(inner) => Some(key_path(inner, span)),
                    _ => None,
                })
                .find(|path| !path.is_empty())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if !inner.is_empty() || overlaps(value.span()) {
            let mut path = vec![key.get_ref().to_string()];
            path.extend(inner);
            return path;
        }
    }
    Vec::new()
}

/// A serde message in the words of this file: keys, not fields, where they are, and what
/// kind of value was expected, never the value given.
fn describe(message: &str, path: &[String]) -> String {
    if let Some((key, expected)) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
    {
        let table = &path[..path.len().saturating_sub(1)];
        let place = if table.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in [{}]", dotted(table))
        };
        let expected = expected.trim_start_matches(", ").replace('`', "");
        return format!("unknown key {key:?} {place} ({expected})");
    }
    let message = without_value(message).replace("missing field", "missing key");
    if path.is_empty() {
        message
    } else {
        format!("{}: {message}", dotted(path))
    }
}

/// serde's messages that quote the value they refused, reworded to name only its kind:
/// `invalid type: string "x", expected a boolean` -> `invalid type: a string, expected a
/// boolean`; `unknown variant `x`, expected ...` -> `unknown value, expected ...`.
fn without_value(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let kind = rest.split([' ', ',']).next().unwrap_or("value");
            let expected = rest.rsplit_once(", expected ").map(|(_, e)| e);
            return match expected {
                Some(expected) => format!("{prefix}{} {kind}, expected {expected}", article(kind)),
                None => format!("{prefix}{} {kind}", article(kind)),
            };
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected ") {
            Some((_, expected)) => format!("unknown value, expected {expected}"),
            None => "unknown value".to_string(),
        };
    }
    message.to_string()
}

fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_lose_the_value() {
        assert_eq!(
            without_value("invalid type: string \"AKIA123\", expected a boolean"),
            "invalid type: a string, expected a boolean"
        );
        assert_eq!(
            without_value("invalid type: integer `5`, expected a sequence"),
            "invalid type: an integer, expected a sequence"
        );
        assert_eq!(
            without_value("unknown variant `AKIA123`, expected one of `start`, `end`"),
            "unknown value, expected one of `start`, `end`"
        );
        assert_eq!(
            without_value("missing field `path`"),
            "missing field `path`"
        );
    }

    #[test]
    fn a_fragment_is_named_by_its_key() {
        let origin = Origin::Override("rules.select = [\"AKIA123\"]".to_string());
        assert_eq!(origin.to_string(), "--config \"rules.select = …\"");
    }
}
