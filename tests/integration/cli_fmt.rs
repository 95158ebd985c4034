//! End-to-end tests of `dockfix fmt` and `dockfix parse`: the binary on temporary trees.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::cli_support::{command as dockfix, write_in as write};
use predicates::prelude::*;

const UNFORMATTED: &str = "from alpine\nrun apk add \\\n  curl\n";
const FORMATTED: &str = "FROM alpine\nRUN apk add \\\n    curl\n";

#[test]
fn formats_every_dockerfile_below_a_directory_in_place() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "Dockerfile",
        "svc/api.Dockerfile",
        "svc/Dockerfile.dev",
        "Containerfile",
        "x/app.containerfile",
    ] {
        write(dir.path(), name, UNFORMATTED);
    }
    write(dir.path(), "README.md", UNFORMATTED);
    dockfix(dir.path())
        .arg("fmt")
        .assert()
        .success()
        .stderr(predicate::str::contains("5 files reformatted"));
    for name in [
        "Dockerfile",
        "svc/api.Dockerfile",
        "svc/Dockerfile.dev",
        "Containerfile",
        "x/app.containerfile",
    ] {
        assert_eq!(
            fs::read_to_string(dir.path().join(name)).unwrap(),
            FORMATTED,
            "{name}"
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        UNFORMATTED
    );
}

#[test]
fn check_lists_files_that_would_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/Dockerfile", UNFORMATTED);
    write(dir.path(), "b/Dockerfile", FORMATTED);
    dockfix(dir.path())
        .args(["fmt", "--check"])
        .assert()
        .code(1)
        .stdout("Would reformat: a/Dockerfile\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("a/Dockerfile")).unwrap(),
        UNFORMATTED
    );
    dockfix(dir.path())
        .args(["fmt", "--check", "b"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn diff_applies_with_git_apply() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", UNFORMATTED);
    write(dir.path(), "sub/Dockerfile", "FROM a\nCMD [ \"x\" ]");
    let output = dockfix(dir.path())
        .args(["fmt", "--diff"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(
        diff.contains("--- a/Dockerfile\n+++ b/Dockerfile\n"),
        "{diff}"
    );
    assert!(
        diff.contains("--- a/sub/Dockerfile\n+++ b/sub/Dockerfile\n"),
        "{diff}"
    );
    let git = |args: &[&str], stdin: Option<&str>| {
        let mut command = std::process::Command::new("git");
        command.args(args).current_dir(dir.path());
        if let Some(input) = stdin {
            use std::io::Write;
            command.stdin(std::process::Stdio::piped());
            let mut child = command.spawn().unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
            return child.wait().unwrap().success();
        }
        command.status().unwrap().success()
    };
    assert!(git(&["init", "-q"], None));
    assert!(
        git(&["apply", "-"], Some(&diff)),
        "git apply rejected:\n{diff}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        FORMATTED
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("sub/Dockerfile")).unwrap(),
        "FROM a\nCMD [\"x\"]\n"
    );
}

#[test]
fn stdin_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    dockfix(dir.path())
        .args(["fmt", "-"])
        .write_stdin(UNFORMATTED)
        .assert()
        .success()
        .stdout(FORMATTED);
    dockfix(dir.path())
        .args(["fmt", "-", "--check", "--stdin-filename", "web/Dockerfile"])
        .write_stdin(UNFORMATTED)
        .assert()
        .code(1)
        .stdout("Would reformat: web/Dockerfile\n");
    dockfix(dir.path())
        .args(["fmt", "-", "--diff", "--stdin-filename", "web/Dockerfile"])
        .write_stdin(UNFORMATTED)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "--- a/web/Dockerfile\n+++ b/web/Dockerfile\n",
        ));
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "FROM alpine\nRUN <<EOF\necho never ends\n";
    write(dir.path(), "bad/Dockerfile", broken);
    write(dir.path(), "good/Dockerfile", UNFORMATTED);
    dockfix(dir.path())
        .arg("fmt")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: bad/Dockerfile:2:1: unterminated heredoc EOF",
        ));
    assert_eq!(
        fs::read_to_string(dir.path().join("bad/Dockerfile")).unwrap(),
        broken
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("good/Dockerfile")).unwrap(),
        FORMATTED
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        b"FROM alpine\nRUN echo \xff\n",
    )
    .unwrap();
    dockfix(dir.path())
        .arg("fmt")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Dockerfile: not UTF-8"));
}

