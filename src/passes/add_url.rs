use super::sources::{SourceKind, adds, classify};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ADD downloads a URL without verifying it.
    ///
    /// ## What it does
    /// Reports `ADD https://...` without `--checksum`.
    ///
    /// ## Why is this bad?
    /// The build trusts whatever the server returns today: a compromised or changed file
    /// goes into the image unnoticed, and the layer cache cannot know the content changed.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD https://example.com/tool.tar.gz /opt/
    /// ```
    /// Use instead (BuildKit verifies the digest):
    /// ```dockerfile
    /// ADD --checksum=sha256:<digest> https://example.com/tool.tar.gz /opt/
    /// ```
    /// or download and verify in a RUN: `curl -fsSLo /tmp/t.tgz URL && echo "<digest>  /tmp/t.tgz" | sha256sum -c -`.
    ///
    /// ## Fix safety
    /// No fix: only the person who knows the expected file can write its checksum.
    pub struct AddUrl {
        code: "DF402",
        name: "add-remote-url",
        severity: Warning,
        fix: None,
    }
}

impl Rule for AddUrl {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for add in adds(context) {
            if add.command.flag("checksum").is_some() {
                continue;
            }
            for url in add
                .sources
                .iter()
                .filter(|s| classify(s, None) == SourceKind::Url)
            {
                let message = format!(
                    "ADD downloads {url} without --checksum: pin its digest, or fetch and verify it in a RUN"
                );
                diagnostics.push(self.diagnostic(
                    message,
                    context.span(add.instruction, add.command.args_range.clone()),
                ));
            }
        }
    }
}
