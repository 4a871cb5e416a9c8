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
//!
//! The modules: [`bump`] the version bump of the manifests and the lock file,
//! [`changelog`] the section written from conventional commits, [`package`]
//! `cargo package` and `cargo publish`; this one the steps in order, and
//! putting back what a failed release wrote.

mod bump;
mod changelog;
mod package;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use semver::Version;

use crate::docs;
use crate::workspace::{self, Metadata, cargo, git, output, relative, root_or_default};
use bump::{Bump, version_edits};
use changelog::{
    commits_since, insert_release, last_tag, release_section, today, unreleased_notes,
};

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
        package::package(&steps, &root, &meta.target_directory, &names, &next, args)
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
        package::publish(&root, &names, args.dry_run)?;
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

#[cfg(test)]
mod tests {
    use semver::Version;

    /// A version the test spells correctly.
    pub(super) fn v(s: &str) -> Version {
        Version::parse(s).expect("valid version")
    }
}
