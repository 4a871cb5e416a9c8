//! The links report of a corpus: references resolved, outlets named, duplicates
//! and date mismatches found. It serialises (serde) to the JSON that
//! `dateline links` prints.
//!
//! ```json
//! {
//!   "articles": 10,
//!   "resolved": 5, "unresolved": 3, "ambiguous": 1, "self_references": 1, "capped": 0,
//!   "min_score": 0.6, "max_candidates": 4096,
//!   "references": [
//!     {"from": "001", "line": 5, "label": "Read Also", "title": "US, Russia Still Open...",
//!      "to": "002", "method": "exact", "score": 1.0, "candidates": [], "self_reference": false,
//!      "capped": false, "best_candidate": null, "best_score": null}
//!   ],
//!   "attributions": [
//!     {"article": "001", "line": 8, "source": "BBC", "cue": "Per",
//!      "outlet": "bbc", "name": "BBC", "domain": "bbc.co.uk", "kind": "glued"}
//!   ],
//!   "publishers": [
//!     {"article": "001", "title": "Macron Heads...", "date": "2022-01-31",
//!      "url": "http://www.hngn.com/...", "host": "www.hngn.com", "domain": "hngn.com",
//!      "outlet": "hngn", "name": "Headlines & Global News"}
//!   ],
//!   "duplicates": [
//!     {"reason": "url", "key": "hngn.com/articles/240451/...", "date": null, "articles": ["001", "008"]}
//!   ],
//!   "date_mismatches": [
//!     {"article": "001", "header_date": "2022-01-31", "url_date": "2022-02-07", "days": 7}
//!   ],
//!   "invalid_urls": [{"article": "009", "url": "not a url", "error": "..."}]
//! }
//! ```
//!
//! * `references`: one per promo, in input order (article, then line).
//!   `to` is `null` when the reference is unresolved or ambiguous; `method`
//!   and `score` are described in [`crate::resolve`]; `candidates` lists an
//!   ambiguous reference's candidates; `self_reference` marks a promo naming
//!   its own article (`to` is then its own id); `capped` marks a reference
//!   whose fuzzy search read only `max_candidates` candidates, so that a better
//!   match may exist ([`Resolution::capped`](crate::resolve::Resolution::capped)).
//!   An unresolved reference without candidates has its near miss in
//!   `best_candidate` (an article id) and `best_score` (its Jaccard score,
//!   below `min_score`); both are `null` otherwise, or when no article shares
//!   a word with the promo ([near misses](crate::resolve#near-misses)).
//! * The counts add up: `references` = `resolved` + `self_references` +
//!   `unresolved`. `resolved` counts the references resolved to *another*
//!   article; `self_references` those naming their own article (or a URL
//!   duplicate of it); `unresolved` those whose `to` is `null`, of which
//!   `ambiguous` have candidates. `capped` counts the capped references
//!   (resolved or not).
//! * `attributions`: one per cited source, in input order (an article's
//!   glued ones, then its spaced ones); `kind` says
//!   whether it was glued to its cue (`PerBBC,`, found by the parser) or
//!   spaced (`according to Reuters`, `told the BBC`, `Reuters reported`,
//!   `(AP)`: see [`crate::spaced`], found only when the source is an outlet
//!   of the gazetteer the corpus was indexed with); `outlet` (the
//!   gazetteer id), `name` and `domain` (the outlet's first domain) are `null`
//!   when the gazetteer does not know the source.
//! * `publishers`: one per article, in input order: its canonical URL, host,
//!   registrable domain and the outlet publishing on that host.
//! * `duplicates`, `date_mismatches`: see [`Corpus::duplicates`] and
//!   [`Corpus::date_mismatches`].
//! * `invalid_urls`: articles whose URL is not an `http`/`https` URL.

use dateline_core::Date;
use serde::{Deserialize, Serialize};

use crate::corpus::{ArticleView, Reference};
use crate::corpus::{Corpus, DateMismatch, Duplicate};
use crate::outlets::Gazetteer;
use crate::resolve::{Found, Method, Resolution, Resolver};
use crate::spaced::AttributionKind;

