use super::run_commands::commands_of;
use super::shell_run::invocations;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::image::ImageRef;
use crate::shell::vocabulary::{executable_name, flag_value};

rule! {
    /// A single-stage image builds its program and keeps the compiler: use a multi-stage
    /// build.
    ///
    /// ## What it does
    /// Reports a Dockerfile with one stage that has a toolchain and builds with it:
    /// - the toolchain is the base image (`golang`, `rust`, `maven`, `gradle`,
    ///   `mcr.microsoft.com/dotnet/sdk`), or a package the stage installs and does not remove
    ///   in the same RUN (`gcc`, `g++`, `build-essential`, `build-base`, `clang`, `golang`,
    ///   `go`, `cargo`, `rustc`, `maven`);
    /// - the build is a RUN of `go build`/`go install`, `cargo build`/`cargo install`, `mvn
    ///   package|install|verify`, `gradle`/`./gradlew build|assemble|bootJar|installDist`,
    ///   `dotnet publish|build`, `make`, or `gcc`/`g++`/`cc` with `-o`.
    ///
    /// The message names what to copy into the runtime stage when the build says it:
    /// `go build -o /app/server`, `gcc -o`, `dotnet publish -o` give the path; `cargo
    /// build --release` gives `target/release/`, Maven `target/*.jar`, Gradle
    /// `build/libs/*.jar`.
    ///
    /// It stays away from a RUN that installs the toolchain, builds, and removes it again
    /// (`apt-get purge`, `apk del .build-deps`: what the official images do), from files
    /// with more than one stage, from Node images (`npm run build` needs node at run time
    /// too), and from ONBUILD triggers. Off by default: a development image, or a CI image
    /// that is meant to build, keeps its toolchain on purpose. There is no hadolint or
    /// BuildKit counterpart.
    ///
    /// ## Why is this bad?
    /// The compiler, headers and build caches stay in the image: hundreds of megabytes to
    /// pull and store, and more packages with vulnerabilities to patch. A multi-stage build
    /// compiles in one stage and copies only the artifact into a small runtime image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /app/server ./cmd/server
    /// CMD ["/app/server"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /app/server ./cmd/server
    ///
    /// FROM gcr.io/distroless/base-debian12
    /// COPY --from=build /app/server /app/server
    /// CMD ["/app/server"]
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the runtime image, and what the program needs at run time besides the
    /// artifact (shared libraries, assets, CA certificates), are the author's call.
    pub struct SingleStageToolchain {
        code: "DF706",
        name: "single-stage-toolchain",
        severity: Info,
        fix: None,
        default: off,
    }
}

/// Packages that are a compiler toolchain, in apt, apk, yum and dnf.
const TOOLCHAIN_PACKAGES: [&str; 12] = [
    "gcc",
    "g++",
    "gcc-c++",
    "build-essential",
    "build-base",
    "clang",
    "golang",
    "golang-go",
    "go",
    "cargo",
    "rustc",
    "maven",
];

/// The package managers whose installs can bring a toolchain.
const SYSTEM_MANAGERS: [&str; 4] = ["apt", "apk", "yum", "dnf"];

impl Rule for SingleStageToolchain {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let mut stages = context.stages.iter();
        let (Some(stage), None) = (stages.next(), stages.next()) else {
            return;
        };
        let mut toolchain = toolchain_image(&stage.base);
        let mut build: Option<(usize, Option<String>)> = None;
        for index in stage.body.clone() {
            let Some(run) = context.shell_run(index).filter(|run| !run.onbuild) else {
                continue;
            };
            if toolchain.is_none() {
                toolchain = kept_toolchain_package(context, run);
            }
            if build.is_none() {
                build = commands_of(run).find_map(|command| {
                    build_artifact(&command.words[command.start..])
                        .map(|artifact| (index, artifact))
                });
            }
        }
        let (Some(toolchain), Some((index, artifact))) = (toolchain, build) else {
            return;
        };
        let Some(instruction) = context.instructions().get(index) else {
            return;
        };
        let artifact = match artifact {
            Some(artifact) => format!("only {artifact}"),
            None => "only what it built".to_string(),
        };
        diagnostics.push(self.diagnostic(
            format!(
                "the only stage builds with {toolchain} and keeps it in the image: build in a stage of its own and `COPY --from` it {artifact} into a slim runtime stage"
            ),
            context.keyword_span(instruction),
        ));
    }
}

