use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::stage_refs::{ReferenceKind, Resolved, is_stage_name, resolve, stage_references};

rule! {
    /// `COPY --from` names no stage.
    ///
    /// ## What it does
    /// Reports `COPY --from=name` when no stage of the file is called `name` (any case) and
    /// `name` does not look like an image reference (it has no `:`, `/`, `.` or `@`), and
    /// `COPY --from=N` when there is no stage number `N` (hadolint `DL3022`).
    ///
    /// ## Why is this bad?
    /// BuildKit then takes the name for an image and pulls it from Docker Hub: a typo in a
    /// stage name silently copies from some other image
    /// (or fails with "pull access denied").
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// FROM alpine
    /// COPY --from=build /app /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// FROM alpine
    /// COPY --from=builder /app /app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the intended stage is the author's to say. Like hadolint, a bare image name
    /// (`--from=nginx`) is reported too: write it with a tag (`--from=nginx:1.27`), which
    /// also pins what is copied. Unlike hadolint, a stage defined further down is not
    /// reported: BuildKit resolves `--from` against every stage of the file and builds
    /// that stage first.
    pub struct CopyFromUnknownStage {
        code: "DF511",
        name: "copy-from-unknown-stage",
        severity: Warning,
        fix: None,
        aliases: ["DL3022"],
    }
}

impl Rule for CopyFromUnknownStage {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for reference in stage_references(context.dockerfile) {
            if reference.kind != ReferenceKind::CopyFrom || reference.onbuild {
                continue;
            }
            let name = reference.name.as_str();
            let number = !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit());
            if !(number || is_stage_name(name)) || name.contains('.') {
                continue;
            }
            let message = match resolve(context.stages, name, reference.index, reference.kind) {
                Resolved::Stage(_) => continue,
                Resolved::Image if number => {
                    format!("`COPY --from={name}`: there is no stage number {name}")
                }
                Resolved::Image => format!(
                    "`COPY --from={name}` names no stage of this file: BuildKit pulls an image named {name}"
                ),
            };
            let instruction = &context.instructions()[reference.index];
            let span = match reference.range {
                Some(range) => context.span(instruction, range),
                None => context.keyword_span(instruction),
            };
            diagnostics.push(self.diagnostic(message, span));
        }
    }
}
