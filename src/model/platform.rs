//! Which shell runs a file's shell-form commands: a POSIX shell, or something else
//! (Windows images, a SHELL that is not sh/bash/...), whose quoting rules we do not know.

use super::{Args, Command, Dockerfile, Keyword};
use crate::syntax::Escape;

/// Whether the shell-form commands of this file run under a POSIX shell (`/bin/sh -c`, or a
/// SHELL that is sh, bash, ...). Windows images (cmd, PowerShell) and any other SHELL make
/// the answer no: their quoting and word rules differ, so their text is left as written.
pub(super) fn runs_posix_shell(dockerfile: &Dockerfile) -> bool {
    if dockerfile.tree.escape == Escape::Backtick {
        return false;
    }
    dockerfile.instructions.iter().all(|instruction| {
        let Some(command) = &instruction.command else { return true };
        let command = command.effective();
        match command.keyword {
            Keyword::Shell => {
                matches!(&command.args, Args::Json(program) if program.first().is_some_and(|p| is_posix_shell(&p.value)))
            }
            Keyword::From => !is_windows_base(&instruction.logical.text, command),
            _ => true,
        }
    })
}

/// A FROM whose platform or image name says Windows (where RUN means `cmd /S /C`).
fn is_windows_base(line: &str, command: &Command) -> bool {
    let platform = command
        .flag("platform")
        .and_then(|flag| flag.value())
        .unwrap_or_default();
    let image = line[command.args_range.clone()].to_ascii_lowercase();
    platform.to_ascii_lowercase().starts_with("windows")
        || [
            "windows",
            "nanoserver",
            "servercore",
            "dotnet/framework",
            "powershell",
        ]
        .iter()
        .any(|hint| image.contains(hint))
}

/// Known POSIX-compatible shells, by program name.
pub fn is_posix_shell(program: &str) -> bool {
    let name = program.rsplit('/').next().unwrap_or(program);
    matches!(
        name,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox"
    )
}
