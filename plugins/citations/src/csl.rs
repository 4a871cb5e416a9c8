//! `csl-json`: a JSON array of CSL items, the input of citeproc processors
//! (pandoc `--citeproc`, citeproc-js, Zotero's import).
//!
//! ```json
//! [
//!   {
//!     "id": "bbc2022macron",
//!     "type": "article-newspaper",
//!     "title": "Macron Heads To Meet Putin",
//!     "container-title": "BBC News",
//!     "issued": {"date-parts": [[2022, 1, 31]]},
//!     "URL": "https://www.bbc.com/news/world-60274474",
//!     "abstract": "The source also mentioned that ..."
//!   }
//! ]
//! ```
//!
//! Variables, in this order (each item validates against the CSL-JSON schema,
//! `csl-data.json`):
//!
//! | variable | value |
//! | --- | --- |
//! | `id` | the citation key, unique in the document: the same key `bibtex` gives (see [`crate::keys`]) |
//! | `type` | `article-newspaper` |
//! | `title` | the headline |
//! | `container-title` | the outlet's name when a linker resolved it, else the URL's host; absent when the URL has no host |
//! | `issued` | `{"date-parts": [[year, month, day]]}`, numbers |
//! | `URL` | the canonical URL when a linker gave one, else the URL as written |
//! | `abstract` | the first paragraph; repaired, or as written with [`Options::raw`]; absent when there is none |
//!
//! There is no `accessed` (not known, not invented) and no `author` (the files
//! name none). Strings are written by `serde_json`: UTF-8, with quotes,
//! backslashes and control characters escaped, so no text can end a string.
//! Text is written as it is (no CSL rich-text markup is added); citeproc
//! processors case-change titles only for English-language styles that ask for
//! it.
//!
//! The array streams: `begin` writes `[`, each article its item (after a comma
//! from the second on), `end` writes `]`; with no article, the document is `[]`.
//! Indented by two spaces per level, or on one line with [`Options::compact`].
//!
//! Options read: [`Options::raw`] (the abstract), [`Options::compact`],
//! [`Options::links`] (outlet, canonical URL, id stem).

use std::io::Write;

use dateline_plugin::dateline_core::Article;
use dateline_plugin::dateline_export::{Exporter, FormatInfo, Kind, Options, Result};

use crate::common::Citation;
use crate::keys::Keys;

/// The `csl-json` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "csl-json",
    Kind::Stream,
    "json",
    "application/vnd.citationstyles.csl+json",
    "CSL-JSON: an array of article-newspaper items, for pandoc citeproc and Zotero",
);

/// The largest buffer kept between articles; an outsized article's is freed.
const RETAINED: usize = 1 << 20;

/// The `csl-json` exporter.
#[derive(Debug)]
pub struct CslJson {
    options: Options,
    keys: Keys,
    count: u64,
    item: Vec<u8>,
}

impl CslJson {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Self {
        CslJson {
            options: options.clone(),
            keys: Keys::default(),
            count: 0,
            item: Vec::new(),
        }
    }
}

impl Exporter for CslJson {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        self.keys.clear();
        self.count = 0;
        out.write_all(b"[")?;
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        let c = Citation::new(article, &self.options);
        let id = self.keys.next(&c.key_stem, c.date.year(), c.title);
        let item = &mut self.item;
        item.clear();
        if self.count > 0 {
            item.push(b',');
        }
        write_item(item, &id, &c, !self.options.compact)?;
        self.count += 1;
        out.write_all(item)?;
        if item.capacity() > RETAINED {
            *item = Vec::new();
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        let close: &[u8] = if self.count > 0 && !self.options.compact {
            b"\n]\n"
        } else {
            b"]\n"
        };
        out.write_all(close)?;
        self.count = 0;
        Ok(())
    }
}

/// Writes one item; `pretty`: on its own lines, indented for its place in the
/// array.
fn write_item(out: &mut Vec<u8>, id: &str, c: &Citation<'_>, pretty: bool) -> std::io::Result<()> {
    let (open, sep, colon, close): (&[u8], &[u8], &[u8], &[u8]) = if pretty {
        (b"\n  {\n    ", b",\n    ", b": ", b"\n  }")
    } else {
        (b"{", b",", b":", b"}")
    };
    let mut first = true;
    let mut name = |out: &mut Vec<u8>, name: &str| {
        out.extend_from_slice(if first { open } else { sep });
        first = false;
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.push(b'"');
        out.extend_from_slice(colon);
    };

    name(out, "id");
    string(out, id)?;
    name(out, "type");
    string(out, "article-newspaper")?;
    name(out, "title");
    string(out, c.title)?;
    if let Some(container) = &c.container {
        name(out, "container-title");
        string(out, container.name())?;
    }
    name(out, "issued");
    let d = c.date;
    if pretty {
        write!(
            out,
            "{{\"date-parts\": [[{}, {}, {}]]}}",
            d.year(),
            d.month(),
            d.day()
        )?;
    } else {
        write!(
            out,
            "{{\"date-parts\":[[{},{},{}]]}}",
            d.year(),
            d.month(),
            d.day()
        )?;
    }
    name(out, "URL");
    string(out, &c.url)?;
    if let Some(lede) = &c.lede {
        name(out, "abstract");
        string(out, lede)?;
    }
    out.extend_from_slice(close);
    Ok(())
}

/// Writes `s` as a JSON string (serde_json's escaping).
fn string(out: &mut Vec<u8>, s: &str) -> std::io::Result<()> {
    serde_json::to_writer(out, s).map_err(std::io::Error::from)
}
