use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::variables::references;
use crate::model::{Args, Keyword};

rule! {
    /// USER by name rather than by numeric id.
    ///
    /// ## What it does
    /// Reports a `USER` whose user part is not a number (`USER app`, `USER app:app`),
    /// unless it comes from a variable (hadolint `DL3066`).
    ///
    /// ## Why is this bad?
    /// A name is resolved in the image's `/etc/passwd` when the container starts; hosts
    /// and orchestrators cannot check it: Kubernetes' `runAsNonRoot` refuses to start a
    /// container whose user is a name, as it cannot tell whether the name means root.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// USER 10001:10001
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the id of the user is in the image, not in the file. Off by default: names
    /// work everywhere but under such policies.
    pub struct UserNonNumeric {
        code: "DF616",
        name: "user-non-numeric",
        severity: Info,
        fix: None,
        default: off,
        aliases: ["DL3066"],
    }
}

impl Rule for UserNonNumeric {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.tree.escape.char();
        for (_, instruction, command) in context.effective_commands() {
            let (Keyword::User, Args::String(range)) = (command.keyword, &command.args) else {
                continue;
            };
            let text = instruction.text(range.clone());
            let user = text.split_once(':').map_or(text, |(user, _)| user);
            let user = user.trim_matches(['"', '\'']);
            if user.is_empty()
                || user.bytes().all(|b| b.is_ascii_digit())
                || !references(user, escape).is_empty()
            {
                continue;
            }
            diagnostics.push(self.diagnostic(
                format!(
                    "USER {user} by name: a numeric id lets hosts check who the container runs as"
                ),
                context.span(instruction, range.clone()),
            ));
        }
    }
}
