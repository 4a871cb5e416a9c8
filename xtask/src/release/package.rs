//! Packaging and publishing: `cargo package` of every published crate
//! together (after removing what an earlier attempt at the same version left
//! behind), and `cargo publish` one crate at a time, in dependency order.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use semver::Version;

use super::{Args, Steps};
use crate::workspace::{self, cargo};

/// The package step: `cargo package` every crate of `names` (in publish
/// order) at `next`, from `root`, whose target directory is `target`.
pub(super) fn package(
    steps: &Steps,
    root: &Path,
    target: &Path,
    names: &[&str],
    next: &Version,
    args: &Args,
) -> Result<()> {
    for stale in stale_package_sources(names, &next.to_string()) {
        if args.dry_run {
            println!(
                "  would remove the stale extracted copy {}",
                stale.display()
            );
        } else {
            fs::remove_dir_all(&stale)
                .with_context(|| format!("removing the stale copy {}", stale.display()))?;
        }
    }
    // What cargo compiled from such copies is reused by name and version
    // too: forget the fingerprints of the crates being packaged.
    for stale in stale_fingerprints(target, names) {
        if args.dry_run {
            println!("  would remove the stale fingerprint {}", stale.display());
        } else {
            fs::remove_dir_all(&stale).with_context(|| format!("removing {}", stale.display()))?;
        }
    }
    let mut package = cargo();
    package.current_dir(root).args(["package", "--allow-dirty"]);
    for name in names {
        package.args(["-p", name]);
    }
    steps.command(&mut package, args.skip_checks)
}

/// The build fingerprints of the crates `names` in `target/debug`: cargo reuses
/// a registry crate's build by name and version, so after a stale extracted
/// copy (see [`stale_package_sources`]) its build must go too.
fn stale_fingerprints(target: &Path, names: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(target.join("debug").join(".fingerprint")) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let file = e.file_name();
            let file = file.to_string_lossy();
            names.iter().any(|name| {
                file.strip_prefix(name)
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|hash| hash.bytes().all(|b| b.is_ascii_hexdigit()))
            })
        })
        .map(|e| e.path())
        .collect();
    stale.sort();
    stale
}

/// Copies of our own packages at `version` that an earlier `cargo package` left
/// in `CARGO_HOME/registry/src/-<hash>/`: cargo extracts the local packages it
/// verifies against there and never extracts a name-version it has seen again,
/// so a copy from an earlier attempt at the same version would be compiled
/// instead of this tree.
fn stale_package_sources(names: &[&str], version: &str) -> Vec<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(src) = cargo_home.map(|h| h.join("registry").join("src")) else {
        return Vec::new();
    };
    let Ok(registries) = fs::read_dir(&src) else {
        return Vec::new();
    };
    let mut stale = Vec::new();
    for registry in registries.flatten() {
        // Local packages live in registries named `-<hash>`; crates.io's do not.
        if !registry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        for name in names {
            let copy = registry.path().join(format!("{name}-{version}"));
            if copy.is_dir() {
                stale.push(copy);
            }
        }
    }
    stale.sort();
    stale
}

/// `cargo publish -p` each crate in order; on a failure, says what is and is not
/// on the registry.
pub(super) fn publish(root: &Path, names: &[&str], dry_run: bool) -> Result<()> {
    for (i, name) in names.iter().enumerate() {
        let mut cmd = cargo();
        cmd.current_dir(root).args(["publish", "-p", name]);
        if dry_run {
            println!("  would run: {}", workspace::display(&cmd));
            continue;
        }
        if let Err(err) = workspace::run(&mut cmd) {
            let done = &names[..i];
            let rest: Vec<String> = names[i..]
                .iter()
                .map(|n| format!("cargo publish -p {n}"))
                .collect();
            bail!(
                "{err:#}\npublished: {}\nNOT published: {}\n\
                 The release commit and tag are in place. After fixing the cause, publish \
                 the rest in this order: {}",
                if done.is_empty() {
                    "none".to_owned()
                } else {
                    done.join(", ")
                },
                names[i..].join(", "),
                rest.join(" && ")
            );
        }
    }
    println!("  published: {}", names.join(", "));
    Ok(())
}
