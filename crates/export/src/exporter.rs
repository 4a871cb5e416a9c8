//! The abstraction every format implements, built in or not.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;

use dateline_core::{Article, Date};
use serde::Serialize;

use crate::Result;
use crate::record::Record;

/// How a format lays out a corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One output holds the whole corpus (`jsonl`, `csv`, `json`): written to
    /// standard output or one file.
    Stream,
    /// One file per article (`html`, `markdown`, `xml`, `text`, `native`): written
    /// into a directory, each file named with [`safe_file_name`](crate::safe_file_name).
    Page,
}

impl Kind {
    /// `"stream"` or `"page"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Stream => "stream",
            Kind::Page => "page",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a format writes from: articles (the document model: every page format,
/// `model`, plugin formats of ABI version 1) or analysis records (`json`,
/// `jsonl`, `csv`, the `parquet` plugin).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// An [`Exporter`] writes [`Article`]s.
    Article,
    /// A [`RecordWriter`] writes [`Record`](crate::record::Record)s.
    Record,
}

impl Input {
    /// `"article"` or `"record"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Input::Article => "article",
            Input::Record => "record",
        }
    }
}

/// What a format is: the descriptor a registry lists and a CLI shows.
///
/// Built-in formats have `'static` strings; a format loaded at run time (a plugin)
/// owns its strings. The two are the same type, so a caller cannot tell them apart.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct FormatInfo {
    /// The name to ask for it by (`jsonl`), lower case.
    pub name: Cow<'static, str>,
    /// Whether a corpus becomes one output or one file per article.
    pub kind: Kind,
    /// The file extension, without the dot (`jsonl`).
    pub extension: Cow<'static, str>,
    /// The IANA media type of the output (`application/jsonl`).
    pub media_type: Cow<'static, str>,
    /// One line saying what the format is for.
    pub description: Cow<'static, str>,
    /// Whether it writes articles or records.
    pub input: Input,
    /// Whether a corpus can also be one document of this format: always for a
    /// stream format; for a page format when it has a form for several
    /// articles (`html`: one page; `xml`: a `<teiCorpus>`; `markdown`, `text`),
    /// not for `native` (an article file holds one article).
    pub single_file: bool,
}

impl FormatInfo {
    /// A descriptor from static strings (how the built-in formats are declared).
    pub const fn new(
        name: &'static str,
        kind: Kind,
        extension: &'static str,
        media_type: &'static str,
        description: &'static str,
    ) -> FormatInfo {
        FormatInfo {
            name: Cow::Borrowed(name),
            kind,
            extension: Cow::Borrowed(extension),
            media_type: Cow::Borrowed(media_type),
            description: Cow::Borrowed(description),
            input: Input::Article,
            single_file: matches!(kind, Kind::Stream),
        }
    }

    /// The same page format, which can also write a corpus as one document
    /// ([`FormatInfo::single_file`]).
    #[must_use]
    pub const fn with_single_file(mut self) -> FormatInfo {
        self.single_file = true;
        self
    }

    /// The same format, writing from `input`.
    #[must_use]
    pub const fn with_input(mut self, input: Input) -> FormatInfo {
        self.input = input;
        self
    }
}

/// A format's writer: turns articles into bytes, one article at a time.
///
/// A *document* is one call to [`begin`](Exporter::begin), any number of calls to
/// [`article`](Exporter::article), then one call to [`end`](Exporter::end), all
/// with the same output. An exporter never holds the corpus: it writes each article
/// as it comes (at most one article is held back, by formats whose document shape
/// depends on whether a second article follows: `json` and `xml`).
///
/// For a [`Kind::Stream`] format a corpus is one document. For a [`Kind::Page`]
/// format a caller writes one document per article, each to its own file; any
/// format can still write several articles into one document (page formats then
/// concatenate or, for `xml`, wrap them in a `<teiCorpus>`).
///
/// After `end`, the same exporter may `begin` a new document.
///
/// Exporters write many small pieces: give them a buffered writer
/// ([`std::io::BufWriter`]).
pub trait Exporter {
    /// Starts a document: writes whatever comes before the first article.
    fn begin(&mut self, out: &mut dyn Write) -> Result<()>;

