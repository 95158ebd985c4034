use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::stage_refs::from_line;
use crate::model::variables::{PLATFORM_ARGS, global_args, references};

rule! {
    /// FROM uses an ARG that is not declared before the first FROM.
    ///
    /// ## What it does
    /// Reports `$NAME` in a FROM line (image or `--platform`) when no ARG before the first
    /// FROM declares `NAME` and BuildKit does not predefine it (`TARGETPLATFORM`,
    /// `BUILDPLATFORM`, `TARGETOS`, `TARGETARCH`, ...). BuildKit's `UndefinedArgInFrom`.
    ///
    /// ## Why is this bad?
    /// FROM lines see only global ARGs. An ARG declared inside a stage, or not at all,
    /// expands to nothing there, and `--build-arg NAME=...` is ignored: the build uses
    /// another image than intended, or fails with an invalid reference.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:${ALPINE_VERSION}
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ARG ALPINE_VERSION=3.20
    /// FROM alpine:${ALPINE_VERSION}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the default value is the author's to choose.
    pub struct UndefinedArgInFrom {
        code: "DF506",
        name: "undefined-arg-in-from",
        severity: Error,
        fix: None,
        aliases: ["UndefinedArgInFrom"],
    }
}

impl Rule for UndefinedArgInFrom {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let globals = global_args(context.dockerfile);
        let escape = context.dockerfile.tree.escape.char();
        let declared =
            |name: &str| PLATFORM_ARGS.contains(&name) || globals.iter().any(|d| d.name == name);
        for stage in context.stages {
            let instruction = &context.instructions()[stage.from];
            let Some(from) = from_line(instruction) else {
                continue;
            };
            let Some(command) = &instruction.command else {
                continue;
            };
            let mut words = vec![instruction.text(from.base.clone())];
            words.extend(command.flag("platform").and_then(|flag| flag.value()));
            let mut reported = Vec::new();
            for word in words {
                for reference in references(word, escape) {
                    if declared(&reference.name) || reported.contains(&reference.name) {
                        continue;
                    }
                    diagnostics.push(self.diagnostic(
                        format!(
                            "FROM argument '{}' is not declared: declare it with ARG before the first FROM",
                            reference.name
                        ),
                        context.keyword_span(instruction),
                    ));
                    reported.push(reference.name);
                }
            }
        }
    }
}
