//! `cargo xtask release <patch|minor|major|X.Y.Z> [--dry-run] [--publish]`.
//!
//! Every published crate (`publish` not `false` in its manifest) is released
//! together, at one version. The steps, in order:
//!
//! 1. refuse a dirty work tree (modified, staged or untracked files);
//! 2. plan: the current version (the same for every published crate), the next
//!    one, the tag `vX.Y.Z` (which must not exist yet), the publish order;
//! 3. run the tests (`cargo test --workspace`);
//! 4. bump the version of every published crate and every requirement on one of
//!    them (`[workspace.dependencies]`, any `[*dependencies]` table of any
//!    manifest), and their entries in `Cargo.lock`;
//! 5. write the `CHANGELOG.md` section: the hand-written `## [Unreleased]` notes
//!    move under the new version's heading, followed by the commits since the last
//!    `v*` tag grouped by their conventional-commit kind (`feat:`, `fix(core):`,
//!    `perf!:` ...; anything else under "Other changes");
//! 6. regenerate the man page and completions (`cargo xtask docs`): the man page
//!    carries the version;
//! 7. `cargo package` every published crate together (`--allow-dirty`: the bump is
//!    not committed yet), which cargo does in dependency order, verifying that
//!    each one builds from its packaged sources against the others;
//! 8. commit (`chore(release): vX.Y.Z`) and tag `vX.Y.Z` (annotated);
//! 9. with `--publish` only: `cargo publish -p` each crate in dependency order
//!    (core, then export/links/plugin, then cli). Done one crate at a time, not
//!    with `cargo publish --workspace`, so that a failure half-way can say
//!    exactly which crates are on the registry and which are not.
//!
//! A failure in steps 4 to 7 restores every file the release wrote. Nothing is
//! pushed: the last lines printed say what to push.
//!
//! `--dry-run` prints every step, every version change and the changelog
//! section, and changes nothing (no file, no commit, no tag; no cargo command
//! is run either).
//!
//! `--skip-checks` skips the three slow steps (tests, docs, package). It exists
//! for the xtask's own tests, which release a temporary copy of the workspace and
//! must not run the whole test suite recursively; it is refused together with
//! `--publish`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use semver::Version;
use toml_edit::{DocumentMut, Item, Value};

use crate::docs;
use crate::workspace::{self, Metadata, cargo, git, output, relative, root_or_default};

/// Arguments of `release`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which version to release: the next patch, minor or major version, or
    /// exactly X.Y.Z (greater than the current one).
    #[arg(value_name = "patch|minor|major|X.Y.Z", value_parser = Bump::parse)]
    bump: Bump,
    /// Print every step and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// After tagging, `cargo publish` every published crate in dependency order.
    #[arg(long)]
    publish: bool,
    /// Skip the slow steps: tests, docs regeneration and `cargo package`. For
    /// the xtask's own tests; refused with --publish.
    #[arg(long)]
    skip_checks: bool,
    /// The workspace to release (default: the one this xtask belongs to).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

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