    /// Writes one article.
    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()>;

    /// Ends the document: writes whatever comes after the last article. Does not
    /// flush `out`.
    fn end(&mut self, out: &mut dyn Write) -> Result<()>;

    /// The index page of a directory of pages, for formats that have one (`html`
    /// writes `index.html`). Its file name is reserved: no article takes it.
    fn index(&self) -> Option<Box<dyn Index>> {
        None
    }

    /// Renders one article on its own, into `piece`, for [`place`](Exporter::place)
    /// to put into a document: the work of [`article`](Exporter::article) that
    /// does not depend on the articles before or after it. Any exporter of the
    /// same format and options may render the pieces another one places: a
    /// caller renders on worker threads (one exporter each) and places in order
    /// on one thread, and gets the bytes one exporter writing every article
    /// would have written:
    ///
    /// ```
    /// use dateline_export::{Exporter, Options, formats};
    ///
    /// let articles: Vec<_> = ["a", "b", "c"]
    ///     .iter()
    ///     .map(|id| {
    ///         dateline_core::parse("Talks\n20220131\nhttps://example.com/\nThey went on.\n")
    ///             .map(|a| a.with_id(*id))
    ///     })
    ///     .collect::<Result<_, _>>()?;
    /// let options = Options::new();
    ///
    /// for format in ["model", "xml", "html", "markdown", "text", "native"] {
    ///     // One exporter, in order.
    ///     let mut whole = Vec::new();
    ///     let mut exporter = formats::create(format, &options)?;
    ///     exporter.begin(&mut whole)?;
    ///     for article in &articles {
    ///         exporter.article(&mut whole, article)?;
    ///     }
    ///     exporter.end(&mut whole)?;
    ///
    ///     // Each article rendered by its own exporter (as threads would), placed in order.
    ///     let pieces: Vec<Vec<u8>> = articles
    ///         .iter()
    ///         .map(|article| {
    ///             let mut piece = Vec::new();
    ///             formats::create(format, &options)?.render(&mut piece, article)?;
    ///             Ok(piece)
    ///         })
    ///         .collect::<dateline_export::Result<_>>()?;
    ///     let mut placed = Vec::new();
    ///     exporter.begin(&mut placed)?;
    ///     for piece in &pieces {
    ///         exporter.place(&mut placed, piece)?;
    ///     }
    ///     exporter.end(&mut placed)?;
    ///     assert_eq!(placed, whole, "{format}");
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// The default renders with [`article`](Exporter::article) and
    /// [`place`](Exporter::place) copies the piece: right for a format whose
    /// [articles are independent](Exporter::independent_articles). Every
    /// built-in format, and the plugin host's exporter, keeps the promise above;
    /// a format that frames its articles (an array, a wrapper element, a
    /// separator) overrides both.
    fn render(&mut self, piece: &mut Vec<u8>, article: &Article<'_>) -> Result<()> {
        self.article(piece, article)
    }

    /// Puts a piece made by [`render`](Exporter::render) into the document as
    /// its next article: the framing (a separator, an opening bracket once a
    /// second article comes). Cheap: it runs in order, on one thread.
    fn place(&mut self, out: &mut dyn Write, piece: &[u8]) -> Result<()> {
        out.write_all(piece)?;
        Ok(())
    }

    /// Whether what [`article`](Exporter::article) writes depends on the article
    /// (and the options) alone, never on the articles before or after it in the
    /// document: then the defaults of [`render`](Exporter::render) and
    /// [`place`](Exporter::place) are right. `false` unless the format says so;
    /// `jsonl` and `csv` do, and a plugin says so in its format descriptor (the
    /// host then runs the plugin's own `article` on the workers).
    fn independent_articles(&self) -> bool {
        false
    }
}

