//! End-to-end tests of `dockfix fix`, `dockfix check` and `dockfix rule`.

use std::fs;
use std::path::Path;

use crate::cli_support::{command as dockfix, write_in as write};
use predicates::prelude::*;

const CLEAN: &str = "FROM alpine:3.20\nCOPY app /app\nCMD [\"/app\"]\n";

#[test]
fn fix_applies_safe_fixes_in_place_and_lists_unsafe_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Dockerfile",
        "FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\nADD app.py /app/\n",
    );
    dockfix(dir.path())
        .arg("fix")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Dockerfile:3:8: DF104").and(predicate::str::contains("[unsafe fix]")))
        .stderr(predicate::str::contains("Fixed 2 problems in 1 file (DF101: 1, DF401: 1); 1 remaining (1 fixable with --unsafe-fixes)"));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        "FROM debian:bookworm\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY app.py /app/\n"
    );
    dockfix(dir.path())
        .args(["fix", "--unsafe-fixes"])
        .assert()
        .success();
    assert!(
        fs::read_to_string(dir.path().join("Dockerfile"))
            .unwrap()
            .contains("install --no-install-recommends -y curl")
    );
}

#[test]
fn fix_check_and_diff_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = "FROM alpine:3.20\nADD a.txt /a.txt\n";
    write(dir.path(), "Dockerfile", text);
    write(dir.path(), "ok/Dockerfile", CLEAN);
    dockfix(dir.path())
        .args(["fix", "--check"])
        .assert()
        .code(1)
        .stdout("Would fix: Dockerfile\n");
    let output = dockfix(dir.path())
        .args(["fix", "--diff"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let diff = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        diff,
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n FROM alpine:3.20\n-ADD a.txt /a.txt\n+COPY a.txt /a.txt\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        text
    );
    dockfix(dir.path())
        .args(["fix", "--check", "ok"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn fix_reads_stdin_and_reports_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    dockfix(dir.path())
        .args(["fix", "-"])
        .write_stdin("FROM alpine:3.20\nCMD node server.js\nRUN apt-get update && apt-get install curl\n")
        .assert()
        .code(1)
        .stdout("FROM alpine:3.20\nCMD [\"node\", \"server.js\"]\nRUN apt-get update && apt-get install curl \\\n    && rm -rf /var/lib/apt/lists/*\n")
        .stderr(predicate::str::contains("-:3:23: DF103"));
}

#[test]
fn fix_uses_the_build_context_for_manifests() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app/Dockerfile",
        "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
    );
    write(dir.path(), "app/package.json", "{\"name\": \"a\"}");
    dockfix(dir.path()).args(["fix", "app"]).assert().success();
    assert_eq!(
        fs::read_to_string(dir.path().join("app/Dockerfile")).unwrap(),
        "FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci \\\n    && npm cache clean --force\nCOPY . .\n"
    );
    // Standard input has no build context unless given one: reported, not fixed.
    dockfix(dir.path())
        .args(["fix", "-", "--select", "DF201"])
        .write_stdin("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n")
        .assert()
        .code(1)
        .stdout("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n");
    dockfix(dir.path())
        .args(["fix", "-", "--select", "DF201", "--context", "app"])
        .write_stdin("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "COPY package.json ./\nRUN npm ci\nCOPY . .\n",
        ));
}

#[test]
fn check_reports_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = "FROM alpine:3.20\nRUN apk add curl\nCMD node server.js\n";
    write(dir.path(), "Dockerfile", text);
    write(dir.path(), "clean/Dockerfile", CLEAN);
    dockfix(dir.path())
        .args(["check", "--output-format", "concise"])
        .assert()
        .code(1)
        .stdout("Dockerfile:2:5: DF102 apk add leaves its cache (/var/cache/apk) in the layer [*]\nDockerfile:3:5: DF301 CMD in shell form runs under /bin/sh -c: use exec form [*]\n")
        .stderr(predicate::str::contains("Found 2 problems in 2 files (2 fixable with `dockfix fix`, 0 more with `--unsafe-fixes`)"));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        text
    );
    dockfix(dir.path())
        .args(["check", "clean"])
        .assert()
        .success()
        .stdout("");
    dockfix(dir.path())
        .args(["check", "--select", "DF3"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("DF301").and(predicate::str::contains("DF102").not()));
    dockfix(dir.path())
        .args(["check", "--ignore", "DF102,exec-form"])
        .assert()
        .success();
    dockfix(dir.path())
        .args(["check", "--select", "DF999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule"));
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "FROM alpine:3.20\nCMD [\"a\", [\"b\"]]\nADD a /a\n";
    write(dir.path(), "Dockerfile", broken);
    dockfix(dir.path())
        .arg("fix")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Dockerfile:2:1: when using JSON array syntax",
        ));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        broken
    );
    dockfix(dir.path()).arg("check").assert().code(2);
}

