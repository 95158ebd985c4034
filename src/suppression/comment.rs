//! Reading one comment as a suppression: dockfix's own, hadolint's pragmas, and BuildKit's
//! `check` directive.

use std::ops::Range;

/// A rule code as written in a comment, with its byte range in the comment's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub text: String,
    pub range: Range<usize>,
}

/// What a comment line says, with ranges relative to the comment's text (from its `#`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comment {
    /// `# dockfix: ignore[...]` (`file: false`) or `# dockfix: ignore-file[...]`; no list
    /// means every rule. `list` is the range of `[...]` when there is one.
    Dockfix {
        file: bool,
        codes: Option<Vec<Code>>,
        list: Option<Range<usize>>,
    },
    /// `# dockfix: ...` that is not a valid suppression (a typo would silently suppress nothing).
    MalformedDockfix(String),
    /// `# hadolint ignore=DL3008,DL3015`, `# hadolint global ignore=...`, `# hadolint stage ignore=...`.
    Hadolint {
        scope: HadolintScope,
        codes: Vec<Code>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HadolintScope {
    /// The next instruction.
    Next,
    /// The rest of the stage (up to the next FROM).
    Stage,
    /// The whole file.
    Global,
}

/// The suppression a comment (`#` and what follows, without the newline) holds, if any.
pub fn parse(comment: &str) -> Option<Comment> {
    let body = comment.strip_prefix('#')?;
    let offset = comment.len() - body.len();
    let trimmed = body.trim_start_matches([' ', '\t']);
    let offset = offset + body.len() - trimmed.len();
    if let Some(rest) = strip_word(trimmed, "dockfix") {
        return dockfix(rest, offset + trimmed.len() - rest.len());
    }
    if let Some(rest) = trimmed.strip_prefix("hadolint") {
        return hadolint(rest, offset + trimmed.len() - rest.len());
    }
    None
}

/// `word` at the start of `text` (any case), followed by something that is not a letter.
fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    let rest = &text[word.len()..];
    (head.eq_ignore_ascii_case(word) && !rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .then_some(rest)
}

/// After `dockfix` (at `offset` in the comment): `: ignore[...] -- reason` and its forms.
fn dockfix(rest: &str, offset: usize) -> Option<Comment> {
    let after_space = rest.trim_start_matches([' ', '\t']);
    // "# dockfix is nice" is prose, not a suppression.
    let after_colon = after_space.strip_prefix(':')?;
    let malformed = |why: &str| Some(Comment::MalformedDockfix(why.to_string()));
    let text = after_colon.trim_start_matches([' ', '\t']);
    let mut position = offset + rest.len() - text.len();
    let (file, after_keyword) = if let Some(after) = strip_keyword(text, "ignore-file") {
        (true, after)
    } else if let Some(after) = strip_keyword(text, "ignore") {
        (false, after)
    } else {
        return malformed("expected `ignore[...]` or `ignore-file[...]` after `dockfix:`");
    };
    position += text.len() - after_keyword.len();
    let (codes, list, tail) = match after_keyword.strip_prefix('[') {
        Some(inside) => {
            let Some(close) = inside.find(']') else {
                return malformed("the list of rules is not closed with `]`");
            };
            let codes = codes_in(&inside[..close], position + 1, &[',', ' ', '\t']);
            if codes.is_empty() {
                return malformed("an empty list of rules");
            }
            if let Some(bad) = codes.iter().find(|code| !is_code_like(&code.text)) {
                return Some(Comment::MalformedDockfix(format!(
                    "{:?} is not a rule code or name",
                    bad.text
                )));
            }
            let list = position..position + close + 2;
            (Some(codes), Some(list), &inside[close + 1..])
        }
        None => (None, None, after_keyword),
    };
    let tail = tail.trim_matches([' ', '\t', '\r']);
    if !tail.is_empty() && !tail.starts_with("--") {
        return malformed("unexpected text after the suppression (a reason goes after `--`)");
    }
    Some(Comment::Dockfix { file, codes, list })
}

/// `keyword` at the start of `text` (any case), followed by `[`, a blank, or the end.
fn strip_keyword<'t>(text: &'t str, keyword: &str) -> Option<&'t str> {
    let rest = strip_word(text, keyword)?;
    (rest.is_empty() || rest.starts_with(['[', ' ', '\t', '\r'])).then_some(rest)
}