/// The links report (see the [module docs](self) for its JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinksReport {
    /// The number of articles.
    pub articles: usize,
    /// References resolved to another article (not counting self-references).
    pub resolved: usize,
    /// References without a target (`to` is `null`), ambiguous ones included.
    pub unresolved: usize,
    /// Unresolved references with two or more candidates.
    pub ambiguous: usize,
    /// References naming their own article.
    pub self_references: usize,
    /// References whose fuzzy search hit the candidate cap.
    pub capped: usize,
    /// The minimum fuzzy score used.
    pub min_score: f64,
    /// The candidate cap of the fuzzy search used.
    pub max_candidates: usize,
    /// Every promo, resolved or not, in input order.
    pub references: Vec<ReferenceLink>,
    /// Every attribution, in input order.
    pub attributions: Vec<AttributionLink>,
    /// Each article's publisher, in input order.
    pub publishers: Vec<Publisher>,
    /// Duplicate groups.
    pub duplicates: Vec<Duplicate>,
    /// Articles whose header date differs from their URL's.
    pub date_mismatches: Vec<DateMismatch>,
    /// Articles whose URL could not be read.
    pub invalid_urls: Vec<InvalidUrl>,
}

/// One promo and what it resolved to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceLink {
    /// The id of the article with the promo.
    pub from: String,
    /// The promo's line, if known.
    pub line: Option<u32>,
    /// The promo label (`Read Also`).
    pub label: String,
    /// The headline the promo names.
    pub title: String,
    /// The id of the article named, or `None`.
    pub to: Option<String>,
    /// How it was resolved.
    pub method: Option<Method>,
    /// The match score.
    pub score: f64,
    /// An ambiguous reference's candidates.
    pub candidates: Vec<String>,
    /// Whether the promo names its own article.
    pub self_reference: bool,
    /// Whether the fuzzy search hit the candidate cap (a better match may exist).
    pub capped: bool,
    /// An unresolved reference's near miss: the article whose headline scored
    /// best, below the minimum score.
    #[serde(default)]
    pub best_candidate: Option<String>,
    /// The near miss's Jaccard score.
    #[serde(default)]
    pub best_score: Option<f64>,
}

/// One attribution and the outlet it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionLink {
    /// The id of the article citing.
    pub article: String,
    /// The paragraph's line, if known.
    pub line: Option<u32>,
    /// The source as written (`NBC News`).
    pub source: String,
    /// The cue as written (`per`).
    pub cue: String,
    /// The outlet's gazetteer id (`nbc-news`).
    pub outlet: Option<String>,
    /// The outlet's name.
    pub name: Option<String>,
    /// The outlet's first domain (`nbcnews.com`).
    pub domain: Option<String>,
    /// `glued` (`PerBBC,`) or `spaced` (`according to Reuters`).
    #[serde(default)]
    pub kind: AttributionKind,
}

/// Who published an article, from its URL's host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publisher {
    /// The article's id.
    pub article: String,
    /// Its headline.
    pub title: String,
    /// Its header date.
    pub date: Option<Date>,
    /// Its canonical URL, or the URL as written if it is invalid.
    pub url: String,
    /// The URL's host.
    pub host: Option<String>,
    /// The host's registrable domain.
    pub domain: Option<String>,
    /// The gazetteer id of the outlet publishing on the host.
    pub outlet: Option<String>,
    /// The outlet's name.
    pub name: Option<String>,
}

/// An article whose URL is not a web URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidUrl {
    /// The article's id.
    pub article: String,
    /// The URL as written.
    pub url: String,
    /// Why it was rejected.
    pub error: String,
}

impl LinksReport {
    /// Resolves every reference of the resolver's corpus and looks every
    /// attribution and URL host up in `gazetteer`.
    ///
    /// ```
    /// use dateline_links::Gazetteer;
    /// use dateline_links::corpus::{ArticleRecord, CorpusBuilder};
    /// use dateline_links::report::LinksReport;
    /// use dateline_links::resolve::Resolver;
    ///
    /// let mut builder = CorpusBuilder::new();
    /// builder.push(
    ///     ArticleRecord::new("a", "Macron Heads To Moscow", "https://www.hngn.com/articles/1/x.htm")
    ///         .with_reference("Read Also", "Putin Hosts Macron")
    ///         .with_attribution("AP News"),
    /// )?;
    /// builder.push(ArticleRecord::new("b", "Putin Hosts Macron", "https://www.reuters.com/world/putin-hosts-macron-2022-02-07/"))?;
    /// let corpus = builder.build();
    /// let report = LinksReport::build(&Resolver::new(&corpus), Gazetteer::builtin());
    /// assert_eq!(report.references[0].to.as_deref(), Some("b"));
    /// assert_eq!(report.attributions[0].outlet.as_deref(), Some("ap"));
    /// assert_eq!(report.publishers[1].outlet.as_deref(), Some("reuters"));
    /// # Ok::<(), dateline_links::corpus::CorpusError>(())
    /// ```
    pub fn build(resolver: &Resolver<'_>, gazetteer: &Gazetteer) -> LinksReport {
        let corpus = resolver.corpus();
        let mut references = Vec::new();
        let mut attributions = Vec::new();
        let mut publishers = Vec::with_capacity(corpus.len());
        let mut resolutions = resolver.find_all().into_iter();
        for article in corpus.articles() {
            for (reference, found) in article.references().zip(resolutions.by_ref()) {
                references.push(reference_link(article, reference, found.spell(corpus)));
            }
            attributions.extend(attribution_links(article, gazetteer));
            publishers.push(publisher(article, gazetteer));
        }
        let counts = Counts::of(references.iter().map(|r| {
            (
                r.to.is_some(),
                r.self_reference,
                !r.candidates.is_empty(),
                r.capped,
            )
        }));
        LinksReport {
            articles: corpus.len(),
            resolved: counts.resolved,
            unresolved: counts.unresolved,
            ambiguous: counts.ambiguous,
            self_references: counts.self_references,
            capped: counts.capped,
            min_score: resolver.min_score(),
            max_candidates: resolver.max_candidates(),
            references,
            attributions,
            publishers,
            duplicates: corpus.duplicates(),
            date_mismatches: corpus.date_mismatches(),
            invalid_urls: invalid_urls(corpus),
        }
    }

