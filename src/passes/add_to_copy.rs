use super::sources::{SourceKind, classify, copy_arguments};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::Keyword;

rule! {
    /// Use COPY for local files and folders; keep ADD for what only ADD does.
    ///
    /// ## What it does
    /// Replaces `ADD` with `COPY` when every source is a local file or folder that ADD
    /// would copy unchanged: not a URL, not a git repository, not an archive ADD would
    /// extract. Flags COPY shares (`--chown`, `--chmod`, `--link`, `--exclude`) are kept.
    ///
    /// ## Why is this bad?
    /// ADD also downloads URLs and unpacks archives. Using it for plain files hides that
    /// nothing of the sort happens, and a file later renamed to `*.tar.gz` would suddenly be
    /// extracted. Docker's best-practice guide asks for COPY unless ADD's magic is wanted.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD --chown=app:app ./config.json /app/config.json
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// COPY --chown=app:app ./config.json /app/config.json
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only the keyword changes, and only when ADD would have copied the sources as
    /// they are. A source counts as an archive by its name (`.tar`, `.tgz`, `.gz`, ...) and,
    /// when the build context is available, by its content (tar and gzip/bzip2/xz/zstd
    /// signatures). Sources named by a variable, wildcards without a build context, heredocs,
    /// and ADD-only flags (`--checksum`, `--keep-git-dir`, `--unpack`) leave ADD alone.
    pub struct AddToCopy {
        code: "DF401",
        name: "add-to-copy",
        severity: Warning,
        fix: Safe,
    }
}

/// Flags COPY accepts with the same meaning.
const COPY_FLAGS: [&str; 4] = ["chown", "chmod", "link", "exclude"];

impl Rule for AddToCopy {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.tree.escape.char();
        for instruction in context.instructions() {
            let Some(command) = instruction.command.as_ref().map(|c| c.effective()) else {
                continue;
            };
            if command.keyword != Keyword::Add || context.has_heredoc(instruction) {
                continue;
            }
            let line = &instruction.logical.text;
            // Only flags COPY understands the same way.
            if !command.flags.iter().all(|f| COPY_FLAGS.contains(&f.name())) {
                continue;
            }
            let Some((sources, _)) = copy_arguments(command, line, escape) else {
                continue;
            };
            if !sources
                .iter()
                .all(|s| classify(s, context.build_context) == SourceKind::Local)
            {
                continue;
            }
            let Some(keyword) = context.source_range(instruction, command.keyword_range.clone())
            else {
                continue;
            };
            let mut diagnostic =
                self.diagnostic("ADD of local files: use COPY".into(), keyword.clone());
            diagnostic.fix = Some(Fix::safe(
                "Replace ADD with COPY",
                vec![Edit::replace(keyword, "COPY")],
            ));
            diagnostics.push(diagnostic);
        }
    }
}
