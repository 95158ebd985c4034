use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::Keyword;

rule! {
    /// FROM with `--platform` (other than the build or target platform).
    ///
    /// ## What it does
    /// Reports `FROM --platform=...` unless the value names `BUILDPLATFORM` or
    /// `TARGETPLATFORM` (hadolint `DL3029`).
    ///
    /// ## Why is this bad?
    /// A fixed platform makes the file build for one architecture only, whatever the
    /// builder is asked for. Off by default: images that exist for one platform only
    /// (and stages that cross-compile on purpose) need the flag, so this is a team choice;
    /// `from-platform-constant` (DF509) covers the likely mistakes.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 debian:12
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    ///
    /// ## Fix safety
    /// No fix: removing the flag changes which image is pulled.
    pub struct FromPlatformFlag {
        code: "DF512",
        name: "from-platform-flag",
        severity: Warning,
        fix: None,
        default: off,
        aliases: ["DL3029"],
    }
}

impl Rule for FromPlatformFlag {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (_, instruction, command) in context.commands_of(Keyword::From) {
            let Some(flag) = command.flag("platform") else {
                continue;
            };
            let value = flag.value().unwrap_or_default();
            if value.contains("BUILDPLATFORM") || value.contains("TARGETPLATFORM") {
                continue;
            }
            diagnostics.push(self.diagnostic(
                format!("Do not use --platform={value} with FROM"),
                context.span(instruction, flag.range.clone()),
            ));
        }
    }
}
