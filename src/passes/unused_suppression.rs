use super::{Context, RULES, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::suppression::{Codes, RuleIdentity, Scope, Suppression, Tool, code_names};

rule! {
    /// A `# dockfix: ignore` comment that suppresses nothing.
    ///
    /// ## What it does
    /// Reports `# dockfix: ignore[...]` and `# dockfix: ignore-file[...]` comments, and codes
    /// in them, that suppress no finding: the rule does not fire on the instruction below (or
    /// anywhere in the file, for `ignore-file`), or no rule has that code or name. Also
    /// reports `# dockfix:` comments that are not valid suppressions, which suppress nothing
    /// either.
    ///
    /// Only the rules that run are judged: a code that names a rule not selected in this run
    /// is left alone. hadolint's pragmas and BuildKit's `check` directive are left alone too:
    /// hadolint or BuildKit may still need them.
    ///
    /// ## Why is this bad?
    /// A suppression outlives the finding it was written for. Once the code below it is
    /// fixed, it silently hides the next finding of that rule there, which nobody has seen.
    ///
    /// ## Example
    /// ```dockerfile
    /// # dockfix: ignore[DF101, DF999]
    /// RUN apt-get update
    /// RUN apt-get install -y curl
    /// ```
    /// Use instead (DF101 fires on the second RUN, so it is used; DF999 is no rule):
    /// ```dockerfile
    /// RUN apt-get update
    /// # dockfix: ignore[DF101]
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: removes the unused codes from the comment, or the whole comment line when none
    /// is used; comments mean nothing to BuildKit. There is no fix when removing the line
    /// would make a comment below it a parser directive, nor for an invalid comment (what it
    /// meant to say is for a person to decide).
    pub struct UnusedSuppression {
        code: "DF001",
        name: "unused-suppression",
        severity: Info,
        fix: Safe,
        default: off,
    }
}

impl Rule for UnusedSuppression {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let Some(suppressions) = context.suppressions() else {
            return;
        };
        for malformed in &suppressions.malformed {
            let message = format!("not a suppression comment: {}", malformed.message);
            diagnostics.push(self.diagnostic(message, malformed.comment.clone()));
        }
        let own: Vec<&Suppression> = suppressions
            .list
            .iter()
            .filter(|s| s.tool == Tool::Dockfix)
            .collect();
        if own.is_empty() {
            return;
        }
        // What the other rules find when no suppression applies.
        let selected: Vec<&dyn Rule> = super::selected_rules(context.settings)
            .into_iter()
            .filter(|rule| rule.info().code != Self::INFO.code)
            .collect();
        let unsuppressed = Context::without_suppressions(
            context.dockerfile,
            context.build_context,
            context.settings,
        );
        let mut findings: Vec<(RuleIdentity, Diagnostic)> = Vec::new();
        for rule in &selected {
            let mut found = Vec::new();
            rule.check(&unsuppressed, &mut found);
            findings.extend(found.into_iter().map(|d| (rule.info().identity(), d)));
        }
        let used_by = |scope: &Scope, names: &dyn Fn(RuleIdentity) -> bool| {
            findings.iter().any(|(rule, finding)| {
                names(*rule) && suppressions.in_scope(scope, &finding.range, finding.fix.as_ref())
            })
        };
        for suppression in own {
            let unused: Vec<(&str, &str)> = match &suppression.codes {
                Codes::All => {
                    if used_by(&suppression.scope, &|_| true) {
                        continue;
                    }
                    Vec::new()
                }
                Codes::List(codes) => codes
                    .iter()
                    .filter_map(|code| {
                        let named =
                            |rule: RuleIdentity| code_names(Tool::Dockfix, &code.text, rule);
                        if !RULES.iter().any(|rule| named(rule.info().identity())) {
                            return Some((code.text.as_str(), "no such rule"));
                        }
                        // A rule that did not run may still fire: leave its code alone.
                        let judged = selected.iter().any(|rule| named(rule.info().identity()));
                        (judged && !used_by(&suppression.scope, &named))
                            .then_some((code.text.as_str(), "nothing to suppress"))
                    })
                    .collect(),
            };
            if let Some(diagnostic) = self.report(context, suppression, &unused) {
                diagnostics.push(diagnostic);
            }
        }
    }
}

impl UnusedSuppression {
    /// The finding for `suppression` whose codes `unused` (code, why) suppress nothing (the
    /// whole comment when it lists none), with the fix that removes them.
    fn report(
        &self,
        context: &Context,
        suppression: &Suppression,
        unused: &[(&str, &str)],
    ) -> Option<Diagnostic> {
        let codes = match &suppression.codes {
            Codes::List(codes) => Some(codes),
            Codes::All => None,
        };
        let kept: Vec<&str> = codes
            .into_iter()
            .flatten()
            .map(|code| code.text.as_str())
            .filter(|text| !unused.iter().any(|(code, _)| code == text))
            .collect();
        if codes.is_some() && unused.is_empty() {
            return None;
        }
        let message = if unused.is_empty() {
            "suppresses nothing".to_string()
        } else {
            let listed: Vec<String> = unused
                .iter()
                .map(|(code, why)| format!("{code} ({why})"))
                .collect();
            format!("unused in suppression: {}", listed.join(", "))
        };
        let mut diagnostic = self.diagnostic(message, suppression.comment.clone());
        diagnostic.fix = match (&suppression.list, kept.is_empty()) {
            (Some(list), false) => Some(Fix::safe(
                "Remove the unused codes",
                vec![Edit::replace(
                    list.clone(),
                    format!("[{}]", kept.join(", ")),
                )],
            )),
            _ if removing_promotes_a_directive(context.source(), &suppression.line) => None,
            _ => Some(Fix::safe(
                "Remove the suppression comment",
                vec![Edit::delete(suppression.line.clone())],
            )),
        };
        Some(diagnostic)
    }
}

/// Whether deleting `line` would make the line after it a parser directive: BuildKit reads
/// directives only while every line before them is one.
fn removing_promotes_a_directive(source: &str, line: &std::ops::Range<usize>) -> bool {
    let before = source[..line.start].trim_start_matches('\u{FEFF}');
    let next = source[line.end..].lines().next().unwrap_or("");
    crate::syntax::is_directive_shaped(next)
        && before.lines().all(crate::syntax::is_directive_shaped)
}
