use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::Keyword;

rule! {
    /// FROM `--platform` with a constant value.
    ///
    /// ## What it does
    /// Reports `FROM --platform=linux/amd64 ...` (a value without variables) unless the
    /// stage name mentions that OS or architecture (`AS build-amd64`). BuildKit's
    /// `FromPlatformFlagConstDisallowed`.
    ///
    /// ## Why is this bad?
    /// A constant platform pins the stage to one architecture: multi-platform builds
    /// (`--platform linux/amd64,linux/arm64`) then produce images whose layers do not match
    /// their platform, or run under emulation. `$BUILDPLATFORM` (for cross-compiling
    /// stages) or `$TARGETPLATFORM` say what is meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 golang:1.22 AS build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.22 AS build
    /// ```
    ///
    /// ## Fix safety
    /// No fix: whether the stage should follow the build or the target platform is the
    /// author's decision.
    pub struct FromPlatformConst {
        code: "DF509",
        name: "from-platform-constant",
        severity: Warning,
        fix: None,
        aliases: ["FromPlatformFlagConstDisallowed"],
    }
}

/// containerd's known operating systems (`platforms.Parse`).
const OPERATING_SYSTEMS: [&str; 14] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "illumos",
    "ios",
    "js",
    "linux",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "windows",
];

impl Rule for FromPlatformConst {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (index, instruction, command) in context.commands_of(Keyword::From) {
            let Some(flag) = command.flag("platform") else {
                continue;
            };
            let Some(value) = flag.value() else { continue };
            if value.is_empty() || value.contains('$') {
                continue;
            }
            let Some((os, architecture)) = parse_platform(value) else {
                continue;
            };
            let stage_name = context
                .stage_of(index)
                .and_then(|stage| stage.name.clone())
                .unwrap_or_default();
            if stage_name.contains(&os) || stage_name.contains(&architecture) {
                continue;
            }
            diagnostics.push(self.diagnostic(
                format!("FROM --platform flag should not use constant value \"{value}\""),
                context.span(instruction, flag.range.clone()),
            ));
        }
    }
}

/// The OS and architecture of a platform specifier (`linux/arm64/v8`, `arm64`, `linux`).
fn parse_platform(value: &str) -> Option<(String, String)> {
    let lower = value.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let valid = parts.iter().all(|p| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
    });
    if !valid || parts.len() > 3 {
        return None;
    }
    let normal = |arch: &str| match arch {
        "x86_64" | "x86-64" => "amd64".to_string(),
        "aarch64" => "arm64".to_string(),
        "i386" | "i686" => "386".to_string(),
        other => other.to_string(),
    };
    match parts.as_slice() {
        [single] if OPERATING_SYSTEMS.contains(single) => {
            Some((single.to_string(), "amd64".into()))
        }
        [single] => Some(("linux".into(), normal(single))),
        [os, architecture, ..] => Some((os.to_string(), normal(architecture))),
        [] => None,
    }
}
