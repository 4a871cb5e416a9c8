//! `html`: a standalone HTML5 page per article, and an index page for a directory.
//!
//! The page, in order:
//! - `<head>`: `<meta charset="utf-8">`, the viewport, `<title>` (the headline),
//!   with [`Options::links`] a `<link rel="canonical">` to the canonical URL (an
//!   `http(s)` one only), the schema.org `NewsArticle` as JSON-LD, a small inline
//!   style sheet. JSON-LD keys, in order: `@context`, `@type`, `identifier` (when
//!   the article has an id), `headline`, `datePublished` (`YYYY-MM-DD`), `url`,
//!   and with [`Options::links`], when the outlet is known, `publisher`:
//!   `{"@type": "Organization", "name", "url"}` (the outlet's name and home
//!   page, `url` only when it is `http(s)`). Inside the `<script>`, `<` `>` `&` are written `\u003c` `\u003e`
//!   `\u0026`, so no text can close it.
//! - `<body>` → `<article>`: a `<header>` with the `<h1>` headline and a
//!   `<p class="meta">` holding `<time datetime="YYYY-MM-DD">` and a link to the
//!   source URL (its host as the text; the link only for an `http(s)` URL); then
//!   one `<p>` per paragraph (repaired, or as written with [`Options::raw`]); then,
//!   unless [`Options::drop_promos`], `<aside class="related">` with an
//!   `<h2>Related</h2>` and a `<ul>` of the promos' headlines; a promo that
//!   was resolved to an article ([`ArticleLinks::promos`]) whose page
//!   [`Options::pages`] names is a link to that page (`<a rel="related"
//!   href="0001.html">`).
//! - In a paragraph, an attribution's source is `<span class="source">BBC</span>`,
//!   or `<a class="source" href="...">BBC</a>` linking to the home page of the
//!   outlet it names, when [`Options::links`] resolved one (only an `http:` or
//!   `https:` URL is linked); a quotation's words are in `<q>`, its quote marks
//!   around it as text (the style sheet sets `quotes: none`).
//!
//! All text is escaped: the text content of `<article>` is the headline and the
//! paragraphs exactly, and nothing in an article becomes markup. Several articles
//! in one document make one page of several `<article>`s, the page's title and
//! JSON-LD being the first's (each later article carries its JSON-LD in the body).
//!
//! [`HtmlIndex`] (through [`Exporter::index`]) or [`write_index`] writes the
//! `index.html` listing the pages of a directory.

use std::io::Write;

use dateline_core::{Article, Date, Inline};
use serde::Serialize;

use super::MONTHS;
use crate::escape::{ScriptSafe, is_web_url, markup_attr, markup_text, url_segment};
use crate::{
    ArticleLinks, ExportError, Exporter, FormatInfo, Index, IndexEntry, Kind, Options, Result,
};

/// The `html` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "html",
    Kind::Page,
    "html",
    "text/html",
    "A standalone HTML5 page per article with schema.org JSON-LD, and an index.html",
);

/// The file name of a directory's index page.
pub const INDEX_FILE_NAME: &str = "index.html";

const STYLE: &str = "body{margin:0 auto;max-width:42rem;padding:1.5rem 1rem 3rem;\
font:1.125rem/1.6 Georgia,'Times New Roman',serif;color:#1f1f1f;background:#fff}\
h1{font-size:1.9rem;line-height:1.25;margin:0 0 .5rem}\
h2{font-size:1.1rem;margin:2rem 0 .5rem}\
.meta{color:#5f5f5f;font-size:.95rem;margin:0 0 1.5rem}\
a{color:#1a4fa0}q{quotes:none}\
.related{border-top:1px solid #ddd;margin-top:2rem}\
table{border-collapse:collapse;width:100%}td,th{padding:.3rem .5rem;text-align:left;vertical-align:top}\
tr+tr td{border-top:1px solid #eee}td.date{white-space:nowrap}";

const HEAD_START: &str = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
     <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";

