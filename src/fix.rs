//! The fix loop: run the passes in order, apply each one's fixes, re-parse, and go round
//! until nothing changes.

use std::collections::BTreeMap;

use crate::diagnostic::{Applicability, Diagnostic};
use crate::edit;
use crate::format::FormatOptions;
use crate::model::Dockerfile;
use crate::passes::{BuildContext, Context, RULES, Rule, RuleInfo};
use crate::syntax::SyntaxError;

/// More rounds than this means two fixes undo each other: a bug, reported as such.
const MAX_ROUNDS: usize = 8;

/// Which rules run, and how.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Rule codes to run (all when empty).
    pub select: Vec<String>,
    /// Rule codes not to run.
    pub ignore: Vec<String>,
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
    pub style: FormatOptions,
}

impl Settings {
    pub fn rules(&self) -> Vec<&'static dyn Rule> {
        let matches = |list: &[String], rule: &dyn Rule| {
            list.iter().any(|s| selector_matches(s, rule.info()))
        };
        RULES
            .iter()
            .copied()
            .filter(|rule| {
                (self.select.is_empty() || matches(&self.select, *rule))
                    && !matches(&self.ignore, *rule)
            })
            .collect()
    }

    fn threshold(&self) -> Applicability {
        if self.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }
}

/// Whether a `--select`/`--ignore` (or dockfix.toml) entry picks a rule: its code
/// (`DF101`), its name (`merge-runs`), or a code prefix shorter than a code (`DF1`), any case.
/// An empty entry (`--ignore DF101,`) picks none, rather than every rule as a prefix.
pub fn selector_matches(selector: &str, info: &RuleInfo) -> bool {
    !selector.is_empty()
        && (selector.eq_ignore_ascii_case(info.code)
            || selector.eq_ignore_ascii_case(info.name)
            || (selector.len() < info.code.len()
                && info
                    .code
                    .starts_with(selector.to_ascii_uppercase().as_str())))
}

/// Whether a selector picks at least one rule.
pub fn is_known_selector(selector: &str) -> bool {
    RULES
        .iter()
        .any(|rule| selector_matches(selector, rule.info()))
}

#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    #[error("fixes did not converge after {MAX_ROUNDS} rounds (rules {0}); please report this")]
    NoConvergence(String),
    #[error(
        "internal error: rule {0} produced a file that does not parse ({1}); it was left out, please report this"
    )]
    InvalidOutput(&'static str, String),
}

/// The outcome of fixing one file.
#[derive(Debug, Default)]
pub struct Fixed {
    /// The new text, `None` when nothing changed.
    pub text: Option<String>,
    /// How many fixes each rule applied.
    pub applied: BTreeMap<&'static str, usize>,
    /// Diagnostics of the final text (what is left, with fixes not applied).
    pub remaining: Vec<Diagnostic>,
}

/// Check a file: every rule's diagnostics, in source order.
pub fn check(
    dockerfile: &Dockerfile,
    settings: &Settings,
    build_context: Option<&BuildContext>,
) -> Vec<Diagnostic> {
    let context = Context::new(dockerfile, build_context, &settings.style);
    let mut diagnostics = Vec::new();
    for rule in settings.rules() {
        rule.check(&context, &mut diagnostics);
    }
    diagnostics.sort_by_key(|d| (d.range.start, d.code));
    diagnostics
}

/// Fix a file: each pass in order applies its fixes to the text the previous pass left.
pub fn fix(
    source: &str,
    settings: &Settings,
    build_context: Option<&BuildContext>,
) -> Result<Fixed, FixError> {
    let first = Dockerfile::parse(source);
    if let Some(error) = first.errors().iter().find(|e| e.kind.blocks_rewrite()) {
        return Err(error.clone().into());
    }
    drop(first);
    let rules = settings.rules();
    let mut text = source.to_string();
    let mut applied: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut changed_by = Vec::new();
    for _ in 0..MAX_ROUNDS {
        changed_by.clear();
        for rule in &rules {
            if let Some(new_text) = apply_rule(&text, *rule, settings, build_context, &mut applied)?
            {
                text = new_text;
                changed_by.push(rule.info().code);
            }
        }
        if changed_by.is_empty() {
            if text != source {
                text = format_written(source, text, &settings.style);
            }
            let dockerfile = Dockerfile::parse(&text);
            let remaining = check(&dockerfile, settings, build_context);
            return Ok(Fixed {
                text: (text != source).then_some(text),
                applied,
                remaining,
            });
        }
    }
    Err(FixError::NoConvergence(changed_by.join(", ")))
}

/// One rule on `text`: its fixes applied, or `None` when it had none to apply.
fn apply_rule(
    text: &str,
    rule: &dyn Rule,
    settings: &Settings,
    build_context: Option<&BuildContext>,
    applied: &mut BTreeMap<&'static str, usize>,
) -> Result<Option<String>, FixError> {
    let dockerfile = Dockerfile::parse(text);
    let context = Context::new(&dockerfile, build_context, &settings.style);
    let mut diagnostics = Vec::new();
    rule.check(&context, &mut diagnostics);
    let fixes: Vec<_> = diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
    if fixes.is_empty() {
        return Ok(None);
    }
    let result = edit::apply(text, &fixes, settings.threshold());
    if result.applied.is_empty() {
        return Ok(None);
    }
    // A fix must never turn a file BuildKit reads into one it rejects.
    let after = Dockerfile::parse(&result.text);
    if let Some(error) = after.errors().iter().find(|e| e.kind.blocks_rewrite()) {
        return Err(FixError::InvalidOutput(
            rule.info().code,
            error.message.clone(),
        ));
    }
    *applied.entry(rule.info().code).or_default() += result.applied.len();
    Ok(Some(result.text))
}

/// Format the instructions the passes wrote: those whose text the original does not have.
fn format_written(source: &str, text: String, style: &FormatOptions) -> String {
    let original = Dockerfile::parse(source);
    let mut untouched: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for node in original.tree.instructions() {
        *untouched
            .entry(&source[original.tree.node_range(node)])
            .or_default() += 1;
    }
    let fixed = Dockerfile::parse(&text);
    let written: Vec<bool> = fixed
        .tree
        .instructions()
        .map(
            |node| match untouched.get_mut(&text[fixed.tree.node_range(node)]) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            },
        )
        .collect();
    crate::format::format_selected(&fixed, style, &|index| {
        written.get(index).copied().unwrap_or(false)
    })
    .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(select: &[&str], ignore: &[&str]) -> Vec<&'static str> {
        let settings = Settings {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..Settings::default()
        };
        settings
            .rules()
            .iter()
            .map(|rule| rule.info().code)
            .collect()
    }

    #[test]
    fn selectors_pick_codes_prefixes_and_names() {
        assert_eq!(codes(&["DF101"], &[]), ["DF101"]);
        assert_eq!(codes(&["merge-runs"], &[]), ["DF101"]);
        assert!(codes(&["df1"], &[]).iter().all(|c| c.starts_with("DF1")));
        assert!(!codes(&[], &["DF4"]).iter().any(|c| c.starts_with("DF4")));
        assert!(is_known_selector("DF3") && !is_known_selector("DF999"));
    }

    #[test]
    fn an_empty_selector_picks_nothing() {
        // `--ignore DF101,` splits into "DF101" and "": only DF101 goes.
        assert_eq!(codes(&[], &["DF101", ""]).len(), RULES.len() - 1);
        assert_eq!(codes(&["DF101", ""], &[]), ["DF101"]);
        assert!(!is_known_selector(""));
    }
}
