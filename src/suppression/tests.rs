use super::*;

const MERGE_RUNS: RuleIdentity = RuleIdentity {
    code: "DF101",
    name: "merge-runs",
    aliases: &["DL3059"],
};
const EXEC_FORM: RuleIdentity = RuleIdentity {
    code: "DF301",
    name: "exec-form",
    aliases: &["DL3025", "JSONArgsRecommended"],
};

/// Which instructions (1-based, by their first line) `rule` is suppressed on.
fn suppressed_lines(source: &str, rule: RuleIdentity) -> Vec<u32> {
    let dockerfile = Dockerfile::parse(source);
    let suppressions = Suppressions::parse(&dockerfile);
    dockerfile
        .instructions
        .iter()
        .filter(|instruction| {
            let range = dockerfile.instruction_range(instruction);
            suppressions
                .list
                .iter()
                .any(|s| suppressions.covers(s, rule, &range, None))
        })
        .map(|instruction| instruction.start_line)
        .collect()
}

#[test]
fn dockfix_comments_cover_the_instruction_below() {
    let source = "FROM a\n# dockfix: ignore[merge-runs] -- cached apart\nRUN x\nRUN y\n";
    assert_eq!(suppressed_lines(source, MERGE_RUNS), [3]);
    assert_eq!(suppressed_lines(source, EXEC_FORM), Vec::<u32>::new());
    // Prose between the comment and the instruction keeps them together; a blank line does not.
    let source = "FROM a\n# dockfix: ignore[DF101]\n# why\nRUN x\n# dockfix: ignore\n\nRUN y\n";
    assert_eq!(suppressed_lines(source, MERGE_RUNS), [4]);
    let source = "FROM a\nRUN x\n# dockfix: ignore-file[dl3059]\nRUN y\n";
    assert_eq!(suppressed_lines(source, MERGE_RUNS), [1, 2, 4]);
}

#[test]
fn hadolint_pragmas_map_through_aliases() {
    let source = "FROM a\n# hadolint ignore=DL3059\nRUN x\nRUN y\n";
    assert_eq!(suppressed_lines(source, MERGE_RUNS), [3]);
    // hadolint's codes are matched exactly, as hadolint does.
    let source = "FROM a\n# hadolint ignore=DF101\nRUN x\n";
    assert_eq!(suppressed_lines(source, MERGE_RUNS), Vec::<u32>::new());
    let source = "FROM a\n# hadolint stage ignore=DL3025\nCMD x\nCMD y\nFROM b\nCMD z\n";
    assert_eq!(suppressed_lines(source, EXEC_FORM), [3, 4]);
    let source = "FROM a\nCMD x\n# hadolint global ignore=DL3025\n";
    assert_eq!(suppressed_lines(source, EXEC_FORM), [1, 2]);
}

#[test]
fn buildkit_check_directive_skips_and_raises() {
    let source = "# check=skip=JSONArgsRecommended\nFROM a\nCMD x\n";
    assert_eq!(suppressed_lines(source, EXEC_FORM), [2, 3]);
    assert_eq!(suppressed_lines(source, MERGE_RUNS), Vec::<u32>::new());
    // skip=all: the rules with a BuildKit counterpart only.
    let source = "# check=skip=all\nFROM a\nCMD x\n";
    assert_eq!(suppressed_lines(source, EXEC_FORM), [2, 3]);
    assert_eq!(suppressed_lines(source, MERGE_RUNS), Vec::<u32>::new());
    // Below the first line that is not a directive, a comment for the next instruction only.
    let source = "FROM a\n# check=skip=all\nCMD x\nCMD y\n";
    assert_eq!(suppressed_lines(source, EXEC_FORM), [3]);

    let source = "# check=error=true\nFROM a\nCMD x\n";
    let dockerfile = Dockerfile::parse(source);
    let suppressions = Suppressions::parse(&dockerfile);
    let finding = |rule: &'static str| Diagnostic {
        code: rule,
        name: rule,
        severity: Severity::Info,
        message: String::new(),
        range: 24..27,
        fix: None,
    };
    let mut findings = vec![finding("DF301")];
    suppressions.filter(EXEC_FORM, &mut findings, 0, false);
    findings.push(finding("DF101"));
    suppressions.filter(MERGE_RUNS, &mut findings, 1, false);
    let severities: Vec<Severity> = findings.iter().map(|d| d.severity).collect();
    assert_eq!(severities, [Severity::Error, Severity::Info]);
}

