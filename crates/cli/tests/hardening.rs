//! What a hostile-input and fault probe found (issue 15), each pinned by a
//! test: names that steer the terminal, over-size articles, tar links and
//! special members, signals, exit codes, output paths, plugin failures.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dateline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("DATELINE_PROGRESS", "never")
        .output()
        .expect("the dateline binary runs")
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/000_4e9296dd8dfcdc21.txt")
}

fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A tar header for a regular member of `size` bytes.
fn file_header(size: usize) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_size(size as u64);
    header.set_mode(0o644);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    header
}

/// A tar of `members` (name, bytes), in that order. A name may hold any byte
/// but NUL: the GNU long-name record carries it.
fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, bytes) in members {
        builder
            .append_data(&mut file_header(bytes.len()), name, *bytes)
            .expect("append");
    }
    builder.into_inner().expect("finish the tar")
}

// ------------------------------------------------------------ item 1

/// Names with terminal escapes and newlines are printed escaped by every
/// command that prints for a human; JSON carries them as they are.
#[test]
fn names_printed_for_humans_cannot_steer_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).expect("mkdir");
    let seed_bytes = fs::read(seed()).expect("the seed");
    // The seed has a warning (W001): its name is printed by check.
    let clear = "a\x1b[2Jb.txt";
    fs::write(corpus.join(clear), &seed_bytes).expect("write");
    // Same stem as a member below: a renamed-id warning names both.
    fs::write(corpus.join("dup\x07.txt"), &seed_bytes).expect("write");
    let forged = "x\nerror[E999]: forged diagnostic.txt";
    let tar = tar_of(&[
        (forged, b"".as_slice()),
        ("dup\x07.txt", seed_bytes.as_slice()),
    ]);
    fs::write(corpus.join("z.tar"), tar).expect("write tar");

    let c = s(&corpus);
    let runs: [&[&str]; 4] = [
        &["check", c],
        &["convert", c, "--to", "jsonl"],
        &["stats", c],
        &["links", c],
    ];
    for args in runs {
        let out = dateline(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        let printed = if args[0] == "check" {
            String::from_utf8_lossy(&out.stdout).into_owned() + &err
        } else {
            err.clone()
        };
        assert!(
            !printed.contains('\x1b'),
            "{args:?}: a raw ESC: {printed:?}"
        );
        assert!(
            !printed.contains('\x07'),
            "{args:?}: a raw BEL: {printed:?}"
        );
        assert!(
            !printed.lines().any(|l| l.starts_with("error[E999]")),
            "{args:?}: a forged line: {printed}"
        );
        assert!(
            printed.contains("z.tar:x\\nerror[E999]: forged diagnostic.txt"),
            "{args:?}: the member named, escaped: {printed}"
        );
    }
    let out = dateline(&["check", c]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out);
    assert!(text.contains("a\\x1b[2Jb.txt"), "{text}");
    assert!(text.contains("dup\\x07"), "the renamed-id warning: {text}");

    // JSON output: the names as they are.
    let out = dateline(&["check", "--format", "json", c]);
    let paths: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            v["path"].as_str().expect("a path").to_owned()
        })
        .collect();
    assert!(paths.contains(&format!("{c}/{clear}")), "{paths:?}");
    assert!(paths.contains(&format!("{c}/z.tar:{forged}")), "{paths:?}");
}

// ------------------------------------------------------------ item 5