/// A format's writer of analysis records ([`Record`]): the same shape as an
/// [`Exporter`], for records. A document is [`begin`](RecordWriter::begin),
/// any number of [`record`](RecordWriter::record)s, [`end`](RecordWriter::end).
///
/// Like an exporter's, a record can be [`render`](RecordWriter::render)ed
/// apart (on a worker thread, by any writer of the same format and options)
/// and [`place`](RecordWriter::place)d in order, when
/// [`renders_apart`](RecordWriter::renders_apart) says so; a writer that
/// needs the records themselves in order (a columnar format building batches)
/// takes them through [`record`](RecordWriter::record), or (feature `arrow`)
/// as Arrow batches built apart, when [`takes_batches`](RecordWriter::takes_batches)
/// says so.
pub trait RecordWriter {
    /// Starts a document (a CSV header, ...).
    fn begin(&mut self, out: &mut dyn Write) -> Result<()>;

    /// Writes one record, in order.
    fn record(&mut self, out: &mut dyn Write, record: &Record<'_>) -> Result<()> {
        let mut piece = Vec::new();
        self.render(&mut piece, record)?;
        self.place(out, &piece)
    }

    /// Renders one record into `piece`, for [`place`](RecordWriter::place).
    fn render(&mut self, piece: &mut Vec<u8>, record: &Record<'_>) -> Result<()>;

    /// Puts a rendered piece into the document as its next record.
    fn place(&mut self, out: &mut dyn Write, piece: &[u8]) -> Result<()> {
        out.write_all(piece)?;
        Ok(())
    }

    /// Ends the document. Does not flush `out`.
    fn end(&mut self, out: &mut dyn Write) -> Result<()>;

    /// Whether records may be rendered apart and placed in order (the text
    /// formats can); `false` for a writer that takes records only through
    /// [`record`](RecordWriter::record), on one thread.
    fn renders_apart(&self) -> bool {
        true
    }

    /// Whether the writer takes its records as Arrow record batches of
    /// [`record::arrow::schema`](crate::record::arrow::schema), built apart
    /// (on worker threads, with
    /// [`RecordBatchBuilder`](crate::record::arrow::RecordBatchBuilder)) and
    /// handed to [`batch`](RecordWriter::batch) in order: a columnar writer
    /// then does no per-record work on its own thread. `false` by default.
    #[cfg(feature = "arrow")]
    fn takes_batches(&self) -> bool {
        false
    }

    /// Writes the next records, as one Arrow batch of
    /// [`record::arrow::schema`](crate::record::arrow::schema), after those
    /// already written (by [`record`](RecordWriter::record) or `batch`). Only
    /// for a writer that [`takes_batches`](RecordWriter::takes_batches): the
    /// default is an error.
    #[cfg(feature = "arrow")]
    fn batch(&mut self, out: &mut dyn Write, batch: arrow_array::RecordBatch) -> Result<()> {
        let _ = (out, batch);
        Err(crate::ExportError::Other(
            "this record writer takes records one by one, not in Arrow batches".into(),
        ))
    }
}

/// The writer of a directory's index page, listing every article exported into it.
///
/// Like an [`Exporter`], it streams: `begin`, one `entry` per article, `end`.
pub trait Index {
    /// The file name of the index in the output directory (`index.html`).
    fn file_name(&self) -> &str;

    /// Starts the index page.
    fn begin(&mut self, out: &mut dyn Write) -> Result<()>;

    /// Lists one article.
    fn entry(&mut self, out: &mut dyn Write, entry: &IndexEntry<'_>) -> Result<()>;

    /// Ends the index page.
    fn end(&mut self, out: &mut dyn Write) -> Result<()>;

    /// Pages of the index beyond its main one, after [`Index::end`]: their
    /// paths relative to the output directory (made by the index, never from
    /// input: `months/2022-01.html`) and contents. None by default.
    fn pages(&mut self) -> Vec<(String, Vec<u8>)> {
        Vec::new()
    }
}

/// One article as an index lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexEntry<'a> {
    /// The article id, if it has one.
    pub id: Option<&'a str>,
    /// The headline.
    pub title: &'a str,
    /// The article's date.
    pub date: Date,
    /// The article's file name in the same directory, as written (not URL-encoded).
    pub file_name: &'a str,
}

impl<'a> IndexEntry<'a> {
    /// The entry for `article`, exported as `file_name`.
    pub fn new(article: &'a Article<'_>, file_name: &'a str) -> IndexEntry<'a> {
        IndexEntry {
            id: article.id.as_deref(),
            title: &article.title,
            date: article.date,
            file_name,
        }
    }
}
