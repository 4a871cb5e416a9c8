//! Where the built plugins and the `dateline` binary are, for the tests that
//! load plugins through the host API and through the CLI; and the C compiler,
//! for the plugins written in C (`tests/plugins/c`).
//!
//! The plugin crates are dev-dependencies of this package: building its tests
//! builds their `cdylib`s, which cargo leaves in the `deps` directory beside the
//! test executables. The `dateline` binary is built on first use by a nested
//! `cargo build` on the same target directory (cargo does not hold its lock
//! while tests run), so `cargo test -p dateline-tests` alone needs no manual
//! step either; after `cargo test --workspace` it finds the binary up to date.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The directory of the test executable: `target/<profile>/deps`.
fn deps_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable has a path");
    exe.parent()
        .expect("the test executable is in a directory")
        .to_path_buf()
}

/// `target/<profile>`.
fn profile_dir() -> PathBuf {
    deps_dir()
        .parent()
        .expect("deps is inside the profile directory")
        .to_path_buf()
}

/// The plugin library of the crate whose library is called `lib_name`
/// (`dateline_citations`): `deps/libdateline_citations.so` on Linux.
///
/// # Panics
///
/// When it was not built: the crate must be a dev-dependency of dateline-tests.
pub fn plugin_library(lib_name: &str) -> PathBuf {
    let file = format!(
        "{}{lib_name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );
    let path = deps_dir().join(&file);
    assert!(
        path.is_file(),
        "{} was not built: is its crate a dev-dependency of dateline-tests?",
        path.display()
    );
    path
}

/// The `dateline` binary, built (once per test process) if it is missing or stale.
pub fn dateline_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("tests/ is inside the workspace");
        let profile = profile_dir();
        let mut cargo = Command::new(env!("CARGO"));
        cargo.current_dir(workspace).args([
            "build",
            "--quiet",
            "-p",
            "dateline-cli",
            "--bin",
            "dateline",
        ]);
        if profile.file_name().is_some_and(|n| n == "release") {
            cargo.arg("--release");
        }
        // The same target directory as this test run's.
        if let Some(target) = profile.parent() {
            cargo.env("CARGO_TARGET_DIR", target);
        }
        let status = cargo.status().expect("cargo runs");
        assert!(status.success(), "building the dateline binary failed");
        profile.join(format!("dateline{}", std::env::consts::EXE_SUFFIX))
    })
}

/// A `dateline` command that sees no plugin but those its arguments name: the
/// user's data directory is `data_home` (a default plugin directory lives in
/// it) and `DATELINE_PLUGIN_PATH` is unset. No backtraces, so that stderr
/// holds only what dateline prints.
pub fn dateline_command(data_home: &Path) -> Command {
    let mut command = Command::new(dateline_binary());
    command
        .env("HOME", data_home)
        .env("XDG_DATA_HOME", data_home.join("data"))
        .env_remove("DATELINE_PLUGIN_PATH")
        .env_remove("RUST_BACKTRACE");
    command
}

/// Runs the system C compiler (`CC`, else `cc`: the one Rust links with) with
/// `args`, as C11 with warnings as errors and the plugin header's directory
/// (`crates/plugin/include`) on the include path.
///
/// # Panics
///
/// When the compiler does not run or fails; the panic holds its messages.
pub fn cc(args: &[&str]) {
    let include = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/plugin/include");
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let output = Command::new(&compiler)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-I"])
        .arg(include)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("the C compiler `{compiler}` runs: {e}"));
    assert!(
        output.status.success(),
        "{compiler} {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
