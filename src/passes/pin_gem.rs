use super::pins::{program_installs, report_unpinned};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Pin the versions of the gems `gem install` installs (off by default).
    ///
    /// ## What it does
    /// Reports `gem install` (`gem i`; in a RUN or an ONBUILD RUN trigger) naming a gem
    /// without a version (`bundler:2.5.9`), unless the command gives one with
    /// `-v`/`--version`. gem's options that take a value (`--install-dir`, `--source`,
    /// ...) are skipped with their value; hadolint skips the word after *every* option,
    /// and so misses `gem install --no-document rails`. A gem in a variable is not known,
    /// and not reported.
    ///
    /// ## Why is this bad?
    /// Without a version, the build installs the latest release that day: two builds of
    /// the same Dockerfile differ. Off by default: pins must be kept up to date.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN gem install --no-document bundler
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN gem install --no-document bundler:2.5.9
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which version to pin needs the gem server.
    pub struct PinGem {
        code: "DF109",
        name: "pin-gem-packages",
        severity: Warning,
        fix: None,
        default: off,
        aliases: ["DL3028"],
    }
}

/// gem install's options that take a value.
const WITH_VALUE: [&str; 17] = [
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "-s",
    "--source",
    "-p",
    "--http-proxy",
    "--platform",
    "-g",
    "--file",
    "--build-root",
    "-P",
    "--trust-policy",
    "--document",
    "--target-rbconfig",
    "--vendor",
];

impl Rule for PinGem {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let mut installs = program_installs(context, "gem", &["install", "i"], &WITH_VALUE);
        installs.retain(|install| {
            !install
                .run
                .words(install.command)
                .iter()
                .any(|word| matches!(*word, "-v" | "--version") || word.starts_with("--version="))
        });
        let pinned = |gem: &str| gem.contains(':');
        report_unpinned(
            self,
            context,
            &installs,
            pinned,
            "`gem:version`",
            diagnostics,
        );
    }
}
