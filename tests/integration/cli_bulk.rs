//! Bulk mode end to end, on a generated monorepo: nested configuration files, git-ignored
//! and configured-out folders, symlinks leading out of the tree, a read-only file and a file
//! that does not parse.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Output;

use crate::cli_support::{dockfix, write};
use assert_cmd::Command;
use serde_json::Value;

/// Consecutive RUNs (DF101), apt without --no-install-recommends (DF104), shell-form CMD (DF301).
const APP: &str = "FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl \\\n    git\nCMD node server.js\n";
const BROKEN: &str = "FROM alpine:3.20\nRUN <<EOF\necho never ends\n";

struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
}

fn repo() -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let outside = dir.path().join("outside");
    write(&outside.join("Dockerfile"), APP);
    std::process::Command::new("git")
        .args(["init", "-q"])
        .arg(&root)
        .status()
        .unwrap();
    write(&root.join(".gitignore"), "ignored/\n");
    write(
        &root.join("dockfix.toml"),
        "[rules]\nignore = [\"DF104\"]\n\n[format]\nindent = 2\n\n[files]\nexclude = [\"third_party\"]\n",
    );
    write(&root.join("Dockerfile"), APP);
    write(&root.join("services/api/Dockerfile"), APP);
    write(
        &root.join("services/api/dockfix.toml"),
        "extend = \"../../dockfix.toml\"\n\n[rules]\nignore = [\"DF101\"]\n",
    );
    write(&root.join("services/web/web.Dockerfile"), APP);
    write(
        &root.join("services/web/.dockfix.toml"),
        "[format]\nindent = \"tab\"\n",
    );
    write(&root.join("ignored/Dockerfile"), APP);
    write(&root.join("third_party/Dockerfile"), APP);
    write(&root.join("broken/Dockerfile"), BROKEN);
    write(&root.join("readonly/Dockerfile"), APP);
    fs::set_permissions(
        root.join("readonly/Dockerfile"),
        fs::Permissions::from_mode(0o444),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.join("Dockerfile"), root.join("linked.Dockerfile")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("linkdir")).unwrap();
    Repo {
        _dir: dir,
        root,
        outside,
    }
}

fn findings(output: &Output) -> Vec<(String, String)> {
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut found: Vec<(String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.dedup();
    found
}

#[test]
fn finds_the_right_files_and_applies_the_nearest_configuration() {
    let repo = repo();
    let output = dockfix(&repo.root, &["check", "--output-format", "json"]);
    assert_eq!(output.status.code(), Some(2), "the broken file is an error");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken/Dockerfile:2:1: unterminated heredoc EOF"),
        "{stderr}"
    );
    let expected: Vec<(String, String)> = [
        // root config: DF104 ignored
        ("Dockerfile", "DF101"),
        ("Dockerfile", "DF301"),
        ("readonly/Dockerfile", "DF101"),
        ("readonly/Dockerfile", "DF301"),
        // extends the root config; its own `ignore` replaces the inherited list
        ("services/api/Dockerfile", "DF104"),
        ("services/api/Dockerfile", "DF301"),
        // nearest config without extend: DF104 not ignored
        ("services/web/web.Dockerfile", "DF101"),
        ("services/web/web.Dockerfile", "DF104"),
        ("services/web/web.Dockerfile", "DF301"),
    ]
    .iter()
    .map(|(f, c)| (f.to_string(), c.to_string()))
    .collect();
    assert_eq!(findings(&output), expected);
}

#[test]
fn fixing_touches_nothing_outside_the_tree_and_leaves_failures_alone() {
    let repo = repo();
    let output = dockfix(&repo.root, &["fix", "-q"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("readonly/Dockerfile: file is read-only"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(repo.outside.join("Dockerfile")).unwrap(),
        APP
    );
    for untouched in [
        "ignored/Dockerfile",
        "third_party/Dockerfile",
        "readonly/Dockerfile",
    ] {
        assert_eq!(
            fs::read_to_string(repo.root.join(untouched)).unwrap(),
            APP,
            "{untouched}"
        );
    }
    assert_eq!(
        fs::read_to_string(repo.root.join("broken/Dockerfile")).unwrap(),
        BROKEN
    );
    // The configured style of each folder: two spaces at the root, tabs in web/.
    let root = fs::read_to_string(repo.root.join("Dockerfile")).unwrap();
    assert!(
        root.contains("RUN apt-get update \\\n  && apt-get install -y curl"),
        "{root}"
    );
    let web = fs::read_to_string(repo.root.join("services/web/web.Dockerfile")).unwrap();
    assert!(
        web.contains("RUN apt-get update \\\n\t&& apt-get install -y curl"),
        "{web}"
    );
    // api ignores DF101: its RUNs stay apart, its CMD is fixed.
    let api = fs::read_to_string(repo.root.join("services/api/Dockerfile")).unwrap();
    assert!(
        api.contains("RUN apt-get update\nRUN apt-get install")
            && api.contains("CMD [\"node\", \"server.js\"]"),
        "{api}"
    );
}

#[test]
fn the_diff_applies_with_git_apply_and_equals_fixing_in_place() {
    let repo = repo();
    let diff = dockfix(&repo.root, &["fix", "--diff", "-q"]);
    assert_eq!(diff.status.code(), Some(2), "the broken file is an error");
    let patch = String::from_utf8(diff.stdout).unwrap();
    assert!(
        patch.contains("--- a/services/web/web.Dockerfile\n+++ b/services/web/web.Dockerfile\n"),
        "{patch}"
    );
    let mut apply = std::process::Command::new("git");
    apply
        .args(["apply", "-"])
        .current_dir(&repo.root)
        .stdin(std::process::Stdio::piped());
    let mut child = apply.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), patch.as_bytes()).unwrap();
    assert!(
        child.wait().unwrap().success(),
        "git apply rejected:\n{patch}"
    );
    let applied: Vec<String> = [
        "Dockerfile",
        "services/api/Dockerfile",
        "services/web/web.Dockerfile",
    ]
    .iter()
    .map(|f| fs::read_to_string(repo.root.join(f)).unwrap())
    .collect();
    let fresh = self::repo();
    dockfix(&fresh.root, &["fix", "-q"]);
    let fixed: Vec<String> = [
        "Dockerfile",
        "services/api/Dockerfile",
        "services/web/web.Dockerfile",
    ]
    .iter()
    .map(|f| fs::read_to_string(fresh.root.join(f)).unwrap())
    .collect();
    assert_eq!(applied, fixed);
}

