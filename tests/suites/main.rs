//! The test suites whose cases are made at run time (one per rule, from the registry) or
//! need something from outside the project (`../shared/corpus`, the oracle): run with
//! libtest-mimic (`harness = false`) so that a missing need is listed as ignored, with
//! what it needs, instead of passing silently. One binary for all of them, to build once.

#[path = "../common/mod.rs"]
mod common;
#[path = "../lsp_client/mod.rs"]
mod lsp_client;

mod buildkit_conformance;
mod corpus_fixes;
mod corpus_properties;
mod lsp_edits;
mod oracle_format;
mod oracle_parse;
mod rule_snapshots;

fn main() {
    let trials = [
        buildkit_conformance::trials(),
        corpus_fixes::trials(),
        corpus_properties::trials(),
        lsp_edits::trials(),
        oracle_format::trials(),
        oracle_parse::trials(),
        rule_snapshots::trials(),
    ]
    .into_iter()
    .flatten()
    .collect();
    common::run(trials);
}
