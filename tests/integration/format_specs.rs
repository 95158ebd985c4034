//! Formatter specs: `snapshots/format/*.spec`, many small input -> output cases.
//!
//! A spec file holds cases:
//!
//! ```text
//! == what the case shows ==            (options may follow: == title == indent=tab)
//! input lines
//! [expect]
//! expected output lines
//! ```
//!
//! `[error]` instead of `[expect]` gives the expected error (`line:col: message`). Markers:
//! `<CR>` is a carriage return, `<BOM>` a byte-order mark, `<EOF>` ends the text there (no
//! final newline). Every case is also checked for invariants: formatting the output again
//! changes nothing, and the output means the same to BuildKit as the input.
//!
//! `DOCKFIX_BLESS=1 cargo test --test format_specs` rewrites the expected outputs; review
//! the diff like code.

use std::path::Path;

use dockfix::format::{FormatOptions, Indent, OperatorPosition, format};
use dockfix::model::{Dockerfile, meaning};

struct Case {
    title: String,
    options_text: String,
    input: String,
    expected: String,
    expects_error: bool,
}

fn decode(text: &str) -> String {
    let text = match text.find("<EOF>") {
        Some(end) => &text[..end],
        None => text,
    };
    text.replace("<CR>", "\r").replace("<BOM>", "\u{FEFF}")
}

fn encode(text: &str) -> String {
    let mut out = text.replace('\r', "<CR>").replace('\u{FEFF}', "<BOM>");
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str("<EOF>\n");
    }
    out
}

fn parse_spec(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for chunk in text
        .split("\n== ")
        .map(|c| c.strip_prefix("== ").unwrap_or(c))
    {
        let Some((header, body)) = chunk.split_once('\n') else {
            continue;
        };
        let Some((title, options_text)) = header.split_once(" ==") else {
            continue;
        };
        let (input, expected, expects_error) = match body.split_once("[expect]\n") {
            Some((input, expected)) => (input, expected, false),
            None => match body.split_once("[error]\n") {
                Some((input, expected)) => (input, expected, true),
                None => panic!("case {title:?} has no [expect] or [error] section"),
            },
        };
        cases.push(Case {
            title: title.to_string(),
            options_text: options_text.trim().to_string(),
            input: input.to_string(),
            expected: expected.to_string(),
            expects_error,
        });
    }
    cases
}

fn options(text: &str) -> FormatOptions {
    let mut options = FormatOptions::default();
    for setting in text.split_whitespace() {
        match setting.split_once('=') {
            Some(("indent", "tab")) => options.indent = Indent::Tab,
            Some(("indent", n)) => options.indent = Indent::Spaces(n.parse().unwrap()),
            Some(("operator-position", "end")) => options.operator_position = OperatorPosition::End,
            Some(("operator-position", "preserve")) => {
                options.operator_position = OperatorPosition::Preserve
            }
            Some(("operator-position", "start")) => {
                options.operator_position = OperatorPosition::Start
            }
            _ => panic!("unknown spec option {setting:?}"),
        }
    }
    options
}

/// The output of a case as it is written in the spec (encoded), whether it is an error,
/// and the invariants it breaks.
fn run_case(case: &Case) -> (String, bool, Vec<String>) {
    let input = decode(&case.input);
    let options = options(&case.options_text);
    let dockerfile = Dockerfile::parse(&input);
    assert_eq!(dockerfile.tree.to_source(), input, "round trip");
    match format(&dockerfile, &options) {
        Err(error) => (
            format!(
                "{}: {}\n",
                dockerfile.tree.line_col(error.range.start),
                error.message
            ),
            true,
            Vec::new(),
        ),
        Ok(formatted) => {
            let output = formatted.unwrap_or_else(|| input.clone());
            let mut problems = Vec::new();
            let reparsed = Dockerfile::parse(&output);
            if !reparsed.errors().is_empty() && dockerfile.errors().is_empty() {
                problems.push(format!("output has errors: {:?}", reparsed.errors()));
            }
            match format(&reparsed, &options) {
                Ok(None) => {}
                Ok(Some(again)) => problems.push(format!("not idempotent, second pass:\n{again}")),
                Err(error) => problems.push(format!("output does not format: {error}")),
            }
            if let Err(difference) = meaning::compare(&dockerfile, &reparsed) {
                problems.push(format!("meaning changed: {difference}"));
            }
            (encode(&output), false, problems)
        }
    }
}

#[test]
fn formatter_specs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/format");
    let bless = std::env::var_os("DOCKFIX_BLESS").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    let (mut total, mut failures) = (0, Vec::new());
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "spec"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        let cases = parse_spec(&text);
        let mut blessed = String::new();
        for case in &cases {
            total += 1;
            let (actual, is_error, mut problems) = run_case(case);
            let name = format!(
                "{}: {}",
                path.file_name().unwrap().to_string_lossy(),
                case.title
            );
            if is_error != case.expects_error && !bless {
                problems.push(format!(
                    "expected {}",
                    if case.expects_error {
                        "an error"
                    } else {
                        "no error"
                    }
                ));
            }
            if actual != case.expected && !bless {
                failures.push(format!(
                    "{name}\n--- expected\n{}--- actual\n{actual}",
                    case.expected
                ));
            }
            for problem in problems {
                failures.push(format!("{name}: {problem}"));
            }
            let section = if is_error { "[error]" } else { "[expect]" };
            let header = if case.options_text.is_empty() {
                String::new()
            } else {
                format!(" {}", case.options_text)
            };
            blessed.push_str(&format!(
                "== {} =={header}\n{}{section}\n{actual}\n",
                case.title, case.input
            ));
        }
        if bless {
            std::fs::write(path, blessed.trim_end().to_string() + "\n").unwrap();
        }
    }
    println!(
        "formatter specs: {} of {total} cases pass",
        total - failures.len()
    );
    assert!(total > 0, "no spec cases found in {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
