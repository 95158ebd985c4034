//! Which heredocs an instruction opens, decided as BuildKit decides it
//! (`heredocsFromLine`, `ParseHeredoc`, `canContainHeredoc` in parser.go).

use super::json::{JsonArray, parse_array};
use super::lex::{Lex, LexError};
use super::split::{keyword_is, split_command, split_command_at};

/// A heredoc opened by an instruction (`<<EOF`, `<<-"EOF"`, `3<<EOF`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocSpec {
    pub name: String,
    pub file_descriptor: u64,
    /// `<<-`: leading tabs are stripped from the body and terminator.
    pub chomp: bool,
    /// No quotes in the delimiter: the body is subject to expansion.
    pub expand: bool,
}

/// The heredocs of an instruction's logical line, in order. `Err` is BuildKit's parse error.
pub fn detect(line: &str, escape: char) -> Result<Vec<HeredocSpec>, String> {
    if !line.contains("<<") || !can_contain_heredoc(line, escape) {
        return Ok(Vec::new());
    }
    let lex = Lex {
        escape: '\\',
        raw_quotes: true,
        raw_escapes: true,
    };
    // BuildKit ignores a lexing error here: such a line simply has no heredocs. Nesting
    // too deep for dockfix's lexer is not BuildKit's error: the heredocs are unknown.
    let words = match lex.process_words(line) {
        Ok(words) => words,
        Err(error @ LexError::TooDeep) => return Err(error.to_string()),
        Err(_) => Vec::new(),
    };
    let mut heredocs = Vec::new();
    for word in words {
        if let Some(heredoc) = parse_heredoc(&word)? {
            heredocs.push(heredoc);
        }
    }
    Ok(heredocs)
}

/// RUN, COPY and ADD (also under ONBUILD) in shell form can have heredocs.
fn can_contain_heredoc(line: &str, escape: char) -> bool {
    let mut split = split_command(line, escape);
    if keyword_is(&line[split.keyword.clone()], "onbuild") {
        split = split_command_at(line, split.args.clone(), escape);
    }
    let keyword = &line[split.keyword.clone()];
    if !["run", "copy", "add"]
        .iter()
        .any(|k| keyword_is(keyword, k))
    {
        return false;
    }
    let args = &line[split.args];
    args.is_empty() || !matches!(parse_array(args), JsonArray::Strings(_))
}

/// `ParseHeredoc`: `^(\d*)<<(-?)\s*([^<]*)$` and a single-word delimiter.
fn parse_heredoc(word: &str) -> Result<Option<HeredocSpec>, String> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let Some(after) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, after) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let rest = after.trim_start_matches([' ', '\t', '\n', '\x0C', '\r']);
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let file_descriptor =
        word[..digits]
            .parse::<u64>()
            .unwrap_or(if digits > 0 { u64::MAX } else { 0 });
    let cooked = Lex::new('\\')
        .process_words(rest)
        .map_err(|e| e.to_string())?;
    let [name] = cooked.as_slice() else {
        return Ok(None);
    };
    let raw = Lex {
        escape: '\\',
        raw_quotes: true,
        raw_escapes: false,
    }
    .process_words(rest)
    .map_err(|e| e.to_string())?;
    if raw.len() != cooked.len() {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    }
    let quotes = |s: &str| s.matches(['\'', '"']).count();
    Ok(Some(HeredocSpec {
        name: name.clone(),
        file_descriptor,
        chomp,
        expand: quotes(name) == quotes(&raw[0]),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        detect(line, '\\')
            .unwrap()
            .into_iter()
            .map(|h| h.name)
            .collect()
    }

    #[test]
    fn finds_buildkit_heredocs() {
        assert_eq!(names("RUN <<EOF"), ["EOF"]);
        assert_eq!(names("COPY <<A <<-'B' /dst"), ["A", "B"]);
        assert_eq!(names("RUN <<  EOF  > foo"), ["EOF"]);
        assert_eq!(names("RUN <<eo'f'"), ["eof"]);
        assert_eq!(names("RUN 3<<X"), ["X"]);
        assert_eq!(names("ONBUILD RUN <<EOF"), ["EOF"]);
        assert_eq!(names("ONBU\u{130}LD COPY <<EOF /x"), ["EOF"]);
    }

    #[test]
    fn ignores_non_heredoc_forms() {
        assert!(names(r#"RUN ["<<EOF"]"#).is_empty());
        assert!(names("RUN \"<<NOHEREDOC\"").is_empty());
        assert!(names("USER <<INVALID").is_empty());
        assert!(names("RUN cat<<EOF").is_empty());
        assert!(names("RUN echo 'unbalanced <<EOF").is_empty());
    }

    #[test]
    fn quoted_delimiter_does_not_expand() {
        let docs = detect("RUN <<'EOF' <<X", '\\').unwrap();
        assert!(!docs[0].expand);
        assert!(docs[1].expand);
    }
}