pub fn run(args: &Args) -> Result<()> {
    let root = root_or_default(args.root.as_deref());
    if args.publish && args.skip_checks {
        bail!(
            "--publish with --skip-checks: never publish crates that were not tested and packaged"
        );
    }
    let mut steps = Steps::new(args.dry_run, if args.publish { 9 } else { 8 });

    steps.start("check that the work tree is clean");
    ensure_clean(&root)?;
    println!("  clean");

    steps.start("plan the release");
    let meta = Metadata::load(&root)?;
    let order = meta.publish_order()?;
    if order.is_empty() {
        bail!(
            "no published crate in {}: nothing to release",
            root.display()
        );
    }
    let names: Vec<&str> = order.iter().map(|p| p.name.as_str()).collect();
    let current = common_version(&order)?;
    let next = args.bump.apply(&current)?;
    let tag = format!("v{next}");
    if !output(git(&root).args(["tag", "--list", &tag]))?
        .trim()
        .is_empty()
    {
        bail!("the tag {tag} exists already");
    }
    println!("  {current} -> {next}, tag {tag}");
    println!("  crates, in publish order: {}", names.join(", "));

    steps.start("run the tests");
    let mut test = cargo();
    test.current_dir(&root).args(["test", "--workspace"]);
    steps.command(&mut test, args.skip_checks)?;

    steps.start(&format!("bump the versions to {next}"));
    let mut edits = version_edits(&root, &meta, &names, &current, &next)?;
    for edit in &edits {
        for change in &edit.changes {
            println!("  {}: {change}", relative(&root, &edit.path));
        }
    }

    steps.start("write the CHANGELOG.md section");
    let last_tag = last_tag(&root)?;
    let commits = commits_since(&root, last_tag.as_deref())?;
    println!(
        "  {} commit{} since {}",
        commits.len(),
        if commits.len() == 1 { "" } else { "s" },
        last_tag.as_deref().unwrap_or("the first commit")
    );
    let changelog_path = root.join("CHANGELOG.md");
    let old_changelog = read_optional(&changelog_path)?;
    let section = release_section(&next, &today(), &commits, last_tag.as_deref());
    let new_changelog = insert_release(old_changelog.as_deref(), &section);
    for line in section.lines() {
        println!("  | {line}");
    }
    if unreleased_notes(old_changelog.as_deref()).is_some() {
        println!("  (the notes under ## [Unreleased] move under this heading, above the commits)");
    }
    edits.push(FileEdit {
        path: changelog_path,
        before: old_changelog,
        after: new_changelog,
        changes: vec![format!("section {next}")],
    });

    let mut written = Written::default();
    if !args.dry_run {
        for edit in &edits {
            written.write(&edit.path, edit.before.as_deref(), &edit.after)?;
        }
    }
    // From here until the commit, a failure restores what was written.
    let checked = (|| -> Result<()> {
        steps.start("regenerate the man page and completions");
        if args.skip_checks {
            println!("  skipped (--skip-checks): `cargo xtask docs` regenerates them");
        } else if args.dry_run {
            println!("  would run: cargo xtask docs");
        } else {
            for (path, before) in docs::write(&root)? {
                written.record(path, before);
            }
        }

        steps.start("package the published crates");
        for stale in stale_package_sources(&names, &next.to_string()) {
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
        for stale in stale_fingerprints(&meta.target_directory, &names) {
            if args.dry_run {
                println!("  would remove the stale fingerprint {}", stale.display());
            } else {
                fs::remove_dir_all(&stale)
                    .with_context(|| format!("removing {}", stale.display()))?;
            }
        }
        let mut package = cargo();
        package
            .current_dir(&root)
            .args(["package", "--allow-dirty"]);
        for name in &names {
            package.args(["-p", name]);
        }
        steps.command(&mut package, args.skip_checks)
    })();
    if let Err(err) = checked {
        written.restore();
        return Err(err.context("the release stopped; every file it wrote was restored"));
    }

    steps.start(&format!("commit and tag {tag}"));
    let message = format!("chore(release): {tag}");
    let mut add = git(&root);
    add.arg("add").arg("--");
    for path in written.paths() {
        add.arg(path);
    }
    let mut commit = git(&root);
    commit.args(["commit", "--quiet", "-m", &message]);
    let mut tag_cmd = git(&root);
    tag_cmd.args(["tag", "-a", &tag, "-m", &format!("dateline {tag}")]);
    if args.dry_run {
        println!("  would run: git add (the files above)");
        println!("  would run: {}", workspace::display(&commit));
        println!("  would run: {}", workspace::display(&tag_cmd));
    } else {
        let committed = output(&mut add)
            .and_then(|_| output(&mut commit))
            .and_then(|_| output(&mut tag_cmd));
        if let Err(err) = committed {
            return Err(err.context(
                "committing or tagging failed; the version bump is in the work tree \
                 (inspect with `git status`, undo with `git reset --hard HEAD`)",
            ));
        }
        println!("  committed `{message}` and tagged {tag}");
    }

    if args.publish {
        steps.start("publish to crates.io");
        publish(&root, &names, args.dry_run)?;
    }

    if args.dry_run {
        println!("\ndry run: nothing was changed");
    } else {
        println!("\nreleased {tag}; push it with: git push && git push origin {tag}");
        if !args.publish {
            let cmds: Vec<String> = names
                .iter()
                .map(|n| format!("cargo publish -p {n}"))
                .collect();
            println!("publish in this order with: {}", cmds.join(" && "));
        }
    }
    Ok(())
}

/// Numbered step headings; runs or only shows commands.
struct Steps {
    dry_run: bool,
    total: usize,
    done: usize,
}

impl Steps {
    fn new(dry_run: bool, total: usize) -> Steps {
        Steps {
            dry_run,
            total,
            done: 0,
        }
    }

    fn start(&mut self, title: &str) {
        self.done += 1;
        let mode = if self.dry_run { " (dry run)" } else { "" };
        println!("==> [{}/{}] {title}{mode}", self.done, self.total);
    }

    fn command(&self, cmd: &mut Command, skip: bool) -> Result<()> {
        if skip {
            println!("  skipped (--skip-checks): {}", workspace::display(cmd));
            Ok(())
        } else if self.dry_run {
            println!("  would run: {}", workspace::display(cmd));
            Ok(())
        } else {
            workspace::run(cmd)
        }
    }
}

/// Fails, listing them, if the tree has modified, staged or untracked files.
fn ensure_clean(root: &Path) -> Result<()> {
    let status = output(git(root).args(["status", "--porcelain", "--untracked-files=normal"]))?;
    if !status.trim().is_empty() {
        let mut msg = String::from(
            "the work tree is not clean; commit or stash these changes before releasing:",
        );
        for line in status.lines() {
            let _ = write!(msg, "\n  {line}");
        }
        bail!(msg);
    }
    Ok(())
}

/// The version every published crate has now (they are released together).
fn common_version(order: &[&workspace::Package]) -> Result<Version> {
    let first = order[0];
    for p in order {
        if p.version != first.version {
            bail!(
                "published crates are released together, but {} is at {} and {} at {}",
                first.name,
                first.version,
                p.name,
                p.version
            );
        }
    }
    Version::parse(&first.version)
        .with_context(|| format!("{} has an invalid version {}", first.name, first.version))
}

/// A planned rewrite of one file.
struct FileEdit {
    path: PathBuf,
    before: Option<String>,
    after: String,
    /// One line per change, for the log.
    changes: Vec<String>,
}

/// The version bump of every manifest and of `Cargo.lock`.
fn version_edits(
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

/// Files the release wrote, with what they held before (`None`: did not exist).
#[derive(Default)]
struct Written {
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
}

impl Written {
    fn write(&mut self, path: &Path, before: Option<&str>, after: &str) -> Result<()> {
        self.record(path.to_path_buf(), before.map(|s| s.as_bytes().to_vec()));
        fs::write(path, after).with_context(|| format!("cannot write {}", path.display()))
    }

    fn record(&mut self, path: PathBuf, before: Option<Vec<u8>>) {
        if !self.files.iter().any(|(p, _)| *p == path) {
            self.files.push((path, before));
        }
    }

    fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(p, _)| p.as_path())
    }

    /// Puts every file back as it was; reports (and goes on) if one cannot be.
    fn restore(&self) {
        for (path, before) in &self.files {
            let restored = match before {
                Some(bytes) => fs::write(path, bytes),
                None => fs::remove_file(path),
            };
            if let Err(e) = restored {
                eprintln!("warning: cannot restore {}: {e}", path.display());
            }
        }
    }
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// The most recent `v*` tag reachable from `HEAD`, if any.
fn last_tag(root: &Path) -> Result<Option<String>> {
    let out = git(root)
        .args(["describe", "--tags", "--abbrev=0", "--match", "v[0-9]*"])
        .output()
        .context("cannot run git")?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|t| !t.is_empty()))
}

