//! The changelog: the commits since the last `v*` tag, grouped by their
//! conventional-commit kind into the release's `CHANGELOG.md` section, and the
//! section put in place under the hand-written `## [Unreleased]` notes.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use semver::Version;

use crate::workspace::{git, output};

/// The most recent `v*` tag reachable from `HEAD`, if any.
pub(super) fn last_tag(root: &Path) -> Result<Option<String>> {
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
pub(super) fn commits_since(root: &Path, since: Option<&str>) -> Result<Vec<Commit>> {
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
pub(super) fn unreleased_notes(changelog: Option<&str>) -> Option<String> {
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
pub(super) fn today() -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::tests::v;

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
    fn days_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_000), (2024, 10, 4));
        assert_eq!(civil_from_days(19_417), (2023, 3, 1));
    }
}
