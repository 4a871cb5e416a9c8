//! The glue between `dateline-links` and `dateline-export`: a [`Linker`] that
//! reads an article's URL and resolves its outlets with a gazetteer, and the
//! gazetteer of `--outlets` (shared by `convert` and `links`).
//!
//! `dateline-export` does not depend on `dateline-links` (it stays light, and a
//! plugin can link articles another way); this module is the only place that
//! knows both.

use std::borrow::Cow;
use std::io;
use std::path::Path;

use dateline_core::Article;
use dateline_export::{ArticleLinks, Linker, OutletRef, SourceRef, UrlFacts};
use dateline_links::{Gazetteer, Outlet, canonicalize};

/// The built-in gazetteer, with the user's file merged in (a record with a
/// built-in id replaces that outlet). The error is a message for standard
/// error, naming the file.
pub fn gazetteer(file: Option<&Path>) -> Result<Cow<'static, Gazetteer>, String> {
    let builtin = Gazetteer::builtin();
    let Some(file) = file else {
        return Ok(Cow::Borrowed(builtin));
    };
    let name = file.display();
    let reader = std::fs::File::open(file)
        .map_err(|e| format!("cannot read the outlets file {name}: {e}"))?;
    let user = Gazetteer::from_reader(io::BufReader::new(reader))
        .map_err(|e| format!("the outlets file {name} is invalid: {e}"))?;
    builtin.merge(&user).map(Cow::Owned).map_err(|e| {
        format!(
            "the outlets file {name} clashes with the built-in outlets: {e} \
             (to replace a built-in outlet, give its record the built-in id)"
        )
    })
}

/// Links articles with a gazetteer: the facts of the article's canonical URL,
/// the outlet of its host, and the outlet of each attribution's source name.
///
/// It holds the gazetteer (the built-in one borrowed, a merged one owned) and
/// nothing else: the export options hold it behind an `Arc`, so every worker
/// shares it, and a lookup only reads it (no lock, no cache).
pub struct Enricher {
    gazetteer: Cow<'static, Gazetteer>,
}

impl Enricher {
    /// A linker resolving outlets with `gazetteer`.
    pub fn new(gazetteer: Cow<'static, Gazetteer>) -> Enricher {
        Enricher { gazetteer }
    }
}

/// How the export records name a gazetteer outlet: its first domain is its
/// main one (the home page).
fn outlet_ref(outlet: &Outlet) -> OutletRef {
    let domain = outlet.domains().first().map_or("", String::as_str);
    OutletRef::new(outlet.id(), outlet.name(), domain)
}

impl Linker for Enricher {
    fn links(&self, article: &Article<'_>) -> ArticleLinks {
        // A URL that does not canonicalize (no scheme, a bad host) has no facts
        // and no outlet; the attributions are still resolved by name.
        let url = canonicalize(&article.url).ok();
        let facts = url.as_ref().map(|url| {
            let facts = dateline_links::UrlFacts::from_url(url);
            UrlFacts {
                canonical: url.as_str().to_owned(),
                host: facts.host,
                domain: facts.registrable_domain,
                date: facts.date.map(|d| d.to_string()),
                article_id: facts.article_id,
                slug: facts.slug,
            }
        });
        let outlet = url
            .as_ref()
            .and_then(|url| self.gazetteer.lookup_url(url))
            .map(outlet_ref);
        let sources = article
            .attributions()
            .map(|a| SourceRef {
                source: a.source.to_string(),
                outlet: self.gazetteer.lookup_name(&a.source).map(outlet_ref),
            })
            .collect();
        ArticleLinks {
            url: facts,
            outlet,
            sources,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> ArticleLinks {
        let article = dateline_core::parse(text).expect("parses");
        Enricher::new(Cow::Borrowed(Gazetteer::builtin())).links(&article)
    }

    #[test]
    fn the_seed_is_linked_to_its_outlets() {
        let seed = include_str!("../../../tests/fixtures/000_4e9296dd8dfcdc21.txt");
        let links = links(seed);
        let url = links.url.expect("the seed's URL reads");
        assert_eq!(
            url.canonical,
            "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm"
        );
        assert_eq!(url.host, "www.hngn.com");
        assert_eq!(url.domain.as_deref(), Some("hngn.com"));
        assert_eq!(url.date.as_deref(), Some("2022-02-07"));
        assert_eq!(url.article_id.as_deref(), Some("240451"));
        let outlet = links.outlet.expect("hngn is built in");
        assert_eq!(
            (outlet.id.as_str(), outlet.homepage.as_str()),
            ("hngn", "https://hngn.com/")
        );
        let sources: Vec<(&str, Option<&str>)> = links
            .sources
            .iter()
            .map(|s| (s.source.as_str(), s.outlet.as_ref().map(|o| o.id.as_str())))
            .collect();
        assert_eq!(
            sources,
            [
                ("BBC", Some("bbc")),
                ("NBC News", Some("nbc-news")),
                ("AP News", Some("ap"))
            ]
        );
    }

    #[test]
    fn an_unreadable_url_has_no_facts_and_no_outlet() {
        // The parser only takes http(s) URLs; a hand-made article may hold anything.
        let text = "Talks\n20220131\nhttps://www.bbc.com/\nPerBBC,the talks. PerNobody Knows,it.\n";
        let mut article = dateline_core::parse(text).expect("parses");
        article.url = "not a url".into();
        let links = Enricher::new(Cow::Borrowed(Gazetteer::builtin())).links(&article);
        assert_eq!(links.url, None);
        assert_eq!(links.outlet, None);
        assert_eq!(links.sources.len(), 2);
        assert_eq!(
            links.sources[0].outlet.as_ref().map(|o| o.id.as_str()),
            Some("bbc")
        );
        assert_eq!(links.sources[1].source, "Nobody Knows");
        assert_eq!(links.sources[1].outlet, None);
    }
}