/// One commit for the changelog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full hash.
    pub hash: String,
    /// The first line of the message.
    pub subject: String,
    /// The rest of the message.
    pub body: String,
}

/// The non-merge commits after `since` (or all), oldest first.
fn commits_since(root: &Path, since: Option<&str>) -> Result<Vec<Commit>> {
    let range = since.map_or_else(|| "HEAD".to_owned(), |tag| format!("{tag}..HEAD"));
    let log = output(git(root).args([
        "log",
        "--reverse",
        "--no-merges",
        "--format=%H%x1f%s%x1f%b%x1e",
        &range,
    ]))?;
    Ok(log
        .split('\x1e')
        .filter_map(|record| {
            let mut fields = record.trim_start_matches('\n').splitn(3, '\x1f');
            let hash = fields.next()?.trim().to_owned();
            let subject = fields.next()?.trim().to_owned();
            let body = fields.next().unwrap_or_default().trim().to_owned();
            (!hash.is_empty()).then_some(Commit {
                hash,
                subject,
                body,
            })
        })
        .collect())
}

/// The changelog groups, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// `type!:` or a `BREAKING CHANGE:` footer.
    Breaking,
    /// `feat`.
    Features,
    /// `fix`.
    Fixes,
    /// `perf`.
    Performance,
    /// `docs`.
    Documentation,
    /// `refactor`.
    Refactoring,
    /// `test`.
    Tests,
    /// `build`, `ci`.
    Build,
    /// `chore`, `style`.
    Chores,
    /// `revert`.
    Reverts,
    /// Anything without a known conventional prefix.
    Other,
}

