use super::shell_run::ShellRun;
use super::sources::copy_arguments;
use super::{Context, Rule, RuleInfo, rule};
use crate::build_context::BuildContext;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::knowledge::{ContentCheck, Ecosystem};
use crate::model::{Args, Instruction, Keyword};
use crate::shell::command::Operator;

rule! {
    /// Copy dependency manifests and install before copying the sources.
    ///
    /// ## What it does
    /// When a stage copies the whole build context (`COPY . .`, `COPY ./ /app`) and the next
    /// RUN starts with a dependency install that reads only manifests (`npm ci`,
    /// `pip install -r requirements.txt`, `go mod download`, `bundle install`, ... as
    /// listed in `transforms/ecosystems.toml`), the fix copies the manifests first, runs
    /// the install, and only then copies the sources. An install chained with other steps
    /// (`npm ci && npm run build`) is split off: the install goes up, the rest stays below.
    ///
    /// ## Why is this bad?
    /// Any change to any source file invalidates the layer cache from `COPY . .` on, so
    /// every build downloads and installs all dependencies again. With the manifests
    /// copied first, the install layer is reused until the manifests change.
    ///
    /// ## Example
    /// ```dockerfile
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci && npm run build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci
    /// COPY . .
    /// RUN npm run build
    /// ```
    ///
    /// ## Fix safety
    /// The manifests are the ecosystem's files that exist in the build context (the
    /// Dockerfile's folder unless configured), minus what `.dockerignore` excludes: a COPY
    /// of a missing file would break the build, so without a build context there is no fix.
    /// Safe when the install provably reads only those files: no lifecycle scripts or
    /// workspaces in `package.json`, no `-e`, local paths or unknown `-r` in requirements,
    /// no `gemspec` in a Gemfile, no
    /// `<modules>` in a pom, no local `replace` in go.mod; the WORKDIR and USER are the same
    /// at both points (only LABEL, EXPOSE, STOPSIGNAL, HEALTHCHECK, CMD or ENTRYPOINT may sit
    /// between the COPY and the RUN); and the context has no `node_modules` (or `vendor`)
    /// that `COPY . .` would copy over what the install made. Otherwise the fix is unsafe.
    /// Only reported, never fixed: an install that also installs the project (poetry
    /// without `--no-root`, uv without `--no-install-project`, composer without
    /// `--no-scripts --no-autoloader`), one that runs elsewhere (`--prefix`, `--cwd`, ...),
    /// cargo, dotnet and mix (their manifests need more than themselves), and any install
    /// when the build context is not available.
    pub struct ManifestsFirst {
        code: "DF201",
        name: "copy-manifests-first",
        severity: Warning,
        fix: Sometimes,
    }
}

/// Instructions that may sit between `COPY . .` and the install without changing it.
const NEUTRAL: [Keyword; 7] = [
    Keyword::Label,
    Keyword::Expose,
    Keyword::StopSignal,
    Keyword::Healthcheck,
    Keyword::Cmd,
    Keyword::Entrypoint,
    Keyword::Maintainer,
];

