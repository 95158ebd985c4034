//! The engine: what `fmt`, `check` and `fix` do to one text, with one result type for all
//! three (`Outcome`): the new text, the problems fixed, and the findings left, their
//! positions resolved.
//!
//! The fix loop runs the rules in order, applies each one's fixes, re-parses, and goes round
//! until nothing changes. Each text it sees is parsed once: the rules share a parse (and its
//! shell analysis) until one of them edits, a new round reuses the parse of the text the last
//! round left, and that last parse serves the formatting of what the rules wrote and the
//! findings that remain. A file changed by one rule is parsed twice (the input and the fixed
//! text), three times when formatting what the rules wrote changes it again.

use std::collections::BTreeMap;

use crate::build_context::BuildContext;
use crate::diagnostic::{Applicability, Diagnostic, FileEdit, Fix};
use crate::edit;
use crate::format::FormatOptions;
use crate::model::Dockerfile;
use crate::passes::{Context, Rule, selected_rules};
use crate::report::Finding;
use crate::settings::Settings;
use crate::syntax::LineCol;

/// More rounds than this means two fixes undo each other: a bug, reported as such.
const MAX_ROUNDS: usize = 8;

/// Why the engine left a text alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The input does not parse as BuildKit would read it.
    #[error("{at}: {message}")]
    Syntax { at: LineCol, message: String },
    #[error("fixes did not converge after {MAX_ROUNDS} rounds (rules {0}); please report this")]
    NoConvergence(String),
    #[error(
        "internal error: rule {0} produced a file that does not parse ({1}); it was left out, please report this"
    )]
    InvalidOutput(&'static str, String),
}

/// What the engine gives for one text.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The new text, `None` when it is unchanged.
    pub text: Option<String>,
    /// Problems fixed, per rule code: the findings of the input with a fix at the run's
    /// threshold that the output no longer has (whichever fix removed them: a merge can
    /// make a cleanup finding of the merged RUN go away). `check` counts the same findings
    /// as fixable, so the two commands agree.
    pub fixed: BTreeMap<&'static str, usize>,
    /// The findings of the final text, in source order, positions resolved against it.
    pub findings: Vec<Finding>,
    /// Other files of the build context the applied fixes write, one per path, paths
    /// relative to the context's root (see `take_file_fixes`).
    pub files: Vec<FileEdit>,
}

/// Every selected rule's diagnostics on a parsed file, in source order.
pub fn check(
    dockerfile: &Dockerfile,
    settings: &Settings,
    build_context: Option<&dyn BuildContext>,
) -> Vec<Diagnostic> {
    let context = Context::new(dockerfile, build_context, settings);
    let mut diagnostics = Vec::new();
    for rule in selected_rules(settings) {
        context.run(rule, &mut diagnostics);
    }
    diagnostics.sort_by_key(|d| (d.range.start, d.code));
    diagnostics
}

/// `dockfix check` on a text: the findings, or the syntax error that stops the rules.
pub fn lint(
    source: &str,
    settings: &Settings,
    build_context: Option<&dyn BuildContext>,
) -> Result<Outcome, EngineError> {
    let dockerfile = Dockerfile::parse(source);
    refuse_blocking_errors(&dockerfile)?;
    let diagnostics = check(&dockerfile, settings, build_context);
    Ok(Outcome {
        findings: findings(&dockerfile, &diagnostics),
        ..Outcome::default()
    })
}

/// `dockfix fmt` on a text: the formatted text when it differs.
pub fn format(source: &str, style: &FormatOptions) -> Result<Outcome, EngineError> {
    let dockerfile = Dockerfile::parse(source);
    refuse_blocking_errors(&dockerfile)?;
    let text =
        crate::format::format(&dockerfile, style).map_err(|error| syntax(&dockerfile, &error))?;
    Ok(Outcome {
        text,
        ..Outcome::default()
    })
}