impl Group {
    fn heading(self) -> &'static str {
        match self {
            Group::Breaking => "Breaking changes",
            Group::Features => "Features",
            Group::Fixes => "Bug fixes",
            Group::Performance => "Performance",
            Group::Documentation => "Documentation",
            Group::Refactoring => "Refactoring",
            Group::Tests => "Tests",
            Group::Build => "Build and CI",
            Group::Chores => "Chores",
            Group::Reverts => "Reverts",
            Group::Other => "Other changes",
        }
    }

    fn of_type(ty: &str) -> Option<Group> {
        Some(match ty.to_ascii_lowercase().as_str() {
            "feat" | "feature" => Group::Features,
            "fix" | "bugfix" => Group::Fixes,
            "perf" => Group::Performance,
            "docs" | "doc" => Group::Documentation,
            "refactor" => Group::Refactoring,
            "test" | "tests" => Group::Tests,
            "build" | "ci" => Group::Build,
            "chore" | "style" => Group::Chores,
            "revert" => Group::Reverts,
            _ => return None,
        })
    }
}

/// A commit classified for the changelog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Where it goes.
    pub group: Group,
    /// The conventional scope (`core` in `fix(core): ...`).
    pub scope: Option<String>,
    /// The description, or the whole subject for a non-conventional commit.
    pub text: String,
}

/// Classifies a commit by its conventional-commit prefix
/// (`type(scope)!: description`).
pub fn classify(subject: &str, body: &str) -> Entry {
    let footer_breaking = body
        .lines()
        .any(|l| l.starts_with("BREAKING CHANGE:") || l.starts_with("BREAKING-CHANGE:"));
    let other = Entry {
        group: if footer_breaking {
            Group::Breaking
        } else {
            Group::Other
        },
        scope: None,
        text: subject.trim().to_owned(),
    };
    let Some((head, text)) = subject.split_once(':') else {
        return other;
    };
    let text = text.trim();
    let (head, bang) = match head.strip_suffix('!') {
        Some(h) => (h, true),
        None => (head, false),
    };
    let (ty, scope) = match head.split_once('(') {
        Some((ty, rest)) => match rest.strip_suffix(')') {
            Some(scope) if !scope.is_empty() && !scope.contains(['(', ')']) => {
                (ty, Some(scope.to_owned()))
            }
            _ => return other,
        },
        None => (head, None),
    };
    if ty.is_empty() || !ty.chars().all(|c| c.is_ascii_alphabetic()) || text.is_empty() {
        return other;
    }
    let Some(group) = Group::of_type(ty) else {
        return other;
    };
    Entry {
        group: if bang || footer_breaking {
            Group::Breaking
        } else {
            group
        },
        scope,
        text: text.to_owned(),
    }
}

/// Whether a commit is a release commit, left out of the changelog.
fn is_release_commit(subject: &str) -> bool {
    subject.starts_with("chore(release):")
}

