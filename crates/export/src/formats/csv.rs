//! `csv`: one row per article, for spreadsheets and data frames.
//!
//! RFC 4180, written by the `csv` crate: a header row, then one row per article,
//! every row ending in CRLF; a field holding a comma, a quote or a line break is
//! quoted, quotes doubled. The columns, in order:
//!
//! | column | value |
//! | --- | --- |
//! | `id` | the article id; empty when it has none |
//! | `title` | the headline |
//! | `date` | `YYYY-MM-DD` |
//! | `url` | the source URL as written |
//! | `text` | the paragraphs, one per line (joined by LF); repaired, or as written with [`Options::raw`] |
//! | `related` | the headlines of the promos, one per line; empty with [`Options::drop_promos`] |
//! | `sources` | the sources of the attributions (`BBC`), in order, one per line |
//! | `host` | the host of the URL, lower case, without port |
//!
//! With [`Options::links`] (and only then: the header row depends on it), seven
//! columns follow, from the article's [`ArticleLinks`]; a
//! value that is unknown is an empty cell:
//!
//! | column | value |
//! | --- | --- |
//! | `outlet` | the name of the outlet that published the article |
//! | `outlet_domain` | that outlet's main domain |
//! | `canonical_url` | the canonical form of the URL |
//! | `url_domain` | the registrable domain of the URL's host |
//! | `url_date` | the date in the URL's path, `YYYY-MM-DD` |
//! | `url_article_id` | the outlet's article id in the URL |
//! | `source_outlets` | for each attribution, the name of the outlet its source names, one per line like `sources` (line *i* is the outlet of line *i* of `sources`, empty when unresolved) |
//!
//! With [`Options::csv_safe`], a cell that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab, carriage return, or the full-width
//! `＝` `＋` `－` `＠`) gets a `'` in front, as OWASP advises: the cell then reads
//! as text. This changes the data: leave it off when the file feeds a program.

use std::cell::RefCell;
use std::io::{self, Write};

use dateline_core::Article;

use super::iso_date;
use crate::{ArticleLinks, Exporter, FormatInfo, Kind, Options, Result};

/// The `csv` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "csv",
    Kind::Stream,
    "csv",
    "text/csv",
    "One row per article: id, title, date, url, text, related, sources, host (RFC 4180)",
);

/// The header row.
pub const COLUMNS: [&str; 8] = [
    "id", "title", "date", "url", "text", "related", "sources", "host",
];

/// The columns added after [`COLUMNS`] when [`Options::links`] is set.
pub const LINK_COLUMNS: [&str; 7] = [
    "outlet",
    "outlet_domain",
    "canonical_url",
    "url_domain",
    "url_date",
    "url_article_id",
    "source_outlets",
];

/// The header row with these options: [`COLUMNS`], then [`LINK_COLUMNS`] when
/// a linker is set.
pub fn columns(options: &Options) -> impl Iterator<Item = &'static str> {
    let links: &[&str] = if options.links.is_some() {
        &LINK_COLUMNS
    } else {
        &[]
    };
    COLUMNS.iter().chain(links).copied()
}

/// The `csv` exporter.
#[derive(Debug)]
pub struct Csv {
    options: Options,
    writer: ::csv::Writer<Pending>,
    /// Reused buffers for the joined cells and a neutralised cell.
    joined: String,
    guarded: Vec<u8>,
}

/// Where the `csv` writer puts a finished row until the exporter copies it to
/// the output (the `csv` writer owns its sink; the output is only lent per call).
#[derive(Debug, Default)]
struct Pending(RefCell<Vec<u8>>);

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.get_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Csv {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Csv {
        Csv {
            options: options.clone(),
            writer: ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(Pending::default()),
            joined: String::new(),
            guarded: Vec::new(),
        }
    }

    /// Writes one cell, neutralised if asked.
    fn cell(&mut self, value: &str) -> Result<()> {
        if self.options.csv_safe && is_formula(value) {
            self.guarded.clear();
            self.guarded.push(b'\'');
            self.guarded.extend_from_slice(value.as_bytes());
            self.writer.write_field(&self.guarded)?;
        } else {
            self.writer.write_field(value)?;
        }
        Ok(())
    }

    /// Ends the row and copies it to `out`.
    fn finish_row(&mut self, out: &mut dyn Write) -> Result<()> {
        self.writer.write_record(None::<&[u8]>)?;
        self.writer.flush()?;
        let mut row = self.writer.get_ref().0.borrow_mut();
        out.write_all(&row)?;
        row.clear();
        Ok(())
    }
}

