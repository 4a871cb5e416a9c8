#![doc = include_str!("../README.md")]
//!
//! ## The Rust API
//!
//! [`Parquet`] is an [`Exporter`]; [`schema`] is the Arrow schema of the table
//! above (a test holds the two together), [`INFO`] the format's descriptor.
//!
//! ```
//! use dateline_parquet::Parquet;
//! use dateline_plugin::dateline_export::{Exporter, Options};
//!
//! let article = dateline_plugin::dateline_core::parse(
//!     "Talks\n20220131\nhttps://example.com/a\nPerBBC,the talks.\n",
//! )?;
//! let mut out = Vec::new();
//! let mut exporter = Parquet::new(&Options::new());
//! exporter.begin(&mut out)?;
//! exporter.article(&mut out, &article)?;
//! exporter.end(&mut out)?;
//! assert!(out.starts_with(b"PAR1") && out.ends_with(b"PAR1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

use std::fmt;
use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{ArrayBuilder, Date32Builder, Int32Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::{OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, FieldRef, Fields, Schema, SchemaRef};
use dateline_plugin::dateline_core::{Article, Block, Date, Paragraph};
use dateline_plugin::dateline_export::{
    ArticleLinks, ExportError, Exporter, FormatInfo, Kind, Options, Result,
};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

/// The `parquet` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "parquet",
    Kind::Stream,
    "parquet",
    "application/vnd.apache.parquet",
    "Apache Parquet, one row per article with nested paragraphs, blocks and sources \
     (for DuckDB, Polars, pandas, Spark)",
);

/// The format's name, in error messages.
const NAME: &str = "parquet";

/// Articles per row group, unless [`Parquet::with_row_group_rows`] says otherwise.
pub const ROW_GROUP_ROWS: usize = 8192;

/// Bytes of text buffered before a row group is written even if it has fewer
/// than [`ROW_GROUP_ROWS`] articles, unless [`Parquet::with_row_group_bytes`]
/// says otherwise. This, not the row count, bounds the memory of an export.
pub const ROW_GROUP_BYTES: usize = 32 << 20;

/// The largest article accepted, in bytes of text: Arrow's string arrays hold at
/// most 2 GiB each, and a paragraph's text is in three of them.
const MAX_ARTICLE_BYTES: usize = 1 << 30;

/// The largest row group budget: with [`MAX_ARTICLE_BYTES`], no string array
/// of a row group reaches Arrow's 2 GiB.
const MAX_ROW_GROUP_BYTES: usize = 1 << 30;

/// The name of every list's item field (the Parquet specification's).
const ITEM: &str = "element";

/// The zstd level: zstd's own default, a good balance for prose.
const ZSTD_LEVEL: i32 = 3;

/// The Arrow schema of the rows, the one the crate documentation tabulates.
///
/// A file written by [`Parquet`] reads back with exactly these fields.
pub fn schema() -> SchemaRef {
    let utf8 = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    let list = |name: &str, item_nullable: bool| {
        Field::new(
            name,
            DataType::List(Arc::new(utf8(ITEM, item_nullable))),
            false,
        )
    };
    Arc::new(Schema::new(vec![
        utf8("id", true),
        utf8("title", false),
        Field::new("date", DataType::Date32, false),
        utf8("url", false),
        utf8("host", false),
        utf8("text", false),
        list("paragraphs", false),
        Field::new("blocks", DataType::List(block_item()), false),
        list("related", false),
        list("sources", false),
        list("source_outlets", true),
        Field::new("repairs", DataType::Int32, false),
        utf8("outlet", true),
        utf8("outlet_name", true),
        utf8("outlet_domain", true),
        utf8("canonical_url", true),
        utf8("url_domain", true),
        Field::new("url_date", DataType::Date32, true),
        utf8("url_article_id", true),
    ]))
}

/// The fields of a `blocks` entry.
fn block_fields() -> Fields {
    Fields::from(vec![
        Field::new("kind", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("label", DataType::Utf8, true),
        Field::new("title", DataType::Utf8, true),
    ])
}

/// The item field of `blocks`.
fn block_item() -> FieldRef {
    Arc::new(Field::new(ITEM, DataType::Struct(block_fields()), false))
}

/// The `parquet` exporter.
///
/// It reads the options `raw`, `drop_promos` and `links` (see the crate
/// documentation). Rows are buffered and written a row group at a time (see
/// [`ROW_GROUP_ROWS`] and [`ROW_GROUP_BYTES`]); `end` writes the last row group
/// and the footer. After `end`, `begin` starts a new file.
pub struct Parquet {
    options: Options,
    row_group_rows: usize,
    row_group_bytes: usize,
    /// The file being written, between `begin` and `end`. It writes into its
    /// own buffer, which is drained into the output after each row group (the
    /// writer owns its sink; the output is only lent per call).
    writer: Option<ArrowWriter<Vec<u8>>>,
    columns: Columns,
}

impl fmt::Debug for Parquet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parquet")
            .field("options", &self.options)
            .field("row_group_rows", &self.row_group_rows)
            .field("row_group_bytes", &self.row_group_bytes)
            .field("open", &self.writer.is_some())
            .field("buffered_rows", &self.columns.rows)
            .finish()
    }
}

