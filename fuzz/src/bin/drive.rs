//! The fuzz targets on stable Rust, for a bounded time: random bytes through `arbitrary`
//! (the grammar-aware `Input`), and mutations of the corpus files (the seeds).
//!
//!   cargo run --release --bin drive -- [--seconds 60] [--target parse|fmt|fix]
//!       [--corpus ../../shared/corpus/real] [--seed 0] [--artifacts artifacts]
//!
//! Prints executions and findings per target; each finding is written to the artifacts
//! folder (to become a regression test) and makes the exit status 1.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use arbitrary::{Arbitrary, Unstructured};
use dockfix_fuzz::{Input, TARGETS};

struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

const SNIPPETS: [&str; 20] = [
    "\\\n",
    "\r\n",
    "\n",
    "<<EOF\n",
    "\nEOF\n",
    "${a:-",
    "}",
    "$(",
    ")",
    "\"",
    "'",
    "`",
    "# escape=`\n",
    "ONBUILD ",
    "\u{130}",
    "\u{212A}",
    "&& ",
    "[\"",
    "\"]",
    "\t",
];

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at.min(text.len())
}

fn mutate(seed: &str, other: &str, random: &mut Random) -> String {
    let mut text = seed.to_string();
    for _ in 0..=random.below(4) {
        let at = floor_char_boundary(&text, random.below(text.len() + 1));
        match random.below(5) {
            0 => text.insert_str(at, SNIPPETS[random.below(SNIPPETS.len())]),
            1 => {
                let end = floor_char_boundary(&text, at + random.below(40));
                text.replace_range(at..end.max(at), "");
            }
            2 => {
                let end = floor_char_boundary(&text, at + random.below(80));
                let copy = text[at..end.max(at)].to_string();
                text.insert_str(at, &copy);
            }
            3 => {
                let from = floor_char_boundary(other, random.below(other.len() + 1));
                let to = floor_char_boundary(other, from + random.below(200));
                text.insert_str(at, &other[from..to.max(from)]);
            }
            _ => {
                let unit = SNIPPETS[random.below(SNIPPETS.len())];
                text.insert_str(at, &unit.repeat(random.below(3000)));
            }
        }
    }
    text
}

fn seeds(corpus: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut folders = vec![corpus.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path)
                && text.len() < 64 * 1024
            {
                files.push(text);
            }
        }
    }
    files.sort();
    files
}

struct Options {
    seconds: u64,
    target: Option<String>,
    corpus: PathBuf,
    seed: u64,
    artifacts: PathBuf,
}

fn options() -> Options {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut options = Options {
        seconds: 60,
        target: None,
        corpus: root.join("../../shared/corpus/real"),
        seed: 0,
        artifacts: root.join("artifacts"),
    };
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    for pair in arguments.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--seconds" => options.seconds = value.parse().unwrap_or(60),
            "--target" => options.target = Some(value),
            "--corpus" => options.corpus = PathBuf::from(value),
            "--seed" => options.seed = value.parse().unwrap_or(0),
            "--artifacts" => options.artifacts = PathBuf::from(value),
            other => {
                eprintln!("drive: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    options
}

fn main() {
    let options = options();
    let seeds = seeds(&options.corpus);
    println!(
        "drive: {} seeds from {}, {} s per target, seed {}",
        seeds.len(),
        options.corpus.display(),
        options.seconds,
        options.seed
    );
    // Panics are findings, reported below; keep their messages off the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let mut total_findings = 0;
    for (name, check) in TARGETS {
        if options.target.as_deref().is_some_and(|t| t != name) {
            continue;
        }
        let mut random = Random(options.seed ^ name.len() as u64);
        let deadline = Instant::now() + Duration::from_secs(options.seconds);
        let (mut executions, mut findings) = (0u64, BTreeSet::new());
        let started = Instant::now();
        while Instant::now() < deadline {
            let text = if !seeds.is_empty() && (executions as usize) < seeds.len() {
                seeds[executions as usize].clone()
            } else if !seeds.is_empty() && random.below(2) == 0 {
                let seed = &seeds[random.below(seeds.len())];
                let other = &seeds[random.below(seeds.len())];
                mutate(seed, other, &mut random)
            } else {
                let length = 64 + random.below(4096);
                let bytes = random.bytes(length);
                match Input::arbitrary(&mut Unstructured::new(&bytes)) {
                    Ok(input) => input.text(),
                    Err(_) => continue,
                }
            };
            executions += 1;
            let outcome = std::panic::catch_unwind(|| check(&text))
                .unwrap_or_else(|_| Err(format!("{name}: panic")));
            if let Err(message) = outcome
                && findings.insert(message.clone())
            {
                let _ = std::fs::create_dir_all(&options.artifacts);
                let file = options
                    .artifacts
                    .join(format!("{name}-{}.dockerfile", findings.len()));
                let _ = std::fs::write(&file, &text);
                println!("  finding: {message} ({})", file.display());
            }
        }
        println!(
            "{name}: {executions} executions in {:.0} s, {} findings",
            started.elapsed().as_secs_f64(),
            findings.len()
        );
        total_findings += findings.len();
    }
    std::process::exit(i32::from(total_findings > 0));
}
