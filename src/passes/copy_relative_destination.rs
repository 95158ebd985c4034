use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Args, Keyword};

rule! {
    /// COPY to a relative destination without a WORKDIR.
    ///
    /// ## What it does
    /// Reports a `COPY` whose destination is a relative path (not starting with `/`, a
    /// Windows drive, or a variable) in a stage where no `WORKDIR` was set, neither in the
    /// stage nor in a stage it is built FROM (hadolint `DL3045`). Also under ONBUILD.
    ///
    /// ## Why is this bad?
    /// The files land relative to the base image's working directory, which this file does
    /// not control: `/` for many images, something else for others, and it may change with
    /// the next base image version.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20
    /// COPY package.json .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20
    /// WORKDIR /app
    /// COPY package.json .
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the intended directory is the author's to say.
    pub struct CopyRelativeDestination {
        code: "DF613",
        name: "copy-relative-destination",
        severity: Warning,
        fix: None,
        aliases: ["DL3045"],
    }
}

impl Rule for CopyRelativeDestination {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        for (index, instruction) in instructions.iter().enumerate() {
            let Some(command) = instruction.command.as_ref().map(|c| c.effective()) else {
                continue;
            };
            if command.keyword != Keyword::Copy {
                continue;
            }
            let (destination, range) = match &command.args {
                Args::List(words) if words.len() > 1 => {
                    let Some(last) = words.last() else { continue };
                    (instruction.text(last.clone()).to_string(), last.clone())
                }
                Args::Json(strings) if strings.len() > 1 => {
                    let Some(last) = strings.last() else { continue };
                    (last.value.clone(), last.span.clone())
                }
                _ => continue,
            };
            let path = destination.trim_matches(['"', '\'']);
            if is_absolute_or_variable(path) {
                continue;
            }
            if context.stage_of(index).is_none() || context.workdir_set_before(index) {
                continue;
            }
            diagnostics.push(self.diagnostic(
                format!(
                    "COPY to the relative destination {destination} without a WORKDIR: it depends on the base image's working directory"
                ),
                context.span(instruction, range),
            ));
        }
    }
}

fn is_absolute_or_variable(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with(['/', '\\', '$'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}
