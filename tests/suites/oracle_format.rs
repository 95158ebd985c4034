//! Differential test: the formatted corpus means the same to BuildKit (the oracle's `cmp`
//! at its default `norm` level) as the original, file for file.

use crate::common;
use libtest_mimic::Trial;

use common::Need;

use std::process::Command;

use dockfix::format::{FormatOptions, format};
use dockfix::model::Dockerfile;

fn formatted_corpus_means_the_same_to_buildkit() {
    let corpus = common::corpus();
    let python = common::oracle_python();
    let oracle = corpus.join("../tools/oracle/oracle.py");
    let out = tempfile::tempdir().unwrap();
    let mut summaries = Vec::new();
    for part in ["real", "buildkit", "dockerfmt"] {
        let input = corpus.join(part);
        for path in common::dockerfiles(&input) {
            let source = std::fs::read_to_string(&path).unwrap();
            let output = format(&Dockerfile::parse(&source), &FormatOptions::default())
                .ok()
                .flatten()
                .unwrap_or(source);
            let target = out
                .path()
                .join(part)
                .join(path.strip_prefix(&input).unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, output).unwrap();
        }
        let result = Command::new(&python)
            .arg(&oracle)
            .args(["cmp", "-q"])
            .arg(&input)
            .arg(out.path().join(part))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&result.stdout).to_string();
        let summary = stdout.lines().last().unwrap_or_default().to_string();
        println!("oracle {part}: {summary}");
        assert!(
            summary.starts_with("summary:"),
            "oracle failed: {stdout}{}",
            String::from_utf8_lossy(&result.stderr)
        );
        assert!(
            summary.contains(" diff=0 ") && summary.contains(" out-invalid=0 "),
            "{part}:\n{stdout}"
        );
        summaries.push(summary);
    }
    assert_eq!(summaries.len(), 3);
}

pub fn trials() -> Vec<Trial> {
    vec![common::trial(
        "formatted_corpus_means_the_same_to_buildkit",
        &[Need::Corpus, Need::Oracle],
        formatted_corpus_means_the_same_to_buildkit,
    )]
}
