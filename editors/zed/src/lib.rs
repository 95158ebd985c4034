//! Starts `dockfix server` (found on the PATH of the worktree's shell) as the language server of
//! Dockerfiles.

use zed_extension_api as zed;

struct Dockfix;

impl zed::Extension for Dockfix {
    fn new() -> Self {
        Dockfix
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let command = worktree
            .which("dockfix")
            .ok_or("dockfix is not on the PATH: install it with `cargo install --locked --git https://github.com/OWNER/dockfix`")?;
        Ok(zed::Command {
            command,
            args: vec!["server".to_string()],
            env: Vec::new(),
        })
    }
}

zed::register_extension!(Dockfix);