impl Rule for ManifestsFirst {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for stage in context.stages {
            for copy in stage.body.clone() {
                let Some(destination) = copies_whole_context(context, copy) else {
                    continue;
                };
                let Some(run_index) = (copy + 1..stage.body.end)
                    .find(|&i| !NEUTRAL.contains(&context.instructions()[i].keyword()))
                else {
                    continue;
                };
                let Some(run) = context.shell_run(run_index) else {
                    continue;
                };
                let Some(install) = find_install(context, run) else {
                    continue;
                };
                if let Some(diagnostic) = self.report(context, copy, &destination, run, &install) {
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
}

/// A dependency install at the start of a RUN.
struct Install<'k> {
    ecosystem: &'k Ecosystem,
    /// The install's words (options included).
    words: Vec<String>,
    /// Manifests named by the command itself (pip's `-r`).
    named: Vec<String>,
    /// The command's range in the script, and where the rest of the RUN starts (after `&&`).
    range: std::ops::Range<usize>,
    rest: Option<usize>,
}

/// The destination of a `COPY . <dest>` of the whole context that a manifest COPY can share.
fn copies_whole_context(context: &Context, index: usize) -> Option<String> {
    let instruction = &context.instructions()[index];
    let command = instruction.command.as_ref()?;
    if command.keyword != Keyword::Copy
        || !command
            .flags
            .iter()
            .all(|f| matches!(f.name(), "chown" | "chmod" | "link"))
    {
        return None;
    }
    let (sources, destination) = copy_arguments(
        command,
        &instruction.logical.text,
        context.dockerfile.tree.escape.char(),
    )?;
    let whole = sources.len() == 1 && matches!(sources[0].as_str(), "." | "./");
    // A relative destination is relative to WORKDIR, where the RUN runs too; an absolute one
    // must be the WORKDIR.
    let relative = matches!(destination.as_str(), "." | "./");
    let at_workdir = !relative
        && workdir(context, index)
            .is_some_and(|w| w.trim_end_matches('/') == destination.trim_end_matches('/'));
    (whole && (relative || at_workdir) && !destination.contains('$')).then_some(destination)
}

/// The absolute WORKDIR in effect at `index` in its stage, if set there plainly.
fn workdir(context: &Context, index: usize) -> Option<String> {
    let stage = context.stage_of(index)?;
    (stage.from + 1..index).rev().find_map(|i| {
        let instruction = &context.instructions()[i];
        let command = instruction.command.as_ref()?;
        match (&command.keyword, &command.args) {
            (Keyword::Workdir, Args::String(range)) => {
                let path = instruction.logical.text[range.clone()].to_string();
                Some(path).filter(|p| p.starts_with('/') && !p.contains('$'))
            }
            _ => None,
        }
    })
}

fn find_install<'k>(context: &Context<'k>, run: &ShellRun) -> Option<Install<'k>> {
    let first = run.script.commands.first()?;
    if first.depth != 0 || first.after.is_some() {
        return None;
    }
    let words = run.words(0);
    let rest = match run.script.commands.get(1) {
        None => None,
        Some(next) if next.depth == 0 && next.after == Some(Operator::And) => {
            Some(next.range.start)
        }
        Some(_) => return None,
    };
    // Splitting `install && rest` keeps its meaning only in a plain chain: with `||` or `;`
    // at the top level, a failing install used to let the rest run.
    if !run
        .script
        .top_level_operators()
        .all(|op| matches!(op, Operator::And | Operator::Pipe))
    {
        return None;
    }
    for ecosystem in &context.knowledge.ecosystems {
        for install in &ecosystem.install {
            let prefix: Vec<&str> = install.split(' ').collect();
            if words.len() < prefix.len() || prefix.iter().zip(words).any(|(p, w)| p != w) {
                continue;
            }
            let options: Vec<String> = words[prefix.len()..]
                .iter()
                .map(|w| w.to_string())
                .collect();
            let named = match &ecosystem.from_args {
                Some(flag) => requirement_files(&options, flag)?,
                None => Vec::new(),
            };
            if ecosystem.bare && has_arguments(&options, &ecosystem.options_with_value) {
                continue;
            }
            if ecosystem.from_args.is_some() && named.is_empty() {
                continue;
            }
            return Some(Install {
                ecosystem,
                words: words.iter().map(|w| w.to_string()).collect(),
                named,
                range: first.range.clone(),
                rest,
            });
        }
    }
    None
}

/// Whether words other than options (and the values of options that take one) follow.
fn has_arguments(options: &[String], with_value: &[String]) -> bool {
    let mut words = options.iter();
    while let Some(word) = words.next() {
        if !word.starts_with('-') {
            return true;
        }
        if with_value.contains(word) {
            words.next();
        }
    }
    false
}

/// `-r FILE`, `-rFILE`, `--requirement FILE`, `--requirement=FILE`; `None` when other
/// words are packages from a local path (`.`, `./x`, `-e`).
fn requirement_files(options: &[String], flag: &str) -> Option<Vec<String>> {
    let mut files = Vec::new();
    let mut words = options.iter();
    while let Some(word) = words.next() {
        if word == flag || word == "--requirement" || word == "-c" || word == "--constraint" {
            files.push(words.next()?.clone());
        } else if let Some(file) = word
            .strip_prefix("--requirement=")
            .or_else(|| word.strip_prefix("--constraint="))
        {
            files.push(file.to_string());
        } else if let Some(file) = word
            .strip_prefix(flag)
            .filter(|f| !f.is_empty() && !word.starts_with("--"))
        {
            files.push(file.to_string());
        } else if word == "-e"
            || word == "--editable"
            || word.starts_with('.')
            || word.starts_with('/')
            || word.contains("file:")
        {
            return None;
        }
    }
    Some(files)
}

impl ManifestsFirst {
    fn report(
        &self,
        context: &Context,
        copy: usize,
        destination: &str,
        run: &ShellRun,
        install: &Install,
    ) -> Option<Diagnostic> {
        let copy_instruction = &context.instructions()[copy];
        let span = run.span(context, install.range.clone());
        let message = format!(
            "`{}` runs after the whole context is copied: any source change reinstalls every dependency; copy the manifests first",
            install.words.join(" ")
        );
        let mut diagnostic = self.diagnostic(message, span);
        let Some(build_context) = context.build_context else {
            return Some(diagnostic);
        };
        let Some(files) = manifests(build_context, install) else {
            return Some(diagnostic);
        };
        let applicability = match safety(build_context, install) {
            Safety::Safe => Applicability::Safe,
            Safety::Unsafe => Applicability::Unsafe,
            Safety::Never => return Some(diagnostic),
        };
        diagnostic.fix = self.fix(
            context,
            copy_instruction,
            destination,
            run,
            install,
            &files,
            applicability,
        );
        Some(diagnostic)
    }

