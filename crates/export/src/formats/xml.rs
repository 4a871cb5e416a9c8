//! `xml`: TEI P5, one `<TEI>` document per article; several articles in one
//! document become a `<teiCorpus>`. Every document is valid against the TEI's
//! published `tei_all` schema (RELAX NG), whatever the article holds: the tests
//! validate the fixtures, hostile strings and generated articles with Jing.
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <TEI xmlns="http://www.tei-c.org/ns/1.0">
//!   <teiHeader>
//!     <fileDesc>
//!       <titleStmt>
//!         <title>Macron Heads To Meet Putin ...</title>
//!       </titleStmt>
//!       <publicationStmt>
//!         <authority>dateline</authority>
//!         <idno type="dateline">000_4e9296dd8dfcdc21</idno>
//!       </publicationStmt>
//!       <sourceDesc>
//!         <bibl>
//!           <title>Macron Heads To Meet Putin ...</title>
//!           <date when="2022-01-31">2022-01-31</date>
//!           <ref target="http://www.hngn.com/...">http://www.hngn.com/...</ref>
//!         </bibl>
//!       </sourceDesc>
//!     </fileDesc>
//!   </teiHeader>
//!   <text>
//!     <body>
//!       <head>Macron Heads To Meet Putin ...</head>
//!       <p>... <name type="source">BBC</name>, the French leader ...</p>
//!       <ab type="related" subtype="Read-Also"><ref type="related">US, Russia ...</ref></ab>
//!     </body>
//!   </text>
//! </TEI>
//! ```
//!
//! - Header, in order: `titleStmt/title` (the headline); `publicationStmt` with
//!   `authority`, with [`Options::links`] and a known outlet `publisher ref="..."`
//!   (the outlet's name, its home page as `ref`), when the article has an id
//!   `idno type="dateline"`, with [`Options::links`] and a readable URL
//!   `idno type="URL"` (the canonical URL); `sourceDesc/bibl` with the headline,
//!   `date when="YYYY-MM-DD"` and the source URL, as the `ref`'s text and as its
//!   `target` (none for a URL without scheme, which no parsed article has).
//! - Body, in source order: `head` (the headline), a `p` per paragraph (repaired,
//!   or as written with [`Options::raw`]), and an `ab type="related"
//!   subtype="LABEL"` per promo holding a `ref type="related"` with its headline
//!   (none with [`Options::drop_promos`]); an article with no block has one empty
//!   `ab`. `LABEL` is the promo's label as a TEI token: each run of spaces (or of
//!   other characters a token cannot hold) becomes one `-` (`Read Also` gives
//!   `Read-Also`); no `subtype` if nothing is left.
//! - In a `p`, an attribution's source is `<name type="source">` (with
//!   [`Options::links`], `<name type="source" ref="...">` when its outlet is
//!   resolved: the outlet's home page, `http(s)` only), a quotation's words are
//!   `<q>` with the quote marks around it as text. The text of a `p` is the
//!   paragraph exactly.
//! - URLs in attributes (`target`, `ref`) are URIs as TEI wants them: a URL that
//!   already is one is written as it is; otherwise whitespace, control
//!   characters, a `%` that starts no escape, a second `#` and `[` `]` outside an
//!   IPv6 host are percent-encoded (so `a b` is one pointer, not two).
//! - All text is escaped (`&`, `<`, `>`; quotes in attributes), so `]]>` is inert
//!   and no CDATA is written; characters XML 1.0 forbids (most C0 controls,
//!   U+FFFE, U+FFFF) and C1 controls become U+FFFD.
//! - Several articles: `<teiCorpus>` with a corpus `teiHeader`, then each
//!   `<TEI>` (each keeps its `xmlns`, which is the same). No article: a `<TEI>`
//!   with the corpus `teiHeader` and one empty `ab` (a `<teiCorpus>` must hold a
//!   `<TEI>`).
//! - No `xml:id` is written: article ids (file stems) may start with a digit,
//!   hold spaces, or repeat across directories, none of which an `xml:id` may;
//!   the id is the text of `idno type="dateline"`, where anything goes.

mod teidata;

use std::io::Write;

use dateline_core::{Article, Block, Inline};

use crate::escape::{is_web_url, markup_attr, markup_text};
use crate::{ArticleLinks, Exporter, FormatInfo, Kind, Options, Result};

/// The `xml` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "xml",
    Kind::Page,
    "xml",
    "application/tei+xml",
    "TEI P5 XML per article (teiHeader with title, date and source; body with p, ref, name, q)",
)
.with_single_file();

