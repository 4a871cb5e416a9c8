//! # dateline-export
//!
//! Streaming writers for [`dateline_core`] articles, of two kinds:
//!
//! - the **analysis record** ([`record::Record`]): one flat row per article,
//!   the same fields in `json`, `jsonl` and `csv` (and the `parquet` plugin, and
//!   Arrow: feature `arrow`), written by a [`RecordWriter`];
//! - the **article** itself, by an [`Exporter`]: the lossless document model
//!   (`model`), Markdown, HTML and TEI XML pages, plain text for NLP, and the
//!   article file format (`native`).
//!
//! ## Writing a corpus
//!
//! A writer writes one article (or record) at a time into any
//! [`std::io::Write`]: `begin`, one call per article, `end`. Nothing is
//! collected, so a corpus of any size streams through in the memory of one
//! article. Get a writer by format name from [`formats`] (or a [`Registry`]):
//!
//! ```
//! use std::io::Write;
//! use dateline_export::record::Record;
//! use dateline_export::{Options, formats};
//!
//! let files = [
//!     ("a", "Talks go on\n20220131\nhttps://example.com/a\nPerBBC,the talks \"went well\".\n"),
//!     ("b", "Talks end\n20220201\nhttps://example.com/b\nRead Also:Talks go on\nThey ended.\n"),
//! ];
//!
//! let options = Options::new();
//! let mut out = Vec::new(); // a file or stdout in real use, behind a BufWriter
//! let mut csv = formats::create_records("csv", &options)?;
//! csv.begin(&mut out)?;
//! for (id, text) in files {
//!     // Parse one file, write its record, drop it: one article alive at a time.
//!     let article = dateline_core::parse(text).expect("valid article").with_id(id);
//!     let path = format!("corpus/{id}.txt");
//!     csv.record(&mut out, &Record::new(&article, Some(&path), None, &options))?;
//! }
//! csv.end(&mut out)?;
//! out.flush()?;
//!
//! let mut rows = csv::Reader::from_reader(out.as_slice());
//! let first = rows.records().next().unwrap()?;
//! assert_eq!(&first[0], "a");
//! assert_eq!(&first[1], "corpus/a.txt");
//! assert_eq!(&first[13], "Per BBC, the talks \"went well\".");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Formats
//!
//! Every format has a [`FormatInfo`]: a name, a [`Kind`], what it writes from
//! ([`Input`]: articles or records), a file extension, a media type and a
//! one-line description. A [`Kind::Stream`] format writes the
//! corpus as one output; a [`Kind::Page`] format is meant to be written one
//! document (one file) per article, named with [`safe_file_name`] or, to keep
//! duplicates apart, a [`FileNamer`].
//!
//! | name | kind | what | module |
//! | --- | --- | --- | --- |
//! | `json` | stream | analysis records, one JSON array | [`formats::json`] |
//! | `jsonl` | stream | analysis records, one per line | [`formats::json`] |
//! | `csv` | stream | analysis records, one row per article, RFC 4180 | [`formats::csv`] |
//! | `model` | stream | the lossless document model, one article per line | [`formats::model`] |
//! | `markdown` | page | YAML front matter, headline, paragraphs, related list | [`formats::markdown`] |
//! | `html` | page | HTML5 page with schema.org JSON-LD; an `index.html` | [`formats::html`] |
//! | `xml` | page | TEI P5, valid against `tei_all` (`<teiCorpus>` for several) | [`formats::xml`] |
//! | `text` | page | headline and paragraphs as plain prose | [`formats::text`] |
//! | `native` | page | the article file format, canonical | [`formats::native`] |
//!
//! Each module documents its fields, in their fixed order. Every format escapes
//! what it must: no headline or paragraph can inject markup, a formula, YAML or
//! Markdown structure into the output.
//!
//! ## Options
//!
//! [`Options`] are shared by all formats: repaired or raw text, keep or drop
//! promos, pretty or compact JSON, CSV formula neutralisation, and a [`Linker`]
//! hook through which URL facts and resolved outlets reach the records.
//!
//! ```
//! use dateline_export::{Exporter, Options, formats};
//!
//! let article = dateline_core::parse("Talks\n20220131\nhttps://example.com/\nPerBBC,the talks.\n")?;
//!
//! let mut clean = Vec::new();
//! let mut text = formats::create("text", &Options::new())?;
//! text.begin(&mut clean)?;
//! text.article(&mut clean, &article)?;
//! text.end(&mut clean)?;
//! assert_eq!(clean, b"Talks\n\nPer BBC, the talks.\n");
//!
//! let mut raw = Vec::new();
//! let mut native = formats::create("native", &Options::new().raw(true))?;
//! native.begin(&mut raw)?;
//! native.article(&mut raw, &article)?;
//! native.end(&mut raw)?;
//! assert_eq!(raw, b"Talks\n20220131\nhttps://example.com/\nPerBBC,the talks.\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Links
//!
//! A [`Linker`] set in [`Options::links`] computes an [`ArticleLinks`] for each
//! article: the facts of its URL, the outlet that published it and the outlets
//! its attributions name. The types and the linker are `dateline-links`'s
//! ([`dateline_links::linker`], re-exported here; [`GazetteerLinker`] resolves
//! with dateline's outlet gazetteer): `json` and `jsonl` add a `links` key,
//! `csv` adds columns, `html` links the sources to their outlets' sites and
//! names the publisher in its JSON-LD, `markdown` adds front matter keys, `xml`
//! a publisher and references.
//!
//! ## Formats from elsewhere
//!
//! A [`Registry`] lists formats and creates their exporters. A format that is not
//! built in (a plugin) is [`register`](Registry::register)ed with its
//! [`FormatInfo`] and a factory, and from then on is listed and created exactly as
//! a built-in one: a caller sees only `FormatInfo` and `Box<dyn Exporter>`.
//!
//! ## Reports
//!
//! [`report_html`] writes a report as one self-contained HTML5 page: counts,
//! tables, bar charts and a graph's picture in inline SVG, without script or
//! anything fetched; [`report_html::links::write_links_report`] is the page of
//! a links report (`dateline links --format html`).
//!
//! ## Writing files
//!
//! [`output::AtomicFile`] writes one output under a temporary name and renames it
//! into place when complete; [`output::PageDir`] writes a page format's
//! directory: one such file per article, safely named, and the index page.

#![warn(missing_docs)]
// Only `json_text::escape` (SSE2 intrinsics) allows it.
#![deny(unsafe_code)]

mod error;
mod escape;
mod exporter;
pub mod formats;
pub mod json_text;
mod names;
mod options;
pub mod output;
pub mod record;
pub mod report_html;

pub use dateline_links::UrlFacts;
pub use dateline_links::linker::{ArticleLinks, GazetteerLinker, Linker, OutletRef, SourceRef};
pub use error::{ExportError, Result};
pub use exporter::{Exporter, FormatInfo, Index, IndexEntry, Input, Kind, RecordWriter};
pub use formats::Registry;
pub use formats::html::write_index;
pub use names::{FileNamer, MAX_FILE_NAME_LEN, safe_file_name};
pub use options::Options;

/// The example in the crate's README.md, run as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
