use super::copies::{context_copies, is_context_root};
use super::{Context, Rule, RuleInfo, rule};
use crate::build_context::DockerIgnore;
use crate::diagnostic::Diagnostic;

rule! {
    /// COPY or ADD of a file that `.dockerignore` leaves out of the build context.
    ///
    /// ## What it does
    /// Reports a `COPY` or `ADD` from the build context whose source `.dockerignore`
    /// excludes (the source itself or a folder above it). This is BuildKit's check
    /// `CopyIgnoredFile`, and it reads `.dockerignore` the way BuildKit's check does:
    /// - it needs the build context (the Dockerfile's folder, or `[[context]]` in the
    ///   configuration, or `--context`) and its `.dockerignore` (`<Dockerfile
    ///   name>.dockerignore` first): without them it reports nothing;
    /// - a `.dockerignore` with exceptions (`!pattern`) turns the check off, as in BuildKit:
    ///   a folder may be excluded and a file inside it let back in;
    /// - `COPY . .` counts only when a pattern excludes everything (`*`, `**`, `**/*`);
    /// - a wildcard source is compared as written (`*.txt` is reported when `.dockerignore`
    ///   says `*.txt`), sources with variables are not read, and `COPY --from` and
    ///   `ONBUILD` (which runs against another build's context) are left alone.
    ///
    /// ## Why is this bad?
    /// The file is not sent to the builder: the build fails with "not found", or, with a
    /// wildcard, silently copies less than it says. Either the ignore pattern or the COPY
    /// is wrong.
    ///
    /// ## Example
    /// With a `.dockerignore` that says `config/`:
    /// ```dockerfile
    /// COPY config/app.toml /etc/app/
    /// ```
    /// Use instead: remove `config/` from `.dockerignore`, or stop copying it.
    ///
    /// ## Fix safety
    /// No fix: whether the pattern or the COPY is wrong is the author's call.
    pub struct CopyIgnoredFile {
        code: "DF703",
        name: "copy-ignored-file",
        severity: Warning,
        fix: None,
        aliases: ["CopyIgnoredFile"],
    }
}

impl Rule for CopyIgnoredFile {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let Some(text) = context.build_context.and_then(|c| c.dockerignore()) else {
            return;
        };
        let ignore = DockerIgnore::parse(text);
        // BuildKit's check does not judge exceptions.
        if ignore.has_exceptions() {
            return;
        }
        for copy in context_copies(context) {
            if copy.onbuild {
                continue;
            }
            let ignored = copy.sources.iter().find(|source| {
                if source.contains('$') {
                    return false;
                }
                if is_context_root(source) {
                    return ignore.excludes_everything();
                }
                ignore.is_ignored(source)
            });
            let Some(source) = ignored else {
                continue;
            };
            let span = context.span(copy.instruction, copy.command.args_range.clone());
            diagnostics.push(self.diagnostic(
                format!(
                    "{} of {source}, which .dockerignore excludes from the build context",
                    copy.keyword
                ),
                span,
            ));
        }
    }
}
