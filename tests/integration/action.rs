//! The GitHub Action (`action.yml`), run here as GitHub runs a composite action: each `run`
//! step with `bash -eo pipefail`, its `env` and `if` resolved from the inputs, `dockfix` on
//! the PATH and reviewdog replaced by a stub that keeps what it was given. `uses` steps
//! (reviewdog's installer, the artifact upload) are GitHub's and are skipped.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

fn action() -> Yaml {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml"))
        .expect("action.yml");
    YamlLoader::load_from_str(&text)
        .expect("action.yml is YAML")
        .into_iter()
        .next()
        .expect("one document")
}

/// `${{ inputs.NAME }}` and `${{ github.token }}` replaced.
fn expand(text: &str, inputs: &HashMap<&str, String>) -> String {
    let mut out = text.replace("${{ github.token }}", "test-token");
    for (name, value) in inputs {
        out = out.replace(&format!("${{{{ inputs.{name} }}}}"), value);
    }
    out
}

/// Whether a step's `if` holds (the action only compares `inputs.fixes`).
fn condition_holds(condition: &str, inputs: &HashMap<&str, String>) -> bool {
    let Some((left, right)) = condition.split_once("==") else {
        panic!("unexpected condition {condition:?}");
    };
    let name = left.trim().strip_prefix("inputs.").expect("an input");
    inputs[name] == right.trim().trim_matches('\'')
}

struct Run {
    /// The exit status of the first step that failed, if any.
    failed: Option<i32>,
    output: String,
    skipped_uses: Vec<String>,
}

/// Run the action's steps in `workspace` with `given` inputs (the others at their defaults).
fn run_action(workspace: &Path, given: &[(&'static str, &str)]) -> Run {
    let action = action();
    let mut inputs: HashMap<&str, String> = HashMap::new();
    for (name, spec) in action["inputs"].as_hash().expect("inputs") {
        let name = name.as_str().expect("a name");
        let default = spec["default"].as_str().unwrap_or("").to_string();
        inputs.insert(Box::leak(name.to_string().into_boxed_str()), default);
    }
    for (name, value) in given {
        assert!(inputs.contains_key(name), "no input {name}");
        inputs.insert(name, value.to_string());
    }
    let inputs: HashMap<&str, String> = inputs
        .iter()
        .map(|(name, value)| (*name, expand(value, &inputs)))
        .collect();
    let tools = workspace.join(".tools");
    std::fs::create_dir_all(&tools).expect("a folder");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_dockfix"), tools.join("dockfix")).ok();
    let stub = tools.join("reviewdog");
    std::fs::write(&stub, "#!/bin/sh\necho \"$@\" > \"$RUNNER_TEMP/reviewdog.args\"\ncat > \"$RUNNER_TEMP/reviewdog.input\"\n")
        .expect("stub");
    Command::new("chmod")
        .arg("+x")
        .arg(&stub)
        .status()
        .expect("chmod");
    let path = format!(
        "{}:{}",
        tools.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut run = Run {
        failed: None,
        output: String::new(),
        skipped_uses: Vec::new(),
    };
    for step in action["runs"]["steps"].as_vec().expect("steps") {
        if let Some(condition) = step["if"].as_str()
            && !condition_holds(condition, &inputs)
        {
            continue;
        }
        if let Some(uses) = step["uses"].as_str() {
            run.skipped_uses.push(uses.to_string());
            continue;
        }
        let script = step["run"].as_str().expect("a run step");
        assert_eq!(
            step["shell"].as_str(),
            Some("bash"),
            "every run step names its shell"
        );
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(workspace)
            .env("PATH", &path)
            .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
            .env("RUNNER_TEMP", &tools)
            .env("GITHUB_STEP_SUMMARY", tools.join("summary.md"));
        if let Some(env) = step["env"].as_hash() {
            for (name, value) in env {
                let value = value
                    .as_str()
                    .map(|v| expand(v, &inputs))
                    .unwrap_or_default();
                command.env(name.as_str().expect("a name"), value);
            }
        }
        let output = command.output().expect("bash runs");
        run.output
            .push_str(&String::from_utf8_lossy(&output.stdout));
        run.output
            .push_str(&String::from_utf8_lossy(&output.stderr));
        if !output.status.success() {
            run.failed = output.status.code();
            break;
        }
    }
    run
}

fn workspace_with_findings() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::create_dir(dir.path().join(".git")).expect(".git");
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM node:20\nRUN npm ci\nRUN npm run build\nADD ./app /app\n",
    )
    .expect("written");
    dir
}

#[test]
fn every_input_is_documented() {
    let action = action();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    for (name, spec) in action["inputs"].as_hash().expect("inputs") {
        assert!(
            spec["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{name:?}"
        );
    }
}

#[test]
fn annotations_fail_the_job_while_findings_remain() {
    let dir = workspace_with_findings();
    let run = run_action(dir.path(), &[]);
    assert_eq!(run.failed, Some(1), "{}", run.output);
    assert!(run.output.contains("title=DF401"), "{}", run.output);
    let run = run_action(dir.path(), &[("fail-on-findings", "false")]);
    assert_eq!(run.failed, None, "{}", run.output);
}

#[test]
fn suggestions_go_to_reviewdog_as_rdjson() {
    let dir = workspace_with_findings();
    let run = run_action(
        dir.path(),
        &[("fixes", "suggestions"), ("fail-on-findings", "false")],
    );
    assert_eq!(run.failed, None, "{}", run.output);
    assert_eq!(run.skipped_uses, ["reviewdog/action-setup@v1"]);
    let tools = dir.path().join(".tools");
    let arguments = std::fs::read_to_string(tools.join("reviewdog.args")).expect("reviewdog ran");
    assert!(arguments.contains("-f=rdjson") && arguments.contains("-reporter=github-pr-review"));
    let input: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tools.join("reviewdog.input")).expect("input"),
    )
    .expect("rdjson");
    let suggestions = input["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["suggestions"].is_array())
        .count();
    assert!(suggestions >= 2, "{input}");
}

#[test]
fn a_patch_that_git_applies() {
    let dir = workspace_with_findings();
    let run = run_action(
        dir.path(),
        &[("fixes", "patch"), ("fail-on-findings", "false")],
    );
    assert_eq!(run.failed, None, "{}", run.output);
    assert_eq!(run.skipped_uses, ["actions/upload-artifact@v4"]);
    let patch = std::fs::read_to_string(dir.path().join("dockfix.patch")).expect("the patch");
    assert!(patch.contains("+COPY ./app /app"), "{patch}");
    let applied = Command::new("git")
        .args(["apply", "--check", "dockfix.patch"])
        .current_dir(dir.path())
        .status();
    // git is on every CI machine; where it is not, the content check above stands.
    if let Ok(status) = applied {
        assert!(status.success());
    }
}

#[test]
fn a_wrong_choice_of_fixes_is_an_error() {
    let dir = workspace_with_findings();
    let run = run_action(dir.path(), &[("fixes", "everything")]);
    assert_eq!(run.failed, Some(2), "{}", run.output);
    assert!(
        run.output
            .contains("fixes must be none, suggestions or patch")
    );
}
