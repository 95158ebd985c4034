use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::stage_refs::{Resolved, from_line, is_stage_name, resolve, stage_references};

rule! {
    /// Stage names should be lower case.
    ///
    /// ## What it does
    /// Reports `FROM image AS Name` when the stage name has upper-case letters (BuildKit's
    /// `StageNameCasing` check), and lower-cases the name and every reference to that stage
    /// (`FROM Name`, `COPY --from=Name`, `RUN --mount=...,from=Name`).
    ///
    /// ## Why is this bad?
    /// BuildKit compares stage names in any case, but image references must be lower case:
    /// `FROM Builder` reads like an image that cannot exist, and `--target Builder` works only
    /// because of the case folding. One spelling everywhere avoids the confusion.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS Builder
    /// FROM alpine
    /// COPY --from=Builder /app /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// FROM alpine
    /// COPY --from=builder /app /app
    /// ```
    ///
    /// ## Fix safety
    /// Safe: BuildKit lower-cases stage names when it reads them, so the build is the same.
    /// References inside ONBUILD triggers name stages of another build and are left alone;
    /// a name used by two stages is reported without a fix. Off by default: it is about
    /// spelling only (BuildKit reports it by default; `--select DF502` turns it on).
    pub struct StageNameCasing {
        code: "DF502",
        name: "stage-name-casing",
        severity: Info,
        fix: Safe,
        default: off,
        aliases: ["StageNameCasing"],
    }
}

impl Rule for StageNameCasing {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        let references = stage_references(context.dockerfile);
        for (number, stage) in context.stages.iter().enumerate() {
            let instruction = &instructions[stage.from];
            let Some((_, name_range)) = from_line(instruction).and_then(|line| line.alias) else {
                continue;
            };
            let name = instruction.text(name_range.clone());
            let lower = name.to_ascii_lowercase();
            if name == lower || !is_stage_name(name) {
                continue;
            }
            let span = context.span(instruction, name_range.clone());
            let mut diagnostic =
                self.diagnostic(format!("Stage name '{name}' should be lower case"), span);
            let duplicated = context
                .stages
                .iter()
                .filter(|other| other.name.as_deref() == Some(lower.as_str()))
                .count()
                > 1;
            if !duplicated && let Some(own) = context.source_range(instruction, name_range) {
                let mut edits = vec![Edit::replace(own, lower.clone())];
                for reference in &references {
                    let Some(range) = reference.range.clone() else {
                        continue;
                    };
                    if reference.onbuild
                        || reference.name == lower
                        || resolve(
                            context.stages,
                            &reference.name,
                            reference.index,
                            reference.kind,
                        ) != Resolved::Stage(number)
                    {
                        continue;
                    }
                    let at = &instructions[reference.index];
                    if let Some(range) = context.source_range(at, range) {
                        edits.push(Edit::replace(range, lower.clone()));
                    }
                }
                diagnostic.fix = Some(Fix::safe(format!("Rename stage to '{lower}'"), edits));
            }
            diagnostics.push(diagnostic);
        }
    }
}
