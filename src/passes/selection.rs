//! Which rules a run uses: `--select`/`--ignore` and `[rules]` selectors against `RULES`.

use super::{RULES, Rule, RuleInfo};
use crate::settings::Settings;

/// The rules `settings` selects, in the order they run.
pub fn selected_rules(settings: &Settings) -> Vec<&'static dyn Rule> {
    // Asked once per file, nearly always with the same selectors as the file before (one
    // configuration covers a whole tree): the last answer of this thread is kept.
    type Selection = (Vec<String>, Vec<String>, Vec<&'static dyn Rule>);
    thread_local! {
        static LAST: std::cell::RefCell<Option<Selection>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| {
        if let Some((select, ignore, rules)) = last.as_ref()
            && *select == settings.select
            && *ignore == settings.ignore
        {
            return rules.clone();
        }
        let rules = select_rules(&settings.select, &settings.ignore);
        *last = Some((
            settings.select.clone(),
            settings.ignore.clone(),
            rules.clone(),
        ));
        rules
    })
}

fn select_rules(select: &[String], ignore: &[String]) -> Vec<&'static dyn Rule> {
    let matches =
        |list: &[String], rule: &dyn Rule| list.iter().any(|s| selector_matches(s, rule.info()));
    let mut rules = Vec::with_capacity(RULES.len());
    rules.extend(RULES.iter().copied().filter(|rule| {
        let selected = if select.is_empty() {
            rule.info().enabled_by_default
        } else {
            matches(select, *rule)
        };
        selected && !matches(ignore, *rule)
    }));
    rules
}

/// Whether a `--select`/`--ignore` (or dockfix.toml) entry picks a rule: its code
/// (`DF101`), its name (`merge-runs`), a code prefix shorter than a code (`DF1`), one of its
/// aliases in other tools (`DL3059`), or `ALL`, any case. An empty entry (`--ignore DF101,`)
/// picks none, rather than every rule as a prefix.
pub fn selector_matches(selector: &str, info: &RuleInfo) -> bool {
    !selector.is_empty()
        && (selector.eq_ignore_ascii_case("ALL")
            || selector.eq_ignore_ascii_case(info.code)
            || selector.eq_ignore_ascii_case(info.name)
            || info
                .aliases
                .iter()
                .any(|a| a.eq_ignore_ascii_case(selector))
            || (selector.len() < info.code.len()
                && info
                    .code
                    .starts_with(selector.to_ascii_uppercase().as_str())))
}

/// Whether a selector picks at least one rule.
pub fn is_known_selector(selector: &str) -> bool {
    RULES
        .iter()
        .any(|rule| selector_matches(selector, rule.info()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(select: &[&str], ignore: &[&str]) -> Vec<&'static str> {
        let settings = Settings {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..Settings::default()
        };
        selected_rules(&settings)
            .iter()
            .map(|rule| rule.info().code)
            .collect()
    }

    #[test]
    fn selectors_pick_codes_prefixes_and_names() {
        assert_eq!(codes(&["DF101"], &[]), ["DF101"]);
        assert_eq!(codes(&["merge-runs"], &[]), ["DF101"]);
        assert!(codes(&["df1"], &[]).iter().all(|c| c.starts_with("DF1")));
        assert!(!codes(&[], &["DF4"]).iter().any(|c| c.starts_with("DF4")));
        assert!(is_known_selector("DF3") && !is_known_selector("DF999"));
    }

    #[test]
    fn an_empty_selector_picks_nothing() {
        // `--ignore DF101,` splits into "DF101" and "": only DF101 goes.
        assert_eq!(codes(&[], &["DF101", ""]).len(), codes(&[], &[]).len() - 1);
        assert_eq!(codes(&["DF101", ""], &[]), ["DF101"]);
        assert!(!is_known_selector(""));
    }

    #[test]
    fn defaults_all_and_aliases() {
        let defaults = codes(&[], &[]);
        let off: Vec<&str> = RULES
            .iter()
            .map(|rule| rule.info())
            .filter(|info| !info.enabled_by_default)
            .map(|info| info.code)
            .collect();
        assert_eq!(defaults.len() + off.len(), RULES.len());
        assert!(off.iter().all(|code| !defaults.contains(code)));
        assert_eq!(codes(&["ALL"], &[]).len(), RULES.len());
        assert_eq!(codes(&["all"], &["DF101"]).len(), RULES.len() - 1);
        // hadolint's code for consecutive RUNs picks merge-runs.
        assert_eq!(codes(&["DL3059"], &[]), ["DF101"]);
        assert!(is_known_selector("ALL") && is_known_selector("dl3020"));
    }
}
