//! `dockfix rule`: a rule's documentation, or the list of rules.

use anyhow::{Result, bail};
use clap::Args;

use super::ExitStatus;
use super::stream::Stream;
use crate::passes::{FixAvailability, RULES, find};

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule's code (DF101) or name (merge-runs)
    #[arg(required_unless_present = "all")]
    rule: Option<String>,
    /// List every rule: code, name, fix, summary (in the order the passes run)
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
            out.write(|out| {
                writeln!(
                    out,
                    "{:<6} {:<28} {:<19} {}",
                    info.code,
                    info.name,
                    fix,
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
    out.write(|out| {
        writeln!(
            out,
            "# {} ({})\n\n{}",
            info.code,
            info.name,
            info.documentation().trim_end()
        )
    });
    out.finish()?;
    Ok(ExitStatus::Success)
}
