//! The version bump: which version comes next, and the edits that put it in
//! every manifest (the workspace's, each member's) and in `Cargo.lock`.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use semver::Version;
use toml_edit::{DocumentMut, Item, Value};

use super::{FileEdit, read_optional};
use crate::workspace::Metadata;

/// Which version comes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bump {
    /// `X.Y.Z` to `X.Y.(Z+1)`.
    Patch,
    /// `X.Y.Z` to `X.(Y+1).0`.
    Minor,
    /// `X.Y.Z` to `(X+1).0.0`.
    Major,
    /// Exactly this version.
    Exact(Version),
}

impl Bump {
    /// Parses `patch`, `minor`, `major` or a semantic version.
    pub fn parse(s: &str) -> Result<Bump, String> {
        match s {
            "patch" => Ok(Bump::Patch),
            "minor" => Ok(Bump::Minor),
            "major" => Ok(Bump::Major),
            _ => Version::parse(s.strip_prefix('v').unwrap_or(s))
                .map(Bump::Exact)
                .map_err(|e| format!("expected patch, minor, major or X.Y.Z: {e}")),
        }
    }

    /// The version after `current`. A pre-release (`1.0.0-rc.1`) is finished by
    /// any bump that does not pass it: `patch` on `1.0.0-rc.1` gives `1.0.0`.
    pub fn apply(&self, current: &Version) -> Result<Version> {
        let released = current.pre.is_empty();
        let next = match self {
            Bump::Patch if !released => Version::new(current.major, current.minor, current.patch),
            Bump::Patch => Version::new(current.major, current.minor, current.patch + 1),
            Bump::Minor if !released && current.patch == 0 => {
                Version::new(current.major, current.minor, 0)
            }
            Bump::Minor => Version::new(current.major, current.minor + 1, 0),
            Bump::Major if !released && current.minor == 0 && current.patch == 0 => {
                Version::new(current.major, 0, 0)
            }
            Bump::Major => Version::new(current.major + 1, 0, 0),
            Bump::Exact(v) => v.clone(),
        };
        if next <= *current {
            bail!("the next version must be greater than the current {current}, not {next}");
        }
        Ok(next)
    }
}

/// The version bump of every manifest and of `Cargo.lock`.
pub(super) fn version_edits(
    root: &Path,
    meta: &Metadata,
    published: &[&str],
    current: &Version,
    next: &Version,
) -> Result<Vec<FileEdit>> {
    let mut manifests = vec![root.join("Cargo.toml")];
    for p in &meta.packages {
        if !manifests.contains(&p.manifest_path) {
            manifests.push(p.manifest_path.clone());
        }
    }
    let mut edits = Vec::new();
    for path in manifests {
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let is_published = meta
            .packages
            .iter()
            .any(|p| p.manifest_path == path && p.is_published());
        let (after, changes) = bump_manifest(&text, is_published, published, next)
            .with_context(|| format!("cannot edit {}", path.display()))?;
        if !changes.is_empty() {
            edits.push(FileEdit {
                path,
                before: Some(text),
                after,
                changes,
            });
        }
    }
    let lock_path = root.join("Cargo.lock");
    if let Some(text) = read_optional(&lock_path)? {
        let (after, changes) = bump_lock(&text, published, current, next)
            .with_context(|| format!("cannot edit {}", lock_path.display()))?;
        if !changes.is_empty() {
            edits.push(FileEdit {
                path: lock_path,
                before: Some(text),
                after,
                changes,
            });
        }
    }
    Ok(edits)
}

/// Replaces a string value, keeping its surrounding whitespace and comments.
fn set_string(value: &mut Value, new: &str) {
    let decor = value.decor().clone();
    *value = Value::from(new);
    *value.decor_mut() = decor;
}

/// A requirement on the new version, keeping the old one's operator: `0.1.0`
/// becomes `0.1.1`, `=0.1.0` becomes `=0.1.1`.
fn bump_requirement(req: &str, next: &Version) -> String {
    let op_len = req.find(|c: char| c.is_ascii_digit()).unwrap_or(req.len());
    let op = req[..op_len].trim();
    format!("{op}{next}")
}

