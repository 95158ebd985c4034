//! The fix loop: run the passes in order, apply each one's fixes, re-parse, and go round
//! until nothing changes.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::{Applicability, Diagnostic, Fix};
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
    /// Rules to run (selectors: codes, prefixes, names, aliases, `ALL`); when empty, the
    /// rules that are on by default.
    pub select: Vec<String>,
    /// Rule codes not to run.
    pub ignore: Vec<String>,
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
    pub style: FormatOptions,
    /// `[pins]`: image (`name` or `name:tag`) -> pinned reference with a digest.
    pub pins: Arc<BTreeMap<String, String>>,
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
                let selected = if self.select.is_empty() {
                    rule.info().enabled_by_default
                } else {
                    matches(&self.select, *rule)
                };
                selected && !matches(&self.ignore, *rule)
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
/// (`DF101`), its name (`merge-runs`), a code prefix shorter than a code (`DF1`), one of its
/// aliases in other tools (`DL3059`), or `ALL`, any case. An empty entry (`--ignore DF101,`)
/// picks none, rather than every rule as a prefix.
pub fn selector_matches(selector: &str, info: &RuleInfo) -> bool {
    !selector.is_empty()
        && (selector.eq_ignore_ascii_case("ALL")
            || selector.eq_ignore_ascii_case(info.code)
            || selector.eq_ignore_ascii_case(info.name)
            || info
                .aliases
                .iter()
                .any(|a| a.eq_ignore_ascii_case(selector))
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
    let context = Context::new(dockerfile, build_context, settings);
    let mut diagnostics = Vec::new();
    for rule in settings.rules() {
        context.run(rule, &mut diagnostics);
    }
    diagnostics.sort_by_key(|d| (d.range.start, d.code));
    diagnostics
}

/// Fix a file: each pass in order applies its fixes to the text the previous one left,
/// round after round until a round changes nothing. The file is parsed once per change, not
/// once per pass: the passes share a parse (and its shell analysis) until one of them edits.
pub fn fix(
    source: &str,
    settings: &Settings,
    build_context: Option<&BuildContext>,
) -> Result<Fixed, FixError> {
    let rules = settings.rules();
    let mut text = std::borrow::Cow::Borrowed(source);
    let mut applied: BTreeMap<&'static str, usize> = BTreeMap::new();
    let (mut rounds, mut next_rule) = (0, 0);
    let mut changed_by: Vec<&'static str> = Vec::new();
    // The first pass and the formatting of what the passes wrote both use this parse.
    let original = Dockerfile::parse(source);
    loop {
        let reparsed = matches!(text, std::borrow::Cow::Owned(_)).then(|| Dockerfile::parse(&text));
        let dockerfile = reparsed.as_ref().unwrap_or(&original);

        if let Some(error) = dockerfile.errors().iter().find(|e| e.kind.blocks_rewrite()) {
            // The input, or (a bug) what a pass wrote.
            return Err(match changed_by.last() {
                None => error.clone().into(),
                Some(code) => FixError::InvalidOutput(code, error.message.clone()),
            });
        }
        let context = Context::new(dockerfile, build_context, settings);

        let mut diagnostics = Vec::new();
        let mut edited = None;
        while next_rule < rules.len() {
            let rule = rules[next_rule];
            next_rule += 1;
            let first = diagnostics.len();
            context.run(rule, &mut diagnostics);
            let fixes: Vec<&Fix> = diagnostics[first..]
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .collect();
            let result = edit::apply(&text, &fixes, settings.threshold());
            if !result.applied.is_empty() {
                *applied.entry(rule.info().code).or_default() += result.applied.len();
                changed_by.push(rule.info().code);
                edited = Some(result.text);
                break;
            }
        }
        if let Some(new_text) = edited {
            text = std::borrow::Cow::Owned(new_text);
            continue;
        }
        // A round is over: every pass ran on this parse.
        if changed_by.is_empty() {
            diagnostics.sort_by_key(|d| (d.range.start, d.code));
            drop(context);
            drop(reparsed);
            let fixed = match text {
                std::borrow::Cow::Borrowed(_) => None,
                std::borrow::Cow::Owned(text) => Some(text),
            };
            let Some(fixed) = fixed.filter(|t| t != source) else {
                return Ok(Fixed {
                    text: None,
                    applied,
                    remaining: diagnostics,
                });
            };
            // The instructions the passes wrote are formatted; positions move with them.
            let formatted = format_written(&original, fixed, &settings.style);
            let remaining = check(&Dockerfile::parse(&formatted), settings, build_context);
            return Ok(Fixed {
                text: Some(formatted),
                applied,
                remaining,
            });
        }
        rounds += 1;
        if rounds == MAX_ROUNDS {
            return Err(FixError::NoConvergence(changed_by.join(", ")));
        }
        changed_by.clear();
        next_rule = 0;
    }
}

/// Format the instructions the passes wrote: those whose text the original does not have.
pub(crate) fn format_written(original: &Dockerfile, text: String, style: &FormatOptions) -> String {
    let source = original.source();
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
        assert_eq!(codes(&[], &["DF101", ""]).len(), codes(&[], &[]).len() - 1);
        assert_eq!(codes(&["DF101", ""], &[]), ["DF101"]);
        assert!(!is_known_selector(""));
    }

    #[test]
    fn defaults_all_and_aliases() {
        let defaults = codes(&[], &[]);
        let off: Vec<&str> = RULES
            .iter()
            .map(|rule| rule.info())
            .filter(|info| !info.enabled_by_default)
            .map(|info| info.code)
            .collect();
        assert_eq!(defaults.len() + off.len(), RULES.len());
        assert!(off.iter().all(|code| !defaults.contains(code)));
        assert_eq!(codes(&["ALL"], &[]).len(), RULES.len());
        assert_eq!(codes(&["all"], &["DF101"]).len(), RULES.len() - 1);
        // hadolint's code for consecutive RUNs picks merge-runs.
        assert_eq!(codes(&["DL3059"], &[]), ["DF101"]);
        assert!(is_known_selector("ALL") && is_known_selector("dl3020"));
    }
}