/// After `hadolint`: hadolint's own grammar (`Hadolint.Pragma`): blanks, an optional
/// `global` or `stage`, `ignore`, `=`, codes of `DLSC0-9` separated by commas, and an
/// optional trailing `# comment`.
fn hadolint(rest: &str, offset: usize) -> Option<Comment> {
    let text = rest
        .strip_prefix([' ', '\t'])?
        .trim_start_matches([' ', '\t']);
    let (scope, text) = if let Some(after) = text.strip_prefix("global") {
        (HadolintScope::Global, blanks1(after)?)
    } else if let Some(after) = text.strip_prefix("stage") {
        (HadolintScope::Stage, blanks1(after)?)
    } else {
        (HadolintScope::Next, text)
    };
    let text = text.strip_prefix("ignore")?.trim_start_matches([' ', '\t']);
    let text = text.strip_prefix('=')?.trim_start_matches([' ', '\t']);
    let list_end = text.find('#').unwrap_or(text.len());
    let position = offset + rest.len() - text.len();
    let codes = codes_in(&text[..list_end], position, &[',']);
    let valid = !codes.is_empty()
        && codes.iter().all(|code| {
            !code.text.is_empty() && code.text.bytes().all(|b| b"DLSC0123456789".contains(&b))
        });
    valid.then_some(Comment::Hadolint { scope, codes })
}

/// At least one blank, then the text after the blanks.
fn blanks1(text: &str) -> Option<&str> {
    let rest = text.trim_start_matches([' ', '\t']);
    (rest.len() < text.len()).then_some(rest)
}

/// The items of `list` split at `separators`, without blanks around them, with their ranges
/// (`offset` is where `list` starts in the comment). Empty items are left out.
fn codes_in(list: &str, offset: usize, separators: &[char]) -> Vec<Code> {
    let mut codes = Vec::new();
    let mut start = 0;
    for (index, _) in list.match_indices(separators).chain([(list.len(), "")]) {
        let item = &list[start..index];
        let trimmed = item.trim_start_matches([' ', '\t']);
        let begin = start + item.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches([' ', '\t']);
        if !trimmed.is_empty() {
            codes.push(Code {
                text: trimmed.to_string(),
                range: offset + begin..offset + begin + trimmed.len(),
            });
        }
        start = index + (index < list.len()) as usize;
    }
    codes
}

/// A rule code, name or alias: letters, digits, `-` and `_`.
fn is_code_like(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// BuildKit's `# check=` directive (`skip=A,B` or `skip=all`, `error=true`), read as
/// BuildKit's `ParseLintOptions` reads it; `None` when BuildKit would reject it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckDirective {
    pub skip_all: bool,
    pub skip: Vec<String>,
    pub error: bool,
}

/// The value of a comment that BuildKit reads as a `check` directive for the instruction
/// below it (its linter's `WithMergedConfigFromComments`): the text after `#`, trimmed, is
/// `check = value` (the name in any case), and the value is read up to its first space.
pub fn buildkit_check_comment(content: &str) -> Option<&str> {
    let name = content.get(..5)?;
    let rest = content.get(5..)?;
    if !name.eq_ignore_ascii_case("check") {
        return None;
    }
    let value = rest
        .trim_start_matches([' ', '\t', '\x0c', '\r', '\x0b'])
        .strip_prefix('=')?
        .trim_matches([' ', '\t', '\x0c', '\r', '\x0b']);
    (!value.is_empty()).then(|| value.split(' ').next().unwrap_or(value))
}

impl CheckDirective {
    /// The checks it skips (`range`: where their names are in the source), if any.
    pub fn skipped(self, range: std::ops::Range<usize>) -> Option<super::Codes> {
        if self.skip_all {
            return Some(super::Codes::All);
        }
        self.skip.iter().any(|name| !name.is_empty()).then(|| {
            super::Codes::List(
                self.skip
                    .into_iter()
                    .map(|text| Code {
                        text,
                        range: range.clone(),
                    })
                    .collect(),
            )
        })
    }
}

