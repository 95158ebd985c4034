//! Which files a run takes, end to end: paths named on the command line against the
//! configuration's exclusions (and `--force-exclude`), the one pattern dialect, Dockerfile
//! names, empty folders, one file under two spellings, and odd file names in diffs and
//! messages.

use crate::cli_support;

use std::fs;

use cli_support::{dockfix, stderr, stdout, write};

/// A file `fix` changes (ADD of a local file: DF401).
const FIXABLE: &str = "FROM alpine:3.20\nADD app.py /app/\n";

/// A repository whose configuration excludes `examples`, as dockfix's own does.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    write(
        &dir.path().join("dockfix.toml"),
        "[files]\nexclude = [\"examples\"]\n",
    );
    write(&dir.path().join("examples/node-app/Dockerfile"), FIXABLE);
    write(&dir.path().join("app/Dockerfile"), FIXABLE);
    dir
}

#[test]
fn a_folder_named_on_the_command_line_is_processed_though_excluded() {
    let dir = repository();
    let output = dockfix(dir.path(), &["fix", "--diff", "examples/node-app"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("+++ b/examples/node-app/Dockerfile"),
        "{}",
        stdout(&output)
    );
    // The walk from the root still leaves the excluded folder out.
    let output = dockfix(dir.path(), &["fix", "--diff"]);
    assert!(!stdout(&output).contains("examples"), "{}", stdout(&output));
    assert!(stdout(&output).contains("b/app/Dockerfile"));
}

#[test]
fn force_exclude_applies_the_exclusions_to_named_paths() {
    let dir = repository();
    let output = dockfix(
        dir.path(),
        &[
            "fix",
            "--force-exclude",
            "examples/node-app/Dockerfile",
            "app/Dockerfile",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(dir.path().join("examples/node-app/Dockerfile")).unwrap(),
        FIXABLE
    );
    assert_ne!(
        fs::read_to_string(dir.path().join("app/Dockerfile")).unwrap(),
        FIXABLE
    );
    // --exclude is forced the same way.
    let output = dockfix(
        dir.path(),
        &[
            "check",
            "--force-exclude",
            "--exclude",
            "app",
            "app/Dockerfile",
        ],
    );
    assert!(
        stderr(&output).contains("no Dockerfile found"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_later_negation_brings_a_folder_back_in_the_configuration_too() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    write(&dir.path().join("b/Dockerfile"), FIXABLE);
    let flags = dockfix(
        dir.path(),
        &["fix", "--check", "--exclude", "b", "--exclude", "!b"],
    );
    write(
        &dir.path().join("dockfix.toml"),
        "[files]\nexclude = [\"b\", \"!b\"]\n",
    );
    let configured = dockfix(dir.path(), &["fix", "--check"]);
    for output in [&flags, &configured] {
        assert_eq!(
            stdout(output),
            "Would fix: b/Dockerfile\n",
            "{}",
            stderr(output)
        );
    }
}

#[test]
fn common_dockerfile_names_are_found() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "Dockerfile-ubuntu",
        "Dockerfile_python",
        "Containerfile-fedora",
        "Containerfile_rhel",
    ] {
        write(&dir.path().join(name), FIXABLE);
    }
    write(&dir.path().join("dockerfile_test.go"), "package main\n");
    let output = dockfix(dir.path(), &["fix", "--check"]);
    assert_eq!(
        stdout(&output),
        "Would fix: Containerfile-fedora\nWould fix: Containerfile_rhel\nWould fix: Dockerfile-ubuntu\nWould fix: Dockerfile_python\n"
    );
}

#[test]
fn a_folder_without_dockerfiles_says_so() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    write(&dir.path().join("docs/README.md"), "# docs\n");
    for args in [
        &["check", "empty"][..],
        &["fmt", "docs"],
        &["fix", "--check", "docs"],
    ] {
        let output = dockfix(dir.path(), args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains("warning: no Dockerfile found"),
            "{args:?}: {message}"
        );
        assert!(!message.contains("0 files"), "{args:?}: {message}");
    }
}

#[test]
fn one_file_under_two_spellings_is_processed_once() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("d/Dockerfile"), FIXABLE);
    let output = dockfix(dir.path(), &["fix", "--diff", "d", "./d/Dockerfile"]);
    assert_eq!(
        stdout(&output).matches("+++ ").count(),
        1,
        "{}",
        stdout(&output)
    );
    assert!(
        stderr(&output).contains("Would fix 1 problem in 1 file"),
        "{}",
        stderr(&output)
    );
    let output = dockfix(
        dir.path(),
        &[
            "check",
            "--output-format",
            "concise",
            "d/../d/Dockerfile",
            "d",
        ],
    );
    assert_eq!(stdout(&output).lines().count(), 1, "{}", stdout(&output));
}

#[test]
fn odd_file_names_give_a_patch_git_applies() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(
        std::process::Command::new("git")
            .args(["init", "-q"])
            .current_dir(root)
            .status()
            .unwrap()
            .success()
    );
    let names = [
        "a\\b.Dockerfile",
        "tab\there.Dockerfile",
        "new\nline.Dockerfile",
        "quote\"d.Dockerfile",
        "caf\u{e9}.Dockerfile",
        "plain.Dockerfile",
    ];
    for name in names {
        write(&root.join(name), FIXABLE);
    }
    let output = dockfix(root, &["fix", "--diff", "-q"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let patch = stdout(&output);
    assert!(patch.contains("--- \"a/a\\\\b.Dockerfile\"\n"), "{patch}");
    assert!(
        patch.contains("+++ \"b/caf\\303\\251.Dockerfile\"\n"),
        "{patch}"
    );
    let mut apply = std::process::Command::new("git");
    apply
        .args(["apply", "-"])
        .current_dir(root)
        .stdin(std::process::Stdio::piped());
    let mut child = apply.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), patch.as_bytes()).unwrap();
    assert!(
        child.wait().unwrap().success(),
        "git apply rejected:\n{patch}"
    );
    for name in names {
        assert!(
            fs::read_to_string(root.join(name))
                .unwrap()
                .contains("COPY app.py"),
            "{name:?}"
        );
    }
}

#[test]
fn control_characters_in_names_are_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}[31m\n.Dockerfile";
    write(&dir.path().join(name), FIXABLE);
    for args in [&["check"][..], &["fix", "--check"], &["fmt", "--check"]] {
        let output = dockfix(dir.path(), args);
        let printed = stdout(&output) + &stderr(&output);
        assert!(!printed.contains('\u{1b}'), "{args:?}: {printed:?}");
        assert!(!printed.contains("evil\u{1b}"), "{args:?}");
    }
    let output = dockfix(dir.path(), &["check", "--output-format", "concise"]);
    assert!(
        stdout(&output).starts_with("\"evil\\u{1b}[31m\\n.Dockerfile\":2:1: DF401"),
        "{}",
        stdout(&output)
    );
}
