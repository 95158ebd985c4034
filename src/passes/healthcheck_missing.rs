use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::Keyword;

rule! {
    /// The image has no HEALTHCHECK.
    ///
    /// ## What it does
    /// Reports the last stage when neither it nor a stage it is built FROM has a
    /// `HEALTHCHECK` (hadolint `DL3057`). `HEALTHCHECK NONE` counts as a decision.
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and Swarm only know whether the process runs, not
    /// whether it serves; a hung server stays "up".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site /usr/share/nginx/html
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site /usr/share/nginx/html
    /// HEALTHCHECK CMD ["curl", "-fsS", "http://localhost/"]
    /// ```
    ///
    /// ## Fix safety
    /// No fix: what "healthy" means is specific to the program. Off by default: many
    /// images (tools, jobs, Kubernetes workloads with their own probes) need none, and the
    /// base image may define one this file cannot see.
    pub struct HealthcheckMissing {
        code: "DF614",
        name: "healthcheck-missing",
        severity: Info,
        fix: None,
        default: off,
        aliases: ["DL3057"],
    }
}

impl Rule for HealthcheckMissing {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        let Some(last) = context.stages.iter().last() else {
            return;
        };
        let has_healthcheck = context.stages.ancestors(last).any(|stage| {
            stage
                .body
                .clone()
                .any(|i| instructions[i].keyword() == Keyword::Healthcheck)
        });
        if has_healthcheck {
            return;
        }
        let from = &instructions[last.from];
        diagnostics.push(self.diagnostic(
            "HEALTHCHECK instruction missing in the image's stage".into(),
            context.keyword_span(from),
        ));
    }
}
