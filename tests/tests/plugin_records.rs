//! ABI version 2: a plugin's record format (the parquet plugin) gets the
//! records as Arrow batches through the C Data Interface. Through the host
//! API: what the plugin writes reads back (with the parquet crate) equal to
//! the batches `RecordBatchBuilder` builds of the same records, whatever the
//! batch sizes. Through the CLI: the same file at `-j1` and `-j4` on a corpus
//! of more than a thousand files (several workers, several batches), with the
//! ids and paths `jsonl` gives (one collision rule per run).

use std::path::{Path, PathBuf};

use arrow_array::{Array, RecordBatch};
use dateline_export::record::Record;
use dateline_export::record::arrow::{RecordBatchBuilder, schema};
use dateline_export::{GazetteerLinker, Input, Linker, Options};
use dateline_plugin::abi;
use dateline_plugin::host::Plugin;
use dateline_tests::artifacts::{dateline_command, plugin_library};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn parquet_plugin() -> PathBuf {
    plugin_library("dateline_parquet")
}

fn echo() -> PathBuf {
    plugin_library("dateline_test_plugin_echo")
}

/// `count` generated articles, as `(file name, text)`.
fn generated(count: u64) -> Vec<(String, String)> {
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED);
    (0..count)
        .map(|i| {
            let a = dateline_test_support::generate_article(&cfg, i);
            (a.file_name, a.text)
        })
        .collect()
}

/// The generated files parsed, each with its file name's stem as its id.
fn parsed(files: &[(String, String)]) -> Vec<dateline_core::Article<'_>> {
    files
        .iter()
        .map(|(name, text)| {
            dateline_core::parse(text)
                .expect("generated articles parse")
                .with_id(name.trim_end_matches(".txt"))
        })
        .collect()
}

/// Every row of a Parquet file, as one batch per read batch.
fn read(bytes: Vec<u8>) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
        .expect("a parquet file")
        .build()
        .expect("a reader")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows")
}

/// `batches` as one batch of the record schema (no metadata compared).
fn concat(batches: &[RecordBatch]) -> Vec<arrow_array::ArrayRef> {
    (0..schema().fields().len())
        .map(|i| {
            let columns: Vec<&dyn Array> = batches.iter().map(|b| b.column(i).as_ref()).collect();
            arrow_select::concat::concat(&columns).expect("same types")
        })
        .collect()
}

/// Asserts that `batches` (read back from a file) hold, column by column,
/// the rows of `expected`; `what` says which run in a failure.
fn assert_same_rows(batches: &[RecordBatch], expected: &RecordBatch, what: &str) {
    let columns = concat(batches);
    for (i, field) in schema().fields().iter().enumerate() {
        assert_eq!(
            columns[i].to_data(),
            expected.column(i).to_data(),
            "column {} ({what})",
            field.name()
        );
    }
}

#[test]
fn a_record_format_loads_as_abi_2_and_writes_records() {
    let plugin = Plugin::load(&parquet_plugin()).expect("the parquet plugin loads");
    assert_eq!(plugin.abi_version(), abi::ABI_VERSION_2);
    assert_eq!(plugin.formats()[0].name, "parquet");
    assert_eq!(plugin.formats()[0].input, Input::Record);
    // A record format has no article exporter, an article format no record writer.
    let err = plugin
        .exporter(0, &Options::new())
        .err()
        .expect("no exporter");
    assert!(
        err.to_string().contains("this format writes records"),
        "{err}"
    );
    let echo = Plugin::load(&echo()).expect("echo loads");
    assert_eq!(echo.formats()[0].input, Input::Article);
    let err = echo
        .record_writer(0, &Options::new())
        .err()
        .expect("no record writer");
    assert!(
        err.to_string().contains("this format writes articles"),
        "{err}"
    );
}

#[test]
fn what_the_plugin_writes_reads_back_as_the_batches_the_host_built() {
    let files = generated(1_100);
    let options = Options::new();
    let linker = GazetteerLinker::builtin();
    let articles = parsed(&files);
    let links: Vec<_> = articles.iter().map(|a| linker.links(a)).collect();
    let records: Vec<Record<'_>> = articles
        .iter()
        .zip(&files)
        .zip(&links)
        .map(|((a, (name, _)), l)| Record::new(a, Some(name), Some(l), &options))
        .collect();

    let mut builder = RecordBatchBuilder::new();
    for record in &records {
        builder.push(record);
    }
    let expected = builder.finish().expect("a batch");

    // Odd batch sizes, by rows and by bytes: the rows must not depend on them
    // (the bytes may: the writer cuts pages where batches end).
    for (rows, bytes) in [
        (1, usize::MAX),
        (97, usize::MAX),
        (100_000, 50_000),
        (1024, 8 << 20),
    ] {
        let plugin = Plugin::load(&parquet_plugin())
            .expect("loads")
            .with_batch_limits(rows, bytes);
        let mut writer = plugin.record_writer(0, &options).expect("a writer");
        let mut out = Vec::new();
        writer.begin(&mut out).expect("begin");
        for record in &records {
            writer.record(&mut out, record).expect("a record");
        }
        writer.end(&mut out).expect("end");
        let back = read(out);
        let first = back.first().expect("rows");
        assert_eq!(
            first.schema().fields(),
            schema().fields(),
            "the record schema"
        );
        assert_same_rows(
            &back,
            &expected,
            &format!("batches of {rows} rows, {bytes} bytes"),
        );
    }
}

