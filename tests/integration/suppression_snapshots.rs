//! Suppression comments (`snapshots/suppression/*.dockerfile`) against reviewed snapshots.
//!
//! Each fixture holds cases separated by `# ---` lines; a `# case: ...` line names each (it
//! need not be the first line: BuildKit's `check` directive must be). The snapshot shows, per
//! case, the findings of the default rules and the diff of their safe fixes. Checked on every
//! case: every suppression comment is still there after the fix, in the same order, still
//! above an instruction when it was above one, and fixing again changes nothing.
//! `cargo insta review` (or `INSTA_UPDATE=always`) accepts new snapshots.

use std::path::Path;

use dockfix::diagnostic::{Applicability, Severity};
use dockfix::engine::{check, fix};
use dockfix::model::Dockerfile;
use dockfix::settings::Settings;
use dockfix::suppression::{Scope, Suppressions};

/// Each suppression comment's text, and whether it is directly above an instruction.
fn suppression_comments(source: &str) -> Vec<(String, bool)> {
    let dockerfile = Dockerfile::parse(source);
    let suppressions = Suppressions::parse(&dockerfile);
    suppressions
        .list
        .iter()
        .filter(|s| !s.comment.is_empty())
        .map(|s| {
            let below = matches!(&s.scope, Scope::Instructions(range) if !range.is_empty());
            (source[s.comment.clone()].to_string(), below)
        })
        .collect()
}

fn run_case(text: &str, problems: &mut Vec<String>) -> String {
    let title = text
        .lines()
        .find_map(|line| line.strip_prefix("# case: "))
        .unwrap_or_else(|| panic!("a case needs a `# case: ` line:\n{text}"));
    let mut out = format!("── {title} ──\n");
    let settings = Settings::default();
    let dockerfile = Dockerfile::parse(text);
    let diagnostics = check(&dockerfile, &settings, None);
    for diagnostic in &diagnostics {
        let at = dockerfile.tree.line_col(diagnostic.range.start);
        let fix = match diagnostic.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => " [safe fix]",
            Some(_) => " [unsafe fix]",
            None => "",
        };
        let severity = if diagnostic.severity == Severity::Error {
            " (error)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{at} {}{severity} {}{fix}\n",
            diagnostic.code, diagnostic.message
        ));
    }
    if diagnostics.is_empty() {
        out.push_str("(no diagnostics)\n");
    }
    match fix(text, &settings, None) {
        Ok(fixed) => {
            if let Some(new_text) = fixed.text {
                let diff = dockfix::diff::unified(text, &new_text, "Dockerfile");
                out.push_str("safe fix:\n");
                out.push_str(
                    diff.split_once("+++ b/Dockerfile\n")
                        .map_or(&diff, |(_, hunks)| hunks),
                );
                if suppression_comments(text) != suppression_comments(&new_text) {
                    problems.push(format!("{title}: a suppression comment moved or was lost"));
                }
                match fix(&new_text, &settings, None) {
                    Ok(again) if again.text.is_none() => {}
                    _ => problems.push(format!("{title}: fixing twice changes the file again")),
                }
            }
        }
        Err(error) => problems.push(format!("{title}: fixing failed: {error}")),
    }
    out.push('\n');
    out
}

#[test]
fn suppression_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/suppression");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("snapshots/suppression")
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".dockerfile").map(String::from))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "fixtures missing: {names:?}");
    let mut problems = Vec::new();
    for name in names {
        let text =
            std::fs::read_to_string(root.join(format!("{name}.dockerfile"))).expect("a fixture");
        let snapshot: String = text
            .split("# ---\n")
            .map(|case| run_case(case, &mut problems))
            .collect();
        insta::with_settings!({
            snapshot_path => &root,
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, snapshot);
        });
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
