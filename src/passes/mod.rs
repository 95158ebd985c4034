//! Rules and rewrite passes: one file per rule, listed in `RULES` in the order they run.
//!
//! A rule is a unit struct declared with `rule!`, whose doc comment is its user
//! documentation (what `dockfix rule CODE` prints), plus a `check` that reads the parsed
//! file and reports diagnostics, each with an optional fix (edits and an applicability).
//! Adding a rule is one file here, one line in `RULES`, and its fixture in
//! `snapshots/rules/`.

mod chain;
mod context;
mod copies;
mod pins;
mod run_commands;
mod selection;
mod shell_run;
mod sources;

pub mod add_archive;
pub mod add_to_copy;
pub mod add_url;
pub mod apt_no_install_recommends;
pub mod apt_yes;
pub mod copy_ignored_file;
pub mod dockerignore_sensitive;
pub mod exec_form;
pub mod manifests_first;
pub mod merge_runs;
pub mod no_user;
pub mod package_cache;
pub mod pin_base_image;
pub mod secret_files;
pub mod secrets_in_arg_env;
pub mod single_stage_toolchain;
pub mod unused_suppression;
// Instructions, stages and BuildKit's checks (DF502-DF599, DF601-DF699).
pub mod copy_destination_slash;
pub mod copy_entire_filesystem;
pub mod copy_from_own_stage;
pub mod copy_from_unknown_stage;
pub mod copy_relative_destination;
pub mod duplicate_stage_name;
pub mod empty_continuation;
pub mod env_self_reference;
pub mod expose_invalid;
pub mod expose_proto_casing;
pub mod from_as_casing;
pub mod from_platform_const;
pub mod from_platform_flag;
pub mod healthcheck_missing;
pub mod instruction_before_from;
pub mod instruction_casing;
pub mod invalid_default_arg_in_from;
pub mod label_key_invalid;
pub mod last_user_root;
pub mod legacy_key_value;
pub mod maintainer_deprecated;
pub mod multiple_instructions;
pub mod onbuild_trigger_forbidden;
pub mod redundant_target_platform;
pub mod reserved_stage_name;
pub mod stage_name_casing;
pub mod undefined_arg_in_from;
pub mod undefined_var;
pub mod user_non_numeric;
pub mod workdir_relative;
// Shell (DF8xx) and package managers (DF105-DF199).
pub mod cd_workdir;
pub mod curl_and_wget;
pub mod pin_apk;
pub mod pin_apt;
pub mod pin_dnf;
pub mod pin_gem;
pub mod pin_go;
pub mod pin_npm;
pub mod pin_pip;
pub mod pin_yum;
pub mod pin_zypper;
pub mod pipefail;
pub mod pointless_command;
pub mod rpm_yes;
pub mod shell_symlink;
pub mod sudo;
pub mod use_apt_get;
pub mod useradd_log_init;
pub mod wget_progress;
pub mod zypper_dist_upgrade;

pub use context::Context;
pub use selection::{is_known_selector, selected_rules, selector_matches};

use crate::diagnostic::{Diagnostic, Severity};
use crate::suppression::{RuleIdentity, is_hadolint_code};

/// Whether a rule comes with a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    None,
    Safe,
    Unsafe,
    /// Safe in some cases, unsafe in others.
    Sometimes,
}

/// What a rule is, for listings and documentation.
#[derive(Debug, serde::Serialize)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub fix: FixAvailability,
    /// Whether the rule runs when no selection names it (`default: off` in `rule!`).
    pub enabled_by_default: bool,
    /// The codes of the same check in other tools: hadolint's (`DL3020`) and BuildKit's
    /// check names (`JSONArgsRecommended`), for their suppression comments and listings.
    pub aliases: &'static [&'static str],
    /// The doc comment of the rule's struct, in Markdown.
    pub doc: &'static str,
}

