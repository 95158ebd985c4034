//! Shared helpers for tests that read the shared corpus (`../shared/corpus`).
#![allow(dead_code)]

pub mod intent;

use std::path::{Path, PathBuf};

/// Something a test needs from outside the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// `../shared/corpus`; `DOCKFIX_REQUIRE_CORPUS=1` (set by `.ci/run`) makes it required.
    Corpus,
    /// The oracle (PyPI `dockerfile`, BuildKit's parser) in its virtual environment;
    /// `DOCKFIX_REQUIRE_ORACLE=1` makes it required.
    Oracle,
}

impl Need {
    fn available(self) -> bool {
        match self {
            Need::Corpus => corpus_dir().is_dir(),
            Need::Oracle => oracle_path().is_some_and(|path| path.exists()),
        }
    }

    fn required(self) -> bool {
        let variable = match self {
            Need::Corpus => "DOCKFIX_REQUIRE_CORPUS",
            Need::Oracle => "DOCKFIX_REQUIRE_ORACLE",
        };
        std::env::var_os(variable).is_some()
    }

    fn label(self) -> &'static str {
        match self {
            Need::Corpus => "needs ../shared/corpus",
            Need::Oracle => "needs the oracle (../shared/tools/oracle/install.sh)",
        }
    }
}

/// A test that needs `needs`: run when they are there; listed as ignored, with what it
/// needs, when they are not; failed when they are required (`.ci/run`) and missing.
pub fn trial(
    name: &str,
    needs: &[Need],
    test: impl FnOnce() + Send + 'static,
) -> libtest_mimic::Trial {
    use libtest_mimic::Trial;
    let missing: Vec<Need> = needs.iter().copied().filter(|n| !n.available()).collect();
    if missing.is_empty() {
        return Trial::test(name, move || {
            test();
            Ok(())
        });
    }
    let what = missing
        .iter()
        .map(|need| need.label())
        .collect::<Vec<_>>()
        .join(", ");
    if missing.iter().any(|need| need.required()) {
        return Trial::test(name, move || {
            Err(format!("required but missing: {what}").into())
        });
    }
    Trial::test(name, || Ok(()))
        .with_kind(what)
        .with_ignored_flag(true)
}

/// Run the trials of a test file (`harness = false` in Cargo.toml) and exit.
pub fn run(trials: Vec<libtest_mimic::Trial>) -> ! {
    libtest_mimic::run(&libtest_mimic::Arguments::from_args(), trials).exit()
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// The corpus folder (call from a trial that declares `Need::Corpus`).
pub fn corpus() -> PathBuf {
    corpus_dir()
}

/// The corpus folder if it is there, for tests that use it when they can.
pub fn corpus_if_present() -> Option<PathBuf> {
    Some(corpus_dir()).filter(|dir| dir.is_dir() || Need::Corpus.required())
}

fn oracle_path() -> Option<PathBuf> {
    let venv = std::env::var_os("ORACLE_VENV")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/dockfix-oracle"))
        })?;
    Some(venv.join("bin/python"))
}

/// The oracle's Python (call from a trial that declares `Need::Oracle`).
pub fn oracle_python() -> PathBuf {
    oracle_path().unwrap_or_default()
}

/// Every Dockerfile-like file below `dir` (names containing "dockerfile" or
/// "containerfile", any case; BuildKit fixture folders hold `Dockerfile`), sorted.
pub fn dockerfiles(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("")
                    .to_lowercase();
                if name.contains("dockerfile") || name.contains("containerfile") {
                    files.push(path);
                }
            }
        }
    }
    files.sort();
    files
}

/// Every file of the corpus that is a Dockerfile (all of real/, dockerfmt/, buildkit/).
pub fn corpus_dockerfiles(corpus: &Path) -> Vec<PathBuf> {
    let mut files = dockerfiles(&corpus.join("real"));
    files.extend(dockerfiles(&corpus.join("buildkit")));
    files.extend(dockerfiles(&corpus.join("dockerfmt")));
    files
}

/// Every comment of a file (trimmed, sorted): no rewrite may lose or change one.
pub fn comments(dockerfile: &dockfix::model::Dockerfile) -> Vec<String> {
    let tree = &dockerfile.tree;
    let mut comments: Vec<String> = tree
        .tokens
        .iter()
        .filter(|t| t.kind == dockfix::syntax::TokenKind::Comment)
        .map(|t| tree.text(t).trim().to_string())
        .collect();
    comments.sort();
    comments
}
