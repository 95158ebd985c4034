use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Args, Keyword};

rule! {
    /// EXPOSE takes container ports only, from 0 to 65535.
    ///
    /// ## What it does
    /// Reports an EXPOSE port with an IP address or a host port (`EXPOSE 8080:80`,
    /// `EXPOSE 127.0.0.1:80:80`; BuildKit's `ExposeInvalidFormat`) and a port (or range)
    /// beyond 65535 (hadolint `DL3011`). Also under ONBUILD.
    ///
    /// ## Why is this bad?
    /// Publishing is decided by `docker run -p`, not by the image: the host part is
    /// ignored today and will be an error in a future BuildKit. A port beyond 65535 does
    /// not exist.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 8080:80
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 80
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which port was meant is the author's to say. Ports with variables are not
    /// checked.
    pub struct ExposeInvalid {
        code: "DF606",
        name: "expose-invalid",
        severity: Error,
        fix: None,
        aliases: ["DL3011", "ExposeInvalidFormat"],
    }
}

impl Rule for ExposeInvalid {
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
                if text.contains('$') {
                    continue;
                }
                let port = text.trim_matches(['"', '\'']);
                let port = port.split_once('/').map_or(port, |(port, _)| port);
                let message = if port.contains(':') {
                    format!(
                        "EXPOSE should not define an IP address or host-port mapping, found '{text}': publish ports with docker run -p"
                    )
                } else if port
                    .split('-')
                    .any(|p| p.parse::<u64>().is_ok_and(|n| n > 65535))
                {
                    format!("EXPOSE {text}: valid ports range from 0 to 65535")
                } else {
                    continue;
                };
                diagnostics.push(self.diagnostic(message, context.span(instruction, word.clone())));
            }
        }
    }
}
