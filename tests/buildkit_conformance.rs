//! The semantic view against BuildKit's own parser fixtures.

mod common;

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

fn main() {
    common::run(vec![
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
    ]);
}
