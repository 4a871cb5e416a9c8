//! What the release, dist and docs tasks share: where the workspace is, what
//! `cargo metadata` says about it, and running a command loudly.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// The workspace this xtask was built from: the parent of `xtask/`.
pub fn default_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or_else(|| manifest_dir.to_path_buf(), Path::to_path_buf)
}

/// `root`, or the workspace this xtask belongs to when `None`.
pub fn root_or_default(root: Option<&Path>) -> PathBuf {
    root.map_or_else(default_root, Path::to_path_buf)
}

/// The `cargo` that runs this xtask (`$CARGO`), or `cargo` from `PATH`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")))
}

/// A command as a shell would show it, for logs and dry runs.
pub fn display(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    // `$CARGO` is an absolute path; show the word people type.
    if Path::new(&s).file_stem() == Some(OsStr::new("cargo")) {
        s = "cargo".to_owned();
    }
    for arg in cmd.get_args() {
        let arg = arg.to_string_lossy();
        if arg.is_empty() || arg.contains(|c: char| c.is_whitespace() || c == '\'' || c == '"') {
            let _ = write!(s, " '{}'", arg.replace('\'', r"'\''"));
        } else {
            let _ = write!(s, " {arg}");
        }
    }
    s
}

/// Runs `cmd` with inherited output, printing it first; fails unless it succeeds.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = display(cmd);
    println!("  $ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs `cmd` quietly and returns its standard output; fails with its standard
/// error unless it succeeds.
pub fn output(cmd: &mut Command) -> Result<String> {
    let shown = display(cmd);
    let Output {
        status,
        stdout,
        stderr,
    } = cmd
        .output()
        .with_context(|| format!("cannot start `{shown}`"))?;
    if !status.success() {
        bail!(
            "`{shown}` failed ({status}): {}",
            String::from_utf8_lossy(&stderr).trim()
        );
    }
    String::from_utf8(stdout).with_context(|| format!("`{shown}` printed non-UTF-8 output"))
}

/// `git -C root ...`.
pub fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(root);
    cmd
}

/// What `cargo metadata --no-deps` says about a workspace (the parts used here).
#[derive(Debug, Deserialize)]
pub struct Metadata {
    /// Every workspace member.
    pub packages: Vec<Package>,
    /// The workspace root directory.
    pub workspace_root: PathBuf,
    /// Where cargo builds (honours `CARGO_TARGET_DIR` and config).
    pub target_directory: PathBuf,
}

/// One workspace member.
#[derive(Debug, Deserialize)]
pub struct Package {
    /// The package name (`dateline-core`).
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its `Cargo.toml`.
    pub manifest_path: PathBuf,
    /// `None`: publishable anywhere; `Some([])`: `publish = false`.
    pub publish: Option<Vec<String>>,
    /// Its dependencies, of every kind.
    pub dependencies: Vec<Dependency>,
    /// Its targets (lib, bins, tests, ...).
    pub targets: Vec<Target>,
}

/// One dependency of a package.
#[derive(Debug, Deserialize)]
pub struct Dependency {
    /// The package depended on.
    pub name: String,
    /// `None` for a normal dependency, else `"dev"` or `"build"`.
    pub kind: Option<String>,
}

/// One target of a package.
#[derive(Debug, Deserialize)]
pub struct Target {
    /// The target name (for a library, the crate name with `_`).
    pub name: String,
    /// Crate types: `lib`, `bin`, `cdylib`, ...
    pub crate_types: Vec<String>,
}

impl Package {
    /// Whether `cargo publish` may publish it.
    pub fn is_published(&self) -> bool {
        self.publish
            .as_ref()
            .is_none_or(|registries| !registries.is_empty())
    }

    /// Its `cdylib` target, if it builds one (a plugin).
    pub fn cdylib(&self) -> Option<&Target> {
        self.targets
            .iter()
            .find(|t| t.crate_types.iter().any(|c| c == "cdylib"))
    }
}

impl Metadata {
    /// Runs `cargo metadata --no-deps` on the workspace at `root`.
    pub fn load(root: &Path) -> Result<Metadata> {
        let mut cmd = cargo();
        cmd.args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"));
        let json = output(&mut cmd)?;
        Self::from_json(&json)
    }

