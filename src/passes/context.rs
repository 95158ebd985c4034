//! What every rule gets: the parsed file, its stages, the shell it runs under, the build
//! context (when it is known), and the style to write new text in.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use std::cell::OnceCell;

use super::Rule;
use super::shell_run::ShellRun;
use crate::diagnostic::Diagnostic;
use crate::fix::Settings;
use crate::format::{FormatOptions, OperatorPosition};
use crate::knowledge::{Knowledge, knowledge};
use crate::model::{Dockerfile, Instruction, Keyword};
use crate::suppression::Suppressions;
use crate::syntax::TokenKind;

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
}

/// The files a build can COPY: the build context folder, minus what `.dockerignore` excludes.
#[derive(Debug, Clone)]
pub struct BuildContext {
    root: PathBuf,
    dockerfile_name: Option<String>,
    /// `.dockerignore`, read when a rule first asks about a file (most files need none).
    ignore: std::sync::OnceLock<Ignore>,
}

/// Compiled `.dockerignore` patterns; for each, whether it is an exception (`!pattern`).
#[derive(Debug, Clone, Default)]
struct Ignore {
    set: Option<globset::GlobSet>,
    exceptions: Vec<bool>,
}

impl BuildContext {
    /// The context at `root`; `dockerfile_name` selects a `<name>.dockerignore` if there is one.
    pub fn new(root: &Path, dockerfile_name: Option<&str>) -> Self {
        BuildContext {
            root: root.to_path_buf(),
            dockerfile_name: dockerfile_name.map(String::from),
            ignore: std::sync::OnceLock::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn ignore(&self) -> &Ignore {
        self.ignore.get_or_init(|| {
            let specific = self
                .dockerfile_name
                .as_ref()
                .map(|name| self.root.join(format!("{name}.dockerignore")));
            let ignore_file = specific
                .filter(|p| p.is_file())
                .unwrap_or_else(|| self.root.join(".dockerignore"));
            let (set, exceptions) = std::fs::read_to_string(ignore_file)
                .map(|text| dockerignore(&text))
                .unwrap_or((None, Vec::new()));
            Ignore { set, exceptions }
        })
    }

    /// Whether `relative` is excluded by `.dockerignore` (itself or a parent folder).
    pub fn is_ignored(&self, relative: &str) -> bool {
        let ignore = self.ignore();
        let Some(set) = &ignore.set else {
            return false;
        };
        let relative = relative.trim_start_matches("./").trim_start_matches('/');
        let mut ignored = false;
        // A pattern matching a parent folder excludes what is inside; the last match wins.
        let mut prefixes: Vec<&str> = relative
            .match_indices('/')
            .map(|(i, _)| &relative[..i])
            .collect();
        prefixes.push(relative);
        for prefix in prefixes {
            if let Some(&last) = set.matches(prefix).iter().max() {
                ignored = !ignore.exceptions[last];
            }
        }
        ignored
    }

    /// A regular file of the context (not ignored), by path relative to its root.
    pub fn file(&self, relative: &str) -> Option<PathBuf> {
        let path = self.root.join(relative);
        (path.is_file() && !self.is_ignored(relative)).then_some(path)
    }

    pub fn read(&self, relative: &str) -> Option<Vec<u8>> {
        std::fs::read(self.file(relative)?).ok()
    }

    /// The first 512 bytes of a context file (enough to recognise an archive).
    pub fn read_head(&self, relative: &str) -> Option<Vec<u8>> {
        use std::io::Read;
        let mut head = Vec::with_capacity(512);
        std::fs::File::open(self.file(relative)?)
            .ok()?
            .take(512)
            .read_to_end(&mut head)
            .ok()?;
        Some(head)
    }
}

/// Compile `.dockerignore` patterns: paths relative to the context root, `*` within one
/// folder, `**` across folders, `!` for exceptions.
fn dockerignore(text: &str) -> (Option<globset::GlobSet>, Vec<bool>) {
    let mut builder = globset::GlobSetBuilder::new();
    let mut exceptions = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (exception, pattern) = match line.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let pattern = pattern
            .trim_start_matches("./")
            .trim_start_matches('/')
            .trim_end_matches('/');
        let Ok(glob) = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
        else {
            continue;
        };
        builder.add(glob);
        exceptions.push(exception);
    }
    (builder.build().ok(), exceptions)
}

pub struct Context<'a> {
    pub dockerfile: &'a Dockerfile<'a>,
    pub stages: Vec<Stage>,
    /// Shell-form commands run under a POSIX shell.
    pub posix_shell: bool,
    pub build_context: Option<&'a BuildContext>,
    pub style: &'a FormatOptions,
    /// `[pins]` of the configuration: image -> reference with a digest.
    pub pins: &'a BTreeMap<String, String>,
    pub knowledge: &'static Knowledge,
    pub settings: &'a Settings,
    /// The file's suppression comments; `None` when they are not applied (to find out which
    /// of them are used, `unused-suppression` runs the rules without them).
    suppressions: Option<Suppressions>,
    /// Each instruction's shell-form RUN, parsed on first use.
    runs: Vec<OnceCell<Option<ShellRun<'a>>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        dockerfile: &'a Dockerfile<'a>,
        build_context: Option<&'a BuildContext>,
        settings: &'a Settings,
    ) -> Self {
        let mut context = Self::without_suppressions(dockerfile, build_context, settings);
        context.suppressions = Some(Suppressions::parse(dockerfile));
        context
    }

    /// A context that applies no suppression comment.
    pub fn without_suppressions(
        dockerfile: &'a Dockerfile<'a>,
        build_context: Option<&'a BuildContext>,
        settings: &'a Settings,
    ) -> Self {
        Context {
            dockerfile,
            stages: stages(dockerfile),
            posix_shell: crate::shell::runs_posix_shell(dockerfile),
            build_context,
            style: &settings.style,
            pins: &settings.pins,
            knowledge: knowledge(),
            settings,
            suppressions: None,
            runs: (0..dockerfile.instructions.len())
                .map(|_| OnceCell::new())
                .collect(),
        }
    }

    /// Run `rule` and keep the findings the file's suppression comments allow (see
    /// `crate::suppression`).
    pub fn run(&self, rule: &dyn Rule, diagnostics: &mut Vec<Diagnostic>) {
        let first = diagnostics.len();
        rule.check(self, diagnostics);
        if let Some(suppressions) = &self.suppressions {
            let info = rule.info();
            let edits_comments =
                info.code == super::unused_suppression::UnusedSuppression::INFO.code;
            suppressions.filter(info.identity(), diagnostics, first, edits_comments);
        }
    }

    /// The file's suppression comments, when they apply.
    pub fn suppressions(&self) -> Option<&Suppressions> {
        self.suppressions.as_ref()
    }

    /// Whether a suppression comment sits directly above instruction `index`: rewrites that
    /// join instructions leave it apart, so the comment keeps meaning what it meant.
    pub fn has_suppression_above(&self, index: usize) -> bool {
        self.suppressions
            .as_ref()
            .is_some_and(|s| s.has_comment_above(index))
    }

    /// The RUN at `index` in shell form under a POSIX shell, without heredocs, its script
    /// parsed (once, whichever rule asks first).
    pub fn shell_run(&self, index: usize) -> Option<&ShellRun<'a>> {
        self.runs
            .get(index)?
            .get_or_init(|| ShellRun::parse(self, index))
            .as_ref()
    }

    pub fn source(&self) -> &'a str {
        self.dockerfile.source()
    }

    pub fn instructions(&self) -> &'a [Instruction<'a>] {
        &self.dockerfile.instructions
    }

    /// The stage an instruction belongs to (`None` before the first FROM).
    pub fn stage_of(&self, index: usize) -> Option<&Stage> {
        self.stages
            .iter()
            .find(|s| s.from == index || s.body.contains(&index))
    }

    /// The file's line ending.
    pub fn eol(&self) -> &'static str {
        let bytes = self.source().as_bytes();
        match memchr::memchr(b'\n', bytes) {
            Some(i) if i > 0 && bytes[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        }
    }

    /// ` \`, newline and `&& ` (or the end-of-line style), then `comments` as comment lines,
    /// to chain a new command after an instruction's last one.
    ///
    /// The new line is not indented: `fix` formats every instruction it writes, and the
    /// formatter turns each distinct indentation into a nesting level, so an unindented
    /// command line ranks first and lands at the first level, while the argument lists
    /// around it stay nested below.
    pub fn and_then(&self, comments: &[&str]) -> String {
        let escape = self.dockerfile.tree.escape.char();
        let eol = self.eol();
        let comments: String = comments.iter().map(|c| format!("{c}{eol}")).collect();
        match self.style.operator_position {
            OperatorPosition::End => format!(" && {escape}{eol}{comments}"),
            _ => format!(" {escape}{eol}{comments}&& "),
        }
    }

    /// Source range of a range of `instruction`'s logical line, when it lies on one line.
    pub fn source_range(
        &self,
        instruction: &Instruction,
        range: Range<usize>,
    ) -> Option<Range<usize>> {
        instruction.logical.source_range(range)
    }

    /// Source span of a range of `instruction`'s logical line (it may cover several lines).
    pub fn span(&self, instruction: &Instruction, range: Range<usize>) -> Range<usize> {
        let logical = &instruction.logical;
        logical.to_source(range.start)
            ..logical
                .to_source_end(range.end)
                .max(logical.to_source(range.start))
    }

    /// Source span of the keyword of an instruction's command (ONBUILD's trigger for ONBUILD).
    pub fn keyword_span(&self, instruction: &Instruction) -> Range<usize> {
        match &instruction.command {
            Some(command) => self.span(instruction, command.effective().keyword_range.clone()),
            None => self.dockerfile.instruction_range(instruction),
        }
    }

    /// Where the instruction's code ends in the source (before its newline or heredocs).
    pub fn code_end(&self, instruction: &Instruction) -> usize {
        instruction
            .logical
            .segments
            .last()
            .map_or(0, |s| s.source.end)
    }

    /// The byte range of the whole lines an instruction occupies, newline included.
    pub fn line_range(&self, instruction: &Instruction) -> Range<usize> {
        let tree = &self.dockerfile.tree;
        let node = self.dockerfile.node(instruction);
        let tokens = tree.node_tokens(node);
        let start = tokens.first().map_or(0, |t| t.start as usize);
        let end = tokens.last().map_or(start, |t| t.end as usize);
        let start = self.source()[..start].rfind('\n').map_or(0, |i| i + 1);
        start..end
    }

    /// The text of every comment that starts in `range` of the source (top-level comment
    /// lines and comment lines inside continuations alike), in order.
    pub fn comments_in(&self, range: Range<usize>) -> Vec<&'a str> {
        let tree = &self.dockerfile.tree;
        let first = tree
            .tokens
            .partition_point(|t| (t.start as usize) < range.start);
        tree.tokens[first..]
            .iter()
            .take_while(|t| (t.start as usize) < range.end)
            .filter(|t| t.kind == TokenKind::Comment)
            .map(|t| tree.text(t).trim_end())
            .collect()
    }

    /// Whether comment lines sit inside the instruction (in a continuation) within `span`.
    pub fn has_comments_within(&self, instruction: &Instruction, span: Range<usize>) -> bool {
        let node = self.dockerfile.node(instruction);
        self.dockerfile
            .tree
            .node_tokens(node)
            .iter()
            .any(|t| t.kind == TokenKind::Comment && span.contains(&(t.start as usize)))
    }

    /// The SHELL in effect for instruction `index` (`None`: the default `/bin/sh -c`),
    /// following stages built FROM earlier stages.
    pub fn shell_at(&self, index: usize) -> Option<Vec<String>> {
        let mut stage = self.stage_of(index)?;
        let mut end = index;
        for _ in 0..self.stages.len() {
            let found = (stage.from + 1..end).rev().find_map(|i| {
                let command = self.instructions()[i].command.as_ref()?;
                match (&command.keyword, &command.args) {
                    (Keyword::Shell, crate::model::Args::Json(words)) => {
                        Some(words.iter().map(|w| w.value.clone()).collect())
                    }
                    _ => None,
                }
            });
            if found.is_some() {
                return found;
            }
            let base = stage.base.to_ascii_lowercase();
            let parent = self
                .stages
                .iter()
                .find(|s| s.from < stage.from && s.name.as_deref() == Some(base.as_str()))?;
            end = parent.body.end;
            stage = parent;
        }
        None
    }

    /// Whether an ENTRYPOINT applies in the stage of instruction `index` (set in the stage,
    /// or in an earlier stage it is built FROM).
    pub fn stage_has_entrypoint(&self, index: usize) -> bool {
        let mut current = self.stage_of(index);
        for _ in 0..=self.stages.len() {
            let Some(stage) = current else { return false };
            let has = (stage.body.clone())
                .any(|i| self.instructions()[i].keyword() == Keyword::Entrypoint);
            if has {
                return true;
            }
            let base = stage.base.to_ascii_lowercase();
            current = self
                .stages
                .iter()
                .find(|s| s.from < stage.from && s.name.as_deref() == Some(base.as_str()));
        }
        false
    }

    /// Whether the instruction holds heredocs.
    pub fn has_heredoc(&self, instruction: &Instruction) -> bool {
        let node = self.dockerfile.node(instruction);
        self.dockerfile
            .tree
            .node_tokens(node)
            .iter()
            .any(|t| t.kind == TokenKind::HeredocBody)
    }
}