impl Parquet {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Parquet {
        Parquet {
            options: options.clone(),
            row_group_rows: ROW_GROUP_ROWS,
            row_group_bytes: ROW_GROUP_BYTES,
            writer: None,
            columns: Columns::new(),
        }
    }

    /// Writes a row group every `rows` articles (at least 1) instead of every
    /// [`ROW_GROUP_ROWS`].
    #[must_use]
    pub fn with_row_group_rows(mut self, rows: usize) -> Parquet {
        self.row_group_rows = rows.max(1);
        self
    }

    /// Writes a row group once the buffered rows hold `bytes` bytes of text (at
    /// least 1, at most 1 GiB), instead of [`ROW_GROUP_BYTES`].
    #[must_use]
    pub fn with_row_group_bytes(mut self, bytes: usize) -> Parquet {
        self.row_group_bytes = bytes.clamp(1, MAX_ROW_GROUP_BYTES);
        self
    }

    fn raw(&self) -> bool {
        self.options.is_raw(false)
    }

    /// The writer properties: compression, which columns get a dictionary and
    /// statistics, the options in the key-value metadata.
    fn properties(&self) -> WriterProperties {
        let path =
            |parts: &[&str]| ColumnPath::new(parts.iter().map(|p| (*p).to_owned()).collect());
        let mut props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(ZSTD_LEVEL).unwrap_or_default(),
            ))
            .set_max_row_group_row_count(Some(self.row_group_rows))
            .set_dictionary_enabled(false)
            .set_key_value_metadata(Some(vec![
                KeyValue::new(
                    "dateline.text".to_owned(),
                    if self.raw() { "raw" } else { "repaired" }.to_owned(),
                ),
                KeyValue::new(
                    "dateline.promos".to_owned(),
                    if self.options.drop_promos {
                        "dropped"
                    } else {
                        "kept"
                    }
                    .to_owned(),
                ),
            ]));
        for column in [
            &["host"][..],
            &["blocks", "list", ITEM, "kind"],
            &["blocks", "list", ITEM, "label"],
            &["sources", "list", ITEM],
            &["source_outlets", "list", ITEM],
            &["outlet"],
            &["outlet_name"],
            &["outlet_domain"],
            &["url_domain"],
        ] {
            props = props.set_column_dictionary_enabled(path(column), true);
        }
        for column in [
            &["text"][..],
            &["paragraphs", "list", ITEM],
            &["blocks", "list", ITEM, "text"],
        ] {
            props = props.set_column_statistics_enabled(path(column), EnabledStatistics::None);
        }
        props.build()
    }

    /// Opens a new file: writes its magic bytes to `out`.
    fn open(&mut self, out: &mut dyn Write) -> Result<()> {
        self.columns = Columns::new();
        let mut writer =
            ArrowWriter::try_new(Vec::new(), schema(), Some(self.properties())).map_err(failed)?;
        drain(&mut writer, out)?;
        self.writer = Some(writer);
        Ok(())
    }

    /// Writes the buffered rows as one row group, and its bytes to `out`.
    fn flush(&mut self, out: &mut dyn Write) -> Result<()> {
        let Some(writer) = self.writer.as_mut() else {
            return Ok(());
        };
        if self.columns.rows == 0 {
            return Ok(());
        }
        let batch = self.columns.finish()?;
        writer.write(&batch).map_err(failed)?;
        writer.flush().map_err(failed)?;
        drain(writer, out)
    }
}

/// Copies what `writer` has written so far to `out`, and forgets it.
fn drain(writer: &mut ArrowWriter<Vec<u8>>, out: &mut dyn Write) -> Result<()> {
    // The writer buffers in front of its sink: push that into the Vec first.
    writer.sync()?;
    let written = writer.inner_mut();
    out.write_all(written)?;
    written.clear();
    Ok(())
}

/// An Arrow or Parquet error, as the exporter reports it.
fn failed(error: impl fmt::Display) -> ExportError {
    ExportError::Format {
        format: NAME.to_owned(),
        message: error.to_string(),
    }
}