/// The `html` exporter.
#[derive(Debug)]
pub struct Html {
    options: Options,
    count: usize,
}

impl Html {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Html {
        Html {
            options: options.clone(),
            count: 0,
        }
    }

    /// What `<head>` says of the document's first article: its title and its
    /// canonical URL.
    fn head(
        &self,
        out: &mut dyn Write,
        article: &Article<'_>,
        links: Option<&ArticleLinks>,
    ) -> Result<()> {
        out.write_all(b"<title>")?;
        markup_text(out, &article.title)?;
        out.write_all(b"</title>\n")?;
        let canonical = links
            .and_then(|l| l.url.as_ref())
            .map(|u| u.canonical.as_str())
            .filter(|url| is_web_url(url));
        if let Some(url) = canonical {
            out.write_all(b"<link rel=\"canonical\" href=\"")?;
            markup_attr(out, url)?;
            out.write_all(b"\">\n")?;
        }
        Ok(())
    }

    /// The `<article>` element.
    fn body(
        &self,
        out: &mut dyn Write,
        article: &Article<'_>,
        links: Option<&ArticleLinks>,
    ) -> Result<()> {
        out.write_all(b"<article>\n<header>\n<h1>")?;
        markup_text(out, &article.title)?;
        write!(
            out,
            "</h1>\n<p class=\"meta\"><time datetime=\"{}\">",
            article.date
        )?;
        long_date(out, article.date)?;
        out.write_all(b"</time>")?;
        let host = article.url_host();
        let label: &str = if host.is_empty() { &article.url } else { &host };
        if is_web_url(&article.url) {
            out.write_all(" · <a href=\"".as_bytes())?;
            markup_attr(out, &article.url)?;
            out.write_all(b"\" rel=\"external\">")?;
            markup_text(out, label)?;
            out.write_all(b"</a>")?;
        } else {
            out.write_all(" · ".as_bytes())?;
            markup_text(out, label)?;
        }
        out.write_all(b"</p>\n</header>\n")?;

        let mut attribution = 0;
        for p in article.paragraphs() {
            out.write_all(b"<p>")?;
            for inline in &p.inlines {
                self.paragraph_inline(out, inline, links, &mut attribution)?;
            }
            out.write_all(b"</p>\n")?;
        }

        let mut related = self.options.related(article).enumerate().peekable();
        if related.peek().is_some() {
            out.write_all(b"<aside class=\"related\">\n<h2>Related</h2>\n<ul>\n")?;
            for (i, r) in related {
                let page = links
                    .and_then(|l| l.promos.get(i))
                    .and_then(|resolution| resolution.to.as_deref())
                    .and_then(|to| self.options.page_of(to));
                out.write_all(b"<li>")?;
                match page {
                    Some(page) => {
                        out.write_all(b"<a rel=\"related\" href=\"")?;
                        // A file name in the same directory: one URL segment.
                        url_segment(out, &page)?;
                        out.write_all(b"\">")?;
                        markup_text(out, &r.title)?;
                        out.write_all(b"</a>")?;
                    }
                    None => markup_text(out, &r.title)?,
                }
                out.write_all(b"</li>\n")?;
            }
            out.write_all(b"</ul>\n</aside>\n")?;
        }
        out.write_all(b"</article>\n")?;
        Ok(())
    }

    /// Writes one piece of a paragraph. `attribution` is the index of the next
    /// attribution in the article (counted across paragraphs), for its link.
    fn paragraph_inline(
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
                match (
                    text.get(..d),
                    text.get(d..text.len().saturating_sub(d)),
                    text.get(text.len().saturating_sub(d)..),
                ) {
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
                let link = links
                    .and_then(|links| links.source_outlet(index, a))
                    .map(|outlet| outlet.homepage.as_str())
                    .filter(|url| is_web_url(url));
                let (before, source, after) = match text.find(a.source.as_ref()) {
                    Some(at) if !a.source.is_empty() => (
                        &text[..at],
                        &text[at..at + a.source.len()],
                        &text[at + a.source.len()..],
                    ),
                    _ => ("", text, ""),
                };
                markup_text(out, before)?;
                match link {
                    Some(url) => {
                        out.write_all(b"<a class=\"source\" href=\"")?;
                        markup_attr(out, url)?;
                        out.write_all(b"\">")?;
                        markup_text(out, source)?;
                        out.write_all(b"</a>")?;
                    }
                    None => {
                        out.write_all(b"<span class=\"source\">")?;
                        markup_text(out, source)?;
                        out.write_all(b"</span>")?;
                    }
                }
                markup_text(out, after)?;
            }
        }
        Ok(())
    }
}

