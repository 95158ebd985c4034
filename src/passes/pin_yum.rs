use super::pins::report_rpm_unpinned;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Pin the versions of the packages `yum install` installs (off by default).
    ///
    /// ## What it does
    /// Reports `yum install` (in a RUN or an ONBUILD RUN trigger) naming a package
    /// without a version: after the name, dash-separated parts of version characters, one
    /// starting with a digit (`httpd-2.4.6`, `httpd-2.4.6-99.el7`), or an `.rpm` file
    /// (hadolint also wants a dash in the file's name). `yum module install` wants a
    /// stream (`nodejs:18`). A package in a variable is not known, and not reported
    /// (hadolint reports it unless an ENV or ARG defines the variable).
    ///
    /// ## Why is this bad?
    /// Without a version, the build installs whatever the repositories have that day: two
    /// builds of the same Dockerfile differ. Off by default: pins must be kept up to date.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install -y httpd && yum clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which version to pin needs the repositories.
    pub struct PinYum {
        code: "DF110",
        name: "pin-yum-packages",
        severity: Warning,
        fix: None,
        default: off,
        aliases: ["DL3033"],
    }
}

impl Rule for PinYum {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        report_rpm_unpinned(self, context, "yum", diagnostics);
    }
}