fn stages(dockerfile: &Dockerfile) -> Vec<Stage> {
    let mut stages: Vec<Stage> = Vec::new();
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
            crate::model::Args::List(words) => words.iter().map(|w| &line[w.clone()]).collect(),
            _ => Vec::new(),
        };
        let name = (words.len() == 3 && words[1].eq_ignore_ascii_case("as"))
            .then(|| words[2].to_ascii_lowercase());
        stages.push(Stage {
            from: index,
            body: index + 1..index + 1,
            name,
            base: words.first().unwrap_or(&"").to_string(),
        });
    }
    stages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerignore_semantics() {
        let (set, exceptions) = dockerignore("node_modules\n*.md\n!README.md\n**/*.log\n/build/\n");
        let context = BuildContext {
            root: PathBuf::new(),
            dockerfile_name: None,
            ignore: std::sync::OnceLock::new(),
        };
        let _ = context.ignore.set(Ignore { set, exceptions });
        assert!(context.is_ignored("node_modules/x/package.json"));
        assert!(context.is_ignored("CHANGES.md"));
        assert!(!context.is_ignored("README.md"));
        assert!(!context.is_ignored("docs/guide.md"));
        assert!(context.is_ignored("a/b/c.log"));
        assert!(context.is_ignored("build/out"));
        assert!(!context.is_ignored("package.json"));
    }

    #[test]
    fn stages_are_found() {
        let dockerfile =
            Dockerfile::parse("ARG V\nFROM a AS build\nRUN x\nFROM b\nCOPY --from=build /x /x\n");
        let stages = stages(&dockerfile);
        assert_eq!(stages.len(), 2);
        assert_eq!(stages[0].name.as_deref(), Some("build"));
        assert_eq!(stages[0].body, 2..3);
        assert_eq!(stages[1].base, "b");
        assert_eq!(stages[1].body, 4..5);
    }
}