    /// The report as [`LinksReport::build`] makes it, to be serialised as it
    /// is made: every reference is resolved first (the counts come first in
    /// the JSON), keeping only its resolution, with the articles it names by
    /// position (64 bytes a reference, no ids spelt); the references,
    /// attributions and publishers are then made one at a time while they are
    /// written, so memory holds the resolutions, not the report. It serialises
    /// to the same JSON as the built report, field for field.
    pub fn stream<'r>(resolver: &Resolver<'r>, gazetteer: &'r Gazetteer) -> ReportStream<'r> {
        let resolutions = resolver.find_all();
        let counts = Counts::of(resolutions.iter().map(|r| {
            (
                r.is_resolved(),
                r.is_self_reference(),
                r.has_candidates(),
                r.is_capped(),
            )
        }));
        ReportStream {
            resolver: *resolver,
            gazetteer,
            resolutions,
            counts,
        }
    }
}

/// The counts at the head of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    references: usize,
    resolved: usize,
    unresolved: usize,
    ambiguous: usize,
    self_references: usize,
    capped: usize,
}

impl Counts {
    /// The counts of references given as (resolved, names itself, has
    /// candidates, capped).
    fn of(references: impl Iterator<Item = (bool, bool, bool, bool)>) -> Counts {
        let mut counts = Counts::default();
        for (to, self_reference, candidates, capped) in references {
            counts.references += 1;
            counts.unresolved += usize::from(!to);
            counts.ambiguous += usize::from(!to && candidates);
            counts.self_references += usize::from(self_reference);
            counts.capped += usize::from(capped);
        }
        counts.resolved = counts.references - counts.unresolved - counts.self_references;
        counts
    }
}

/// A reference of `article` and its resolution, as the report lists it.
fn reference_link(
    article: ArticleView<'_>,
    reference: Reference<'_>,
    r: Resolution,
) -> ReferenceLink {
    ReferenceLink {
        from: article.id().to_owned(),
        line: reference.line,
        label: reference.label.to_owned(),
        title: reference.title.to_owned(),
        to: r.to,
        method: r.method,
        score: r.score,
        candidates: r.candidates,
        self_reference: r.self_reference,
        capped: r.capped,
        best_candidate: r.best_candidate,
        best_score: r.best_score,
    }
}

/// The attributions of `article` and the outlets they name.
fn attribution_links<'a>(
    article: ArticleView<'a>,
    gazetteer: &'a Gazetteer,
) -> impl Iterator<Item = AttributionLink> + 'a {
    article.attributions().map(move |attribution| {
        let outlet = gazetteer.lookup_source(attribution.source);
        AttributionLink {
            article: article.id().to_owned(),
            line: attribution.line,
            source: attribution.source.to_owned(),
            cue: attribution.cue.to_owned(),
            outlet: outlet.map(|o| o.id().to_owned()),
            name: outlet.map(|o| o.name().to_owned()),
            domain: outlet.and_then(|o| o.domains().first().cloned()),
            kind: attribution.kind,
        }
    })
}

