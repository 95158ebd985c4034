use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::variables::references;
use crate::model::{Args, Keyword};

rule! {
    /// An ENV value uses a variable the same ENV sets.
    ///
    /// ## What it does
    /// Reports `ENV A=1 B=$A`: a value that refers to a variable set by another pair of the
    /// same ENV instruction, which no earlier ARG or ENV of the stage set (hadolint
    /// `DL3044`). A variable referring to itself (`ENV PATH=/x:$PATH`) is fine.
    ///
    /// ## Why is this bad?
    /// All values of one ENV are expanded with the variables as they were before it:
    /// `$A` there is not `1` but empty (or whatever the base image set).
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ENV APP_HOME=/opt/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Fix safety
    /// No fix: splitting the instruction changes the value, which is what the author
    /// meant but not what the image has today. hadolint looks for an earlier definition
    /// anywhere in the file; dockfix only in the stage (and the stages it is built FROM),
    /// as BuildKit scopes variables.
    pub struct EnvSelfReference {
        code: "DF612",
        name: "env-self-reference",
        severity: Error,
        fix: None,
        aliases: ["DL3044"],
    }
}

impl Rule for EnvSelfReference {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.tree.escape.char();
        for (index, instruction, command) in context.effective_commands() {
            let (Keyword::Env, Args::Pairs(pairs)) = (command.keyword, &command.args) else {
                continue;
            };
            let onbuild = instruction.keyword() == Keyword::Onbuild;
            let mut reported = Vec::new();
            for (position, pair) in pairs.iter().enumerate() {
                for reference in references(&pair.value, escape) {
                    let name = reference.name;
                    let set_here = pairs
                        .iter()
                        .enumerate()
                        .any(|(other, p)| other != position && p.key == name);
                    if !set_here || reported.contains(&name) {
                        continue;
                    }
                    let earlier = !onbuild && context.declared_in_stage(index, false, &name);
                    if earlier {
                        continue;
                    }
                    diagnostics.push(self.diagnostic(
                        format!(
                            "${name} refers to the {name} this ENV sets, but is expanded before it is set: use a separate ENV"
                        ),
                        context.span(instruction, pair.word.range.clone()),
                    ));
                    reported.push(name);
                }
            }
        }
    }
}
