//! End-to-end tests of the corpus pipeline behind `check`, `convert` and `stats`:
//! input shapes (directories, archives, lists, stdin), ordered parallel output,
//! faults, and the summary.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dateline_with(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dateline"));
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("DATELINE_PROGRESS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("the dateline binary runs");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("the dateline binary ends")
}

fn dateline(args: &[&str]) -> Output {
    dateline_with(args, b"", &[])
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// A generated corpus of about 300 articles (some messy, so there are warnings),
/// with three broken files among them, in `dir/corpus`, spread over
/// subdirectories. Returns the corpus directory.
fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("corpus");
    let cfg = xtask::GenConfig::new(7).with_messy(true);
    for article in xtask::corpus(&cfg, 900_000) {
        let sub = root.join(format!("{:02}", article.index / 40));
        fs::create_dir_all(&sub).expect("mkdir");
        fs::write(sub.join(&article.file_name), &article.text).expect("write");
    }
    for (at, name) in [
        ("00", "invalid/date-month-13.txt"),
        ("03", "invalid/not-utf8.txt"),
        ("05", "invalid/missing-url.txt"),
    ] {
        let target = root
            .join(at)
            .join(Path::new(name).file_name().expect("a name"));
        fs::copy(fixtures().join(name), target).expect("copy");
    }
    root
}

/// Every file under `dir`, sorted by path, as tar members relative to `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A tar of every file under `dir`, in sorted order, into `out`.
fn tar_into<W: Write>(dir: &Path, out: W) -> W {
    let mut builder = tar::Builder::new(out);
    for path in files_under(dir) {
        let member = path.strip_prefix(dir).expect("under dir");
        builder
            .append_path_with_name(&path, member)
            .expect("append");
    }
    builder.into_inner().expect("finish the tar")
}

fn archives(dir: &Path, corpus: &Path) -> [PathBuf; 3] {
    let tar = dir.join("corpus.tar");
    fs::write(&tar, tar_into(corpus, Vec::new())).expect("write tar");
    let gz = dir.join("corpus.tar.gz");
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    fs::write(&gz, tar_into(corpus, encoder).finish().expect("gzip")).expect("write gz");
    let zst = dir.join("corpus.tar.zst");
    let encoder = zstd::stream::write::Encoder::new(Vec::new(), 1).expect("zstd");
    fs::write(&zst, tar_into(corpus, encoder).finish().expect("zstd")).expect("write zst");
    [tar, gz, zst]
}

/// `check --format json` lines with each path made relative to its input
/// (`DIR/a/b.txt` and `ARCHIVE:a/b.txt` both become `a/b.txt`).
fn relative_records(stdout: &[u8], prefix: &str) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            let mut v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let path = v["path"].as_str().expect("a path");
            let rel = path
                .strip_prefix(prefix)
                .expect("under the input")
                .to_owned();
            v["path"] = rel.into();
            v
        })
        .collect()
}

