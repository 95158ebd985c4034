//! "Only the intended change": for each rule, the relation between BuildKit's view of a file
//! before and after that rule's fixes. Any other difference (a lost instruction, a changed
//! word, a reordered command) is reported. The views are dockfix's BuildKit view, which
//! `tests/suites/oracle_parse.rs` checks against BuildKit itself on the whole corpus.

use dockfix::diagnostic::Diagnostic;
use dockfix::model::Dockerfile;
use dockfix::model::meaning::shell_words;
use dockfix::model::view::{InstructionView, views};
use dockfix::syntax::lex::Lex;

type View = InstructionView;

fn is(view: &View, cmd: &str) -> bool {
    view.sub_cmd.as_deref().unwrap_or(&view.cmd) == cmd
}

fn words(view: &View) -> Vec<String> {
    view.value
        .first()
        .map(|text| shell_words(text))
        .unwrap_or_default()
}

/// Views equal apart from line numbers and the logical line's spelling.
fn same(a: &View, b: &View) -> bool {
    let key = |v: &View| {
        (
            v.cmd.to_lowercase(),
            v.sub_cmd.clone(),
            v.json,
            v.flags.clone(),
            v.value.clone(),
            v.heredocs.clone(),
        )
    };
    if key(a) == key(b) {
        return true;
    }
    // Shell form: the same words (the formatter may re-space the text the pass wrote).
    !a.json
        && !b.json
        && a.cmd == b.cmd
        && a.sub_cmd == b.sub_cmd
        && a.flags == b.flags
        && a.heredocs == b.heredocs
        && {
            let split = |v: &View| {
                v.value
                    .iter()
                    .flat_map(|t| shell_words(t))
                    .collect::<Vec<_>>()
            };
            split(a) == split(b)
        }
}

/// The instructions (indices into `Dockerfile::instructions`) a rule's diagnostics point into.
pub fn reported(dockerfile: &Dockerfile, diagnostics: &[Diagnostic]) -> Vec<usize> {
    let mut indices: Vec<usize> = diagnostics
        .iter()
        .filter_map(|diagnostic| {
            dockerfile.instructions.iter().position(|instruction| {
                let range = dockerfile.tree.node_range(dockerfile.node(instruction));
                range.contains(&diagnostic.range.start)
            })
        })
        .collect();
    indices.dedup();
    indices
}

/// `Ok` when `after` is `before` changed only as `code` intends. A rule without its own
/// check below may change or delete only the instructions it reported (`reported`), so a new
/// rule is checked from its first fixture on.
pub fn check(
    code: &str,
    before: &Dockerfile,
    after: &Dockerfile,
    reported: &[usize],
) -> Result<(), String> {
    let (a, b) = (views(before), views(after));
    let directives = |d: &Dockerfile| {
        d.tree
            .directives
            .iter()
            .map(|x| (x.name.clone(), x.value.clone()))
            .collect::<Vec<_>>()
    };
    if directives(before) != directives(after) {
        return Err("parser directives changed".into());
    }
    match code {
        "DF401" => pairwise(&a, &b, |x, y| {
            is(x, "add")
                && is(y, "copy")
                && x.flags == y.flags
                && x.value == y.value
                && x.json == y.json
        }),
        "DF301" => pairwise(&a, &b, exec_form),
        "DF103" => pairwise(&a, &b, |x, y| inserted(x, y, "-y")),
        "DF104" => pairwise(&a, &b, |x, y| inserted(x, y, "--no-install-recommends")),
        "DF101" => merged(&a, &b),
        "DF102" => cleaned(&a, &b),
        "DF201" => manifests_first(&a, &b),
        "DF403" => extracted(&a, &b),
        "DF402" => pairwise(&a, &b, |_, _| false),
        "DF501" => pairwise(&a, &b, pinned),
        // Stage names and references to them change case only.
        "DF502" => pairwise(&a, &b, case_folded),
        "DF113" => pairwise(&a, &b, apt_to_apt_get),
        "DF114" => pairwise(&a, &b, |x, y| inserted(x, y, "-y")),
        "DF802" => workdir_for_cd(&a, &b),
        "DF806" => shell_inserted(&a, &b),
        "DF807" => pairwise(&a, &b, |x, y| inserted(x, y, "--progress=dot:giga")),
        "DF808" => pairwise(&a, &b, |x, y| inserted(x, y, "-l")),
        // Only comments change.
        "DF001" => pairwise(&a, &b, |_, _| false),
        _ => only_reported(&a, &b, reported),
    }
}

