//! The fix loop: run the passes in order, apply each one's fixes, re-parse, and go round
//! until nothing changes.

use std::collections::BTreeMap;

use crate::build_context::BuildContext;
use crate::diagnostic::{Diagnostic, Fix};
use crate::edit;
use crate::format::FormatOptions;
use crate::model::Dockerfile;
use crate::passes::{Context, selected_rules};
use crate::settings::Settings;
use crate::syntax::SyntaxError;

/// More rounds than this means two fixes undo each other: a bug, reported as such.
const MAX_ROUNDS: usize = 8;

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
    build_context: Option<&dyn BuildContext>,
) -> Vec<Diagnostic> {
    let context = Context::new(dockerfile, build_context, settings);
    let mut diagnostics = Vec::new();
    for rule in selected_rules(settings) {
        rule.check(&context, &mut diagnostics);
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
    build_context: Option<&dyn BuildContext>,
) -> Result<Fixed, FixError> {
    let rules = selected_rules(settings);
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
            rule.check(&context, &mut diagnostics);
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
fn format_written(original: &Dockerfile, text: String, style: &FormatOptions) -> String {
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
