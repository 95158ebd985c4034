use super::sources::{SourceKind, adds, classify};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};

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
        aliases: ["DL3020"],
    }
}

/// Flags COPY accepts with the same meaning.
const COPY_FLAGS: [&str; 4] = ["chown", "chmod", "link", "exclude"];

impl Rule for AddToCopy {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for add in adds(context) {
            let (instruction, command) = (add.instruction, add.command);
            // Only flags COPY understands the same way.
            if !command.flags.iter().all(|f| COPY_FLAGS.contains(&f.name())) {
                continue;
            }
            if !add
                .sources
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