#[test]
fn writes_keep_permissions_and_follow_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "real/Dockerfile", UNFORMATTED);
    let real = dir.path().join("real/Dockerfile");
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join("Dockerfile.link")).unwrap();
    dockfix(dir.path())
        .args(["fmt", "Dockerfile.link"])
        .assert()
        .success();
    assert!(
        fs::symlink_metadata(dir.path().join("Dockerfile.link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), FORMATTED);
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn a_read_only_file_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", UNFORMATTED);
    let path = dir.path().join("Dockerfile");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    dockfix(dir.path())
        .arg("fmt")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Dockerfile: file is read-only"));
    assert_eq!(fs::read_to_string(&path).unwrap(), UNFORMATTED);
}

#[test]
fn an_unchanged_file_is_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", FORMATTED);
    let path = dir.path().join("Dockerfile");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    dockfix(dir.path())
        .arg("fmt")
        .assert()
        .success()
        .stderr(predicate::str::contains("1 file left unchanged"));
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
}

#[test]
fn gitignored_files_are_skipped_when_walking() {
    let dir = tempfile::tempdir().unwrap();
    std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    write(dir.path(), ".gitignore", "vendor/\n");
    write(dir.path(), "vendor/Dockerfile", UNFORMATTED);
    write(dir.path(), ".devcontainer/Dockerfile", UNFORMATTED);
    dockfix(dir.path()).arg("fmt").assert().success();
    assert_eq!(
        fs::read_to_string(dir.path().join("vendor/Dockerfile")).unwrap(),
        UNFORMATTED
    );
    assert_eq!(
        fs::read_to_string(dir.path().join(".devcontainer/Dockerfile")).unwrap(),
        FORMATTED
    );
}

#[test]
fn a_missing_path_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    dockfix(dir.path())
        .args(["fmt", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope: no such file"));
}

#[test]
fn style_options() {
    let dir = tempfile::tempdir().unwrap();
    dockfix(dir.path())
        .args(["fmt", "-", "--indent", "tab", "--operator-position", "end"])
        .write_stdin("FROM a\nRUN a \\\n  && b\n")
        .assert()
        .success()
        .stdout("FROM a\nRUN a && \\\n\tb\n");
    dockfix(dir.path())
        .args(["fmt", "-", "--indent", "zero"])
        .assert()
        .code(2);
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    dockfix(dir.path())
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("dockfix "));
    for command in ["fmt", "parse"] {
        dockfix(dir.path())
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: dockfix"));
    }
}

#[test]
fn parse_prints_buildkit_view() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Dockerfile",
        "FROM alpine AS base\nONBUILD RUN --mount=type=cache,target=/c make\n",
    );
    let output = dockfix(dir.path())
        .args(["parse", "Dockerfile", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let views: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(views[0]["cmd"], "from");
    assert_eq!(
        views[0]["value"],
        serde_json::json!(["alpine", "AS", "base"])
    );
    assert_eq!(views[1]["sub_cmd"], "run");
    assert_eq!(
        views[1]["flags"],
        serde_json::json!(["--mount=type=cache,target=/c"])
    );
    dockfix(dir.path()).args(["parse", "Dockerfile"]).assert().success().stdout("(from \"alpine\" \"AS\" \"base\")\n(onbuild (run [\"--mount=type=cache,target=/c\"] \"make\"))\n");
    write(dir.path(), "Bad", "FROM a\nENV PATH\n");
    dockfix(dir.path())
        .args(["parse", "Bad"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Bad:2:1: ENV must have two arguments",
        ));
}