/// The same instruction, flags and values equal but for ASCII case.
fn case_folded(x: &View, y: &View) -> bool {
    let fold = |values: &[String]| {
        values
            .iter()
            .map(|v| v.to_ascii_lowercase())
            .collect::<Vec<_>>()
    };
    x.cmd == y.cmd
        && x.sub_cmd == y.sub_cmd
        && x.json == y.json
        && fold(&x.flags) == fold(&y.flags)
        && fold(&x.value) == fold(&y.value)
}

/// DF113: words the same but `apt` (any folder) that became `apt-get`.
fn apt_to_apt_get(x: &View, y: &View) -> bool {
    let (wx, wy) = (words(x), words(y));
    is(x, "run")
        && is(y, "run")
        && x.flags == y.flags
        && wx.len() == wy.len()
        && wx.iter().zip(&wy).all(|(a, b)| {
            a == b || ((a == "apt" || a.ends_with("/apt")) && *b == format!("{a}-get"))
        })
}

/// DF802: before some RUNs `RUN cd /dir && rest`, a `WORKDIR /dir`, and the RUN is
/// `RUN rest`; everything else the same.
fn workdir_for_cd(a: &[View], b: &[View]) -> Result<(), String> {
    let mut after = b.iter();
    for x in a {
        let Some(mut y) = after.next() else {
            return Err("instructions went".into());
        };
        if same(x, y) {
            continue;
        }
        let wx = words(x);
        let folder = wx.get(1).cloned().unwrap_or_default();
        let workdir = is(y, "workdir") && y.value == [folder.clone()];
        match after.next() {
            Some(run) if workdir => y = run,
            _ => return Err(format!("{x:?} -> {y:?}")),
        }
        let rest = wx.get(3..).unwrap_or_default();
        let moved = is(x, "run")
            && is(y, "run")
            && x.flags == y.flags
            && wx.first().is_some_and(|w| w == "cd")
            && wx.get(2).is_some_and(|w| w == "&&")
            && words(y) == rest;
        if !moved {
            return Err(format!("{x:?} -> {y:?}"));
        }
    }
    match after.next() {
        Some(y) => Err(format!("an instruction was added: {y:?}")),
        None => Ok(()),
    }
}

/// DF806: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` inserted, nothing else changed.
fn shell_inserted(a: &[View], b: &[View]) -> Result<(), String> {
    let pipefail = ["/bin/bash", "-o", "pipefail", "-c"].map(String::from);
    let kept: Vec<View> = b
        .iter()
        .filter(|y| !(is(y, "shell") && y.json && y.value == pipefail))
        .cloned()
        .collect();
    if kept.len() == b.len() {
        return Err("no SHELL was inserted".into());
    }
    pairwise(a, &kept, |_, _| false)
}

/// Every instruction the same, but those reported, which may change in place or go.
fn only_reported(a: &[View], b: &[View], reported: &[usize]) -> Result<(), String> {
    if a.len() == b.len() {
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            if !same(x, y) && !reported.contains(&i) {
                return Err(format!(
                    "unreported instruction {} changed: {x:?} -> {y:?}",
                    i + 1
                ));
            }
        }
        return Ok(());
    }
    // Deletions only: what is left is the rest, in order.
    let mut kept = b.iter().peekable();
    for (i, x) in a.iter().enumerate() {
        match kept.peek() {
            Some(y) if same(x, y) => {
                kept.next();
            }
            _ if reported.contains(&i) => {}
            _ => {
                return Err(format!(
                    "unreported instruction {} changed or went: {x:?}",
                    i + 1
                ));
            }
        }
    }
    match kept.next() {
        Some(y) => Err(format!("an instruction was added: {y:?}")),
        None => Ok(()),
    }
}

