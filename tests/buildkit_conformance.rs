//! The semantic view against BuildKit's own parser fixtures.

mod common;

use dockfix::model::{Dockerfile, view};

#[test]
fn every_buildkit_fixture_parses_as_buildkit_expects() {
    let Some(corpus) = common::corpus() else {
        return;
    };
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

#[test]
fn every_negative_buildkit_fixture_is_an_error() {
    let Some(corpus) = common::corpus() else {
        return;
    };
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