/// Bumps one manifest: its own `package.version` when it is published and
/// literal, `workspace.package.version` in the root, and every requirement on a
/// published crate. Returns the new text and what changed.
fn bump_manifest(
    text: &str,
    is_published: bool,
    published: &[&str],
    next: &Version,
) -> Result<(String, Vec<String>)> {
    let mut doc: DocumentMut = text.parse()?;
    let mut changes = Vec::new();
    let next_str = next.to_string();

    if let Some(v) = doc
        .get_mut("workspace")
        .and_then(|w| w.get_mut("package"))
        .and_then(|p| p.get_mut("version"))
        .and_then(Item::as_value_mut)
        && let Some(old) = v.as_str().map(str::to_owned)
    {
        set_string(v, &next_str);
        changes.push(format!("workspace.package.version {old} -> {next}"));
    }
    if is_published
        && let Some(v) = doc
            .get_mut("package")
            .and_then(|p| p.get_mut("version"))
            .and_then(Item::as_value_mut)
        && let Some(old) = v.as_str().map(str::to_owned)
    {
        set_string(v, &next_str);
        changes.push(format!("package.version {old} -> {next}"));
    }

    let mut tables: Vec<(String, &mut Item)> = Vec::new();
    let kinds = ["dependencies", "dev-dependencies", "build-dependencies"];
    for (key, item) in doc.iter_mut() {
        match key.get() {
            k if kinds.contains(&k) => tables.push((k.to_owned(), item)),
            "workspace" => {
                if let Some(deps) = item.get_mut("dependencies") {
                    tables.push(("workspace.dependencies".to_owned(), deps));
                }
            }
            "target" => {
                if let Some(targets) = item.as_table_like_mut() {
                    for (cfg, target) in targets.iter_mut() {
                        let Some(target) = target.as_table_like_mut() else {
                            continue;
                        };
                        for (kind, deps) in target.iter_mut() {
                            if kinds.contains(&kind.get()) {
                                tables.push((format!("target.{}.{}", cfg.get(), kind.get()), deps));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (table_name, deps) in tables {
        let Some(deps) = deps.as_table_like_mut() else {
            continue;
        };
        for (key, dep) in deps.iter_mut() {
            let name = dep
                .get("package")
                .and_then(Item::as_str)
                .unwrap_or(key.get())
                .to_owned();
            if !published.contains(&name.as_str()) {
                continue;
            }
            let version = if dep.is_str() {
                dep.as_value_mut()
            } else {
                dep.get_mut("version").and_then(Item::as_value_mut)
            };
            let Some(version) = version else {
                continue; // `workspace = true`, or a path-only dev-dependency
            };
            let Some(old) = version.as_str().map(str::to_owned) else {
                continue;
            };
            let new = bump_requirement(&old, next);
            if new != old {
                set_string(version, &new);
                changes.push(format!("{table_name}.{} \"{old}\" -> \"{new}\"", key.get()));
            }
        }
    }
    Ok((doc.to_string(), changes))
}

/// Bumps the published workspace crates in `Cargo.lock` (the entries without a
/// `source`), and any `"name version"` reference to them.
fn bump_lock(
    text: &str,
    published: &[&str],
    current: &Version,
    next: &Version,
) -> Result<(String, Vec<String>)> {
    let mut doc: DocumentMut = text.parse()?;
    let mut changes = Vec::new();
    let Some(packages) = doc
        .get_mut("package")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return Ok((text.to_owned(), changes));
    };
    let next_str = next.to_string();
    for package in packages.iter_mut() {
        let name = package
            .get("name")
            .and_then(Item::as_str)
            .unwrap_or_default()
            .to_owned();
        if published.contains(&name.as_str())
            && !package.contains_key("source")
            && let Some(v) = package.get_mut("version").and_then(Item::as_value_mut)
        {
            set_string(v, &next_str);
            changes.push(format!("{name} {current} -> {next}"));
        }
        if let Some(deps) = package
            .get_mut("dependencies")
            .and_then(Item::as_value_mut)
            .and_then(Value::as_array_mut)
        {
            for dep in deps.iter_mut() {
                let Some((dep_name, dep_version)) = dep.as_str().and_then(|s| s.split_once(' '))
                else {
                    continue;
                };
                if published.contains(&dep_name) && dep_version == current.to_string() {
                    let new = format!("{dep_name} {next}");
                    set_string(dep, &new);
                }
            }
        }
    }
    Ok((doc.to_string(), changes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::tests::v;

    #[test]
    fn bumps_follow_semver() {
        let cases = [
            ("patch", "0.1.0", "0.1.1"),
            ("minor", "0.1.7", "0.2.0"),
            ("major", "0.1.7", "1.0.0"),
            ("patch", "1.2.3", "1.2.4"),
            ("minor", "1.2.3", "1.3.0"),
            ("major", "1.2.3", "2.0.0"),
            ("2.0.0-rc.1", "1.2.3", "2.0.0-rc.1"),
            ("patch", "2.0.0-rc.1", "2.0.0"),
            ("minor", "2.0.0-rc.1", "2.0.0"),
            ("major", "2.0.0-rc.1", "2.0.0"),
            ("minor", "2.1.1-rc.1", "2.2.0"),
            ("v0.3.0", "0.2.9", "0.3.0"),
        ];
        for (bump, current, next) in cases {
            let bump = Bump::parse(bump).expect("valid bump");
            assert_eq!(
                bump.apply(&v(current)).expect("a greater version"),
                v(next),
                "{bump:?} {current}"
            );
        }
    }

    #[test]
    fn an_exact_version_must_be_greater() {
        for exact in ["0.1.0", "0.0.9", "0.1.0-rc.1"] {
            let bump = Bump::parse(exact).expect("valid bump");
            assert!(bump.apply(&v("0.1.0")).is_err(), "{exact}");
        }
        assert!(Bump::parse("next").is_err());
        assert!(Bump::parse("1.2").is_err());
    }

    #[test]
    fn manifests_bump_versions_and_requirements_on_published_crates_only() {
        let root = r#"[workspace]
members = ["a"]

[workspace.package]
version = "0.1.0" # shared
edition = "2024"

[workspace.dependencies]
dateline-core = { path = "crates/core", version = "0.1.0" }
dateline-links = { path = "crates/links", version = "=0.1.0" }
serde = "1"
"#;
        let published = ["dateline-core", "dateline-links", "dateline-cli"];
        let (after, changes) =
            bump_manifest(root, false, &published, &v("0.1.1")).expect("valid toml");
        assert_eq!(
            after,
            root.replace("version = \"0.1.0\" #", "version = \"0.1.1\" #")
                .replace("version = \"0.1.0\" }", "version = \"0.1.1\" }")
                .replace("\"=0.1.0\"", "\"=0.1.1\"")
        );
        assert_eq!(changes.len(), 3, "{changes:?}");

        let member = r#"[package]
name = "dateline-cli"
version = "0.1.0"

[dependencies]
core = { package = "dateline-core", version = "0.1.0", path = "../core" }
dateline-links.workspace = true
dateline-export = "0.1"

[dev-dependencies]
xtask = { path = "../../xtask" }

[target.'cfg(unix)'.dependencies.dateline-links]
version = "0.1.0"
path = "../links"
"#;
        let (after, changes) =
            bump_manifest(member, true, &published, &v("0.1.1")).expect("valid toml");
        assert_eq!(
            after,
            member.replace("version = \"0.1.0\"", "version = \"0.1.1\"")
        );
        assert_eq!(changes.len(), 3, "{changes:?}");
        // Unpublished: its own version stays.
        let (after, changes) = bump_manifest(
            "[package]\nname = \"xtask\"\nversion = \"0.0.0\"\n",
            false,
            &published,
            &v("0.1.1"),
        )
        .expect("valid toml");
        assert_eq!(
            (after.as_str(), changes.len()),
            ("[package]\nname = \"xtask\"\nversion = \"0.0.0\"\n", 0)
        );
    }

    #[test]
    fn the_lock_file_bumps_workspace_entries_not_registry_ones() {
        let lock = r#"version = 4

[[package]]
name = "dateline-core"
version = "0.1.0"
dependencies = [
 "memchr",
]

[[package]]
name = "dateline-core"
version = "0.1.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "dateline-cli"
version = "0.1.0"
dependencies = [
 "dateline-core 0.1.0",
]

[[package]]
name = "xtask"
version = "0.0.0"
"#;
        let published = ["dateline-core", "dateline-cli"];
        let (after, changes) =
            bump_lock(lock, &published, &v("0.1.0"), &v("0.1.1")).expect("valid toml");
        let expected = lock
            .replacen("version = \"0.1.0\"", "version = \"0.1.1\"", 1)
            .replace(
                "name = \"dateline-cli\"\nversion = \"0.1.0\"",
                "name = \"dateline-cli\"\nversion = \"0.1.1\"",
            )
            .replace("\"dateline-core 0.1.0\"", "\"dateline-core 0.1.1\"");
        assert_eq!(after, expected);
        assert_eq!(changes.len(), 2);
    }
}