/// The schema.org JSON-LD of an article.
#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<&'a str>,
    headline: &'a str,
    #[serde(rename = "datePublished")]
    date_published: Date,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Organization<'a>>,
}

/// The schema.org publisher of an article: its outlet.
#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

fn json_ld(out: &mut dyn Write, article: &Article<'_>, links: Option<&ArticleLinks>) -> Result<()> {
    out.write_all(b"<script type=\"application/ld+json\">")?;
    let ld = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        identifier: article.id.as_deref(),
        headline: &article.title,
        date_published: article.date,
        url: &article.url,
        publisher: links
            .and_then(|l| l.outlet.as_ref())
            .map(|outlet| Organization {
                kind: "Organization",
                name: &outlet.name,
                url: Some(outlet.homepage.as_str()).filter(|url| is_web_url(url)),
            }),
    };
    serde_json::to_writer(ScriptSafe(out), &ld)?;
    out.write_all(b"</script>\n")?;
    Ok(())
}

/// `31 January 2022`.
fn long_date(out: &mut dyn Write, date: Date) -> Result<()> {
    let month = MONTHS
        .get(usize::from(date.month()).saturating_sub(1))
        .copied()
        .unwrap_or("");
    write!(out, "{} {month} {}", date.day(), date.year())?;
    Ok(())
}

impl Exporter for Html {
    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        self.count = 0;
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        let links = self.options.article_links(article);
        let links = links.as_ref();
        if self.count == 0 {
            out.write_all(HEAD_START.as_bytes())?;
            self.head(out, article, links)?;
            json_ld(out, article, links)?;
            write!(out, "<style>{STYLE}</style>\n</head>\n<body>\n")?;
        } else {
            json_ld(out, article, links)?;
        }
        self.count += 1;
        self.body(out, article, links)
    }

    /// The piece is `[head length][JSON-LD length]` (two little-endian `u32`),
    /// then the head's article part, the JSON-LD, the body: the first article
    /// of a document puts its head and JSON-LD in `<head>`, the others only
    /// their JSON-LD, in the body.
    fn render(&mut self, piece: &mut Vec<u8>, article: &Article<'_>) -> Result<()> {
        let links = self.options.article_links(article);
        let links = links.as_ref();
        let at = piece.len();
        piece.extend_from_slice(&[0; 8]);
        self.head(piece, article, links)?;
        let head = piece.len() - at - 8;
        json_ld(piece, article, links)?;
        let ld = piece.len() - at - 8 - head;
        self.body(piece, article, links)?;
        let too_big = |_| ExportError::Io(std::io::Error::other("an HTML piece over 4 GB"));
        piece[at..at + 4].copy_from_slice(&u32::try_from(head).map_err(too_big)?.to_le_bytes());
        piece[at + 4..at + 8].copy_from_slice(&u32::try_from(ld).map_err(too_big)?.to_le_bytes());
        Ok(())
    }

    fn place(&mut self, out: &mut dyn Write, piece: &[u8]) -> Result<()> {
        let not_a_piece = || {
            ExportError::Io(std::io::Error::other(
                "not a piece rendered by the html format",
            ))
        };
        let (lengths, rest) = piece.split_first_chunk::<8>().ok_or_else(not_a_piece)?;
        let length =
            |bytes: &[u8]| <[u8; 4]>::try_from(bytes).map(|b| u32::from_le_bytes(b) as usize);
        let head = length(&lengths[..4]).map_err(|_| not_a_piece())?;
        let ld = length(&lengths[4..]).map_err(|_| not_a_piece())?;
        let (head_part, rest) = rest.split_at_checked(head).ok_or_else(not_a_piece)?;
        let (ld_part, body) = rest.split_at_checked(ld).ok_or_else(not_a_piece)?;
        if self.count == 0 {
            out.write_all(HEAD_START.as_bytes())?;
            out.write_all(head_part)?;
            out.write_all(ld_part)?;
            write!(out, "<style>{STYLE}</style>\n</head>\n<body>\n")?;
        } else {
            out.write_all(ld_part)?;
        }
        self.count += 1;
        out.write_all(body)?;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.count == 0 {
            out.write_all(HEAD_START.as_bytes())?;
            write!(
                out,
                "<title>No articles</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            )?;
        }
        out.write_all(b"</body>\n</html>\n")?;
        self.count = 0;
        Ok(())
    }

    fn index(&self) -> Option<Box<dyn Index>> {
        Some(Box::new(HtmlIndex::new()))
    }
}

