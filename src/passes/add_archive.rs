use super::sources::{SourceKind, adds, classify};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};

rule! {
    /// ADD silently extracts a local archive: make the extraction explicit.
    ///
    /// ## What it does
    /// Reports ADD of a local tar archive (by name, and by content when the build context
    /// is available), which ADD unpacks into the destination. The fix copies the archive
    /// and extracts it with `tar` in a RUN, then deletes it.
    ///
    /// ## Why is this bad?
    /// Whether ADD copies or extracts depends on the file's content, not on the
    /// instruction: a reader cannot tell, and replacing the file with a non-archive (or the
    /// other way round) changes what the image contains without a change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD rootfs.tar.gz /opt/app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// COPY rootfs.tar.gz /tmp/rootfs.tar.gz
    /// RUN mkdir -p /opt/app && tar -xzf /tmp/rootfs.tar.gz -C /opt/app && rm /tmp/rootfs.tar.gz
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the image needs a `tar` (and `mkdir`, `rm`) that can read the format, the RUN
    /// runs as the current USER, the extracted files get tar's owners and modes rather than
    /// ADD's, and the archive stays in the COPY layer (a `RUN --mount=type=bind` avoids that
    /// where BuildKit is guaranteed). Offered only for one archive, no flags, a POSIX shell,
    /// and a stage not built FROM scratch.
    pub struct AddArchive {
        code: "DF403",
        name: "add-archive-extract",
        severity: Info,
        fix: Unsafe,
    }
}

impl Rule for AddArchive {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        // Under ONBUILD the replacement (two instructions) cannot be written.
        for add in adds(context).into_iter().filter(|add| !add.onbuild) {
            let (instruction, command) = (add.instruction, add.command);
            let archives: Vec<&String> = add
                .sources
                .iter()
                .filter(|s| classify(s, context.build_context) == SourceKind::Archive)
                .collect();
            let Some(first) = archives.first() else {
                continue;
            };
            let span = context.span(instruction, command.args_range.clone());
            let mut diagnostic = self.diagnostic(
                format!("ADD extracts the archive {first}: make the extraction explicit"),
                span,
            );
            // `FROM scratch` has no shell and no tar to run.
            let scratch = context
                .stage_of(add.index)
                .is_some_and(|s| s.base.eq_ignore_ascii_case("scratch"));
            let explicit = add.sources.len() == 1
                && command.flags.is_empty()
                && context.posix_shell
                && !scratch;
            if explicit {
                diagnostic.fix = explicit_extraction(context, instruction, first, &add.destination);
            }
            diagnostics.push(diagnostic);
        }
    }
}

/// `COPY archive /tmp/archive` and `RUN mkdir -p dest && tar -x.. -C dest && rm /tmp/archive`.
fn explicit_extraction(
    context: &Context,
    instruction: &crate::model::Instruction,
    archive: &str,
    destination: &str,
) -> Option<Fix> {
    let plain = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/+@:=,".contains(&b))
    };
    if !plain(archive) || !plain(destination) || archive.contains('*') {
        return None;
    }
    let name = archive.rsplit('/').next().filter(|n| !n.is_empty())?;
    let lower = name.to_ascii_lowercase();
    let option = if lower.ends_with(".gz")
        || lower.ends_with(".tgz")
        || lower.ends_with(".taz")
        || lower.ends_with(".z")
    {
        "-xzf"
    } else if lower.ends_with(".bz2")
        || lower.ends_with(".tbz")
        || lower.ends_with(".tbz2")
        || lower.ends_with(".tb2")
    {
        "-xjf"
    } else if lower.ends_with(".xz") || lower.ends_with(".txz") {
        "-xJf"
    } else {
        "-xf"
    };
    let temporary = format!("/tmp/{name}");
    let eol = context.eol();
    let mkdir = if destination.trim_end_matches('/').is_empty() {
        String::new()
    } else {
        format!("mkdir -p {destination} && ")
    };
    let text = format!(
        "COPY {archive} {temporary}{eol}RUN {mkdir}tar {option} {temporary} -C {destination} && rm {temporary}"
    );
    let range = context.dockerfile.instruction_range(instruction);
    if context.has_comments_within(instruction, range.clone()) {
        return None;
    }
    Some(Fix::unsafe_(
        "Copy the archive and extract it with tar",
        vec![Edit::replace(range, text)],
    ))
}
