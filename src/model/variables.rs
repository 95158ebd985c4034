//! Build arguments and environment variables as BuildKit scopes them: global ARGs (before the
//! first FROM) are visible only to FROM lines; a stage sees the ARGs and ENVs it declares, and
//! those of the earlier stage it is built FROM; the platform args are predefined for FROM
//! lines, but a stage must declare them (`ARG TARGETARCH`) to use them. Also: which
//! `$NAME`s a word expands, as BuildKit's lexer finds them (quotes and escapes respected).

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

use super::{Args, Dockerfile, Instruction, Keyword, Stage, Stages};

/// BuildKit's predefined args (`defaultArgs`): set for FROM lines without an `ARG`.
pub const PLATFORM_ARGS: [&str; 11] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDOSVERSION",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETOSVERSION",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

/// The proxy args every RUN gets from `--build-arg` without an `ARG` (not expanded elsewhere).
pub const PROXY_ARGS: [&str; 8] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// Whether BuildKit predefines `name` (platform args, proxy args, `SOURCE_DATE_EPOCH`).
pub fn is_built_in(name: &str) -> bool {
    PLATFORM_ARGS.contains(&name)
        || PROXY_ARGS.contains(&name)
        || name.eq_ignore_ascii_case("all_proxy")
        || name == "SOURCE_DATE_EPOCH"
}

/// A `$NAME` or `${NAME...}` in a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    /// From the `$` to the end of the name (or the closing brace).
    pub range: Range<usize>,
    /// `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, ...: the text gives a value or an
    /// error of its own when `NAME` is unset.
    pub modifier: bool,
}

/// The variables BuildKit's lexer expands in `text` (offsets into `text`): not inside
/// single quotes, not after the escape character, not special parameters (`$1`, `$@`).
pub fn references(text: &str, escape: char) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut in_double = false;
    let mut chars = text.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        if ch == escape {
            chars.next();
            continue;
        }
        match ch {
            '\'' if !in_double => {
                // Up to the closing quote, nothing is expanded.
                for (_, c) in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                }
            }
            '"' => in_double = !in_double,
            '$' => {
                let braced = chars.peek().is_some_and(|&(_, c)| c == '{');
                if braced {
                    chars.next();
                }
                let start = chars.peek().map_or(text.len(), |&(i, _)| i);
                let mut end = start;
                while let Some(&(i, c)) = chars.peek() {
                    let first = i == start;
                    if !(c == '_' || c.is_alphabetic() || (!first && c.is_ascii_digit())) {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                if end == start {
                    continue;
                }
                let next = chars.peek().map(|&(_, c)| c);
                let modifier = braced && next.is_some_and(|c| c != '}');
                let range_end = match (braced, next) {
                    (true, Some('}')) => end + 1,
                    _ => end,
                };
                found.push(Reference {
                    name: text[start..end].to_string(),
                    range: at..range_end,
                    modifier,
                });
            }
            _ => {}
        }
    }
    found
}

/// A name an ARG or ENV instruction declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub name: String,
    /// The instruction that declares it.
    pub index: usize,
    pub keyword: Keyword,
    /// ARG's default or ENV's value, as written (quotes kept); `None` for `ARG NAME`.
    pub value: Option<String>,
}

/// The names an ARG or ENV instruction declares (not under ONBUILD: a trigger runs in
/// another build).
pub fn declarations(index: usize, instruction: &Instruction) -> Vec<Declaration> {
    let Some(command) = &instruction.command else {
        return Vec::new();
    };
    let line = &instruction.logical.text;
    let declaration = |name: &str, value: Option<&str>| Declaration {
        name: name.to_string(),
        index,
        keyword: command.keyword,
        value: value.map(str::to_string),
    };
    match (&command.keyword, &command.args) {
        (Keyword::Arg, Args::Words(words)) => words
            .iter()
            .map(|word| match word.text.split_once('=') {
                Some((name, value)) => declaration(name, Some(value)),
                None => declaration(&word.text, None),
            })
            .collect(),
        (Keyword::Env, Args::Pairs(pairs)) => pairs
            .iter()
            .map(|pair| declaration(&pair.key, Some(&pair.value)))
            .collect(),
        (Keyword::Env, Args::Legacy { key, value }) => {
            vec![declaration(&line[key.clone()], Some(&line[value.clone()]))]
        }
        _ => Vec::new(),
    }
}

