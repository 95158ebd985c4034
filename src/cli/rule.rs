//! `dockfix rule`: a rule's documentation, or the list of rules.

use anyhow::{Result, bail};
use clap::Args;

use super::ExitStatus;
use super::stream::Stream;
use crate::passes::{FixAvailability, RULES, find};

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule's code (DF101), name (merge-runs), or hadolint or BuildKit code (DL3059)
    #[arg(required_unless_present = "all")]
    rule: Option<String>,
    /// List every rule: code, name, fix, default (on/off), summary and the same check's
    /// codes in hadolint and BuildKit (in the order the passes run)
    #[arg(long)]
    all: bool,
}

pub fn run(args: RuleArgs) -> Result<ExitStatus> {
    let mut out = Stream::stdout();
    if args.all {
        for rule in RULES {
            let info = rule.info();
            let fix = match info.fix {
                FixAvailability::None => "no fix",
                FixAvailability::Safe => "safe fix",
                FixAvailability::Unsafe => "unsafe fix",
                FixAvailability::Sometimes => "safe or unsafe fix",
            };
            let default = if info.enabled_by_default { "on" } else { "off" };
            let aliases = if info.aliases.is_empty() {
                String::new()
            } else {
                format!(" ({})", info.aliases.join(", "))
            };
            out.write(|out| {
                writeln!(
                    out,
                    "{:<6} {:<28} {:<19} {:<4} {}{aliases}",
                    info.code,
                    info.name,
                    fix,
                    default,
                    info.summary()
                )
            });
        }
        out.finish()?;
        return Ok(ExitStatus::Success);
    }
    let name = args.rule.unwrap_or_default();
    let Some(rule) = find(&name) else {
        bail!("unknown rule {name:?} (see `dockfix rule --all`)")
    };
    let info = rule.info();
    let mut facts = vec![format!(
        "On by default: {}",
        if info.enabled_by_default {
            "yes"
        } else {
            "no (select it with --select or [rules] select)"
        }
    )];
    let hadolint: Vec<&str> = info.hadolint_codes().collect();
    if !hadolint.is_empty() {
        facts.push(format!("hadolint: {}", hadolint.join(", ")));
    }
    let buildkit: Vec<&str> = info.buildkit_checks().collect();
    if !buildkit.is_empty() {
        facts.push(format!("BuildKit check: {}", buildkit.join(", ")));
    }
    out.write(|out| {
        writeln!(
            out,
            "# {} ({})\n\n{}\n\n## Settings\n{}",
            info.code,
            info.name,
            info.documentation().trim_end(),
            facts.join("\n")
        )
    });
    out.finish()?;
    Ok(ExitStatus::Success)
}