#[test]
fn batches_built_apart_and_records_one_by_one_go_out_in_order() {
    let files = generated(700);
    let options = Options::new();
    let articles = parsed(&files);
    let records: Vec<Record<'_>> = articles
        .iter()
        .zip(&files)
        .map(|(a, (name, _))| Record::new(a, Some(name), None, &options))
        .collect();
    let batch_of = |records: &[Record<'_>]| {
        let mut builder = RecordBatchBuilder::new();
        for record in records {
            builder.push(record);
        }
        builder.finish().expect("a batch")
    };
    let expected = batch_of(&records);

    let plugin = Plugin::load(&parquet_plugin()).expect("loads");
    let mut writer = plugin.record_writer(0, &options).expect("a writer");
    assert!(
        writer.takes_batches(),
        "the host builds batches apart for it"
    );
    let mut out = Vec::new();
    writer.begin(&mut out).expect("begin");
    // Records held one by one go out before a batch that follows them.
    for record in &records[..10] {
        writer.record(&mut out, record).expect("a record");
    }
    writer
        .batch(&mut out, batch_of(&records[10..400]))
        .expect("a batch");
    writer
        .batch(&mut out, batch_of(&[]))
        .expect("an empty batch");
    writer.record(&mut out, &records[400]).expect("a record");
    writer
        .batch(&mut out, batch_of(&records[401..]))
        .expect("a batch");
    writer.end(&mut out).expect("end");

    assert_same_rows(&read(out), &expected, "batches and records in order");

    // A batch of another shape is refused, not sent.
    let mut writer = plugin.record_writer(0, &options).expect("a writer");
    let mut out = Vec::new();
    writer.begin(&mut out).expect("begin");
    let other = RecordBatch::try_from_iter([(
        "id",
        std::sync::Arc::new(arrow_array::StringArray::from(vec!["a"])) as arrow_array::ArrayRef,
    )])
    .expect("a batch");
    let err = writer.batch(&mut out, other).expect_err("refused");
    assert!(err.to_string().contains("record schema"), "{err}");
}

#[test]
fn a_plugin_error_in_a_batch_is_reported_and_the_host_survives() {
    // The host's output fails under the plugin's write: the host's error,
    // not the plugin's, comes back.
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "disk full",
            ))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let plugin = Plugin::load(&parquet_plugin()).expect("loads");
    let mut writer = plugin.record_writer(0, &Options::new()).expect("a writer");
    let err = writer.begin(&mut Full).expect_err("the write fails");
    assert_eq!(
        err.io_kind(),
        Some(std::io::ErrorKind::StorageFull),
        "{err:?}"
    );
}

/// A corpus of more than a thousand generated files in subdirectories, with
/// three files copied into one more directory: their stems collide, so the
/// run's collision rule gives them `-2` ids.
fn corpus(dir: &Path) -> u64 {
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED);
    let summary = dateline_test_support::write_corpus(
        &cfg,
        &dateline_test_support::WriteOptions {
            out_dir: dir.to_owned(),
            budget_bytes: 4_500_000,
            files_per_dir: Some(400),
            force: false,
        },
    )
    .expect("the corpus is written");
    assert!(summary.files > 1000, "{summary:?}");
    let first = dir.join("0000");
    let mut names: Vec<_> = std::fs::read_dir(&first)
        .expect("0000/")
        .map(|e| e.expect("an entry").path())
        .collect();
    names.sort();
    let again = dir.join("zz-again");
    std::fs::create_dir(&again).expect("mkdir");
    for path in names.iter().take(3) {
        std::fs::copy(path, again.join(path.file_name().expect("a name"))).expect("copy");
    }
    summary.files + 3
}

#[test]
fn cli_output_is_the_same_at_j1_and_j4_with_the_ids_jsonl_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("corpus");
    let files = corpus(&input);
    let home = dir.path().join("home");
    std::fs::create_dir(&home).expect("mkdir");
    let plugin = parquet_plugin();
    let convert = |to: &str, jobs: &str, out: &Path| {
        let output = dateline_command(&home)
            .arg("--plugin")
            .arg(&plugin)
            .args(["convert", "--to", to, "-q", "-j", jobs])
            .arg(&input)
            .arg("-o")
            .arg(out)
            .output()
            .expect("dateline runs");
        assert!(
            output.status.success(),
            "{to} -j{jobs}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let one = dir.path().join("j1.parquet");
    let four = dir.path().join("j4.parquet");
    let jsonl = dir.path().join("j4.jsonl");
    convert("parquet", "1", &one);
    convert("parquet", "4", &four);
    convert("jsonl", "4", &jsonl);
    let one = std::fs::read(&one).expect("j1 output");
    assert_eq!(one, std::fs::read(&four).expect("j4 output"), "-j1 == -j4");

    let back = read(one);
    let rows: usize = back.iter().map(RecordBatch::num_rows).sum();
    assert_eq!(rows as u64, files);
    let strings = |name: &str| -> Vec<Option<String>> {
        back.iter()
            .flat_map(|b| {
                let column = b.column_by_name(name).expect("a column");
                let column = column
                    .as_any()
                    .downcast_ref::<arrow_array::StringArray>()
                    .expect("strings");
                column
                    .iter()
                    .map(|v| v.map(str::to_owned))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let jsonl = std::fs::read_to_string(&jsonl).expect("jsonl");
    let (ids, paths): (Vec<Option<String>>, Vec<Option<String>>) = jsonl
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON record");
            let text = |key: &str| value[key].as_str().map(str::to_owned);
            (text("id"), text("path"))
        })
        .unzip();
    assert_eq!(strings("id"), ids, "the ids jsonl gives, in its order");
    assert_eq!(strings("path"), paths);
    let collided = ids.iter().flatten().filter(|id| id.ends_with("-2")).count();
    assert_eq!(collided, 3, "the copies got the collision rule's ids");
}
