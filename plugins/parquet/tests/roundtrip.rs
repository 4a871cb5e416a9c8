//! The writer through its Rust API: generated articles become records, the
//! records batches (`RecordBatchBuilder`, the one place records become
//! columns), the batches a Parquet file; the parquet crate reads back exactly
//! those columns, in order, with the record schema.

use std::sync::Arc;

use dateline_parquet::{INFO, Parquet};
use dateline_plugin::dateline_core;
use dateline_plugin::dateline_export::record::Record;
use dateline_plugin::dateline_export::{GazetteerLinker, Input, Linker, Options};
use dateline_plugin::records::arrow_schema::SchemaRef;
use dateline_plugin::records::{BatchWriter, RecordBatch, RecordBatchBuilder, schema};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// `count` generated articles as records (with links), in batches of `rows`.
fn batches(count: u64, rows: usize, options: &Options) -> Vec<RecordBatch> {
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED);
    let linker = GazetteerLinker::builtin();
    let mut builder = RecordBatchBuilder::new();
    let mut out = Vec::new();
    for i in 0..count {
        let generated = dateline_test_support::generate_article(&cfg, i);
        let id = generated.file_name.trim_end_matches(".txt").to_owned();
        let article = dateline_core::parse(&generated.text)
            .expect("generated articles parse")
            .with_id(id.as_str());
        let links = linker.links(&article);
        builder.push(&Record::new(
            &article,
            Some(&generated.file_name),
            Some(&links),
            options,
        ));
        if builder.len() == rows {
            out.push(builder.finish().expect("a batch"));
        }
    }
    if !builder.is_empty() {
        out.push(builder.finish().expect("a batch"));
    }
    out
}

fn write(mut writer: Parquet, batches: &[RecordBatch]) -> Vec<u8> {
    let mut out = Vec::new();
    writer.begin(&mut out).expect("begin");
    for batch in batches {
        writer.batch(&mut out, batch).expect("a batch");
    }
    writer.end(&mut out).expect("end");
    out
}

/// The file's rows, as batches, and its row groups' sizes.
fn read(bytes: Vec<u8>) -> (Vec<RecordBatch>, Vec<i64>, SchemaRef) {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
        .expect("a parquet file");
    let groups = reader
        .metadata()
        .row_groups()
        .iter()
        .map(|g| g.num_rows())
        .collect();
    let schema = reader.schema().clone();
    let batches = reader
        .with_batch_size(700)
        .build()
        .expect("a reader")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    (batches, groups, schema)
}

/// Every row of `back` equals the row of `expected` at the same position,
/// column by column (the read batches are cut elsewhere than the written).
fn assert_same_rows(expected: &[RecordBatch], back: &[RecordBatch]) {
    let expected_rows: usize = expected.iter().map(RecordBatch::num_rows).sum();
    let back_rows: usize = back.iter().map(RecordBatch::num_rows).sum();
    assert_eq!(back_rows, expected_rows);
    let mut at = (0usize, 0usize); // (batch, row) in `expected`
    for batch in back {
        let mut offset = 0;
        while offset < batch.num_rows() {
            let source = &expected[at.0];
            let len = (source.num_rows() - at.1).min(batch.num_rows() - offset);
            let want = source.slice(at.1, len);
            let got = batch.slice(offset, len);
            for (i, field) in schema().fields().iter().enumerate() {
                assert_eq!(
                    got.column(i).to_data(),
                    want.column(i).to_data(),
                    "column {} of rows {}..{}",
                    field.name(),
                    offset,
                    offset + len
                );
            }
            offset += len;
            at.1 += len;
            if at.1 == source.num_rows() {
                at = (at.0 + 1, 0);
            }
        }
    }
}

#[test]
fn the_file_holds_the_records_batches_with_the_record_schema() {
    let options = Options::new();
    let written = batches(2_100, 500, &options);
    let bytes = write(Parquet::new(&options).with_row_group_rows(800), &written);
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let (back, groups, file_schema) = read(bytes);
    assert_eq!(
        groups,
        [800, 800, 500],
        "row groups cut by rows, not by batches"
    );
    let first = back.first().expect("rows");
    assert_eq!(
        first.schema().fields(),
        schema().fields(),
        "exactly the record schema: names, types (date32, lists), nullability"
    );
    assert_eq!(
        file_schema
            .metadata()
            .get("dateline.record_version")
            .map(String::as_str),
        Some("1")
    );
    assert_eq!(
        file_schema
            .metadata()
            .get("dateline.text")
            .map(String::as_str),
        Some("repaired")
    );
    assert_same_rows(&written, &back);
}

#[test]
fn nulls_stay_nulls_and_a_row_group_is_cut_by_bytes() {
    // Without links: the link columns are null (not empty strings, not NaN).
    let options = Options::new().raw(true).drop_promos(true);
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED);
    let generated = dateline_test_support::generate_article(&cfg, 7);
    let article = dateline_core::parse(&generated.text)
        .expect("parses")
        .with_id("x");
    let mut builder = RecordBatchBuilder::new();
    for _ in 0..50 {
        builder.push(&Record::new(&article, None, None, &options));
    }
    let written = vec![builder.finish().expect("a batch")];
    let bytes = write(
        Parquet::new(&options).with_row_group_bytes(1),
        &[written[0].slice(0, 20), written[0].slice(20, 30)],
    );
    let (back, groups, file_schema) = read(bytes);
    assert_eq!(
        groups,
        [20, 30],
        "a tiny byte budget: a row group per batch"
    );
    assert_eq!(
        file_schema
            .metadata()
            .get("dateline.promos")
            .map(String::as_str),
        Some("dropped")
    );
    for name in ["path", "canonical_url", "outlet_id", "url_date"] {
        let column = back[0].column_by_name(name).expect("the column");
        assert_eq!(column.null_count(), column.len(), "{name} is null");
    }
    assert_same_rows(&written, &back);
}

#[test]
fn the_format_writes_records_and_refuses_another_schema() {
    assert_eq!(INFO.input, Input::Record);
    let other = RecordBatch::try_from_iter([(
        "id",
        Arc::new(dateline_plugin::records::arrow_array::StringArray::from(
            vec!["a"],
        )) as dateline_plugin::records::arrow_array::ArrayRef,
    )])
    .expect("a batch");
    let mut writer = Parquet::new(&Options::new());
    let mut out = Vec::new();
    writer.begin(&mut out).expect("begin");
    let err = writer.batch(&mut out, &other).expect_err("refused");
    assert!(
        err.to_string().contains("not of the record schema"),
        "{err}"
    );
}
