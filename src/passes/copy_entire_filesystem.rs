use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::stage_refs::{ReferenceKind, Resolved, resolve};
use crate::model::variables::starts_from_scratch;
use crate::model::{Args, Keyword};

rule! {
    /// COPY of a whole stage's filesystem onto an image.
    ///
    /// ## What it does
    /// Reports `COPY --from=stage / /` where both stages are built on images (hadolint
    /// `DL3067`). Unlike hadolint, copying into a stage built on `scratch` (the usual way
    /// to flatten an image), copying out of a stage built on `scratch` (an artifact stage)
    /// and copying the whole of an image (a tools image made for it, like
    /// `--from=docker/buildx-bin`, also through a stage that only names it,
    /// `FROM tonistiigi/xx AS xx`) are not reported.
    ///
    /// ## Why is this bad?
    /// Everything of the other stage lands on top of this image: its package database,
    /// `/etc/passwd`, caches and build tools overwrite the base image's own files, and the
    /// layer is as large as the whole other image. Copy the artifacts that are needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// COPY --from=build / /
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which files are needed is the author's to say.
    pub struct CopyEntireFilesystem {
        code: "DF617",
        name: "copy-entire-filesystem",
        severity: Warning,
        fix: None,
        aliases: ["DL3067"],
    }
}

impl Rule for CopyEntireFilesystem {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (index, instruction, command) in context.commands() {
            if command.keyword != Keyword::Copy || command.flag("from").is_none() {
                continue;
            }
            let paths: Vec<String> = match &command.args {
                Args::List(words) => words
                    .iter()
                    .map(|w| {
                        instruction
                            .text(w.clone())
                            .trim_matches(['"', '\''])
                            .to_string()
                    })
                    .collect(),
                Args::Json(strings) => strings.iter().map(|s| s.value.clone()).collect(),
                _ => continue,
            };
            let Some((target, sources)) = paths.split_last() else {
                continue;
            };
            if target != "/" || !sources.iter().any(|s| s == "/") {
                continue;
            }
            let Some(stage) = context.stage_of(index) else {
                continue;
            };
            let Some(name) = command.flag("from").and_then(|flag| flag.value()) else {
                continue;
            };
            let Resolved::Stage(source) =
                resolve(context.stages, name, index, ReferenceKind::CopyFrom)
            else {
                continue;
            };
            let Some(source) = context.stages.get(source) else {
                continue;
            };
            // A stage that is only `FROM image AS name` names an image.
            if source.body.is_empty()
                || starts_from_scratch(context.stages, stage)
                || starts_from_scratch(context.stages, source)
            {
                continue;
            }
            diagnostics.push(self.diagnostic(
                "COPY of another stage's whole filesystem onto this image: copy only what is needed".into(),
                context.span(instruction, command.args_range.clone()),
            ));
        }
    }
}
