//! What a caller can choose about an export.

use std::fmt;
use std::sync::Arc;

use dateline_core::{Article, Block, Paragraph, Related};

use crate::{ArticleLinks, Linker};

/// Names the page of an article by its id (see [`Options::pages`]).
pub type PageNames = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Export options, shared by every format. A format ignores what does not apply
/// to it; each format's documentation says which options it reads.
///
/// ```
/// use dateline_export::Options;
///
/// let options = Options::new().raw(true).drop_promos(true);
/// assert!(options.raw == Some(true) && options.drop_promos && !options.compact);
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// `Some(true)`: write paragraphs as the source had them (`PerBBC,the`);
    /// `Some(false)`: repaired (`Per BBC, the`); `None`: the format's default,
    /// which is as written for `native` (the source format: only the layout is made
    /// canonical, so a canonical file comes back byte for byte) and repaired for
    /// every other format. The `json` and `jsonl` model always carries both.
    pub raw: Option<bool>,
    /// Leave out promo lines (`Read Also:...`). The `text` format always does.
    pub drop_promos: bool,
    /// `json`: one line instead of indented.
    pub compact: bool,
    /// `csv`: neutralise spreadsheet formulas: a cell that starts with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return (or their full-width forms) gets a `'`
    /// in front, as OWASP advises against CSV injection.
    pub csv_safe: bool,
    /// Computes each article's [`ArticleLinks`] (URL facts, outlet, the outlets of
    /// the attributions), which `json`, `jsonl`, `csv`, `html`, `markdown` and
    /// `xml` then add to their records (each format's field list says where).
    /// Without one, every format writes the bare model. `text` and `native`
    /// never write links.
    pub links: Option<Arc<dyn Linker>>,
    /// The file name of an article's page in the output directory, by article
    /// id: page formats that link one article to another (`html` links a
    /// resolved promo to the page of the article it names) ask it. Without
    /// it, nothing links to another page.
    pub pages: Option<PageNames>,
    /// The language of the articles, a BCP 47 tag (`en`, `fr`, `pt-BR`):
    /// `html` pages declare it (`<html lang>`). `None`: `en`.
    pub lang: Option<String>,
    /// The file name of the index page beside the pages (`index.html`):
    /// `html` pages link back to it. `None` (a page on its own): no link.
    pub index_page: Option<String>,
}

impl Options {
    /// The defaults: repaired text, promos kept, pretty JSON, CSV cells as they are,
    /// no links.
    pub fn new() -> Options {
        Options::default()
    }

    /// Sets [`Options::raw`].
    #[must_use]
    pub fn raw(mut self, raw: bool) -> Options {
        self.raw = Some(raw);
        self
    }

    /// Sets [`Options::drop_promos`].
    #[must_use]
    pub fn drop_promos(mut self, drop: bool) -> Options {
        self.drop_promos = drop;
        self
    }

    /// Sets [`Options::compact`].
    #[must_use]
    pub fn compact(mut self, compact: bool) -> Options {
        self.compact = compact;
        self
    }

    /// Sets [`Options::csv_safe`].
    #[must_use]
    pub fn csv_safe(mut self, safe: bool) -> Options {
        self.csv_safe = safe;
        self
    }

    /// Sets [`Options::links`].
    #[must_use]
    pub fn links(mut self, linker: impl Linker + 'static) -> Options {
        self.links = Some(Arc::new(linker));
        self
    }

