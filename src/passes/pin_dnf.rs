use super::pins::report_rpm_unpinned;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Pin the versions of the packages `dnf install` installs (off by default).
    ///
    /// ## What it does
    /// Reports `dnf install` (`microdnf`, `tdnf`, `dnf5`; in a RUN or an ONBUILD RUN
    /// trigger) naming a package without a version, as DF110 does for yum
    /// (`httpd-2.4.57`, or an `.rpm` file); `dnf module install` wants a stream
    /// (`nodejs:18`). `dnf group install` names groups, not packages. A package in a
    /// variable is not known, and not reported.
    ///
    /// ## Why is this bad?
    /// Without a version, the build installs whatever the repositories have that day: two
    /// builds of the same Dockerfile differ. Off by default: pins must be kept up to date.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.57 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which version to pin needs the repositories.
    pub struct PinDnf {
        code: "DF112",
        name: "pin-dnf-packages",
        severity: Warning,
        fix: None,
        default: off,
        aliases: ["DL3041"],
    }
}

impl Rule for PinDnf {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        report_rpm_unpinned(self, context, "dnf", diagnostics);
    }
}
