//! The plugins in `plugins/`, loaded by the `dateline` binary and used exactly
//! like built-in formats: snapshots of each format on the seed (with the links
//! the CLI resolves: the outlet of hngn.com from the gazetteer), and every
//! output read back by a parser of its format.

use std::path::{Path, PathBuf};
use std::process::Output;

use dateline_tests::artifacts::{dateline_command, plugin_library};

mod common;

fn citations() -> PathBuf {
    plugin_library("dateline_citations")
}

fn parquet() -> PathBuf {
    plugin_library("dateline_parquet")
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/corpus")
}

/// `dateline --plugin citations --plugin parquet ARGS`, with no other plugins.
fn dateline(args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("temp home");
    let output = dateline_command(home.path())
        .arg("--plugin")
        .arg(citations())
        .arg("--plugin")
        .arg(parquet())
        .args(args)
        .output()
        .expect("dateline runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "dateline {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn convert_seed(format: &str) -> String {
    let seed = dateline_tests::seed_path();
    let out = dateline(&[
        "convert",
        seed.to_str().expect("utf-8"),
        "--to",
        format,
        "-q",
    ]);
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The parsed corpus, in the order `convert` writes it (name order).
fn corpus_articles() -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("readable");
            let title = dateline_core::parse(&text)
                .expect("valid")
                .title
                .to_string();
            let id = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (id, title)
        })
        .collect()
}

#[test]
fn formats_lists_the_plugin_formats() {
    let out = dateline(&["formats", "--json"]);
    let formats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for (name, plugin) in [
        ("bibtex", "citations"),
        ("ris", "citations"),
        ("csl-json", "citations"),
        ("parquet", "parquet"),
    ] {
        let entry = formats
            .as_array()
            .expect("array")
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("{name} listed"));
        assert_eq!(entry["plugin"], plugin);
        assert_eq!(entry["kind"], "stream");
    }
}

#[test]
fn bibtex_of_the_seed() {
    let bib = convert_seed("bibtex");
    insta::assert_snapshot!(bib);
    let parsed = biblatex::Bibliography::parse(&bib).expect("biblatex parses it");
    let entry = parsed.iter().next().expect("one entry");
    assert_eq!(
        entry.entry_type,
        biblatex::EntryType::Article,
        "the outlet is known"
    );
    let title: String = entry
        .title()
        .expect("a title")
        .iter()
        .map(|chunk| chunk.v.get())
        .collect();
    assert_eq!(
        title,
        "Macron Heads To Meet Putin in Russia In Bid To Deescalate Ukraine Tensions By Proposing A New Balance"
    );
}

#[test]
fn ris_of_the_seed() {
    let ris = convert_seed("ris");
    insta::assert_snapshot!(ris.replace("\r\n", "<CRLF>\n"));
    let lines: Vec<&str> = ris.split_terminator("\r\n").collect();
    assert_eq!(lines.first(), Some(&"TY  - NEWS"));
    assert_eq!(lines.last(), Some(&"ER  - "));
    for line in &lines {
        let (tag, _) = line.split_at(6);
        assert!(
            tag.as_bytes()[..2]
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && &tag[2..] == "  - ",
            "RIS tag line: {line:?}"
        );
    }
}

#[test]
fn csl_json_of_the_seed_is_valid_csl() {
    let json = convert_seed("csl-json");
    insta::assert_snapshot!(json);
    let items: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugins/citations/tests/data/csl-data.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema")).expect("json");
    let validator = jsonschema::validator_for(&schema).expect("a schema");
    let errors: Vec<String> = validator
        .iter_errors(&items)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(items[0]["type"], "article-newspaper");
    assert_eq!(
        items[0]["issued"]["date-parts"],
        serde_json::json!([[2022, 1, 31]])
    );
}

