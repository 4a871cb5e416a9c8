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
)
.with_single_file();

/// The file name of a directory's index page.
pub const INDEX_FILE_NAME: &str = "index.html";

/// The style sheet of every page (reports add theirs after it).
pub(crate) const STYLE: &str = "body{margin:0 auto;max-width:42rem;padding:1.5rem 1rem 3rem;\
font:1.125rem/1.6 Georgia,'Times New Roman',serif;color:#1f1f1f;background:#fff}\
h1{font-size:1.9rem;line-height:1.25;margin:0 0 .5rem}\
h2{font-size:1.1rem;margin:2rem 0 .5rem}\
.meta{color:#5f5f5f;font-size:.95rem;margin:0 0 1.5rem}\
a{color:#1a4fa0}q{quotes:none}\
.related{border-top:1px solid #ddd;margin-top:2rem}\
table{border-collapse:collapse;width:100%}td,th{padding:.3rem .5rem;text-align:left;vertical-align:top}\
tr+tr td{border-top:1px solid #eee}td.date{white-space:nowrap}";

const HEAD_META: &str = "<head>\n<meta charset=\"utf-8\">\n\
     <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";

/// The start of every document, to the open `<head>`: the doctype, `<html
/// lang>` with the articles' language, the charset and viewport.
pub(crate) fn head_start(out: &mut dyn Write, lang: &str) -> Result<()> {
    out.write_all(b"<!DOCTYPE html>\n<html lang=\"")?;
    markup_attr(out, lang)?;
    out.write_all(b"\">\n")?;
    out.write_all(HEAD_META.as_bytes())?;
    Ok(())
}

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

    /// The way back to the index, when the page has one beside it.
    fn nav(&self, out: &mut dyn Write) -> Result<()> {
        if let Some(index) = &self.options.index_page {
            out.write_all(b"<nav><a rel=\"index\" href=\"")?;
            url_segment(out, index)?;
            out.write_all("\">← All articles</a></nav>\n".as_bytes())?;
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
            head_start(out, self.options.language())?;
            self.head(out, article, links)?;
            json_ld(out, article, links)?;
            write!(out, "<style>{STYLE}</style>\n</head>\n<body>\n")?;
            self.nav(out)?;
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
            head_start(out, self.options.language())?;
            out.write_all(head_part)?;
            out.write_all(ld_part)?;
            write!(out, "<style>{STYLE}</style>\n</head>\n<body>\n")?;
            self.nav(out)?;
        } else {
            out.write_all(ld_part)?;
        }
        self.count += 1;
        out.write_all(body)?;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.count == 0 {
            head_start(out, self.options.language())?;
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
        Some(Box::new(HtmlIndex::new().lang(self.options.language())))
    }
}

/// The `index.html` of an `html` export: every article, newest first, in
/// sections by month, with a table of months at the top.
///
/// Entries are kept (their id, headline, date and file name: about 150 bytes
/// an article) and written at the end, sorted by date (articles of one day in
/// input order). Past [`HtmlIndex::MONTH_PAGES_FROM`] articles the index lists
/// only the months, each linking to a page of its own in `months/`
/// (`months/2022-01.html`), so that no page grows with the corpus but a month's.
#[derive(Debug)]
pub struct HtmlIndex {
    title: String,
    lang: String,
    entries: Vec<OwnedEntry>,
    month_pages_from: usize,
    month_pages: Vec<(String, Vec<u8>)>,
}

#[derive(Debug)]
struct OwnedEntry {
    id: Option<String>,
    title: String,
    date: Date,
    file_name: String,
}

impl Default for HtmlIndex {
    fn default() -> HtmlIndex {
        HtmlIndex::new()
    }
}

impl HtmlIndex {
    /// From this many articles on, months get pages of their own.
    pub const MONTH_PAGES_FROM: usize = 5_000;

    /// An index titled "Articles".
    pub fn new() -> HtmlIndex {
        HtmlIndex::titled("Articles")
    }

    /// An index with its own title.
    pub fn titled(title: impl Into<String>) -> HtmlIndex {
        HtmlIndex {
            title: title.into(),
            lang: "en".to_owned(),
            entries: Vec::new(),
            month_pages_from: HtmlIndex::MONTH_PAGES_FROM,
            month_pages: Vec::new(),
        }
    }

    /// The language the pages declare (`<html lang>`).
    #[must_use]
    pub fn lang(mut self, tag: &str) -> HtmlIndex {
        tag.clone_into(&mut self.lang);
        self
    }

    /// Months get pages of their own from `n` articles on (default
    /// [`HtmlIndex::MONTH_PAGES_FROM`]).
    #[must_use]
    pub fn month_pages_from(mut self, n: usize) -> HtmlIndex {
        self.month_pages_from = n;
        self
    }