pub fn parse_check_directive(value: &str) -> Option<CheckDirective> {
    let mut directive = CheckDirective::default();
    let value = value.trim();
    if value.is_empty() {
        return Some(directive);
    }
    for part in value.splitn(3, ';') {
        let (key, value) = part.split_once('=')?;
        let value = value.trim();
        match key.trim() {
            "skip" if value == "all" => directive.skip_all = true,
            "skip" => directive.skip = value.split(',').map(|s| s.trim().to_string()).collect(),
            // Go's strconv.ParseBool.
            "error" => {
                directive.error = match value {
                    "1" | "t" | "T" | "true" | "TRUE" | "True" => true,
                    "0" | "f" | "F" | "false" | "FALSE" | "False" => false,
                    _ => return None,
                }
            }
            "experimental" => {}
            _ => return None,
        }
    }
    Some(directive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buildkit_check_comments() {
        assert_eq!(buildkit_check_comment("check=skip=A,B"), Some("skip=A,B"));
        assert_eq!(
            buildkit_check_comment("CHECK = skip=all  // why"),
            Some("skip=all")
        );
        assert_eq!(buildkit_check_comment("checks=skip=A"), None);
        assert_eq!(buildkit_check_comment("check="), None);
        assert_eq!(buildkit_check_comment("check skip=A"), None);
        assert_eq!(buildkit_check_comment("chéck=skip=A"), None);
    }

    fn texts(codes: &[Code]) -> Vec<&str> {
        codes.iter().map(|code| code.text.as_str()).collect()
    }

    #[test]
    fn dockfix_comments() {
        let comment = "# dockfix: ignore[DF101, merge-runs] -- the layers are cached apart";
        let Some(Comment::Dockfix {
            file: false,
            codes: Some(codes),
            list: Some(list),
        }) = parse(comment)
        else {
            panic!("{:?}", parse(comment))
        };
        assert_eq!(texts(&codes), ["DF101", "merge-runs"]);
        assert_eq!(&comment[codes[1].range.clone()], "merge-runs");
        assert_eq!(&comment[list], "[DF101, merge-runs]");
        assert_eq!(
            parse("#dockfix:ignore-file"),
            Some(Comment::Dockfix {
                file: true,
                codes: None,
                list: None
            })
        );
        assert!(matches!(
            parse("# Dockfix: Ignore[DF101 DF102]"),
            Some(Comment::Dockfix { codes: Some(c), .. }) if c.len() == 2
        ));
        for bad in [
            "# dockfix: ignore(DF101)",
            "# dockfix: ignore[DF101",
            "# dockfix: ignore[]",
            "# dockfix: ignored[DF101]",
            "# dockfix: ignore[DF101] because",
            "# dockfix: ignore[DF1.01]",
        ] {
            assert!(
                matches!(parse(bad), Some(Comment::MalformedDockfix(_))),
                "{bad}"
            );
        }
        assert_eq!(parse("# dockfix formats this file"), None);
        assert_eq!(parse("# dockfixer: ignore"), None);
    }

    #[test]
    fn hadolint_pragmas() {
        let Some(Comment::Hadolint { scope, codes }) = parse("# hadolint ignore=DL3008, DL3015")
        else {
            panic!()
        };
        assert_eq!(scope, HadolintScope::Next);
        assert_eq!(texts(&codes), ["DL3008", "DL3015"]);
        assert!(matches!(
            parse("#  hadolint global ignore=DL3059 # why"),
            Some(Comment::Hadolint {
                scope: HadolintScope::Global,
                ..
            })
        ));
        assert!(matches!(
            parse("# hadolint stage ignore=SC2086"),
            Some(Comment::Hadolint {
                scope: HadolintScope::Stage,
                ..
            })
        ));
        for not_a_pragma in [
            "# hadolint ignore=",
            "# hadolint ignore=dl3008",
            "# hadolint shell=bash",
            "# hadolintignore=DL3008",
            "# hadolint ignore=DL3008 and more",
        ] {
            assert_eq!(parse(not_a_pragma), None, "{not_a_pragma}");
        }
    }

    #[test]
    fn buildkit_check_directive() {
        let directive = parse_check_directive("skip=JSONArgsRecommended, FromAsCasing;error=true");
        assert_eq!(
            directive,
            Some(CheckDirective {
                skip_all: false,
                skip: vec!["JSONArgsRecommended".into(), "FromAsCasing".into()],
                error: true
            })
        );
        assert_eq!(
            parse_check_directive(" skip = all ").map(|d| d.skip_all),
            Some(true)
        );
        assert_eq!(parse_check_directive("skip"), None);
        assert_eq!(parse_check_directive("error=maybe"), None);
        assert_eq!(
            parse_check_directive("experimental=all").map(|d| d.error),
            Some(false)
        );
    }
}
