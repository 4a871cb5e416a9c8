//! `native`: the article file format itself, in canonical form.
//!
//! Line 1 the headline, line 2 the date `YYYYMMDD`, line 3 the source URL, then
//! one block per line: each paragraph (as written, or repaired with
//! [`Options::raw`] set to `Some(false)`) and each promo as written (`Read Also:<headline>`; none with
//! [`Options::drop_promos`]). Canonical: UTF-8 without BOM, LF line endings, a
//! final newline, no surrounding whitespace, no blank lines. Line breaks inside a
//! field (which a parsed article never has: dateline-core refuses a CR that ends
//! no line, E009) become spaces, and a paragraph with no text is left out.
//!
//! The output is a fixed point: it parses, and converting it again gives the same
//! bytes (a property test holds it to that on any accepted input).
//!
//! By default a file that is already canonical comes back byte for byte (the seed
//! does); with repairs asked for, glued attributions come back repaired. Either way
//! the output parses back to the same headline, date, URL and paragraph texts.
//!
//! Several articles in one document are concatenated (the format has one article
//! per file: write one document per article).

use std::io::Write;

use dateline_core::{Article, Block};

use crate::escape::one_line;
use crate::{Exporter, FormatInfo, Kind, Options, Result};

/// The `native` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "native",
    Kind::Page,
    "txt",
    "text/plain",
    "The article file format, canonical: LF, final newline, no blank lines or stray spaces",
);

/// The `native` exporter.
#[derive(Debug)]
pub struct Native {
    options: Options,
}

impl Native {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Native {
        Native {
            options: options.clone(),
        }
    }
}

impl Exporter for Native {
    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        one_line(out, article.title.trim())?;
        let d = article.date;
        write!(out, "\n{:04}{:02}{:02}\n", d.year(), d.month(), d.day())?;
        one_line(out, article.url.trim())?;
        out.write_all(b"\n")?;
        for block in self.options.blocks(article) {
            match block {
                Block::Paragraph(p) => {
                    // The source format keeps the source text unless asked.
                    let text = self.options.paragraph_text_or(p, true);
                    let text = text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    one_line(out, text)?;
                }
                Block::Related(r) => {
                    one_line(out, r.label.trim_start())?;
                    one_line(out, &r.separator)?;
                    one_line(out, r.title.trim_end())?;
                }
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn end(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }
}
