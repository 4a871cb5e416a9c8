//! End-to-end tests of the corpus pipeline behind `check`, `convert` and `stats`:
//! input shapes (directories, archives, lists, stdin), ordered parallel output,
//! faults, and the summary.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

// The uneven corpus of the workspace tests (one copy of what a pipeline batch is).
#[path = "../../../tests/tests/common/mod.rs"]
mod common;

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
    let cfg = dateline_test_support::GenConfig::new(7).with_messy(true);
    for article in dateline_test_support::corpus(&cfg, 900_000) {
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
        |jobs: &str| dateline(&["convert", "-q", "--to", "model", "-j", jobs, s(&corpus)]);
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

/// `links` on ten pipeline batches of uneven weight: with four workers the
/// batches finish out of order, and the report is still in input order.
#[test]
fn links_is_the_same_whatever_the_threads() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let corpus = common::uneven_corpus(tmp.path(), 10);
    let links = |jobs: &str| dateline(&["links", "-q", "--compact", "-j", jobs, s(&corpus.dir)]);
    let four = links("4");
    assert_eq!(four.status.code(), Some(0), "{}", stderr(&four));
    let report: serde_json::Value = serde_json::from_slice(&four.stdout).expect("JSON");
    let order: Vec<&str> = report["publishers"]
        .as_array()
        .expect("publishers")
        .iter()
        .map(|p| p["article"].as_str().expect("an id"))
        .collect();
    assert!(
        order == corpus.ids,
        "one publisher per article, in input order"
    );
    assert!(
        report["resolved"].as_u64() > Some(100),
        "promos name other articles of the corpus: {}",
        report["resolved"]
    );
    assert!(links("1").stdout == four.stdout, "links -j1 and -j4 differ");
}

#[test]
fn archives_read_like_the_directory() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let corpus = corpus(tmp.path());
    let from_dir = dateline(&["convert", "-q", "--to", "model", s(&corpus)]);
    let records_dir = dateline(&["convert", "-q", "--to", "jsonl", s(&corpus)]);
    let records_dir = relative_records(&records_dir.stdout, &format!("{}/", s(&corpus)));
    let checked_dir = dateline(&["check", "-q", "--format", "json", s(&corpus)]);
    let dir_records = relative_records(&checked_dir.stdout, &format!("{}/", s(&corpus)));
    for archive in archives(tmp.path(), &corpus) {
        let name = archive.display().to_string();
        let from_archive = dateline(&["convert", "-q", "--to", "model", &name]);
        // Records say where each article came from: `ARCHIVE:MEMBER`.
        let records = dateline(&["convert", "-q", "--to", "jsonl", &name]);
        assert_eq!(
            relative_records(&records.stdout, &format!("{name}:")),
            records_dir,
            "{name}: the records, paths relative to the input"
        );
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

/// A tar of `members` (name, bytes), in that order, into `out`.
fn tar_of<W: Write>(members: &[(&str, &[u8])], out: W) -> W {
    let mut builder = tar::Builder::new(out);
    for (name, bytes) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, name, *bytes)
            .expect("append");
    }
    builder.into_inner().expect("finish the tar")
}

/// The paths `check --format json` reports, each once, in the order printed.
fn checked_paths(out: &Output) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let path = record["path"].as_str().expect("a path");
        if paths.last().is_none_or(|last| last != path) {
            paths.push(path.to_owned());
        }
    }
    paths
}

