//! Diagnostic latency of `dockfix server` per edit: 10,000 random edits of the largest file
//! of `../shared/corpus/real`, each sent as an incremental `didChange`; the time from
//! sending it to receiving the diagnostics of that version (the whole round trip an editor
//! sees: JSON-RPC both ways, applying the change, configuration lookup, parse, every rule).
//! The document is kept near its size (edits delete when it has grown by a tenth). Prints
//! the median, 90th and 99th percentiles and the worst. Fails if the server crashes
//! or skips a version. `cargo bench --bench lsp_latency` (`DOCKFIX_SEED` for other edits).

#[path = "../tests/lsp_client/mod.rs"]
mod lsp_client;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_client::random_edits::{Rng, random_edit_near};
use lsp_client::{Client, file_uri, position};
use serde_json::json;

const EDITS: usize = 10_000;

fn largest_corpus_file() -> Option<PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    let mut largest: Option<(u64, PathBuf)> = None;
    let mut stack = vec![corpus];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let size = entry.metadata().map_or(0, |m| m.len());
            if largest.as_ref().is_none_or(|(best, _)| size > *best) {
                largest = Some((size, path));
            }
        }
    }
    largest.map(|(_, path)| path)
}

fn main() {
    // `cargo test --benches` runs benches with `--bench`-less arguments: only measure when asked.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let Some(file) = largest_corpus_file() else {
        eprintln!("notice: ../shared/corpus/real is absent; lsp_latency skipped");
        return;
    };
    let mut text = std::fs::read_to_string(&file).expect("the corpus file");
    let workspace = tempfile::tempdir().expect("a folder");
    // A file in a folder of its own: the configuration lookup happens as in an editor.
    let path = workspace.path().join("Dockerfile");
    std::fs::write(&path, &text).expect("written");
    let uri = file_uri(&path);
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_dockfix"));
    let mut client = Client::start(&binary, workspace.path());
    client.initialize(workspace.path(), json!({}));
    let opened = Instant::now();
    client.open(&uri, &text, 0);
    client.diagnostics(&uri, Some(0));
    let open_time = opened.elapsed();

    let mut rng = Rng::from_env(0x1A7E_5C1E);
    let size = text.len();
    let mut latencies: Vec<Duration> = Vec::with_capacity(EDITS);
    let mut sizes = (usize::MAX, 0);
    for version in 1..=EDITS as i64 {
        let (range, new_text) = random_edit_near(&mut rng, &text, size);
        let change = json!({
            "range": {"start": position(&text, range.start), "end": position(&text, range.end)},
            "text": new_text,
        });
        text.replace_range(range, &new_text);
        sizes = (sizes.0.min(text.len()), sizes.1.max(text.len()));
        let sent = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        client.diagnostics(&uri, Some(version));
        latencies.push(sent.elapsed());
    }
    assert!(
        client.shutdown().success(),
        "the server did not exit cleanly"
    );

    latencies.sort();
    let at = |fraction: f64| latencies[((latencies.len() - 1) as f64 * fraction) as usize];
    let mean = latencies.iter().sum::<Duration>() / latencies.len() as u32;
    println!(
        "lsp_latency: {} ({} bytes; {}-{} bytes while edited), {EDITS} random edits",
        file.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
            .unwrap_or(&file)
            .display(),
        std::fs::metadata(&file).map_or(0, |m| m.len()),
        sizes.0,
        sizes.1,
    );
    println!(
        "  per edit: median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, worst {:.2} ms, mean {:.2} ms; open {:.2} ms",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(0.99)),
        ms(latencies[latencies.len() - 1]),
        ms(mean),
        ms(open_time),
    );
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
