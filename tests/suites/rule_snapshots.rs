//! Rule fixtures and their reviewed snapshots (`snapshots/rules/`).
//!
//! A fixture `snapshots/rules/CODE.dockerfile` holds cases separated by `# ---` lines; each
//! starts with `# case: ...` (the rule must report something), `# report: ...` (it must
//! report, without a fix) or `# ok: ...` (it must report nothing). One test per rule, made
//! from `RULES`, so a new rule gets its test without a line here. A folder
//! `snapshots/rules/CODE/NAME/` is one case with a build context: its `Dockerfile` plus the
//! files the rule may look at. A file `snapshots/rules/CODE.toml`
//! gives the `[pins]` the cases run with, and `select`: other rules to run alongside (the
//! rule that reports unused suppressions needs rules to suppress). A line
//! `# config: KEY = VALUE` after the title sets a rule option for that case, as `--config`
//! would (`rules.merge-runs.policy`).
//!
//! The snapshot `snapshots/rules/CODE.snap` shows each case's diagnostics and the diff of
//! its safe fixes and, if any, of its unsafe ones. Invariants checked on every case: the
//! rule emits only the fix kinds it declares, fixing converges and is idempotent, the output
//! parses, and BuildKit's view changes only as the rule intends (`common::intent`).
//! `cargo insta review` (or `INSTA_UPDATE=always`) accepts new snapshots.

use crate::common;

use std::path::{Path, PathBuf};

use dockfix::build_context::{BuildContext, DiskContext};
use dockfix::diagnostic::Applicability;
use dockfix::engine::{check, fix};
use dockfix::model::Dockerfile;
use dockfix::passes::{FixAvailability, RULES, Rule};
use dockfix::settings::{MergePolicy, Settings};
use libtest_mimic::Trial;

/// What a case expects of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// `# case:` the rule reports something.
    Fires,
    /// `# ok:` the rule reports nothing.
    Silent,
    /// `# report:` the rule reports, and offers no fix (it cannot prove one safe).
    ReportOnly,
}

struct Case {
    title: String,
    expect: Expect,
    text: String,
    context: Option<PathBuf>,
    config: CaseConfig,
}

/// The rule options a case sets with `# config:` lines.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseConfig {
    rules: Option<CaseRules>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CaseRules {
    merge_runs: Option<CaseMergeRuns>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseMergeRuns {
    policy: MergePolicy,
}

fn cases(code: &str) -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/rules");
    let mut cases = Vec::new();
    if let Ok(text) = std::fs::read_to_string(root.join(format!("{code}.dockerfile"))) {
        for chunk in text.split("# ---\n") {
            cases.push(case(chunk.to_string(), None));
        }
    }
    if let Ok(entries) = std::fs::read_dir(root.join(code)) {
        let mut dirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let text = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
            cases.push(case(text, Some(dir)));
        }
    }
    cases
}

fn case(text: String, context: Option<PathBuf>) -> Case {
    let first = text.lines().next().unwrap_or_default();
    let labels = [
        ("# case: ", Expect::Fires),
        ("# ok: ", Expect::Silent),
        ("# report: ", Expect::ReportOnly),
    ];
    let Some((title, expect)) = labels
        .iter()
        .find_map(|(label, expect)| Some((first.strip_prefix(label)?, *expect)))
    else {
        panic!("a case must start with `# case: `, `# ok: ` or `# report: `, not {first:?}");
    };
    let fragments: Vec<&str> = text
        .lines()
        .skip(1)
        .map_while(|line| line.strip_prefix("# config: "))
        .collect();
    let config = toml::from_str(&fragments.join("\n"))
        .unwrap_or_else(|error| panic!("{title}: bad `# config:` line: {error}"));
    Case {
        title: title.to_string(),
        expect,
        text,
        context,
        config,
    }
}

