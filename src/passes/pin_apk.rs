use super::pins::{manager_installs, report_unpinned};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Pin the versions of the packages `apk add` installs (off by default).
    ///
    /// ## What it does
    /// Reports `apk add` (in a RUN or an ONBUILD RUN trigger) naming a package without a
    /// version constraint (`curl=8.5.0-r0`, `curl~8.5`, `curl>8`) or an `.apk` file. The
    /// values of `-t`/`--virtual`, `-X`/`--repository` and apk's other options with a
    /// value are not packages. A package in a variable is not known, and not reported
    /// (hadolint reports it).
    ///
    /// ## Why is this bad?
    /// Without a version, the build installs whatever the repository has that day: two
    /// builds of the same Dockerfile differ. Off by default: Alpine keeps only the latest
    /// release of each package in a branch, so exact pins break builds when it moves.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apk add --no-cache curl~8.5
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which version to pin needs the repository.
    pub struct PinApk {
        code: "DF108",
        name: "pin-apk-packages",
        severity: Warning,
        fix: None,
        default: off,
        aliases: ["DL3018"],
    }
}

impl Rule for PinApk {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let installs = manager_installs(context, "apk", &[], &["add"], &[]);
        let pinned =
            |package: &str| package.contains(['=', '~', '>', '<']) || package.ends_with(".apk");
        report_unpinned(
            self,
            context,
            &installs,
            pinned,
            "`package=version`",
            diagnostics,
        );
    }
}
