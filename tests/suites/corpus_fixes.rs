//! The rewrite passes over the whole corpus: each rule alone (safe fixes, then unsafe ones
//! too; merge-runs also with `policy = "all"`) and all rules chained. Fixing never fails on
//! a file BuildKit accepts, is idempotent, and changes BuildKit's view of the file only as
//! the rule intends (`common::intent`).
//! Prints, per rule, the files it changed, its diagnostics and its unsafe fixes.

use crate::common;
use libtest_mimic::Trial;

use common::Need;

use dockfix::build_context::{BuildContext, DiskContext};
use dockfix::diagnostic::Applicability;
use dockfix::engine::{check, fix};
use dockfix::model::Dockerfile;
use dockfix::passes::RULES;
use dockfix::settings::{MergePolicy, Settings};

/// Floors under each rule's diagnostics on the corpus (about half of what they found when
/// the floor was set): a rule that silently stops seeing its cases fails here.
const MINIMUM_DIAGNOSTICS: &[(&str, usize)] = &[
    ("DF401", 45),
    ("DF402", 16),
    ("DF403", 8),
    ("DF301", 30),
    ("DF101", 3),
    ("DF102", 50),
    ("DF104", 20),
    ("DF501", 400),
    ("DF503", 75),
    ("DF507", 20),
    ("DF511", 9),
    ("DF513", 50),
    ("DF514", 3),
    ("DF601", 12),
    ("DF602", 12),
    ("DF603", 900),
    ("DF604", 8),
    ("DF607", 3),
    ("DF608", 10),
    ("DF609", 5),
    ("DF610", 3),
    ("DF613", 95),
    ("DF614", 900),
    ("DF701", 10),
    ("DF705", 850),
    ("DF706", 6),
    ("DF105", 500),
    ("DF106", 20),
    ("DF108", 450),
    ("DF109", 4),
    ("DF112", 30),
    ("DF113", 5),
    ("DF116", 15),
    ("DF801", 5),
    ("DF802", 300),
    ("DF804", 1),
    ("DF806", 650),
    ("DF807", 320),
];

#[derive(Default)]
struct Counts {
    changed: usize,
    changed_unsafe: usize,
    diagnostics: usize,
    unsafe_fixes: usize,
}

