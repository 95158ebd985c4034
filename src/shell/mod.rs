//! Shell knowledge: the small analysis of shell text (`RUN`'s script, shell-form `CMD`) the
//! formatter and passes need. BuildKit's own word lexer is in `syntax::lex`.

pub mod argv;
pub mod command;
pub mod vocabulary;
pub mod words;
