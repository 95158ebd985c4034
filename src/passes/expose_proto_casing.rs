use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::{Args, Keyword};

rule! {
    /// The protocol of an EXPOSE port should be lower case.
    ///
    /// ## What it does
    /// Reports `EXPOSE 80/TCP` (BuildKit's `ExposeProtoCasing`) and writes `80/tcp`. Also
    /// under ONBUILD.
    ///
    /// ## Why is this bad?
    /// The image config records the protocol as written; tools that compare it with `tcp`
    /// or `udp` may not match `TCP`.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 53/UDP
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 53/udp
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only the protocol's case changes, which is what BuildKit asks for. Ports
    /// written with quotes or variables are reported without a fix.
    pub struct ExposeProtoCasing {
        code: "DF605",
        name: "expose-proto-casing",
        severity: Warning,
        fix: Safe,
        aliases: ["ExposeProtoCasing"],
    }
}

impl Rule for ExposeProtoCasing {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (_, instruction, command) in context.effective_commands() {
            let (Keyword::Expose, Args::List(words)) = (command.keyword, &command.args) else {
                continue;
            };
            for word in words {
                let text = instruction.text(word.clone());
                let Some((_, protocol)) = text.rsplit_once('/') else {
                    continue;
                };
                if protocol == protocol.to_ascii_lowercase() {
                    continue;
                }
                let mut diagnostic = self.diagnostic(
                    format!("Defined protocol '{text}' in EXPOSE instruction should be lower case"),
                    context.span(instruction, word.clone()),
                );
                let plain = !text.contains(['$', '"', '\'', '\\', '`']);
                if plain && let Some(range) = context.source_range(instruction, word.clone()) {
                    let start = range.end - protocol.len();
                    diagnostic.fix = Some(Fix::safe(
                        "Lower-case the protocol",
                        vec![Edit::replace(
                            start..range.end,
                            protocol.to_ascii_lowercase(),
                        )],
                    ));
                }
                diagnostics.push(diagnostic);
            }
        }
    }
}