/// Same length; each pair the same or related by `changed`.
fn pairwise(a: &[View], b: &[View], changed: impl Fn(&View, &View) -> bool) -> Result<(), String> {
    if a.len() != b.len() {
        return Err(format!("{} instructions -> {}", a.len(), b.len()));
    }
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if !same(x, y) && !changed(x, y) {
            return Err(format!("instruction {}: {x:?} -> {y:?}", i + 1));
        }
    }
    Ok(())
}

/// Exec form: the words BuildKit's lexer gives the shell text (a leading `exec` dropped),
/// or the shell kept with `exec` in front of the text (the same shell words). For
/// HEALTHCHECK, `CMD` then the words.
fn exec_form(x: &View, y: &View) -> bool {
    let kind = |v: &View| v.sub_cmd.clone().unwrap_or_else(|| v.cmd.clone());
    if kind(x) == "healthcheck" {
        let (Some((x_kind, x_text)), Some((y_kind, y_words))) =
            (x.value.split_first(), y.value.split_first())
        else {
            return false;
        };
        let lexed = x_text
            .first()
            .and_then(|text| Lex::new('\\').process_words(text).ok());
        return !x.json
            && y.json
            && kind(y) == "healthcheck"
            && x.flags == y.flags
            && x_kind == "CMD"
            && y_kind == "CMD"
            && lexed.as_deref() == Some(y_words);
    }
    if x.json
        || !y.json
        || kind(x) != kind(y)
        || !matches!(kind(x).as_str(), "cmd" | "entrypoint")
        || x.flags != y.flags
    {
        return false;
    }
    let Some(text) = x.value.first() else {
        return false;
    };
    let mut lexed = Lex::new('\\').process_words(text).unwrap_or_default();
    if lexed.first().is_some_and(|w| w == "exec") {
        lexed.remove(0);
    }
    let with_shell = y.value.len() >= 3
        && y.value[y.value.len() - 2] == "-c"
        && y.value
            .last()
            .is_some_and(|last| shell_words(last) == shell_words(&format!("exec {text}")));
    y.value == lexed || with_shell
}

/// The same FROM, its image now with a digest.
fn pinned(x: &View, y: &View) -> bool {
    is(x, "from")
        && is(y, "from")
        && x.flags == y.flags
        // `AS` in any case: the formatter writes it in upper case.
        && x.value.get(1..).map(|rest| rest.join(" ").to_lowercase())
            == y.value.get(1..).map(|rest| rest.join(" ").to_lowercase())
        && y.value.first().is_some_and(|image| image.contains("@sha"))
        && x.value.first().is_some_and(|image| !image.contains('@'))
}

/// `y`'s words are `x`'s with `flag` inserted (at least once).
fn inserted(x: &View, y: &View, flag: &str) -> bool {
    let (wx, wy) = (words(x), words(y));
    let without: Vec<&String> = wy.iter().filter(|w| *w != flag).collect();
    is(x, "run")
        && is(y, "run")
        && x.flags == y.flags
        && wy.len() > wx.len()
        && without == wx.iter().filter(|w| *w != flag).collect::<Vec<_>>()
}

/// Drop the wrappers merge-runs adds: `(`, `)`, `{`, and `; }`.
fn unwrap_words(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in words {
        match word.as_str() {
            "(" | ")" | "{" => {}
            "}" => {
                if let Some(last) = out.last_mut()
                    && last.ends_with(';')
                {
                    last.pop();
                }
            }
            _ => out.push(word.clone()),
        }
    }
    out
}

