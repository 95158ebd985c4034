//! The output formats on a fixed set of reports: golden snapshots (`snapshots/output/`,
//! regenerate with `INSTA_UPDATE=always` or `cargo insta review`), SARIF against the
//! official schema, XML well-formedness, and the same bytes for the same input.

use std::path::{Path, PathBuf};

use dockfix::diagnostic::{Diagnostic, Edit, Fix, Severity};
use dockfix::output::{OutputFormat, OutputOptions, statistics, write, write_statistics};
use dockfix::report::{FileReport, Finding};
use dockfix::syntax::LineIndex;

const ALL: [OutputFormat; 9] = [
    OutputFormat::Text,
    OutputFormat::Concise,
    OutputFormat::Json,
    OutputFormat::JsonLines,
    OutputFormat::Sarif,
    OutputFormat::Github,
    OutputFormat::Gitlab,
    OutputFormat::Checkstyle,
    OutputFormat::Junit,
];

/// A diagnostic of a registered rule over `text` (the first occurrence in `source`),
/// with the rule's code, name and severity unless `severity` says otherwise.
fn diagnostic(
    source: &str,
    code: &str,
    text: &str,
    message: &str,
    severity: Option<Severity>,
    fix: Option<Fix>,
) -> Diagnostic {
    let rule = dockfix::passes::find(code).expect("a registered rule");
    let info = rule.info();
    let start = source.find(text).expect("text in source");
    Diagnostic {
        code: info.code,
        name: info.name,
        severity: severity.unwrap_or(info.severity),
        message: message.to_string(),
        range: start..start + text.len(),
        fix,
    }
}

fn report(path: &str, source: &str, diagnostics: &[Diagnostic]) -> FileReport {
    let lines = LineIndex::new(source);
    FileReport {
        path: PathBuf::from(path),
        findings: diagnostics
            .iter()
            .map(|d| Finding::new(d, source, &lines))
            .collect(),
        ..FileReport::default()
    }
}

/// Clean, odd characters, a safe and an unsafe fix, a file that did not parse, and the
/// same finding twice (sorted by path, as the command line gives them).
fn reports() -> Vec<FileReport> {
    let clean = report("clean/Dockerfile", "FROM scratch\n", &[]);

    let legacy_source =
        "FROM alpine\n\tRUN é echo \"100%, done: <ok> & 'x'\"\nADD https://example.com/a.tgz /a\n";
    let url = legacy_source.find("https").expect("URL");
    let legacy = report(
        "legacy dir/Dockerfile",
        legacy_source,
        &[
            diagnostic(
                legacy_source,
                "DF104",
                "echo \"100%, done: <ok> & 'x'\"",
                "Quote \"&&\" <here>: 100%, a,b\r\nsecond line",
                Some(Severity::Error),
                None,
            ),
            diagnostic(
                legacy_source,
                "DF402",
                "ADD https://example.com/a.tgz /a",
                "ADD of a remote URL without a checksum",
                None,
                Some(Fix::new(
                    dockfix::diagnostic::Applicability::DisplayOnly,
                    "Pin the download with --checksum",
                    vec![Edit::insert(url, "--checksum=sha256:<digest> ")],
                )),
            ),
        ],
    );

    let api_source =
        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nCMD node server.js\n";
    let api = report(
        "services/api/Dockerfile",
        api_source,
        &[
            diagnostic(
                api_source,
                "DF101",
                "RUN apt-get update\nRUN apt-get install -y curl",
                "Consecutive RUN instructions make a layer each",
                None,
                Some(Fix::safe(
                    "Merge into one RUN",
                    vec![Edit::replace(
                        15..61,
                        "RUN apt-get update \\\n    && apt-get install -y curl",
                    )],
                )),
            ),
            diagnostic(
                api_source,
                "DF301",
                "node server.js",
                "CMD in shell form runs under /bin/sh -c",
                None,
                Some(Fix::unsafe_(
                    "Use the exec form",
                    vec![Edit::replace(66..80, "[\"node\", \"server.js\"]")],
                )),
            ),
        ],
    );

    let web_source = "FROM a\nADD https://x/y /y\nADD https://x/y /y\n";
    let first = web_source.find("ADD").expect("ADD");
    let second = web_source.rfind("ADD").expect("ADD");
    let add = |start: usize| Diagnostic {
        range: start..start + 18,
        ..diagnostic(web_source, "DF402", "ADD", "ADD of a URL", None, None)
    };
    let web = report(
        "services/web/Dockerfile",
        web_source,
        &[add(first), add(second)],
    );

    let broken = FileReport {
        path: PathBuf::from("z/broken/Dockerfile"),
        error: Some("z/broken/Dockerfile:2:1: unterminated heredoc".to_string()),
        ..FileReport::default()
    };
    vec![clean, legacy, api, web, broken]
}

