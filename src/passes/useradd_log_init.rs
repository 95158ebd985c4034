use super::run_commands::run_commands;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Fix};
use crate::shell::vocabulary::{flag_value, has_flag};

rule! {
    /// `useradd` with a high UID needs `-l` (`--no-log-init`).
    ///
    /// ## What it does
    /// Reports `useradd` in a RUN (or ONBUILD RUN trigger) with a UID of more than five
    /// digits (`-u 123456`, `--uid=123456`) and without `-l`/`--no-log-init`. hadolint
    /// counts the characters of the value, so it also reports `-u ${APP_UID}`, whose
    /// value this file does not know; this rule leaves such a UID alone.
    ///
    /// ## Why is this bad?
    /// useradd records the user in `/var/log/lastlog` and `/var/log/faillog`, sparse files
    /// indexed by UID: on the overlay filesystems of image layers they are written out in
    /// full, and a UID of 123456 adds tens of megabytes of zeros to the layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN useradd -u 123456 app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN useradd -l -u 123456 app
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the user then has no lastlog and faillog entries, which a program that
    /// reads them (`lastlog`, `faillock`) would notice.
    pub struct UseraddLogInit {
        code: "DF808",
        name: "useradd-no-log-init",
        severity: Warning,
        fix: Unsafe,
        aliases: ["DL3046"],
    }
}

impl Rule for UseraddLogInit {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for command in run_commands(context, true) {
            if command.program() != "useradd" {
                continue;
            }
            let arguments = command.arguments();
            let Some(uid) = flag_value(arguments, Some('u'), &["uid"]) else {
                continue;
            };
            let high = uid.len() > 5 && uid.bytes().all(|b| b.is_ascii_digit());
            if !high || has_flag(arguments, "l", &["no-log-init"]) {
                continue;
            }
            let mut diagnostic = self.diagnostic(
                format!("useradd with UID {uid} and without -l writes large log files"),
                command.span(context),
            );
            diagnostic.fix = command
                .insert_after_program(context, "-l")
                .map(|edit| Fix::unsafe_("Add -l", vec![edit]));
            diagnostics.push(diagnostic);
        }
    }
}
