//! Never panic, whatever the input: corpus files and small seeds mutated at random (a fixed
//! seed, so failures reproduce) go through parse, fmt and fix. Round trip must hold for all
//! of them; formatting must stay idempotent and keep the meaning; fixing must not fail on a
//! file it can read, and its output must parse.

use crate::common;
use crate::lsp_client::random_edits::Rng;

use dockfix::engine::fix;
use dockfix::format::{FormatOptions, format};
use dockfix::model::{Dockerfile, meaning};
use dockfix::settings::Settings;

/// Fragments that matter to the grammar, the shell scanner and the passes.
const PIECES: [&str; 32] = [
    "\\",
    "\\\n",
    "`",
    "\"",
    "'",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "#",
    "# escape=`\n",
    "<<EOF\n",
    "EOF\n",
    "<<-",
    "$",
    "${",
    "$(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "&&",
    "||",
    ";",
    "&",
    "|",
    "é",
    "\u{FEFF}",
    "RUN ",
    "--mount=type=cache,target=/x ",
];

const SEEDS: [&str; 6] = [
    "FROM alpine\nRUN apt-get update\nRUN apt-get install -y curl\nCMD node server.js\n",
    "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nADD a.tgz /x\n",
    "# syntax=docker/dockerfile:1\nFROM a AS b\nRUN <<EOF bash\necho hi\nEOF\nENV A=1 B=\"2 3\"\n",
    "FROM a\nRUN echo \"a \\\n  b\" && \\\n    # c\n    echo d\nCMD [\"x\", \"y\"]\n",
    "FROM python:3.12\nRUN pip install -r requirements.txt; apk add git\nENTRYPOINT exec app --flag\n",
    "FROM debian\nSHELL [\"/bin/bash\", \"-c\"]\nRUN cd /x && make\nRUN make install || true\nONBUILD CMD x y\n",
];

fn mutate(text: &str, random: &mut Rng) -> String {
    let mut out = text.to_string();
    for _ in 0..1 + random.below(4) {
        let mut at = random.below(out.len() + 1);
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        match random.below(3) {
            0 => out.insert_str(at, PIECES[random.below(PIECES.len())]),
            1 => {
                let mut end = (at + random.below(12)).min(out.len());
                while !out.is_char_boundary(end) {
                    end -= 1;
                }
                out.replace_range(at..end, "");
            }
            _ => {
                let piece = PIECES[random.below(PIECES.len())];
                out.insert_str(at, &piece.repeat(1 + random.below(3)));
            }
        }
    }
    out
}

fn exercise(input: &str, failures: &mut Vec<String>) {
    let dockerfile = Dockerfile::parse(input);
    if dockerfile.tree.to_source() != input {
        failures.push(format!("round trip: {input:?}"));
        return;
    }
    let options = FormatOptions::default();
    if let Ok(Some(formatted)) = format(&dockerfile, &options) {
        let again = Dockerfile::parse(&formatted);
        if !matches!(format(&again, &options), Ok(None)) {
            failures.push(format!("format not idempotent: {input:?}"));
        }
        if let Err(difference) = meaning::compare(&dockerfile, &again) {
            failures.push(format!("format changed meaning ({difference}): {input:?}"));
        }
    }
    for unsafe_fixes in [false, true] {
        let settings = Settings {
            unsafe_fixes,
            ..Settings::default()
        };
        match fix(input, &settings, None) {
            Ok(fixed) => {
                if let Some(text) = fixed.text
                    && Dockerfile::parse(&text)
                        .errors()
                        .iter()
                        .any(|e| e.kind.blocks_rewrite())
                {
                    failures.push(format!("fix output does not parse: {input:?}"));
                }
            }
            Err(dockfix::engine::EngineError::Syntax { .. }) => {}
            Err(error) => failures.push(format!("fix failed ({error}): {input:?}")),
        }
    }
}

#[test]
fn mutated_inputs_never_break_anything() {
    // DOCKFIX_SEED=<n> explores other mutations; the default keeps CI reproducible.
    let mut random = Rng::from_env(0x9E37_79B9_7F4A_7C15);
    let mut failures = Vec::new();
    let mut inputs: Vec<String> = SEEDS.iter().map(|s| s.to_string()).collect();
    // The corpus adds real files to the seeds when it is there (`.ci/run` requires it).
    if let Some(corpus) = common::corpus_if_present() {
        let files = common::corpus_dockerfiles(&corpus);
        for _ in 0..100 {
            let path = &files[random.below(files.len())];
            inputs.push(std::fs::read_to_string(path).unwrap());
        }
    }
    let mut runs = 0;
    for input in &inputs {
        exercise(input, &mut failures);
        for _ in 0..30 {
            exercise(&mutate(input, &mut random), &mut failures);
            runs += 1;
        }
    }
    println!("robustness: {runs} mutated inputs");
    // DOCKFIX_DUMP=<dir> writes the failing inputs there, to reproduce them with the CLI.
    if let Some(dir) = std::env::var_os("DOCKFIX_DUMP") {
        for (index, failure) in failures.iter().enumerate() {
            let _ = std::fs::write(
                std::path::Path::new(&dir).join(format!("failure-{index}.txt")),
                failure,
            );
        }
    }
    failures.truncate(20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