impl RuleInfo {
    /// The first line of the doc.
    pub fn summary(&self) -> &'static str {
        self.doc
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }

    /// The doc with the one leading space of `///` comments removed.
    pub fn documentation(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The names a suppression comment may use for the rule.
    pub fn identity(&self) -> RuleIdentity<'static> {
        RuleIdentity {
            code: self.code,
            name: self.name,
            aliases: self.aliases,
        }
    }

    /// The aliases from hadolint (`DL`/`SC` codes).
    pub fn hadolint_codes(&self) -> impl Iterator<Item = &'static str> {
        self.aliases
            .iter()
            .copied()
            .filter(|alias| is_hadolint_code(alias))
    }

    /// The aliases from BuildKit's checks (`JSONArgsRecommended`).
    pub fn buildkit_checks(&self) -> impl Iterator<Item = &'static str> {
        self.aliases
            .iter()
            .copied()
            .filter(|alias| !is_hadolint_code(alias))
    }
}

pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>);

    /// A diagnostic of this rule.
    fn diagnostic(&self, message: String, range: std::ops::Range<usize>) -> Diagnostic {
        let info = self.info();
        Diagnostic {
            code: info.code,
            name: info.name,
            severity: info.severity,
            message,
            range,
            fix: None,
        }
    }
}