/// Ten pipeline batches of uneven weight: on four workers, several exporters
/// of the plugin run at once, and the document is still the corpus in order.
#[test]
fn the_corpus_as_csl_json_in_parallel_is_the_corpus_in_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = common::uneven_corpus(dir.path(), 10);
    let run = |jobs: &str| {
        dateline(&[
            "convert",
            corpus.dir.to_str().expect("utf-8"),
            "--to",
            "csl-json",
            "-q",
            "-j",
            jobs,
        ])
        .stdout
    };
    let four = run("4");
    let items: Vec<serde_json::Value> = serde_json::from_slice(&four).expect("JSON");
    let written: Vec<&str> = items
        .iter()
        .map(|i| i["URL"].as_str().expect("URL"))
        .collect();
    assert!(
        written == corpus.urls,
        "every article once, in input order (-j4)"
    );
    assert!(four == run("1"), "the same bytes whatever the threads");
}

#[test]
fn the_corpus_as_parquet_reads_back_with_the_parquet_crate() {
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("corpus.parquet");
    let corpus = corpus();
    dateline(&[
        "convert",
        corpus.to_str().expect("utf-8"),
        "--to",
        "parquet",
        "-o",
        file.to_str().expect("utf-8"),
        "-q",
    ]);
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&file).expect("written"))
            .expect("a parquet file")
            .build()
            .expect("a reader");
    let mut ids = Vec::new();
    let mut titles = Vec::new();
    let mut outlets = Vec::new();
    for batch in reader {
        let batch = batch.expect("a record batch");
        let column = |name: &str| {
            batch
                .column_by_name(name)
                .unwrap_or_else(|| panic!("column {name}"))
                .as_string::<i32>()
                .clone()
        };
        let (id, title, outlet) = (column("id"), column("title"), column("outlet_name"));
        for row in 0..batch.num_rows() {
            ids.push(id.value(row).to_owned());
            titles.push(title.value(row).to_owned());
            outlets.push((!outlet.is_null(row)).then(|| outlet.value(row).to_owned()));
        }
    }
    let expected = corpus_articles();
    assert_eq!(
        ids,
        expected
            .iter()
            .map(|(id, _)| id.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        titles,
        expected.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>()
    );
    let seed_row = ids
        .iter()
        .position(|id| id == "000_4e9296dd8dfcdc21")
        .expect("the seed");
    assert_eq!(
        outlets[seed_row].as_deref(),
        Some("Headlines & Global News"),
        "the CLI's links reach the plugin"
    );
}

/// The ids of the rows of a parquet file, in order.
fn parquet_ids(bytes: Vec<u8>) -> Vec<String> {
    use arrow_array::cast::AsArray;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
        .expect("a parquet file")
        .build()
        .expect("a reader");
    let mut ids = Vec::new();
    for batch in reader {
        let batch = batch.expect("a record batch");
        let id = batch
            .column_by_name("id")
            .expect("column id")
            .as_string::<i32>();
        ids.extend((0..batch.num_rows()).map(|row| id.value(row).to_owned()));
    }
    ids
}

#[test]
fn a_bad_input_amid_a_batch_keeps_the_records_after_it_after_it() {
    // The workers build a batch's Arrow columns as they convert it: the
    // records after a bad input must not ride with the ones before it.
    let dir = tempfile::tempdir().expect("temp dir");
    let good = std::fs::read_to_string(dateline_tests::seed_path()).expect("the seed");
    std::fs::write(dir.path().join("a.txt"), &good).expect("write");
    std::fs::write(dir.path().join("b.txt"), "not an article\n").expect("write");
    std::fs::write(dir.path().join("c.txt"), &good).expect("write");
    let run = |fail_fast: bool| {
        let home = tempfile::tempdir().expect("temp home");
        let mut command = dateline_command(home.path());
        command
            .arg("--plugin")
            .arg(parquet())
            .args(["convert", "--to", "parquet", "-q"])
            .arg(dir.path());
        if fail_fast {
            command.arg("--fail-fast");
        }
        command.output().expect("dateline runs")
    };

    // Without --fail-fast: the bad input is reported, both good ones written, in order.
    let all = run(false);
    assert_ne!(all.status.code(), Some(0), "a bad input fails the run");
    assert!(String::from_utf8_lossy(&all.stderr).contains("b.txt"));
    assert_eq!(parquet_ids(all.stdout), ["a", "c"]);

    // With --fail-fast the run stops at the bad input: what comes after it
    // is not written.
    let first = run(true);
    assert_ne!(first.status.code(), Some(0));
    assert_eq!(parquet_ids(first.stdout), ["a"]);
}
