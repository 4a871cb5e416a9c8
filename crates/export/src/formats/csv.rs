//! `csv`: analysis records ([`Record`]), one row per article, for spreadsheets
//! and data frames.
//!
//! RFC 4180, written by the `csv` crate: a header row, then one row per record,
//! every row ending in CRLF; a field holding a comma, a quote or a line break is
//! quoted, quotes doubled. The columns are the record's fields, named and
//! ordered as [`record::FIELDS`](crate::record::FIELDS) lists them
//! (`doc/record.md`), and hold the same values as `jsonl`, flattened:
//!
//! - a null value is an empty cell (pandas reads it as missing);
//! - dates are `YYYY-MM-DD`; `repairs` an integer;
//! - the list fields (`promos`, `sources`, `warnings`) hold the field's JSON,
//!   exactly as `jsonl` writes it (`[]` when empty): one encoding for every
//!   list cell, which `json.loads` (or DuckDB's `json`) reads back;
//! - `text` holds the paragraphs joined by a blank line, as in every format.
//!
//! With [`Options::csv_safe`], a cell that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab, carriage return, or the full-width
//! `＝` `＋` `－` `＠`) gets a `'` in front, as OWASP advises: the cell then reads
//! as text. This changes the data: leave it off when the file feeds a program.

use std::cell::RefCell;
use std::io::{self, Write};

use crate::record::{FIELDS, Record};
use crate::{FormatInfo, Input, Kind, Options, RecordWriter, Result};

/// The `csv` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "csv",
    Kind::Stream,
    "csv",
    "text/csv",
    "Analysis records, one row per article (RFC 4180; list cells hold JSON; see doc/record.md)",
)
.with_input(Input::Record);

/// The header row: the record's fields.
pub fn columns() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|f| f.name)
}

/// The `csv` writer.
#[derive(Debug)]
pub struct Csv {
    csv_safe: bool,
    writer: ::csv::Writer<Pending>,
    /// Reused buffers: a list cell's JSON, a neutralised cell.
    json: Vec<u8>,
    guarded: Vec<u8>,
}

/// Where the `csv` writer puts a finished row until the writer copies it to
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
    /// A writer with these options ([`Options::csv_safe`]).
    pub fn new(options: &Options) -> Csv {
        Csv {
            csv_safe: options.csv_safe,
            writer: ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(Pending::default()),
            json: Vec::new(),
            guarded: Vec::new(),
        }
    }

    /// Writes one cell, neutralised if asked.
    fn cell(&mut self, value: &[u8]) -> Result<()> {
        if self.csv_safe && std::str::from_utf8(value).is_ok_and(is_formula) {
            self.guarded.clear();
            self.guarded.push(b'\'');
            self.guarded.extend_from_slice(value);
            self.writer.write_field(&self.guarded)?;
        } else {
            self.writer.write_field(value)?;
        }
        Ok(())
    }

    /// Writes an optional text cell (empty when `None`).
    fn text(&mut self, value: Option<&str>) -> Result<()> {
        self.cell(value.unwrap_or("").as_bytes())
    }

    /// Writes a list cell: the list's JSON.
    fn list<T: serde::Serialize>(&mut self, list: &[T]) -> Result<()> {
        let mut json = std::mem::take(&mut self.json);
        json.clear();
        let written = crate::json_text::write_compact(&mut json, list)
            .map_err(crate::ExportError::from)
            .and_then(|()| self.cell(&json));
        self.json = json;
        written
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

impl RecordWriter for Csv {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        for column in columns() {
            self.writer.write_field(column)?;
        }
        self.finish_row(out)
    }

    fn render(&mut self, piece: &mut Vec<u8>, r: &Record<'_>) -> Result<()> {
        let date = r.date.iso();
        let url_date = r.url_date.map(|d| d.iso());
        self.text(Some(&r.id))?;
        self.text(r.path.as_deref())?;
        self.text(Some(&r.title))?;
        self.text(Some(&date))?;
        self.text(Some(&r.url))?;
        self.text(r.canonical_url.as_deref())?;
        self.text(r.host.as_deref())?;
        self.text(r.domain.as_deref())?;
        self.text(r.outlet_id.as_deref())?;
        self.text(r.outlet_name.as_deref())?;
        self.text(url_date.as_deref())?;
        self.text(r.url_article_id.as_deref())?;
        self.text(r.url_slug.as_deref())?;
        self.text(Some(&r.text))?;
        self.list(&r.promos)?;
        self.list(&r.sources)?;
        self.list(&r.warnings)?;
        self.cell(itoa::Buffer::new().format(r.repairs).as_bytes())?;
        self.finish_row(piece)
    }

    fn end(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }
}

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
