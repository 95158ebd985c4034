//! End-to-end: shell completions, manual pages, and `check --fix` / `--diff` as ruff users
//! type them.

use std::fs;

use crate::cli_support::command as dockfix;
use predicates::prelude::*;

#[test]
fn completions_for_each_shell_name_the_commands_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = dockfix(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        for word in ["server", "completions", "output-format", "unsafe-fixes"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
        // The values of --output-format, where the shell completes values.
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(script.contains("rdjson"), "{shell} completion lacks rdjson");
        }
    }
    // The bash script is valid bash.
    let bash = dockfix(dir.path())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    let script = dir.path().join("dockfix.bash");
    fs::write(&script, bash.stdout).unwrap();
    if let Ok(status) = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
    {
        assert!(status.success());
    }
    dockfix(dir.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn manual_pages_from_the_command_definitions() {
    let dir = tempfile::tempdir().unwrap();
    dockfix(dir.path())
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie").or(predicate::str::contains(".TH dockfix")))
        .stdout(predicate::str::contains("server").and(predicate::str::contains("completions")));
    dockfix(dir.path())
        .args(["man", "--output", "pages"])
        .assert()
        .success();
    for page in [
        "dockfix.1",
        "dockfix-check.1",
        "dockfix-fix.1",
        "dockfix-server.1",
    ] {
        let text = fs::read_to_string(dir.path().join("pages").join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
    let check = fs::read_to_string(dir.path().join("pages/dockfix-check.1")).unwrap();
    assert!(check.contains("output\\-format") || check.contains("output-format"));
}

#[test]
fn check_fix_is_fix_and_check_diff_is_fix_diff() {
    let text = "FROM alpine:3.20\nADD a.txt /a.txt\nRUN apt-get install curl\n";
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), text).unwrap();
    let diff = dockfix(dir.path())
        .args(["fix", "--diff"])
        .output()
        .unwrap();
    dockfix(dir.path())
        .args(["check", "--diff"])
        .assert()
        .code(1)
        .stdout(String::from_utf8(diff.stdout).unwrap());
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        text
    );
    dockfix(dir.path())
        .args(["check", "--unsafe-fixes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<--fix|--diff>"));
    dockfix(dir.path())
        .args(["check", "--fix"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Fixed 1 problem in 1 file (DF401: 1)",
        ));
    let fixed = fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(fixed.contains("COPY a.txt /a.txt") && fixed.contains("apt-get install curl"));
    dockfix(dir.path())
        .args(["check", "--fix", "--unsafe-fixes"])
        .assert()
        .success();
    assert!(
        fs::read_to_string(dir.path().join("Dockerfile"))
            .unwrap()
            .contains("apt-get install --no-install-recommends -y curl")
    );
}
