use foldhash::HashMap;

use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::variables::{PLATFORM_ARGS, global_args, references, starts_from_scratch};
use crate::model::{Instruction, Keyword};

rule! {
    /// A variable used where it is not defined.
    ///
    /// ## What it does
    /// Reports `$NAME` in the instructions BuildKit expands (ADD, COPY, ENV, EXPOSE, LABEL,
    /// STOPSIGNAL, USER, VOLUME, WORKDIR, ARG defaults, and RUN's `--mount` flags) when no
    /// ARG or ENV of the stage, or of a stage it is built FROM, defines `NAME` before it
    /// (BuildKit's `UndefinedVar`). RUN, CMD, ENTRYPOINT and HEALTHCHECK commands are not
    /// checked: their shell may define the variable.
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to nothing: `COPY app-$VERSION.jar /app/` copies
    /// `app-.jar`. The classic case is a global ARG (declared before the first FROM) used
    /// in a stage without declaring it again there: it is only visible to FROM lines.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG VERSION=1.2.3
    /// FROM eclipse-temurin:21
    /// COPY app-${VERSION}.jar /app/app.jar
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ARG VERSION=1.2.3
    /// FROM eclipse-temurin:21
    /// ARG VERSION
    /// COPY app-${VERSION}.jar /app/app.jar
    /// ```
    ///
    /// ## Fix safety
    /// No fix: adding `ARG NAME` to the stage is likely what was meant, but it changes the
    /// image. Precision over recall: a base image may set environment variables this file
    /// cannot see (`$JAVA_HOME`, `$PATH`), so in a stage built on an image, only names the
    /// file declares somewhere else (a global ARG, another stage, later in this stage) and
    /// BuildKit's platform args (`TARGETARCH`, ...) are reported; in a stage built on
    /// `scratch` every undefined name is. BuildKit also reports names that are set by the
    /// base image's config only when it can see that config, so it may report a little
    /// more.
    pub struct UndefinedVar {
        code: "DF514",
        name: "undefined-var",
        severity: Warning,
        fix: None,
        aliases: ["UndefinedVar"],
    }
}

impl Rule for UndefinedVar {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.tree.escape.char();
        let instructions = context.instructions();
        let globals = global_args(context.dockerfile);
        let global_lines: HashMap<&str, u32> = globals
            .iter()
            .rev()
            .map(|d| (d.name.as_str(), instructions[d.index].start_line))
            .collect();
        let declared = context.declaration_index();
        for stage in context.stages {
            let from_scratch = starts_from_scratch(context.stages, stage);
            for index in stage.body.clone() {
                let instruction = &instructions[index];
                let Some(text) = expanded_text(instruction) else {
                    continue;
                };
                let mut reported: Vec<String> = Vec::new();
                for reference in text.iter().flat_map(|t| references(t, escape)) {
                    let name = reference.name;
                    if reported.contains(&name) || context.declared_in_stage(index, true, &name) {
                        continue;
                    }
                    let message = if let Some(line) = global_lines.get(name.as_str()) {
                        format!(
                            "${name} is a global ARG (line {line}), visible only to FROM lines: declare it again in the stage with ARG {name}"
                        )
                    } else if PLATFORM_ARGS.contains(&name.as_str()) {
                        format!(
                            "${name} is predefined only for FROM lines: declare it in the stage with ARG {name}"
                        )
                    } else if let Some(other) = declared.first(&name) {
                        let line = instructions[other].start_line;
                        if context.stages.index_of(other) == context.stages.index_of(index) {
                            format!("${name} is used before it is set (line {line})")
                        } else {
                            format!(
                                "${name} is declared in another stage (line {line}), not in this one"
                            )
                        }
                    } else if from_scratch {
                        format!("${name} is not defined")
                    } else {
                        continue;
                    };
                    diagnostics.push(self.diagnostic(message, context.keyword_span(instruction)));
                    reported.push(name);
                }
            }
        }
    }
}

/// The parts of an instruction BuildKit expands variables in (not under ONBUILD).
fn expanded_text<'i>(instruction: &'i Instruction) -> Option<Vec<&'i str>> {
    let command = instruction.command.as_ref()?;
    let arguments = instruction.text(command.args_range.clone());
    let flags = |names: &[&str]| -> Vec<&'i str> {
        command
            .flags
            .iter()
            .filter(|flag| names.contains(&flag.name()))
            .filter_map(|flag| flag.value())
            .collect()
    };
    Some(match command.keyword {
        Keyword::Copy | Keyword::Add => {
            let mut parts = flags(&["chown", "chmod", "checksum"]);
            parts.push(arguments);
            parts
        }
        Keyword::Env
        | Keyword::Expose
        | Keyword::Label
        | Keyword::StopSignal
        | Keyword::User
        | Keyword::Volume
        | Keyword::Workdir => vec![arguments],
        // Defaults only: `ARG NAME=$OTHER`.
        Keyword::Arg => {
            let crate::model::Args::Words(words) = &command.args else {
                return None;
            };
            words
                .iter()
                .filter_map(|word| {
                    let (name, _) = word.text.split_once('=')?;
                    instruction.text(word.range.clone()).get(name.len() + 1..)
                })
                .collect()
        }
        Keyword::Run => flags(&["mount"]),
        _ => return None,
    })
}