/// The `## [X.Y.Z] - date` section's generated part: the commits grouped by kind.
pub fn release_section(
    version: &Version,
    date: &str,
    commits: &[Commit],
    since: Option<&str>,
) -> String {
    let mut entries: Vec<(Entry, &Commit)> = commits
        .iter()
        .filter(|c| !is_release_commit(&c.subject))
        .map(|c| (classify(&c.subject, &c.body), c))
        .collect();
    // Stable: commits keep their order inside a group.
    entries.sort_by_key(|(e, _)| e.group);
    let mut out = format!("## [{version}] - {date}\n");
    if entries.is_empty() {
        let since = since.unwrap_or("the first commit");
        let _ = write!(out, "\nNo changes since {since}.\n");
        return out;
    }
    let mut group = None;
    for (entry, commit) in entries {
        if group != Some(entry.group) {
            group = Some(entry.group);
            let _ = write!(out, "\n### {}\n\n", entry.group.heading());
        }
        let short = commit.hash.get(..7).unwrap_or(&commit.hash);
        match &entry.scope {
            Some(scope) => {
                let _ = writeln!(out, "- **{scope}:** {} ({short})", entry.text);
            }
            None => {
                let _ = writeln!(out, "- {} ({short})", entry.text);
            }
        }
    }
    out
}

/// Default head of a new CHANGELOG.md.
const CHANGELOG_HEAD: &str = "# Changelog\n\n\
    All notable changes to the published dateline crates. They are released \
    together, at one version.\n";

fn is_unreleased_heading(line: &str) -> bool {
    let line = line.trim().to_ascii_lowercase();
    line == "## [unreleased]" || line == "## unreleased"
}

/// The hand-written notes under `## [Unreleased]`, if there are any.
fn unreleased_notes(changelog: Option<&str>) -> Option<String> {
    let lines: Vec<&str> = changelog?.split_inclusive('\n').collect();
    let (_, notes, _) = split_unreleased(&lines);
    let notes = notes.trim();
    (!notes.is_empty()).then(|| notes.to_owned())
}

/// Splits a changelog's lines into the head before `## [Unreleased]`, the notes
/// under it, and the rest (older releases): `(head end, notes, rest start)`.
/// Without an Unreleased heading, the notes are empty and the head ends at the
/// first `## ` heading.
fn split_unreleased(lines: &[&str]) -> (usize, String, usize) {
    match lines.iter().position(|l| is_unreleased_heading(l)) {
        Some(u) => {
            let end = lines[u + 1..]
                .iter()
                .position(|l| l.starts_with("## "))
                .map_or(lines.len(), |i| u + 1 + i);
            (u, lines[u + 1..end].concat(), end)
        }
        None => {
            let first = lines
                .iter()
                .position(|l| l.starts_with("## "))
                .unwrap_or(lines.len());
            (first, String::new(), first)
        }
    }
}

/// The changelog with the release `section` in place: the hand-written notes of
/// `## [Unreleased]` move under the release heading, above the generated
/// commit groups, and an empty `## [Unreleased]` stays on top.
pub fn insert_release(changelog: Option<&str>, section: &str) -> String {
    let text = changelog.unwrap_or(CHANGELOG_HEAD);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let (head_end, notes, rest_start) = split_unreleased(&lines);
    let mut out = lines[..head_end].concat();
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
    }
    out.push_str("## [Unreleased]\n\n");
    let (heading, groups) = section.split_once('\n').unwrap_or((section, ""));
    out.push_str(heading);
    out.push('\n');
    let notes = notes.trim();
    if !notes.is_empty() {
        out.push('\n');
        out.push_str(notes);
        out.push('\n');
    }
    out.push_str(groups);
    let rest = lines[rest_start..].concat();
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(&rest);
    }
    out
}