    fn page_start(&self, out: &mut dyn Write, title: &str) -> Result<()> {
        head_start(out, &self.lang)?;
        out.write_all(b"<title>")?;
        markup_text(out, title)?;
        write!(
            out,
            "</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        )?;
        Ok(())
    }

    /// The articles of one month (newest first) as a table; `up` is the path
    /// from the page holding it to the articles' directory (`""` or `"../"`).
    fn table(out: &mut dyn Write, entries: &[OwnedEntry], up: &str) -> Result<()> {
        out.write_all(
            b"<table>\n<thead><tr><th>Date</th><th>Headline</th><th>Id</th></tr></thead>\n<tbody>\n",
        )?;
        for entry in entries {
            write!(
                out,
                "<tr><td class=\"date\"><time datetime=\"{0}\">{0}</time></td><td><a href=\"{up}",
                entry.date
            )?;
            // A file name from `safe_file_name` needs no escaping, but any name is
            // made a relative path segment: `#`, `?`, `%`, `:` cannot change the link.
            url_segment(out, &entry.file_name)?;
            out.write_all(b"\">")?;
            markup_text(out, &entry.title)?;
            out.write_all(b"</a></td><td>")?;
            markup_text(out, entry.id.as_deref().unwrap_or(""))?;
            out.write_all(b"</td></tr>\n")?;
        }
        out.write_all(b"</tbody>\n</table>\n")?;
        Ok(())
    }
}

/// `1 article`, `2 articles`.
fn articles(n: usize) -> String {
    if n == 1 {
        "1 article".to_owned()
    } else {
        format!("{n} articles")
    }
}

/// `2022-01`: a month's anchor and page name.
fn month_key(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// `January 2022`.
fn month_heading(date: Date) -> String {
    let name = MONTHS
        .get(usize::from(date.month()).saturating_sub(1))
        .copied()
        .unwrap_or("");
    format!("{name} {}", date.year())
}

impl Index for HtmlIndex {
    fn file_name(&self) -> &str {
        INDEX_FILE_NAME
    }

    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        self.entries.clear();
        self.month_pages.clear();
        Ok(())
    }

    fn entry(&mut self, _out: &mut dyn Write, entry: &IndexEntry<'_>) -> Result<()> {
        self.entries.push(OwnedEntry {
            id: entry.id.map(str::to_owned),
            title: entry.title.to_owned(),
            date: entry.date,
            file_name: entry.file_name.to_owned(),
        });
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        // Newest first; a stable sort keeps one day's articles in input order.
        self.entries.sort_by_key(|e| std::cmp::Reverse(e.date));
        let mut months: Vec<&[OwnedEntry]> = self
            .entries
            .chunk_by(|a, b| (a.date.year(), a.date.month()) == (b.date.year(), b.date.month()))
            .collect();
        months.retain(|m| !m.is_empty());
        let own_pages = self.entries.len() >= self.month_pages_from;

        self.page_start(out, &self.title)?;
        out.write_all(b"<h1>")?;
        markup_text(out, &self.title)?;
        write!(
            out,
            "</h1>\n<p class=\"meta\">{}, newest first</p>\n<nav class=\"months\">\n<ul>\n",
            articles(self.entries.len())
        )?;
        for month in &months {
            let date = month[0].date;
            let key = month_key(date);
            let href = if own_pages {
                format!("months/{key}.html")
            } else {
                format!("#m-{key}")
            };
            writeln!(
                out,
                "<li><a href=\"{href}\">{}</a> ({})</li>",
                month_heading(date),
                month.len()
            )?;
        }
        out.write_all(b"</ul>\n</nav>\n")?;
        if !own_pages {
            for month in &months {
                let date = month[0].date;
                write!(
                    out,
                    "<section id=\"m-{}\">\n<h2>{}</h2>\n",
                    month_key(date),
                    month_heading(date)
                )?;
                HtmlIndex::table(out, month, "")?;
                out.write_all(b"</section>\n")?;
            }
        }
        out.write_all(b"</main>\n</body>\n</html>\n")?;

        if own_pages {
            let mut pages = Vec::with_capacity(months.len());
            for month in &months {
                let date = month[0].date;
                let heading = month_heading(date);
                let mut page = Vec::new();
                self.page_start(&mut page, &format!("{heading} · {}", self.title))?;
                page.extend_from_slice(
                    "<nav><a rel=\"index\" href=\"../index.html\">← All months</a></nav>\n<h1>"
                        .as_bytes(),
                );
                markup_text(&mut page, &heading)?;
                write!(
                    page,
                    "</h1>\n<p class=\"meta\">{}, newest first</p>\n",
                    articles(month.len())
                )?;
                HtmlIndex::table(&mut page, month, "../")?;
                page.extend_from_slice(b"</main>\n</body>\n</html>\n");
                pages.push((format!("months/{}.html", month_key(date)), page));
            }
            self.month_pages = pages;
        }
        self.entries = Vec::new();
        Ok(())
    }

    fn pages(&mut self) -> Vec<(String, Vec<u8>)> {
        std::mem::take(&mut self.month_pages)
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
