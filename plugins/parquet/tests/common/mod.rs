//! Helpers shared by the tests: export through the Rust API, read the bytes back
//! with the parquet crate, render rows as JSON, and say what the model expects.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int32Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, SchemaRef};
use dateline_parquet::Parquet;
use dateline_plugin::dateline_core::{self, Article, Block};
use dateline_plugin::dateline_export::{ArticleLinks, Exporter, Options};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::metadata::ParquetMetaData;
use serde_json::{Map, Value, json};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(id, text)` of every file in `dir` (relative to the workspace), sorted.
pub fn files(dir: &str) -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir(root().join(dir))
        .expect("the directory")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let id = p
                .file_stem()
                .expect("a stem")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&p).expect("UTF-8 text");
            (id, text)
        })
        .collect()
}

/// Parses `(id, text)` pairs.
pub fn parse_all(files: &[(String, String)]) -> Vec<Article<'_>> {
    files
        .iter()
        .map(|(id, text)| {
            dateline_core::parse(text)
                .unwrap_or_else(|e| panic!("{id} parses: {e:?}"))
                .with_id(id.as_str())
        })
        .collect()
}

/// One document holding `articles`, written by `exporter`.
pub fn export_with(mut exporter: Parquet, articles: &[Article<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    exporter.begin(&mut out).expect("begin");
    for article in articles {
        exporter.article(&mut out, article).expect("article");
    }
    exporter.end(&mut out).expect("end");
    out
}

/// One document holding `articles`, with these options.
pub fn export(articles: &[Article<'_>], options: &Options) -> Vec<u8> {
    export_with(Parquet::new(options), articles)
}

/// What a file holds, read back with the parquet crate.
pub struct ReadBack {
    pub schema: SchemaRef,
    pub metadata: ParquetMetaData,
    pub batches: Vec<RecordBatch>,
}

impl ReadBack {
    pub fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// Every row as a JSON object, in file order.
    pub fn json_rows(&self) -> Vec<Value> {
        self.batches
            .iter()
            .flat_map(|batch| (0..batch.num_rows()).map(move |i| row(batch, i)))
            .collect()
    }

    /// The rows as stable text: one `column: value` line per column, in schema
    /// order, each value compact JSON.
    pub fn render(&self) -> String {
        let mut text = String::new();
        let mut n = 0;
        for batch in &self.batches {
            for i in 0..batch.num_rows() {
                text.push_str(&format!("row {n}\n"));
                for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
                    let value = serde_json::to_string(&value(column.as_ref(), i)).expect("JSON");
                    text.push_str(&format!("  {}: {value}\n", field.name()));
                }
                n += 1;
            }
        }
        text
    }
}

/// Reads a whole file.
pub fn read(bytes: &[u8]) -> ReadBack {
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::copy_from_slice(bytes))
        .expect("a parquet file");
    let schema = builder.schema().clone();
    let metadata = builder.metadata().as_ref().clone();
    let batches = builder
        .build()
        .expect("a reader")
        .collect::<Result<Vec<_>, _>>()
        .expect("batches");
    ReadBack {
        schema,
        metadata,
        batches,
    }
}

fn row(batch: &RecordBatch, i: usize) -> Value {
    let mut map = Map::new();
    for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
        map.insert(field.name().clone(), value(column.as_ref(), i));
    }
    Value::Object(map)
}

/// The value at `i` of any array type the schema uses, as JSON.
fn value(array: &dyn Array, i: usize) -> Value {
    if array.is_null(i) {
        return Value::Null;
    }
    match array.data_type() {
        DataType::Utf8 => Value::String(array.as_string::<i32>().value(i).to_owned()),
        DataType::Int32 => json!(array.as_primitive::<Int32Type>().value(i)),
        DataType::Date32 => {
            let days = array.as_primitive::<Date32Type>().value(i);
            Value::String(iso(days))
        }
        DataType::List(_) => {
            let items = array.as_list::<i32>().value(i);
            Value::Array((0..items.len()).map(|j| value(items.as_ref(), j)).collect())
        }
        DataType::Struct(fields) => {
            let s = array.as_struct();
            // Keys inserted in name order: the rendering is the same whether or
            // not serde_json's `preserve_order` is on (the CLI turns it on, and
            // features are unified in a workspace build).
            let mut pairs: Vec<_> = fields.iter().zip(s.columns()).collect();
            pairs.sort_by(|a, b| a.0.name().cmp(b.0.name()));
            let mut map = Map::new();
            for (field, column) in pairs {
                map.insert(field.name().clone(), value(column.as_ref(), i));
            }
            Value::Object(map)
        }
        other => panic!("no rendering for {other}"),
    }
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (Hinnant's civil_from_days).
fn iso(days: i32) -> String {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The row the model says an article becomes, computed from the model alone.
pub fn expected(article: &Article<'_>, options: &Options) -> Value {
    let raw = options.is_raw(false);
    let paragraphs: Vec<String> = article
        .paragraphs()
        .map(|p| {
            if raw {
                p.inlines.iter().map(|i| i.raw()).collect()
            } else {
                p.text.to_string()
            }
        })
        .collect();
    let blocks: Vec<Value> = article
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph(p) => Some(json!({
                "kind": "paragraph",
                "text": if raw { p.raw().into_owned() } else { p.text.to_string() },
                "label": null,
                "title": null,
            })),
            Block::Related(_) if options.drop_promos => None,
            Block::Related(r) => Some(json!({
                "kind": "related",
                "text": format!("{}{}{}", r.label, r.separator, r.title),
                "label": r.label,
                "title": r.title,
            })),
        })
        .collect();
    let related: Vec<&str> = if options.drop_promos {
        Vec::new()
    } else {
        article.related().map(|r| r.title.as_ref()).collect()
    };
    let sources: Vec<&str> = article.attributions().map(|a| a.source.as_ref()).collect();
    let links: Option<ArticleLinks> = options.links.as_ref().map(|l| l.links(article));
    let source_outlets: Vec<Value> = article
        .attributions()
        .enumerate()
        .map(|(i, a)| {
            let outlet = links.as_ref().and_then(|l| l.sources.get(i));
            match outlet {
                Some(s) if s.source == a.source => {
                    s.outlet.as_ref().map_or(Value::Null, |o| json!(o.id))
                }
                _ => Value::Null,
            }
        })
        .collect();
    let repairs: usize = article.attributions().map(|a| a.repairs.len()).sum();
    let outlet = links.as_ref().and_then(|l| l.outlet.as_ref());
    let url = links.as_ref().and_then(|l| l.url.as_ref());
    json!({
        "id": article.id,
        "title": article.title,
        "date": article.date.to_string(),
        "url": article.url,
        "host": article.url_host(),
        "text": paragraphs.join("\n\n"),
        "paragraphs": paragraphs,
        "blocks": blocks,
        "related": related,
        "sources": sources,
        "source_outlets": source_outlets,
        "repairs": repairs,
        "outlet": outlet.map(|o| &o.id),
        "outlet_name": outlet.map(|o| &o.name),
        "outlet_domain": outlet.map(|o| &o.domain),
        "canonical_url": url.map(|u| &u.canonical),
        "url_domain": url.and_then(|u| u.domain.as_ref()),
        "url_date": url.and_then(|u| u.date.as_ref()),
        "url_article_id": url.and_then(|u| u.article_id.as_ref()),
    })
}
