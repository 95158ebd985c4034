use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::Keyword;

rule! {
    /// Instructions should all be upper case, or all lower case.
    ///
    /// ## What it does
    /// Reports an instruction keyword that is mixed case (`Run`) or cased unlike the
    /// majority of the file's keywords (BuildKit's `ConsistentInstructionCasing`), and
    /// rewrites it in upper case when that is the majority's (or on a tie).
    ///
    /// ## Why is this bad?
    /// BuildKit reads keywords in any case; mixed spellings only make the file harder to
    /// scan. Upper case is the convention.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// run apk add curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only the keyword's case changes. In a file mostly in lower case the finding
    /// has no fix: dockfix writes the instructions it fixes in upper case, so lower-casing
    /// one would not last; `dockfix fmt` upper-cases the whole file. Off by default: it is
    /// about spelling only (BuildKit reports it by default).
    pub struct InstructionCasing {
        code: "DF608",
        name: "consistent-instruction-casing",
        severity: Info,
        fix: Safe,
        default: off,
        aliases: ["ConsistentInstructionCasing"],
    }
}

impl Rule for InstructionCasing {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let keywords: Vec<_> = context
            .instructions()
            .iter()
            .filter_map(|instruction| {
                let command = instruction.command.as_ref()?;
                (command.keyword != Keyword::Unknown).then_some((instruction, command))
            })
            .collect();
        // As `word == word.to_ascii_lowercase()` (and upper), without the copies.
        let is_lower = |word: &str| !word.bytes().any(|b| b.is_ascii_uppercase());
        let is_upper = |word: &str| !word.bytes().any(|b| b.is_ascii_lowercase());
        let (mut lower, mut upper) = (0, 0);
        for (instruction, command) in &keywords {
            let word = instruction.text(command.keyword_range.clone());
            if is_lower(word) {
                lower += 1;
            } else if is_upper(word) {
                upper += 1;
            }
        }
        let majority_lower = lower > upper;
        for (instruction, command) in keywords {
            let word = instruction.text(command.keyword_range.clone());
            if (majority_lower && is_lower(word)) || (!majority_lower && is_upper(word)) {
                continue;
            }
            let wanted = if majority_lower {
                word.to_ascii_lowercase()
            } else {
                word.to_ascii_uppercase()
            };
            if word == wanted {
                continue;
            }
            let casing = if majority_lower {
                "lower case"
            } else {
                "upper case"
            };
            let mut diagnostic = self.diagnostic(
                format!(
                    "Command '{word}' should match the case of the command majority ({casing})"
                ),
                context.span(instruction, command.keyword_range.clone()),
            );
            diagnostic.fix = (!majority_lower)
                .then(|| context.source_range(instruction, command.keyword_range.clone()))
                .flatten()
                .map(|range| {
                    Fix::safe(
                        format!("Write {wanted}"),
                        vec![Edit::replace(range, wanted)],
                    )
                });
            diagnostics.push(diagnostic);
        }
    }
}
