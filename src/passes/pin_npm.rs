use super::pins::{manager_installs, report_unpinned};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Pin the versions of the packages `npm install` names (off by default).
    ///
    /// ## What it does
    /// Reports `npm install` (and its aliases `npm i` and `npm add`, which hadolint does
    /// not check; in a RUN or an ONBUILD RUN trigger) naming a package without a version,
    /// tag or range (`express@4.19.2`, `@scope/name@^1`). Not packages: tarballs (`.tgz`,
    /// `.tar.gz`, `.tar`), folders (`./lib`, `/src`), git URLs with `#ref` (without one
    /// they are reported), and the values of `--registry`, `--prefix`, `--cache`, `-C`.
    /// `npm install` with no package installs the project's lock file and is fine. A
    /// package in a variable is not known, and not reported.
    ///
    /// ## Why is this bad?
    /// Without a version, the build installs the latest release that day: two builds of
    /// the same Dockerfile differ. Off by default: pins must be kept up to date.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN npm install -g pnpm
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN npm install -g pnpm@9.1.0
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which version to pin needs the registry.
    pub struct PinNpm {
        code: "DF107",
        name: "pin-npm-packages",
        severity: Warning,
        fix: None,
        default: off,
        aliases: ["DL3016"],
    }
}

const GIT: [&str; 4] = ["git://", "git+ssh://", "git+http://", "git+https://"];

impl Rule for PinNpm {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let installs = manager_installs(
            context,
            "npm",
            &[],
            &["install", "i", "add"],
            &["--loglevel"],
        );
        let pinned = |package: &str| {
            if GIT.iter().any(|prefix| package.starts_with(prefix)) {
                return package.contains('#');
            }
            let name = match package.strip_prefix('@') {
                Some(scoped) => scoped.split_once('/').map_or("", |(_, name)| name),
                None => package,
            };
            [".tar", ".tar.gz", ".tgz"]
                .iter()
                .any(|suffix| package.ends_with(suffix))
                || ["/", "./", "../", "~/"]
                    .iter()
                    .any(|prefix| package.starts_with(prefix))
                || name.contains('@')
        };
        report_unpinned(
            self,
            context,
            &installs,
            pinned,
            "`package@version`",
            diagnostics,
        );
    }
}