/// An article over `--max-article-size` (a file, an archive member, standard
/// input) is an error for that input, named, and the run reads on.
#[test]
fn articles_over_the_size_cap_are_errors_for_that_input_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed_bytes = fs::read(seed()).expect("the seed");
    // A valid article padded past 1 MiB with paragraphs.
    let mut big = seed_bytes.clone();
    while big.len() <= 3 << 20 {
        big.extend_from_slice(b"Another paragraph of padding text.\n");
    }
    let tar = tar_of(&[
        ("big.txt", big.as_slice()),
        ("after.txt", seed_bytes.as_slice()),
    ]);
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let gz = {
        let mut e = encoder;
        e.write_all(&tar).expect("gzip");
        e.finish().expect("gzip")
    };
    let archive = dir.path().join("a.tar.gz");
    fs::write(&archive, gz).expect("write");
    let file = dir.path().join("big-file.txt");
    fs::write(&file, &big).expect("write");

    let out = dateline(&[
        "check",
        "--format",
        "json",
        "--max-article-size",
        "1M",
        s(&archive),
        s(&file),
        s(&seed()),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let records: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let errors: Vec<(&str, &str)> = records
        .iter()
        .filter(|r| r["severity"] == "error")
        .map(|r| {
            (
                r["path"].as_str().expect("path"),
                r["message"].as_str().expect("message"),
            )
        })
        .collect();
    let member = format!("{}:big.txt", s(&archive));
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, member);
    assert!(errors[0].1.contains("too large"), "{errors:?}");
    assert!(errors[0].1.contains("--max-article-size"), "{errors:?}");
    assert_eq!(errors[1].0, s(&file));
    assert!(errors[1].1.contains("too large"), "{errors:?}");
    // The member after the big one and the seed were read: their warnings.
    let after = format!("{}:after.txt", s(&archive));
    assert!(
        records.iter().any(|r| r["path"] == after.as_str()),
        "{records:?}"
    );
    assert!(
        records.iter().any(|r| r["path"] == s(&seed())),
        "{records:?}"
    );

    // Under the default cap (64 MiB) the same inputs are read.
    let out = dateline(&["check", "--errors-only", s(&archive), s(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Standard input, over the cap.
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["check", "--max-article-size", "100K", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // The writer may see a closed pipe once the cap is reached: fine.
    let _ = stdin.write_all(&big);
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("<stdin>") && text.contains("too large"),
        "{text}"
    );
}

/// Sizes on the command line: bytes or K/M/G; nonsense is a usage error.
#[test]
fn max_article_size_reads_units_and_refuses_nonsense() {
    let out = dateline(&["check", "--max-article-size", "12Q", s(&seed())]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown unit"), "{}", stderr(&out));
    // The seed is 4 KB or so: 100 bytes is too few, 1K... check the size.
    let len = fs::metadata(seed()).expect("seed").len();
    let under = format!("{}", len - 1);
    let out = dateline(&["check", "--max-article-size", &under, s(&seed())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let exact = format!("{len}");
    let out = dateline(&[
        "check",
        "--errors-only",
        "--max-article-size",
        &exact,
        s(&seed()),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

// ------------------------------------------------------------ item 6

/// A tar member header of `kind` linking to `target`.
fn link_header(kind: tar::EntryType) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_size(0);
    header.set_mode(0o644);
    header.set_entry_type(kind);
    header
}

/// Hard links in an archive are read as the article they link to; symbolic
/// links and special members are counted and warned about by name.
#[test]
fn tar_hard_links_are_read_and_other_links_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed_bytes = fs::read(seed()).expect("the seed");
    let mut builder = tar::Builder::new(Vec::new());
    builder
        .append_data(
            &mut file_header(seed_bytes.len()),
            "d/orig.txt",
            seed_bytes.as_slice(),
        )
        .expect("append");
    builder
        .append_link(
            &mut link_header(tar::EntryType::Link),
            "d/hard.txt",
            "d/orig.txt",
        )
        .expect("hard link");
    builder
        .append_link(
            &mut link_header(tar::EntryType::Symlink),
            "d/soft.txt",
            "orig.txt",
        )
        .expect("symlink");
    builder
        .append_data(
            &mut link_header(tar::EntryType::Fifo),
            "d/pipe.txt",
            std::io::empty(),
        )
        .expect("fifo");
    builder
        .append_link(
            &mut link_header(tar::EntryType::Link),
            "d/dangling.txt",
            "d/nothing.txt",
        )
        .expect("hard link");
    let tar = builder.into_inner().expect("finish");
    for (file, bytes) in [
        ("a.tar", tar.clone()),
        (
            "a.tar.zst",
            zstd::encode_all(tar.as_slice(), 1).expect("zstd"),
        ),
    ] {
        let archive = dir.path().join(file);
        fs::write(&archive, bytes).expect("write");
        let a = s(&archive);
        let out = dateline(&["convert", a, "--to", "jsonl", "--no-links"]);
        let err = stderr(&out);
        // The dangling hard link is an error for that member.
        assert_eq!(out.status.code(), Some(1), "{err}");
        let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
                v["id"].as_str().expect("an id").to_owned()
            })
            .collect();
        assert_eq!(ids, ["orig", "hard"], "{err}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            lines[0]
                .replace("\"orig\"", "\"X\"")
                .replace("d/orig.txt", "M"),
            lines[1]
                .replace("\"hard\"", "\"X\"")
                .replace("d/hard.txt", "M"),
            "the hard link is the same article"
        );
        assert!(
            err.contains(&format!(
                "warning: {a}:d/soft.txt: skipped, a symbolic link (to orig.txt)"
            )),
            "{err}"
        );
        assert!(
            err.contains(&format!("warning: {a}:d/pipe.txt: skipped, a FIFO")),
            "{err}"
        );
        assert!(
            err.contains(&format!("{a}:d/dangling.txt"))
                && err.contains("a hard link to `d/nothing.txt`"),
            "{err}"
        );
        assert!(err.contains("2 non-article files skipped"), "{err}");
    }
}

// ------------------------------------------------------------ item 4

/// A reader that stops early (`dateline convert ... | head`) ends the run
/// quietly with 0, so that `set -o pipefail` scripts work.
#[test]
fn a_closed_standard_output_ends_the_run_quietly_with_0() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed_bytes = fs::read(seed()).expect("the seed");
    // Enough output that the pipe fills and the writer sees it closed.
    for i in 0..400 {
        fs::write(dir.path().join(format!("{i:04}.txt")), &seed_bytes).expect("write");
    }
    let runs: [&[&str]; 2] = [
        &["convert", "--to", "jsonl", "-q"],
        &["check", "--format", "json", "-q"],
    ];
    for args in runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(args)
            .arg(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 64];
        std::io::Read::read_exact(&mut stdout, &mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}: quietly");
    }
}

/// A missing or invalid `--outlets` file is a usage error (2), named, with
/// nothing written; not "some input had an error" (1).
#[test]
fn a_bad_outlets_file_is_a_usage_error_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.outlets");
    fs::write(&bad, "not an outlets file\n").expect("write");
    let missing = dir.path().join("missing.outlets");
    for outlets in [&bad, &missing] {
        let target = dir.path().join("out.jsonl");
        let out = dateline(&[
            "convert",
            s(&seed()),
            "--to",
            "jsonl",
            "--outlets",
            s(outlets),
            "-o",
            s(&target),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(s(outlets)), "{}", stderr(&out));
        assert!(!target.exists(), "nothing written");
        let out = dateline(&["links", s(&seed()), "--outlets", s(outlets)]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    }
}

// ------------------------------------------------------------ item 3

/// The `.dateline-*.tmp` files in `dir` (and its subdirectories one deep).
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).expect("list").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".dateline-") {
            found.push(path);
        } else if path.is_dir() {
            found.extend(temporaries(&path));
        }
    }
    found
}