/// `dockfix fix` on a text: each rule in order applies its fixes to the text the previous
/// one left, round after round until a round changes nothing; then the instructions the
/// rules wrote are formatted.
pub fn fix(
    source: &str,
    settings: &Settings,
    build_context: Option<&dyn BuildContext>,
) -> Result<Outcome, EngineError> {
    let rules = selected_rules(settings);
    let original = Dockerfile::parse(source);
    refuse_blocking_errors(&original)?;
    let original_context = Context::new(&original, build_context, settings);
    let mut round = Round {
        rules: &rules,
        next_rule: 0,
        applied_by: Vec::new(),
        rounds: 0,
    };
    // The diagnostics of the input, as far as the rules ran on it before the first edit.
    let mut before: Option<(Vec<Diagnostic>, usize)> = None;
    let mut edited: Option<String> = None;
    loop {
        // One iteration per text: its parse serves every rule until one of them edits.
        let parsed = edited.as_deref().map(Dockerfile::parse);
        let step = match &parsed {
            None => round.run(&original_context, source, settings)?,
            Some(dockerfile) => {
                if let Some(error) = dockerfile.errors().iter().find(|e| e.kind.blocks_rewrite()) {
                    let code = round.applied_by.last().copied().unwrap_or("?");
                    return Err(EngineError::InvalidOutput(code, error.message.clone()));
                }
                let context = Context::new(dockerfile, build_context, settings);
                round.run(&context, dockerfile.source(), settings)?
            }
        };
        let dockerfile = parsed.as_ref().unwrap_or(&original);
        match step {
            Step::Edited {
                text: new_text,
                diagnostics,
            } => {
                if before.is_none() {
                    before = Some((diagnostics, round.next_rule));
                }
                edited = Some(new_text);
            }
            Step::Done(mut diagnostics) => {
                let Some((mut before, next_rule)) = before else {
                    // The text is unchanged: the input's diagnostics are the findings, but
                    // for those fixed in other files.
                    let (files, fixed) = take_file_fixes(&mut diagnostics, settings);
                    return Ok(Outcome {
                        findings: findings(dockerfile, &diagnostics),
                        fixed,
                        files,
                        ..Outcome::default()
                    });
                };
                // The rules that did not see the input before the first edit, for the count
                // of problems fixed.
                for rule in &rules[next_rule..] {
                    original_context.run(*rule, &mut before);
                }
                return Ok(finish(
                    source,
                    &original,
                    dockerfile,
                    diagnostics,
                    &before,
                    settings,
                    build_context,
                ));
            }
        }
    }
}

/// How far the rules went on one parse.
enum Step {
    /// A rule edited: the new text, and the diagnostics of the rules run before it (with its
    /// own) in this round.
    Edited {
        text: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// A whole round ran without an edit: every rule's diagnostics of this parse.
    Done(Vec<Diagnostic>),
}

/// Where the fix loop is: the rule to run next, the rules that edited in this round, and
/// how many rounds have passed.
struct Round<'a> {
    rules: &'a [&'static dyn Rule],
    next_rule: usize,
    applied_by: Vec<&'static str>,
    rounds: usize,
}

impl Round<'_> {
    /// Run the rules on one parse, starting a new round on it while the last one edited,
    /// until a rule edits or a round passes without an edit.
    fn run(
        &mut self,
        context: &Context,
        text: &str,
        settings: &Settings,
    ) -> Result<Step, EngineError> {
        let mut diagnostics = Vec::new();
        loop {
            while self.next_rule < self.rules.len() {
                let rule = self.rules[self.next_rule];
                self.next_rule += 1;
                let first = diagnostics.len();
                context.run(rule, &mut diagnostics);
                let fixes: Vec<&Fix> = diagnostics[first..]
                    .iter()
                    .filter_map(|d| d.fix.as_ref())
                    .collect();
                let result = edit::apply(text, &fixes, settings.threshold());
                if !result.applied.is_empty() {
                    self.applied_by.push(rule.info().code);
                    return Ok(Step::Edited {
                        text: result.text,
                        diagnostics,
                    });
                }
            }
            // A round is over: every rule ran on this parse.
            if self.applied_by.is_empty() {
                diagnostics.sort_by_key(|d| (d.range.start, d.code));
                return Ok(Step::Done(diagnostics));
            }
            self.rounds += 1;
            if self.rounds == MAX_ROUNDS {
                return Err(EngineError::NoConvergence(self.applied_by.join(", ")));
            }
            self.applied_by.clear();
            diagnostics.clear();
            self.next_rule = 0;
        }
    }
}