impl Exporter for Parquet {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        self.open(out)
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        if self.writer.is_none() {
            self.open(out)?;
        }
        let size = text_bytes(article);
        if size > MAX_ARTICLE_BYTES {
            return Err(failed(format_args!(
                "article {} holds {size} bytes of text; the most a row can hold is {MAX_ARTICLE_BYTES}",
                article.id.as_deref().unwrap_or(&article.title),
            )));
        }
        if self.columns.rows > 0 && self.columns.bytes + size > self.row_group_bytes {
            self.flush(out)?;
        }
        let links = self.options.links.as_ref().map(|l| l.links(article));
        let raw = self.raw();
        let drop_promos = self.options.drop_promos;
        self.columns
            .push(article, links.as_ref(), raw, drop_promos, size)?;
        if self.columns.rows >= self.row_group_rows {
            self.flush(out)?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.writer.is_none() {
            self.open(out)?;
        }
        self.flush(out)?;
        if let Some(writer) = self.writer.take() {
            let rest = writer.into_inner().map_err(failed)?;
            out.write_all(&rest)?;
        }
        Ok(())
    }
}

/// About how many bytes of text an article adds to the buffered columns.
fn text_bytes(article: &Article<'_>) -> usize {
    let header =
        article.title.len() + 2 * article.url.len() + article.id.as_ref().map_or(0, |id| id.len());
    // A paragraph is in `text`, `paragraphs` and `blocks`; a promo in `blocks`
    // (twice) and `related`.
    let body: usize = article.blocks.iter().map(|b| 3 * b.span().len()).sum();
    header + body
}

/// The text of a paragraph, as the options want it.
fn paragraph_text<'p>(p: &'p Paragraph<'_>, raw: bool) -> std::borrow::Cow<'p, str> {
    if raw {
        p.raw()
    } else {
        std::borrow::Cow::Borrowed(&p.text)
    }
}

/// The rows not yet written, one builder per column (the `blocks` column as its
/// four struct fields and the list offsets).
struct Columns {
    rows: usize,
    /// About how many bytes of text the builders hold (see [`text_bytes`]).
    bytes: usize,
    id: StringBuilder,
    title: StringBuilder,
    date: Date32Builder,
    url: StringBuilder,
    host: StringBuilder,
    text: StringBuilder,
    paragraphs: ListBuilder<StringBuilder>,
    block_offsets: Vec<i32>,
    block_kind: StringBuilder,
    block_text: StringBuilder,
    block_label: StringBuilder,
    block_title: StringBuilder,
    related: ListBuilder<StringBuilder>,
    sources: ListBuilder<StringBuilder>,
    source_outlets: ListBuilder<StringBuilder>,
    repairs: Int32Builder,
    outlet: StringBuilder,
    outlet_name: StringBuilder,
    outlet_domain: StringBuilder,
    canonical_url: StringBuilder,
    url_domain: StringBuilder,
    url_date: Date32Builder,
    url_article_id: StringBuilder,
}

/// A list builder whose item field is `element`, nullable or not.
fn list_builder(item_nullable: bool) -> ListBuilder<StringBuilder> {
    ListBuilder::new(StringBuilder::new()).with_field(Field::new(
        ITEM,
        DataType::Utf8,
        item_nullable,
    ))
}

/// Adds `s` to the value `builder` is building (ended by its next `append_value`).
fn part(builder: &mut StringBuilder, s: &str) {
    // Appending to a string builder cannot fail: its `fmt::Write` is always `Ok`.
    let _ = fmt::Write::write_str(builder, s);
}

/// Days since 1970-01-01, as `Date32` counts them.
fn date32(date: Date) -> Option<i32> {
    i32::try_from(date.days_since_epoch()).ok()
}

impl Columns {
    fn new() -> Columns {
        Columns {
            rows: 0,
            bytes: 0,
            id: StringBuilder::new(),
            title: StringBuilder::new(),
            date: Date32Builder::new(),
            url: StringBuilder::new(),
            host: StringBuilder::new(),
            text: StringBuilder::new(),
            paragraphs: list_builder(false),
            block_offsets: vec![0],
            block_kind: StringBuilder::new(),
            block_text: StringBuilder::new(),
            block_label: StringBuilder::new(),
            block_title: StringBuilder::new(),
            related: list_builder(false),
            sources: list_builder(false),
            source_outlets: list_builder(true),
            repairs: Int32Builder::new(),
            outlet: StringBuilder::new(),
            outlet_name: StringBuilder::new(),
            outlet_domain: StringBuilder::new(),
            canonical_url: StringBuilder::new(),
            url_domain: StringBuilder::new(),
            url_date: Date32Builder::new(),
            url_article_id: StringBuilder::new(),
        }
    }

