use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::variables::quote_literal;
use crate::model::{Args, Keyword};

rule! {
    /// MAINTAINER is deprecated: use a label.
    ///
    /// ## What it does
    /// Replaces `MAINTAINER name` with `LABEL org.opencontainers.image.authors="name"`
    /// (hadolint `DL4000`, BuildKit `MaintainerDeprecated`).
    ///
    /// ## Why is this bad?
    /// MAINTAINER fills the image's deprecated `Author` field, which tools no longer read;
    /// the OCI annotation `org.opencontainers.image.authors` is where registries and
    /// scanners look for who maintains an image.
    ///
    /// ## Example
    /// ```dockerfile
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the label holds exactly the text MAINTAINER had (quotes, `$` and escapes are
    /// escaped, since LABEL expands and unquotes its value while MAINTAINER takes the text
    /// as written). The image loses the `Author` field, which is the point. MAINTAINER
    /// under ONBUILD is left to `onbuild-trigger-forbidden` (BuildKit rejects it).
    pub struct MaintainerDeprecated {
        code: "DF602",
        name: "maintainer-deprecated",
        severity: Warning,
        fix: Safe,
        aliases: ["DL4000", "MaintainerDeprecated"],
    }
}

impl Rule for MaintainerDeprecated {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.tree.escape.char();
        for (_, instruction, command) in context.commands_of(Keyword::Maintainer) {
            let mut diagnostic = self.diagnostic(
                "MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors".into(),
                context.keyword_span(instruction),
            );
            if let Args::String(value) = &command.args
                && let Some(range) =
                    context.source_range(instruction, command.keyword_range.start..value.end)
            {
                let label = format!(
                    "LABEL org.opencontainers.image.authors={}",
                    quote_literal(instruction.text(value.clone()), escape)
                );
                diagnostic.fix = Some(Fix::safe(
                    "Replace MAINTAINER with LABEL org.opencontainers.image.authors",
                    vec![Edit::replace(range, label)],
                ));
            }
            diagnostics.push(diagnostic);
        }
    }
}
