//! `text`: clean prose for NLP.
//!
//! The headline, a blank line, then each paragraph on its own line: repaired
//! (`Per BBC, the French leader ...`), or as written with [`Options::raw`].
//! Promos are always left out; there is no markup and no metadata. Line breaks
//! inside a field (which a parsed article never has) become spaces.
//!
//! Several articles in one document are separated by a blank line; since
//! paragraphs are never separated by one, each article is a headline, a blank
//! line and the lines up to the next blank line.

use std::io::Write;

use dateline_core::Article;

use crate::escape::one_line;
use crate::{Exporter, FormatInfo, Kind, Options, Result};

/// The `text` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "text",
    Kind::Page,
    "txt",
    "text/plain",
    "Clean prose for NLP: headline, blank line, one repaired paragraph per line, no promos",
)
.with_single_file();

/// The `text` exporter.
#[derive(Debug)]
pub struct Text {
    options: Options,
    count: usize,
}

impl Text {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Text {
        Text {
            options: options.clone(),
            count: 0,
        }
    }
}

impl Exporter for Text {
    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        self.count = 0;
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        self.separate(out)?;
        self.body(out, article)
    }

    fn render(&mut self, piece: &mut Vec<u8>, article: &Article<'_>) -> Result<()> {
        self.body(piece, article)
    }

    fn place(&mut self, out: &mut dyn Write, piece: &[u8]) -> Result<()> {
        self.separate(out)?;
        out.write_all(piece)?;
        Ok(())
    }

    fn end(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }
}

impl Text {
    /// The blank line between two articles of one document.
    fn separate(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.count > 0 {
            out.write_all(b"\n")?;
        }
        self.count += 1;
        Ok(())
    }

    /// One article, without what separates it from the one before.
    fn body(&self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        one_line(out, &article.title)?;
        out.write_all(b"\n\n")?;
        for p in article.paragraphs() {
            if self.options.is_raw(false) {
                for inline in &p.inlines {
                    one_line(out, inline.raw())?;
                }
            } else {
                one_line(out, &p.text)?;
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}
