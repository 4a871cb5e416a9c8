//! Records as Arrow record batches (feature `arrow`): the one place that turns
//! a [`Record`] into columns, for the `parquet` plugin, the Python package and
//! Spark. The columns are the record's fields, named and ordered as
//! [`FIELDS`](super::FIELDS) lists them, typed as `doc/record.md` says:
//! strings `utf8`, dates `date32`, `repairs` `int64`, lists of structs and of
//! strings; the schema's metadata holds `dateline.record_version`.
//!
//! ```
//! use dateline_export::record::Record;
//! use dateline_export::record::arrow::RecordBatchBuilder;
//! use dateline_export::Options;
//!
//! let article = dateline_core::parse("Talks\n20220131\nhttps://example.com/a\nPerBBC,they met.\n")?
//!     .with_id("a");
//! let mut builder = RecordBatchBuilder::new();
//! builder.push(&Record::new(&article, Some("a.txt"), None, &Options::new()));
//! let batch = builder.finish()?;
//! assert_eq!(batch.num_rows(), 1);
//! assert_eq!(batch.schema().field(0).name(), "id");
//! assert_eq!(batch.schema(), dateline_export::record::arrow::schema());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use arrow_array::builder::{
    Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder, StructBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use dateline_core::Date;

use super::{RECORD_VERSION, Record};

/// The name of every list's item field (Arrow's and Parquet's convention).
const ITEM: &str = "item";

/// The fields of a promo.
fn promo_fields() -> Fields {
    Fields::from(vec![
        Field::new("label", DataType::Utf8, false),
        Field::new("title", DataType::Utf8, false),
        Field::new("to", DataType::Utf8, true),
        Field::new("method", DataType::Utf8, true),
        Field::new("score", DataType::Float64, true),
    ])
}

/// The fields of a source.
fn source_fields() -> Fields {
    Fields::from(vec![
        Field::new("name", DataType::Utf8, false),
        Field::new("outlet_id", DataType::Utf8, true),
        Field::new("outlet_name", DataType::Utf8, true),
        Field::new("domain", DataType::Utf8, true),
    ])
}

/// A list of `item`s.
fn list_of(item: DataType, nullable_items: bool) -> DataType {
    DataType::List(Arc::new(Field::new(ITEM, item, nullable_items)))
}

/// The Arrow schema of the records: one column per field of
/// [`FIELDS`](super::FIELDS), in order (a test holds the two together).
pub fn schema() -> SchemaRef {
    static SCHEMA: LazyLock<SchemaRef> = LazyLock::new(|| {
        let utf8 = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
        let fields = vec![
            utf8("id", false),
            utf8("path", true),
            utf8("title", false),
            Field::new("date", DataType::Date32, false),
            utf8("url", false),
            utf8("canonical_url", true),
            utf8("host", true),
            utf8("domain", true),
            utf8("outlet_id", true),
            utf8("outlet_name", true),
            Field::new("url_date", DataType::Date32, true),
            utf8("url_article_id", true),
            utf8("url_slug", true),
            utf8("text", false),
            Field::new(
                "promos",
                list_of(DataType::Struct(promo_fields()), false),
                false,
            ),
            Field::new(
                "sources",
                list_of(DataType::Struct(source_fields()), false),
                false,
            ),
            Field::new("warnings", list_of(DataType::Utf8, false), false),
            Field::new("repairs", DataType::Int64, false),
        ];
        let metadata = HashMap::from([(
            "dateline.record_version".to_owned(),
            RECORD_VERSION.to_string(),
        )]);
        Arc::new(Schema::new_with_metadata(fields, metadata))
    });
    Arc::clone(&SCHEMA)
}

/// Days since 1970-01-01: Arrow's `date32`.
fn date32(date: Date) -> i32 {
    // A valid date is within the years 1..=9999: far inside an i32 of days.
    i32::try_from(date.days_since_epoch()).unwrap_or(i32::MIN)
}

/// Appends records to columns and makes record batches of them.
///
/// Memory holds the records pushed since the last [`finish`](Self::finish);
/// [`text_bytes`](Self::text_bytes) says how much text that is, so a caller can
/// cut batches by size as well as by count.
pub struct RecordBatchBuilder {
    id: StringBuilder,
    path: StringBuilder,
    title: StringBuilder,
    date: Date32Builder,
    url: StringBuilder,
    canonical_url: StringBuilder,
    host: StringBuilder,
    domain: StringBuilder,
    outlet_id: StringBuilder,
    outlet_name: StringBuilder,
    url_date: Date32Builder,
    url_article_id: StringBuilder,
    url_slug: StringBuilder,
    text: StringBuilder,
    promos: ListBuilder<StructBuilder>,
    sources: ListBuilder<StructBuilder>,
    warnings: ListBuilder<StringBuilder>,
    repairs: Int64Builder,
    rows: usize,
    text_bytes: usize,
}

impl std::fmt::Debug for RecordBatchBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordBatchBuilder")
            .field("rows", &self.rows)
            .field("text_bytes", &self.text_bytes)
            .finish_non_exhaustive()
    }
}