fn render(format: OutputFormat, options: &OutputOptions) -> String {
    let mut out = Vec::new();
    write(&mut out, format, &reports(), options).expect("writing to memory");
    String::from_utf8(out).expect("UTF-8 output")
}

fn snapshot(name: &str, output: &str) {
    insta::with_settings!({
        snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/output"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, output);
    });
}

#[test]
fn text_snapshot() {
    snapshot(
        "text",
        &render(OutputFormat::Text, &OutputOptions::default()),
    );
}

#[test]
fn text_with_fixes_snapshot() {
    let options = OutputOptions {
        show_fixes: true,
        ..OutputOptions::default()
    };
    snapshot("text_show_fixes", &render(OutputFormat::Text, &options));
}

#[test]
fn concise_snapshot() {
    snapshot(
        "concise",
        &render(OutputFormat::Concise, &OutputOptions::default()),
    );
}

#[test]
fn json_snapshot() {
    snapshot(
        "json",
        &render(OutputFormat::Json, &OutputOptions::default()),
    );
}

#[test]
fn json_lines_snapshot() {
    snapshot(
        "json_lines",
        &render(OutputFormat::JsonLines, &OutputOptions::default()),
    );
}

/// The SARIF log without what changes with every rule and release (the rule list, its
/// indices and the version); `sarif_has_what_github_code_scanning_reads` checks those.
#[test]
fn sarif_snapshot() {
    let mut log: serde_json::Value =
        serde_json::from_str(&render(OutputFormat::Sarif, &OutputOptions::default()))
            .expect("JSON");
    let run = &mut log["runs"][0];
    run["tool"]["driver"]["rules"] = "[every rule]".into();
    run["tool"]["driver"]["version"] = "[version]".into();
    for result in run["results"].as_array_mut().expect("results") {
        result["ruleIndex"] = "[index]".into();
    }
    snapshot("sarif", &serde_json::to_string_pretty(&log).expect("JSON"));
}

#[test]
fn github_snapshot() {
    snapshot(
        "github",
        &render(OutputFormat::Github, &OutputOptions::default()),
    );
}

#[test]
fn gitlab_snapshot() {
    snapshot(
        "gitlab",
        &render(OutputFormat::Gitlab, &OutputOptions::default()),
    );
}

#[test]
fn checkstyle_snapshot() {
    snapshot(
        "checkstyle",
        &render(OutputFormat::Checkstyle, &OutputOptions::default()),
    );
}

#[test]
fn junit_snapshot() {
    snapshot(
        "junit",
        &render(OutputFormat::Junit, &OutputOptions::default()),
    );
}

#[test]
fn statistics_snapshots() {
    let mut table = Vec::new();
    write_statistics(&mut table, OutputFormat::Text, &reports()).expect("write");
    snapshot("statistics", &String::from_utf8(table).expect("UTF-8"));
    let mut json = Vec::new();
    write_statistics(&mut json, OutputFormat::Json, &reports()).expect("write");
    snapshot("statistics_json", &String::from_utf8(json).expect("UTF-8"));
}

#[test]
fn statistics_count_fixes_by_applicability() {
    let rows = statistics(&reports());
    let codes: Vec<(&str, usize, usize, usize)> = rows
        .iter()
        .map(|r| (r.code, r.count, r.fixable, r.unsafe_fixable))
        .collect();
    assert_eq!(
        codes,
        [
            ("DF402", 3, 0, 0),
            ("DF101", 1, 1, 0),
            ("DF104", 1, 0, 0),
            ("DF301", 1, 0, 1)
        ]
    );
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../data/sarif-schema-2.1.0.json")).expect("schema");
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let empty = {
        let mut out = Vec::new();
        write(
            &mut out,
            OutputFormat::Sarif,
            &[],
            &OutputOptions::default(),
        )
        .expect("write");
        String::from_utf8(out).expect("UTF-8")
    };
    for output in [
        render(OutputFormat::Sarif, &OutputOptions::default()),
        empty,
    ] {
        let log: serde_json::Value = serde_json::from_str(&output).expect("JSON");
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The validator does reject what GitHub would: a line 0 and an unknown property.
    let mut broken: serde_json::Value =
        serde_json::from_str(&render(OutputFormat::Sarif, &OutputOptions::default()))
            .expect("JSON");
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    broken["runs"][0]["results"][1]["severity"] = "high".into();
    assert_eq!(validator.iter_errors(&broken).count(), 2);
}

#[test]
fn sarif_has_what_github_code_scanning_reads() {
    let log: serde_json::Value =
        serde_json::from_str(&render(OutputFormat::Sarif, &OutputOptions::default()))
            .expect("JSON");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "dockfix");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), dockfix::passes::RULES.len());
    for (rule, registered) in rules.iter().zip(dockfix::passes::RULES) {
        let info = registered.info();
        assert_eq!(rule["id"], info.code);
        assert_eq!(rule["name"], info.name);
        assert_eq!(rule["shortDescription"]["text"], info.summary());
        let full = rule["fullDescription"]["text"].as_str().expect("text");
        assert!(full.contains("## What it does"), "{}", info.code);
        assert!(rule["defaultConfiguration"]["level"].is_string());
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 6);
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(!uri.contains('\\') && !uri.starts_with('/'), "{uri}");
        assert!(location["region"]["startLine"].as_u64() >= Some(1));
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn xml_formats_are_well_formed() {
    for format in [OutputFormat::Checkstyle, OutputFormat::Junit] {
        let xml = render(format, &OutputOptions::default());
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut depth = 0_i32;
        let mut elements = 0;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(element)) => {
                    depth += 1;
                    elements += 1;
                    check_attributes(&element);
                }
                Ok(quick_xml::events::Event::Empty(element)) => {
                    elements += 1;
                    check_attributes(&element);
                }
                Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                Ok(quick_xml::events::Event::GeneralRef(reference)) => {
                    let known = reference.is_char_ref()
                        || ["amp", "lt", "gt", "quot", "apos"]
                            .contains(&reference.into_inner().as_ref());
                    assert!(known, "{format}: unknown entity");
                }
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(error) => panic!(
                    "{format}: not well-formed at {}: {error}\n{xml}",
                    reader.buffer_position()
                ),
            }
        }
        assert_eq!(depth, 0, "{format}: unbalanced");
        assert!(elements > 3, "{format}");
    }
}