/// SIGINT and SIGTERM mid-run remove the run's temporary files and exit
/// with 130 and 143. The input is a FIFO nobody writes: the run waits on it
/// with its output's temporary file made, as a slow input would.
#[test]
#[cfg(unix)]
fn signals_remove_temporary_files_and_exit_128_plus_the_signal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("slow.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo");
    let cases = [
        ("INT", 130, &["--to", "jsonl", "-o", "out.jsonl"][..]),
        ("TERM", 143, &["--to", "jsonl", "-o", "out.jsonl"][..]),
        ("TERM", 143, &["--to", "html", "-o", "pages"][..]),
    ];
    for (signal, code, args) in cases {
        let out_dir = tempfile::tempdir().expect("temp dir");
        let child = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .arg("convert")
            .arg(&fifo)
            .args(args)
            .current_dir(out_dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        // Wait for the temporary output to exist (the run is then blocked on
        // the FIFO).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while temporaries(out_dir.path()).is_empty() {
            assert!(
                std::time::Instant::now() < deadline,
                "{args:?}: no temporary file appeared"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let killed = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(killed.success(), "kill");
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(code),
            "SIG{signal} {args:?}: {}",
            stderr(&out)
        );
        assert_eq!(
            temporaries(out_dir.path()),
            Vec::<PathBuf>::new(),
            "SIG{signal} {args:?}: temporary files left"
        );
        assert!(!out_dir.path().join("out.jsonl").exists(), "no output");
    }
}