/// A directory is walked in byte order of its entries' names, whatever they
/// are: a directory sorts among the files (not after them, not before them), a
/// capital before a lower-case letter, `c` before `c-d.txt` (while the full
/// paths `c/x.txt` and `c-d.txt` sort the other way). Archives met on the way
/// are read in their place, their members in archive order.
#[test]
fn a_directory_is_walked_in_name_order_with_its_archives_in_place() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let root = tmp.path().join("walk");
    fs::create_dir_all(root.join("c")).expect("mkdir");
    // Every article warns (W001), so `check` prints a line for each.
    let seed = fs::read(fixtures().join("000_4e9296dd8dfcdc21.txt")).expect("read");
    for name in ["a.txt", "B.txt", "c/x.txt", "c-d.txt"] {
        fs::write(root.join(name), &seed).expect("write");
    }
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let gz = tar_of(
        &[
            ("z.txt", &seed),
            ("sub/a.txt", &seed),
            ("notes.md", b"not an article"),
            (".hidden.txt", &seed),
        ],
        gz,
    );
    fs::write(root.join("b.tar.gz"), gz.finish().expect("gzip")).expect("write");
    let zst = zstd::stream::write::Encoder::new(Vec::new(), 1).expect("zstd");
    let zst = tar_of(&[("m.txt", &seed)], zst);
    fs::write(root.join("c/inner.tar.zst"), zst.finish().expect("zstd")).expect("write");
    fs::write(root.join("e.tar"), tar_of(&[("y.txt", &seed)], Vec::new())).expect("write");

    let r = s(&root);
    let want = [
        format!("{r}/B.txt"),
        format!("{r}/a.txt"),
        format!("{r}/b.tar.gz:z.txt"),
        format!("{r}/b.tar.gz:sub/a.txt"),
        format!("{r}/c/inner.tar.zst:m.txt"),
        format!("{r}/c/x.txt"),
        format!("{r}/c-d.txt"),
        format!("{r}/e.tar:y.txt"),
    ];
    for jobs in ["1", "4"] {
        let out = dateline(&["check", "-q", "--format", "json", "-j", jobs, r]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(checked_paths(&out), want, "-j{jobs}");
    }
    let out = dateline(&["stats", "--format", "json", r]);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(stats["articles"], 8);
    assert_eq!(stats["skipped"], 1, "notes.md in the archive");
}