#[test]
fn fixes_leave_suppression_comments_where_they_are() {
    let source = "FROM a\nRUN x\n# hadolint ignore=DL3008\nRUN y\n";
    let dockerfile = Dockerfile::parse(source);
    let suppressions = Suppressions::parse(&dockerfile);
    let at = |needle: &str| source.find(needle).unwrap_or(0);
    let fix = |start: usize, end: usize| {
        Fix::safe(
            "test",
            vec![crate::diagnostic::Edit::replace(start..end, "")],
        )
    };
    // Joining the RUNs across the comment, writing between it and its RUN, deleting that RUN.
    assert!(suppressions.disturbs(&fix(at("x") + 1, at("RUN y"))));
    assert!(suppressions.disturbs(&fix(at("RUN y"), at("RUN y"))));
    assert!(suppressions.disturbs(&fix(at("RUN y"), source.len())));
    // Editing inside either RUN, or writing before the comment, is fine.
    assert!(!suppressions.disturbs(&fix(at("y"), at("y") + 1)));
    assert!(!suppressions.disturbs(&fix(at("x"), at("x") + 1)));
    assert!(!suppressions.disturbs(&fix(at("# hadolint"), at("# hadolint"))));
    assert!(suppressions.has_comment_above(2) && !suppressions.has_comment_above(1));
}

#[test]
fn buildkit_check_comments_skip_the_next_instruction() {
    // As BuildKit's linter reads the comments before an instruction (`PrevComment`): blank
    // lines between do not matter (BuildKit's testRedundantTargetPlatform_02 starts its file
    // with one, so the comment is no directive), the first `check` comment counts, and an
    // empty `#` line forgets the comments above it.
    let source = "\n# check=skip=JSONArgsRecommended\nFROM a\nCMD x\n";
    assert_eq!(suppressed_lines(source, EXEC_FORM), [3]);
    let source = "FROM a\n# check=skip=JSONArgsRecommended\n\n# why\nCMD x\nCMD y\n";
    assert_eq!(suppressed_lines(source, EXEC_FORM), [5]);
    // Like the other suppression comments, it keeps rewrites from writing between it and
    // its instruction (a SHELL inserted there would take the comment).
    let suppressions = Suppressions::parse(&Dockerfile::parse(source));
    assert!(suppressions.has_comment_above(1) && !suppressions.has_comment_above(2));
    let source = "FROM a\n# CHECK = skip=all\nCMD x\n";
    assert_eq!(suppressed_lines(source, EXEC_FORM), [3]);
    let source = "FROM a\n# check=skip=JSONArgsRecommended\n#\nCMD x\n";
    assert_eq!(suppressed_lines(source, EXEC_FORM), Vec::<u32>::new());
    // Only BuildKit's names: hadolint's code means nothing in a check comment.
    let source = "FROM a\n# check=skip=DL3025\nCMD x\n";
    assert_eq!(suppressed_lines(source, EXEC_FORM), Vec::<u32>::new());
    // A rule without a BuildKit counterpart is not skipped by skip=all.
    let source = "FROM a\n# check=skip=all\nRUN x\nRUN y\n";
    assert_eq!(suppressed_lines(source, MERGE_RUNS), Vec::<u32>::new());
}

#[test]
fn the_prefilter_finds_each_spelling_anywhere_in_the_comment() {
    for text in [
        "# dockfix: ignore[DF101]",
        "# Dockfix: ignore-file",
        "#DOCKFIX: ignore",
        "# hadolint ignore=DL3008",
        "# do this, then: hadolint global ignore=DL3006",
        "#dddockfix",
    ] {
        assert!(names_a_linter(text), "{text}");
    }
    for text in [
        "# download the dock fixes",
        "# hadolin",
        "# DockFix",
        "",
        "# HADOLINT",
    ] {
        assert!(!names_a_linter(text), "{text}");
    }
}