/// The toolchain a base image is (`golang:1.22` -> `the Go toolchain of golang`).
fn toolchain_image(base: &str) -> Option<String> {
    let lower = base.to_ascii_lowercase();
    let image = ImageRef::parse(&lower);
    let toolchain = &crate::knowledge::knowledge().images.toolchain;
    if toolchain.iter().any(|known| known == image.name())
        || image.repository.contains("dotnet/sdk")
    {
        return Some(format!("the toolchain of {base}"));
    }
    None
}

/// A toolchain package a RUN installs and does not remove again (in that RUN).
fn kept_toolchain_package(context: &Context, run: &super::shell_run::ShellRun) -> Option<String> {
    for name in SYSTEM_MANAGERS {
        let Some(manager) = context.knowledge.manager(name) else {
            continue;
        };
        let found = invocations(run, manager);
        let removes = found
            .iter()
            .any(|invocation| manager.removes.contains(&invocation.subcommand));
        if removes {
            continue;
        }
        for invocation in found.iter().filter(|i| i.is_install(run, manager)) {
            let package = invocation.arguments.iter().find_map(|range| {
                let word = &run.text[range.clone()];
                // `gcc=4:12.2.0-3`, `gcc~=12`: the name before a version.
                let name = word.split(['=', '~', '<', '>']).next().unwrap_or(word);
                TOOLCHAIN_PACKAGES.contains(&name).then_some(name)
            });
            if let Some(package) = package {
                return Some(package.to_string());
            }
        }
    }
    None
}

/// Whether a command (from its program on) builds: `Some(artifact)` where the build names
/// its output, `Some(None)` where it does not.
fn build_artifact(words: &[&str]) -> Option<Option<String>> {
    let program = executable_name(words.first()?);
    let arguments = &words[1..];
    let subcommand = arguments.iter().find(|w| !w.starts_with('-')).copied();
    let output =
        |short: char, long: &[&str]| flag_value(arguments, Some(short), long).map(String::from);
    match (program, subcommand) {
        ("go", Some("build")) => Some(output('o', &[])),
        ("go", Some("install")) => Some(Some("$GOPATH/bin/".into())),
        ("cargo", Some("build")) => Some(Some(
            if arguments.contains(&"--release") || arguments.contains(&"-r") {
                "target/release/"
            } else {
                "target/debug/"
            }
            .into(),
        )),
        ("cargo", Some("install")) => Some(Some("$CARGO_HOME/bin/".into())),
        ("mvn" | "mvnw", Some("package" | "install" | "verify")) => {
            Some(Some("target/*.jar".into()))
        }
        ("gradle" | "gradlew", Some("build" | "assemble" | "bootJar" | "installDist")) => {
            Some(Some("build/libs/*.jar".into()))
        }
        ("dotnet", Some("publish" | "build")) => Some(output('o', &["output"])),
        ("make", _) => Some(None),
        ("gcc" | "g++" | "cc" | "clang", _) => output('o', &[]).map(Some),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_their_artifacts() {
        let artifact = |line: &str| build_artifact(&line.split(' ').collect::<Vec<_>>());
        assert_eq!(
            artifact("go build -ldflags=-s -o /app/server ./cmd/server"),
            Some(Some("/app/server".into()))
        );
        assert_eq!(artifact("go build ./..."), Some(None));
        assert_eq!(
            artifact("cargo build --release --locked"),
            Some(Some("target/release/".into()))
        );
        assert_eq!(
            artifact("./mvnw -B package"),
            Some(Some("target/*.jar".into()))
        );
        assert_eq!(
            artifact("gcc -O2 -o hello hello.c"),
            Some(Some("hello".into()))
        );
        assert_eq!(artifact("gcc --version"), None);
        assert_eq!(artifact("go version"), None);
        assert_eq!(artifact("npm run build"), None);
    }

    #[test]
    fn toolchain_images() {
        assert!(toolchain_image("golang:1.22-alpine").is_some());
        assert!(toolchain_image("docker.io/library/rust@sha256:abc").is_some());
        assert!(toolchain_image("mcr.microsoft.com/dotnet/sdk:8.0").is_some());
        assert!(toolchain_image("localhost:5000/maven:3").is_some());
        assert!(toolchain_image("debian:12").is_none());
        assert!(toolchain_image("mcr.microsoft.com/dotnet/aspnet:8.0").is_none());
    }
}
