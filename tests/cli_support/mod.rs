//! What the end-to-end tests of the command line share: writing a tree, running the binary.
#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

pub fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `write` of `dir/name`.
pub fn write_in(dir: &Path, name: &str, text: &str) {
    write(&dir.join(name), text);
}

/// `dockfix` to be run in `dir`, for assert_cmd's assertions and standard input.
pub fn command(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("dockfix").unwrap();
    command.current_dir(dir);
    command
}

/// `dockfix ARGS` run in `dir`, with nothing on standard input.
pub fn dockfix(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("dockfix")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
