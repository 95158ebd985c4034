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
