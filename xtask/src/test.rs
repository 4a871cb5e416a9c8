//! `cargo xtask test`: every test of the workspace, Rust and Python: the
//! README's test command.
//!
//! 1. `cargo test --workspace` (unit, integration, snapshot, property, doc tests);
//! 2. the Python package: its release wheel built with maturin, installed with
//!    its test extras into a virtual environment made anew
//!    (`TARGET_DIR/python/venv`), and pytest run against it (the tests in
//!    `python/tests`, the docstrings' and README's examples, the Spark tests),
//!    with the debug CLI (`DATELINE_BIN`) and the debug parquet plugin
//!    (`DATELINE_PARQUET_PLUGIN`) built for the tests that compare with them.
//!
//! The Python half needs Python 3.9+ (`$DATELINE_PYTHON` or `python3`) and
//! the package registry; the Spark tests need Java 17 as well (`--no-spark`
//! leaves them out, and they are then reported skipped).

use std::path::Path;
use std::process::Command;

use anyhow::Result;

use crate::python::{self, Venv};
use crate::workspace::{self, Metadata, cargo, root_or_default};

/// Arguments of `test`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the Rust tests (`cargo test --workspace`).
    #[arg(long, conflicts_with = "python_only")]
    rust_only: bool,
    /// Only the Python tests.
    #[arg(long)]
    python_only: bool,
    /// Leave out the Spark tests (they need Java, and pyspark: ~300 MB).
    #[arg(long)]
    no_spark: bool,
    /// The workspace (default: the one this xtask belongs to).
    #[arg(long, value_name = "DIR")]
    root: Option<std::path::PathBuf>,
    /// Arguments passed on to pytest (after `--`): `-k links`, `-x`...
    #[arg(last = true, value_name = "PYTEST_ARGS")]
    pytest: Vec<String>,
}

pub fn run(args: &Args) -> Result<()> {
    let root = root_or_default(args.root.as_deref());
    if !args.python_only {
        println!("test: Rust (cargo test --workspace)");
        let mut test = cargo();
        test.current_dir(&root).args(["test", "--workspace"]);
        if std::env::var_os("CI").is_some() {
            // CI tests the lock file as committed.
            test.arg("--locked");
        }
        workspace::run(&mut test)?;
    }
    if args.rust_only {
        return Ok(());
    }
    python_tests(&root, args)
}

/// Builds the wheel, installs it into a fresh environment, runs pytest.
fn python_tests(root: &Path, args: &Args) -> Result<()> {
    println!("test: Python (the release wheel in a new virtual environment, pytest)");
    let meta = Metadata::load(root)?;
    let target = &meta.target_directory;
    // The tests compare with the CLI's output: the debug binary (built
    // already by the Rust tests; seconds otherwise), and with the parquet
    // plugin's output (its debug cdylib, the same).
    workspace::run(cargo().current_dir(root).args([
        "build",
        "--quiet",
        "-p",
        "dateline-cli",
        "-p",
        "dateline-parquet",
    ]))?;
    let cli = target
        .join("debug")
        .join(format!("dateline{}", std::env::consts::EXE_SUFFIX));
    let parquet_plugin = target.join("debug").join(format!(
        "{}dateline_parquet{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));

    let wheel = python::build_wheel(root, target, &target.join("python").join("wheels"))?;
    let venv = Venv::create(
        &python::interpreter()?,
        &target.join("python").join("venv"),
        true,
    )?;
    let extras = if args.no_spark { "test" } else { "test,spark" };
    venv.install(&[&format!("{}[{extras}]", wheel.display())])?;

    let mut pytest = Command::new(venv.bin("pytest"));
    pytest
        // python/pyproject.toml holds pytest's settings; the tests import the
        // installed wheel (the environment's `pytest` puts no source directory
        // first on sys.path, and a test checks where `dateline` comes from).
        .current_dir(root.join("python"))
        .args(["-p", "no:cacheprovider"])
        .args(&args.pytest)
        .env("DATELINE_BIN", &cli)
        .env("DATELINE_PARQUET_PLUGIN", &parquet_plugin)
        .env("DATELINE_EXPECT_INSTALLED", "1");
    if !args.no_spark {
        pytest.env("DATELINE_REQUIRE_SPARK", "1");
    }
    workspace::run(&mut pytest)
}
