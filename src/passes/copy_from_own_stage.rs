use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::stage_refs::{ReferenceKind, Resolved, resolve, stage_references};

rule! {
    /// `COPY --from` names the stage it is in.
    ///
    /// ## What it does
    /// Reports `COPY --from=name` (or `--from=N`) inside the stage `name` (number `N`)
    /// itself (hadolint `DL3023`).
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself: BuildKit fails with a circular dependency. The
    /// intended source is usually another stage, or the build context (no `--from`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20 AS build
    /// COPY --from=build /app/dist /srv
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20 AS build
    /// RUN npm run build
    /// FROM nginx:1.27
    /// COPY --from=build /app/dist /srv
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which stage was meant is the author's to say.
    pub struct CopyFromOwnStage {
        code: "DF510",
        name: "copy-from-own-stage",
        severity: Error,
        fix: None,
        aliases: ["DL3023"],
    }
}

impl Rule for CopyFromOwnStage {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for reference in stage_references(context.dockerfile) {
            if reference.kind != ReferenceKind::CopyFrom || reference.onbuild {
                continue;
            }
            let Some(number) = context.stages.index_of(reference.index) else {
                continue;
            };
            // As BuildKit resolves the name: the stage it names is this one.
            let resolved = resolve(
                context.stages,
                &reference.name,
                reference.index,
                reference.kind,
            );
            if resolved != Resolved::Stage(number) {
                continue;
            }
            let instruction = &context.instructions()[reference.index];
            let span = match reference.range {
                Some(range) => context.span(instruction, range),
                None => context.keyword_span(instruction),
            };
            diagnostics.push(self.diagnostic(
                format!(
                    "`COPY --from={}` names its own stage: a stage cannot copy from itself",
                    reference.name
                ),
                span,
            ));
        }
    }
}
