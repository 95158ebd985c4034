//! The end-to-end and library tests that run under the standard test harness, in one
//! binary: each test file used to be its own crate, and building 16 crates that each
//! instantiate the same generic code (clap, serde_json, the library's) took most of a CI
//! run. Each module is one area; `cargo test --test integration cli_fix::` runs one.

#[path = "../cli_support/mod.rs"]
mod cli_support;
#[path = "../common/mod.rs"]
mod common;
#[path = "../lsp_client/mod.rs"]
mod lsp_client;

mod action;
mod build_context;
mod cli_bulk;
mod cli_fix;
mod cli_fmt;
mod cli_paths;
mod cli_shell;
mod cli_suppression;
mod cli_usage;
mod format_specs;
mod lsp_session;
mod output_formats;
mod output_rdjson;
mod reliability;
mod robustness;
mod suppression_snapshots;