/// Each kind of archive (tar, tar.gz, tar.zst), cut short: one E008 for the
/// member or header the cut falls in, every member before it converted whole,
/// none after it, and the run goes on with the next input.
#[test]
fn a_truncated_archive_fails_its_item_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let corpus = corpus(tmp.path());
    let seed = fixtures().join("000_4e9296dd8dfcdc21.txt");
    let whole = dateline(&["convert", "-q", "--to", "model", s(&corpus)]);
    let whole: Vec<&str> = std::str::from_utf8(&whole.stdout)
        .expect("UTF-8")
        .lines()
        .collect();
    for archive in archives(tmp.path(), &corpus) {
        let bytes = fs::read(&archive).expect("read");
        let cut = archive.with_file_name(format!(
            "cut-{}",
            archive.file_name().expect("a name").to_string_lossy()
        ));
        // Cut in the middle of the stream: most likely in a member's content.
        fs::write(&cut, &bytes[..bytes.len() * 3 / 5 + 100]).expect("write");
        let name = cut.display().to_string();
        let out = dateline(&["convert", "--to", "model", &name, s(&seed)]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        let reports: Vec<&str> = err
            .split("\n\n")
            .filter(|report| report.contains("error[E008]"))
            .collect();
        assert_eq!(reports.len(), 1, "one E008, for the cut: {err}");
        let report = reports[0];
        assert!(report.contains("truncated"), "{report}");
        assert!(
            report.contains(&format!("--> {name}:")) || report.contains("after the member "),
            "the error names the member: {report}"
        );
        let lines: Vec<&str> = std::str::from_utf8(&out.stdout)
            .expect("UTF-8")
            .lines()
            .collect();
        let (last, members) = lines.split_last().expect("a line");
        assert!(
            members.len() > 50,
            "the members before the cut are converted: {}",
            members.len()
        );
        assert!(
            members == &whole[..members.len()],
            "{name}: the members before the cut, each whole, and nothing of the cut one"
        );
        let last: serde_json::Value = serde_json::from_str(last).expect("JSON");
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
    assert_eq!(
        missing.status.code(),
        Some(2),
        "a usage error, not a bad input"
    );
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
    assert_eq!(json["id"], "stdin", "standard input is the article `stdin`");
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
    let frames = bar_frames(&err);
    assert!(!frames.is_empty(), "a forced bar draws: {err:?}");
    // The summary comes after the bar's last clearing of its line.
    let summary = err.rsplit("\r\x1b[2K").next().unwrap_or_default();
    assert!(summary.starts_with("read 9 files: 9 articles"), "{err:?}");

    let out = dateline_with(&["stats", "--quiet", s(&valid)], b"", &forced);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert!(!out.stdout.is_empty(), "the report is still printed");

    // Without a terminal, or when told never to, there is no bar: only the
    // summary line.
    for env in [&[][..], &[("DATELINE_PROGRESS", "never")][..]] {
        let out = dateline_with(&["check", s(&valid)], b"", env);
        let err = stderr(&out);
        assert!(bar_frames(&err).is_empty(), "{env:?}: {err:?}");
        // The per-code summary, then the summary line.
        let last = err.lines().last().unwrap_or_default();
        assert!(last.starts_with("checked 9 files"), "{env:?}: {err}");
        assert!(
            err.lines().rev().skip(1).all(|l| l.starts_with("  W")),
            "{env:?}: {err:?}"
        );
    }
}

/// The progress display's frames in what a run printed on standard error: it
/// redraws its line after clearing it (`\r` and `ESC[2K`). A frame reads
/// `SPINNER DONE files  MB, MB/s  ELAPSED elapsed` while the inputs are being
/// counted, then `SPINNER [BAR] PCT%  DONE/TOTAL files  MB, MB/s  ELAPSED
/// elapsed, ETA ETA`; the summary line never looks like either.
fn bar_frames(stderr: &str) -> Vec<&str> {
    let frame = |text: &str| {
        let Some((counts, rest)) = text.split_once(" files ") else {
            return false;
        };
        let counts = counts.rsplit(' ').next().unwrap_or_default();
        let numbers = match counts.split_once('/') {
            Some((done, total)) => done.parse::<u64>().is_ok() && total.parse::<u64>().is_ok(),
            None => counts.parse::<u64>().is_ok(),
        };
        numbers && rest.trim_end().ends_with(" elapsed") || rest.contains(" elapsed, ETA ")
    };
    stderr
        .split("\r\x1b[2K")
        .filter(|piece| frame(piece))
        .collect()
}

/// Once the inputs are counted (a thread lists the directories beside the
/// run), the display is a bar with a percentage of the real total and an ETA.
/// A FIFO given as the last input holds the run open, so frames are drawn
/// after the count whatever the machine's speed.
#[cfg(unix)]
#[test]
fn the_progress_bar_shows_the_share_of_the_counted_total() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let articles = dir.path().join("articles");
    fs::create_dir(&articles).expect("a directory");
    let seed = fs::read(fixtures().join("000_4e9296dd8dfcdc21.txt")).expect("the seed");
    // More than a batch (the workers take items in batches, so the batch
    // the FIFO is in waits with it).
    for i in 0..300 {
        fs::write(articles.join(format!("{i:03}.txt")), &seed).expect("an article");
    }
    let fifo = dir.path().join("late.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["check", s(&articles), s(&fifo)])
        .env("NO_COLOR", "1")
        .env("DATELINE_PROGRESS", "always")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dateline binary runs");
    // Frames are drawn every 200 ms while the FIFO has no writer.
    std::thread::sleep(std::time::Duration::from_millis(900));
    fs::write(&fifo, &seed).expect("the FIFO is read");
    let out = child.wait_with_output().expect("the run ends");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let frames = bar_frames(&err);
    // `[BAR] PCT%  DONE/301 files`, with PCT the share of DONE in 301.
    let counted: Vec<(u64, u64)> = frames
        .iter()
        .filter(|f| f.contains(", ETA "))
        .filter_map(|f| {
            let (head, _) = f.split_once("/301 files")?;
            let mut words = head.rsplit(' ');
            let done = words.next()?.parse::<u64>().ok()?;
            let percent = words
                .find(|w| w.ends_with('%'))?
                .trim_end_matches('%')
                .parse()
                .ok()?;
            Some((done, percent))
        })
        .collect();
    assert!(
        !counted.is_empty(),
        "frames with the counted total: {err:?}"
    );
    // indicatif rounds to the nearest percent.
    assert!(
        counted
            .iter()
            .all(|&(done, pct)| pct.abs_diff(done * 100 / 301) <= 1),
        "{counted:?}"
    );
    assert!(
        counted.iter().any(|&(done, _)| done >= 100),
        "the articles before the FIFO are done while it waits: {counted:?}"
    );
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
