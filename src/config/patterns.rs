//! The one pattern dialect of dockfix: `.gitignore` lines, relative to a folder. `--exclude`,
//! `[files] include` and `exclude`, `[per-file-ignores]` and `[[context]] dockerfile` all
//! match through the `ignore` crate's gitignore matcher, so `!pattern` brings back what an
//! earlier pattern of the same list left out, everywhere.

use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// A list of gitignore lines relative to `base` (an absolute folder).
#[derive(Debug)]
pub struct Patterns {
    base: PathBuf,
    matcher: Gitignore,
    /// As written.
    patterns: Vec<String>,
}

/// Why a pattern does not compile: its index in the list, and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPattern {
    pub index: usize,
    pub reason: String,
}

impl Patterns {
    /// Compile `patterns` relative to the absolute folder `base`.
    pub fn new<'a>(
        base: &Path,
        patterns: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, BadPattern> {
        let mut builder = GitignoreBuilder::new(base);
        // An unclosed `[` is a mistake to report, not a literal bracket.
        builder
            .allow_unclosed_class(false)
            .case_insensitive(false)
            .map_err(|error| BadPattern {
                index: 0,
                reason: error.to_string(),
            })?;
        let mut written = Vec::new();
        for (index, pattern) in patterns.into_iter().enumerate() {
            let line = gitignore_line(pattern).map_err(|reason| BadPattern { index, reason })?;
            builder.add_line(None, &line).map_err(|error| BadPattern {
                index,
                reason: glob_reason(&error),
            })?;
            written.push(pattern.to_string());
        }
        let matcher = builder.build().map_err(|error| BadPattern {
            index: 0,
            reason: glob_reason(&error),
        })?;
        Ok(Patterns {
            base: base.to_path_buf(),
            matcher,
            patterns: written,
        })
    }

    /// The patterns as written.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// What the list says about the absolute `path` itself (not the folders it is in):
    /// `Some(true)` matched, `Some(false)` brought back by a `!` line, `None` not named.
    /// Below `base` every pattern applies; elsewhere only those without a `/` (names).
    pub fn matches(&self, path: &Path, is_dir: bool) -> Option<bool> {
        let matched = match path.strip_prefix(&self.base) {
            Ok(relative) if relative.as_os_str().is_empty() => return None,
            Ok(relative) => self.matcher.matched(relative, is_dir),
            Err(_) => self.matcher.matched(path, is_dir),
        };
        decision(matched)
    }

    /// Like `matches`, for `path` or the nearest folder it is in (below `base`) that the list
    /// names: a pattern that matches a folder matches everything inside it.
    pub fn matches_with_parents(&self, path: &Path, is_dir: bool) -> Option<bool> {
        match path.strip_prefix(&self.base) {
            Ok(relative) if relative.as_os_str().is_empty() => None,
            Ok(relative) => decision(self.matcher.matched_path_or_any_parents(relative, is_dir)),
            Err(_) => self.matches(path, is_dir),
        }
    }
}

fn decision<T>(matched: Match<T>) -> Option<bool> {
    match matched {
        Match::None => None,
        Match::Ignore(_) => Some(true),
        Match::Whitelist(_) => Some(false),
    }
}

/// A pattern as a gitignore line: `./x` is `/x` (anchored to the folder), and a leading `#`
/// is a name, not a comment. An empty pattern is an error rather than a line that matches
/// nothing.
fn gitignore_line(pattern: &str) -> Result<String, String> {
    let (negation, rest) = match pattern.strip_prefix('!') {
        Some(rest) => ("!", rest),
        None => ("", pattern),
    };
    let rest = match rest.strip_prefix("./") {
        Some(anchored) => format!("/{}", anchored.trim_start_matches('/')),
        None => rest.to_string(),
    };
    if rest.trim_matches('/').trim().is_empty() {
        return Err("empty pattern".into());
    }
    let escape = if rest.starts_with('#') { "\\" } else { "" };
    Ok(format!("{negation}{escape}{rest}"))
}

/// The glob's complaint, without the pattern (the caller says which one it was).
fn glob_reason(error: &ignore::Error) -> String {
    match error {
        ignore::Error::Glob { err, .. } => err.clone(),
        other => other.to_string(),
    }
}

/// Patterns that each carry a value (`[per-file-ignores]`, `[[context]]`): every pattern is
/// its own list, and a `!` has no meaning there.
#[derive(Debug)]
pub struct PatternMap<T> {
    entries: Vec<(Patterns, T)>,
}