#[test]
fn output_is_the_same_whatever_the_threads() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let corpus = corpus(tmp.path());
    let check = |jobs: &str| dateline(&["check", "-q", "--format", "json", "-j", jobs, s(&corpus)]);
    let one = check("1");
    let four = check("4");
    assert_eq!(one.status.code(), Some(1), "three files are broken");
    assert_eq!(four.status.code(), Some(1));
    assert!(!one.stdout.is_empty());
    assert!(one.stdout == four.stdout, "check -j1 and -j4 differ");
    let text = String::from_utf8_lossy(&one.stdout);
    assert!(text.contains("\"code\":\"E002\""), "{text}");
    assert!(
        text.contains("\"severity\":\"warning\""),
        "messy files warn"
    );

    let convert =
        |jobs: &str| dateline(&["convert", "-q", "--to", "jsonl", "-j", jobs, s(&corpus)]);
    let one = convert("1");
    let four = convert("4");
    assert_eq!(one.status.code(), Some(1), "{}", stderr(&one));
    assert!(one.stdout == four.stdout, "convert -j1 and -j4 differ");
    assert_eq!(
        stderr(&one),
        stderr(&four),
        "the reports come in the same order"
    );
    let lines = String::from_utf8_lossy(&one.stdout).lines().count();
    let files = files_under(&corpus).len();
    assert_eq!(lines, files - 3, "one line per good file");
    assert!(files > 250, "{files} files");

    // Links are on by default: every line has them, whatever the threads; and
    // the bare model is as deterministic.
    assert!(
        String::from_utf8_lossy(&one.stdout)
            .lines()
            .all(|l| l.contains(",\"links\":{\"url\":")),
        "links on every line"
    );
    let bare = |jobs: &str| {
        dateline(&[
            "convert",
            "-q",
            "--to",
            "jsonl",
            "--no-links",
            "-j",
            jobs,
            s(&corpus),
        ])
    };
    let bare_one = bare("1");
    assert!(
        bare_one.stdout == bare("4").stdout,
        "--no-links -j1 and -j4 differ"
    );
    assert!(!String::from_utf8_lossy(&bare_one.stdout).contains("\"links\""));

    // A format serialised in order on the writing thread (json), and a page format.
    for format in ["json", "csv"] {
        let run = |jobs: &str| dateline(&["convert", "-q", "--to", format, "-j", jobs, s(&corpus)]);
        assert!(run("1").stdout == run("3").stdout, "{format}");
    }
    let pages = |jobs: &str| {
        let out = tmp.path().join(format!("html-{jobs}"));
        let run = dateline(&[
            "convert",
            "-q",
            "--to",
            "html",
            "-j",
            jobs,
            "-o",
            s(&out),
            s(&corpus),
        ]);
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        files_under(&out)
            .into_iter()
            .map(|p| {
                let name = p
                    .file_name()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned();
                (name, fs::read(&p).expect("read"))
            })
            .collect::<Vec<_>>()
    };
    let one = pages("1");
    assert_eq!(
        one.len(),
        files - 3 + 1,
        "a page per good file and the index"
    );
    assert!(
        one == pages("4"),
        "html pages and index differ between -j1 and -j4"
    );
}

#[test]
fn archives_read_like_the_directory() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let corpus = corpus(tmp.path());
    let from_dir = dateline(&["convert", "-q", "--to", "jsonl", s(&corpus)]);
    let checked_dir = dateline(&["check", "-q", "--format", "json", s(&corpus)]);
    let dir_records = relative_records(&checked_dir.stdout, &format!("{}/", s(&corpus)));
    for archive in archives(tmp.path(), &corpus) {
        let name = archive.display().to_string();
        let from_archive = dateline(&["convert", "-q", "--to", "jsonl", &name]);
        assert_eq!(
            from_archive.status.code(),
            Some(1),
            "{name}: {}",
            stderr(&from_archive)
        );
        assert!(
            from_archive.stdout == from_dir.stdout,
            "{name}: convert differs"
        );
        let checked = dateline(&["check", "-q", "--format", "json", &name]);
        assert_eq!(
            relative_records(&checked.stdout, &format!("{name}:")),
            dir_records,
            "{name}: check differs"
        );
        // The diagnostics name the member.
        let err = stderr(&from_archive);
        assert!(
            err.contains(&format!("{name}:00/date-month-13.txt")),
            "{err}"
        );
    }
}

#[test]
fn a_truncated_archive_fails_its_item_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let corpus = corpus(tmp.path());
    let [tar, gz, _] = archives(tmp.path(), &corpus);
    let seed = fixtures().join("000_4e9296dd8dfcdc21.txt");
    for archive in [gz, tar] {
        let bytes = fs::read(&archive).expect("read");
        let cut = archive.with_file_name(format!(
            "cut-{}",
            archive.file_name().expect("a name").to_string_lossy()
        ));
        // Cut in the middle of a member's content.
        fs::write(&cut, &bytes[..bytes.len() * 3 / 5 + 100]).expect("write");
        let name = cut.display().to_string();
        let out = dateline(&["convert", "--to", "jsonl", &name, s(&seed)]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("error[E008]"), "{err}");
        assert!(
            err.contains(&format!("{name}:")),
            "the error names the member: {err}"
        );
        assert!(err.contains("truncated"), "{err}");
        let lines: Vec<&str> = std::str::from_utf8(&out.stdout)
            .expect("UTF-8")
            .lines()
            .collect();
        assert!(
            lines.len() > 50,
            "the members before the cut are converted: {}",
            lines.len()
        );
        let last: serde_json::Value =
            serde_json::from_str(lines.last().expect("a line")).expect("JSON");
        assert_eq!(
            last["id"], "000_4e9296dd8dfcdc21",
            "the next input is converted"
        );
    }
}

