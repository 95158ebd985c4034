//! 10,000 random edits of corpus files through `textDocument/didChange`: the server answers
//! every version with diagnostics whose ranges lie in the document, answers code actions,
//! formatting and hover along the way, and never crashes. A fixed seed (`DOCKFIX_SEED` for
//! others). The latency per edit is measured by `benches/lsp_latency.rs`, not here.

use crate::common;
use crate::lsp_client;
use libtest_mimic::Trial;

use common::Need;

use std::path::PathBuf;

use lsp_client::random_edits::{Rng, random_edit};
use lsp_client::{Client, position};
use serde_json::{Value, json};

const EDITS: usize = 10_000;
const FILES: usize = 40;

/// The checks on one published set of diagnostics for `text`.
fn check_diagnostics(diagnostics: &[Value], text: &str, context: &str) {
    let lines = text.split('\n').count() as u64;
    for diagnostic in diagnostics {
        let range = &diagnostic["range"];
        let (start, end) = (&range["start"], &range["end"]);
        let key = |p: &Value| (p["line"].as_u64(), p["character"].as_u64());
        assert!(
            key(start) <= key(end),
            "{context}: reversed range {diagnostic}"
        );
        assert!(
            end["line"].as_u64().is_some_and(|line| line < lines),
            "{context}: range past the end {diagnostic}"
        );
        assert!(diagnostic["message"].is_string(), "{context}: {diagnostic}");
    }
}

fn ten_thousand_random_edits_of_corpus_files() {
    let corpus = common::corpus();
    let mut files = common::dockerfiles(&corpus.join("real"));
    assert!(files.len() >= FILES, "the corpus has {} files", files.len());
    // The largest file, and others spread over the corpus.
    files.sort_by_key(|path| std::cmp::Reverse(std::fs::metadata(path).map_or(0, |m| m.len())));
    let step = files.len() / FILES;
    let chosen: Vec<PathBuf> = (0..FILES).map(|i| files[i * step].clone()).collect();

    let workspace = tempfile::tempdir().expect("a folder");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_dockfix"));
    let mut client = Client::start(&binary, workspace.path());
    client.initialize(workspace.path(), json!({}));
    let mut rng = Rng::from_env(0x5EED_2024);
    let mut edits = 0;
    for (index, file) in chosen.iter().enumerate() {
        let Ok(mut text) = std::fs::read_to_string(file) else {
            continue;
        };
        // Untitled: the corpus's own folders hold no build context to read.
        let uri = format!("untitled:corpus-{index}");
        client.open(&uri, &text, 0);
        client.diagnostics(&uri, Some(0));
        let share = EDITS / FILES;
        for version in 1..=share as i64 {
            let (range, new_text) = random_edit(&mut rng, &text);
            let change = json!({
                "range": {"start": position(&text, range.start), "end": position(&text, range.end)},
                "text": new_text,
            });
            text.replace_range(range, &new_text);
            client.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
            );
            let context = format!("{} after edit {version}", file.display());
            let diagnostics = client.diagnostics(&uri, Some(version));
            check_diagnostics(&diagnostics, &text, &context);
            edits += 1;
            if version % 50 == 0 {
                let whole = json!({"start": {"line": 0, "character": 0}, "end": position(&text, text.len())});
                let actions = client.request(
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}}),
                );
                assert!(actions["result"].is_array(), "{context}: {actions}");
                let formatting = client.request(
                    "textDocument/formatting",
                    json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
                );
                assert!(formatting["result"].is_array(), "{context}: {formatting}");
                let mut offset = rng.below(text.len() + 1);
                while !text.is_char_boundary(offset) {
                    offset -= 1;
                }
                let at = position(&text, offset);
                let hover = client.request(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri}, "position": at}),
                );
                assert!(hover.get("error").is_none(), "{context}: {hover}");
            }
        }
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    assert_eq!(edits, EDITS);
    println!("lsp: {edits} random edits of {FILES} corpus files, every version checked");
    assert!(client.shutdown().success());
}

pub fn trials() -> Vec<Trial> {
    vec![common::trial(
        "ten_thousand_random_edits_of_corpus_files",
        &[Need::Corpus],
        ten_thousand_random_edits_of_corpus_files,
    )]
}