/// Who published `article`.
fn publisher(article: ArticleView<'_>, gazetteer: &Gazetteer) -> Publisher {
    let mut publisher = Publisher {
        article: article.id().to_owned(),
        title: article.title().to_owned(),
        date: article.date(),
        url: article.url().to_owned(),
        host: None,
        domain: None,
        outlet: None,
        name: None,
    };
    if let Ok(url) = article.web_url() {
        let outlet = gazetteer.lookup_url(&url.canonical());
        publisher.url = url.as_str().to_owned();
        publisher.host = Some(url.host().to_owned());
        publisher.domain = url.domain().map(str::to_owned);
        publisher.outlet = outlet.map(|o| o.id().to_owned());
        publisher.name = outlet.map(|o| o.name().to_owned());
    }
    publisher
}

/// The articles of `corpus` whose URL is not a web URL.
fn invalid_urls(corpus: &Corpus) -> Vec<InvalidUrl> {
    corpus
        .articles()
        .filter_map(|article| match article.web_url() {
            Err(e) => Some(InvalidUrl {
                article: article.id().to_owned(),
                url: article.url().to_owned(),
                error: e.to_string(),
            }),
            Ok(_) => None,
        })
        .collect()
}

/// A links report serialised as it is made ([`LinksReport::stream`]).
pub struct ReportStream<'r> {
    resolver: Resolver<'r>,
    gazetteer: &'r Gazetteer,
    resolutions: Vec<Found>,
    counts: Counts,
}

impl ReportStream<'_> {
    /// The number of articles.
    pub fn articles(&self) -> usize {
        self.resolver.corpus().len()
    }
    /// The number of references (promos).
    pub fn references(&self) -> usize {
        self.counts.references
    }
    /// References resolved to another article.
    pub fn resolved(&self) -> usize {
        self.counts.resolved
    }
    /// References without a target, ambiguous ones included.
    pub fn unresolved(&self) -> usize {
        self.counts.unresolved
    }
    /// Unresolved references with two or more candidates.
    pub fn ambiguous(&self) -> usize {
        self.counts.ambiguous
    }
    /// References naming their own article.
    pub fn self_references(&self) -> usize {
        self.counts.self_references
    }
    /// References whose fuzzy search hit the candidate cap.
    pub fn capped(&self) -> usize {
        self.counts.capped
    }
    /// The candidate cap used.
    pub fn max_candidates(&self) -> usize {
        self.resolver.max_candidates()
    }
}

impl std::fmt::Debug for ReportStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportStream")
            .field("articles", &self.articles())
            .field("references", &self.counts.references)
            .finish_non_exhaustive()
    }
}

/// A sequence serialised from an iterator made when it is written.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