    #[allow(clippy::too_many_arguments)]
    fn fix(
        &self,
        context: &Context,
        copy: &Instruction,
        destination: &str,
        run: &ShellRun,
        install: &Install,
        files: &[String],
        applicability: Applicability,
    ) -> Option<Fix> {
        let eol = context.eol();
        let line = &copy.logical.text;
        let copy_command = copy.command.as_ref()?;
        let copy_flags: Vec<&str> = copy_command
            .flags
            .iter()
            .map(|f| &line[f.range.clone()])
            .collect();
        let run_flags: Vec<&str> = run
            .command
            .flags
            .iter()
            .map(|f| &run.instruction.logical.text[f.range.clone()])
            .collect();
        let directory = if matches!(destination, "." | "./") {
            "./".to_string()
        } else {
            format!("{}/", destination.trim_end_matches('/'))
        };
        let copy_keyword = &context.source()[context.keyword_span(copy)];
        let run_keyword = &context.source()[context.keyword_span(run.instruction)];
        let join = |keyword: &str, flags: &[&str], rest: &str| {
            let mut parts = vec![keyword.to_string()];
            parts.extend(flags.iter().map(|f| f.to_string()));
            parts.push(rest.to_string());
            parts.join(" ")
        };
        let install_text = run.words(0).join(" ");
        let inserted = format!(
            "{}{eol}{}{eol}",
            join(
                copy_keyword,
                &copy_flags,
                &format!("{} {directory}", files.join(" "))
            ),
            join(run_keyword, &run_flags, &install_text)
        );
        let copy_line = context.line_range(copy).start;
        let mut edits = vec![Edit::insert(copy_line, inserted)];
        match install.rest {
            None => {
                let lines = context.line_range(run.instruction);
                if context.has_comments_within(run.instruction, lines.clone()) {
                    return None;
                }
                edits.push(Edit::delete(lines));
            }

            Some(rest) => {
                let start = run.span(context, install.range.clone()).start;
                let end = run.span(context, rest..rest).start;
                if context.has_comments_within(run.instruction, start..end) {
                    return None;
                }
                edits.push(Edit::delete(start..end));
            }
        }
        Some(Fix::new(
            applicability,
            "Copy the manifests and install before copying the sources",
            edits,
        ))
    }
}

/// The files to copy first: required manifests (all must exist) and optional ones that do.
fn manifests(context: &dyn BuildContext, install: &Install) -> Option<Vec<String>> {
    let mut files = Vec::new();
    for file in install.ecosystem.manifests.iter().chain(&install.named) {
        if !is_plain_path(file) || !context.is_file(file) {
            return None;
        }
        files.push(file.clone());
    }
    for file in &install.ecosystem.optional {
        if context.is_file(file) {
            files.push(file.clone());
        }
    }
    // Files a requirements file pulls in with `-r`/`-c` are manifests too.
    if install.ecosystem.check == Some(ContentCheck::Requirements) {
        let mut index = 0;
        while index < files.len() {
            for included in requirement_includes(context, &files[index])? {
                if !files.contains(&included) {
                    files.push(included);
                }
            }
            index += 1;
        }
    }
    (!files.is_empty()).then_some(files)
}

fn is_plain_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains("..")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/+@".contains(&b))
}

/// `-r`/`-c` includes of a requirements file (relative to the context root when the file
/// is at the root); `None` if the file cannot be read or includes what cannot be copied.
fn requirement_includes(context: &dyn BuildContext, file: &str) -> Option<Vec<String>> {
    let text = String::from_utf8(context.read(file)?).ok()?;
    let folder = file.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut includes = Vec::new();
    for line in text.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        let (Some(first), second) = (words.next(), words.next()) else {
            continue;
        };
        let included = match first {
            "-r" | "--requirement" | "-c" | "--constraint" => second?.to_string(),
            _ => match first
                .strip_prefix("-r")
                .or_else(|| first.strip_prefix("--requirement="))
            {
                Some(file) if !file.is_empty() => file.to_string(),
                _ => continue,
            },
        };
        let path = if folder.is_empty() {
            included
        } else {
            format!("{folder}/{included}")
        };
        if !is_plain_path(&path) || !context.is_file(&path) {
            return None;
        }
        includes.push(path);
    }
    Some(includes)
}

