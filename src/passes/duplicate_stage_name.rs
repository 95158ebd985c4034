use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::stage_refs::from_line;

rule! {
    /// Stage names must be unique.
    ///
    /// ## What it does
    /// Reports a `FROM ... AS name` whose name (in any case) an earlier stage already has
    /// (hadolint `DL3024`, BuildKit `DuplicateStageName`).
    ///
    /// ## Why is this bad?
    /// `COPY --from=name`, `FROM name` and `--target name` can then mean only one of the
    /// stages; which one depends on where the reference is. Builds that pass today break
    /// when a stage moves.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20 AS build
    /// FROM golang:1.22 AS build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20 AS web
    /// FROM golang:1.22 AS api
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which references should follow the new name is the author's choice.
    /// BuildKit compares stage names in any case, so `AS Build` after `AS build` is reported
    /// too (hadolint compares them as written).
    pub struct DuplicateStageName {
        code: "DF504",
        name: "duplicate-stage-name",
        severity: Error,
        fix: None,
        aliases: ["DL3024", "DuplicateStageName"],
    }
}

impl Rule for DuplicateStageName {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let mut seen = std::collections::HashMap::new();
        for stage in context.stages {
            let Some(name) = &stage.name else { continue };
            let instruction = &context.instructions()[stage.from];
            if let Some(&line) = seen.get(name) {
                let Some((_, range)) = from_line(instruction).and_then(|line| line.alias) else {
                    continue;
                };
                diagnostics.push(self.diagnostic(
                    format!(
                        "Duplicate stage name \"{name}\" (first used on line {line}): stage names should be unique"
                    ),
                    context.span(instruction, range),
                ));
            } else {
                seen.insert(name.clone(), instruction.start_line);
            }
        }
    }
}
