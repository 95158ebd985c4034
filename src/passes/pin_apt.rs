use super::pins::{manager_installs, report_unpinned};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Pin the versions of the packages `apt-get install` installs (off by default).
    ///
    /// ## What it does
    /// Reports `apt-get install` (in a RUN or an ONBUILD RUN trigger) naming a package
    /// without a version: one without `=` (`curl=8.5.0-2`), a release (`curl/bookworm`)
    /// or a `.deb` file. Values of `-t`/`--target-release`, `-o` and `-c` are not
    /// packages. A package in a variable (`$PACKAGES`) is not known, and not reported
    /// (hadolint reports it). Like hadolint, `apt install` is left to DF113.
    ///
    /// ## Why is this bad?
    /// Without a version, the build installs whatever the archive has that day: two builds
    /// of the same Dockerfile differ, and an update arrives unreviewed. Pinning trades that
    /// for the work of updating the pins (a pinned version that leaves the archive breaks
    /// the build), which is why the rule is off by default.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which version to pin needs the archive.
    pub struct PinApt {
        code: "DF105",
        name: "pin-apt-get-packages",
        severity: Warning,
        fix: None,
        default: off,
        aliases: ["DL3008"],
    }
}

impl Rule for PinApt {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let installs = manager_installs(context, "apt", &["apt-get"], &["install"], &[]);
        let pinned = |package: &str| {
            package.contains('=') || package.contains('/') || package.ends_with(".deb")
        };
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
