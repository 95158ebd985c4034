use super::run_commands::{base_image, has_bash, run_commands};
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Fix};
use crate::shell::vocabulary::{has_flag, short_options};

rule! {
    /// Give `wget` a progress style that suits a build log.
    ///
    /// ## What it does
    /// Reports `wget` in a RUN (or ONBUILD RUN trigger) without `--progress`, and without
    /// the options that keep the progress out of the log already: `-q`/`--quiet`,
    /// `-nv`/`--no-verbose`, `-o`/`--output-file`, `-a`/`--append-output` (in a cluster
    /// too: `-qO-`).
    ///
    /// ## Why is this bad?
    /// Without a terminal, wget's default progress prints a line of dots per few
    /// kilobytes: a large download fills the build log with thousands of lines.
    /// `--progress=dot:giga` prints a dot per MiB, 32 MiB to a line.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN wget https://example.com/big.tar.gz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN wget --progress=dot:giga https://example.com/big.tar.gz
    /// ```
    ///
    /// ## Fix safety
    /// Offered when the stage starts from an image known to be a full Debian, Ubuntu or
    /// Red Hat family system (see DF806), whose `wget` is GNU wget: busybox's `wget` (alpine)
    /// does not know `--progress` and would fail. Unsafe: only the log changes, but a base
    /// image this file cannot see may still bring another `wget`.
    pub struct WgetProgress {
        code: "DF807",
        name: "wget-progress",
        severity: Info,
        fix: Unsafe,
        aliases: ["DL3047"],
    }
}

/// GNU wget's short options that take a value (the letters after them are that value).
const TAKES_VALUE: &str = "OoaPtTwUeiBDlQARIXn";

impl Rule for WgetProgress {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for command in run_commands(context, true) {
            if command.program() != "wget" {
                continue;
            }
            let arguments = command.arguments();
            let long = [
                "progress",
                "quiet",
                "no-verbose",
                "output-file",
                "append-output",
            ];
            let quiet = has_flag(arguments, "", &long)
                || arguments.iter().take_while(|a| **a != "--").any(|a| {
                    *a == "-nv"
                        || short_options(a, TAKES_VALUE).any(|c| matches!(c, 'q' | 'o' | 'a'))
                });
            if quiet {
                continue;
            }
            let mut diagnostic = self.diagnostic(
                "wget without --progress fills the build log with dots".to_string(),
                command.span(context),
            );
            if base_image(context, command.run.index).is_some_and(has_bash) {
                diagnostic.fix = command
                    .insert_after_program(context, "--progress=dot:giga")
                    .map(|edit| Fix::unsafe_("Add --progress=dot:giga", vec![edit]));
            }
            diagnostics.push(diagnostic);
        }
    }
}
