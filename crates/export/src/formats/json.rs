//! `json` and `jsonl`: analysis records ([`Record`]) as JSON.
//!
//! Each record is an object with the record's fields, in the order of
//! [`record::FIELDS`](crate::record::FIELDS); unknown values are `null`, never
//! left out; dates are `YYYY-MM-DD`. It deserialises back into a [`Record`].
//!
//! - `jsonl` writes one record per line (JSON Lines), compact: what pandas
//!   (`read_json(lines=True)`), Polars (`read_ndjson`) and DuckDB
//!   (`read_json_auto`) read.
//! - `json` writes an array of records, always (`[]` for none), indented in the
//!   pretty layout of [`json_text`](crate::json_text) unless
//!   [`Options::compact`].
//!
//! The lossless document model is the `model` format.

use std::io::Write;

use crate::record::Record;
use crate::{FormatInfo, Input, Kind, Options, RecordWriter, Result};

/// The `json` descriptor.
pub const JSON: FormatInfo = FormatInfo::new(
    "json",
    Kind::Stream,
    "json",
    "application/json",
    "Analysis records as one JSON array (see doc/record.md)",
)
.with_input(Input::Record);

/// The `jsonl` descriptor.
pub const JSONL: FormatInfo = FormatInfo::new(
    "jsonl",
    Kind::Stream,
    "jsonl",
    "application/jsonl",
    "Analysis records as JSON Lines, one article per line (see doc/record.md)",
)
.with_input(Input::Record);

/// The `jsonl` writer.
#[derive(Debug, Default)]
pub struct JsonLines;

impl JsonLines {
    /// A writer (JSON Lines has no options: always compact).
    pub fn new(_options: &Options) -> JsonLines {
        JsonLines
    }
}

impl RecordWriter for JsonLines {
    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }

    fn render(&mut self, piece: &mut Vec<u8>, record: &Record<'_>) -> Result<()> {
        crate::json_text::write_compact(piece, record)?;
        piece.push(b'\n');
        Ok(())
    }

    fn end(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }
}

/// The `json` writer: `[`, the records separated by commas, `]`.
#[derive(Debug)]
pub struct Json {
    compact: bool,
    count: usize,
}

impl Json {
    /// A writer with these options ([`Options::compact`]).
    pub fn new(options: &Options) -> Json {
        Json {
            compact: options.compact,
            count: 0,
        }
    }
}

impl RecordWriter for Json {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        self.count = 0;
        out.write_all(b"[")?;
        Ok(())
    }

    /// A record as an element of the array (pretty: indented one level).
    fn render(&mut self, piece: &mut Vec<u8>, record: &Record<'_>) -> Result<()> {
        if self.compact {
            crate::json_text::write_compact(piece, record)?;
        } else {
            crate::json_text::write_pretty_at(piece, record, 1)?;
        }
        Ok(())
    }

    fn place(&mut self, out: &mut dyn Write, piece: &[u8]) -> Result<()> {
        let separator: &[u8] = match (self.count, self.compact) {
            (0, true) => b"",
            (0, false) => b"\n  ",
            (_, true) => b",",
            (_, false) => b",\n  ",
        };
        out.write_all(separator)?;
        out.write_all(piece)?;
        self.count += 1;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        let close: &[u8] = if self.compact || self.count == 0 {
            b"]\n"
        } else {
            b"\n]\n"
        };
        out.write_all(close)?;
        self.count = 0;
        Ok(())
    }
}