fn settings(code: &str, case: &Case, unsafe_fixes: bool) -> Settings {
    let fixture = fixture_settings(code);
    let merge_runs = case
        .config
        .rules
        .as_ref()
        .and_then(|r| r.merge_runs.as_ref());
    Settings {
        select: [code.to_string()]
            .into_iter()
            .chain(fixture.select)
            .collect(),
        unsafe_fixes,
        pins: std::sync::Arc::new(fixture.pins),
        merge_policy: merge_runs.map_or(MergePolicy::default(), |m| m.policy),
        ..Settings::default()
    }
}

/// `snapshots/rules/CODE.toml`: the `[pins]` (as in `dockfix.toml`) and the other rules
/// selected for the cases.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FixtureSettings {
    #[serde(default)]
    pins: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    select: Vec<String>,
}

fn fixture_settings(code: &str) -> FixtureSettings {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("snapshots/rules/{code}.toml"));
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).unwrap(),
        Err(_) => FixtureSettings::default(),
    }
}

/// The snapshot text of one case, and the invariant failures.
fn run_case(code: &str, declared: FixAvailability, case: &Case) -> (String, Vec<String>) {
    let mut out = format!(
        "── {} {} ──\n",
        match case.expect {
            Expect::Fires => "case:",
            Expect::Silent => "ok:",
            Expect::ReportOnly => "report:",
        },
        case.title
    );
    let mut problems = Vec::new();
    let context = case
        .context
        .as_deref()
        .map(|dir| DiskContext::new(dir, Some("Dockerfile")));
    let context = context.as_ref().map(|c| c as &dyn BuildContext);
    let dockerfile = Dockerfile::parse(&case.text);
    let diagnostics = check(&dockerfile, &settings(code, case, false), context);
    for diagnostic in &diagnostics {
        let at = dockerfile.tree.line_col(diagnostic.range.start);
        let fix = match &diagnostic.fix {
            Some(fix) => format!(
                " [{} fix: {}]",
                if fix.applicability == Applicability::Safe {
                    "safe"
                } else {
                    "unsafe"
                },
                fix.title
            ),
            None => String::new(),
        };
        out.push_str(&format!(
            "{at} {} {}{fix}\n",
            diagnostic.code, diagnostic.message
        ));
        // A fix that writes another file of the build context shows it as a diff.
        for file in diagnostic.fix.iter().flat_map(|fix| &fix.files) {
            out.push_str(&match &file.original {
                Some(original) => dockfix::diff::unified(original, &file.content, &file.path),
                None => dockfix::diff::unified_new(&file.content, &file.path),
            });
        }
        let allowed = match (declared, diagnostic.fix.as_ref().map(|f| f.applicability)) {
            (_, None) => true,
            (FixAvailability::None, Some(_)) => false,
            (FixAvailability::Safe, Some(kind)) => kind == Applicability::Safe,
            (FixAvailability::Unsafe, Some(kind)) => kind == Applicability::Unsafe,
            (FixAvailability::Sometimes, Some(_)) => true,
        };
        if !allowed {
            problems.push(format!(
                "emits a fix its declaration ({declared:?}) does not allow"
            ));
        }
    }
    if diagnostics.is_empty() {
        out.push_str("(no diagnostics)\n");
    }
    let reported = common::intent::reported(&dockerfile, &diagnostics);
    match case.expect {
        Expect::Silent if !diagnostics.is_empty() => {
            problems.push("an `ok` case got a diagnostic".into())
        }
        Expect::Fires | Expect::ReportOnly if diagnostics.is_empty() => {
            problems.push("a case that must fire got no diagnostic".into())
        }
        Expect::ReportOnly if diagnostics.iter().any(|d| d.fix.is_some()) => {
            problems.push("a `report` case got a fix".into())
        }
        _ => {}
    }
    for unsafe_fixes in [false, true] {
        let kind = if unsafe_fixes { "unsafe" } else { "safe" };
        let fixed = match fix(&case.text, &settings(code, case, unsafe_fixes), context) {
            Ok(fixed) => fixed,
            Err(error) => {
                problems.push(format!("{kind} fixing failed: {error}"));
                continue;
            }
        };
        let Some(text) = fixed.text else { continue };
        if unsafe_fixes {
            // Only show the unsafe diff when it differs from the safe one.
            let safe = fix(&case.text, &settings(code, case, false), context)
                .ok()
                .and_then(|f| f.text);
            if safe.as_deref() == Some(text.as_str()) {
                continue;
            }
        }
        let diff = dockfix::diff::unified(&case.text, &text, "Dockerfile");
        out.push_str(&format!("{kind} fix:\n"));
        out.push_str(
            diff.split_once("+++ b/Dockerfile\n")
                .map_or(&diff, |(_, hunks)| hunks),
        );
        let after = Dockerfile::parse(&text);
        if after.errors().iter().any(|e| e.kind.blocks_rewrite()) {
            problems.push(format!(
                "{kind} fix output does not parse: {:?}",
                after.errors()
            ));
        }
        match fix(&text, &settings(code, case, unsafe_fixes), context) {
            Ok(again) if again.text.is_some() => {
                problems.push(format!("{kind} fix is not idempotent"))
            }
            Err(error) => problems.push(format!("{kind} fix of the output failed: {error}")),
            _ => {}
        }
        // Removing unused suppression comments is DF001's intended change.
        if code != "DF001" && common::comments(&dockerfile) != common::comments(&after) {
            problems.push(format!("{kind} fix lost or changed a comment"));
        }
        if let Err(difference) = common::intent::check(code, &dockerfile, &after, &reported) {
            problems.push(format!(
                "{kind} fix changed more than intended: {difference}"
            ));
        }
    }
    out.push('\n');
    (out, problems)
}

