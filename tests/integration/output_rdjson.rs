//! `--output-format rdjson` (reviewdog's Diagnostic Format): a reviewed snapshot
//! (`snapshots/output/rdjson.snap`), validity against reviewdog's published JSON schema
//! (`tests/data/reviewdog-DiagnosticResult.json`), and what reviewdog's GitHub reporter needs
//! to post suggestions: byte columns, one suggestion of whole lines per fix, and suggestions
//! that, applied to the file, give what `dockfix fix` gives.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use dockfix::engine::{check, fix};
use dockfix::model::Dockerfile;
use dockfix::output::{OutputFormat, OutputOptions, write};
use dockfix::report::{FileReport, Finding};
use dockfix::settings::Settings;
use serde_json::Value;

/// Files whose findings have a safe fix of several lines, an unsafe one, none, and
/// characters of several bytes before a finding.
const FILES: [(&str, &str); 3] = [
    (
        "services/api/Dockerfile",
        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nCMD node server.js\n",
    ),
    (
        "services/web/Dockerfile",
        "FROM node:20\nLABEL description=\"café ☕\" \\\n      maintainer=\"Zoë\"\nADD ./app /app\nADD https://example.com/tool.tgz /opt/\n",
    ),
    (
        "tools/Dockerfile",
        "FROM alpine:3\nRUN apk add --no-cache git && echo ok\nCOPY . .\n",
    ),
];

fn reports() -> Vec<FileReport> {
    let settings = Settings::default();
    FILES
        .iter()
        .map(|(path, source)| {
            let dockerfile = Dockerfile::parse(source);
            let findings = check(&dockerfile, &settings, None)
                .iter()
                .map(|d| {
                    Finding::new(d, source, &dockerfile.tree.line_index)
                        .with_suggestion(source, &settings.style)
                })
                .collect();
            FileReport {
                path: PathBuf::from(path),
                findings,
                ..FileReport::default()
            }
        })
        .collect()
}

fn rdjson() -> Value {
    let mut out = Vec::new();
    let options = OutputOptions::default();
    write(&mut out, OutputFormat::Rdjson, &reports(), &options).expect("written");
    serde_json::from_slice(&out).expect("JSON")
}

fn schema_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("../data/reviewdog-DiagnosticResult.json"))
            .expect("schema");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

#[test]
fn rdjson_snapshot() {
    let output = serde_json::to_string_pretty(&rdjson()).expect("JSON");
    insta::with_settings!({
        snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/output"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("rdjson", output);
    });
}

#[test]
fn rdjson_is_valid_against_reviewdogs_schema() {
    let validator = schema_validator();
    let output = rdjson();
    let errors: Vec<String> = validator
        .iter_errors(&output)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The schema leaves everything optional and open: it must also reject what is wrong.
    let wrong = serde_json::json!({"diagnostics": [{"message": 3, "severity": "LOUD"}]});
    assert!(!validator.is_valid(&wrong));
    assert!(validator.is_valid(&serde_json::json!({"diagnostics": []})));
}

#[test]
fn columns_count_bytes() {
    let output = rdjson();
    let web = output["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"]["value"] == "DF401")
        .expect("the ADD finding");
    let range = &web["location"]["range"];
    assert_eq!(range["start"], serde_json::json!({"line": 4, "column": 1}));
    assert_eq!(range["end"], serde_json::json!({"line": 4, "column": 4}));
    // A line with é, ☕ and ë: reviewdog counts bytes, LineCol characters.
    let source = "FROM a\nRUN echo é ☕ && apt-get install curl\n";
    let dockerfile = Dockerfile::parse(source);
    let settings = Settings::default();
    let diagnostics = check(&dockerfile, &settings, None);
    let apt = diagnostics
        .iter()
        .find(|d| d.code == "DF103")
        .expect("apt-get without -y");
    let finding = Finding::new(apt, source, &dockerfile.tree.line_index);
    let byte_column = source[..apt.range.start].rsplit('\n').next().map(str::len);
    assert_eq!(Some(finding.start_bytes.col as usize - 1), byte_column);
    assert!(finding.start_bytes.col > finding.start.col);
}

/// Replace lines `start..=end` (1-based) of `source` by `text`.
fn apply_lines(source: &str, start: u64, end: u64, text: &str) -> String {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let mut out: String = lines[..start as usize - 1].concat();
    if !text.is_empty() {
        out.push_str(text);
        out.push('\n');
    }
    out.push_str(&lines[end as usize..].concat());
    out
}

#[test]
fn each_fix_is_one_suggestion_of_whole_lines_that_gives_what_fix_gives() {
    let output = rdjson();
    let settings = Settings::default();
    let mut checked = 0;
    for diagnostic in output["diagnostics"].as_array().expect("diagnostics") {
        let Some(suggestions) = diagnostic["suggestions"].as_array() else {
            continue;
        };
        assert_eq!(suggestions.len(), 1, "{diagnostic}");
        let range = &suggestions[0]["range"];
        assert!(range["start"].get("column").is_none() && range["end"].get("column").is_none());
        let path = diagnostic["location"]["path"].as_str().expect("path");
        let source = FILES
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(_, source)| *source)
            .expect("a file");
        let start = range["start"]["line"].as_u64().expect("line");
        let end = range["end"]["line"].as_u64().expect("line");
        let text = suggestions[0]["text"].as_str().expect("text");
        let accepted = apply_lines(source, start, end, text);
        // Where the file has this one safe finding, accepting it is `dockfix fix`.
        let safe_findings = check(&Dockerfile::parse(source), &settings, None)
            .iter()
            .filter(|d| {
                d.fix.as_ref().map(|f| f.applicability)
                    == Some(dockfix::diagnostic::Applicability::Safe)
            })
            .count();
        if safe_findings == 1
            && !diagnostic["message"]
                .as_str()
                .unwrap_or("")
                .contains("unsafe")
        {
            let fixed = fix(source, &settings, None).expect("fixes").text;
            assert_eq!(Some(accepted.clone()), fixed, "{path}");
            checked += 1;
        }
        assert!(
            !Dockerfile::parse(&accepted)
                .errors()
                .iter()
                .any(|e| e.kind.blocks_rewrite())
        );
    }
    assert!(checked >= 1, "no suggestion compared with dockfix fix");
}

#[test]
fn the_binary_writes_schema_valid_rdjson() {
    let dir = tempfile::tempdir().expect("a folder");
    for (path, source) in FILES {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("created");
        std::fs::write(file, source).expect("written");
    }
    let output = Command::cargo_bin("dockfix")
        .expect("the binary")
        .current_dir(dir.path())
        .args(["check", "--output-format", "rdjson"])
        .output()
        .expect("ran");
    assert_eq!(output.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(schema_validator().is_valid(&value));
    assert_eq!(value, rdjson(), "the binary and the library agree");
}
