use super::pins::{manager_installs, program_installs, report_unpinned};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Pin the versions of the packages `pip install` installs (off by default).
    ///
    /// ## What it does
    /// Reports `pip install` (`pip3`, `python -m pip`) and `pipx install` (in a RUN or an
    /// ONBUILD RUN trigger) naming a package without a version specifier (`==`, `>=`, `~=`, ...),
    /// unless it installs from requirements (`-r`/`--requirement`), the current folder
    /// (`.`) or under constraints (`-c`/`--constraint`). Not packages: wheels and sdists
    /// (`.whl`, `.tar.gz`), paths, version-control URLs with `@ref`, and the values of
    /// options such as `--index-url`, `--target` or `-e`. A package in a variable is not
    /// known, and not reported (hadolint reports it).
    ///
    /// ## Why is this bad?
    /// Without a version, the build installs the latest release that day: two builds of
    /// the same Dockerfile differ, and a breaking release arrives unreviewed. Off by
    /// default: pins must be kept up to date.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install --no-cache-dir django
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN pip install --no-cache-dir django==5.0.6
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which version to pin needs the package index.
    pub struct PinPip {
        code: "DF106",
        name: "pin-pip-packages",
        severity: Warning,
        fix: None,
        default: off,
        aliases: ["DL3013"],
    }
}

/// pip install's options that take a value (hadolint's list).
const WITH_VALUE: [&str; 29] = [
    "--abi",
    "-b",
    "--build",
    "-e",
    "--editable",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-i",
    "--index-url",
    "--implementation",
    "--no-binary",
    "--only-binary",
    "--platform",
    "--prefix",
    "--progress-bar",
    "--proxy",
    "--python",
    "--python-version",
    "--root",
    "--root-user-action",
    "--src",
    "-t",
    "--target",
    "--trusted-host",
    "--upgrade-strategy",
    "--log",
    "--cache-dir",
    "--timeout",
];

const VCS: [&str; 4] = ["git", "hg+", "svn", "bzr+"];

impl Rule for PinPip {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let mut installs = manager_installs(context, "pip", &[], &["install"], &WITH_VALUE);
        installs.extend(program_installs(
            context,
            "pipx",
            &["install"],
            &["--python", "--index-url", "--pip-args", "--suffix"],
        ));
        // Requirements, the project itself, or constraints say the versions elsewhere.
        installs.retain(|install| {
            let words = install.run.words(install.command);
            !words.iter().any(|word| {
                matches!(*word, "-r" | "--requirement" | "." | "-c" | "--constraint")
                    || word.starts_with("--requirement=")
                    || word.starts_with("--constraint=")
                    || (word.starts_with("-r") && !word.starts_with("--"))
                    || (word.starts_with("-c") && !word.starts_with("--"))
            })
        });
        let pinned = |package: &str| {
            let vcs = VCS.iter().any(|scheme| package.starts_with(scheme));
            ["==", ">=", "<=", ">", "<", "!=", "~=", "==="]
                .iter()
                .any(|symbol| package.contains(symbol))
                || (vcs && package.contains('@'))
                || package.ends_with(".whl")
                || package.ends_with(".tar.gz")
                || (!vcs && package.contains('/'))
        };
        report_unpinned(
            self,
            context,
            &installs,
            pinned,
            "`package==version`",
            diagnostics,
        );
    }
}
