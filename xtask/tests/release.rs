//! `cargo xtask release` against a temporary copy of this workspace: the files git
//! knows (tracked, and untracked but not ignored), committed into a fresh
//! repository with a `v0.1.0` tag and a few conventional commits after it.
//!
//! The release runs with `--skip-checks` so that it does not run the whole test
//! suite (and `cargo package`) from inside a test; the dry run shows those steps
//! without it, since a dry run runs no cargo command.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

const PUBLISHED: [&str; 6] = [
    "dateline-core",
    "dateline-corpus",
    "dateline-export",
    "dateline-links",
    "dateline-plugin",
    "dateline-cli",
];
/// Not published on crates.io, but released at the workspace version (the
/// plugins in the dist archive, the Python package on PyPI): they inherit the
/// workspace version, so the bump moves them too.
const SHIPPED: [&str; 3] = ["dateline-citations", "dateline-parquet", "dateline-python"];
/// 2026-01-01T00:00:00Z, the date the changelog sections get.
const EPOCH: &str = "1767225600";

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Appends a line to `file` and commits it with `message`.
fn commit(dir: &Path, file: &str, message: &str) {
    let path = dir.join(file);
    let mut text = fs::read_to_string(&path).unwrap_or_default();
    text.push_str(&format!("\n{message}\n"));
    fs::write(&path, text).expect("write");
    git(dir, &["add", file]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// The workspace copied into a new repository: `v0.1.0` on the import commit,
/// then four commits.
fn workspace_copy() -> TempDir {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace");
    let listed = git(
        source,
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut copied = 0;
    for rel in listed.split('\0').filter(|r| !r.is_empty()) {
        let from = source.join(rel);
        if !from.is_file() {
            continue; // deleted in the work tree
        }
        let to = tmp.path().join(rel);
        fs::create_dir_all(to.parent().expect("a file has a parent")).expect("mkdir");
        fs::copy(&from, &to).expect("copy");
        copied += 1;
    }
    assert!(copied > 50, "copied only {copied} files");

    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    for (key, value) in [
        ("user.name", "Release Test"),
        ("user.email", "release@example.com"),
        ("commit.gpgsign", "false"),
        ("tag.gpgsign", "false"),
    ] {
        git(dir, &["config", key, value]);
    }
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "chore: initial import"]);
    git(dir, &["tag", "v0.1.0"]);
    commit(dir, "crates/core/README.md", "feat(core): parse faster");
    commit(dir, "README.md", "fix: keep CRLF in promos");
    commit(dir, "ARCHITECTURE.md", "core: an old-style subject");
    commit(
        dir,
        "crates/cli/README.md",
        "feat(cli)!: rename the check flags",
    );
    tmp
}

fn xtask(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .arg("--root")
        .arg(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("the xtask binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every workspace package's version, and every requirement on a dateline crate,
/// as `cargo metadata` reads them.
/// `(package, version)`, sorted.
type Versions = Vec<(String, String)>;
/// `(package, dependency, requirement)`, sorted.
type Requirements = Vec<(String, String, String)>;

fn versions(dir: &Path) -> (Versions, Requirements) {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut packages = Vec::new();
    let mut requirements = Vec::new();
    for p in meta["packages"].as_array().expect("packages") {
        let name = p["name"].as_str().expect("name").to_owned();
        packages.push((
            name.clone(),
            p["version"].as_str().expect("version").to_owned(),
        ));
        for d in p["dependencies"].as_array().expect("dependencies") {
            let dep = d["name"].as_str().expect("name");
            if PUBLISHED.contains(&dep) {
                let req = d["req"].as_str().expect("req").to_owned();
                requirements.push((name.clone(), dep.to_owned(), req));
            }
        }
    }
    packages.sort();
    requirements.sort();
    (packages, requirements)
}

#[test]
fn a_dry_run_prints_every_step_and_changes_nothing() {
    let tmp = workspace_copy();
    let dir = tmp.path();
    let head = git(dir, &["rev-parse", "HEAD"]);
    let before = versions(dir);
    let manifest = fs::read(dir.join("Cargo.toml")).expect("read");

    // No --skip-checks: a dry run runs no cargo command, it only shows them.
    let out = xtask(dir, &["release", "patch", "--dry-run", "--publish"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    for expected in [
        "==> [1/9] check that the work tree is clean (dry run)",
        "0.1.0 -> 0.1.1, tag v0.1.1",
        "crates, in publish order: dateline-core, dateline-links, dateline-corpus, dateline-export, dateline-plugin, dateline-cli",
        "would run: cargo test --workspace",
        "Cargo.toml: workspace.package.version 0.1.0 -> 0.1.1",
        "Cargo.toml: workspace.dependencies.dateline-core \"0.1.0\" -> \"0.1.1\"",
        "Cargo.lock: dateline-cli 0.1.0 -> 0.1.1",
        "  | ## [0.1.1] - 2026-01-01",
        "  | - **core:** parse faster (",
        "would run: cargo xtask docs",
        "would run: cargo package --allow-dirty -p dateline-core -p dateline-links -p dateline-corpus -p dateline-export -p dateline-plugin -p dateline-cli",
        "commit --quiet -m 'chore(release): v0.1.1'",
        "tag -a v0.1.1 -m 'dateline v0.1.1'",
        "would run: cargo publish -p dateline-core\n  would run: cargo publish -p dateline-links\n  \
         would run: cargo publish -p dateline-corpus\n  \
         would run: cargo publish -p dateline-export\n  would run: cargo publish -p dateline-plugin\n  \
         would run: cargo publish -p dateline-cli\n",
        "dry run: nothing was changed",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }

    assert_eq!(git(dir, &["status", "--porcelain"]), "");
    assert_eq!(git(dir, &["rev-parse", "HEAD"]), head);
    assert_eq!(git(dir, &["tag", "--list", "v0.1.1"]), "");
    assert_eq!(versions(dir), before);
    assert_eq!(fs::read(dir.join("Cargo.toml")).expect("read"), manifest);
}

#[test]
fn a_patch_release_bumps_every_published_crate_writes_the_changelog_commits_and_tags() {
    let tmp = workspace_copy();
    let dir = tmp.path();
    let (packages, requirements) = versions(dir);
    assert!(packages.contains(&("dateline-core".to_owned(), "0.1.0".to_owned())));

    let out = xtask(dir, &["release", "patch", "--skip-checks"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("released v0.1.1"), "{stdout}");
    assert!(
        stdout.contains("cargo publish -p dateline-core && cargo publish -p dateline-links"),
        "{stdout}"
    );

    // Committed and tagged, nothing left over.
    assert_eq!(git(dir, &["status", "--porcelain"]), "");
    assert_eq!(
        git(dir, &["log", "-1", "--format=%s"]).trim(),
        "chore(release): v0.1.1"
    );
    assert_eq!(
        git(dir, &["describe", "--tags", "--exact-match"]).trim(),
        "v0.1.1"
    );
    assert_eq!(
        git(dir, &["cat-file", "-t", "v0.1.1"]).trim(),
        "tag",
        "annotated"
    );
    let changed = git(dir, &["show", "--format=", "--name-only", "HEAD"]);
    let changed: Vec<&str> = changed.lines().collect();
    for file in ["Cargo.toml", "Cargo.lock", "CHANGELOG.md"] {
        assert!(changed.contains(&file), "{file} not in {changed:?}");
    }
    assert!(
        changed
            .iter()
            .all(|f| *f == "CHANGELOG.md" || f.ends_with("Cargo.toml") || *f == "Cargo.lock"),
        "{changed:?}"
    );

    // Every published crate moved, with every requirement on one; the rest stayed.
    let (after, after_requirements) = versions(dir);
    for (name, version) in &after {
        let expected = if PUBLISHED.contains(&name.as_str()) || SHIPPED.contains(&name.as_str()) {
            "0.1.1"
        } else {
            "0.0.0"
        };
        assert_eq!(version, expected, "{name}");
    }
    assert_eq!(after.len(), packages.len());
    assert!(!after_requirements.is_empty());
    for ((from, to, req), (from_before, to_before, req_before)) in
        after_requirements.iter().zip(&requirements)
    {
        assert_eq!((from, to), (from_before, to_before));
        assert_eq!(req_before, "^0.1.0", "{from} -> {to}");
        assert_eq!(req, "^0.1.1", "{from} -> {to}");
    }
    let lock = fs::read_to_string(dir.join("Cargo.lock")).expect("read");
    for name in PUBLISHED {
        assert!(
            lock.contains(&format!("name = \"{name}\"\nversion = \"0.1.1\"\n")),
            "{name} in Cargo.lock"
        );
    }

    // The changelog: the Unreleased notes and the commits since v0.1.0, grouped.
    let changelog = fs::read_to_string(dir.join("CHANGELOG.md")).expect("read");
    let section = changelog
        .split_once("## [Unreleased]\n\n## [0.1.1] - 2026-01-01\n")
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no 0.1.1 section under an empty Unreleased one:\n{changelog}"));
    let groups = section
        .find("### Breaking changes")
        .map(|start| &section[start..])
        .unwrap_or_else(|| panic!("no generated groups:\n{section}"));
    let expected = [
        "### Breaking changes\n\n- **cli:** rename the check flags (",
        "### Features\n\n- **core:** parse faster (",
        "### Bug fixes\n\n- keep CRLF in promos (",
        "### Other changes\n\n- core: an old-style subject (",
    ];
    let mut at = 0;
    for part in expected {
        let found = groups[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} missing or out of order in:\n{groups}"));
        at += found + part.len();
    }
    assert!(!changelog.contains("initial import"), "{changelog}");

    // A second release takes only what came after v0.1.1, and not the release commit.
    commit(dir, "README.md", "perf: index once");
    let out = xtask(dir, &["release", "minor", "--skip-checks"]);
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(
        git(dir, &["describe", "--tags", "--exact-match"]).trim(),
        "v0.2.0"
    );
    let changelog = fs::read_to_string(dir.join("CHANGELOG.md")).expect("read");
    let (newest, older) = changelog
        .split_once("## [0.1.1]")
        .unwrap_or_else(|| panic!("the 0.1.1 section is kept:\n{changelog}"));
    assert!(
        newest.contains(
            "## [Unreleased]\n\n## [0.2.0] - 2026-01-01\n\n### Performance\n\n- index once ("
        ),
        "{newest}"
    );
    assert!(
        !newest.contains("v0.1.1"),
        "the release commit is left out: {newest}"
    );
    assert!(!newest.contains("parse faster"), "{newest}");
    assert!(older.contains("parse faster"), "{older}");
}

#[test]
fn a_dirty_tree_is_refused_and_left_alone() {
    let tmp = workspace_copy();
    let dir = tmp.path();
    let readme = dir.join("README.md");
    let mut edited = fs::read_to_string(&readme).expect("read");
    edited.push_str("\nwork in progress\n");
    fs::write(&readme, &edited).expect("write");
    fs::write(dir.join("notes.txt"), "untracked").expect("write");

    for args in [
        &["release", "patch", "--skip-checks"][..],
        &["release", "patch", "--dry-run"],
    ] {
        let out = xtask(dir, args);
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(stderr.contains("the work tree is not clean"), "{stderr}");
        assert!(stderr.contains(" M README.md"), "{stderr}");
        assert!(stderr.contains("?? notes.txt"), "{stderr}");
    }
    assert_eq!(fs::read_to_string(&readme).expect("read"), edited);
    assert_eq!(git(dir, &["tag", "--list", "v0.1.1"]), "");
    assert_eq!(
        git(dir, &["log", "-1", "--format=%s"]).trim(),
        "feat(cli)!: rename the check flags"
    );
}

#[test]
fn bad_requests_are_refused_before_anything_changes() {
    let tmp = workspace_copy();
    let dir = tmp.path();
    let cases: [(&[&str], &str); 3] = [
        (
            &["release", "patch", "--skip-checks", "--publish"],
            "never publish",
        ),
        (
            &["release", "0.1.0", "--skip-checks"],
            "must be greater than the current 0.1.0",
        ),
        (&["release", "0.0.9", "--dry-run"], "must be greater"),
    ];
    for (args, message) in cases {
        let out = xtask(dir, args);
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    // The tag of the next version exists already.
    git(dir, &["tag", "v0.1.1"]);
    let out = xtask(dir, &["release", "patch", "--skip-checks"]);
    assert!(
        text(&out.stderr).contains("the tag v0.1.1 exists already"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(git(dir, &["status", "--porcelain"]), "");
    let root_manifest = PathBuf::from(dir).join("Cargo.toml");
    assert!(
        fs::read_to_string(root_manifest)
            .expect("read")
            .contains("version = \"0.1.0\"")
    );
}

/// A stand-in for cargo, put in `$CARGO` for the xtask: `metadata` runs the real
/// cargo; `build` makes a fake `dateline` that generates one man page; `test`,
/// `package` and `publish` are logged and succeed, except the one named by
/// `$FAKE_CARGO_FAIL` (`package`, or `publish-<crate>`).
#[cfg(unix)]
fn fake_cargo(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("fake-cargo");
    fs::write(
        &script,
        r#"#!/bin/sh
echo "$*" >> "$FAKE_CARGO_LOG"
case "$1" in
  metadata) exec "$REAL_CARGO" "$@" ;;
  build)
    mkdir -p "$CARGO_TARGET_DIR/debug"
    printf '#!/bin/sh\nif [ "$2" = --list ]; then echo "man dateline.1"; else echo ".TH fake 1"; fi\n' \
      > "$CARGO_TARGET_DIR/debug/dateline"
    chmod +x "$CARGO_TARGET_DIR/debug/dateline" ;;
  package) [ "$FAKE_CARGO_FAIL" = package ] && exit 101 ;;
  publish) [ "$FAKE_CARGO_FAIL" = "publish-$3" ] && exit 101 ;;
esac
exit 0
"#,
    )
    .expect("write");
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).expect("chmod");
    script
}

/// Runs the release with every step (no --skip-checks) through the fake cargo.
#[cfg(unix)]
fn release_with_fake_cargo(dir: &Path, fail: &str, args: &[&str]) -> (Output, String) {
    let scratch = tempfile::tempdir().expect("temp dir");
    let log = scratch.path().join("cargo.log");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .arg("--root")
        .arg(dir)
        .env("CARGO", fake_cargo(scratch.path()))
        .env("REAL_CARGO", env!("CARGO"))
        .env("FAKE_CARGO_LOG", &log)
        .env("FAKE_CARGO_FAIL", fail)
        .env("CARGO_TARGET_DIR", scratch.path().join("target"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("the xtask binary runs");
    let log = fs::read_to_string(&log).unwrap_or_default();
    let log = log
        .lines()
        .filter(|l| !l.starts_with("metadata"))
        .collect::<Vec<_>>()
        .join("\n");
    (out, log)
}

#[cfg(unix)]
#[test]
fn every_step_runs_in_order_and_a_failed_publish_says_what_is_published() {
    let tmp = workspace_copy();
    let dir = tmp.path();
    let (out, log) = release_with_fake_cargo(
        dir,
        "publish-dateline-export",
        &["release", "patch", "--publish"],
    );
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{}", text(&out.stdout));
    assert_eq!(
        log,
        "test --workspace\n\
         build --quiet -p dateline-cli --bin dateline\n\
         package --allow-dirty -p dateline-core -p dateline-links -p dateline-corpus -p dateline-export -p dateline-plugin -p dateline-cli\n\
         publish -p dateline-core\n\
         publish -p dateline-links\n\
         publish -p dateline-corpus\n\
         publish -p dateline-export"
    );
    assert!(
        stderr.contains("published: dateline-core, dateline-links, dateline-corpus\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("NOT published: dateline-export, dateline-plugin, dateline-cli\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "cargo publish -p dateline-export && cargo publish -p dateline-plugin \
             && cargo publish -p dateline-cli"
        ),
        "{stderr}"
    );
    // Publishing comes after the release commit and tag, which stay.
    assert_eq!(
        git(dir, &["describe", "--tags", "--exact-match"]).trim(),
        "v0.1.1"
    );
    assert_eq!(git(dir, &["status", "--porcelain"]), "");
    // The regenerated docs are part of the release commit, stale pages deleted.
    assert_eq!(
        fs::read_to_string(dir.join("doc/dateline.1")).expect("read"),
        ".TH fake 1\n"
    );
    let changed = git(dir, &["show", "--format=", "--name-status", "HEAD"]);
    assert!(changed.contains("M\tdoc/dateline.1"), "{changed}");
    assert!(changed.contains("D\tdoc/dateline-check.1"), "{changed}");
}

#[cfg(unix)]
#[test]
fn a_failed_package_step_restores_every_file_and_commits_nothing() {
    let tmp = workspace_copy();
    let dir = tmp.path();
    let head = git(dir, &["rev-parse", "HEAD"]);
    let (out, log) = release_with_fake_cargo(dir, "package", &["release", "minor"]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{}", text(&out.stdout));
    assert!(
        stderr.contains("every file it wrote was restored"),
        "{stderr}"
    );
    assert!(log.ends_with("package --allow-dirty -p dateline-core -p dateline-links -p dateline-corpus -p dateline-export -p dateline-plugin -p dateline-cli"), "{log}");
    assert_eq!(git(dir, &["status", "--porcelain"]), "");
    assert_eq!(git(dir, &["rev-parse", "HEAD"]), head);
    assert_eq!(git(dir, &["tag", "--list", "v0.2.0"]), "");
}
