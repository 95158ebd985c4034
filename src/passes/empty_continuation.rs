use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::syntax::TokenKind;

rule! {
    /// An empty line inside a continued instruction.
    ///
    /// ## What it does
    /// Reports blank lines between the lines of an instruction continued with `\`
    /// (BuildKit's `NoEmptyContinuation`) and removes them.
    ///
    /// ## Why is this bad?
    /// BuildKit skips the blank line today, but warns that it will become an error; and a
    /// reader takes the blank line for the end of the instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && \
    ///
    ///     apt-get install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && \
    ///     apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: BuildKit ignores the blank line, so the instruction reads the same without it.
    pub struct EmptyContinuation {
        code: "DF607",
        name: "empty-continuation",
        severity: Warning,
        fix: Safe,
        aliases: ["NoEmptyContinuation"],
    }
}

impl Rule for EmptyContinuation {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let tree = &context.dockerfile.tree;
        for instruction in context.instructions() {
            let tokens = tree.node_tokens(context.dockerfile.node(instruction));
            // Blank lines after the last code token belong to the next node's gap.
            let Some(last_code) = tokens
                .iter()
                .rposition(|t| matches!(t.kind, TokenKind::Text | TokenKind::Keyword))
            else {
                continue;
            };
            let mut blank_lines = Vec::new();
            let mut line_start: Option<usize> = None;
            let mut only_blanks = false;
            for (position, token) in tokens[..last_code].iter().enumerate() {
                match token.kind {
                    TokenKind::Newline => {
                        if only_blanks && let Some(start) = line_start {
                            blank_lines.push(start..token.end as usize);
                        }
                        line_start = Some(token.end as usize);
                        only_blanks = position > 0;
                    }
                    TokenKind::Whitespace => {}
                    TokenKind::Text if tree.text(token).chars().all(char::is_whitespace) => {}
                    _ => only_blanks = false,
                }
            }
            if blank_lines.is_empty() || !instruction.heredocs.is_empty() {
                continue;
            }
            let mut diagnostic = self.diagnostic(
                "Empty continuation line: BuildKit will reject it in a future release".into(),
                blank_lines[0].clone(),
            );
            diagnostic.fix = Some(Fix::safe(
                "Remove the empty lines",
                blank_lines.into_iter().map(Edit::delete).collect(),
            ));
            diagnostics.push(diagnostic);
        }
    }
}
