//! dockfix: a lossless Dockerfile formatter and fixer.
//!
//! The crate is layered as the data flows: `syntax` (pest grammar -> lossless CST),
//! `model` (BuildKit's view of each instruction), `shell` (the shell knowledge passes
//! need), `format` (the printer), and the command-line edge in `main.rs`.

// The grammar's generated code names `alloc::` (pest is built without `std`; see Cargo.toml).
extern crate alloc;

pub mod build_context;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod edit;
pub mod engine;
pub mod folders;
pub mod format;
pub mod knowledge;
pub mod model;
pub mod output;
pub mod passes;
pub mod report;
pub mod review;
pub mod server;
pub mod settings;
pub mod shell;
pub mod suppression;
pub mod syntax;
