//! What is known about an article beyond its text: the facts of its URL, the
//! outlet that published it, and the outlets its attributions name.
//!
//! This crate does not compute any of it (URL analysis and the outlet gazetteer
//! live in `dateline-links`, which this crate does not depend on): a [`Linker`]
//! set in [`Options::links`](crate::Options::links) computes an [`ArticleLinks`]
//! per article, and each format that has a place for links writes them (see each
//! format's field list). Without a linker every format writes exactly the bare
//! model.
//!
//! ```
//! use dateline_export::{ArticleLinks, OutletRef, Options, SourceRef, formats};
//!
//! let bbc = OutletRef::new("bbc", "BBC News", "bbc.com");
//! assert_eq!(bbc.homepage, "https://bbc.com/");
//! // Any `Fn(&Article) -> ArticleLinks` is a linker.
//! let options = Options::new().links(move |article: &dateline_core::Article<'_>| ArticleLinks {
//!     sources: article
//!         .attributions()
//!         .map(|a| SourceRef {
//!             source: a.source.to_string(),
//!             outlet: (a.source == "BBC").then(|| bbc.clone()),
//!         })
//!         .collect(),
//!     ..ArticleLinks::default()
//! });
//!
//! let article = dateline_core::parse("Talks\n20220131\nhttps://example.com/\nPerBBC,the talks.\n")?;
//! let mut page = Vec::new();
//! let mut html = formats::create("html", &options)?;
//! html.begin(&mut page)?;
//! html.article(&mut page, &article)?;
//! html.end(&mut page)?;
//! let page = String::from_utf8(page)?;
//! assert!(page.contains(r#"Per <a class="source" href="https://bbc.com/">BBC</a>, the talks."#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use dateline_core::{Article, Attribution};
use serde::{Deserialize, Serialize};

/// What URL analysis and outlet resolution know about one article.
///
/// Its serde form is what `json` and `jsonl` write under `"links"`: every field
/// is always present, `null` when unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleLinks {
    /// The facts of the article's own URL; `None` if the URL cannot be read.
    pub url: Option<UrlFacts>,
    /// The outlet that published the article, found from its URL's host.
    pub outlet: Option<OutletRef>,
    /// One entry per attribution of the body, in document order (the order of
    /// [`Article::attributions`]).
    pub sources: Vec<SourceRef>,
}

impl ArticleLinks {
    /// The outlet resolved for the `index`th attribution, if the entry at that
    /// index is for `attribution` (same source name): a linker that returned
    /// too few, too many or misordered entries links nothing wrongly.
    pub fn source_outlet(&self, index: usize, attribution: &Attribution<'_>) -> Option<&OutletRef> {
        self.sources
            .get(index)
            .filter(|s| s.source == attribution.source)
            .and_then(|s| s.outlet.as_ref())
    }
}

/// What an article's URL says, read from its canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlFacts {
    /// The canonical URL (lower-case host, no tracking parameters, no fragment).
    pub canonical: String,
    /// The canonical host (`www.hngn.com`).
    pub host: String,
    /// The host's registrable domain (`hngn.com`), if it has one.
    pub domain: Option<String>,
    /// The publication date in the path, `YYYY-MM-DD`, if any.
    pub date: Option<String>,
    /// The outlet's own article id in the URL (`240451`), if any.
    pub article_id: Option<String>,
    /// The slug of the path, if any.
    pub slug: Option<String>,
}

/// An outlet, as the exported records name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletRef {
    /// The outlet's stable id (`bbc`).
    pub id: String,
    /// Its display name (`BBC News`).
    pub name: String,
    /// Its main domain (`bbc.co.uk`).
    pub domain: String,
    /// Its home page: `https://{domain}/`.
    pub homepage: String,
}

impl OutletRef {
    /// An outlet whose home page is `https://{domain}/`.
    pub fn new(id: impl Into<String>, name: impl Into<String>, domain: impl Into<String>) -> Self {
        let domain = domain.into();
        OutletRef {
            id: id.into(),
            name: name.into(),
            homepage: format!("https://{domain}/"),
            domain,
        }
    }
}

/// One attribution's source and the outlet it names, if resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The source as the attribution has it (`BBC`).
    pub source: String,
    /// The outlet of that name, if known.
    pub outlet: Option<OutletRef>,
}

/// The hook that computes an article's links: how outlet resolution reaches the
/// formats without this crate depending on it. Any `Fn(&Article) -> ArticleLinks`
/// (that is `Send + Sync`) is one.
///
/// It is called once per article by each format that writes links, on the
/// thread that exports the article (a worker, when a caller exports in
/// parallel): it must be cheap and must not need a lock.
pub trait Linker: Send + Sync {
    /// What is known about `article`.
    fn links(&self, article: &Article<'_>) -> ArticleLinks;
}

impl<F> Linker for F
where
    F: Fn(&Article<'_>) -> ArticleLinks + Send + Sync,
{
    fn links(&self, article: &Article<'_>) -> ArticleLinks {
        self(article)
    }
}
