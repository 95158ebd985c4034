//! Properties over every file of the shared corpus: the CST round-trips byte for byte,
//! formatting is idempotent and keeps the meaning (in-process check), and formatted output
//! parses without new errors.

use crate::common;
use libtest_mimic::Trial;

use common::Need;

use dockfix::format::{FormatOptions, format};
use dockfix::model::{Dockerfile, meaning};

fn corpus_round_trip_idempotence_and_meaning() {
    let corpus = common::corpus();
    let files = common::corpus_dockerfiles(&corpus);
    let options = FormatOptions::default();
    let (mut round_trip, mut formatted, mut idempotent, mut same_meaning, mut refused) =
        (0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        let dockerfile = Dockerfile::parse(&source);
        if dockerfile.tree.to_source() == source {
            round_trip += 1;
        } else {
            failures.push(format!("{}: round trip", path.display()));
        }
        let output = match format(&dockerfile, &options) {
            Ok(output) => output.unwrap_or_else(|| source.clone()),
            Err(_) => {
                refused += 1;
                continue;
            }
        };
        formatted += 1;
        let reparsed = Dockerfile::parse(&output);
        match format(&reparsed, &options) {
            Ok(None) => idempotent += 1,
            Ok(Some(_)) => failures.push(format!(
                "{}: formatting twice changes it again",
                path.display()
            )),
            Err(error) => failures.push(format!(
                "{}: output does not parse: {error}",
                path.display()
            )),
        }
        if common::comments(&dockerfile) != common::comments(&reparsed) {
            failures.push(format!("{}: a comment was lost or changed", path.display()));
        }
        match meaning::compare(&dockerfile, &reparsed) {
            Ok(()) => same_meaning += 1,
            Err(difference) => {
                failures.push(format!("{}: meaning changed: {difference}", path.display()))
            }
        }
    }
    println!(
        "corpus: {} files; round trip {round_trip}/{}; formatted {formatted} (refused with a syntax error: {refused}); idempotent {idempotent}/{formatted}; same meaning {same_meaning}/{formatted}",
        files.len(),
        files.len()
    );
    assert!(
        files.len() > 1900,
        "the corpus looks incomplete: {} files",
        files.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

pub fn trials() -> Vec<Trial> {
    vec![common::trial(
        "corpus_round_trip_idempotence_and_meaning",
        &[Need::Corpus],
        corpus_round_trip_idempotence_and_meaning,
    )]
}