impl Default for RecordBatchBuilder {
    fn default() -> Self {
        RecordBatchBuilder::new()
    }
}

/// A list builder of structs with `fields`, its items named [`ITEM`].
fn struct_list(fields: Fields) -> ListBuilder<StructBuilder> {
    ListBuilder::new(StructBuilder::from_fields(fields.clone(), 0))
        .with_field(Arc::new(Field::new(ITEM, DataType::Struct(fields), false)))
}

impl RecordBatchBuilder {
    /// An empty builder.
    pub fn new() -> RecordBatchBuilder {
        RecordBatchBuilder {
            id: StringBuilder::new(),
            path: StringBuilder::new(),
            title: StringBuilder::new(),
            date: Date32Builder::new(),
            url: StringBuilder::new(),
            canonical_url: StringBuilder::new(),
            host: StringBuilder::new(),
            domain: StringBuilder::new(),
            outlet_id: StringBuilder::new(),
            outlet_name: StringBuilder::new(),
            url_date: Date32Builder::new(),
            url_article_id: StringBuilder::new(),
            url_slug: StringBuilder::new(),
            text: StringBuilder::new(),
            promos: struct_list(promo_fields()),
            sources: struct_list(source_fields()),
            warnings: ListBuilder::new(StringBuilder::new()).with_field(Arc::new(Field::new(
                ITEM,
                DataType::Utf8,
                false,
            ))),
            repairs: Int64Builder::new(),
            rows: 0,
            text_bytes: 0,
        }
    }

    /// An empty builder whose `text` column has room for `records` records
    /// holding `text_bytes` in all: a batch of about that size is built without
    /// growing (and so copying) its largest buffer. The other columns start as
    /// [`RecordBatchBuilder::new`]'s.
    pub fn with_capacity(records: usize, text_bytes: usize) -> RecordBatchBuilder {
        let mut builder = RecordBatchBuilder::new();
        builder.text = StringBuilder::with_capacity(records, text_bytes);
        builder
    }

    /// The records pushed since the last batch.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether no record was pushed since the last batch.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The bytes of text (every string of the records) held since the last batch.
    pub fn text_bytes(&self) -> usize {
        self.text_bytes
    }

    /// Appends one record.
    pub fn push(&mut self, r: &Record<'_>) {
        let mut bytes = 0;
        let mut text = |b: &mut StringBuilder, s: Option<&str>| {
            bytes += s.map_or(0, str::len);
            b.append_option(s);
        };
        text(&mut self.id, Some(&r.id));
        text(&mut self.path, r.path.as_deref());
        text(&mut self.title, Some(&r.title));
        self.date.append_value(date32(r.date));
        text(&mut self.url, Some(&r.url));
        text(&mut self.canonical_url, r.canonical_url.as_deref());
        text(&mut self.host, r.host.as_deref());
        text(&mut self.domain, r.domain.as_deref());
        text(&mut self.outlet_id, r.outlet_id.as_deref());
        text(&mut self.outlet_name, r.outlet_name.as_deref());
        self.url_date.append_option(r.url_date.map(date32));
        text(&mut self.url_article_id, r.url_article_id.as_deref());
        text(&mut self.url_slug, r.url_slug.as_deref());
        text(&mut self.text, Some(&r.text));

        let promos = self.promos.values();
        for p in &r.promos {
            bytes += p.label.len() + p.title.len() + p.to.as_deref().map_or(0, str::len);
            field::<StringBuilder>(promos, 0).append_value(&p.label);
            field::<StringBuilder>(promos, 1).append_value(&p.title);
            field::<StringBuilder>(promos, 2).append_option(p.to.as_deref());
            field::<StringBuilder>(promos, 3).append_option(p.method.as_deref());
            field::<Float64Builder>(promos, 4).append_option(p.score);
            promos.append(true);
        }
        self.promos.append(true);

        let sources = self.sources.values();
        for s in &r.sources {
            bytes += s.name.len();
            field::<StringBuilder>(sources, 0).append_value(&s.name);
            field::<StringBuilder>(sources, 1).append_option(s.outlet_id.as_deref());
            field::<StringBuilder>(sources, 2).append_option(s.outlet_name.as_deref());
            field::<StringBuilder>(sources, 3).append_option(s.domain.as_deref());
            sources.append(true);
        }
        self.sources.append(true);

        for w in &r.warnings {
            self.warnings.values().append_value(w);
        }
        self.warnings.append(true);
        self.repairs.append_value(i64::from(r.repairs));
        self.rows += 1;
        self.text_bytes += bytes;
    }

    /// The records pushed since the last batch, as a batch of the
    /// [`schema`]; the builder starts again empty.
    ///
    /// # Errors
    ///
    /// An Arrow error if a column outgrows Arrow's limits (2 GiB of strings in
    /// one array): cut batches by [`text_bytes`](Self::text_bytes) well before.
    pub fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.path.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.canonical_url.finish()),
            Arc::new(self.host.finish()),
            Arc::new(self.domain.finish()),
            Arc::new(self.outlet_id.finish()),
            Arc::new(self.outlet_name.finish()),
            Arc::new(self.url_date.finish()),
            Arc::new(self.url_article_id.finish()),
            Arc::new(self.url_slug.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.promos.finish()),
            Arc::new(self.sources.finish()),
            Arc::new(self.warnings.finish()),
            Arc::new(self.repairs.finish()),
        ];
        self.rows = 0;
        self.text_bytes = 0;
        RecordBatch::try_new(schema(), columns)
    }
}

