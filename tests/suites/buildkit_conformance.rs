//! The semantic view against BuildKit's own parser fixtures.

use crate::common;
use libtest_mimic::Trial;

use common::Need;

use dockfix::model::{Dockerfile, view};

fn every_buildkit_fixture_parses_as_buildkit_expects() {
    let corpus = common::corpus();
    let mut cases = std::fs::read_dir(corpus.join("buildkit/testfiles"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect::<Vec<_>>();
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        let source = std::fs::read_to_string(case.join("Dockerfile")).unwrap();
        let expected = std::fs::read_to_string(case.join("result")).unwrap();
        let dockerfile = Dockerfile::parse(&source);
        let actual = view::dump(&dockerfile);
        if actual.trim_end() != expected.trim_end() || !dockerfile.errors().is_empty() {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}errors: {:?}",
                case.display(),
                dockerfile.errors()
            ));
        }
    }
    println!(
        "buildkit fixtures: {} of {} match",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn every_negative_buildkit_fixture_is_an_error() {
    let corpus = common::corpus();
    for case in std::fs::read_dir(corpus.join("buildkit/testfiles-negative"))
        .unwrap()
        .flatten()
    {
        let source = std::fs::read_to_string(case.path().join("Dockerfile")).unwrap();
        let dockerfile = Dockerfile::parse(&source);
        assert!(
            !dockerfile.errors().is_empty(),
            "{} parsed without error",
            case.path().display()
        );
    }
}

/// Keywords BuildKit lower-cases with Go's simple Unicode mapping: U+0130 is an `i` and the
/// Kelvin sign U+212A a `k` (project issue 16).
const FOLDED_KEYWORDS: &str = "FROM a\nENTRYPO\u{130}NT [\"x\"]\nWOR\u{212A}DIR /x\n\
    ONBU\u{130}LD COPY <<EOF /x\nhello\nEOF\nHEALTHCHEC\u{212A} NONE\nCMD echo hi\n";

fn keywords_fold_as_buildkit_folds_them() {
    let dockerfile = Dockerfile::parse(FOLDED_KEYWORDS);
    assert!(dockerfile.errors().is_empty(), "{:?}", dockerfile.errors());
    assert_eq!(
        view::dump(&dockerfile),
        "(from \"a\")\n(entrypoint \"x\")\n(workdir \"/x\")\n(onbuild (copy \"<<EOF\" \"/x\"))\n\
         (healthcheck \"NONE\")\n(cmd \"echo hi\")\n"
    );
    // The heredoc body is the ONBUILD COPY's, not two instructions.
    assert_eq!(dockerfile.instructions[3].heredocs.len(), 1);
}

/// The same file through BuildKit's parser (the oracle): the same instructions on the same
/// lines, ENTRYPOINT in JSON form, the heredoc body taken by ONBUILD.
fn folded_keywords_match_the_oracle() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, FOLDED_KEYWORDS).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracle/parse_view.py");
    let mut child = std::process::Command::new(common::oracle_python())
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{}", path.display()).unwrap();
    let output = child.wait_with_output().unwrap();
    let theirs: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let theirs = theirs["instructions"].as_array().unwrap();
    let dockerfile = Dockerfile::parse(FOLDED_KEYWORDS);
    let ours = view::views(&dockerfile);
    assert_eq!(ours.len(), theirs.len(), "{theirs:?}");
    for (ours, theirs) in ours.iter().zip(theirs) {
        // The script lower-cases with Python (`İ` -> `i̇`); BuildKit's node value is Go's.
        let go_lower = |v: &serde_json::Value| v.as_str().map(|s| s.replace("i\u{307}", "i"));
        assert_eq!(Some(ours.cmd.clone()), go_lower(&theirs["cmd"]), "{theirs}");
        assert_eq!(ours.sub_cmd, go_lower(&theirs["sub_cmd"]), "{theirs}");
        assert_eq!(serde_json::json!(ours.json), theirs["json"], "{theirs}");
        assert_eq!(serde_json::json!(ours.start_line), theirs["start_line"]);
        assert_eq!(serde_json::json!(ours.end_line), theirs["end_line"]);
        assert_eq!(serde_json::json!(ours.value), theirs["value"], "{theirs}");
    }
}

pub fn trials() -> Vec<Trial> {
    vec![
        common::trial(
            "keywords_fold_as_buildkit_folds_them",
            &[],
            keywords_fold_as_buildkit_folds_them,
        ),
        common::trial(
            "folded_keywords_match_the_oracle",
            &[Need::Oracle],
            folded_keywords_match_the_oracle,
        ),
        common::trial(
            "every_buildkit_fixture_parses_as_buildkit_expects",
            &[Need::Corpus],
            every_buildkit_fixture_parses_as_buildkit_expects,
        ),
        common::trial(
            "every_negative_buildkit_fixture_is_an_error",
            &[Need::Corpus],
            every_negative_buildkit_fixture_is_an_error,
        ),
    ]
}
