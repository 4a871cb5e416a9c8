//! What a hostile-input and fault probe found (issue 15), each pinned by a
//! test: names that steer the terminal, over-size articles, tar links and
//! special members, signals, exit codes, output paths, plugin failures.

use std::fs;
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
