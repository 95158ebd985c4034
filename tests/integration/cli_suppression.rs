//! End-to-end: suppression comments, hadolint's configuration file, BuildKit's `check`
//! directive, rule defaults and `dockfix rule --all`, through the binary on temporary trees.

use std::fs;

use crate::cli_support::{command as dockfix, write_in as write};
use predicates::prelude::*;

/// A repository root (`.git`) with a Dockerfile whose ADD and shell-form CMD rules fire.
fn repository(dockerfile: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "Dockerfile", dockerfile);
    dir
}

#[test]
fn fix_leaves_suppressed_instructions_and_their_comments_alone() {
    let text = "FROM node:20\n# dockfix: ignore[add-to-copy] -- vendored layout\nADD ./vendor /vendor\nADD ./app /app\nRUN npm ci\n# hadolint ignore=DL3059\nRUN npm run build\n";
    let dir = repository(text);
    dockfix(dir.path()).arg("fix").assert().success();
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        "FROM node:20\n# dockfix: ignore[add-to-copy] -- vendored layout\nADD ./vendor /vendor\nCOPY ./app /app\nRUN npm ci \\\n    && npm cache clean --force\n# hadolint ignore=DL3059\nRUN npm run build\n"
    );
}

#[test]
fn hadolint_configuration_applies_only_without_dockfix_configuration() {
    let dir = repository("FROM node:20\nADD ./app /app\nCMD node server.js\n");
    write(
        dir.path(),
        ".hadolint.yaml",
        "ignored:\n  - DL3020\n  - DL3008\n",
    );
    dockfix(dir.path())
        .args(["check", "--output-format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("DF301").and(predicate::str::contains("DF401").not()));
    // A dockfix configuration wins: hadolint's file is not read.
    write(
        dir.path(),
        "dockfix.toml",
        "[rules]\nignore = [\"DF301\"]\n",
    );
    dockfix(dir.path())
        .args(["check", "--output-format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("DF401").and(predicate::str::contains("DF301").not()));
}

#[test]
fn a_broken_hadolint_configuration_is_an_error_naming_it() {
    let dir = repository("FROM node:20\nADD ./app /app\n");
    write(dir.path(), ".hadolint.yml", "ignored: DL3020\n");
    dockfix(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".hadolint.yml: `ignored` should be a list",
        ));
}

#[test]
fn buildkit_check_directive_skips_its_checks_and_raises_them_to_errors() {
    let dir = repository("# check=skip=JSONArgsRecommended\nFROM node:20\nCMD node server.js\n");
    dockfix(dir.path()).arg("check").assert().success();
    write(
        dir.path(),
        "Dockerfile",
        "# check=error=true\nFROM node:20\nCMD node server.js\n",
    );
    dockfix(dir.path())
        .args(["check", "--output-format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"severity\": \"error\""));
}

#[test]
fn unused_suppressions_are_reported_when_selected_and_removed_by_fix() {
    let dir = repository(
        "FROM node:20\n# dockfix: ignore[DF401, DF999]\nADD ./app /app\n# dockfix: ignore[DF301]\nCOPY src /src\n",
    );
    // Off by default.
    dockfix(dir.path()).arg("check").assert().success();
    dockfix(dir.path())
        .args(["check", "--select", "ALL", "--output-format", "concise"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("2:1: DF001 unused in suppression: DF999 (no such rule) [*]")
                .and(predicate::str::contains(
                    "4:1: DF001 unused in suppression: DF301",
                )),
        );
    // Every rule runs, so that the suppressions in use are known; the rules that are off
    // by default and fire here (no HEALTHCHECK, no USER) stay reported.
    dockfix(dir.path())
        .args(["fix", "--select", "ALL", "--ignore", "DF614,DF705"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        "FROM node:20\n# dockfix: ignore[DF401]\nADD ./app /app\nCOPY src /src\n"
    );
}

#[test]
fn rule_list_shows_defaults_and_aliases() {
    let dir = tempfile::tempdir().unwrap();
    dockfix(dir.path())
        .args(["rule", "--all"])
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(r"DF001 +unused-suppression +safe fix +off ")
                .unwrap()
                .and(
                    predicate::str::is_match(
                        r"DF301 +exec-form .* on .*\(DL3025, JSONArgsRecommended\)",
                    )
                    .unwrap(),
                ),
        );
    dockfix(dir.path())
        .args(["rule", "DL3059"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("# DF101 (merge-runs)")
                .and(predicate::str::contains("hadolint: DL3059")),
        );
}

#[test]
fn aliases_work_as_selectors_on_the_command_line() {
    let dir = repository("FROM node:20\nADD ./app /app\nCMD node server.js\n");
    dockfix(dir.path())
        .args(["check", "--select", "DL3020", "--output-format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("DF401").and(predicate::str::contains("DF301").not()));
}

/// BuildKit's own test of check comments (`testSecretsUsedInArgOrEnv`, its
/// dockerfile_check_test.go): a `# check=skip=...` comment above an instruction skips those
/// checks there, `// ...` after the options is a note, and BuildKit expects exactly these lines.
#[test]
fn buildkit_check_comments_skip_as_buildkit_tests_them() {
    let dir = repository(concat!(
        "# check=skip=InvalidDefinitionDescription\n\nFROM scratch\n",
        "ARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\n",
        "ARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\n",
        "ENV git_key=\nENV PUBLIC_KEY=\nARG public_token\nARG SECRET_PASSPHRASE_FILE\n",
        "ENV password_file=bar secret_File=baz\nARG AUTH_MODULE_VERSION\n",
        "# check=skip=SecretsUsedInArgOrEnv // allow secret in environment\nENV password=bar\n",
        "# check=skip=SecretsUsedInArgOrEnv // allow secret in arg\nARG password\n",
        "# check=skip=all // is local to only this instruction\nENV alternate_password=bar\n",
        "# check=skip=all // is local to only this instruction\nARG alternate_password\n",
    ));
    let output = dockfix(dir.path())
        .args([
            "check",
            "--select",
            "secrets-in-arg-or-env",
            "--output-format",
            "concise",
        ])
        .output()
        .unwrap();
    let lines: Vec<u32> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            line.strip_prefix("Dockerfile:")?
                .split(':')
                .next()?
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(lines, [4, 5, 6, 6, 7, 7, 8, 9]);
}
