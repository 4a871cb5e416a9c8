//! Giving the input back: a walk over the model's lines, and the lossless writer.
//!
//! The writer uses only the model (not a saved copy of the input), so an article
//! read back from JSON writes the same bytes as the one parsed from the file.

use std::io;

use crate::Date;
use crate::model::{Article, Block, Eol, LineQuirk};

/// What a line holds.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Content<'m, 'a> {
    Title(&'m str),
    Date(Date),
    Url(&'m str),
    Block(&'m Block<'a>),
    Blank,
}

impl Content<'_, '_> {
    /// Byte length of the content as written in the source.
    pub fn len(&self) -> usize {
        match self {
            Content::Title(s) | Content::Url(s) => s.len(),
            Content::Date(_) => 8,
            Content::Block(Block::Paragraph(p)) => p.inlines.iter().map(|i| i.raw().len()).sum(),
            Content::Block(Block::Related(r)) => r.label.len() + r.separator.len() + r.title.len(),
            Content::Blank => 0,
        }
    }
}

/// One line of the article as the model describes it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LineView<'m, 'a> {
    pub number: u32,
    /// Byte offset of the line's start in the source.
    pub start: usize,
    pub lead: &'m str,
    pub content: Content<'m, 'a>,
    pub trail: &'m str,
    pub eol: Option<Eol>,
}

impl LineView<'_, '_> {
    /// Byte offset where the content starts.
    pub fn content_start(&self) -> usize {
        self.start + self.lead.len()
    }

    /// Byte offset where the trailing whitespace starts.
    pub fn trail_start(&self) -> usize {
        self.content_start() + self.content.len()
    }

    /// Byte offset where the line ending starts.
    pub fn eol_start(&self) -> usize {
        self.trail_start() + self.trail.len()
    }
}

/// Walks the lines of `article` in order, with their offsets.
pub(crate) fn lines<'m, 'a>(article: &'m Article<'a>) -> impl Iterator<Item = LineView<'m, 'a>> {
    let layout = &article.layout;
    let last_block = article.blocks.last().map_or(0, Block::line);
    // Blank lines between the header lines (a double-spaced file) move the date
    // and the URL down.
    let (date_line, url_line) = layout.header_lines();
    let total = layout.lines.max(url_line).max(last_block);
    let mut blocks = article.blocks.iter().peekable();
    let mut quirks = layout.quirks.iter().peekable();
    let mut offset = if layout.bom { '\u{feff}'.len_utf8() } else { 0 };
    (1..=total).map(move |number| {
        let content = match number {
            1 => Content::Title(&article.title),
            n if n == date_line => Content::Date(article.date),
            n if n == url_line => Content::Url(&article.url),
            n if n < url_line => Content::Blank,
            // A block numbered before this line (only in a hand-edited model) is
            // still written, here, so that nothing is dropped.
            _ => match blocks.next_if(|b| b.line() <= number) {
                Some(block) => Content::Block(block),
                None => Content::Blank,
            },
        };
        // Quirks for lines already passed are out of order; skip them.
        while quirks.next_if(|q| q.line < number).is_some() {}
        let quirk: Option<&LineQuirk<'_>> = quirks.next_if(|q| q.line == number);
        let eol = if number == total && !layout.final_eol {
            None
        } else {
            Some(quirk.and_then(|q| q.eol).unwrap_or(layout.eol))
        };
        let view = LineView {
            number,
            start: offset,
            lead: quirk.map_or("", |q| &q.lead),
            content,
            trail: quirk.map_or("", |q| &q.trail),
            eol,
        };
        offset = view.eol_start() + eol.map_or(0, Eol::len);
        view
    })
}

impl Article<'_> {
    /// Writes the article back in its source form, byte for byte.
    ///
    /// For an article that came from [`parse`](crate::parse) this reproduces the
    /// input exactly: BOM, line endings, whitespace and blank lines included.
    pub fn write_source<W: io::Write>(&self, out: &mut W) -> io::Result<()> {
        if self.layout.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut date_buf = [0u8; 8];
        for line in lines(self) {
            out.write_all(line.lead.as_bytes())?;
            match line.content {
                Content::Title(s) | Content::Url(s) => out.write_all(s.as_bytes())?,
                Content::Date(d) => out.write_all(compact_date(d, &mut date_buf))?,
                Content::Block(Block::Paragraph(p)) => {
                    for inline in &p.inlines {
                        out.write_all(inline.raw().as_bytes())?;
                    }
                }
                Content::Block(Block::Related(r)) => {
                    out.write_all(r.label.as_bytes())?;
                    out.write_all(r.separator.as_bytes())?;
                    out.write_all(r.title.as_bytes())?;
                }
                Content::Blank => {}
            }
            out.write_all(line.trail.as_bytes())?;
            if let Some(eol) = line.eol {
                out.write_all(eol.as_str().as_bytes())?;
            }
        }
        Ok(())
    }

    /// The source text, rebuilt from the model ([`Article::write_source`] into a string).
    pub fn to_source(&self) -> String {
        let mut out = Vec::with_capacity(self.source_len());
        // Writing into a Vec cannot fail, and every piece written is a &str.
        let _ = self.write_source(&mut out);
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// The length in bytes of the source form.
    pub fn source_len(&self) -> usize {
        lines(self)
            .last()
            .map_or(0, |l| l.eol_start() + l.eol.map_or(0, Eol::len))
    }
}

/// `YYYYMMDD` without allocating.
fn compact_date(d: Date, buf: &mut [u8; 8]) -> &[u8] {
    let mut put = |at: usize, mut n: u16, width: usize| {
        for i in (0..width).rev() {
            buf[at + i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(0, d.year(), 4);
    put(4, u16::from(d.month()), 2);
    put(6, u16::from(d.day()), 2);
    buf
}