    /// Sets [`Options::pages`].
    #[must_use]
    pub fn pages(
        mut self,
        pages: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Options {
        self.pages = Some(Arc::new(pages));
        self
    }

    /// Sets [`Options::lang`].
    #[must_use]
    pub fn lang(mut self, tag: impl Into<String>) -> Options {
        self.lang = Some(tag.into());
        self
    }

    /// The language tag pages declare: [`Options::lang`], or `en`.
    pub fn language(&self) -> &str {
        self.lang.as_deref().unwrap_or("en")
    }

    /// Sets [`Options::index_page`].
    #[must_use]
    pub fn index_page(mut self, file_name: impl Into<String>) -> Options {
        self.index_page = Some(file_name.into());
        self
    }

    /// The page file name of the article `id`, when [`Options::pages`] knows it.
    pub fn page_of(&self, id: &str) -> Option<String> {
        self.pages.as_ref().and_then(|pages| pages(id))
    }

    /// The links of `article`, when a [`Linker`] is set: what a format that
    /// writes links calls once per article.
    pub fn article_links(&self, article: &Article<'_>) -> Option<ArticleLinks> {
        self.links.as_ref().map(|linker| linker.links(article))
    }

    /// Whether to write text as written, for a format whose default is `default`.
    pub fn is_raw(&self, default: bool) -> bool {
        self.raw.unwrap_or(default)
    }

    /// The text of a paragraph as the options want it: repaired (the default), or
    /// as written (`raw`). Every format honours `--raw` through this (or
    /// [`Options::inline_text`]); a plugin format should too.
    ///
    /// ```
    /// use dateline_export::Options;
    ///
    /// let article = dateline_core::parse("Talks\n20220131\nhttps://example.com/\nPerBBC,the talks.\n")?;
    /// let p = article.paragraphs().next().unwrap();
    /// assert_eq!(Options::new().paragraph_text(p), "Per BBC, the talks.");
    /// assert_eq!(Options::new().raw(true).paragraph_text(p), "PerBBC,the talks.");
    /// # Ok::<(), dateline_core::ParseError>(())
    /// ```
    pub fn paragraph_text<'p>(&self, p: &'p Paragraph<'_>) -> std::borrow::Cow<'p, str> {
        self.paragraph_text_or(p, false)
    }

    /// [`Options::paragraph_text`] for a format whose default is `default_raw`
    /// (`native` writes the source text unless asked to repair it).
    pub fn paragraph_text_or<'p>(
        &self,
        p: &'p Paragraph<'_>,
        default_raw: bool,
    ) -> std::borrow::Cow<'p, str> {
        if self.is_raw(default_raw) {
            p.raw()
        } else {
            std::borrow::Cow::Borrowed(&p.text)
        }
    }

    /// The text of an inline piece (a quotation, an attribution) as the options
    /// want it: repaired, or as written.
    pub fn inline_text<'i>(&self, inline: &'i dateline_core::Inline<'_>) -> &'i str {
        if self.is_raw(false) {
            inline.raw()
        } else {
            inline.text()
        }
    }

    /// The blocks to write: every paragraph and promo in order, the promos left
    /// out when the options drop them (`--drop-promos`).
    ///
    /// ```
    /// use dateline_export::Options;
    ///
    /// let article = dateline_core::parse("Talks\n20220131\nhttps://example.com/\nOne.\nRead Also:Two\n")?;
    /// assert_eq!(Options::new().blocks(&article).count(), 2);
    /// assert_eq!(Options::new().drop_promos(true).blocks(&article).count(), 1);
    /// # Ok::<(), dateline_core::ParseError>(())
    /// ```
    pub fn blocks<'m, 'a>(
        &self,
        article: &'m Article<'a>,
    ) -> impl Iterator<Item = &'m Block<'a>> + use<'m, 'a, '_> {
        article
            .blocks
            .iter()
            .filter(move |b| !self.drop_promos || matches!(b, Block::Paragraph(_)))
    }

    /// The promos to write: none when the options drop them.
    pub fn related<'m, 'a>(
        &self,
        article: &'m Article<'a>,
    ) -> impl Iterator<Item = &'m Related<'a>> + use<'m, 'a> {
        let keep = !self.drop_promos;
        article.related().filter(move |_| keep)
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("raw", &self.raw)
            .field("drop_promos", &self.drop_promos)
            .field("compact", &self.compact)
            .field("csv_safe", &self.csv_safe)
            .field("links", &self.links.as_ref().map(|_| "Linker"))
            .field("pages", &self.pages.as_ref().map(|_| "Fn"))
            .field("lang", &self.lang)
            .field("index_page", &self.index_page)
            .finish()
    }
}
