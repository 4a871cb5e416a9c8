//! End-to-end tests of the `dateline` binary: output, exit codes, bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dateline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the dateline binary runs")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn path(rel: &str) -> String {
    fixtures().join(rel).display().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn parse_prints_the_model_as_json() {
    let out = dateline(&["parse", &path("000_4e9296dd8dfcdc21.txt")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["model_version"], 1);
    assert_eq!(json["id"], "000_4e9296dd8dfcdc21");
    assert_eq!(json["date"], "2022-01-31");
    let blocks = json["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 17);
    assert_eq!(blocks[1]["kind"], "related");
    assert_eq!(blocks[1]["label"], "Read Also");
    let bbc = blocks
        .iter()
        .flat_map(|b| b["inlines"].as_array().into_iter().flatten())
        .find(|i| i["kind"] == "attribution")
        .unwrap();
    assert_eq!(bbc["source"], "BBC");
    assert_eq!(bbc["raw"], "PerBBC,");
}

#[test]
fn parse_reads_stdin_with_a_null_id() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["parse", "--compact", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Headline\n20220131\nhttps://example.com/a\nBody.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "compact is one line");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(json["id"].is_null());
}

#[test]
fn parse_rejects_a_bad_file_with_a_diagnostic() {
    let out = dateline(&["parse", &path("invalid/date-month-13.txt")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no JSON for a rejected file");
    let err = stderr(&out);
    assert!(err.contains("error[E002]"), "{err}");
    assert!(err.contains("date-month-13.txt:2:5"), "{err}");
}

#[test]
fn check_a_clean_corpus_exits_0() {
    let out = dateline(&["check", &path("000_4e9296dd8dfcdc21.txt"), &path("valid")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("warning[W001]"), "warnings are shown: {text}");
    // The seed and every valid fixture.
    let files = 1 + std::fs::read_dir(path("valid"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "txt"))
        })
        .count();
    assert!(
        stderr(&out).contains(&format!("checked {files} files: 0 with errors")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_goes_on_past_bad_files_and_exits_1() {
    let out = dateline(&[
        "check",
        "--format",
        "json",
        &path("invalid"),
        &path("valid"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let records: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is a JSON object"))
        .collect();
    let files_with_errors: std::collections::BTreeSet<&str> = records
        .iter()
        .filter(|r| r["severity"] == "error")
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    let invalid_count = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .count();
    assert_eq!(
        files_with_errors.len(),
        invalid_count,
        "every bad file is reported"
    );
    for r in &records {
        for key in ["path", "line", "column", "severity", "code", "message"] {
            assert!(!r[key].is_null(), "{key} in {r}");
        }
    }
    let month13 = records
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with("date-month-13.txt"))
        .unwrap();
    assert_eq!(
        (month13["line"].as_u64(), month13["column"].as_u64()),
        (Some(2), Some(5))
    );
    assert_eq!(month13["code"], "E002");
    assert_eq!(month13["name"], "invalid-date");
    assert!(
        records.iter().any(|r| r["severity"] == "warning"),
        "warnings of valid files too"
    );
}

#[test]
fn check_reports_a_missing_path_and_goes_on() {
    let out = dateline(&["check", "/no/such/dir", &path("000_4e9296dd8dfcdc21.txt")]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("error[E008]") && text.contains("/no/such/dir"),
        "{text}"
    );
    assert!(
        text.contains("warning[W001]"),
        "the good file is still checked: {text}"
    );
}

#[test]
fn check_errors_only_hides_warnings() {
    let out = dateline(&["check", "--errors-only", &path("valid")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
}

/// The codes and severities of `check --format json` lines.
fn json_codes(o: &Output) -> Vec<(String, String)> {
    stdout(o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            (
                v["code"].as_str().expect("a code").to_owned(),
                v["severity"].as_str().expect("a severity").to_owned(),
            )
        })
        .collect()
}

#[test]
fn check_allow_hides_a_warning_and_deny_makes_it_an_error() {
    let dir = path("unclosed-quotes");
    let plain = dateline(&["check", "--format", "json", &dir]);
    assert_eq!(plain.status.code(), Some(0), "warnings only");
    let all = json_codes(&plain);
    assert_eq!(all.len(), 4);
    assert!(all.iter().all(|(c, s)| c == "W007" && s == "warning"));

    // By name or number, any case, comma-separated.
    let allowed = dateline(&[
        "check",
        "--format",
        "json",
        "--allow",
        "unbalanced-quote,w001",
        &dir,
    ]);
    assert_eq!(allowed.status.code(), Some(0));
    assert!(json_codes(&allowed).is_empty(), "{}", stdout(&allowed));

    // Denied: errors in JSON and in the human report, exit 1, files counted.
    let denied = dateline(&["check", "--format", "json", "--deny", "W007", &dir]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(
        json_codes(&denied)
            .iter()
            .all(|(c, s)| c == "W007" && s == "error")
    );
    let human = dateline(&["check", "--deny", "warnings", &dir]);
    assert_eq!(human.status.code(), Some(1));
    assert!(stdout(&human).contains("error[W007]"), "{}", stdout(&human));
    assert!(!stdout(&human).contains("warning[W007]"));
    assert!(
        stderr(&human).contains("4 with errors"),
        "{}",
        stderr(&human)
    );

    // --deny of a code that is not there changes nothing.
    let other = dateline(&["check", "--deny", "W001", &dir]);
    assert_eq!(other.status.code(), Some(0));
}

#[test]
fn check_summarises_each_code_reported() {
    let out = dateline(&[
        "check",
        "--deny",
        "W007",
        &path("unclosed-quotes"),
        &path("valid"),
    ]);
    let err = stderr(&out);
    let line = |code: &str| {
        err.lines()
            .find(|l| l.trim_start().starts_with(code))
            .unwrap_or_else(|| panic!("no summary line for {code}:\n{err}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(line("W007"), "W007 unbalanced-quote 5 in 5 files (denied)");
    assert_eq!(line("W002"), "W002 blank-line 3 in 2 files");
    // Allowed codes are neither printed nor summarised.
    let quiet = dateline(&["check", "--allow", "W002", &path("valid")]);
    assert!(!stderr(&quiet).contains("W002"), "{}", stderr(&quiet));
    assert!(!stdout(&quiet).contains("W002"));
}

#[test]
fn check_refuses_unknown_codes_and_errors_in_allow_or_deny() {
    let typo = dateline(&["check", "--allow", "unbalanced-quotes", "x"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("did you mean `W007`"),
        "{}",
        stderr(&typo)
    );
    let error = dateline(&["check", "--allow", "E002", "x"]);
    assert_eq!(error.status.code(), Some(2));
    assert!(
        stderr(&error).contains("E002 (invalid-date) is an error"),
        "{}",
        stderr(&error)
    );
    let both = dateline(&[
        "check",
        "--allow",
        "W007",
        "--deny",
        "unbalanced-quote",
        "x",
    ]);
    assert_eq!(both.status.code(), Some(2));
    assert!(
        stderr(&both).contains("both allowed and denied"),
        "{}",
        stderr(&both)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(dateline(&["check"]).status.code(), Some(2));
    assert_eq!(
        dateline(&["check", "--format", "yaml", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(dateline(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn walking_a_directory_is_deterministic_and_skips_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read(fixtures().join("000_4e9296dd8dfcdc21.txt")).unwrap();
    std::fs::create_dir(dir.path().join("b")).unwrap();
    std::fs::write(dir.path().join("b/002_x.txt"), &seed).unwrap();
    std::fs::write(dir.path().join("001_y.txt"), &seed).unwrap();
    // After the directory `b` by name: a walk of files first, then
    // directories, would put it before `b/002_x.txt`.
    std::fs::write(dir.path().join("c_003.txt"), &seed).unwrap();
    std::fs::write(dir.path().join("notes.md"), "not an article").unwrap();
    std::fs::write(dir.path().join(".hidden.txt"), "ignored").unwrap();
    let out = dateline(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let paths: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(paths, ["001_y.txt", "002_x.txt", "c_003.txt"]);
}

#[test]
fn pretty_and_compact_parse_output_are_the_same_json() {
    let seed = path("000_4e9296dd8dfcdc21.txt");
    let pretty = dateline(&["parse", &seed]);
    let compact = dateline(&["parse", "--compact", &seed]);
    let a: serde_json::Value = serde_json::from_slice(&pretty.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&compact.stdout).unwrap();
    assert_eq!(a, b);
    let text = stdout(&pretty);
    assert!(
        text.starts_with("{\n  \"model_version\": 1,\n"),
        "field order kept"
    );
    assert!(text.contains("\"span\": [224, 565]"), "spans on one line");
    assert_eq!(stdout(&compact).lines().count(), 1);
}

/// `dateline completions SHELL` and `dateline man [COMMAND]` are in the help,
/// and print what the packaged files hold (`doc/`, from `cargo xtask docs`).
#[test]
fn completions_and_man_pages_are_commands_of_their_own() {
    let help = stdout(&dateline(&["--help"]));
    assert!(
        help.contains("completions") && help.contains("man"),
        "{help}"
    );
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../doc");
    let bash = dateline(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    let committed = std::fs::read(doc.join("completions/dateline.bash")).expect("committed");
    assert_eq!(bash.stdout, committed, "run `cargo xtask docs`");
    // The script completes the format flag's subcommand options.
    assert!(stdout(&bash).contains("--to"));

    let page = dateline(&["man", "check"]);
    assert_eq!(page.status.code(), Some(0));
    assert_eq!(
        page.stdout,
        std::fs::read(doc.join("dateline-check.1")).expect("committed")
    );
    let text = stdout(&page);
    for section in [
        ".SH EXAMPLES",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
    ] {
        assert!(text.contains(section), "{section}");
    }
    let unknown = dateline(&["man", "frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no subcommand `frobnicate`"));
}
