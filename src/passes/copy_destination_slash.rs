use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::{Args, Keyword};

rule! {
    /// COPY of several sources needs a destination folder ending in `/`.
    ///
    /// ## What it does
    /// Reports `COPY a b /dest` (two or more sources) whose destination does not end with
    /// `/` (hadolint `DL3021`), and appends the `/`. Also ADD, and under ONBUILD.
    ///
    /// ## Why is this bad?
    /// BuildKit refuses the build: with more than one source, the destination must be a
    /// directory written with a trailing slash.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY package.json package-lock.json /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the build failed before, so the fix decides that the destination is a
    /// directory, which is the only reading that builds. A destination with a variable,
    /// quotes, or heredoc sources is reported without a fix.
    pub struct CopyDestinationSlash {
        code: "DF609",
        name: "copy-destination-slash",
        severity: Error,
        fix: Unsafe,
        aliases: ["DL3021"],
    }
}

impl Rule for CopyDestinationSlash {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (_, instruction, command) in context.effective_commands() {
            if !matches!(command.keyword, Keyword::Copy | Keyword::Add)
                || !instruction.heredocs.is_empty()
            {
                continue;
            }
            let (destination, range, plain) = match &command.args {
                Args::List(words) if words.len() > 2 => {
                    let Some(last) = words.last() else { continue };
                    let text = instruction.text(last.clone());
                    let plain = !text.contains(['"', '\'', '$', '\\', '`']);
                    (text.to_string(), last.clone(), plain)
                }
                Args::Json(strings) if strings.len() > 2 => {
                    let Some(last) = strings.last() else { continue };
                    // The closing quote of the JSON string stays last.
                    let plain = !last.value.contains(['"', '\\', '$']);
                    (
                        last.value.clone(),
                        last.span.start..last.span.end - 1,
                        plain,
                    )
                }
                _ => continue,
            };
            let unquoted = destination.trim_matches(['"', '\'']);
            if unquoted.ends_with('/') || unquoted.ends_with('\\') {
                continue;
            }
            let name = command.keyword.canonical().unwrap_or("COPY");
            let mut diagnostic = self.diagnostic(
                format!(
                    "{name} with more than 2 arguments requires the last argument to end with /"
                ),
                context.span(instruction, range.clone()),
            );
            if plain && let Some(source) = context.source_range(instruction, range) {
                diagnostic.fix = Some(Fix::unsafe_(
                    "Append / to the destination",
                    vec![Edit::insert(source.end, "/")],
                ));
            }
            diagnostics.push(diagnostic);
        }
    }
}