/// Today as `YYYY-MM-DD` (UTC), or the day of `SOURCE_DATE_EPOCH` when set
/// (reproducible builds; the tests).
fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        });
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `cargo publish -p` each crate in order; on a failure, says what is and is not
/// on the registry.
fn publish(root: &Path, names: &[&str], dry_run: bool) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).expect("valid version")
    }

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
    fn conventional_prefixes_pick_the_group() {
        let cases = [
            (
                "feat: add plugins",
                "",
                Group::Features,
                None,
                "add plugins",
            ),
            (
                "fix(core): keep CRLF",
                "",
                Group::Fixes,
                Some("core"),
                "keep CRLF",
            ),
            (
                "perf(links)!: faster index",
                "",
                Group::Breaking,
                Some("links"),
                "faster index",
            ),
            ("docs: README", "", Group::Documentation, None, "README"),
            ("refactor: split", "", Group::Refactoring, None, "split"),
            ("test: more", "", Group::Tests, None, "more"),
            ("ci: cache", "", Group::Build, None, "cache"),
            (
                "build(deps): bump url",
                "",
                Group::Build,
                Some("deps"),
                "bump url",
            ),
            ("chore: tidy", "", Group::Chores, None, "tidy"),
            (
                "Feat: capitalised",
                "",
                Group::Features,
                None,
                "capitalised",
            ),
            (
                "feat: new API",
                "BREAKING CHANGE: old one gone",
                Group::Breaking,
                None,
                "new API",
            ),
            // Not conventional: the whole subject, under Other changes.
            (
                "core: reject colon paragraphs",
                "",
                Group::Other,
                None,
                "core: reject colon paragraphs",
            ),
            ("Merge things", "", Group::Other, None, "Merge things"),
            ("feat(: broken", "", Group::Other, None, "feat(: broken"),
            ("feat:", "", Group::Other, None, "feat:"),
            ("fix 2: numbers", "", Group::Other, None, "fix 2: numbers"),
            (
                "tidy",
                "BREAKING-CHANGE: yes",
                Group::Breaking,
                None,
                "tidy",
            ),
        ];
        for (subject, body, group, scope, text) in cases {
            let entry = classify(subject, body);
            assert_eq!(
                entry,
                Entry {
                    group,
                    scope: scope.map(str::to_owned),
                    text: text.to_owned()
                },
                "{subject}"
            );
        }
    }

    fn commit(n: u8, subject: &str) -> Commit {
        Commit {
            hash: format!("{n:02x}{}", "0".repeat(38)),
            subject: subject.to_owned(),
            body: String::new(),
        }
    }

    #[test]
    fn the_section_groups_commits_in_a_fixed_order_keeping_their_order() {
        let commits = [
            commit(1, "fix: first fix"),
            commit(2, "core: old style"),
            commit(3, "feat(cli): generate"),
            commit(4, "chore(release): v0.1.0"),
            commit(5, "fix(links): second fix"),
            commit(6, "feat!: drop the old model"),
        ];
        let section = release_section(&v("0.2.0"), "2026-01-02", &commits, Some("v0.1.0"));
        assert_eq!(
            section,
            "## [0.2.0] - 2026-01-02\n\
             \n### Breaking changes\n\n- drop the old model (0600000)\n\
             \n### Features\n\n- **cli:** generate (0300000)\n\
             \n### Bug fixes\n\n- first fix (0100000)\n- **links:** second fix (0500000)\n\
             \n### Other changes\n\n- core: old style (0200000)\n"
        );
        let empty = release_section(&v("0.2.0"), "2026-01-02", &[], Some("v0.1.0"));
        assert_eq!(
            empty,
            "## [0.2.0] - 2026-01-02\n\nNo changes since v0.1.0.\n"
        );
    }

    #[test]
    fn the_release_takes_the_unreleased_notes_and_keeps_older_sections() {
        let changelog = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n\n- plugins\n\n## [0.1.0] - 2025-01-01\n\n- first\n";
        let section = "## [0.2.0] - 2026-01-02\n\n### Features\n\n- x (0100000)\n";
        assert_eq!(
            insert_release(Some(changelog), section),
            "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n## [0.2.0] - 2026-01-02\n\n\
             ### Added\n\n- plugins\n\n### Features\n\n- x (0100000)\n\n\
             ## [0.1.0] - 2025-01-01\n\n- first\n"
        );
        // No Unreleased heading: the section goes above the newest release.
        let changelog = "# Changelog\n\n## [0.1.0] - 2025-01-01\n\n- first\n";
        assert_eq!(
            insert_release(Some(changelog), section),
            "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-01-02\n\n### Features\n\n- x (0100000)\n\n\
             ## [0.1.0] - 2025-01-01\n\n- first\n"
        );
        // No changelog at all.
        let new = insert_release(None, section);
        assert!(new.starts_with("# Changelog\n\n"), "{new}");
        assert!(
            new.ends_with(
                "## [Unreleased]\n\n## [0.2.0] - 2026-01-02\n\n### Features\n\n- x (0100000)\n"
            ),
            "{new}"
        );
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

    #[test]
    fn days_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_000), (2024, 10, 4));
        assert_eq!(civil_from_days(19_417), (2023, 3, 1));
    }
}
