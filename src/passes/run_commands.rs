//! Every simple command of the file's shell-form RUNs, with where its program starts (after
//! `NAME=value` prefixes and wrappers such as `sudo`): what the rules about single commands
//! (`cd`, `sudo`, `wget`, `useradd`, ...) walk over. And the image a stage starts from, for
//! the fixes that depend on what the base image has (bash, GNU wget).

use std::ops::Range;

use super::Context;
use super::shell_run::ShellRun;
use crate::diagnostic::Edit;
use crate::knowledge::knowledge;
use crate::model::image::ImageRef;
use crate::shell::command::SimpleCommand;
use crate::shell::vocabulary::executable_name;

/// A simple command of a RUN, its words and where its program is.
pub struct RunCommand<'c, 'a> {
    pub run: &'c ShellRun<'a>,
    /// Index into `run.script.commands`.
    pub index: usize,
    pub words: &'c [&'a str],
    /// Index of the program in `words`.
    pub start: usize,
}

impl<'a> RunCommand<'_, 'a> {
    pub fn command(&self) -> &SimpleCommand {
        &self.run.script.commands[self.index]
    }

    /// The program's name without its folder (`/usr/bin/wget`: `wget`).
    pub fn program(&self) -> &'a str {
        executable_name(self.words[self.start])
    }

    /// The words after the program.
    pub fn arguments(&self) -> &[&'a str] {
        &self.words[self.start + 1..]
    }

    /// Source span of the whole command.
    pub fn span(&self, context: &Context) -> Range<usize> {
        self.run.span(context, self.command().range.clone())
    }

    /// An edit that inserts ` text` right after the program word (`wget --progress=...`),
    /// when that word lies on one line.
    pub fn insert_after_program(&self, context: &Context, text: &str) -> Option<Edit> {
        let word = self.command().words[self.start].clone();
        let at = self.run.source_range(context, word)?;
        Some(Edit::insert(at.end, format!(" {text}")))
    }
}

/// Every command with a program in the file's shell-form RUNs, in order; the RUN triggers
/// of ONBUILD too when `onbuild` (for the rules whose hadolint counterpart checks them).
/// (An iterator: a dozen rules walk them, and most of them look at a few programs only.)
pub fn run_commands<'c, 'a>(
    context: &'c Context<'a>,
    onbuild: bool,
) -> impl Iterator<Item = RunCommand<'c, 'a>> {
    (0..context.instructions().len())
        .filter_map(|index| context.shell_run(index))
        .filter(move |run| onbuild || !run.onbuild)
        .flat_map(commands_of)
}

/// The commands with a program in one RUN.
pub fn commands_of<'c, 'a>(run: &'c ShellRun<'a>) -> impl Iterator<Item = RunCommand<'c, 'a>> {
    (0..run.script.commands.len()).filter_map(move |index| {
        Some(RunCommand {
            run,
            index,
            words: run.words(index),
            start: run.program_start(index)?,
        })
    })
}

/// The image the stage of instruction `index` starts from, following stages built FROM
/// earlier stages to the first one (`None` before any FROM, or when it is an ARG).
pub fn base_image<'a>(context: &Context<'a>, index: usize) -> Option<&'a str> {
    let stage = context.stage_of(index)?;
    let root = context.stages.root(stage);
    let image = root.base.as_str();
    (!image.contains('$')).then_some(image)
}

/// Whether the image is known to be a full system with bash (and GNU coreutils and
/// wget): one of `full-system` in `transforms/images.toml`, not an alpine, Windows or
/// distroless variant.
pub fn has_bash(image: &str) -> bool {
    let reference = ImageRef::parse(image);
    let (name, tag) = (reference.name(), reference.tag.unwrap_or(""));
    let image = image.to_ascii_lowercase();
    knowledge()
        .images
        .full_system
        .iter()
        .any(|known| known == name)
        && !["alpine", "windows", "nanoserver", "servercore"]
            .iter()
            .any(|variant| tag.contains(variant))
        && !image.contains("distroless")
}

/// Whether the image is known to be an official Debian or Ubuntu image (or built on one),
/// whose `/etc/apt/apt.conf.d/docker-clean` deletes the packages apt-get downloads.
pub fn has_docker_clean(image: &str) -> bool {
    let name = ImageRef::parse(image).name();
    has_bash(image) && !knowledge().images.rpm.iter().any(|known| known == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_with_bash() {
        assert!(has_bash("debian:12") && has_bash("python:3.12-slim"));
        assert!(has_bash("docker.io/library/node") && has_bash("ubuntu@sha256:abc"));
        assert!(!has_bash("python:3.12-alpine") && !has_bash("alpine:3.20"));
        assert!(!has_bash("gcr.io/distroless/python3-debian12") && !has_bash("scratch"));
        assert!(!has_bash("golang:1.22-windowsservercore"));
        assert!(has_docker_clean("ubuntu:24.04") && has_docker_clean("python:3.12"));
        assert!(!has_docker_clean("fedora:40") && !has_docker_clean("node:20-alpine"));
    }
}