#[test]
fn rule_documentation() {
    let dir = tempfile::tempdir().unwrap();
    dockfix(dir.path())
        .args(["rule", "DF101"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with(
                "# DF101 (merge-runs)\n\nMerge consecutive RUN instructions",
            )
            .and(predicate::str::contains("## Fix safety")),
        );
    dockfix(dir.path())
        .args(["rule", "exec-form"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# DF301 (exec-form)"));
    dockfix(dir.path())
        .args(["rule", "--all"])
        .assert()
        .success()
        .stdout(predicate::str::contains("DF201  copy-manifests-first"));
    dockfix(dir.path()).args(["rule", "nope"]).assert().code(2);
    for command in ["fix", "check", "rule"] {
        dockfix(dir.path())
            .args([command, "--help"])
            .assert()
            .success();
    }
}

#[test]
fn pins_from_the_configuration_pin_base_images() {
    let dir = tempfile::tempdir().unwrap();
    let digest = "sha256:".to_string() + &"a".repeat(64);
    write(
        dir.path(),
        "dockfix.toml",
        &format!("[pins]\n\"node:20\" = \"node:20@{digest}\"\npython = \"python:3.12@{digest}\"\n"),
    );
    write(
        dir.path(),
        "Dockerfile",
        "FROM node:20 AS build\nFROM python:3.11\nCOPY --from=build /app /app\n",
    );
    dockfix(dir.path())
        .arg("fix")
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("Dockerfile:2:6: DF501")
                .and(predicate::str::contains("[unsafe fix]")),
        )
        .stderr(predicate::str::contains(
            "Fixed 1 problem in 1 file (DF501: 1)",
        ));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        format!("FROM node:20@{digest} AS build\nFROM python:3.11\nCOPY --from=build /app /app\n")
    );
    dockfix(dir.path())
        .args(["fix", "--unsafe-fixes"])
        .assert()
        .success();
    assert!(
        fs::read_to_string(dir.path().join("Dockerfile"))
            .unwrap()
            .contains(&format!("FROM python:3.12@{digest}\n"))
    );
}

/// `git init` in `dir` (so the context has a `.git`), and `git apply` of `patch` there.
fn git(dir: &Path, args: &[&str], input: Option<&str>) -> bool {
    let mut command = std::process::Command::new("git");
    command
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    let stdin = child.stdin.take().unwrap();
    if let Some(input) = input {
        std::io::Write::write_all(&mut { stdin }, input.as_bytes()).unwrap();
    } else {
        drop(stdin);
    }
    child.wait().unwrap().success()
}

const COPIES_CONTEXT: &str = "FROM node:20\nWORKDIR /app\nCOPY . .\nUSER node\n";

#[test]
fn dockerignore_fix_is_a_new_file_in_the_diff_that_git_applies() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(git(root, &["init", "-q"], None));
    write(root, "Dockerfile", COPIES_CONTEXT);
    write(root, ".env", "TOKEN=x\n");
    write(root, ".env.example", "TOKEN=\n");
    let output = dockfix(root)
        .args(["fix", "--unsafe-fixes", "--diff", "--select", "DF704"])
        .output()
        .unwrap();
    let patch = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        patch,
        "--- /dev/null\n+++ b/.dockerignore\n@@ -0,0 +1,3 @@\n+.env*\n+.git\n+!.env.example\n"
    );
    assert!(
        !root.join(".dockerignore").exists(),
        "--diff writes nothing"
    );
    assert!(
        git(root, &["apply", "-"], Some(&patch)),
        "git apply rejected:\n{patch}"
    );
    assert_eq!(
        fs::read_to_string(root.join(".dockerignore")).unwrap(),
        ".env*\n.git\n!.env.example\n"
    );
    // Fixed: nothing left to report, and the Dockerfile never changed.
    dockfix(root)
        .args(["check", "--select", "DF704"])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(root.join("Dockerfile")).unwrap(),
        COPIES_CONTEXT
    );
}

#[test]
fn dockerignore_fix_writes_only_with_unsafe_fixes_and_extends_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "Dockerfile", COPIES_CONTEXT);
    write(root, ".env.production", "TOKEN=x\n");
    write(root, ".dockerignore", "node_modules");
    dockfix(root)
        .args(["fix", "--select", "DF704"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("DF704").and(predicate::str::contains("[unsafe fix]")));
    assert_eq!(
        fs::read_to_string(root.join(".dockerignore")).unwrap(),
        "node_modules"
    );
    dockfix(root)
        .args(["fix", "--unsafe-fixes", "--select", "DF704"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Fixed 1 problem"));
    assert_eq!(
        fs::read_to_string(root.join(".dockerignore")).unwrap(),
        "node_modules\n.env*\n"
    );
    assert_eq!(
        fs::read_to_string(root.join("Dockerfile")).unwrap(),
        COPIES_CONTEXT
    );
    // Idempotent: a second run has nothing to do.
    dockfix(root)
        .args(["fix", "--unsafe-fixes", "--select", "DF704", "--diff"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn standard_input_leaves_other_files_and_keeps_their_findings() {
    // Only the Dockerfile's text goes out on standard output: a fix that would write
    // `.dockerignore` is not applied, not counted, and not offered.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".env.production", "TOKEN=x\n");
    dockfix(root)
        .args([
            "fix",
            "--unsafe-fixes",
            "--select",
            "DF704",
            "--stdin-filename",
            "Dockerfile",
            "-",
        ])
        .write_stdin(COPIES_CONTEXT)
        .assert()
        .code(1)
        .stdout(COPIES_CONTEXT)
        .stderr(
            predicate::str::contains("DF704").and(predicate::str::contains("[unsafe fix]").not()),
        );
    assert!(!root.join(".dockerignore").exists());
    dockfix(root)
        .args([
            "check",
            "--select",
            "DF704",
            "--stdin-filename",
            "Dockerfile",
            "-",
        ])
        .write_stdin(COPIES_CONTEXT)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("0 more with `--unsafe-fixes`"));
}

#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_written_counts_nothing_fixed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let text = "FROM alpine:3.20\nADD app /app\n";
    write(dir.path(), "Dockerfile", text);
    let path = dir.path().join("Dockerfile");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    // A file left alone counts in none of the summary's numbers.
    dockfix(dir.path()).arg("fix").assert().code(2).stderr(
        predicate::str::contains("Dockerfile: file is read-only").and(predicate::str::contains(
            "Fixed 0 problems in 0 files; 0 remaining",
        )),
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}
