use super::pins::{Install, program_installs, report_unpinned};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Pin the versions of the modules `go install`, `go get` and `go run` fetch (off by
    /// default).
    ///
    /// ## What it does
    /// Reports `go install`, `go get` and `go run` (in a RUN or an ONBUILD RUN trigger)
    /// naming a package without `@version`, or with `@latest` or `@none`. Local packages
    /// are fine: `.`, `./...`, `/abs/path`, and (for `go run`) `.go` files, which
    /// hadolint reports. For `go run` only the package is checked, not the program's
    /// arguments after it. A package in a variable is not known, and not reported.
    ///
    /// ## Why is this bad?
    /// Without a version, the build fetches the latest release that day: two builds of the
    /// same Dockerfile differ. Off by default: pins must be kept up to date.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN go install golang.org/x/tools/gopls@v0.16.1
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which version to pin needs the module proxy.
    pub struct PinGo {
        code: "DF116",
        name: "pin-go-packages",
        severity: Warning,
        fix: None,
        default: off,
        aliases: ["DL3062"],
    }
}

/// go build flags that take a value.
const WITH_VALUE: [&str; 14] = [
    "-C",
    "-p",
    "-o",
    "-tags",
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-mod",
    "-modfile",
    "-overlay",
    "-pkgdir",
    "-toolexec",
    "-exec",
    "-buildmode",
];

impl Rule for PinGo {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let installs: Vec<Install> =
            program_installs(context, "go", &["install", "get", "run"], &WITH_VALUE)
                .into_iter()
                .map(|mut install| {
                    // `go run pkg args...`: what follows the package is the program's.
                    if install.name == "go run" {
                        install.packages.truncate(1);
                    }
                    install
                })
                .collect();
        let pinned = |package: &str| {
            let local =
                package == "." || package.starts_with(['.', '/']) || package.ends_with(".go");
            let floating = package.ends_with("@latest") || package.ends_with("@none");
            local || (package.contains('@') && !floating)
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