    /// Parses the JSON `cargo metadata` prints.
    pub fn from_json(json: &str) -> Result<Metadata> {
        serde_json::from_str(json).context("cannot read the output of `cargo metadata`")
    }

    /// The package called `name`.
    pub fn package(&self, name: &str) -> Result<&Package> {
        self.packages
            .iter()
            .find(|p| p.name == name)
            .with_context(|| format!("the workspace has no package `{name}`"))
    }

    /// The published packages in dependency order: each after every published
    /// package it depends on (normal and build dependencies), ties by name. So
    /// `dateline-core`, then `dateline-export`, `dateline-links` (and later
    /// `dateline-plugin`), then `dateline-cli`.
    pub fn publish_order(&self) -> Result<Vec<&Package>> {
        let mut pending: Vec<&Package> =
            self.packages.iter().filter(|p| p.is_published()).collect();
        pending.sort_by(|a, b| a.name.cmp(&b.name));
        let published: Vec<&str> = pending.iter().map(|p| p.name.as_str()).collect();
        let mut order: Vec<&Package> = Vec::with_capacity(pending.len());
        while !pending.is_empty() {
            let ready = pending.iter().position(|p| {
                p.dependencies.iter().all(|d| {
                    d.kind.as_deref() == Some("dev")
                        || !published.contains(&d.name.as_str())
                        || order.iter().any(|done| done.name == d.name)
                })
            });
            let Some(i) = ready else {
                let names: Vec<_> = pending.iter().map(|p| p.name.as_str()).collect();
                bail!(
                    "dependency cycle among published packages: {}",
                    names.join(", ")
                );
            };
            order.push(pending.remove(i));
        }
        Ok(order)
    }
}

/// A path relative to `root` for messages, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(name: &str, publish: bool, deps: &[(&str, Option<&str>)]) -> String {
        let deps: Vec<String> = deps
            .iter()
            .map(|(n, kind)| {
                let kind = kind.map_or("null".to_owned(), |k| format!("\"{k}\""));
                format!(r#"{{"name":"{n}","kind":{kind}}}"#)
            })
            .collect();
        let publish = if publish { "null" } else { "[]" };
        format!(
            r#"{{"name":"{name}","version":"0.1.0","manifest_path":"/w/{name}/Cargo.toml","publish":{publish},
               "dependencies":[{}],"targets":[{{"name":"x","crate_types":["lib"]}}]}}"#,
            deps.join(",")
        )
    }

    #[test]
    fn publish_order_puts_dependencies_first_and_skips_unpublished() {
        let packages = [
            package(
                "dateline-cli",
                true,
                &[
                    ("dateline-core", None),
                    ("dateline-links", None),
                    ("dateline-export", None),
                    ("xtask", Some("dev")),
                ],
            ),
            package("xtask", false, &[]),
            package(
                "dateline-links",
                true,
                &[("dateline-core", None), ("url", None)],
            ),
            package("dateline-export", true, &[("dateline-core", None)]),
            package(
                "dateline-core",
                true,
                &[("xtask", Some("dev")), ("dateline-cli", Some("dev"))],
            ),
            package("dateline-tests", false, &[("dateline-core", None)]),
        ];
        let json = format!(
            r#"{{"packages":[{}],"workspace_root":"/w","target_directory":"/w/target"}}"#,
            packages.join(",")
        );
        let meta = Metadata::from_json(&json).expect("valid metadata");
        let order: Vec<_> = meta
            .publish_order()
            .expect("no cycle")
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "dateline-core",
                "dateline-export",
                "dateline-links",
                "dateline-cli"
            ]
        );
    }

    #[test]
    fn a_cycle_is_an_error() {
        let json = format!(
            r#"{{"packages":[{},{}],"workspace_root":"/w","target_directory":"/w/target"}}"#,
            package("a", true, &[("b", None)]),
            package("b", true, &[("a", Some("build"))]),
        );
        let meta = Metadata::from_json(&json).expect("valid metadata");
        assert!(meta.publish_order().is_err());
    }

    #[test]
    fn commands_display_like_a_shell() {
        let mut cmd = Command::new("git");
        cmd.args(["commit", "-m", "chore(release): v1.0.0", "it's"]);
        assert_eq!(
            display(&cmd),
            r#"git commit -m 'chore(release): v1.0.0' 'it'\''s'"#
        );
    }
}