/// The global ARGs: those before the first FROM, in order.
pub fn global_args(dockerfile: &Dockerfile) -> Vec<Declaration> {
    let first_from = dockerfile.stages().iter().next().map(|stage| stage.from);
    let end = first_from.unwrap_or(dockerfile.instructions.len());
    dockerfile.instructions[..end]
        .iter()
        .enumerate()
        .filter(|(_, instruction)| instruction.keyword() == Keyword::Arg)
        .flat_map(|(index, instruction)| declarations(index, instruction))
        .collect()
}

/// Where the stages declare each name (ARG and ENV), so that "is `name` declared for this
/// instruction" costs a binary search, however long the file or its chains of stages.
#[derive(Debug, Default)]
pub struct DeclarationIndex {
    /// Name -> the instructions of stages that declare it, in order.
    by_name: HashMap<String, Vec<usize>>,
    /// Name -> the stages that declare it, as (`enter`, `exit`) of their place in a
    /// depth-first walk of the stages' FROM tree, sorted by `enter`, with `exit` replaced by
    /// the largest `exit` so far.
    stages_by_name: HashMap<String, Vec<(usize, usize)>>,
    /// Each stage's `enter` in that walk: a stage's ancestors are the stages entered before
    /// it and exited after it.
    enter: Vec<usize>,
}

impl DeclarationIndex {
    pub fn new(dockerfile: &Dockerfile, stages: &Stages) -> DeclarationIndex {
        let (enter, exit) = walk_order(stages);
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut stages_by_name: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (number, stage) in stages.iter().enumerate() {
            for index in stage.body.clone() {
                for declaration in declarations(index, &dockerfile.instructions[index]) {
                    let declaring = stages_by_name.entry(declaration.name.clone()).or_default();
                    if declaring.last() != Some(&(enter[number], exit[number])) {
                        declaring.push((enter[number], exit[number]));
                    }
                    by_name.entry(declaration.name).or_default().push(index);
                }
            }
        }
        for declaring in stages_by_name.values_mut() {
            declaring.sort_unstable();
            let mut furthest = 0;
            for (_, exit) in declaring.iter_mut() {
                furthest = furthest.max(*exit);
                *exit = furthest;
            }
        }
        DeclarationIndex {
            by_name,
            stages_by_name,
            enter,
        }
    }

    /// The first instruction of a stage that declares `name`.
    pub fn first(&self, name: &str) -> Option<usize> {
        self.by_name.get(name)?.first().copied()
    }

    /// Whether `name` is declared in stage number `stage` before instruction `index` (or in
    /// the instruction itself when `inclusive`), or anywhere in a stage it is built FROM.
    pub fn declared_in_stage(
        &self,
        stages: &Stages,
        stage: usize,
        index: usize,
        inclusive: bool,
        name: &str,
    ) -> bool {
        let (Some(declaring), Some(own)) = (self.by_name.get(name), stages.get(stage)) else {
            return false;
        };
        let end = (if inclusive { index + 1 } else { index }).min(own.body.end);
        let first = declaring.partition_point(|&i| i < own.body.start);
        if declaring.get(first).is_some_and(|&i| i < end) {
            return true;
        }
        // A stage entered before this one and exited after it is one of its ancestors.
        let (Some(&enter), Some(declaring)) =
            (self.enter.get(stage), self.stages_by_name.get(name))
        else {
            return false;
        };
        let before = declaring.partition_point(|&(entered, _)| entered < enter);
        before
            .checked_sub(1)
            .and_then(|last| declaring.get(last))
            .is_some_and(|&(_, exited)| exited > enter)
    }
}