fn passes_over_the_corpus() {
    let corpus = common::corpus();
    let files = common::corpus_dockerfiles(&corpus);
    let sources: Vec<(std::path::PathBuf, String)> = files
        .iter()
        .map(|p| (p.clone(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let mut failures = Vec::new();
    let mut report = Vec::new();
    // Each rule with its defaults, and merge-runs merging everything it can.
    let runs = RULES
        .iter()
        .map(|rule| (*rule, MergePolicy::default()))
        .chain(
            RULES
                .iter()
                .filter(|rule| rule.info().code == "DF101")
                .map(|rule| (*rule, MergePolicy::All)),
        );
    for (rule, merge_policy) in runs {
        let code = rule.info().code;
        let mut counts = Counts::default();
        for (path, source) in &sources {
            let before = Dockerfile::parse(source);
            if !before.tree.is_rewritable() {
                continue;
            }
            let context = path
                .parent()
                .map(|dir| DiskContext::new(dir, path.file_name().and_then(|n| n.to_str())));
            let context = context.as_ref().map(|c| c as &dyn BuildContext);
            let only = |unsafe_fixes| Settings {
                select: vec![code.into()],
                unsafe_fixes,
                merge_policy,
                ..Settings::default()
            };
            let diagnostics = check(&before, &only(false), context);
            counts.diagnostics += diagnostics.len();
            counts.unsafe_fixes += diagnostics
                .iter()
                .filter(|d| {
                    d.fix
                        .as_ref()
                        .is_some_and(|f| f.applicability == Applicability::Unsafe)
                })
                .count();
            for unsafe_fixes in [false, true] {
                let fixed = match fix(source, &only(unsafe_fixes), context) {
                    Ok(fixed) => fixed,
                    Err(error) => {
                        failures.push(format!("{code} {}: {error}", path.display()));
                        continue;
                    }
                };
                let Some(text) = fixed.text else { continue };
                if unsafe_fixes {
                    counts.changed_unsafe += 1
                } else {
                    counts.changed += 1
                }
                let after = Dockerfile::parse(&text);
                if common::comments(&before) != common::comments(&after) {
                    failures.push(format!(
                        "{code} {}: a comment was lost or changed",
                        path.display()
                    ));
                }
                let reported = common::intent::reported(&before, &diagnostics);
                if let Err(difference) = common::intent::check(code, &before, &after, &reported) {
                    failures.push(format!(
                        "{code} {}: changed more than intended: {difference}",
                        path.display()
                    ));
                }
                match fix(&text, &only(unsafe_fixes), context) {
                    Ok(again) if again.text.is_some() => {
                        failures.push(format!("{code} {}: not idempotent", path.display()))
                    }
                    Err(error) => failures.push(format!(
                        "{code} {}: second pass failed: {error}",
                        path.display()
                    )),
                    _ => {}
                }
            }
        }
        if let Some(&(_, minimum)) = MINIMUM_DIAGNOSTICS.iter().find(|(c, _)| *c == code)
            && merge_policy == MergePolicy::Related
            && counts.diagnostics < minimum
        {
            failures.push(format!(
                "{code}: {} diagnostics on the corpus, fewer than {minimum}: did the rule stop seeing what it should?",
                counts.diagnostics
            ));
        }
        let name = match merge_policy {
            MergePolicy::All => format!("{} (policy all)", rule.info().name),
            MergePolicy::Related => rule.info().name.to_string(),
        };
        report.push(format!(
            "{code} {:<26} changed {:>4} files (with unsafe fixes: {:>4}), {:>5} diagnostics, {:>4} unsafe fixes offered",
            name, counts.changed, counts.changed_unsafe, counts.diagnostics, counts.unsafe_fixes
        ));
    }
    // All rules chained, as `fix` runs them; and the same chain one rule at a time, each
    // step checked for its rule's intent on what the rules before it left.
    let (mut changed, mut rewritable) = (0, 0);
    for (path, source) in &sources {
        if !Dockerfile::parse(source).tree.is_rewritable() {
            continue;
        }
        rewritable += 1;
        let context = path
            .parent()
            .map(|dir| DiskContext::new(dir, path.file_name().and_then(|n| n.to_str())));
        let context = context.as_ref().map(|c| c as &dyn BuildContext);
        match fix(source, &Settings::default(), context) {
            Ok(fixed) => {
                let Some(text) = fixed.text else { continue };
                changed += 1;
                if common::comments(&Dockerfile::parse(source))
                    != common::comments(&Dockerfile::parse(&text))
                {
                    failures.push(format!("all rules {}: a comment was lost", path.display()));
                }
                match fix(&text, &Settings::default(), context) {
                    Ok(again) if again.text.is_some() => {
                        failures.push(format!("all rules {}: not idempotent", path.display()))
                    }
                    Err(error) => failures.push(format!(
                        "all rules {}: second pass failed: {error}",
                        path.display()
                    )),
                    _ => {}
                }
            }
            Err(error) => failures.push(format!("all rules {}: {error}", path.display())),
        }
        let mut current = source.clone();
        for rule in RULES {
            let code = rule.info().code;
            let only = Settings {
                select: vec![code.into()],
                ..Settings::default()
            };
            let before = Dockerfile::parse(&current);
            let diagnostics = check(&before, &only, context);
            let Ok(fixed) = fix(&current, &only, context) else {
                failures.push(format!("chain {code} {}: fixing failed", path.display()));
                break;
            };
            let Some(text) = fixed.text else { continue };
            let reported = common::intent::reported(&before, &diagnostics);
            if let Err(difference) =
                common::intent::check(code, &before, &Dockerfile::parse(&text), &reported)
            {
                failures.push(format!(
                    "chain {code} {}: changed more than intended: {difference}",
                    path.display()
                ));
            }
            current = text;
        }
    }
    report.push(format!(
        "all rules: changed {changed} of {rewritable} files"
    ));
    println!(
        "corpus fixes over {} files:\n{}",
        sources.len(),
        report.join("\n")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

pub fn trials() -> Vec<Trial> {
    vec![common::trial(
        "passes_over_the_corpus",
        &[Need::Corpus],
        passes_over_the_corpus,
    )]
}
