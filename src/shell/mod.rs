//! Shell knowledge: BuildKit's word lexer, and the small analysis of shell text the
//! formatter and passes need.

pub mod lex;
