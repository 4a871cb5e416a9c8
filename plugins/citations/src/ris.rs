//! `ris`: one RIS record per article, `TY  - NEWS`, for Zotero, EndNote,
//! Mendeley and the other reference managers that import RIS.
//!
//! ```text
//! TY  - NEWS
//! TI  - Macron Heads To Meet Putin
//! T2  - BBC News
//! DA  - 2022/01/31/
//! PY  - 2022
//! UR  - https://www.bbc.com/news/world-60274474
//! AB  - The source also mentioned that ...
//! ER  -
//! ```
//!
//! Tags, in this order:
//!
//! | tag | value |
//! | --- | --- |
//! | `TY` | `NEWS` (newspaper article), always first |
//! | `TI` | the headline |
//! | `T2` | the outlet's name when a linker resolved it, else the URL's host |
//! | `DA` | `YYYY/MM/DD/` (the RIS date: year, month, day, then an empty "other info" part) |
//! | `PY` | `YYYY` |
//! | `UR` | the canonical URL when a linker gave one, else the URL as written |
//! | `AB` | the first paragraph; repaired, or as written with [`Options::raw`] |
//! | `ER` | empty (the line is `ER  - `, trailing space included), always last |
//!
//! A tag whose value is empty is left out (but `TY` and `ER`). There is no `Y2`
//! (access date: not known, not invented), no `AU` (the files name no author)
//! and no `ID` (the spec allows only 20 upper-case letters and digits there).
//!
//! **Lines.** Every line is a tag (two upper-case characters, two spaces, a
//! hyphen, a space) and its value, and ends in CR LF, as the RIS specification
//! requires ("each tag and its contents must be on a separate line, preceded by
//! a carriage return/line feed"); readers that expect LF accept CR LF. Records
//! follow one another with no blank line. Long values are not wrapped (the spec
//! allows but does not require a break after 70 characters, and readers
//! disagree about continuation lines).
//!
//! **Values** are one line each: every run of control characters (line feed,
//! carriage return, tab, NEL, ...) and U+2028/U+2029 becomes one space, and the
//! ends are trimmed. So no value can start a line, and text such as `ER  - `
//! inside a headline stays inside its `TI` line: a record cannot end early.
//!
//! **Encoding.** UTF-8, without a byte-order mark. The 2001 specification
//! predates Unicode in these tools (it names the IBM / Windows ANSI character
//! sets); Zotero, Mendeley and EndNote (when told the file is UTF-8) read UTF-8,
//! and news text is not Latin-1.
//!
//! Each record depends on its article alone, so records can be rendered in
//! parallel ([`Exporter::independent_articles`]).
//!
//! Options read: [`Options::raw`] (the abstract), [`Options::links`] (outlet,
//! canonical URL). The others do not apply.

use std::io::Write;

use dateline_plugin::dateline_core::Article;
use dateline_plugin::dateline_export::{Exporter, FormatInfo, Kind, Options, Result};

use crate::common::{Citation, one_line};

/// The `ris` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "ris",
    Kind::Stream,
    "ris",
    "application/x-research-info-systems",
    "RIS: one TY  - NEWS record per article, for Zotero, EndNote and Mendeley",
);

/// The line ending the RIS specification requires.
const EOL: &[u8] = b"\r\n";

/// The largest buffer kept between articles; an outsized article's is freed.
const RETAINED: usize = 1 << 20;

/// The `ris` exporter.
#[derive(Debug)]
pub struct Ris {
    options: Options,
    record: Vec<u8>,
}

impl Ris {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Self {
        Ris {
            options: options.clone(),
            record: Vec::new(),
        }
    }
}

impl Exporter for Ris {
    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        let c = Citation::new(article, &self.options);
        let record = &mut self.record;
        record.clear();
        tag(record, b"TY", "NEWS");
        tag(record, b"TI", c.title);
        if let Some(container) = &c.container {
            tag(record, b"T2", container.name());
        }
        let d = c.date;
        tag(
            record,
            b"DA",
            &format!("{:04}/{:02}/{:02}/", d.year(), d.month(), d.day()),
        );
        tag(record, b"PY", &format!("{:04}", d.year()));
        tag(record, b"UR", &c.url);
        if let Some(lede) = &c.lede {
            tag(record, b"AB", lede);
        }
        record.extend_from_slice(b"ER  - ");
        record.extend_from_slice(EOL);
        out.write_all(record)?;
        if record.capacity() > RETAINED {
            *record = Vec::new();
        }
        Ok(())
    }

    fn end(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }

    /// A record depends on its article alone.
    fn independent_articles(&self) -> bool {
        true
    }
}

/// Writes `name  - value` and the line ending; nothing if the value is empty
/// once on one line.
fn tag(out: &mut Vec<u8>, name: &[u8; 2], value: &str) {
    let value = one_line(value);
    if value.is_empty() {
        return;
    }
    out.extend_from_slice(name);
    out.extend_from_slice(b"  - ");
    out.extend_from_slice(value.as_bytes());
    out.extend_from_slice(EOL);
}