/// Every case of one rule's fixture, against its snapshot and the invariants.
fn rule_fixture(rule: &'static dyn Rule) {
    let info = rule.info();
    let cases = cases(info.code);
    assert!(
        !cases.is_empty(),
        "{} has no fixture in snapshots/rules/",
        info.code
    );
    for (kind, what) in [
        (Expect::Fires, "must-fire (`# case:`)"),
        (Expect::Silent, "must-not-fire (`# ok:`)"),
    ] {
        assert!(
            cases.iter().any(|c| c.expect == kind),
            "{} has no {what} case",
            info.code
        );
    }
    let mut snapshot = String::new();
    let mut failures = Vec::new();
    for case in &cases {
        let (text, problems) = run_case(info.code, info.fix, case);
        snapshot.push_str(&text);
        failures.extend(problems.into_iter().map(|p| format!("{}: {p}", case.title)));
    }
    // Invariant failures first: they say more than a snapshot difference.
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    insta::with_settings!({
        snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/rules"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(info.code, snapshot);
    });
}

/// The README's rule table lists every rule, in the order they run, with its name and fix.
fn readme_rule_table_matches_rules() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let mut lines = readme
        .lines()
        .skip_while(|l| !l.starts_with("| order | code |"));
    let header: Vec<&str> = lines
        .next()
        .expect("the README has a rule table starting `| order | code |`")
        .split('|')
        .map(str::trim)
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("the rule table has no `{name}` column"))
    };
    let (code, name, fix) = (column("code"), column("name"), column("fix"));
    let rows: Vec<Vec<&str>> = lines
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('|').map(str::trim).collect())
        .collect();
    let listed: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r[code], r[name], r[fix])).collect();
    let expected: Vec<(&str, &str, &str)> = RULES
        .iter()
        .map(|rule| {
            let info = rule.info();
            let fix = match info.fix {
                FixAvailability::None => "none",
                FixAvailability::Safe => "safe",
                FixAvailability::Unsafe => "unsafe",
                FixAvailability::Sometimes => "safe or unsafe",
            };
            (info.code, info.name, fix)
        })
        .collect();
    assert_eq!(
        listed, expected,
        "README rule table (code, name, fix) vs RULES"
    );
}

pub fn trials() -> Vec<Trial> {
    let mut trials: Vec<Trial> = RULES
        .iter()
        .map(|&rule| {
            Trial::test(rule.info().code, move || {
                rule_fixture(rule);
                Ok(())
            })
        })
        .collect();
    trials.push(Trial::test("readme_rule_table_matches_rules", || {
        readme_rule_table_matches_rules();
        Ok(())
    }));
    trials
}
