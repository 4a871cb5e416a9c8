//! # dateline-links
//!
//! The link layer of dateline: what a scraped news article points at, and who
//! it cites. A dateline file names its own source URL (line 3), promotes other
//! articles by headline (`Read Also:US, Russia Still Open for Diplomacy…`) and
//! attributes claims to outlets (`PerBBC,the French leader…`, `as perNBC
//! News.`). Resolving those references across a corpus needs four things,
//! one module each, all working on plain strings:
//!
//! | module | question it answers |
//! | --- | --- |
//! | [`canonical`] | Are these two URLs the same article? |
//! | [`facts`] | What does this URL say: site, date, article id, slug? |
//! | [`text`] | Are these two headlines (or a headline and a slug) the same? |
//! | [`outlets`] | Which outlet is "AP News", or `www.hngn.com`? |
//!
//! On these, four modules link a corpus of parsed articles
//! ([`dateline_core::Article`]):
//!
//! | module | what it does |
//! | --- | --- |
//! | [`corpus`] | Keeps light records of the articles (header, promo headlines, cited sources) and indexes them |
//! | [`resolve`] | Resolves a promo's headline to an article: exact, then slug, then fuzzy, through an inverted index, with work per promo bounded by a cap, then by letters (typos, cut headlines); names an unresolved one's near miss |
//! | [`report`] | Builds the serialisable [`LinksReport`]: references, outlets, duplicates, date mismatches |
//! | [`graph`] | Writes the references as a CSV edge list or a Graphviz graph |
//!
//! ```
//! use dateline_links::{Gazetteer, HeadlineKey, UrlFacts, canonicalize};
//!
//! // The seed article's source URL, as a reader might have shared it.
//! let url = canonicalize(
//!     "https://WWW.HNGN.COM/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm?utm_source=twitter#comments",
//! )?;
//! assert_eq!(
//!     url.match_key(),
//!     "hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm",
//! );
//!
//! // What the URL says about the article.
//! let facts = UrlFacts::from_url(url.clone());
//! assert_eq!(facts.date.map(|d| d.to_string()).as_deref(), Some("2022-02-07"));
//! assert_eq!(facts.article_id.as_deref(), Some("240451"));
//!
//! // Its slug covers the headline's leading words: a fuzzy match.
//! let slug = HeadlineKey::new(facts.slug.as_deref().unwrap_or_default());
//! let headline = HeadlineKey::new(
//!     "Macron Heads To Meet Putin in Russia In Bid To De-escalate Ukraine Tensions By Proposing A New Balance",
//! );
//! assert_eq!(slug.containment_in(&headline), 1.0);
//!
//! // Who published it, and who it cites.
//! let outlets = Gazetteer::builtin();
//! assert_eq!(outlets.lookup_url(&url).map(|o| o.name()), Some("Headlines & Global News"));
//! assert_eq!(outlets.lookup_name("AP News").map(|o| o.id()), Some("ap"));
//! # Ok::<(), dateline_links::UrlError>(())
//! ```
//!
//! ## Design
//!
//! * **No network, no files at run time.** The Public Suffix List comes
//!   compiled into the [`psl`] crate; the outlet gazetteer is checked when
//!   this one is built and compiled in as tables.
//! * **Own types at the edges.** [`CanonicalUrl`] is the canonical string and
//!   the positions of its parts; the `url` crate parses whatever is not
//!   already in a plain canonical shape, without being exposed, so callers do
//!   not depend on that crate's version.
//!   Errors are this crate's enums ([`UrlError`], [`GazetteerError`]).
//! * **Values are valid by construction.** A [`CanonicalUrl`] is canonical, a
//!   date is a [`dateline_core::Date`] (one calendar for the whole workspace), an
//!   [`Outlet`] passed validation.
//! * **Heuristics are documented rules.** Each rule of [`facts`] and [`text`]
//!   is listed in its module's documentation and unit-tested on the URL shapes
//!   of the outlets that need it.
//!
//! The URL and text modules work on plain strings; only [`corpus`] reads
//! `dateline-core`'s model, so a corpus can also be built from records made
//! another way (a database, a benchmark).
//!
//! ```
//! use dateline_links::corpus::{ArticleRecord, CorpusBuilder};
//! use dateline_links::{Gazetteer, LinksReport, Method, Resolver};
//!
//! let mut corpus = CorpusBuilder::new();
//! for (id, src) in [
//!     ("000", "Macron Heads To Moscow\n20220131\nhttp://www.hngn.com/articles/240451/20220207/macron-heads-moscow.htm\n\
//!              PerBBC,the French leader hopes for dialogue.\n\
//!              Read Also:US, Russia Still Open for Diplomacy\n"),
//!     ("001", "US, Russia Still Open For Diplomacy\n20220130\nhttps://www.hngn.com/articles/240371/20220130/us-russia-diplomacy.htm\n\
//!              Talks go on.\n"),
//! ] {
//!     let article = dateline_core::parse(src)?.with_id(id);
//!     corpus.push(ArticleRecord::from_article(&article))?; // the article can go now
//! }
//! let corpus = corpus.build();
//! let report = LinksReport::build(&Resolver::new(&corpus), Gazetteer::builtin());
//! assert_eq!(report.references[0].to.as_deref(), Some("001"));
//! assert_eq!(report.references[0].method, Some(Method::Exact));
//! assert_eq!(report.attributions[0].outlet.as_deref(), Some("bbc"));
//! assert_eq!(report.date_mismatches[0].days, 7);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod canonical;
pub mod corpus;
pub mod facts;
mod glance;
pub mod graph;
mod keymap;
pub mod linker;
pub mod outlets;
mod percent;
mod record_store;
pub mod report;
pub mod resolve;
pub mod spaced;
pub mod text;
mod typo;

pub use canonical::{CanonicalUrl, UrlError, canonicalize};
pub use corpus::{ArticleRecord, Corpus, CorpusBuilder, CorpusError, PreparedRecord};
pub use facts::UrlFacts;
pub use linker::{ArticleLinks, GazetteerLinker, Linker, OutletRef, SourceRef};
pub use outlets::{Gazetteer, GazetteerError, Outlet, OutletKind};
pub use report::LinksReport;
pub use resolve::{InvalidScore, Method, Resolution, Resolver};
pub use text::HeadlineKey;