enum Safety {
    Safe,
    Unsafe,
    Never,
}

/// Whether the install provably reads only the manifests.
fn safety(context: &dyn BuildContext, install: &Install) -> Safety {
    let ecosystem = install.ecosystem;
    let options: Vec<&str> = install.words.iter().map(String::as_str).collect();
    if ecosystem.check == Some(ContentCheck::Never) {
        return Safety::Never;
    }
    let requires_met = ecosystem.requires.is_empty()
        || ecosystem
            .requires
            .iter()
            .any(|set| set.iter().all(|o| options.contains(&o.as_str())));
    let forbidden = ecosystem
        .forbids
        .iter()
        .any(|o| options.contains(&o.as_str()));
    // Installed folders in the context would be copied over the fresh install.
    let outputs_in_context = ecosystem.outputs.iter().any(|dir| context.exists(dir));
    let content_ok = match ecosystem.check {
        Some(ContentCheck::NpmScripts) => package_json_ok(context, &options),
        Some(ContentCheck::Yarn) => {
            package_json_ok(context, &options) && !context.is_file(".yarnrc.yml")
        }
        Some(ContentCheck::Pnpm) => {
            package_json_ok(context, &options) && !context.is_file("pnpm-workspace.yaml")
        }
        Some(ContentCheck::Requirements) => {
            install.named.iter().all(|f| requirements_ok(context, f))
        }
        Some(ContentCheck::Pipfile) => {
            text_lacks(context, "Pipfile", &["path =", "editable = true"])
        }
        Some(ContentCheck::Uv) => text_lacks(
            context,
            "pyproject.toml",
            &["[tool.uv.workspace]", "path ="],
        ),
        Some(ContentCheck::GoMod) => go_mod_ok(context),
        Some(ContentCheck::Gemfile) => {
            text_lacks(context, "Gemfile", &["gemspec", "path:", ":path"])
        }
        Some(ContentCheck::Maven) => text_lacks(context, "pom.xml", &["<modules>", "<parent>"]),
        // Decided above: never moved.
        Some(ContentCheck::Never) => false,
        None => true,
    };
    // Without the options that keep the project itself out of the install, it needs the
    // sources: moving it would break the build, not just risk it.
    if forbidden || !requires_met {
        return Safety::Never;
    }
    if content_ok && !outputs_in_context {
        Safety::Safe
    } else {
        Safety::Unsafe
    }
}

/// No lifecycle scripts (unless `--ignore-scripts`), no workspaces, no local dependencies.
fn package_json_ok(context: &dyn BuildContext, options: &[&str]) -> bool {
    let Some(bytes) = context.read("package.json") else {
        return false;
    };
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return false;
    };
    const LIFECYCLE: [&str; 7] = [
        "preinstall",
        "install",
        "postinstall",
        "prepare",
        "preprepare",
        "postprepare",
        "prepublish",
    ];
    let scripts_run = !options.contains(&"--ignore-scripts")
        && json
            .get("scripts")
            .and_then(|s| s.as_object())
            .is_some_and(|s| LIFECYCLE.iter().any(|k| s.contains_key(*k)));
    let workspaces = json.get("workspaces").is_some();
    let local_dependency = ["dependencies", "devDependencies", "optionalDependencies"]
        .iter()
        .any(|field| {
            json.get(field)
                .and_then(|d| d.as_object())
                .is_some_and(|deps| {
                    deps.values().any(|v| {
                        v.as_str().is_some_and(|s| {
                            s.starts_with("file:")
                                || s.starts_with("link:")
                                || s.starts_with("workspace:")
                                || s.starts_with('.')
                        })
                    })
                })
        });
    !scripts_run && !workspaces && !local_dependency
}

fn requirements_ok(context: &dyn BuildContext, file: &str) -> bool {
    let Some(text) = context.read(file).and_then(|b| String::from_utf8(b).ok()) else {
        return false;
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .all(|line| {
            !(line.starts_with("-e")
                || line.starts_with("--editable")
                || line.starts_with('.')
                || line.starts_with('/')
                || line.contains("file:")
                || line.contains(" @ ."))
        })
}

fn go_mod_ok(context: &dyn BuildContext) -> bool {
    let Some(text) = context
        .read("go.mod")
        .and_then(|b| String::from_utf8(b).ok())
    else {
        return false;
    };
    !text.lines().any(|l| {
        l.contains("=>") && (l.contains("=> ./") || l.contains("=> ../") || l.contains("=> /"))
    })
}

fn text_lacks(context: &dyn BuildContext, file: &str, needles: &[&str]) -> bool {
    let Some(text) = context.read(file).and_then(|b| String::from_utf8(b).ok()) else {
        return false;
    };
    !needles.iter().any(|n| text.contains(n))
}