// ------------------------------------------------------------ item 7

/// Output errors name the path the user gave, never the temporary file.
#[test]
fn output_errors_name_the_users_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A page format into an existing file named as a directory would be (no
    // extension: `-o taken.html` would be the single-file form).
    let file = dir.path().join("taken");
    fs::write(&file, "x").expect("write");
    let out = dateline(&["convert", s(&seed()), "--to", "html", "-o", s(&file)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains(s(&file)) && err.contains("give a directory"),
        "{err}"
    );
    assert!(!err.contains("os error 17"), "{err}");
    // A stream format into a directory that does not exist.
    let missing = dir.path().join("no/such/dir/out.jsonl");
    let out = dateline(&["convert", s(&seed()), "--to", "jsonl", "-o", s(&missing)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!("cannot write {}", s(&missing))),
        "{err}"
    );
    assert!(!err.contains(".dateline-"), "no temporary name: {err}");
}

/// A symbolic link as `-o` is followed, dangling or not: the file it points
/// to is written, the link stays a link.
#[test]
#[cfg(unix)]
fn a_symbolic_link_as_output_is_followed_dangling_or_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    for existing in [true, false] {
        let target = dir.path().join(format!("target-{existing}.jsonl"));
        if existing {
            fs::write(&target, "old").expect("write");
        }
        let link = dir.path().join(format!("link-{existing}.jsonl"));
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        let out = dateline(&["convert", s(&seed()), "--to", "jsonl", "-q", "-o", s(&link)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(link.is_symlink(), "existing={existing}: the link stays");
        let written = fs::read_to_string(&target).expect("the target is written");
        let record: serde_json::Value =
            serde_json::from_str(written.trim_end()).expect("one JSON line");
        assert_eq!(record["id"], "000_4e9296dd8dfcdc21", "existing={existing}");
    }
}

/// Two runs into one page directory at once: the second fails at once,
/// naming the directory and its lock; the first's lock goes when it ends
/// (here, by SIGTERM).
#[test]
#[cfg(unix)]
fn a_page_directory_is_locked_while_a_run_writes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("slow.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo");
    let pages = dir.path().join("pages");
    let lock = pages.join(".dateline.lock");
    let first = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["convert", s(&fifo), "--to", "html", "-q", "-o", s(&pages)])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !lock.exists() {
        assert!(std::time::Instant::now() < deadline, "no lock appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = dateline(&["convert", s(&seed()), "--to", "html", "-o", s(&pages)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!("{} is in use by another dateline run", s(&pages))),
        "{err}"
    );
    assert!(
        !pages.join("000_4e9296dd8dfcdc21.html").exists(),
        "nothing written"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let out = first.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    assert!(!lock.exists(), "the lock is removed on SIGTERM");
    // And now the directory is free; a finished run leaves no lock either.
    let out = dateline(&["convert", s(&seed()), "--to", "html", "-q", "-o", s(&pages)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(pages.join("000_4e9296dd8dfcdc21.html").exists());
    assert!(!lock.exists(), "no lock after a run");
}
