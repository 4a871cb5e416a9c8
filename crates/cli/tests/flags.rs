//! The output flags of `convert` and `stats`, end to end: each test compares a
//! run with the flag against one without it, reading both back with a real
//! parser (csv, serde_json, dateline-core), so that a flag the command line
//! accepted but ignored fails here.

use std::path::Path;
use std::process::{Command, Output};

use dateline_core::Block;

fn dateline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("NO_COLOR", "1")
        // The built-in formats only, whatever plugins this machine's user has.
        .env("XDG_DATA_HOME", "/nonexistent/dateline-test-data")
        .env_remove("DATELINE_PLUGIN_PATH")
        .env_remove("DATELINE_PROGRESS")
        .output()
        .expect("the dateline binary runs")
}

/// Runs `dateline`, expecting success, and returns its standard output.
fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = dateline(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "dateline {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temp path")
}

/// The rows of a CSV document as maps from header to cell.
fn csv_rows(bytes: &[u8]) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().expect("a header row").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("a valid CSV record");
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

/// An article with a glued attribution to repair (`PerBBC,the`) and a promo.
const GLUED: &str = "Talks Go On\n20220131\nhttps://example.com/a\n\
                     PerBBC,the talks went on.\nRead Also:Other Talks\n";

#[test]
fn csv_safe_guards_every_formula_cell_of_convert_csv() {
    let dir = tempfile::tempdir().expect("a temp dir");
    // A formula in the id (from the file name), the title, the text and the promo.
    let file = dir.path().join("=cmd.txt");
    std::fs::write(
        &file,
        "=HYPERLINK(\"http://evil\",\"x\")\n20220131\nhttps://example.com/a\n\
         @SUM(1+1) said the text.\nRead Also:-2+3\n",
    )
    .expect("write");
    let plain = csv_rows(&stdout_of(&["convert", "-q", s(&file), "--to", "csv"]));
    let safe = csv_rows(&stdout_of(&[
        "convert",
        "-q",
        s(&file),
        "--to",
        "csv",
        "--csv-safe",
    ]));
    assert_eq!((plain.len(), safe.len()), (1, 1));
    let (plain, safe) = (&plain[0], &safe[0]);
    let formulas = [
        ("id", "=cmd"),
        ("title", "=HYPERLINK(\"http://evil\",\"x\")"),
        ("text", "@SUM(1+1) said the text."),
    ];
    // A list cell is JSON (it starts with `[`): never a formula, the promo's
    // title inside it stays as it is.
    for row in [plain, safe] {
        let promos: serde_json::Value = serde_json::from_str(&row["promos"]).expect("JSON");
        assert_eq!(promos[0]["title"], "-2+3");
    }
    for (column, cell) in formulas {
        assert_eq!(plain[column], cell, "{column}: data as it is by default");
        assert_eq!(safe[column], format!("'{cell}"), "{column}: guarded");
    }
    // Every other cell is the same with the flag as without it.
    for (column, cell) in plain {
        if !formulas.iter().any(|(c, _)| c == column) {
            assert_eq!(&safe[column], cell, "{column}");
        }
    }
}

#[test]
fn compact_json_is_the_same_document_on_one_line() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for name in ["a.txt", "b.txt"] {
        std::fs::write(dir.path().join(name), GLUED).expect("write");
    }
    let runs: [&[&str]; 2] = [
        &["convert", "-q", s(dir.path()), "--to", "json"],
        &["stats", "-q", "--format", "json", s(dir.path())],
    ];
    for args in runs {
        let pretty = stdout_of(args);
        let compact = stdout_of(&[args, &["--compact"]].concat());
        let lines = |bytes: &[u8]| String::from_utf8_lossy(bytes).lines().count();
        assert!(lines(&pretty) > 10, "{args:?}: indented by default");
        assert_eq!(lines(&compact), 1, "{args:?} --compact: one line");
        let pretty: serde_json::Value = serde_json::from_slice(&pretty).expect("JSON");
        let compact: serde_json::Value = serde_json::from_slice(&compact).expect("JSON");
        assert_eq!(pretty, compact, "{args:?}: the same document");
    }
}

#[test]
fn raw_keeps_the_source_text_and_clean_is_the_default_but_for_native() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("a.txt");
    std::fs::write(&file, GLUED).expect("write");
    let text_of = |flags: &[&str]| {
        let args = [&["convert", "-q", s(&file), "--to", "csv"], flags].concat();
        let rows = csv_rows(&stdout_of(&args));
        assert_eq!(rows.len(), 1);
        rows[0]["text"].clone()
    };
    assert_eq!(text_of(&[]), "Per BBC, the talks went on.", "repaired");
    assert_eq!(text_of(&["--clean"]), "Per BBC, the talks went on.");
    assert_eq!(
        text_of(&["--raw"]),
        "PerBBC,the talks went on.",
        "as written"
    );

    // native: the source by default (and with --raw), repaired with --clean.
    let native = |flags: &[&str], out: &str| {
        let out = dir.path().join(out);
        let args = [
            &["convert", "-q", s(&file), "--to", "native", "-o", s(&out)],
            flags,
        ]
        .concat();
        stdout_of(&args);
        std::fs::read_to_string(out.join("a.txt")).expect("the page")
    };
    assert_eq!(native(&[], "default"), GLUED, "byte for byte");
    assert_eq!(native(&["--raw"], "raw"), GLUED);
    let clean = native(&["--clean"], "clean");
    let article = dateline_core::parse(&clean).expect("the repaired file parses");
    let Some(Block::Paragraph(paragraph)) = article.blocks.first() else {
        panic!("a paragraph first: {clean}");
    };
    assert_eq!(paragraph.text, "Per BBC, the talks went on.");
    assert_eq!(
        article.attributions().count(),
        0,
        "nothing left to repair: {clean}"
    );
    assert_eq!(article.related().count(), 1, "the promo is kept");

    // Both at once is a usage error.
    let out = dateline(&["convert", s(&file), "--to", "csv", "--raw", "--clean"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
