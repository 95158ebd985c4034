use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Args, Keyword};

rule! {
    /// ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.
    ///
    /// ## What it does
    /// Reports `ONBUILD ONBUILD ...`, `ONBUILD FROM ...` and `ONBUILD MAINTAINER ...`
    /// (hadolint `DL3043`).
    ///
    /// ## Why is this bad?
    /// BuildKit rejects these triggers: the file does not build.
    ///
    /// ## Example
    /// ```dockerfile
    /// ONBUILD FROM alpine:3.20
    /// ```
    /// Use instead: a FROM in the Dockerfile that builds on this image.
    ///
    /// ## Fix safety
    /// No fix: what the trigger was meant to do is the author's to say.
    pub struct OnbuildTriggerForbidden {
        code: "DF611",
        name: "onbuild-trigger-forbidden",
        severity: Error,
        fix: None,
        aliases: ["DL3043"],
    }
}

impl Rule for OnbuildTriggerForbidden {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (_, instruction, command) in context.commands() {
            let Args::Sub(trigger) = &command.args else {
                continue;
            };
            if !matches!(
                trigger.keyword,
                Keyword::Onbuild | Keyword::From | Keyword::Maintainer
            ) {
                continue;
            }
            let name = trigger.keyword.canonical().unwrap_or_default();
            diagnostics.push(self.diagnostic(
                format!("{name} is not allowed as an ONBUILD trigger"),
                context.span(instruction, trigger.keyword_range.clone()),
            ));
        }
    }
}
