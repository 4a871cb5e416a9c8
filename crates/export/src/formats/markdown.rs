//! `markdown`: one CommonMark page per article, with YAML front matter.
//!
//! ```markdown
//! ---
//! id: "000_4e9296dd8dfcdc21"
//! title: "Macron Heads To Meet Putin in Russia ..."
//! date: "2022-01-31"
//! url: "http://www.hngn.com/articles/240451/..."
//! ---
//!
//! # Macron Heads To Meet Putin in Russia ...
//!
//! The source also mentioned that Moscow is expected ...
//!
//! ## Related
//!
//! - US, Russia Still Open for Diplomacy on Ukraine Tension, ...
//! ```
//!
//! - Front matter keys, in order: `id` (`null` when the article has none), `title`,
//!   `date` (`YYYY-MM-DD`), `url`; then, with [`Options::links`], `outlet` (the
//!   name of the outlet that published it), `outlet_domain`, `canonical_url` and
//!   `url_date` (the date in the URL's path), each `null` when unknown. Every
//!   value is a YAML double-quoted string with every quote, backslash, line break
//!   and control character escaped, so no value can end its string, add a key or
//!   close the front matter.
//! - Then the headline as a level-1 heading, each paragraph (repaired, or as written
//!   with [`Options::raw`]), and, unless [`Options::drop_promos`], a `## Related`
//!   list of the promos' headlines.
//! - Text is escaped so that it renders as written and cannot change the page's
//!   structure: Markdown syntax in a headline or paragraph (`# `, `*emph*`,
//!   `[link](javascript:x)`, `<script>`, `&amp;`, `---`, `1.`) shows as text.
//!
//! Several articles in one document follow each other, separated by a blank line
//! (each with its own front matter).

use std::io::Write;

use dateline_core::Article;

use crate::escape::{markdown, yaml_string};
use crate::{Exporter, FormatInfo, Kind, Options, Result};

/// The `markdown` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "markdown",
    Kind::Page,
    "md",
    "text/markdown",
    "A CommonMark page per article with YAML front matter (id, title, date, url)",
)
.with_single_file();

/// The `markdown` exporter.
#[derive(Debug)]
pub struct Markdown {
    options: Options,
    count: usize,
}

impl Markdown {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Markdown {
        Markdown {
            options: options.clone(),
            count: 0,
        }
    }
}

impl Exporter for Markdown {
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

impl Markdown {
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
        out.write_all(b"---\nid: ")?;
        match &article.id {
            Some(id) => yaml_string(out, id)?,
            None => out.write_all(b"null")?,
        }
        out.write_all(b"\ntitle: ")?;
        yaml_string(out, &article.title)?;
        write!(out, "\ndate: \"{}\"\nurl: ", article.date)?;
        yaml_string(out, &article.url)?;
        if let Some(links) = self.options.article_links(article) {
            let outlet = links.outlet.as_ref();
            let url = links.url.as_ref();
            let url_date = url.and_then(|u| u.date).map(|d| d.iso());
            for (key, value) in [
                ("outlet", outlet.map(|o| o.name.as_str())),
                ("outlet_domain", outlet.map(|o| o.domain.as_str())),
                ("canonical_url", url.map(|u| u.canonical.as_str())),
                ("url_date", url_date.as_ref().map(|d| d.as_str())),
            ] {
                write!(out, "\n{key}: ")?;
                match value {
                    Some(value) => yaml_string(out, value)?,
                    None => out.write_all(b"null")?,
                }
            }
        }
        out.write_all(b"\n---\n\n# ")?;
        markdown(out, &article.title)?;
        out.write_all(b"\n")?;

        for p in article.paragraphs() {
            out.write_all(b"\n")?;
            markdown(out, &self.options.paragraph_text(p))?;
            out.write_all(b"\n")?;
        }

        let mut related = self.options.related(article).peekable();
        if related.peek().is_some() {
            out.write_all(b"\n## Related\n\n")?;
            for r in related {
                out.write_all(b"- ")?;
                markdown(out, &r.title)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }
}