#[test]
fn output_is_identical_with_one_and_eight_threads() {
    let repo = repo();
    for args in [
        &["check", "--output-format", "json"][..],
        &["check", "--output-format", "sarif"],
        &["check"],
        &["fix", "--diff"],
        &["fmt", "--check"],
    ] {
        let one = dockfix(&repo.root, &[args, &["--threads", "1"]].concat());
        let eight = dockfix(&repo.root, &[args, &["--threads", "8"]].concat());
        assert_eq!(one.stdout, eight.stdout, "{args:?}");
        assert_eq!(one.stderr, eight.stderr, "{args:?}");
        assert_eq!(one.status.code(), eight.status.code(), "{args:?}");
    }
}

#[test]
fn excludes_and_overrides_on_the_command_line() {
    let repo = repo();
    let output = dockfix(
        &repo.root,
        &[
            "check",
            "--output-format",
            "json",
            "--exclude",
            "services",
            "--exclude",
            "broken",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let files: Vec<String> = findings(&output).into_iter().map(|(f, _)| f).collect();
    assert!(
        files.iter().all(|f| !f.starts_with("services/")),
        "{files:?}"
    );
    let output = dockfix(
        &repo.root,
        &[
            "check",
            "--output-format",
            "json",
            "--exclude",
            "broken",
            "--config",
            "rules.ignore = [\"DF101\", \"DF104\"]",
        ],
    );
    assert!(
        findings(&output).iter().all(|(_, code)| code == "DF301"),
        "{:?}",
        findings(&output)
    );
    // A file named on the command line is taken even when excluded.
    let output = dockfix(
        &repo.root,
        &["check", "--output-format", "json", "third_party/Dockerfile"],
    );
    assert_eq!(findings(&output).len(), 2);
}

#[test]
fn configuration_errors_name_the_file_and_place() {
    let repo = repo();
    write(
        &repo.root.join("services/api/dockfix.toml"),
        "[rules]\nselct = [\"DF101\"]\n",
    );
    let output = dockfix(&repo.root, &["check", "services/api"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("dockfix.toml:2:1") && stderr.contains("selct"),
        "{stderr}"
    );
    let output = dockfix(&repo.root, &["check", "--config", "format.indent = 99"]);
    assert_eq!(output.status.code(), Some(2));
    let output = dockfix(&repo.root, &["check", "--output-format", "nope"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn standard_input_finds_its_configuration_from_the_file_name() {
    let repo = repo();
    let mut command = Command::cargo_bin("dockfix").unwrap();
    command
        .current_dir(&repo.root)
        .args([
            "fmt",
            "-",
            "--stdin-filename",
            "services/web/web.Dockerfile",
        ])
        .write_stdin(APP);
    let output = command.output().unwrap();
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("\n\tgit\n"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// More files than the walk may run ahead of the output (64 per thread): with one thread the
/// walking thread processes them itself while it waits, with two the other one helps; the
/// output is the same and in order either way.
#[test]
fn more_files_than_the_window_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        write(
            &dir.path().join(format!("s{i:03}/Dockerfile")),
            &format!("FROM alpine\nADD ./app{i} /app\nCMD run {i}\n"),
        );
    }
    let args = ["check", "--output-format", "concise"];
    let one = dockfix(dir.path(), &[&args[..], &["--threads", "1"]].concat());
    let two = dockfix(dir.path(), &[&args[..], &["--threads", "2"]].concat());
    assert_eq!(one.stdout, two.stdout);
    let text = String::from_utf8_lossy(&one.stdout);
    let files: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("DF401"))
        .filter_map(|line| line.split('/').next())
        .collect();
    let expected: Vec<String> = (0..300).map(|i| format!("s{i:03}")).collect();
    assert_eq!(files, expected);
}