/// Whether a spreadsheet would read `cell` as a formula.
/// Whether a spreadsheet would run `cell` as a formula: it starts with `=`,
/// `+`, `-`, `@`, tab, carriage return, or the full-width `＝` `＋` `－` `＠`
/// (see [`Options::csv_safe`], and [`guard_formula`]).
pub fn is_formula(cell: &str) -> bool {
    matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    )
}

/// `cell` as [`Options::csv_safe`] writes it: with a `'` in front if it
/// [`is_formula`], unchanged otherwise. For other CSV writers that offer the
/// same guard (`dateline links --csv-safe`).
///
/// ```
/// use dateline_export::formats::csv::guard_formula;
///
/// assert_eq!(guard_formula("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(guard_formula("Macron"), "Macron");
/// ```
pub fn guard_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if is_formula(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

impl Exporter for Csv {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        for column in columns(&self.options) {
            self.writer.write_field(column)?;
        }
        self.finish_row(out)
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        let mut joined = std::mem::take(&mut self.joined);
        let written = self.row(out, article, &mut joined);
        self.joined = joined;
        written
    }

    fn end(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }

    /// A row depends on its article alone; the header row is `begin`'s.
    fn independent_articles(&self) -> bool {
        true
    }
}

impl Csv {
    fn row(
        &mut self,
        out: &mut dyn Write,
        article: &Article<'_>,
        joined: &mut String,
    ) -> Result<()> {
        self.cell(article.id.as_deref().unwrap_or(""))?;
        self.cell(&article.title)?;
        let mut date = [0u8; 10];
        self.writer.write_field(iso_date(article.date, &mut date))?;
        self.cell(&article.url)?;

        joined.clear();
        for (i, p) in article.paragraphs().enumerate() {
            if i > 0 {
                joined.push('\n');
            }
            if self.options.is_raw(false) {
                p.inlines
                    .iter()
                    .for_each(|piece| joined.push_str(piece.raw()));
            } else {
                joined.push_str(&p.text);
            }
        }
        self.cell(joined)?;

        joined.clear();
        for (i, r) in self.options.related(article).enumerate() {
            if i > 0 {
                joined.push('\n');
            }
            joined.push_str(&r.title);
        }
        self.cell(joined)?;

        joined.clear();
        for (i, a) in article.attributions().enumerate() {
            if i > 0 {
                joined.push('\n');
            }
            joined.push_str(&a.source);
        }
        self.cell(joined)?;

        self.cell(&article.url_host())?;

        if let Some(links) = self.options.article_links(article) {
            self.link_cells(article, &links, joined)?;
        }
        self.finish_row(out)
    }

    /// The [`LINK_COLUMNS`] of a row.
    fn link_cells(
        &mut self,
        article: &Article<'_>,
        links: &ArticleLinks,
        joined: &mut String,
    ) -> Result<()> {
        let outlet = links.outlet.as_ref();
        let url = links.url.as_ref();
        self.cell(outlet.map_or("", |o| o.name.as_str()))?;
        self.cell(outlet.map_or("", |o| o.domain.as_str()))?;
        self.cell(url.map_or("", |u| u.canonical.as_str()))?;
        self.cell(url.and_then(|u| u.domain.as_deref()).unwrap_or(""))?;
        let url_date = url.and_then(|u| u.date).map(|d| d.iso());
        self.cell(url_date.as_ref().map_or("", |d| d.as_str()))?;
        self.cell(url.and_then(|u| u.article_id.as_deref()).unwrap_or(""))?;

        // Aligned with `sources`: one line per attribution, so that line i of
        // both cells speaks of the same attribution.
        joined.clear();
        for (i, a) in article.attributions().enumerate() {
            if i > 0 {
                joined.push('\n');
            }
            if let Some(outlet) = links.source_outlet(i, a) {
                joined.push_str(&outlet.name);
            }
        }
        self.cell(joined)
    }
}