/// The `index.html` of an `html` export: a table of every article (date, linked
/// headline, id), in the order given.
#[derive(Debug, Default)]
pub struct HtmlIndex {
    title: String,
}

impl HtmlIndex {
    /// An index titled "Articles".
    pub fn new() -> HtmlIndex {
        HtmlIndex::titled("Articles")
    }

    /// An index with its own title.
    pub fn titled(title: impl Into<String>) -> HtmlIndex {
        HtmlIndex {
            title: title.into(),
        }
    }
}

impl Index for HtmlIndex {
    fn file_name(&self) -> &str {
        INDEX_FILE_NAME
    }

    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        out.write_all(HEAD_START.as_bytes())?;
        out.write_all(b"<title>")?;
        markup_text(out, &self.title)?;
        write!(
            out,
            "</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>"
        )?;
        markup_text(out, &self.title)?;
        out.write_all(
            b"</h1>\n<table>\n<thead><tr><th>Date</th><th>Headline</th><th>Id</th></tr></thead>\n<tbody>\n",
        )?;
        Ok(())
    }

    fn entry(&mut self, out: &mut dyn Write, entry: &IndexEntry<'_>) -> Result<()> {
        write!(
            out,
            "<tr><td class=\"date\"><time datetime=\"{0}\">{0}</time></td><td><a href=\"",
            entry.date
        )?;
        // A file name from `safe_file_name` needs no escaping, but any name is
        // made a relative path segment: `#`, `?`, `%`, `:` cannot change the link.
        url_segment(out, entry.file_name)?;
        out.write_all(b"\">")?;
        markup_text(out, entry.title)?;
        out.write_all(b"</a></td><td>")?;
        markup_text(out, entry.id.unwrap_or(""))?;
        out.write_all(b"</td></tr>\n")?;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        out.write_all(b"</tbody>\n</table>\n</main>\n</body>\n</html>\n")?;
        Ok(())
    }
}

/// Writes a whole `index.html` listing `entries`, in order.
///
/// ```
/// use dateline_core::Date;
/// use dateline_export::{IndexEntry, write_index};
///
/// let date = Date::new(2022, 1, 31).unwrap();
/// let entries = [IndexEntry { id: Some("a"), title: "Talks <go> on", date, file_name: "a.html" }];
/// let mut page = Vec::new();
/// write_index(&mut page, entries)?;
/// let page = String::from_utf8(page).unwrap();
/// assert!(page.contains(r#"<a href="a.html">Talks &lt;go&gt; on</a>"#));
/// # Ok::<(), dateline_export::ExportError>(())
/// ```
pub fn write_index<'e>(
    out: &mut dyn Write,
    entries: impl IntoIterator<Item = IndexEntry<'e>>,
) -> Result<()> {
    let mut index = HtmlIndex::new();
    index.begin(out)?;
    for entry in entries {
        index.entry(out, &entry)?;
    }
    index.end(out)
}