    /// Adds one row.
    fn push(
        &mut self,
        article: &Article<'_>,
        links: Option<&ArticleLinks>,
        raw: bool,
        drop_promos: bool,
        size: usize,
    ) -> Result<()> {
        // Everything that can fail is checked before the first builder is
        // touched, so that an error leaves no partial row behind.
        let Some(date) = date32(article.date) else {
            return Err(failed(format_args!("date {} out of range", article.date)));
        };
        let blocks = article
            .blocks
            .iter()
            .filter(|b| !drop_promos || matches!(b, Block::Paragraph(_)))
            .count();
        let block_end = i32::try_from(self.block_kind.len() + blocks)
            .map_err(|_| failed("too many blocks in one row group"))?;

        self.id.append_option(article.id.as_deref());
        self.title.append_value(&article.title);
        self.date.append_value(date);
        self.url.append_value(&article.url);
        self.host.append_value(article.url_host());

        let mut first = true;
        for p in article.paragraphs() {
            let text = paragraph_text(p, raw);
            if !first {
                part(&mut self.text, "\n\n");
            }
            first = false;
            part(&mut self.text, &text);
            self.paragraphs.values().append_value(&text);
        }
        self.text.append_value("");
        self.paragraphs.append(true);

        for block in &article.blocks {
            match block {
                Block::Paragraph(p) => {
                    self.block_kind.append_value("paragraph");
                    self.block_text.append_value(paragraph_text(p, raw));
                    self.block_label.append_null();
                    self.block_title.append_null();
                }
                Block::Related(r) if !drop_promos => {
                    self.block_kind.append_value("related");
                    part(&mut self.block_text, &r.label);
                    part(&mut self.block_text, &r.separator);
                    self.block_text.append_value(&r.title);
                    self.block_label.append_value(&r.label);
                    self.block_title.append_value(&r.title);
                    self.related.values().append_value(&r.title);
                }
                Block::Related(_) => {}
            }
        }
        self.block_offsets.push(block_end);
        self.related.append(true);

        let mut repairs = 0usize;
        for (i, a) in article.attributions().enumerate() {
            self.sources.values().append_value(&a.source);
            let outlet = links.and_then(|l| l.source_outlet(i, a));
            self.source_outlets
                .values()
                .append_option(outlet.map(|o| o.id.as_str()));
            repairs += a.repairs.len();
        }
        self.sources.append(true);
        self.source_outlets.append(true);
        self.repairs
            .append_value(i32::try_from(repairs).unwrap_or(i32::MAX));

        let outlet = links.and_then(|l| l.outlet.as_ref());
        self.outlet.append_option(outlet.map(|o| &o.id));
        self.outlet_name.append_option(outlet.map(|o| &o.name));
        self.outlet_domain.append_option(outlet.map(|o| &o.domain));
        let url = links.and_then(|l| l.url.as_ref());
        self.canonical_url
            .append_option(url.map(|u| u.canonical.as_str()));
        self.url_domain
            .append_option(url.and_then(|u| u.domain.as_ref()));
        self.url_date
            .append_option(url.and_then(|u| u.date).and_then(date32));
        self.url_article_id
            .append_option(url.and_then(|u| u.article_id.as_ref()));

        self.rows += 1;
        self.bytes += size;
        Ok(())
    }

    /// The buffered rows as a record batch; the builders start again empty.
    fn finish(&mut self) -> Result<RecordBatch> {
        let offsets = std::mem::replace(&mut self.block_offsets, vec![0]);
        let blocks = StructArray::try_new(
            block_fields(),
            vec![
                Arc::new(self.block_kind.finish()) as ArrayRef,
                Arc::new(self.block_text.finish()),
                Arc::new(self.block_label.finish()),
                Arc::new(self.block_title.finish()),
            ],
            None,
        )
        .map_err(failed)?;
        let blocks = ListArray::try_new(
            block_item(),
            OffsetBuffer::new(ScalarBuffer::from(offsets)),
            Arc::new(blocks),
            None,
        )
        .map_err(failed)?;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.host.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.paragraphs.finish()),
            Arc::new(blocks),
            Arc::new(self.related.finish()),
            Arc::new(self.sources.finish()),
            Arc::new(self.source_outlets.finish()),
            Arc::new(self.repairs.finish()),
            Arc::new(self.outlet.finish()),
            Arc::new(self.outlet_name.finish()),
            Arc::new(self.outlet_domain.finish()),
            Arc::new(self.canonical_url.finish()),
            Arc::new(self.url_domain.finish()),
            Arc::new(self.url_date.finish()),
            Arc::new(self.url_article_id.finish()),
        ];
        self.rows = 0;
        self.bytes = 0;
        RecordBatch::try_new(schema(), columns).map_err(failed)
    }
}

dateline_plugin::export_plugin! {
    name: "parquet",
    version: env!("CARGO_PKG_VERSION"),
    formats: [
        INFO => |options| Ok(Box::new(Parquet::new(options))),
    ],
}
