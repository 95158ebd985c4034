//! Reliability end to end: inputs, file systems and races that must not abort a run, lose a
//! file, or write outside the tree (project issue 16).

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const UNFORMATTED: &str = "from debian:bookworm\nrun   echo hi\n";

fn dockfix() -> Command {
    Command::cargo_bin("dockfix").unwrap()
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `RUN echo "${a:-"${a:-"...x..."}"}"`, `depth` levels deep.
fn nested_expansions(depth: usize) -> String {
    format!(
        "FROM a\nRUN echo {}x{}\n",
        "\"${a:-".repeat(depth),
        "}\"".repeat(depth)
    )
}

/// `RUN echo "$(echo '"$(echo '...` (never closed), `depth` times.
fn nested_substitutions(unit: &str, depth: usize) -> String {
    format!("FROM a\nRUN echo {}\n", unit.repeat(depth))
}

#[test]
fn deep_nesting_fails_one_file_and_the_others_are_processed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a/Dockerfile"), UNFORMATTED);
    write(&root.join("deep/Dockerfile"), &nested_expansions(30_000));
    write(
        &root.join("quotes/Dockerfile"),
        &nested_substitutions("\"$(echo '", 100_000),
    );
    write(
        &root.join("words/Dockerfile"),
        &nested_substitutions("\"$(echo ", 50_000),
    );
    write(&root.join("z/Dockerfile"), UNFORMATTED);
    for command in ["fmt", "check", "fix"] {
        let output = dockfix()
            .current_dir(root)
            .args([command, "."])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("deep/Dockerfile:2:1: expansions nested more than"),
            "{command}: {stderr}"
        );
        assert!(!stderr.contains("overflow"), "{command}: {stderr}");
    }
    // fmt and fix went on past the bad file: both others were rewritten.
    for name in ["a/Dockerfile", "z/Dockerfile"] {
        assert_ne!(fs::read_to_string(root.join(name)).unwrap(), UNFORMATTED);
    }
}

#[test]
fn deep_nesting_on_standard_input_is_an_error_not_an_abort() {
    for (input, failed) in [
        (nested_expansions(30_000), true),
        (nested_substitutions("\"$(echo '", 100_000), false),
        (nested_substitutions("\"$(echo ", 50_000), false),
    ] {
        for command in [&["fmt", "-"][..], &["check", "-"], &["fix", "-"]] {
            let output = dockfix()
                .args(command)
                .write_stdin(input.clone())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!stderr.contains("overflow"), "{command:?}: {stderr}");
            // Findings (DF501 on `FROM a`) give 1, a file that cannot be read 2.
            let expected: &[i32] = if failed { &[2] } else { &[0, 1] };
            let code = output.status.code().unwrap_or(-1);
            assert!(expected.contains(&code), "{command:?} {code}: {stderr}");
        }
    }
}

#[test]
fn a_long_onbuild_chain_is_an_error_not_an_abort() {
    let input = format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(100_000));
    for command in ["fmt", "check", "fix"] {
        let output = dockfix()
            .args([command, "-"])
            .write_stdin(input.clone())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("-:2:1: ONBUILD chained more than"),
            "{stderr}"
        );
    }
}