/// The words a RUN adds to a merge: chained after `&&`, or, when it starts like the last
/// command so far (an install combined into the one before), only its remaining words.
fn joined(chained: &[String], next: &[String], target: &[String]) -> Option<Vec<String>> {
    let mut with_and = chained.to_vec();
    if !with_and.is_empty() {
        with_and.push("&&".into());
    }
    with_and.extend(next.iter().cloned());
    if target.starts_with(&unwrap_words(&with_and)) {
        return Some(with_and);
    }
    let last_command = chained
        .iter()
        .rposition(|w| matches!(w.as_str(), "&&" | "||" | ";"))
        .map_or(chained, |at| &chained[at + 1..]);
    let shared = last_command
        .iter()
        .zip(next)
        .take_while(|(a, b)| a == b)
        .count();
    if shared < 2 {
        return None;
    }
    let mut combined = chained.to_vec();
    combined.extend(next[shared..].iter().cloned());
    target
        .starts_with(&unwrap_words(&combined))
        .then_some(combined)
}

/// Runs of consecutive RUNs became one RUN chaining their commands with `&&`, in order, or
/// (merge-runs' unsafe fix) adding a later install's packages to the install before it.
fn merged(a: &[View], b: &[View]) -> Result<(), String> {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if same(&a[i], &b[j]) {
            i += 1;
            j += 1;
            continue;
        }
        let target = unwrap_words(&words(&b[j]));
        let mut chained: Vec<String> = Vec::new();
        let mut k = i;
        while k < a.len() && is(&a[k], "run") && a[k].flags == b[j].flags && !a[k].json {
            let Some(next) = joined(&chained, &words(&a[k]), &target) else {
                break;
            };
            chained = next;
            k += 1;
            if k - i >= 2 && unwrap_words(&chained) == target {
                break;
            }
        }
        if k - i < 2 || unwrap_words(&chained) != target {
            return Err(format!(
                "instruction {} is not a merge of instructions {}..: {:?}",
                j + 1,
                i + 1,
                b[j].value
            ));
        }
        i = k;
        j += 1;
    }
    if i != a.len() || j != b.len() {
        return Err(format!("{} instructions -> {}", a.len(), b.len()));
    }
    Ok(())
}

/// The cleanup commands package-cache-cleanup may append (`transforms/package-managers.toml`),
/// with `{program}` replaced by each program of the manager.
fn cleanups() -> Vec<String> {
    let mut cleanups = Vec::new();
    for manager in &dockfix::knowledge::knowledge().managers {
        if let dockfix::knowledge::Cleanup::Append(text) = &manager.cleanup {
            for program in &manager.programs {
                cleanups.push(text.replace("{program}", program));
            }
        }
    }
    cleanups.dedup();
    cleanups
}

/// Drop what the cache cleanup adds or removes by flag: `--no-cache`, `--no-cache-dir`,
/// and an `apk update &&`.
fn without_cache_flags(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut index = 0;
    while index < words.len() {
        if words[index] == "apk"
            && words.get(index + 1).is_some_and(|w| w == "update")
            && words.get(index + 2).is_some_and(|w| w == "&&")
        {
            index += 3;
            continue;
        }
        if words[index] != "--no-cache" && words[index] != "--no-cache-dir" {
            out.push(words[index].clone());
        }
        index += 1;
    }
    out
}

/// Each changed RUN gained a cleanup: an appended `&& cleanup`, or cache flags; a RUN that
/// was only the apt cleanup may be gone.
fn cleaned(a: &[View], b: &[View]) -> Result<(), String> {
    let (mut i, mut j) = (0, 0);
    while i < a.len() {
        let x = &a[i];
        let y = b.get(j);
        if y.is_some_and(|y| same(x, y)) {
            i += 1;
            j += 1;
            continue;
        }
        // A RUN that was only a cleanup moved into an earlier RUN.
        if is(x, "run") && cleanups().contains(&words(x).join(" ")) {
            i += 1;
            continue;
        }
        let Some(y) = y else {
            return Err(format!("instruction {} is gone", i + 1));
        };
        let (wx, wy) = (words(x), words(y));
        let appended = cleanups().iter().any(|c| {
            let mut expected = wx.clone();
            expected.push("&&".into());
            expected.extend(c.split(' ').map(String::from));
            expected == wy
        });
        let flagged = without_cache_flags(&wy) == without_cache_flags(&wx) && wy.len() != wx.len();
        if !(is(x, "run") && is(y, "run") && x.flags == y.flags && (appended || flagged)) {
            return Err(format!(
                "instruction {}: {:?} -> {:?}",
                i + 1,
                x.value,
                y.value
            ));
        }
        i += 1;
        j += 1;
    }
    if j != b.len() {
        return Err(format!("{} instructions -> {}", a.len(), b.len()));
    }
    Ok(())
}

