use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::Keyword;

rule! {
    /// The image runs as root: the final stage never sets a USER.
    ///
    /// ## What it does
    /// Reports the final stage (the last one, which `docker build` builds by default) when
    /// neither it nor an earlier stage of the file it is built FROM has a `USER`
    /// instruction. hadolint's DL3002 reports the other half, a last `USER` that is `root`
    /// or `0`; this rule leaves that case alone, so the two never report the same stage.
    ///
    /// Off by default: the base image may set a USER this rule cannot see
    /// (`FROM bitnami/...`, `FROM gcr.io/distroless/static:nonroot`), and many images run
    /// as root on purpose (the official images' entrypoints drop privileges themselves).
    /// Bases whose tag or name says `nonroot` count as setting a USER. A `FROM scratch`
    /// stage without USER is reported: it runs as uid 0 (use a numeric `USER 65532`, there
    /// is no `/etc/passwd`).
    ///
    /// ## Why is this bad?
    /// A process running as root in the container is root on the host's kernel: an escape
    /// through a kernel or runtime bug, or a mounted host path, gives the attacker root.
    /// Docker's guide asks for a non-root USER whenever the service does not need root.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY . /app
    /// CMD ["node", "/app/server.js"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY . /app
    /// USER node
    /// CMD ["node", "/app/server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which user exists, and which files it must be able to write, depends on the
    /// image.
    pub struct NoUser {
        code: "DF705",
        name: "no-user",
        severity: Info,
        fix: None,
        default: off,
    }
}

impl Rule for NoUser {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let Some(last) = context.stages.iter().last() else {
            return;
        };
        let instructions = context.instructions();
        let mut sets_user = false;
        for stage in context.stages.ancestors(last) {
            let user = stage
                .body
                .clone()
                .any(|index| instructions[index].keyword() == Keyword::User);
            // The image at the top of the chain may set one we cannot see.
            let nonroot_base =
                stage.parent.is_none() && stage.base.to_ascii_lowercase().contains("nonroot");
            if user || nonroot_base {
                sets_user = true;
                break;
            }
        }
        if sets_user {
            return;
        }
        let Some(from) = instructions.get(last.from) else {
            return;
        };
        diagnostics.push(self.diagnostic(
            "the final stage sets no USER: the container runs as root".into(),
            context.keyword_span(from),
        ));
    }
}