/// Each stage's (enter, exit) counters in a depth-first walk of the forest of stages,
/// children being the stages built FROM a stage.
fn walk_order(stages: &Stages) -> (Vec<usize>, Vec<usize>) {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); stages.len()];
    let mut roots = Vec::new();
    for (number, stage) in stages.iter().enumerate() {
        match stage.parent.filter(|&parent| parent < number) {
            Some(parent) => children[parent].push(number),
            None => roots.push(number),
        }
    }
    let (mut enter, mut exit) = (vec![0; stages.len()], vec![0; stages.len()]);
    let mut clock = 0;
    // (stage, whether its children are already on the stack)
    let mut stack: Vec<(usize, bool)> = roots.into_iter().rev().map(|r| (r, false)).collect();
    while let Some((stage, expanded)) = stack.pop() {
        if expanded {
            exit[stage] = clock;
            continue;
        }
        enter[stage] = clock;
        clock += 1;
        stack.push((stage, true));
        stack.extend(children[stage].iter().rev().map(|&child| (child, false)));
    }
    (enter, exit)
}

/// Whether the stage's chain of FROMs starts at `scratch`: then every variable it sees is
/// declared in this file (a base image may set ENVs this file cannot see).
pub fn starts_from_scratch(stages: &Stages, stage: &Stage) -> bool {
    stages.root(stage).base.eq_ignore_ascii_case("scratch")
}

/// `word` with the variables BuildKit would substitute replaced by `values`, following its
/// lexer: `$X`, `${X}`, `${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}`; quotes removed. `None`
/// when the word uses anything else (pattern substitution, `${X:?}`), or does not lex.
pub fn expand(word: &str, escape: char, value: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut chars = word.chars().peekable();
    let mut in_double = false;
    while let Some(ch) = chars.next() {
        if ch == escape {
            out.extend(chars.next());
            continue;
        }
        match ch {
            '\'' if !in_double => loop {
                match chars.next()? {
                    '\'' => break,
                    c => out.push(c),
                }
            },
            '"' => in_double = !in_double,
            '$' => {
                let braced = chars.next_if_eq(&'{').is_some();
                let mut name = String::new();
                while let Some(c) = chars.next_if(|&c| c == '_' || c.is_alphanumeric()) {
                    name.push(c);
                }
                if name.is_empty() {
                    if braced {
                        return None;
                    }
                    out.push('$');
                    continue;
                }
                let current = value(&name);
                if !braced {
                    out.push_str(current.as_deref().unwrap_or(""));
                    continue;
                }
                let colon = chars.next_if_eq(&':').is_some();
                match chars.next()? {
                    '}' if !colon => out.push_str(current.as_deref().unwrap_or("")),
                    modifier @ ('-' | '+') => {
                        let mut argument = String::new();
                        loop {
                            match chars.next()? {
                                '}' => break,
                                '$' | '\'' | '"' => return None,
                                c if c == escape => return None,
                                c => argument.push(c),
                            }
                        }
                        let set = match (&current, colon) {
                            (Some(v), true) => !v.is_empty(),
                            (Some(_), false) => true,
                            (None, _) => false,
                        };
                        match (modifier, set) {
                            ('-', true) | ('+', false) => {
                                out.push_str(current.as_deref().unwrap_or(""))
                            }
                            ('-', false) | ('+', true) => out.push_str(&argument),
                            _ => return None,
                        }
                    }
                    _ => return None,
                }
            }
            c => out.push(c),
        }
    }
    (!in_double).then_some(out)
}

