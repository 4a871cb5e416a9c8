//! Compiles the built-in gazetteer: reads `data/outlets.toml` with the crate's
//! own format module (the same rules, the same messages as for a user's file),
//! and writes it as Rust tables into `OUT_DIR/outlets.rs`, which
//! `src/outlets/builtin.rs` includes. So the crate never parses TOML for its
//! own data, and a broken built-in file fails the build, naming its line.

use std::path::PathBuf;
use std::process::ExitCode;
use std::{env, fs};

// The modules the format needs, compiled here from the crate's own files: one
// validator for the built-in file and a user's. Their paths from `format.rs`
// (`super::key`...) resolve here as in the crate, where they sit in `outlets`.
// `codegen` writes the table; the crate compiles it only for its tests.
#[path = "src/outlets/codegen.rs"]
mod codegen;
#[allow(dead_code)]
#[path = "src/outlets/error.rs"]
mod error;
#[allow(dead_code)]
#[path = "src/outlets/format.rs"]
mod format;
#[allow(dead_code)]
#[path = "src/outlets/index.rs"]
mod index;
#[allow(dead_code)]
#[path = "src/outlets/key.rs"]
mod key;
#[allow(dead_code)]
#[path = "src/outlets/outlet.rs"]
mod outlet;
#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

/// The built-in gazetteer, relative to the package.
const DATA: &str = "data/outlets.toml";

fn main() -> ExitCode {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed={DATA}");
    println!("cargo::rerun-if-changed=src/outlets");
    println!("cargo::rerun-if-changed=src/text.rs");
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let var = |name: &str| env::var_os(name).ok_or(format!("cargo did not set {name}"));
    let manifest = PathBuf::from(var("CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(var("OUT_DIR")?).join("outlets.rs");
    let data = manifest.join(DATA);
    let text =
        fs::read_to_string(&data).map_err(|e| format!("cannot read {}: {e}", data.display()))?;
    let rust = codegen::compile(&data.display().to_string(), &text)?;
    fs::write(&out, rust).map_err(|e| format!("cannot write {}: {e}", out.display()))
}