fn check_attributes(element: &quick_xml::events::BytesStart<'_>) {
    for attribute in element.attributes() {
        let attribute = attribute.expect("a well-formed attribute");
        attribute
            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
            .expect("an attribute value that unescapes");
    }
}

#[test]
fn json_formats_parse_and_agree() {
    let json: serde_json::Value =
        serde_json::from_str(&render(OutputFormat::Json, &OutputOptions::default())).expect("JSON");
    let lines: Vec<serde_json::Value> = render(OutputFormat::JsonLines, &OutputOptions::default())
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(json.as_array().expect("array"), &lines);
    let gitlab: serde_json::Value =
        serde_json::from_str(&render(OutputFormat::Gitlab, &OutputOptions::default()))
            .expect("JSON");
    let fingerprints: std::collections::HashSet<&str> = gitlab
        .as_array()
        .expect("array")
        .iter()
        .map(|issue| issue["fingerprint"].as_str().expect("fingerprint"))
        .collect();
    assert_eq!(
        fingerprints.len(),
        6,
        "the same finding twice still differs"
    );
}

#[test]
fn same_input_gives_the_same_bytes() {
    for format in ALL {
        for show_fixes in [false, true] {
            let options = OutputOptions {
                color: false,
                show_fixes,
            };
            assert_eq!(
                render(format, &options),
                render(format, &options),
                "{format}"
            );
        }
    }
}

#[test]
fn colour_only_when_asked() {
    let plain = render(OutputFormat::Text, &OutputOptions::default());
    assert!(!plain.contains('\u{1b}'));
    let colored = render(
        OutputFormat::Text,
        &OutputOptions {
            color: true,
            show_fixes: false,
        },
    );
    assert!(colored.contains("\u{1b}["));
    assert_eq!(strip_ansi(&colored), plain);
    for format in ALL
        .into_iter()
        .filter(|f| !matches!(f, OutputFormat::Text | OutputFormat::Concise))
    {
        let options = OutputOptions {
            color: true,
            show_fixes: true,
        };
        assert!(!render(format, &options).contains('\u{1b}'), "{format}");
    }
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn formats_parse_by_name() {
    for format in ALL {
        let name = format.to_string();
        assert_eq!(name.parse::<OutputFormat>(), Ok(format));
        let value = <OutputFormat as clap::ValueEnum>::from_str(&name, false);
        assert_eq!(value, Ok(format));
    }
    assert!("xml".parse::<OutputFormat>().is_err());
    assert_eq!(
        "JSON-Lines".parse::<OutputFormat>(),
        Ok(OutputFormat::JsonLines)
    );
}

#[test]
fn nothing_to_report_is_still_valid_output() {
    let clean = vec![report("Dockerfile", "FROM scratch\n", &[])];
    for format in ALL {
        let mut out = Vec::new();
        write(&mut out, format, &clean, &OutputOptions::default()).expect("write");
        let text = String::from_utf8(out).expect("UTF-8");
        match format {
            OutputFormat::Json | OutputFormat::Gitlab => assert_eq!(text, "[]\n"),
            OutputFormat::Text
            | OutputFormat::Concise
            | OutputFormat::JsonLines
            | OutputFormat::Github => assert_eq!(text, ""),
            _ => assert!(!text.is_empty()),
        }
    }
}