/// Declares a rule struct and its `RuleInfo`, taking the doc comment as documentation.
/// `default: off` leaves the rule out unless a selection names it; `aliases` lists the
/// codes of the same check in hadolint and BuildKit (their suppression comments and
/// selectors map through these).
macro_rules! rule {
    (@default) => { true };
    (@default on) => { true };
    (@default off) => { false };
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident,
            fix: $fix:ident
            $(, default: $default:ident)?
            $(, aliases: [$($alias:literal),* $(,)?])?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const INFO: $crate::passes::RuleInfo = $crate::passes::RuleInfo {
                code: $code,
                name: $rule_name,
                severity: $crate::diagnostic::Severity::$severity,
                fix: $crate::passes::FixAvailability::$fix,
                enabled_by_default: rule!(@default $($default)?),
                aliases: &[$($($alias),*)?],
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}
pub(crate) use rule;

/// Every rule, in the order the passes run (see the README for why this order).
pub static RULES: &[&dyn Rule] = &[
    &add_to_copy::AddToCopy,
    &add_url::AddUrl,
    &add_archive::AddArchive,
    &exec_form::ExecForm,
    &manifests_first::ManifestsFirst,
    &merge_runs::MergeRuns,
    &package_cache::PackageCache,
    &apt_yes::AptYes,
    &apt_no_install_recommends::AptNoInstallRecommends,
    &use_apt_get::UseAptGet,
    &rpm_yes::RpmYes,
    &zypper_dist_upgrade::ZypperDistUpgrade,
    &pin_apt::PinApt,
    &pin_pip::PinPip,
    &pin_npm::PinNpm,
    &pin_apk::PinApk,
    &pin_gem::PinGem,
    &pin_yum::PinYum,
    &pin_zypper::PinZypper,
    &pin_dnf::PinDnf,
    &pin_go::PinGo,
    &pin_base_image::PinBaseImage,
    &instruction_before_from::InstructionBeforeFrom,
    &duplicate_stage_name::DuplicateStageName,
    &reserved_stage_name::ReservedStageName,
    &stage_name_casing::StageNameCasing,
    &from_as_casing::FromAsCasing,
    &undefined_arg_in_from::UndefinedArgInFrom,
    &invalid_default_arg_in_from::InvalidDefaultArgInFrom,
    &redundant_target_platform::RedundantTargetPlatform,
    &from_platform_const::FromPlatformConst,
    &from_platform_flag::FromPlatformFlag,
    &copy_from_own_stage::CopyFromOwnStage,
    &copy_from_unknown_stage::CopyFromUnknownStage,
    &maintainer_deprecated::MaintainerDeprecated,
    &legacy_key_value::LegacyKeyValue,
    &multiple_instructions::MultipleInstructions,
    &workdir_relative::WorkdirRelative,
    &expose_proto_casing::ExposeProtoCasing,
    &expose_invalid::ExposeInvalid,
    &undefined_var::UndefinedVar,
    &empty_continuation::EmptyContinuation,
    &instruction_casing::InstructionCasing,
    &copy_destination_slash::CopyDestinationSlash,
    &last_user_root::LastUserRoot,
    &onbuild_trigger_forbidden::OnbuildTriggerForbidden,
    &env_self_reference::EnvSelfReference,
    &copy_relative_destination::CopyRelativeDestination,
    &healthcheck_missing::HealthcheckMissing,
    &label_key_invalid::LabelKeyInvalid,
    &user_non_numeric::UserNonNumeric,
    &copy_entire_filesystem::CopyEntireFilesystem,
    // The guides' practices and security (DF7xx).
    &secrets_in_arg_env::SecretsInArgEnv,
    &secret_files::SecretFiles,
    &copy_ignored_file::CopyIgnoredFile,
    &dockerignore_sensitive::DockerignoreSensitive,
    &no_user::NoUser,
    &single_stage_toolchain::SingleStageToolchain,
    &pointless_command::PointlessCommand,
    &cd_workdir::CdWorkdir,
    &sudo::Sudo,
    &curl_and_wget::CurlAndWget,
    &shell_symlink::ShellSymlink,
    &pipefail::Pipefail,
    &wget_progress::WgetProgress,
    &useradd_log_init::UseraddLogInit,
    // Last: it runs the others to see which suppression comments they need.
    &unused_suppression::UnusedSuppression,
];

/// A rule by code (`DF101`), name (`merge-runs`) or alias in another tool (`DL3059`; the
/// first rule that has it), any case.
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|rule| {
        let info = rule.info();
        info.code.eq_ignore_ascii_case(code_or_name)
            || info.name.eq_ignore_ascii_case(code_or_name)
            || info
                .aliases
                .iter()
                .any(|a| a.eq_ignore_ascii_case(code_or_name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            let info = rule.info();
            assert!(seen.insert(info.code), "duplicate code {}", info.code);
            assert!(seen.insert(info.name), "duplicate name {}", info.name);
            assert!(
                info.code.starts_with("DF") && info.code.len() == 5,
                "{}",
                info.code
            );
            for section in ["## What it does", "## Why", "## Example", "## Fix safety"] {
                assert!(
                    info.doc.contains(section),
                    "{} lacks {section:?}",
                    info.code
                );
            }
        }
    }

    /// BuildKit's checks (`docker build --check`), as its linter names them.
    const BUILDKIT_CHECKS: [&str; 22] = [
        "StageNameCasing",
        "FromAsCasing",
        "NoEmptyContinuation",
        "ConsistentInstructionCasing",
        "DuplicateStageName",
        "ReservedStageName",
        "JSONArgsRecommended",
        "MaintainerDeprecated",
        "UndefinedArgInFrom",
        "WorkdirRelativePath",
        "UndefinedVar",
        "MultipleInstructionsDisallowed",
        "LegacyKeyValueFormat",
        "InvalidBaseImagePlatform",
        "RedundantTargetPlatform",
        "SecretsUsedInArgOrEnv",
        "InvalidDefaultArgInFrom",
        "FromPlatformFlagConstDisallowed",
        "CopyIgnoredFile",
        "InvalidDefinitionDescription",
        "ExposeProtoCasing",
        "ExposeInvalidFormat",
    ];

    /// hadolint's rule codes (its `src/Hadolint/Rule/` folder): DL1001, DL3000-DL3070
    /// without DL3005, DL3017, DL3031 and DL3039 (retired), DL4000-DL4006 without DL4002.
    fn is_hadolint_rule(code: &str) -> bool {
        let Some(number) = code.strip_prefix("DL").and_then(|n| n.parse::<u32>().ok()) else {
            return false;
        };
        number == 1001
            || ((3000..=3070).contains(&number) && ![3005, 3017, 3031, 3039].contains(&number))
            || ((4000..=4006).contains(&number) && number != 4002)
    }

    #[test]
    fn aliases_name_real_checks_of_other_tools() {
        // A misspelt alias would silently stop suppression comments from mapping.
        for rule in RULES {
            let info = rule.info();
            for alias in info.aliases {
                let known = if is_hadolint_code(alias) {
                    is_hadolint_rule(alias)
                } else {
                    BUILDKIT_CHECKS.contains(alias)
                };
                assert!(
                    known,
                    "{}: {alias} is not a hadolint or BuildKit check",
                    info.code
                );
            }
        }
        let exec_form = find("DF301").map(|rule| rule.info());
        assert_eq!(
            exec_form.map(|info| info.buildkit_checks().collect::<Vec<_>>()),
            Some(vec!["JSONArgsRecommended"])
        );
        assert!(is_hadolint_rule("DL3059") && !is_hadolint_rule("DL3005"));
    }
}
