//! Shared helpers for tests that read the shared corpus (`../shared/corpus`).
#![allow(dead_code)]

pub mod intent;

use std::path::{Path, PathBuf};

/// The corpus folder, or `None` (with a printed notice) when it is absent.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("DOCKFIX_REQUIRE_CORPUS").is_none(),
        "the corpus is required (DOCKFIX_REQUIRE_CORPUS) but ../shared/corpus is absent"
    );
    eprintln!("notice: ../shared/corpus is absent; corpus tests skipped");
    None
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

/// The oracle's Python (PyPI `dockerfile`, BuildKit's parser), or `None` with a notice.
/// With `DOCKFIX_REQUIRE_ORACLE=1` (set by `.ci/run`) a missing oracle fails the test.
pub fn oracle_python() -> Option<PathBuf> {
    let venv = std::env::var_os("ORACLE_VENV")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/dockfix-oracle"))
        });
    let python = venv.map(|v| v.join("bin/python")).filter(|p| p.exists());
    if python.is_none() {
        assert!(
            std::env::var_os("DOCKFIX_REQUIRE_ORACLE").is_none(),
            "the oracle is required (DOCKFIX_REQUIRE_ORACLE) but not installed: run ../shared/tools/oracle/install.sh"
        );
        eprintln!(
            "notice: the oracle is not installed (../shared/tools/oracle/install.sh); oracle tests skipped"
        );
    }
    python
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
