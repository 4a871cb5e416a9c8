#![doc = include_str!("../README.md")]
//!
//! ## The Rust API
//!
//! [`Parquet`] is a [`BatchWriter`]: it writes Arrow record batches of the
//! record schema ([`schema`], `dateline_export::record::arrow`'s), as
//! [`RecordBatchBuilder`] makes them; [`INFO`] is the format's descriptor.
//!
//! ```
//! use dateline_parquet::Parquet;
//! use dateline_plugin::dateline_export::Options;
//! use dateline_plugin::dateline_export::record::Record;
//! use dateline_plugin::records::{BatchWriter, RecordBatchBuilder};
//!
//! let article = dateline_plugin::dateline_core::parse(
//!     "Talks\n20220131\nhttps://example.com/a\nPerBBC,the talks.\n",
//! )?
//! .with_id("a");
//! let options = Options::new();
//! let mut builder = RecordBatchBuilder::new();
//! builder.push(&Record::new(&article, Some("a.txt"), None, &options));
//! let mut out = Vec::new();
//! let mut writer = Parquet::new(&options);
//! writer.begin(&mut out)?;
//! writer.batch(&mut out, &builder.finish()?)?;
//! writer.end(&mut out)?;
//! assert!(out.starts_with(b"PAR1") && out.ends_with(b"PAR1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

use std::fmt;
use std::io::Write;

use dateline_plugin::dateline_export::{ExportError, FormatInfo, Input, Kind, Options, Result};
use dateline_plugin::records::{BatchWriter, RecordBatch, schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

#[cfg(doc)]
use dateline_plugin::records::RecordBatchBuilder;

/// The `parquet` descriptor: a stream of analysis records.
pub const INFO: FormatInfo = FormatInfo::new(
    "parquet",
    Kind::Stream,
    "parquet",
    "application/vnd.apache.parquet",
    "Apache Parquet: the analysis records of csv and jsonl, typed (dates as date32, lists as \
     lists; for DuckDB, Polars, pandas, Spark)",
)
.with_input(Input::Record);

/// The format's name, in error messages.
const NAME: &str = "parquet";

/// Records per row group, unless [`Parquet::with_row_group_rows`] says otherwise.
pub const ROW_GROUP_ROWS: usize = 8192;

/// Bytes of encoded data buffered before a row group is written even if it
/// has fewer than [`ROW_GROUP_ROWS`] records, unless
/// [`Parquet::with_row_group_bytes`] says otherwise. This, with the host's
/// batch sizes, bounds the memory of an export.
pub const ROW_GROUP_BYTES: usize = 32 << 20;

/// The zstd level. Level 1, not zstd's default 3: on 400 MB of generated
/// articles it writes 60 MB where 3 writes 56 (7% more) in about 10% less
/// time, compression being the writing thread's largest cost (`cargo xtask
/// bench --suite records`). Still far smaller than snappy, the default of
/// Spark, DuckDB and pyarrow.
const ZSTD_LEVEL: i32 = 1;

/// The `parquet` writer: one file per document, the columns of [`schema`].
///
/// It reads the options `raw` and `drop_promos` only to record them in the
/// file's metadata (the host applied them to the records). Records are
/// encoded as they come and written a row group at a time (see
/// [`ROW_GROUP_ROWS`] and [`ROW_GROUP_BYTES`]); `end` writes the last row
/// group and the footer. After `end`, `begin` starts a new file.
pub struct Parquet {
    options: Options,
    row_group_rows: usize,
    row_group_bytes: usize,
    /// The file being written, between `begin` and `end`. It writes into its
    /// own buffer, which is drained into the output after each batch (the
    /// writer owns its sink; the output is only lent per call).
    writer: Option<ArrowWriter<Vec<u8>>>,
}

impl fmt::Debug for Parquet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parquet")
            .field("options", &self.options)
            .field("row_group_rows", &self.row_group_rows)
            .field("row_group_bytes", &self.row_group_bytes)
            .field("open", &self.writer.is_some())
            .finish()
    }
}

impl Parquet {
    /// A writer with these options.
    pub fn new(options: &Options) -> Parquet {
        Parquet {
            options: options.clone(),
            row_group_rows: ROW_GROUP_ROWS,
            row_group_bytes: ROW_GROUP_BYTES,
            writer: None,
        }
    }

    /// Writes a row group every `rows` records (at least 1) instead of every
    /// [`ROW_GROUP_ROWS`].
    #[must_use]
    pub fn with_row_group_rows(mut self, rows: usize) -> Parquet {
        self.row_group_rows = rows.max(1);
        self
    }

    /// Writes a row group once `bytes` bytes of encoded data are buffered (at
    /// least 1) instead of [`ROW_GROUP_BYTES`].
    #[must_use]
    pub fn with_row_group_bytes(mut self, bytes: usize) -> Parquet {
        self.row_group_bytes = bytes.max(1);
        self
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
                    if self.options.is_raw(false) {
                        "raw"
                    } else {
                        "repaired"
                    }
                    .to_owned(),
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
        // The columns whose values repeat across articles: outlets, hosts,
        // labels, methods, warning codes.
        for column in [
            &["host"][..],
            &["domain"],
            &["outlet_id"],
            &["outlet_name"],
            &["promos", "list", "item", "label"],
            &["promos", "list", "item", "method"],
            &["sources", "list", "item", "name"],
            &["sources", "list", "item", "outlet_id"],
            &["sources", "list", "item", "outlet_name"],
            &["sources", "list", "item", "domain"],
            &["warnings", "list", "item"],
        ] {
            props = props.set_column_dictionary_enabled(path(column), true);
        }
        // Min/max of prose are large and useless.
        props = props.set_column_statistics_enabled(path(&["text"]), EnabledStatistics::None);
        props.build()
    }

    /// Opens a new file: writes its magic bytes to `out`.
    fn open(&mut self, out: &mut dyn Write) -> Result<()> {
        let mut writer =
            ArrowWriter::try_new(Vec::new(), schema(), Some(self.properties())).map_err(failed)?;
        drain(&mut writer, out)?;
        self.writer = Some(writer);
        Ok(())
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

/// An Arrow or Parquet error, as the writer reports it.
fn failed(error: impl fmt::Display) -> ExportError {
    ExportError::Format {
        format: NAME.to_owned(),
        message: error.to_string(),
    }
}

impl BatchWriter for Parquet {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        self.open(out)
    }

    fn batch(&mut self, out: &mut dyn Write, batch: &RecordBatch) -> Result<()> {
        if batch.schema().fields() != schema().fields() {
            return Err(failed(
                "a batch that is not of the record schema (dateline_export::record::arrow::schema)",
            ));
        }
        if self.writer.is_none() {
            self.open(out)?;
        }
        let Some(writer) = self.writer.as_mut() else {
            return Ok(());
        };
        // The writer cuts row groups at `row_group_rows` itself.
        writer.write(batch).map_err(failed)?;
        if writer.in_progress_size() >= self.row_group_bytes {
            writer.flush().map_err(failed)?;
        }
        drain(writer, out)
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.writer.is_none() {
            self.open(out)?;
        }
        if let Some(writer) = self.writer.take() {
            let rest = writer.into_inner().map_err(failed)?;
            out.write_all(&rest)?;
        }
        Ok(())
    }
}

dateline_plugin::export_plugin! {
    name: "parquet",
    version: env!("CARGO_PKG_VERSION"),
    formats: [],
    records: [
        INFO => |options| Ok(Box::new(Parquet::new(options))),
    ],
}