/// The outcome of a fix that edited: the written instructions formatted, the findings of the
/// final text, and the problems fixed.
fn finish(
    source: &str,
    original: &Dockerfile,
    fixed: &Dockerfile,
    diagnostics: Vec<Diagnostic>,
    before: &[Diagnostic],
    settings: &Settings,
    build_context: Option<&dyn BuildContext>,
) -> Outcome {
    let threshold = settings.threshold();
    let formatted = crate::format::format_written(original, fixed, &settings.style);
    let (text, findings, files) = match formatted {
        // The formatting moved things: the findings are those of the formatted text.
        Some(formatted) => {
            let dockerfile = Dockerfile::parse(&formatted);
            let mut diagnostics = check(&dockerfile, settings, build_context);
            let (files, _) = take_file_fixes(&mut diagnostics, settings);
            let findings = findings(&dockerfile, &diagnostics);
            (formatted, findings, files)
        }
        None => {
            let mut diagnostics = diagnostics;
            let (files, _) = take_file_fixes(&mut diagnostics, settings);
            (
                fixed.source().to_string(),
                findings(fixed, &diagnostics),
                files,
            )
        }
    };
    let fixable = |findings: &mut dyn Iterator<Item = (&'static str, Option<Applicability>)>| {
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (code, applicability) in findings {
            if applicability.is_some_and(|a| a >= threshold) {
                *counts.entry(code).or_default() += 1;
            }
        }
        counts
    };
    let left = fixable(&mut findings.iter().map(|f| (f.code, f.fix_applicability())));
    let mut fixed_problems = fixable(
        &mut before
            .iter()
            .map(|d| (d.code, d.fix.as_ref().map(|f| f.applicability))),
    );
    for (code, count) in &mut fixed_problems {
        *count = count.saturating_sub(left.get(code).copied().unwrap_or(0));
    }
    fixed_problems.retain(|_, count| *count > 0);
    Outcome {
        text: (text != source).then_some(text),
        fixed: fixed_problems,
        findings,
        files,
    }
}

/// Take out of `diagnostics` those whose fix, at the settings' threshold, writes other
/// files of the build context: their files (the first fix for each path wins), and how many
/// each rule had. (With `leave_other_files`, the rules' context has already dropped them.) The fix loop never applies them to the Dockerfile (they have no edits of it), and
/// the build context the rules see does not change while it runs, so they are still there
/// when it ends: taking them then counts them as fixed, once.
fn take_file_fixes(
    diagnostics: &mut Vec<Diagnostic>,
    settings: &Settings,
) -> (Vec<FileEdit>, BTreeMap<&'static str, usize>) {
    let mut files: Vec<FileEdit> = Vec::new();
    let mut fixed: BTreeMap<&'static str, usize> = BTreeMap::new();
    let threshold = settings.threshold();
    diagnostics.retain(|diagnostic| {
        let Some(fix) = &diagnostic.fix else {
            return true;
        };
        if fix.files.is_empty() || !fix.edits.is_empty() || fix.applicability < threshold {
            return true;
        }
        for file in &fix.files {
            if !files.iter().any(|taken| taken.path == file.path) {
                files.push(file.clone());
            }
        }
        *fixed.entry(diagnostic.code).or_default() += 1;
        false
    });
    (files, fixed)
}

fn refuse_blocking_errors(dockerfile: &Dockerfile) -> Result<(), EngineError> {
    match dockerfile.errors().iter().find(|e| e.kind.blocks_rewrite()) {
        Some(error) => Err(syntax(dockerfile, error)),
        None => Ok(()),
    }
}

fn syntax(dockerfile: &Dockerfile, error: &crate::syntax::SyntaxError) -> EngineError {
    EngineError::Syntax {
        at: dockerfile.tree.line_col(error.range.start),
        message: error.message.clone(),
    }
}

/// Diagnostics with their positions, from the parse's own line index.
fn findings(dockerfile: &Dockerfile, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    diagnostics
        .iter()
        .map(|d| Finding::new(d, dockerfile.source(), &dockerfile.tree.line_index))
        .collect()
}
