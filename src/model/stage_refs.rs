//! Where a file names its stages: `FROM name AS stage`, and the references to stages
//! (`FROM stage`, `COPY --from=stage`, `RUN --mount=...,from=stage`), each with the span of
//! the name in its instruction's logical line when it is written as BuildKit reads it.

use std::ops::Range;

use super::{Args, Command, Dockerfile, Instruction, Keyword, Stages};

/// The words of a FROM line: `[--platform=...] base [AS name]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromLine {
    pub base: Range<usize>,
    /// The `AS` word and the stage name (only when the line has exactly these three words).
    pub alias: Option<(Range<usize>, Range<usize>)>,
}

/// The words of a FROM instruction (not under ONBUILD, where FROM is not allowed).
pub fn from_line(instruction: &Instruction) -> Option<FromLine> {
    let command = instruction.command.as_ref()?;
    if command.keyword != Keyword::From {
        return None;
    }
    let Args::List(words) = &command.args else {
        return None;
    };
    let line = &instruction.logical.text;
    let alias = match words.as_slice() {
        [_, as_word, name] if line[as_word.clone()].eq_ignore_ascii_case("as") => {
            Some((as_word.clone(), name.clone()))
        }
        _ => None,
    };
    Some(FromLine {
        base: words.first()?.clone(),
        alias,
    })
}

/// Whether `name` can be a stage name: BuildKit accepts `[a-z][a-z0-9-_.]*` (any case).
/// Names with variables or template braces are something else.
pub fn is_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// How an instruction names a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// `FROM stage`.
    From,
    /// `COPY --from=stage` (or `ADD --from`, which BuildKit rejects).
    CopyFrom,
    /// `RUN --mount=...,from=stage`.
    MountFrom,
}

/// A name that may be a stage (or an image, when no stage has that name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageReference {
    /// The instruction.
    pub index: usize,
    pub kind: ReferenceKind,
    /// The name, quotes removed.
    pub name: String,
    /// Its span in the logical line, when the text there is the name itself.
    pub range: Option<Range<usize>>,
    /// In an ONBUILD trigger: it names a stage of the build that uses this image.
    pub onbuild: bool,
}

/// Every reference to a stage (or image) by name in the file, in order.
pub fn stage_references(dockerfile: &Dockerfile) -> Vec<StageReference> {
    let mut found = Vec::new();
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        let Some(outer) = &instruction.command else {
            continue;
        };
        let onbuild = outer.keyword == Keyword::Onbuild;
        let command = outer.effective();
        let line = &instruction.logical.text;
        if let Some(from) = from_line(instruction) {
            found.push(StageReference {
                index,
                kind: ReferenceKind::From,
                name: line[from.base.clone()].to_string(),
                range: Some(from.base),
                onbuild,
            });
        }
        found.extend(
            flag_references(line, command).map(|(kind, name, range)| StageReference {
                index,
                kind,
                name,
                range,
                onbuild,
            }),
        );
    }
    found
}

fn flag_references<'c>(
    line: &'c str,
    command: &'c Command,
) -> impl Iterator<Item = (ReferenceKind, String, Option<Range<usize>>)> + 'c {
    command.flags.iter().filter_map(move |flag| {
        // The flag as written, when BuildKit's reading of it is the same text.
        let verbatim = line.get(flag.range.clone()) == Some(flag.text.as_str());
        let value = flag.value()?;
        let value_start = flag.range.start + flag.text.len() - value.len();
        match (command.keyword, flag.name()) {
            (Keyword::Copy | Keyword::Add, "from") => Some((
                ReferenceKind::CopyFrom,
                value.to_string(),
                verbatim.then_some(value_start..flag.range.end),
            )),
            (Keyword::Run, "mount") => {
                let mut offset = 0;
                for field in value.split(',') {
                    if let Some(name) = field.strip_prefix("from=") {
                        let start = value_start + offset + "from=".len();
                        let plain = verbatim && !value.contains(['"', '\'']);
                        return Some((
                            ReferenceKind::MountFrom,
                            name.to_string(),
                            plain.then_some(start..start + name.len()),
                        ));
                    }
                    offset += field.len() + 1;
                }
                None
            }
            _ => None,
        }
    })
}

/// What a name at instruction `index` refers to, as BuildKit resolves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// A stage (its index in `Stages`).
    Stage(usize),
    /// An image.
    Image,
}

/// The stage `name` means at instruction `index`. FROM sees the stages before it (the
/// last of that name, any case); `--from` sees every stage of the file, since BuildKit
/// registers all stages before it resolves them (the last of a name wins), or a number.
pub fn resolve(stages: &Stages, name: &str, index: usize, kind: ReferenceKind) -> Resolved {
    let stage_before = |before: usize| {
        stages
            .named_before(name, before)
            .and_then(|stage| stages.index_of(stage.from))
            .map_or(Resolved::Image, Resolved::Stage)
    };
    if kind == ReferenceKind::From {
        return stage_before(index);
    }
    match name.parse::<usize>() {
        Ok(number) if number < stages.len() => Resolved::Stage(number),
        Ok(_) => Resolved::Image,
        Err(_) => stage_before(usize::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_their_spans() {
        let dockerfile = Dockerfile::parse(
            "FROM alpine AS Build\nFROM build\nCOPY --from=Build /a /b\n\
             RUN --mount=type=cache,from=build,target=/x true\nONBUILD COPY --from=x /a /b\n",
        );
        let references = stage_references(&dockerfile);
        let names: Vec<(&str, bool)> = references
            .iter()
            .map(|r| (r.name.as_str(), r.onbuild))
            .collect();
        assert_eq!(
            names,
            [
                ("alpine", false),
                ("build", false),
                ("Build", false),
                ("build", false),
                ("x", true)
            ]
        );
        let mount = &references[3];
        let line = &dockerfile.instructions[3].logical.text;
        assert_eq!(&line[mount.range.clone().unwrap()], "build");
        let stages = dockerfile.stages();
        assert_eq!(
            resolve(stages, "BUILD", 2, ReferenceKind::CopyFrom),
            Resolved::Stage(0)
        );
        assert_eq!(
            resolve(stages, "1", 2, ReferenceKind::CopyFrom),
            Resolved::Stage(1)
        );
        assert_eq!(
            resolve(stages, "alpine", 0, ReferenceKind::From),
            Resolved::Image
        );
        assert_eq!(
            resolve(stages, "build", 0, ReferenceKind::From),
            Resolved::Image
        );
        assert_eq!(
            resolve(stages, "build", 0, ReferenceKind::CopyFrom),
            Resolved::Stage(0),
            "--from sees later stages too"
        );
    }
}
