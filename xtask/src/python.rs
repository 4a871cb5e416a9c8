//! The Python package's wheel and the virtual environments it is built and
//! tested in: what `cargo xtask test` and `cargo xtask dist` share.
//!
//! Two environments live under `TARGET_DIR/python/`:
//!
//! - `tools/`: maturin, kept between runs (it only builds);
//! - `venv/`: the test environment, made anew by every `cargo xtask test`,
//!   into which the release wheel is installed the way a user installs it
//!   (`pip install dateline-….whl[test,spark]`): the tests run against the
//!   wheel, not the source tree.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::workspace::{self, output};

/// The maturin versions the wheel is built with (`python/pyproject.toml`'s
/// build requirement).
const MATURIN: &str = "maturin>=1.9,<2";

/// The oldest Python the package supports (abi3-py39).
const OLDEST: (u32, u32) = (3, 9);

/// A Python interpreter: `$DATELINE_PYTHON`, else `python3` on `PATH`.
pub fn interpreter() -> Result<PathBuf> {
    let python =
        std::env::var_os("DATELINE_PYTHON").map_or_else(|| "python3".into(), PathBuf::from);
    let version = output(Command::new(&python).args([
        "-c",
        "import sys; print('%d.%d' % sys.version_info[:2])",
    ]))
    .with_context(|| {
        format!(
            "the Python tests need Python {}.{} or newer: cannot run `{}` (set DATELINE_PYTHON to an interpreter)",
            OLDEST.0,
            OLDEST.1,
            python.display()
        )
    })?;
    let found = parse_version(version.trim())
        .with_context(|| format!("`{}` printed the version {version:?}", python.display()))?;
    if found < OLDEST {
        bail!(
            "{} is Python {}.{}; the package needs {}.{} or newer (set DATELINE_PYTHON)",
            python.display(),
            found.0,
            found.1,
            OLDEST.0,
            OLDEST.1
        );
    }
    Ok(python)
}

/// `"3.11"` as `(3, 11)`.
fn parse_version(s: &str) -> Option<(u32, u32)> {
    let (major, minor) = s.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// A virtual environment.
#[derive(Debug, Clone)]
pub struct Venv {
    dir: PathBuf,
}

impl Venv {
    /// The environment at `dir`, made with `python` if it is not there (or
    /// anew, with `fresh`).
    pub fn create(python: &Path, dir: &Path, fresh: bool) -> Result<Venv> {
        let venv = Venv {
            dir: dir.to_path_buf(),
        };
        if fresh && dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
        }
        if !venv.python().is_file() {
            workspace::run(Command::new(python).arg("-m").arg("venv").arg(dir))?;
        }
        Ok(venv)
    }

    /// A program of the environment (`python`, `pip`, `pytest`, `maturin`).
    pub fn bin(&self, name: &str) -> PathBuf {
        if cfg!(windows) {
            self.dir.join("Scripts").join(format!("{name}.exe"))
        } else {
            self.dir.join("bin").join(name)
        }
    }

    /// The environment's interpreter.
    pub fn python(&self) -> PathBuf {
        self.bin("python")
    }

    /// `pip install` of `requirements`, quietly.
    pub fn install(&self, requirements: &[&str]) -> Result<()> {
        let mut pip = Command::new(self.python());
        pip.args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(requirements);
        workspace::run(&mut pip)
    }
}

/// Builds the release wheel of `python/` into `out` (emptied of older
/// wheels first) with maturin from the tools environment; returns its path.
pub fn build_wheel(root: &Path, target_dir: &Path, out: &Path) -> Result<PathBuf> {
    let python = interpreter()?;
    let tools = Venv::create(&python, &target_dir.join("python").join("tools"), false)?;
    if !tools.bin("maturin").is_file() {
        tools.install(&[MATURIN])?;
    }
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for old in wheels(out)? {
        fs::remove_file(&old).with_context(|| format!("cannot remove {}", old.display()))?;
    }
    let mut build = Command::new(tools.bin("maturin"));
    build
        .current_dir(root)
        .args(["build", "--release", "--locked", "--manifest-path"])
        .arg(root.join("python").join("Cargo.toml"))
        .arg("--out")
        .arg(out)
        .arg("--interpreter")
        .arg(&python)
        // The workspace's target directory, shared with cargo test.
        .env("CARGO_TARGET_DIR", target_dir);
    workspace::run(&mut build)?;
    match wheels(out)?.as_slice() {
        [wheel] => Ok(wheel.clone()),
        [] => bail!("maturin built no wheel in {}", out.display()),
        more => bail!(
            "maturin built {} wheels in {}; expected one",
            more.len(),
            out.display()
        ),
    }
}

/// The wheels in `dir`.
fn wheels(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "whl") {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_python_versions() {
        assert_eq!(parse_version("3.11"), Some((3, 11)));
        assert_eq!(parse_version("3.9"), Some((3, 9)));
        assert!(parse_version("3.8").is_some_and(|v| v < OLDEST));
        assert_eq!(parse_version("three"), None);
    }

    #[test]
    fn finds_only_wheels() -> Result<()> {
        let dir = tempfile::tempdir()?;
        fs::write(
            dir.path().join("dateline-0.1.0-cp39-abi3-linux_x86_64.whl"),
            b"",
        )?;
        fs::write(dir.path().join("dateline-0.1.0.tar.gz"), b"")?;
        let found = wheels(dir.path())?;
        assert_eq!(found.len(), 1);
        assert!(found[0].ends_with("dateline-0.1.0-cp39-abi3-linux_x86_64.whl"));
        Ok(())
    }
}