impl Serialize for ReportStream<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let corpus = self.resolver.corpus();
        let mut out = serializer.serialize_struct("LinksReport", 14)?;
        out.serialize_field("articles", &corpus.len())?;
        out.serialize_field("resolved", &self.counts.resolved)?;
        out.serialize_field("unresolved", &self.counts.unresolved)?;
        out.serialize_field("ambiguous", &self.counts.ambiguous)?;
        out.serialize_field("self_references", &self.counts.self_references)?;
        out.serialize_field("capped", &self.counts.capped)?;
        out.serialize_field("min_score", &self.resolver.min_score())?;
        out.serialize_field("max_candidates", &self.resolver.max_candidates())?;
        out.serialize_field(
            "references",
            &Lazy(|| {
                corpus
                    .articles()
                    .flat_map(|article| article.references().map(move |r| (article, r)))
                    .zip(&self.resolutions)
                    .map(|((article, reference), found)| {
                        reference_link(article, reference, found.spell(corpus))
                    })
            }),
        )?;
        out.serialize_field(
            "attributions",
            &Lazy(|| {
                corpus
                    .articles()
                    .flat_map(|article| attribution_links(article, self.gazetteer))
            }),
        )?;
        out.serialize_field(
            "publishers",
            &Lazy(|| {
                corpus
                    .articles()
                    .map(|article| publisher(article, self.gazetteer))
            }),
        )?;
        out.serialize_field("duplicates", &corpus.duplicates())?;
        out.serialize_field("date_mismatches", &corpus.date_mismatches())?;
        out.serialize_field("invalid_urls", &invalid_urls(corpus))?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{ArticleRecord, CorpusBuilder};

    #[test]
    fn counts_and_outlets() {
        let mut builder = CorpusBuilder::new();
        let day = Date::new(2022, 1, 31).expect("valid");
        builder
            .push(
                ArticleRecord::new(
                    "a",
                    "Macron Heads To Moscow",
                    "HTTPS://WWW.HNGN.COM/articles/1/20220207/x.htm?utm_source=x",
                )
                .with_date(day)
                .with_reference("Read Also", "Putin Hosts Macron")
                .with_reference("Read Also", "Macron Heads To Moscow")
                .with_reference("Related", "Nothing Like It")
                .with_attribution("BBC")
                .with_attribution("bbc.co.uk")
                .with_attribution("Kremlin"),
            )
            .expect("room");
        builder
            .push(ArticleRecord::new(
                "b",
                "Putin Hosts Macron",
                "ftp://example.com/x",
            ))
            .expect("room");
        let corpus = builder.build();
        let report = LinksReport::build(&Resolver::new(&corpus), Gazetteer::builtin());
        assert_eq!(report.articles, 2);
        assert_eq!(
            (
                report.resolved,
                report.unresolved,
                report.ambiguous,
                report.self_references
            ),
            (1, 1, 0, 1),
            "one to another article, one unresolved, one naming its own article"
        );
        let outlets: Vec<_> = report
            .attributions
            .iter()
            .map(|a| (a.outlet.as_deref(), a.domain.as_deref()))
            .collect();
        assert_eq!(
            outlets,
            [
                (Some("bbc"), Some("bbc.co.uk")),
                (Some("bbc"), Some("bbc.co.uk")),
                (None, None)
            ]
        );
        let a = &report.publishers[0];
        assert_eq!(a.url, "https://www.hngn.com/articles/1/20220207/x.htm");
        assert_eq!(a.host.as_deref(), Some("www.hngn.com"));
        assert_eq!(a.domain.as_deref(), Some("hngn.com"));
        assert_eq!(a.outlet.as_deref(), Some("hngn"));
        assert_eq!(report.invalid_urls.len(), 1);
        assert_eq!(report.invalid_urls[0].article, "b");
        assert_eq!(report.publishers[1].url, "ftp://example.com/x");
        assert_eq!(report.date_mismatches[0].days, 7);
    }

    #[test]
    fn the_streamed_report_is_the_built_one() {
        let mut builder = CorpusBuilder::new();
        builder
            .push(
                ArticleRecord::new(
                    "a",
                    "Macron Heads To Moscow",
                    "https://www.hngn.com/articles/1/x.htm",
                )
                .with_reference("Read Also", "Putin Hosts Macron")
                .with_reference("Read Also", "Macron Heads To Moscow")
                .with_reference("Related", "Nothing Like It")
                .with_attribution("BBC")
                .with_attribution("Kremlin"),
            )
            .expect("room");
        builder
            .push(ArticleRecord::new(
                "b",
                "Putin Hosts Macron",
                "ftp://example.com/x",
            ))
            .expect("room");
        builder
            .push(ArticleRecord::new(
                "b",
                "Putin Hosts Macron",
                "https://www.hngn.com/articles/1/x.htm",
            ))
            .expect("room");
        let corpus = builder.build();
        let resolver = Resolver::new(&corpus);
        let built = LinksReport::build(&resolver, Gazetteer::builtin());
        let streamed = LinksReport::stream(&resolver, Gazetteer::builtin());
        assert_eq!(
            serde_json::to_string(&built).expect("serialises"),
            serde_json::to_string(&streamed).expect("serialises"),
        );
        assert_eq!(
            (
                streamed.references(),
                streamed.unresolved(),
                streamed.self_references()
            ),
            (
                built.references.len(),
                built.unresolved,
                built.self_references
            )
        );
    }

    #[test]
    fn serialises_null_targets() {
        let corpus = CorpusBuilder::new().build();
        let mut report = LinksReport::build(&Resolver::new(&corpus), Gazetteer::builtin());
        report.references.push(ReferenceLink {
            from: "a".into(),
            line: Some(4),
            label: "Read Also".into(),
            title: "X".into(),
            to: None,
            method: None,
            score: 0.0,
            candidates: Vec::new(),
            self_reference: false,
            capped: false,
            best_candidate: Some("b".into()),
            best_score: Some(0.5),
        });
        let json = serde_json::to_value(&report).expect("serialises");
        assert_eq!(json["references"][0]["to"], serde_json::Value::Null);
        assert_eq!(json["references"][0]["capped"], false);
        assert_eq!(json["references"][0]["best_candidate"], "b");
        assert_eq!(json["references"][0]["best_score"], 0.5);
        assert_eq!(json["max_candidates"], 4096);
        assert_eq!(json["references"][0]["method"], serde_json::Value::Null);
        let back: LinksReport = serde_json::from_value(json).expect("deserialises");
        assert_eq!(back, report);
    }
}
