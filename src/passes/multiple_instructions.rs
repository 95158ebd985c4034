use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::Keyword;

rule! {
    /// Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage counts.
    ///
    /// ## What it does
    /// Reports each CMD, ENTRYPOINT and HEALTHCHECK that a later one of the same kind in the
    /// same stage overrides (BuildKit `MultipleInstructionsDisallowed`; hadolint `DL4003`
    /// for CMD, `DL4004` for ENTRYPOINT, `DL3012` for HEALTHCHECK), and removes it.
    ///
    /// ## Why is this bad?
    /// Only the last one ends up in the image: the earlier ones are dead code that readers
    /// take for the command the container runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20
    /// CMD ["node", "server.js"]
    /// COPY . /app
    /// CMD ["node", "/app/server.js"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20
    /// COPY . /app
    /// CMD ["node", "/app/server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: an overridden CMD, ENTRYPOINT or HEALTHCHECK has no effect on the image
    /// (BuildKit keeps a CMD set in the stage across a later ENTRYPOINT, so removing an
    /// overridden CMD changes nothing there either); only its empty history entry goes.
    /// Instructions with comments inside are reported without a fix, and ONBUILD
    /// triggers are not counted (they run in another build).
    pub struct MultipleInstructions {
        code: "DF601",
        name: "multiple-instructions",
        severity: Warning,
        fix: Safe,
        aliases: ["DL4003", "DL4004", "DL3012", "MultipleInstructionsDisallowed"],
    }
}

impl Rule for MultipleInstructions {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        for stage in context.stages {
            for keyword in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
                let found: Vec<usize> = stage
                    .body
                    .clone()
                    .filter(|&i| instructions[i].keyword() == keyword)
                    .collect();
                let Some((_, earlier)) = found.split_last() else {
                    continue;
                };
                let name = keyword.canonical().unwrap_or_default();
                for &index in earlier {
                    let instruction = &instructions[index];
                    let span = context.dockerfile.instruction_range(instruction);
                    let mut diagnostic = self.diagnostic(
                        format!(
                            "Multiple {name} instructions in one stage: only the last one is used, this one has no effect"
                        ),
                        context.keyword_span(instruction),
                    );
                    let lines = context.line_range(instruction);
                    if !context.has_comments_within(instruction, span) {
                        diagnostic.fix = Some(Fix::safe(
                            format!("Remove the overridden {name}"),
                            vec![Edit::delete(lines)],
                        ));
                    }
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
}