/// The TEI namespace, as a literal for `concat!`.
macro_rules! tei_ns {
    () => {
        "http://www.tei-c.org/ns/1.0"
    };
}

/// The TEI namespace.
pub const TEI_NS: &str = tei_ns!();

const TEI_START: &str = concat!("<TEI xmlns=\"", tei_ns!(), "\">\n");

const CORPUS_START: &str = concat!("<teiCorpus xmlns=\"", tei_ns!(), "\">\n");

const TEXT_START: &str = "  <text>\n    <body>\n";

/// The body of a `<TEI>` with no block: `<body>` must hold something.
const NO_BLOCK: &str = "      <ab/>\n";

const TEI_END: &str = "    </body>\n  </text>\n</TEI>\n";

/// The header of a `<teiCorpus>` (and of the `<TEI>` written for no article).
const CORPUS_HEADER: &str = "  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>dateline corpus</title>
      </titleStmt>
      <publicationStmt>
        <authority>dateline</authority>
      </publicationStmt>
      <sourceDesc>
        <p>News articles scraped from the web, one TEI document each.</p>
      </sourceDesc>
    </fileDesc>
  </teiHeader>
";

/// The `xml` (TEI) exporter. It holds back the first article until it knows
/// whether a second one follows (a `<teiCorpus>`) or not (a `<TEI>`).
#[derive(Debug)]
pub struct Tei {
    options: Options,
    first: Vec<u8>,
    count: usize,
}

impl Tei {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Tei {
        Tei {
            options: options.clone(),
            first: Vec::new(),
            count: 0,
        }
    }

    fn tei(&self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        out.write_all(TEI_START.as_bytes())?;
        out.write_all(b"  <teiHeader>\n    <fileDesc>\n      <titleStmt>\n        <title>")?;
        markup_text(out, &article.title)?;
        out.write_all(b"</title>\n      </titleStmt>\n      <publicationStmt>\n        <authority>dateline</authority>\n")?;
        let links = self.options.article_links(article);
        let links = links.as_ref();
        if let Some(outlet) = links.and_then(|l| l.outlet.as_ref()) {
            out.write_all(b"        <publisher")?;
            if is_web_url(&outlet.homepage) {
                pointer_attr(out, "ref", &outlet.homepage)?;
            }
            out.write_all(b">")?;
            markup_text(out, &outlet.name)?;
            out.write_all(b"</publisher>\n")?;
        }
        if let Some(id) = &article.id {
            out.write_all(b"        <idno type=\"dateline\">")?;
            markup_text(out, id)?;
            out.write_all(b"</idno>\n")?;
        }
        if let Some(url) = links.and_then(|l| l.url.as_ref()) {
            out.write_all(b"        <idno type=\"URL\">")?;
            markup_text(out, url.canonical.as_str())?;
            out.write_all(b"</idno>\n")?;
        }
        out.write_all(
            b"      </publicationStmt>\n      <sourceDesc>\n        <bibl>\n          <title>",
        )?;
        markup_text(out, &article.title)?;
        write!(
            out,
            "</title>\n          <date when=\"{0}\">{0}</date>\n          <ref",
            article.date
        )?;
        pointer_attr(out, "target", &article.url)?;
        out.write_all(b">")?;
        markup_text(out, &article.url)?;
        out.write_all(
            b"</ref>\n        </bibl>\n      </sourceDesc>\n    </fileDesc>\n  </teiHeader>\n",
        )?;
        out.write_all(TEXT_START.as_bytes())?;
        out.write_all(b"      <head>")?;
        markup_text(out, &article.title)?;
        out.write_all(b"</head>\n")?;

        let mut blocks = 0;
        // The index of the next attribution in the article, for its outlet.
        let mut attribution = 0;
        for block in self.options.blocks(article) {
            blocks += 1;
            match block {
                Block::Paragraph(p) => {
                    out.write_all(b"      <p>")?;
                    for inline in &p.inlines {
                        self.inline(out, inline, links, &mut attribution)?;
                    }
                    out.write_all(b"</p>\n")?;
                }
                Block::Related(r) => {
                    out.write_all(b"      <ab type=\"related\"")?;
                    if let Some(subtype) = teidata::enumerated(&r.label) {
                        out.write_all(b" subtype=\"")?;
                        markup_attr(out, &subtype)?;
                        out.write_all(b"\"")?;
                    }
                    out.write_all(b"><ref type=\"related\">")?;
                    markup_text(out, &r.title)?;
                    out.write_all(b"</ref></ab>\n")?;
                }
            }
        }
        if blocks == 0 {
            out.write_all(NO_BLOCK.as_bytes())?;
        }
        out.write_all(TEI_END.as_bytes())?;
        Ok(())
    }

