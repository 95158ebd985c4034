//! What the command line refuses, what it says and what it keeps quiet about, end to end:
//! combinations that would mix two formats on one stream, standard input with other paths,
//! unbounded thread counts, summaries for pipes, fatal configuration errors, secrets in
//! configuration errors, and output that cannot be written.

use crate::cli_support;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use cli_support::{dockfix, stderr, write};

/// DF401 (safe fix) and DF104 (unsafe fix).
const FIXABLE: &str = "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nADD app.py /app/\n";

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    write(&dir.path().join("Dockerfile"), FIXABLE);
    dir
}

#[test]
fn findings_formats_are_refused_with_a_patch_or_a_file_list() {
    let dir = folder();
    for args in [
        &["fix", "--diff", "--output-format", "json"][..],
        &["fix", "--diff", "--statistics"],
        &["fix", "--check", "--output-format", "sarif"],
        &["fix", "--diff", "--show-fixes"],
        &["check", "--statistics", "--output-format", "sarif"],
    ] {
        let output = dockfix(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&output).starts_with("error: "),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // What does work: fixing in place with findings as JSON, statistics as a table.
    let output = dockfix(dir.path(), &["check", "--statistics"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn standard_input_cannot_be_combined_with_other_paths() {
    let dir = folder();
    for args in [
        &["fmt", ".", "-"][..],
        &["fix", "-", "Dockerfile"],
        &["check", "-", "-"],
    ] {
        let output = Command::cargo_bin("dockfix")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .write_stdin("FROM a\n")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(stderr(&output).contains("standard input"), "{args:?}");
    }
}

#[test]
fn the_thread_count_is_bounded() {
    let dir = folder();
    for threads in ["0", "513", "18446744073709551615"] {
        let output = dockfix(dir.path(), &["fix", "--check", "--threads", threads]);
        assert_eq!(output.status.code(), Some(2), "{threads}");
    }
    let output = dockfix(dir.path(), &["fix", "--check", "--threads", "512"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn standard_input_gets_no_summary_from_fmt_and_fix() {
    let dir = folder();
    for args in [&["fmt", "-"][..], &["fix", "-"], &["fmt", "--check", "-"]] {
        let output = Command::cargo_bin("dockfix")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .write_stdin("from alpine\n")
            .output()
            .unwrap();
        let message = stderr(&output);
        assert!(
            !message.contains("reformatted") && !message.contains("Fixed"),
            "{args:?}: {message}"
        );
    }
}

#[test]
fn a_fatal_configuration_error_gets_no_summary() {
    let dir = folder();
    write(&dir.path().join("dockfix.toml"), "[rules]\nselct = []\n");
    for args in [&["check"][..], &["fix"], &["fmt", "--check"]] {
        let output = dockfix(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(message.contains("dockfix.toml:2:1"), "{args:?}: {message}");
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        FIXABLE
    );
}

#[test]
fn configuration_errors_do_not_repeat_values() {
    let dir = folder();
    let secret = "AWS_SECRET=AKIAIOSFODNN7EXAMPLE";
    write(
        &dir.path().join("dockfix.toml"),
        &format!("[rules]\nselect = [\"{secret}\"]\n"),
    );
    let output = dockfix(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("rules.select"), "{message}");
    assert!(!message.contains("AKIA"), "{message}");
    fs::remove_file(dir.path().join("dockfix.toml")).unwrap();
    let output = dockfix(
        dir.path(),
        &[
            "check",
            "--config",
            &format!("rules.ignore = [\"{secret}\"]"),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(!stderr(&output).contains("AKIA"), "{}", stderr(&output));
}

#[test]
fn an_oversized_extended_configuration_is_refused() {
    let dir = folder();
    let base = fs::File::create(dir.path().join("base.toml")).unwrap();
    // Sparse: no disk used, and dockfix must not read it whole.
    base.set_len(1 << 30).unwrap();
    write(&dir.path().join("dockfix.toml"), "extend = \"base.toml\"\n");
    let output = dockfix(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("base.toml: larger than 1024 KiB"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn output_that_cannot_be_written_is_an_error() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    let dir = folder();
    write(&dir.path().join("lower/Dockerfile"), "from alpine\n");
    for args in [
        &["check", "--output-format", "sarif"][..],
        &["check"],
        &["fix", "--diff"],
        &["fmt", "--diff"],
        &["rule", "--all"],
    ] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("dockfix"))
            .current_dir(dir.path())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("error: writing to standard output"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = folder();
    for index in 0..40 {
        write(&dir.path().join(format!("s{index}/Dockerfile")), FIXABLE);
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dockfix"))
        .args(["check"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read nothing: close the pipe at once.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!stderr(&output).contains("error"), "{}", stderr(&output));
}

#[test]
fn check_counts_as_fixable_what_fix_then_fixes() {
    // The merge with the cleanup-only RUN makes the cleanup finding of the install go away:
    // both are fixed.
    let text = "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends a\nRUN rm -rf /var/lib/apt/lists/*\n";
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("Dockerfile"), text);
    let check = dockfix(dir.path(), &["check"]);
    let fixable = stderr(&check);
    assert!(
        fixable.contains("(2 fixable with `dockfix fix`"),
        "{fixable}"
    );
    let fix = dockfix(dir.path(), &["fix"]);
    assert!(
        stderr(&fix).starts_with("Fixed 2 problems in 1 file"),
        "{}",
        stderr(&fix)
    );
}