#[test]
fn files_from_a_list_and_stdin() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let valid = fixtures().join("valid");
    let seed = fixtures().join("000_4e9296dd8dfcdc21.txt");
    let list = tmp.path().join("list");
    fs::write(&list, format!("{}\n\n{}\r\n", s(&seed), s(&valid))).expect("write");
    let listed = dateline(&["check", "-q", "--format", "json", "--files-from", s(&list)]);
    let named = dateline(&["check", "-q", "--format", "json", s(&seed), s(&valid)]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    assert!(!listed.stdout.is_empty());
    assert_eq!(listed.stdout, named.stdout);

    // The list on standard input.
    let piped = dateline_with(
        &["check", "-q", "--format", "json", "--files-from", "-"],
        fs::read(&list).expect("read").as_slice(),
        &[],
    );
    assert_eq!(piped.stdout, named.stdout);

    // A missing list is an error naming it.
    let missing = dateline(&["check", "--files-from", "/no/such/list"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("/no/such/list"),
        "{}",
        stderr(&missing)
    );

    // One article on standard input, `-`.
    let article = fs::read(&seed).expect("read");
    let out = dateline_with(&["convert", "--to", "jsonl", "-"], &article, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(json["id"].is_null());
    assert_eq!(json["date"], "2022-01-31");
    let out = dateline_with(
        &["check", "--format", "json", "-"],
        b"Headline\n20221341\nhttps://example.com/\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(record["path"], "<stdin>");
    assert_eq!(record["code"], "E002");
}

#[test]
fn other_files_are_skipped_and_counted() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let dir = tmp.path();
    let seed = fs::read(fixtures().join("000_4e9296dd8dfcdc21.txt")).expect("read");
    fs::write(dir.join("a.txt"), &seed).expect("write");
    fs::write(dir.join("b.text"), &seed).expect("write");
    fs::write(dir.join("notes.md"), "# notes").expect("write");
    fs::write(dir.join("data.csv"), "a,b").expect("write");
    let out = dateline(&["check", s(dir)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("checked 1 file: 0 with errors"), "{err}");
    assert!(err.contains("3 non-article files skipped"), "{err}");

    let out = dateline(&["check", "--ext", "txt,.TEXT", s(dir)]);
    let err = stderr(&out);
    assert!(err.contains("checked 2 files"), "{err}");
    assert!(err.contains("2 non-article files skipped"), "{err}");

    let out = dateline(&["stats", "--format", "json", s(dir)]);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(stats["skipped"], 3);
    assert_eq!(stats["articles"], 1);
}

#[test]
fn fail_fast_stops_at_the_first_error() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let corpus = corpus(tmp.path());
    let all = dateline(&[
        "check",
        "-q",
        "--format",
        "json",
        "--errors-only",
        s(&corpus),
    ]);
    let errors = String::from_utf8_lossy(&all.stdout).lines().count();
    assert_eq!(errors, 3, "{}", String::from_utf8_lossy(&all.stdout));
    for jobs in ["1", "4"] {
        let out = dateline(&[
            "check",
            "--format",
            "json",
            "--errors-only",
            "--fail-fast",
            "-j",
            jobs,
            s(&corpus),
        ]);
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(text.lines().count(), 1, "only the first error: {text}");
        assert!(text.contains("date-month-13.txt"), "{text}");
        assert!(stderr(&out).contains("--fail-fast"), "{}", stderr(&out));
        assert!(stderr(&out).contains("1 with errors"), "{}", stderr(&out));
    }
    // A stream file is not written when the run stops.
    let target = tmp.path().join("out.jsonl");
    let out = dateline(&[
        "convert",
        "--to",
        "jsonl",
        "--fail-fast",
        "-o",
        s(&target),
        s(&corpus),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!target.exists(), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing written"), "{}", stderr(&out));
}

#[test]
fn quiet_prints_no_progress_and_no_summary() {
    let valid = fixtures().join("valid");
    let forced = [("DATELINE_PROGRESS", "always")];
    let out = dateline_with(&["stats", s(&valid)], b"", &forced);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("files"), "a forced bar draws: {err}");
    assert!(err.contains("read 9 files: 9 articles"), "{err}");

    let out = dateline_with(&["stats", "--quiet", s(&valid)], b"", &forced);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert!(!out.stdout.is_empty(), "the report is still printed");

    // Without a terminal there is no bar, only the summary line.
    let out = dateline(&["check", s(&valid)]);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("checked 9 files"), "{err}");
}

#[test]
fn stats_counts_the_fixtures() {
    let seed = fixtures().join("000_4e9296dd8dfcdc21.txt");
    let valid = fixtures().join("valid");
    let out = dateline(&["stats", "--format", "json", s(&seed), s(&valid)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stats JSON");
    assert_eq!(stats["files"], 10);
    assert_eq!(stats["articles"], 10);
    assert_eq!(stats["failed"], 0);
    assert_eq!(stats["skipped"], 0);
    assert_eq!(stats["dates"]["first"], "2022-01-31");
    assert_eq!(stats["dates"]["last"], "2022-02-07");
    assert_eq!(
        stats["months"],
        serde_json::json!({"2022-01": 6, "2022-02": 4})
    );
    assert_eq!(
        stats["hosts"],
        serde_json::json!({"www.hngn.com": 5, "www.france24.com": 1, "www.example.com": 4})
    );
    // The seed's `Read Also` and `Related Article`, and one promo in each of five
    // valid fixtures (`Read Also:` with no headline is no promo).
    assert_eq!(stats["promos"]["total"], 7);
    assert_eq!(stats["promos"]["by"]["Read Also"], 3);
    assert_eq!(stats["promos"]["by"]["Related Article"], 1);
    // PerBBC, perNBC News, perAP News (seed); PerLe Monde, according toReuters.
    assert_eq!(stats["attributions"]["total"], 5);
    for source in ["BBC", "NBC News", "AP News", "Le Monde", "Reuters"] {
        assert_eq!(stats["attributions"]["by"][source], 1, "{source}");
    }
    assert_eq!(stats["repairs"]["total"], 8);
    assert_eq!(
        stats["repairs"]["space_after_cue"].as_u64().unwrap_or(0)
            + stats["repairs"]["space_after_punctuation"]
                .as_u64()
                .unwrap_or(0),
        8
    );
    let diagnostics = &stats["diagnostics"];
    assert_eq!(diagnostics["W001"]["count"], 4);
    assert_eq!(diagnostics["W001"]["name"], "date-mismatch");
    assert_eq!(diagnostics["W002"]["count"], 3);
    assert_eq!(diagnostics["W008"]["severity"], "warning");
    assert!(diagnostics.get("E002").is_none());

    // Bad inputs are counted, with their codes; the text report reads.
    let invalid = fixtures().join("invalid");
    let out = dateline(&["stats", "--format", "json", s(&invalid)]);
    assert_eq!(out.status.code(), Some(1));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stats JSON");
    assert_eq!(stats["articles"], 0);
    assert!(stats["dates"].is_null());
    assert_eq!(stats["failed"], stats["files"]);
    assert!(stats["diagnostics"]["E002"]["count"].as_u64() >= Some(4));
    let out = dateline(&["stats", s(&seed), s(&valid)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2022-01  6"), "{text}");
    assert!(text.contains("www.hngn.com"), "{text}");
}
