use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::Keyword;
use crate::model::variables::global_args;

rule! {
    /// `FROM --platform=$TARGETPLATFORM` says what FROM does anyway.
    ///
    /// ## What it does
    /// Reports a FROM whose `--platform` is exactly `$TARGETPLATFORM` or
    /// `${TARGETPLATFORM}` (BuildKit's `RedundantTargetPlatform`, hadolint `DL3065`) and
    /// removes the flag.
    ///
    /// ## Why is this bad?
    /// Base images are pulled for the target platform by default. The flag adds noise, and
    /// suggests (wrongly) that the other FROM lines use some other platform.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the stage's platform is the target platform either way. When a global
    /// `ARG TARGETPLATFORM` gives it another default, the flag is not redundant and is not
    /// reported.
    pub struct RedundantTargetPlatform {
        code: "DF508",
        name: "redundant-target-platform",
        severity: Info,
        fix: Safe,
        aliases: ["DL3065", "RedundantTargetPlatform"],
    }
}

impl Rule for RedundantTargetPlatform {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        if global_args(context.dockerfile)
            .iter()
            .any(|d| d.name == "TARGETPLATFORM" && d.value.is_some())
        {
            return;
        }
        for (_, instruction, command) in context.commands_of(Keyword::From) {
            let Some(flag) = command.flag("platform") else {
                continue;
            };
            let Some(value) = flag.value() else { continue };
            if !matches!(value, "$TARGETPLATFORM" | "${TARGETPLATFORM}") {
                continue;
            }
            let mut diagnostic = self.diagnostic(
                format!(
                    "Setting platform to predefined {value} in FROM is redundant as this is the default behavior"
                ),
                context.span(instruction, flag.range.clone()),
            );
            // The flag and the blanks after it, when they sit on one line.
            let line = &instruction.logical.text;
            let end = line[flag.range.end..]
                .find(|c: char| !matches!(c, ' ' | '\t'))
                .map_or(line.len(), |i| flag.range.end + i);
            diagnostic.fix = context
                .source_range(instruction, flag.range.start..end)
                .map(|range| Fix::safe("Remove --platform", vec![Edit::delete(range)]));
            diagnostics.push(diagnostic);
        }
    }
}