    /// Writes one piece of a paragraph; `attribution` counts the attributions
    /// written so far in the article.
    fn inline(
        &self,
        out: &mut dyn Write,
        inline: &Inline<'_>,
        links: Option<&ArticleLinks>,
        attribution: &mut usize,
    ) -> Result<()> {
        let text = self.options.inline_text(inline);
        match inline {
            Inline::Text(_) => markup_text(out, text)?,
            Inline::Quotation(q) => {
                let d = q.style.delimiter_len();
                let close_at = text.len().saturating_sub(d);
                match (text.get(..d), text.get(d..close_at), text.get(close_at..)) {
                    (Some(open), Some(words), Some(close)) if text.len() >= 2 * d => {
                        markup_text(out, open)?;
                        out.write_all(b"<q>")?;
                        markup_text(out, words)?;
                        out.write_all(b"</q>")?;
                        markup_text(out, close)?;
                    }
                    _ => markup_text(out, text)?,
                }
            }
            Inline::Attribution(a) => {
                let index = *attribution;
                *attribution += 1;
                let homepage = links
                    .and_then(|l| l.source_outlet(index, a))
                    .map(|outlet| outlet.homepage.as_str())
                    .filter(|url| is_web_url(url));
                let name = |out: &mut dyn Write, source: &str| -> Result<()> {
                    out.write_all(b"<name type=\"source\"")?;
                    if let Some(url) = homepage {
                        pointer_attr(out, "ref", url)?;
                    }
                    out.write_all(b">")?;
                    markup_text(out, source)?;
                    out.write_all(b"</name>")?;
                    Ok(())
                };
                match text.find(a.source.as_ref()) {
                    Some(at) if !a.source.is_empty() => {
                        let end = at + a.source.len();
                        markup_text(out, &text[..at])?;
                        name(out, &text[at..end])?;
                        markup_text(out, &text[end..])?;
                    }
                    _ => name(out, text)?,
                }
            }
        }
        Ok(())
    }
}

/// Writes ` name="url"` for a `teidata.pointer` attribute ([`teidata::pointer`]),
/// or nothing when `url` is no absolute URI.
fn pointer_attr(out: &mut dyn Write, name: &str, url: &str) -> Result<()> {
    if let Some(pointer) = teidata::pointer(url) {
        write!(out, " {name}=\"")?;
        markup_attr(out, &pointer)?;
        out.write_all(b"\"")?;
    }
    Ok(())
}

impl Tei {
    /// Before the second `<TEI>` of a document: the `<teiCorpus>` start and
    /// header, then the first `<TEI>`, held back until now.
    fn open_corpus(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.count == 1 {
            out.write_all(CORPUS_START.as_bytes())?;
            out.write_all(CORPUS_HEADER.as_bytes())?;
            out.write_all(&self.first)?;
            self.first.clear();
        }
        self.count += 1;
        Ok(())
    }
}

impl Exporter for Tei {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        self.first.clear();
        self.count = 0;
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        if self.count == 0 {
            let mut first = std::mem::take(&mut self.first);
            first.clear();
            let written = self.tei(&mut first, article);
            self.first = first;
            self.count = 1;
            return written;
        }
        self.open_corpus(out)?;
        self.tei(out, article)
    }

    fn render(&mut self, piece: &mut Vec<u8>, article: &Article<'_>) -> Result<()> {
        self.tei(piece, article)
    }

    fn place(&mut self, out: &mut dyn Write, piece: &[u8]) -> Result<()> {
        if self.count == 0 {
            self.first.clear();
            self.first.extend_from_slice(piece);
            self.count = 1;
            return Ok(());
        }
        self.open_corpus(out)?;
        out.write_all(piece)?;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        match self.count {
            // TEI has no empty `<teiCorpus>` (it holds one `<TEI>` or more):
            // no article is one `<TEI>` with the corpus header and no text.
            0 => {
                out.write_all(TEI_START.as_bytes())?;
                out.write_all(CORPUS_HEADER.as_bytes())?;
                out.write_all(TEXT_START.as_bytes())?;
                out.write_all(NO_BLOCK.as_bytes())?;
                out.write_all(TEI_END.as_bytes())?;
            }
            1 => {
                out.write_all(&self.first)?;
                self.first.clear();
            }
            _ => out.write_all(b"</teiCorpus>\n")?,
        }
        self.count = 0;
        Ok(())
    }
}