impl<T> PatternMap<T> {
    /// Compile `entries` relative to `base`; `Err` names the entry that does not compile.
    pub fn new<'a>(
        base: &Path,
        entries: impl IntoIterator<Item = (&'a str, T)>,
    ) -> Result<Self, BadPattern> {
        let mut compiled = Vec::new();
        for (index, (pattern, value)) in entries.into_iter().enumerate() {
            if pattern.starts_with('!') {
                let reason = "a `!` pattern only has a meaning in a list ([files], --exclude)";
                return Err(BadPattern {
                    index,
                    reason: reason.into(),
                });
            }
            let patterns =
                Patterns::new(base, [pattern]).map_err(|bad| BadPattern { index, ..bad })?;
            compiled.push((patterns, value));
        }
        Ok(PatternMap { entries: compiled })
    }

    /// The values of the patterns that match the absolute file `path` (or a folder it is
    /// in), in the order written.
    pub fn matching<'s>(&'s self, path: &'s Path) -> impl Iterator<Item = &'s T> + 's {
        self.entries
            .iter()
            .filter(move |(patterns, _)| patterns.matches_with_parents(path, false) == Some(true))
            .map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(patterns: &[&str]) -> Patterns {
        Patterns::new(Path::new("/repo"), patterns.iter().copied()).expect("patterns")
    }

    #[test]
    fn a_later_negation_brings_a_path_back() {
        let patterns = list(&["b", "!b"]);
        assert_eq!(patterns.matches(Path::new("/repo/b"), true), Some(false));
        let patterns = list(&["vendor", "!vendor/keep"]);
        assert_eq!(
            patterns.matches(Path::new("/repo/x/vendor"), true),
            Some(true)
        );
        assert_eq!(
            patterns.matches(Path::new("/repo/vendor/keep"), true),
            Some(false)
        );
    }

    #[test]
    fn names_match_at_any_depth_and_slashes_anchor() {
        let patterns = list(&["tools", "build/*.Dockerfile", "./top"]);
        assert_eq!(
            patterns.matches(Path::new("/repo/a/tools"), true),
            Some(true)
        );
        assert_eq!(
            patterns.matches(Path::new("/repo/build/a.Dockerfile"), false),
            Some(true)
        );
        assert_eq!(
            patterns.matches(Path::new("/repo/build/x/a.Dockerfile"), false),
            None,
            "`*` stays within a folder"
        );
        assert_eq!(patterns.matches(Path::new("/repo/top"), true), Some(true));
        assert_eq!(patterns.matches(Path::new("/repo/a/top"), true), None);
        // Outside the folder, only names apply.
        assert_eq!(
            patterns.matches(Path::new("/other/tools"), true),
            Some(true)
        );
        assert_eq!(patterns.matches(Path::new("/other/top"), true), None);
    }

    #[test]
    fn the_path_itself_or_its_folders() {
        let patterns = list(&["examples"]);
        let inside = Path::new("/repo/examples/node/Dockerfile");
        assert_eq!(patterns.matches(inside, false), None);
        assert_eq!(patterns.matches_with_parents(inside, false), Some(true));
    }

    #[test]
    fn bad_patterns_are_reported_by_index() {
        let error = Patterns::new(Path::new("/repo"), ["ok", "a/[b"]).expect_err("unclosed");
        assert_eq!(error.index, 1);
        assert!(error.reason.contains("unclosed"), "{}", error.reason);
        let error = Patterns::new(Path::new("/repo"), ["./"]).expect_err("empty");
        assert_eq!(error.reason, "empty pattern");
        let map = PatternMap::new(Path::new("/repo"), [("a", 1), ("!b", 2)]);
        assert_eq!(map.expect_err("negated").index, 1);
    }

    #[test]
    fn a_map_gives_every_matching_value_in_order() {
        let map = PatternMap::new(
            Path::new("/repo"),
            [("legacy/**", "a"), ("Dockerfile.dev", "b"), ("#x", "c")],
        )
        .expect("map");
        let values: Vec<&str> = map
            .matching(Path::new("/repo/legacy/old/Dockerfile.dev"))
            .copied()
            .collect();
        assert_eq!(values, ["a", "b"]);
        assert_eq!(map.matching(Path::new("/repo/#x")).count(), 1);
    }
}