/// The `i`th field builder of a struct builder, of type `B`.
fn field<B: arrow_array::builder::ArrayBuilder>(builder: &mut StructBuilder, i: usize) -> &mut B {
    // The struct builders are made here from promo_fields/source_fields, whose
    // types match the builder types asked for; a mismatch is a bug caught by
    // the tests, never an input's doing.
    builder
        .field_builder::<B>(i)
        .unwrap_or_else(|| unreachable!("field {i} of a record struct has another type"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;
    use crate::record::FIELDS;
    use arrow_array::cast::AsArray;
    use arrow_array::{Array, Date32Array, Int64Array};

    const SEED: &str = include_str!("../../../../tests/fixtures/000_4e9296dd8dfcdc21.txt");

    #[test]
    fn the_schema_is_the_fields_in_order() {
        let names: Vec<String> = schema().fields().iter().map(|f| f.name().clone()).collect();
        assert_eq!(names, FIELDS.map(|f| f.name.to_owned()));
        for (field, f) in schema().fields().iter().zip(FIELDS) {
            assert_eq!(field.is_nullable(), f.nullable, "{}", f.name);
        }
    }

    #[test]
    fn a_batch_holds_the_records_values() {
        let article = dateline_core::parse(SEED).expect("parses").with_id("seed");
        let linker = crate::GazetteerLinker::builtin();
        let links = crate::Linker::links(&linker, &article);
        let with = Record::new(&article, Some("a/seed.txt"), Some(&links), &Options::new());
        let without = Record::new(&article, None, None, &Options::new().drop_promos(true));
        let mut builder = RecordBatchBuilder::new();
        builder.push(&with);
        builder.push(&without);
        assert_eq!(builder.len(), 2);
        assert!(builder.text_bytes() > 2 * with.text.len());
        let batch = builder.finish().expect("a batch");
        assert!(builder.is_empty());
        assert_eq!(batch.num_rows(), 2);

        let strings = |name: &str| {
            batch
                .column_by_name(name)
                .expect("a column")
                .as_string::<i32>()
                .clone()
        };
        assert_eq!(strings("id").value(0), "seed");
        assert_eq!(strings("path").value(0), "a/seed.txt");
        assert!(strings("path").is_null(1));
        assert_eq!(strings("outlet_id").value(0), "hngn");
        assert!(strings("outlet_id").is_null(1));
        assert_eq!(strings("text").value(0), with.text);
        let dates = batch.column_by_name("date").expect("date");
        let dates = dates
            .as_any()
            .downcast_ref::<Date32Array>()
            .expect("date32");
        assert_eq!(i64::from(dates.value(0)), article.date.days_since_epoch());
        let url_date = batch.column_by_name("url_date").expect("url_date");
        assert!(url_date.is_valid(0) && url_date.is_null(1));
        let repairs = batch.column_by_name("repairs").expect("repairs");
        let repairs = repairs
            .as_any()
            .downcast_ref::<Int64Array>()
            .expect("int64");
        assert_eq!(repairs.value(0), 5);

        let promos = batch
            .column_by_name("promos")
            .expect("promos")
            .as_list::<i32>()
            .clone();
        assert_eq!(promos.value(0).len(), 2);
        assert_eq!(promos.value(1).len(), 0, "dropped");
        let sources = batch
            .column_by_name("sources")
            .expect("sources")
            .as_list::<i32>()
            .clone();
        let first = sources.value(0);
        let first = first.as_struct();
        assert_eq!(first.column(0).as_string::<i32>().value(0), "BBC");
        assert_eq!(first.column(1).as_string::<i32>().value(0), "bbc");
        let warnings = batch
            .column_by_name("warnings")
            .expect("warnings")
            .as_list::<i32>()
            .clone();
        assert_eq!(warnings.value(0).as_string::<i32>().value(0), "W001");
    }

    #[test]
    fn room_made_ahead_changes_nothing_in_the_batch() {
        let article = dateline_core::parse(SEED).expect("parses").with_id("seed");
        let record = Record::new(&article, Some("a/seed.txt"), None, &Options::new());
        let batch = |mut builder: RecordBatchBuilder| {
            for _ in 0..3 {
                builder.push(&record);
            }
            builder.finish().expect("a batch")
        };
        let grown = batch(RecordBatchBuilder::new());
        assert_eq!(batch(RecordBatchBuilder::with_capacity(2, 10)), grown);
        assert_eq!(batch(RecordBatchBuilder::with_capacity(64, 1 << 20)), grown);
    }

    #[test]
    fn an_empty_batch_has_the_schema() {
        let batch = RecordBatchBuilder::new().finish().expect("a batch");
        assert_eq!(batch.num_rows(), 0);
        assert_eq!(batch.schema(), schema());
    }
}
