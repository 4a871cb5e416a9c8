//! The citation formats through the Rust API: each output parsed back by a
//! parser of its format (the `biblatex` crate, a strict RIS reader written to
//! the specification's rules, `serde_json` and the CSL-JSON schema), hostile
//! headlines, outlets from a linker, several articles, and snapshots of the
//! seed.

mod bibtex;
mod common;
mod csl;
mod ris;
mod snapshots;
