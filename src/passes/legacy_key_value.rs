use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::{Args, Keyword};
use crate::syntax::lex::Lex;
use crate::syntax::split::parse_words;

rule! {
    /// ENV and LABEL in the legacy `key value` form.
    ///
    /// ## What it does
    /// Rewrites `ENV key value` and `LABEL key value` as `key=value` (BuildKit's
    /// `LegacyKeyValueFormat`), quoting the value so that BuildKit reads the same value:
    /// `ENV MSG hello world` becomes `ENV MSG="hello world"`. Also under ONBUILD.
    ///
    /// ## Why is this bad?
    /// In the legacy form the whole rest of the line is one value, which surprises:
    /// `ENV A=1 B 2` and `ENV A 1 B=2` mean very different things. The form is deprecated
    /// and BuildKit warns about it.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV JAVA_HOME /opt/java
    /// LABEL description A small image
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ENV JAVA_HOME=/opt/java
    /// LABEL description="A small image"
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the new word is checked with BuildKit's lexer to give the same value (and the
    /// same `$VARIABLE` expansions) as the old text. A value with blanks is wrapped in
    /// double quotes when it has no quotes or escapes of its own, else its blanks outside
    /// quotes are escaped (`a\ "b c"`). A value continued over several lines keeps its
    /// lines (the quotes go around it); it is reported without a fix when it would need
    /// escapes, has comment lines inside, or does not lex (an unbalanced quote).
    pub struct LegacyKeyValue {
        code: "DF603",
        name: "legacy-key-value",
        severity: Warning,
        fix: Safe,
        aliases: ["LegacyKeyValueFormat"],
    }
}

impl Rule for LegacyKeyValue {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.tree.escape.char();
        for (_, instruction, command) in context.effective_commands() {
            if !matches!(command.keyword, Keyword::Env | Keyword::Label) {
                continue;
            }
            let Args::Legacy { key, value } = &command.args else {
                continue;
            };
            let name = command.keyword.canonical().unwrap_or_default();
            let mut diagnostic = self.diagnostic(
                format!("\"{name} key=value\" should be used instead of legacy \"{name} key value\" format"),
                context.span(instruction, key.start..value.end),
            );
            let key_text = instruction.text(key.clone());
            let value_text = instruction.text(value.clone());
            let span = context.span(instruction, key.start..value.end);
            let edits = match rewrite(key_text, value_text, escape) {
                // The blanks between key and value become `=` (and the value's quotes go
                // around it), so a value continued over several lines keeps its lines.
                Some(kind @ (Rewrite::AsIs | Rewrite::Quoted))
                    if !context.has_comments_within(instruction, span.clone()) =>
                {
                    let logical = &instruction.logical;
                    let separator = logical.to_source(key.end)..logical.to_source(value.start);
                    let mut edits = Vec::new();
                    if kind == Rewrite::Quoted {
                        edits.push(Edit::replace(separator, "=\""));
                        edits.push(Edit::insert(logical.to_source_end(value.end), "\""));
                    } else {
                        edits.push(Edit::replace(separator, "="));
                    }
                    Some(edits)
                }
                Some(Rewrite::Word(word)) => context
                    .source_range(instruction, key.start..value.end)
                    .map(|range| vec![Edit::replace(range, word)]),
                _ => None,
            };
            diagnostic.fix = edits.map(|edits| Fix::safe("Use key=value", edits));
            diagnostics.push(diagnostic);
        }
    }
}

/// How the value is written in `key=value` form.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rewrite {
    /// As it is.
    AsIs,
    /// Wrapped in double quotes.
    Quoted,
    /// This whole `key=value` word (blanks escaped).
    Word(String),
}

/// `key=value` reading as the legacy pair did, checked with BuildKit's lexer.
fn rewrite(key: &str, value: &str, escape: char) -> Option<Rewrite> {
    let lex = Lex::new(escape);
    let meant = lex.process_word(value).ok()?;
    if check(key, value, &meant, escape).is_some() {
        return Some(Rewrite::AsIs);
    }
    if !value.contains(['"', '\'', escape]) {
        return check(key, &format!("\"{value}\""), &meant, escape).map(|_| Rewrite::Quoted);
    }
    check(key, &escape_blanks(value, escape), &meant, escape).map(Rewrite::Word)
}

/// `value` with each blank outside quotes escaped (`a\ b`), for values with quotes or
/// escapes of their own, where wrapping them in double quotes would change them.
fn escape_blanks(value: &str, escape: char) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut quote: Option<char> = None;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some('\'') if c == '\'' => quote = None,
            Some('\'') => {}
            Some(_) if c == escape => {
                out.push(c);
                out.extend(chars.next());
                continue;
            }
            Some(_) if c == '"' => quote = None,
            Some(_) => {}
            None if c == escape => {
                out.push(c);
                out.extend(chars.next());
                continue;
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_whitespace() => out.push(escape),
            None => {}
        }
        out.push(c);
    }
    out
}

/// `key=candidate` when it is one word whose value lexes to `meant` (and a key that has no
/// `=`, which would move the split).
fn check(key: &str, candidate: &str, meant: &str, escape: char) -> Option<String> {
    if key.contains('=') {
        return None;
    }
    let word = format!("{key}={candidate}");
    let words = parse_words(&word, 0..word.len(), escape);
    if words.len() != 1 || words[0].text != word {
        return None;
    }
    let read = Lex::new(escape).process_word(candidate).ok()?;
    (read == meant).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::{Rewrite, rewrite};

    #[test]
    fn values_are_requoted_to_read_the_same() {
        let fix = |key: &str, value: &str| {
            rewrite(key, value, '\\').map(|kind| match kind {
                Rewrite::AsIs => format!("{key}={value}"),
                Rewrite::Quoted => format!("{key}=\"{value}\""),
                Rewrite::Word(word) => word,
            })
        };
        assert_eq!(fix("A", "/opt/java").as_deref(), Some("A=/opt/java"));
        assert_eq!(
            fix("MSG", "hello  world").as_deref(),
            Some("MSG=\"hello  world\"")
        );
        assert_eq!(fix("P", "/x:$PATH").as_deref(), Some("P=/x:$PATH"));
        assert_eq!(fix("Q", "\"a b\"").as_deref(), Some("Q=\"a b\""));
        assert_eq!(fix("R", "it's here"), None);
        assert_eq!(fix("S", "a \"b c\"").as_deref(), Some("S=a\\ \"b c\""));
        assert_eq!(
            fix("T", r"C:\\Program Files\\x").as_deref(),
            Some(r"T=C:\\Program\ Files\\x")
        );
    }
}