/// `value` as one double-quoted word that BuildKit's lexer reads back as `value` itself:
/// the escape character, `"` and `$` escaped, nothing expanded.
pub fn quote_literal(value: &str, escape: char) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '$' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        references(text, '\\').into_iter().map(|r| r.name).collect()
    }

    #[test]
    fn references_follow_quotes_and_escapes() {
        assert_eq!(names("$A/${B}/${C:-x}"), ["A", "B", "C"]);
        assert_eq!(names(r#"'$A' "$B" \$C $1 $@ $"#), ["B"]);
        assert_eq!(names(r#""it's $A""#), ["A"]);
        let reference = &references("x${A:-$B}", '\\')[0];
        assert!(reference.modifier);
        assert_eq!(names("${A:-$B}"), ["A", "B"]);
    }

    #[test]
    fn quoted_literals_read_back_as_written() {
        use crate::syntax::lex::Lex;
        for escape in ['\\', '`'] {
            for value in [
                r#"John "JD" Doe <jd@example.com>"#,
                r"C:\a $HOME `x` 'q'",
                "",
            ] {
                let quoted = quote_literal(value, escape);
                assert_eq!(Lex::new(escape).process_word(&quoted).as_deref(), Ok(value));
            }
        }
    }

    #[test]
    fn expansion_uses_defaults_and_values() {
        let value = |name: &str| (name == "TAG").then(|| "3.20".to_string());
        assert_eq!(
            expand("alpine:${TAG}", '\\', &value).as_deref(),
            Some("alpine:3.20")
        );
        assert_eq!(
            expand("alpine:$NONE", '\\', &value).as_deref(),
            Some("alpine:")
        );
        assert_eq!(
            expand("${IMAGE:-debian}:${TAG:+x}", '\\', &value).as_deref(),
            Some("debian:x")
        );
        assert_eq!(expand("${TAG/3/4}", '\\', &value), None);
    }

    #[test]
    fn stages_see_their_own_and_their_parents_declarations() {
        let dockerfile = Dockerfile::parse(
            "ARG V=1\nFROM alpine AS base\nENV E=1\nARG A\nFROM base\nRUN x\nFROM alpine\nRUN y\n",
        );
        let stages = dockerfile.stages();
        let globals: Vec<String> = global_args(&dockerfile)
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(globals, ["V"]);
        let child = stages.of(5).unwrap();
        let index = DeclarationIndex::new(&dockerfile, stages);
        let declared = |at: usize, name| {
            let stage = stages.index_of(at).unwrap();
            index.declared_in_stage(stages, stage, at, false, name)
        };
        assert!(declared(5, "E") && declared(5, "A"));
        assert!(!declared(5, "V"), "a global ARG must be declared again");
        assert!(!declared(7, "E"));
        assert!(!starts_from_scratch(stages, child));
        assert_eq!(index.first("A"), Some(3));
    }

    #[test]
    fn declarations_follow_chains_and_branches_of_stages() {
        let dockerfile = Dockerfile::parse(concat!(
            "FROM alpine AS a\nENV A=1\n",          // 0 1
            "FROM a AS b\nENV B=1\n",               // 2 3
            "FROM a AS c\nRUN x\nENV C=1\n",        // 4 5 6
            "FROM b AS d\nRUN x\n",                 // 7 8
            "FROM alpine\nRUN x\nENV A=2\nRUN y\n", // 9 10 11 12
        ));
        let stages = dockerfile.stages();
        let index = DeclarationIndex::new(&dockerfile, stages);
        let declared = |at: usize, inclusive, name| {
            let stage = stages.index_of(at).unwrap();
            index.declared_in_stage(stages, stage, at, inclusive, name)
        };
        assert!(declared(8, false, "A") && declared(8, false, "B"));
        assert!(
            !declared(8, false, "C"),
            "c is a sibling of b, not an ancestor of d"
        );
        assert!(!declared(5, false, "C") && declared(6, true, "C"));
        assert!(!declared(10, false, "A") && declared(12, false, "A"));
        assert!(!declared(3, false, "C") && !declared(8, false, "D"));
    }
}
