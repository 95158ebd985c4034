use super::pins::{manager_installs, report_unpinned};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Pin the versions of the packages `zypper install` installs (off by default).
    ///
    /// ## What it does
    /// Reports `zypper install` (`zypper in`; in a RUN or an ONBUILD RUN trigger) naming a
    /// package without a version (`httpd=2.4.58`, `httpd>=2.4`) or an `.rpm` file. A
    /// package in a variable is not known, and not reported (hadolint reports it).
    ///
    /// ## Why is this bad?
    /// Without a version, the build installs whatever the repositories have that day: two
    /// builds of the same Dockerfile differ. Off by default: pins must be kept up to date.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install -y httpd && zypper clean
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper install -y httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which version to pin needs the repositories.
    pub struct PinZypper {
        code: "DF111",
        name: "pin-zypper-packages",
        severity: Warning,
        fix: None,
        default: off,
        aliases: ["DL3037"],
    }
}

impl Rule for PinZypper {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let installs = manager_installs(context, "zypper", &[], &["install", "in"], &[]);
        let pinned = |package: &str| package.contains(['=', '>', '<']) || package.ends_with(".rpm");
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
