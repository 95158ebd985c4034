//! Build stages: each FROM and the instructions up to the next FROM, and which earlier stage
//! a stage is built FROM (its parent), so that what a stage inherits (SHELL, ENTRYPOINT, ENV,
//! WORKDIR, USER) can be followed up the chain.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

use super::{Args, Dockerfile, Keyword};

/// A build stage: a FROM and the instructions up to the next FROM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// Index of its FROM in `Dockerfile::instructions`.
    pub from: usize,
    /// Indices of the instructions after the FROM, up to the next FROM.
    pub body: Range<usize>,
    /// `AS name`, lower case.
    pub name: Option<String>,
    /// The image or stage it starts from, as written.
    pub base: String,
    /// The earlier stage `base` names (BuildKit compares stage names in any case).
    pub parent: Option<usize>,
    /// The first stage of its chain of parents (itself when it has no parent): the one
    /// whose `base` is an image.
    pub root: usize,
}

/// The stages of a file, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stages {
    stages: Vec<Stage>,
    /// Stage name -> the stages of that name, in order (lookups stay linear in the file).
    by_name: HashMap<String, Vec<usize>>,
}

impl Stages {
    pub fn new(dockerfile: &Dockerfile) -> Stages {
        let mut stages: Vec<Stage> = Vec::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, instruction) in dockerfile.instructions.iter().enumerate() {
            let Some(command) = &instruction.command else {
                continue;
            };
            if command.keyword != Keyword::From {
                if let Some(stage) = stages.last_mut() {
                    stage.body.end = index + 1;
                }
                continue;
            }
            let line = &instruction.logical.text;
            let words: Vec<&str> = match &command.args {
                Args::List(words) => words.iter().map(|w| &line[w.clone()]).collect(),
                _ => Vec::new(),
            };
            let name = (words.len() == 3 && words[1].eq_ignore_ascii_case("as"))
                .then(|| words[2].to_ascii_lowercase());
            let base = words.first().copied().unwrap_or("");
            let parent = by_name
                .get(&base.to_ascii_lowercase())
                .and_then(|named| named.last().copied());
            let own = stages.len();
            if let Some(name) = &name {
                by_name.entry(name.clone()).or_default().push(own);
            }
            let root = parent.and_then(|p| stages.get(p)).map_or(own, |p| p.root);
            stages.push(Stage {
                from: index,
                body: index + 1..index + 1,
                name,
                base: base.to_string(),
                parent,
                root,
            });
        }
        Stages { stages, by_name }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Stage> {
        self.stages.iter()
    }

    pub fn len(&self) -> usize {
        self.stages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stages.is_empty()
    }

    pub fn get(&self, stage: usize) -> Option<&Stage> {
        self.stages.get(stage)
    }

    /// The index of the stage instruction `index` belongs to (`None` before the first FROM).
    pub fn index_of(&self, index: usize) -> Option<usize> {
        let after = self.stages.partition_point(|stage| stage.from <= index);
        let stage = after.checked_sub(1)?;
        (index < self.stages[stage].body.end.max(self.stages[stage].from + 1)).then_some(stage)
    }

    /// The stage instruction `index` belongs to (`None` before the first FROM).
    pub fn of(&self, index: usize) -> Option<&Stage> {
        self.stages.get(self.index_of(index)?)
    }

    /// The first stage of the stage's chain of parents (see `Stage::root`).
    pub fn root<'s>(&'s self, stage: &'s Stage) -> &'s Stage {
        self.stages.get(stage.root).unwrap_or(stage)
    }

    /// The stage, then the stage it is built FROM, and so on up the chain.
    pub fn ancestors<'s>(&'s self, stage: &'s Stage) -> impl Iterator<Item = &'s Stage> + 's {
        // A parent always comes earlier in the file, so the chain ends.
        std::iter::successors(Some(stage), |stage| {
            stage.parent.and_then(|parent| self.stages.get(parent))
        })
    }

    /// The stage named `name` (any case) that starts before instruction `before`.
    pub fn named_before(&self, name: &str, before: usize) -> Option<&Stage> {
        let named = self.by_name.get(&name.to_ascii_lowercase())?;
        let count = named.partition_point(|&stage| self.stages[stage].from < before);
        self.stages.get(*named.get(count.checked_sub(1)?)?)
    }
}

impl<'s> IntoIterator for &'s Stages {
    type Item = &'s Stage;
    type IntoIter = std::slice::Iter<'s, Stage>;

    fn into_iter(self) -> Self::IntoIter {
        self.stages.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_found() {
        let dockerfile =
            Dockerfile::parse("ARG V\nFROM a AS build\nRUN x\nFROM b\nCOPY --from=build /x /x\n");
        let stages = Stages::new(&dockerfile);
        assert_eq!(stages.len(), 2);
        let first = stages.get(0).unwrap();
        assert_eq!(first.name.as_deref(), Some("build"));
        assert_eq!(first.body, 2..3);
        let second = stages.get(1).unwrap();
        assert_eq!(second.base, "b");
        assert_eq!(second.body, 4..5);
        assert_eq!(stages.of(0), None);
        assert_eq!(stages.of(1), Some(first));
        assert_eq!(stages.of(4), Some(second));
    }

    #[test]
    fn ancestors_follow_stage_names_in_any_case() {
        let dockerfile = Dockerfile::parse(
            "FROM alpine AS Base\nFROM base AS middle\nRUN x\nFROM MIDDLE\nFROM other\n",
        );
        let stages = Stages::new(&dockerfile);
        let last_but_one = stages.of(3).unwrap();
        let chain: Vec<&str> = stages
            .ancestors(last_but_one)
            .map(|stage| stage.base.as_str())
            .collect();
        assert_eq!(chain, ["MIDDLE", "base", "alpine"]);
        assert_eq!(stages.ancestors(stages.of(4).unwrap()).count(), 1);
    }
}
