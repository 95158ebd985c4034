use super::copies::{context_copies, is_context_root};
use super::secret_files::is_secret_file_name;
use super::{Context, Rule, RuleInfo, rule};
use crate::build_context::BuildContext;
use crate::diagnostic::{Applicability, Diagnostic, FileEdit, Fix};

rule! {
    /// `COPY . .` takes `.git` or `.env` into the image: exclude them in `.dockerignore`.
    ///
    /// ## What it does
    /// Reports a `COPY` or `ADD` of the whole build context (`COPY . .`, `ADD . /app`)
    /// when the root of the context holds entries that should never reach an image and
    /// `.dockerignore` does not exclude them (or there is no `.dockerignore`): the `.git`
    /// folder, environment files (`.env`, `.env.production`; not templates such as
    /// `.env.example`), and the other files `secret-file-copied` (DF702) knows hold
    /// credentials (`.npmrc`, `id_rsa`, `*.key`, ...).
    ///
    /// It needs the build context (the Dockerfile's folder, `[[context]]` in the
    /// configuration, or `--context`) and looks only at its root. It stays silent when
    /// nothing of the sort is there, even without a `.dockerignore` (Docker's guide asks
    /// for one anyway, but without a file to leak the finding would be noise), on `COPY
    /// --from` and under `ONBUILD` (which copies another build's context). There is no
    /// hadolint or BuildKit counterpart.
    ///
    /// ## Why is this bad?
    /// Everything COPY copies stays in a layer of the image. `.git` holds the whole history
    /// (deleted secrets included, and remote URLs with tokens), `.env` files hold
    /// credentials; both also bust the build cache on every commit or edit, and make the
    /// context slower to send.
    ///
    /// ## Example
    /// With `.git` and `.env` in the context and no `.dockerignore`:
    /// ```dockerfile
    /// COPY . .
    /// ```
    /// Add a `.dockerignore`:
    /// ```text
    /// .git
    /// .env*
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix creates `.dockerignore` (or extends the one that applies,
    /// `<Dockerfile name>.dockerignore` included) with `.git`, `.env*` (and a `!` exception
    /// for each template such as `.env.example` in the root, so it is still copied; an
    /// exception also turns `copy-ignored-file`, DF703, off, as in BuildKit) and the
    /// other files found, and a build step may need one of them (`git describe` reading
    /// `.git`, a build that reads `.env.production`). The Dockerfile does not change. It is
    /// the one kind of fix that writes another file: `fix --diff` shows it as a second file
    /// (a new file as `--- /dev/null`, which `git apply` accepts), `fix --unsafe-fixes`
    /// writes it next to the Dockerfile, refusing if the file changed since it was read;
    /// the language server does not offer it.
    pub struct DockerignoreSensitive {
        code: "DF704",
        name: "dockerignore-sensitive",
        severity: Warning,
        fix: Unsafe,
    }
}

/// Whether an entry of the context root must not be copied into an image.
fn is_sensitive(name: &str) -> bool {
    name == ".git" || is_secret_file_name(name)
}

impl Rule for DockerignoreSensitive {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let Some(build_context) = context.build_context else {
            return;
        };
        let copies = context_copies(context);
        // The root is listed only when a COPY needs it (most files have none).
        let mut sensitive: Option<Vec<String>> = None;
        for copy in copies {
            if copy.onbuild || !copy.sources.iter().any(|s| is_context_root(s)) {
                continue;
            }
            // `list` leaves out what `.dockerignore` excludes.
            let found = sensitive.get_or_insert_with(|| {
                build_context
                    .list("")
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|name| is_sensitive(name))
                    .collect()
            });
            if found.is_empty() {
                return;
            }
            let fix = exclusion(build_context, found);
            let why = if build_context.dockerignore().is_some() {
                ".dockerignore does not exclude"
            } else {
                "there is no .dockerignore to exclude"
            };
            let span = context.span(copy.instruction, copy.command.args_range.clone());
            let mut diagnostic = self.diagnostic(
                format!(
                    "{} of the whole context copies {} into the image: {why} {}",
                    copy.keyword,
                    found.join(", "),
                    if found.len() == 1 { "it" } else { "them" }
                ),
                span,
            );
            diagnostic.fix = Some(fix);
            diagnostics.push(diagnostic);
        }
    }
}

/// `.dockerignore` with lines that exclude `found`: `.env*` for environment files (with an
/// exception for each template in the root), each other entry by name.
fn exclusion(build_context: &dyn BuildContext, found: &[String]) -> Fix {
    let is_env = |name: &str| name == ".env" || name.starts_with(".env.");
    let mut lines: Vec<String> = Vec::new();
    for name in found {
        let line = if is_env(name) { ".env*" } else { name.as_str() };
        if !lines.iter().any(|l| l == line) {
            lines.push(line.to_string());
        }
    }
    if lines.iter().any(|l| l == ".env*") {
        let templates = build_context.list("").unwrap_or_default();
        for template in templates.iter().filter(|n| is_env(n) && !is_sensitive(n)) {
            lines.push(format!("!{template}"));
        }
    }
    let original = build_context.dockerignore().map(String::from);
    let mut content = original.clone().unwrap_or_default();
    if !content.is_empty() && !content.ends_with('\n') {
        content.push('\n');
    }
    for line in &lines {
        content.push_str(line);
        content.push('\n');
    }
    let path = build_context.dockerignore_path().to_string();
    Fix::files(
        Applicability::Unsafe,
        format!("Add {} to {path}", lines.join(", ")),
        vec![FileEdit {
            path,
            original,
            content,
        }],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build_context::MemoryContext;
    use crate::model::Dockerfile;
    use crate::settings::Settings;

    fn messages(files: &[(&str, &str)]) -> Vec<String> {
        let dockerfile = Dockerfile::parse("FROM alpine:3.20\nCOPY . /app\n");
        let build_context = MemoryContext::new(files.iter().copied());
        let settings = Settings::default();
        let context = Context::new(&dockerfile, Some(&build_context), &settings);
        let mut diagnostics = Vec::new();
        DockerignoreSensitive.check(&context, &mut diagnostics);
        diagnostics.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn the_git_folder_counts_until_dockerignore_excludes_it() {
        // A `.git` folder cannot sit in a fixture of this repository, hence a test here.
        let git = [(".git/HEAD", "ref: refs/heads/main"), ("app.py", "")];
        assert_eq!(
            messages(&git),
            [
                "COPY of the whole context copies .git into the image: there is no .dockerignore to exclude it"
            ]
        );
        let ignored = [
            (".git/HEAD", "ref: refs/heads/main"),
            (".dockerignore", ".git\n"),
        ];
        assert!(messages(&ignored).is_empty());
        let nested = [(".git/HEAD", ""), (".dockerignore", "**/.git\n")];
        assert!(messages(&nested).is_empty());
    }
}
