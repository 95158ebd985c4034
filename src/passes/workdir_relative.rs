use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::variables::starts_from_scratch;
use crate::model::{Args, Instruction, Keyword};
use crate::syntax::lex::Lex;

rule! {
    /// WORKDIR should be an absolute path.
    ///
    /// ## What it does
    /// Reports a `WORKDIR` with a relative path (hadolint `DL3000`; BuildKit
    /// `WorkdirRelativePath`). When an earlier `WORKDIR` of the stage (or of the stages it
    /// is built FROM) makes the directory known, the fix writes the absolute path:
    /// `WORKDIR /app` then `WORKDIR src` becomes `WORKDIR /app/src`.
    ///
    /// ## Why is this bad?
    /// A relative WORKDIR is relative to the base image's working directory, which the
    /// Dockerfile does not control: a new base image version can move every later `COPY`
    /// and `RUN`. After an absolute WORKDIR it is well defined, but the reader still has to
    /// add the paths up.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20
    /// WORKDIR app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix safety
    /// Safe when the current directory is known from an absolute WORKDIR in this file: the
    /// new path is the one BuildKit computes (joined and cleaned). Without one, the fix
    /// would have to guess the base image's directory: reported only. Paths with
    /// variables are left alone, as by hadolint; like hadolint (and unlike BuildKit, which
    /// only reports a relative WORKDIR before any absolute one) every relative WORKDIR is
    /// reported. `ONBUILD WORKDIR` with a relative path is reported without a fix.
    pub struct WorkdirRelative {
        code: "DF604",
        name: "workdir-relative",
        severity: Warning,
        fix: Safe,
        aliases: ["DL3000", "WorkdirRelativePath"],
    }
}

impl Rule for WorkdirRelative {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.tree.escape.char();
        let instructions = context.instructions();
        // ONBUILD WORKDIR runs in a build whose directory this file cannot know.
        for instruction in instructions {
            let Some(command) = &instruction.command else {
                continue;
            };
            let crate::model::Args::Sub(trigger) = &command.args else {
                continue;
            };
            let (Keyword::Workdir, Args::String(range)) = (trigger.keyword, &trigger.args) else {
                continue;
            };
            let text = instruction.text(range.clone());
            let Ok(path) = Lex::new(escape).process_word(text) else {
                continue;
            };
            if text.contains('$') || is_absolute(&path) {
                continue;
            }
            diagnostics.push(self.diagnostic(
                format!("Relative WORKDIR \"{path}\" in ONBUILD depends on the working directory of the build that uses this image"),
                context.span(instruction, range.clone()),
            ));
        }
        // The working directory at the end of each stage, for the stages built FROM it (a
        // parent always comes earlier in the file).
        let mut at_end: Vec<Option<String>> = Vec::with_capacity(context.stages.len());
        for stage in context.stages {
            // A stage starts where its parent ended; `scratch` starts at `/`; an image at a
            // directory this file cannot see.
            let mut current = match stage.parent {
                Some(parent) => at_end.get(parent).cloned().flatten(),
                None => starts_from_scratch(context.stages, stage).then(|| "/".to_string()),
            };
            for index in stage.body.clone() {
                let instruction = &instructions[index];
                if instruction.keyword() != Keyword::Workdir {
                    continue;
                }
                let Some(path) = workdir_path(instruction, escape) else {
                    current = None;
                    continue;
                };
                let next = if is_absolute(&path) {
                    // Windows paths are not followed.
                    path.starts_with('/').then(|| clean(&path))
                } else {
                    current.as_ref().map(|dir| clean(&format!("{dir}/{path}")))
                };
                if !is_absolute(&path) {
                    diagnostics.push(self.report(context, instruction, &path, next.as_deref()));
                }
                current = next;
            }
            at_end.push(current);
        }
    }
}

impl WorkdirRelative {
    fn report(
        &self,
        context: &Context,
        instruction: &Instruction,
        path: &str,
        absolute: Option<&str>,
    ) -> Diagnostic {
        let range = match instruction.command.as_ref().map(|c| &c.args) {
            Some(Args::String(range)) => range.clone(),
            _ => 0..instruction.logical.text.len(),
        };
        let message = match absolute {
            Some(absolute) => {
                format!("Relative WORKDIR \"{path}\": write the absolute path {absolute}")
            }
            None => {
                format!("Relative WORKDIR \"{path}\" depends on the base image's working directory")
            }
        };
        let mut diagnostic = self.diagnostic(message, context.span(instruction, range.clone()));
        let plain = |p: &str| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/._-+@:,~%".contains(c))
        };
        if let Some(absolute) = absolute.filter(|a| plain(a))
            && let Some(source) = context.source_range(instruction, range.clone())
        {
            diagnostic.fix = Some(Fix::safe(
                format!("Write WORKDIR {absolute}"),
                vec![Edit::replace(source, absolute)],
            ));
        }
        diagnostic
    }
}

/// The WORKDIR's path as BuildKit reads it; `None` when it uses variables or does not lex.
fn workdir_path(instruction: &Instruction, escape: char) -> Option<String> {
    let Some(Args::String(range)) = instruction.command.as_ref().map(|c| &c.args) else {
        return None;
    };
    let text = instruction.text(range.clone());
    if text.contains('$') {
        return None;
    }
    Lex::new(escape).process_word(text).ok()
}

/// POSIX absolute, or a Windows drive or UNC path.
fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// Go's `path.Clean` for absolute paths.
fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}
