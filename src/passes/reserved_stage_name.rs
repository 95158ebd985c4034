use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::stage_refs::from_line;

rule! {
    /// `scratch` and `context` are not stage names.
    ///
    /// ## What it does
    /// Reports `FROM ... AS scratch` and `FROM ... AS context` (BuildKit's
    /// `ReservedStageName` check, hadolint `DL3063`), in any case.
    ///
    /// ## Why is this bad?
    /// `scratch` is the empty image and `context` the build context in `COPY --from` and
    /// named contexts: a stage with either name makes `FROM scratch` or `--from=context`
    /// mean something other than what readers (and tools) expect.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine AS scratch
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine AS base
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the new name is the author's choice.
    pub struct ReservedStageName {
        code: "DF505",
        name: "reserved-stage-name",
        severity: Error,
        fix: None,
        aliases: ["DL3063", "ReservedStageName"],
    }
}

impl Rule for ReservedStageName {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for stage in context.stages {
            let Some(name) = stage.name.as_deref() else {
                continue;
            };
            if !matches!(name, "scratch" | "context") {
                continue;
            }
            let instruction = &context.instructions()[stage.from];
            let Some((_, range)) = from_line(instruction).and_then(|line| line.alias) else {
                continue;
            };
            diagnostics.push(self.diagnostic(
                format!("Stage name should not use the same name as reserved stage \"{name}\""),
                context.span(instruction, range),
            ));
        }
    }
}
