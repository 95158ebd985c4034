use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Args, Keyword};
use crate::syntax::lex::Lex;

rule! {
    /// The image's last USER is root.
    ///
    /// ## What it does
    /// Reports the last `USER` of a stage when it is `root` or `0` (with or without a
    /// group), in stages whose layers end up in an image (hadolint `DL3002`).
    ///
    /// ## Why is this bad?
    /// The container then runs as root: a process that is broken into has root rights in
    /// the container, and more ways out of it. Switch to root for the steps that need it,
    /// then back to an unprivileged user.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// USER root
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// USER root
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// USER app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which user the program should run as is the author's decision (and the
    /// user may have to be created). Unlike hadolint, build stages that are only copied
    /// from (`COPY --from`) are not reported: their user never runs a container.
    pub struct LastUserRoot {
        code: "DF610",
        name: "last-user-root",
        severity: Warning,
        fix: None,
        aliases: ["DL3002"],
    }
}

impl Rule for LastUserRoot {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.tree.escape.char();
        let instructions = context.instructions();
        for stage in context.stages {
            if !context.layers_ship(stage.from) {
                continue;
            }
            let Some(index) = stage
                .body
                .clone()
                .rev()
                .find(|&i| instructions[i].keyword() == Keyword::User)
            else {
                continue;
            };
            let instruction = &instructions[index];
            let Some(Args::String(range)) = instruction.command.as_ref().map(|c| &c.args) else {
                continue;
            };
            let Ok(user) = Lex::new(escape).process_word(instruction.text(range.clone())) else {
                continue;
            };
            let name = user.split_once(':').map_or(user.as_str(), |(name, _)| name);
            if name != "root" && name != "0" {
                continue;
            }
            diagnostics.push(self.diagnostic(
                format!("Last USER of the image is {user}: switch to an unprivileged user"),
                context.span(instruction, range.clone()),
            ));
        }
    }
}
