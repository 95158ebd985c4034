//! Parse and format throughput per core, in bytes of Dockerfile per second.
//!
//!     cargo bench --bench throughput               # every group
//!     cargo bench --bench throughput -- corpus     # only ../shared/corpus/real
//!
//! Groups: `corpus` (every file of `../shared/corpus/real`, skipped with a notice when the
//! corpus is absent) and `shipped` (the project's own Dockerfiles: `examples/` and the
//! inputs of the formatter specs in `snapshots/format/`). One iteration handles every file
//! of the group once, on one thread; files are read before measuring, so no I/O is timed.
//!
//! Benchmarks in each group:
//! - `syntax`: the lossless tree only (`syntax::parse`: grammar, tokens, heredocs);
//! - `parse`: the whole parse (`Dockerfile::parse`: the tree plus BuildKit's view of each
//!   instruction), what every command starts with;
//! - `parse+format`: `Dockerfile::parse` then `format::format`, what `dockfix fmt` does
//!   per file;
//! - `parse+check`: `Dockerfile::parse` then every rule (`fix::check`), what `dockfix check`
//!   does per file;
//! - `fix`: the whole fix loop with every rule's safe fixes (`fix::fix`), what `dockfix fix`
//!   does per file (no build context).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dockfix::engine::{check, fix};
use dockfix::format::{FormatOptions, format};
use dockfix::model::Dockerfile;
use dockfix::settings::Settings;

// The allocator of the `dockfix` binary (src/main.rs), so that the figures are the CLI's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file below `dir` that `keep` accepts, sorted.
fn files_below(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
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
            } else if keep(&path) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The UTF-8 files among `paths` (BuildKit and dockfix reject the others before parsing).
fn read_texts(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect()
}

/// The corpus of real Dockerfiles, or `None` with a printed notice.
fn corpus() -> Option<Vec<String>> {
    let dir = root().join("../shared/corpus/real");
    if !dir.is_dir() {
        eprintln!("notice: ../shared/corpus is absent; the corpus benchmarks are skipped");
        return None;
    }
    Some(read_texts(&files_below(&dir, &|_| true)))
}

/// The Dockerfiles that ship with the project: `examples/` and the spec inputs.
fn shipped() -> Vec<String> {
    let is_dockerfile = |path: &Path| {
        path.file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.to_ascii_lowercase().contains("dockerfile"))
    };
    let mut texts = read_texts(&files_below(&root().join("examples"), &is_dockerfile));
    let is_spec = |path: &Path| path.extension().is_some_and(|ext| ext == "spec");
    for spec in read_texts(&files_below(&root().join("snapshots/format"), &is_spec)) {
        texts.extend(spec_inputs(&spec));
    }
    texts
}

/// The inputs of a spec file's cases: between the `== title ==` line and `[expect]` or
/// `[error]` (see tests/integration/format_specs.rs; markers such as `<CR>` are left as text).
fn spec_inputs(spec: &str) -> Vec<String> {
    spec.split("\n== ")
        .filter_map(|case| {
            let (_, body) = case.split_once('\n')?;
            let input = body
                .split_once("[expect]\n")
                .or_else(|| body.split_once("[error]\n"))?
                .0;
            Some(input.to_string())
        })
        .collect()
}

fn group(c: &mut Criterion, name: &str, texts: &[String]) {
    let bytes: usize = texts.iter().map(String::len).sum();
    eprintln!("{name}: {} files, {bytes} bytes", texts.len());
    let options = FormatOptions::default();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("syntax", |b| {
        b.iter(|| {
            for text in texts {
                black_box(dockfix::syntax::parse(black_box(text)));
            }
        })
    });
    group.bench_function("parse", |b| {
        b.iter(|| {
            for text in texts {
                black_box(Dockerfile::parse(black_box(text)));
            }
        })
    });
    group.bench_function("parse+format", |b| {
        b.iter(|| {
            for text in texts {
                let dockerfile = Dockerfile::parse(black_box(text));
                let _ = black_box(format(&dockerfile, &options));
            }
        })
    });
    let settings = Settings::default();
    group.bench_function("parse+check", |b| {
        b.iter(|| {
            for text in texts {
                let dockerfile = Dockerfile::parse(black_box(text));
                black_box(check(&dockerfile, &settings, None));
            }
        })
    });
    group.bench_function("fix", |b| {
        b.iter(|| {
            for text in texts {
                let _ = black_box(fix(black_box(text), &settings, None));
            }
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    if let Some(texts) = corpus() {
        group(c, "corpus", &texts);
    }
    group(c, "shipped", &shipped());
}

criterion_group!(throughput, benches);
criterion_main!(throughput);
