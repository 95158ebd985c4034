use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Args, Keyword};

rule! {
    /// A label key outside Docker's key format.
    ///
    /// ## What it does
    /// Reports a LABEL key that does not start with a lower-case letter, does not end with
    /// a lower-case letter or digit, has characters other than `a-z 0-9 . - _ /`, repeated
    /// `.` or `-`, or a namespace Docker reserves (`com.docker.`, `io.docker.`,
    /// `org.dockerproject.`) (hadolint `DL3048`). Keys with variables are not checked.
    ///
    /// ## Why is this bad?
    /// Docker's guidelines ask for reverse-DNS, lower-case keys so that labels of
    /// different tools do not clash; the reserved namespaces belong to Docker.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL Maintainer="jane@example.com"
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="jane@example.com"
    /// ```
    ///
    /// ## Fix safety
    /// No fix: tools read labels by key, so renaming one is the author's decision. Off by
    /// default: it is a naming convention.
    pub struct LabelKeyInvalid {
        code: "DF615",
        name: "label-key-invalid",
        severity: Info,
        fix: None,
        default: off,
        aliases: ["DL3048"],
    }
}

impl Rule for LabelKeyInvalid {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (_, instruction, command) in context.effective_commands() {
            if command.keyword != Keyword::Label {
                continue;
            }
            let keys: Vec<(String, std::ops::Range<usize>)> = match &command.args {
                Args::Pairs(pairs) => pairs
                    .iter()
                    .map(|p| (p.key.clone(), p.word.range.clone()))
                    .collect(),
                Args::Legacy { key, .. } => {
                    vec![(instruction.text(key.clone()).into(), key.clone())]
                }
                _ => continue,
            };
            for (key, range) in keys {
                let key = key.trim_matches(['"', '\'']);
                if key.contains('$') || is_valid_key(key) {
                    continue;
                }
                diagnostics.push(self.diagnostic(
                    format!("Invalid label key {key:?}: use lower-case reverse-DNS keys (a-z, 0-9, ., -)"),
                    context.span(instruction, range),
                ));
            }
        }
    }
}

fn is_valid_key(key: &str) -> bool {
    let first_ok = key.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    let last_ok = key
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let chars_ok = key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_/".contains(c));
    let reserved = ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|prefix| key.starts_with(prefix));
    first_ok && last_ok && chars_ok && !reserved && !key.contains("..") && !key.contains("--")
}
