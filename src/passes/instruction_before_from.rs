use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::Keyword;

rule! {
    /// Only ARG may come before the first FROM.
    ///
    /// ## What it does
    /// Reports any instruction other than ARG before the first FROM (hadolint `DL3061`).
    /// Comments and parser directives are not instructions.
    ///
    /// ## Why is this bad?
    /// BuildKit rejects the file: an instruction needs a stage to run in.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL maintainer="team@example.com"
    /// FROM alpine
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// LABEL maintainer="team@example.com"
    /// ```
    ///
    /// ## Fix safety
    /// No fix: where the instruction belongs (which stage, or all of them) is the author's
    /// choice.
    pub struct InstructionBeforeFrom {
        code: "DF513",
        name: "instruction-before-from",
        severity: Error,
        fix: None,
        aliases: ["DL3061"],
    }
}

impl Rule for InstructionBeforeFrom {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (_, instruction, command) in context.commands() {
            match command.keyword {
                Keyword::From => return,
                // Unknown words (template syntax, typos) are BuildKit's parse errors.
                Keyword::Arg | Keyword::Unknown => continue,
                _ => {}
            }
            let keyword = instruction
                .text(command.keyword_range.clone())
                .to_ascii_uppercase();
            diagnostics.push(self.diagnostic(
                format!("{keyword} before the first FROM: only ARG may come before FROM"),
                context.keyword_span(instruction),
            ));
        }
    }
}