/// A COPY of manifests and the install RUN were inserted before `COPY . .`; the install left
/// the RUN after it (which is gone, or keeps the rest of its chain).
fn manifests_first(a: &[View], b: &[View]) -> Result<(), String> {
    let Some(i) = a.iter().zip(b).position(|(x, y)| !same(x, y)) else {
        return if a.len() == b.len() {
            Ok(())
        } else {
            Err("instructions added at the end".into())
        };
    };
    let (copy, install) = (b.get(i).ok_or("no COPY")?, b.get(i + 1).ok_or("no RUN")?);
    let whole = &a[i];
    let directory = |v: &View| {
        v.value.last().map(|d| {
            if d == "." {
                "./".to_string()
            } else {
                format!("{}/", d.trim_end_matches('/'))
            }
        })
    };
    let dest_ok = directory(copy) == directory(whole);
    if !is(copy, "copy")
        || !is(whole, "copy")
        || copy.flags != whole.flags
        || !dest_ok
        || !same(whole, &b[i + 2])
    {
        return Err(format!(
            "instruction {}: expected a manifest COPY before {:?}",
            i + 1,
            whole.value
        ));
    }
    // Between the whole-context COPY and the install RUN: the same instructions.
    let run_at = (i + 1..a.len())
        .find(|&k| is(&a[k], "run"))
        .ok_or("no install RUN")?;
    for k in i + 1..run_at {
        if !same(&a[k], &b[k + 2]) {
            return Err(format!("instruction {} changed", k + 1));
        }
    }
    let run = &a[run_at];
    if !is(install, "run") || install.flags != run.flags {
        return Err("the inserted RUN is not the install".into());
    }
    let (wr, wi) = (words(run), words(install));
    // 1 when the RUN moved whole, 0 when the rest of its chain stayed.
    let rest_offset = if wr == wi {
        1
    } else {
        let mut expected = wi.clone();
        expected.push("&&".into());
        let remaining = &b[run_at + 2];
        expected.extend(words(remaining));
        if expected != wr || !is(remaining, "run") || remaining.flags != run.flags {
            return Err(format!(
                "the install RUN {:?} was not split into {:?} and the rest",
                run.value, install.value
            ));
        }
        0
    };

    let tail_a = &a[run_at + 1..];
    let tail_b = &b[run_at + 3 - rest_offset..];
    if tail_a.len() != tail_b.len() || tail_a.iter().zip(tail_b).any(|(x, y)| !same(x, y)) {
        return Err("instructions after the install changed".into());
    }
    Ok(())
}

/// Each ADD of an archive became a COPY of it and a RUN extracting it with tar.
fn extracted(a: &[View], b: &[View]) -> Result<(), String> {
    let (mut i, mut j) = (0, 0);
    while i < a.len() {
        let y = b
            .get(j)
            .ok_or_else(|| format!("instruction {} is gone", i + 1))?;
        if same(&a[i], y) {
            i += 1;
            j += 1;
            continue;
        }
        let (add, copy, run) = (&a[i], y, b.get(j + 1).ok_or("no RUN")?);
        let ok = is(add, "add")
            && is(copy, "copy")
            && add.value.first() == copy.value.first()
            && is(run, "run")
            && words(run).iter().any(|w| w == "tar");
        if !ok {
            return Err(format!(
                "instruction {}: {:?} is not an explicit extraction",
                i + 1,
                add.value
            ));
        }
        i += 1;
        j += 2;
    }
    if j != b.len() {
        return Err(format!("{} instructions -> {}", a.len(), b.len()));
    }
    Ok(())
}
