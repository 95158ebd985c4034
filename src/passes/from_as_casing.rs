use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::stage_refs::from_line;

rule! {
    /// The `AS` of a FROM should be cased like its `FROM`.
    ///
    /// ## What it does
    /// Reports `FROM image as name` (and `from image AS name`): when the FROM keyword is all
    /// upper or all lower case, `AS` should be too (BuildKit's `FromAsCasing` check). The
    /// fix rewrites `AS` in the keyword's case.
    ///
    /// ## Why is this bad?
    /// Mixed casing in one line reads as a mistake; BuildKit warns about it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20 as build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20 AS build
    /// ```
    ///
    /// ## Fix safety
    /// Safe: BuildKit reads `AS` in any case. A `From` keyword of mixed case is not
    /// reported (BuildKit leaves that to `ConsistentInstructionCasing`). Off by default: it
    /// is about spelling only (BuildKit reports it by default).
    pub struct FromAsCasing {
        code: "DF503",
        name: "from-as-casing",
        severity: Info,
        fix: Safe,
        default: off,
        aliases: ["FromAsCasing"],
    }
}

impl Rule for FromAsCasing {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (_, instruction, command) in context.commands() {
            let Some((as_range, _)) = from_line(instruction).and_then(|line| line.alias) else {
                continue;
            };
            let keyword = instruction.text(command.keyword_range.clone());
            let as_word = instruction.text(as_range.clone());
            let wanted = if keyword == keyword.to_ascii_uppercase() {
                "AS"
            } else if keyword == keyword.to_ascii_lowercase() {
                "as"
            } else {
                continue;
            };
            if as_word == wanted {
                continue;
            }
            let span = context.span(instruction, as_range.clone());
            let mut diagnostic = self.diagnostic(
                format!("'{as_word}' and '{keyword}' keywords' casing do not match"),
                span,
            );
            diagnostic.fix = context.source_range(instruction, as_range).map(|range| {
                Fix::safe(
                    format!("Write '{wanted}'"),
                    vec![Edit::replace(range, wanted)],
                )
            });
            diagnostics.push(diagnostic);
        }
    }
}
