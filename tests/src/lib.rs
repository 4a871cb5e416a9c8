//! Helpers shared by the workspace-level tests: where the fixtures are, and the
//! built plugin and binary artifacts. (Generated articles come from
//! `dateline-test-support`.)

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

pub mod artifacts;

/// The examples in the workspace README, run as doctests so that they compile.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct WorkspaceReadme;

/// The example in `crates/links/README.md`, run as a doctest. (dateline-core and
/// dateline-export run their README examples from their own `lib.rs`.)
#[cfg(doctest)]
#[doc = include_str!("../../crates/links/README.md")]
pub struct LinksReadme;

/// The `tests/fixtures` directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The real sample the format was learnt from.
pub fn seed_path() -> PathBuf {
    fixtures().join("000_4e9296dd8dfcdc21.txt")
}

/// The seed's text.
pub fn seed() -> String {
    std::fs::read_to_string(seed_path()).expect("the seed fixture is readable")
}

/// The `*.txt` files of a fixture subdirectory, sorted by name.
pub fn fixture_files(subdir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join(subdir))
        .expect("fixture directory exists")
        .map(|e| e.expect("readable fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}
