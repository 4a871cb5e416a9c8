//! What is known about an article beyond its text, for the exporters: the facts
//! of its URL, the outlet that published it, and the outlets its attributions
//! cite. [`GazetteerLinker`] computes them with a [`Gazetteer`]; any
//! [`Linker`] can stand in for it (a database of outlets, a test).
//!
//! ```
//! use dateline_links::linker::{GazetteerLinker, Linker};
//!
//! let article = dateline_core::parse(
//!     "Talks\n20220131\nhttps://www.bbc.com/news/world-60212345\nPerReuters,the talks went on.\n",
//! )?;
//! let links = GazetteerLinker::builtin().links(&article);
//! assert_eq!(links.outlet.as_ref().map(|o| o.id.as_str()), Some("bbc"));
//! assert_eq!(links.url.and_then(|u| u.article_id).as_deref(), Some("60212345"));
//! assert_eq!(links.sources[0].outlet.as_ref().map(|o| o.id.as_str()), Some("reuters"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # One rule for a cited source
//!
//! A source named in the text (`PerBBC`, `as perbbc.co.uk`) is resolved by
//! [`Gazetteer::lookup_source`]: by name or alias, else, when it is written as
//! a host, by host. `dateline links` (the [`report`](crate::report)) and the
//! exported records use this one rule, so a corpus gets the same outlets
//! from both.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use dateline_core::{Article, Attribution};
use serde::{Deserialize, Serialize};

use std::sync::Arc;

use crate::canonical::canonicalize;
use crate::corpus::Corpus;
use crate::facts::{UrlFacts, registrable_domain};
use crate::outlets::{Gazetteer, GazetteerError, Outlet};
use crate::resolve::{InvalidScore, Resolution, Resolver};
use crate::spaced::{self, AttributionKind};

/// What URL analysis and outlet resolution know about one article.
///
/// Its serde form is what `json` and `jsonl` exports write under `"links"`:
/// every field is always present, `null` when unknown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleLinks {
    /// The facts of the article's own URL; `None` if the URL cannot be read.
    pub url: Option<UrlFacts>,
    /// The outlet that published the article, found from its URL's host.
    /// Shared: a corpus names a few outlets many times (see [`OutletRef`]).
    pub outlet: Option<Arc<OutletRef>>,
    /// One entry per attribution of the body, in document order (the order of
    /// [`Article::attributions`]), then one per spaced attribution naming an
    /// outlet of the gazetteer ([`crate::spaced`]: `according to Reuters`),
    /// in document order, with `kind` `spaced`.
    pub sources: Vec<SourceRef>,
    /// One entry per promo (the order of [`Article::related`]) when the linker
    /// resolves cross-references ([`GazetteerLinker::resolving`]): the article
    /// it names, how, and how well; empty otherwise.
    #[serde(default)]
    pub promos: Vec<Resolution>,
}

impl ArticleLinks {
    /// The outlet resolved for the `index`th attribution, if the entry at that
    /// index is for `attribution` (same source name): a linker that returned
    /// too few, too many or misordered entries links nothing wrongly.
    pub fn source_outlet(&self, index: usize, attribution: &Attribution<'_>) -> Option<&OutletRef> {
        self.sources
            .get(index)
            .filter(|s| s.source == attribution.source)
            .and_then(|s| s.outlet.as_deref())
    }
}

/// An outlet, as the exported records name it.
///
/// [`ArticleLinks`] hold it behind an [`Arc`]: a corpus names a few dozen
/// outlets over and over, and each article's links then share the one value
/// its linker resolved (a reference count) where they would copy four strings.
/// Its serde form is the outlet's fields, as without the `Arc`.
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

/// The [`OutletRef`] of `outlet`, to be shared by the links that name it.
fn shared(outlet: &Outlet) -> Arc<OutletRef> {
    Arc::new(OutletRef::from(outlet))
}

impl From<&Outlet> for OutletRef {
    /// The outlet's first domain is its main one (the home page).
    fn from(outlet: &Outlet) -> OutletRef {
        let domain = outlet.domains().first().map_or("", String::as_str);
        OutletRef::new(outlet.id(), outlet.name(), domain)
    }
}

/// One attribution's source and the outlet it names, if resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The source as the attribution has it (`BBC`).
    pub source: String,
    /// The outlet of that name, if known (shared, as [`ArticleLinks::outlet`]).
    pub outlet: Option<Arc<OutletRef>>,
    /// `glued` (the parser's attribution) or `spaced`.
    #[serde(default)]
    pub kind: AttributionKind,
}

/// The hook that computes an article's links. Any `Fn(&Article) -> ArticleLinks`
/// (that is `Send + Sync`) is one; [`GazetteerLinker`] is dateline's.
///
/// Exporters call it once per article, on the thread that exports the article
/// (a worker, when a caller exports in parallel): it must be cheap and must not
/// need a lock.
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

impl Gazetteer {
    /// The outlet a cited source names (`BBC`, `AP News`, `bbc.co.uk`): by name
    /// or alias, else, when the source is written as a host (a dot and no
    /// space), by host. The one rule for sources, used by the
    /// [report](crate::report) and by [`GazetteerLinker`].
    ///
    /// ```
    /// use dateline_links::Gazetteer;
    ///
    /// let outlets = Gazetteer::builtin();
    /// assert_eq!(outlets.lookup_source("AP News").map(|o| o.id()), Some("ap"));
    /// assert_eq!(outlets.lookup_source("bbc.co.uk").map(|o| o.id()), Some("bbc"));
    /// assert_eq!(outlets.lookup_source("The Kremlin"), None);
    /// ```
    pub fn lookup_source(&self, source: &str) -> Option<&Outlet> {
        self.lookup_name(source).or_else(|| {
            let looks_like_host = source.contains('.') && !source.contains(char::is_whitespace);
            looks_like_host.then(|| self.lookup_host(source)).flatten()
        })
    }
}

/// Why a user's outlets file could not be used. Each message names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutletsFileError {
    /// The file could not be read.
    #[error("cannot read the outlets file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file is not a valid gazetteer (the error names the line).
    #[error("the outlets file {} is invalid: {source}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        source: Box<GazetteerError>,
    },
    /// The file claims a name or domain a built-in outlet has.
    #[error(
        "the outlets file {} clashes with the built-in outlets: {source} \
         (to replace a built-in outlet, give its record the built-in id)",
        path.display()
    )]
    Clash {
        /// The file.
        path: PathBuf,
        /// The clash, with the user's line.
        source: Box<GazetteerError>,
    },
}

/// The built-in gazetteer with the user's outlets file merged in (a record with
/// a built-in id replaces that outlet); the built-in one, borrowed, without a
/// file.
///
/// # Errors
///
/// [`OutletsFileError`], naming the file (and the line, for a format error or a
/// clash).
pub fn gazetteer_with(
    user_file: Option<&Path>,
) -> Result<Cow<'static, Gazetteer>, OutletsFileError> {
    let builtin = Gazetteer::builtin();
    let Some(path) = user_file else {
        return Ok(Cow::Borrowed(builtin));
    };
    let file = std::fs::File::open(path).map_err(|source| OutletsFileError::Read {
        path: path.to_owned(),
        source,
    })?;
    let user = Gazetteer::from_reader(io::BufReader::new(file)).map_err(|source| {
        OutletsFileError::Invalid {
            path: path.to_owned(),
            source: Box::new(source),
        }
    })?;
    builtin
        .merge(&user)
        .map(Cow::Owned)
        .map_err(|source| OutletsFileError::Clash {
            path: path.to_owned(),
            source: Box::new(source),
        })
}

/// Links articles with a gazetteer: the facts of the article's canonical URL,
/// the outlet of its host ([`Gazetteer::lookup_host`]), and the outlet of each
/// attribution's source ([`Gazetteer::lookup_source`]).
///
/// It holds the gazetteer (the built-in one borrowed, a merged one owned);
/// share it between threads behind an `Arc` (export options do): a lookup only
/// reads it, with no lock.
///
/// Hosts and source names repeat heavily across a corpus (a few dozen outlets
/// publish most articles and are most cited), and resolving one (normalising
/// the name, walking the host's parent domains, the host's Public Suffix List
/// lookup, building the [`OutletRef`]) costs more than serialising it. So each
/// thread keeps a bounded memo of what it resolved, with no lock on the way;
/// the rest of the URL, unique per article, is read every time.
pub struct GazetteerLinker {
    gazetteer: Cow<'static, Gazetteer>,
    /// The corpus to resolve promos against, and the resolver's settings.
    resolving: Option<Resolving>,
    /// Tells this linker's memo entries from another's on the same thread (two
    /// linkers may hold different gazetteers).
    id: u64,
}

/// The source of [`GazetteerLinker::id`]s: never 0, which marks an empty memo.
static NEXT_LINKER: AtomicU64 = AtomicU64::new(1);

/// What [`GazetteerLinker::resolving`] resolves against.
struct Resolving {
    corpus: Arc<Corpus>,
    min_score: f64,
    max_candidates: usize,
}

impl GazetteerLinker {
    /// A linker resolving outlets with `gazetteer`.
    pub fn new(gazetteer: Cow<'static, Gazetteer>) -> GazetteerLinker {
        GazetteerLinker {
            gazetteer,
            resolving: None,
            id: NEXT_LINKER.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// A linker with the built-in gazetteer.
    pub fn builtin() -> GazetteerLinker {
        GazetteerLinker::new(Cow::Borrowed(Gazetteer::builtin()))
    }

    /// The gazetteer it resolves with.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Also resolves each article's promos against `corpus` (the index of the
    /// whole input: see [`Resolver`]) with these settings, into
    /// [`ArticleLinks::promos`]. The article must carry the id the corpus
    /// gave it, so that a promo naming its own article is a self-reference.
    ///
    /// # Errors
    ///
    /// [`InvalidScore`] for a minimum score outside `0..=1`.
    pub fn resolving(
        mut self,
        corpus: Arc<Corpus>,
        min_score: f64,
        max_candidates: usize,
    ) -> Result<GazetteerLinker, InvalidScore> {
        // Checked once here, so that every per-article resolver is valid.
        let _ = Resolver::new(&corpus).with_min_score(min_score)?;
        self.resolving = Some(Resolving {
            corpus,
            min_score,
            max_candidates,
        });
        Ok(self)
    }

    /// The links of `article`, resolving hosts and names through `memo`.
    fn links_with(&self, article: &Article<'_>, memo: &mut Memo) -> ArticleLinks {
        memo.claim(self.id);
        // A URL that does not canonicalize (no scheme, a bad host) has no facts
        // and no outlet; the attributions are still resolved by name.
        let url = canonicalize(&article.url).ok();
        let host = url.as_ref().map(|url| {
            memo.hosts.resolve(url.host(), |host| HostLinks {
                outlet: self.gazetteer.lookup_host(host).map(shared),
                domain: registrable_domain(host),
            })
        });
        let (outlet, domain) = host.map_or((None, None), |h| (h.outlet, h.domain));
        let url = url.map(|url| UrlFacts::from_url_with_domain(url, domain));
        let mut sources: Vec<SourceRef> = article
            .attributions()
            .map(|a| SourceRef {
                source: a.source.to_string(),
                outlet: memo.names.resolve(&a.source, |name| {
                    self.gazetteer.lookup_source(name).map(shared)
                }),
                kind: AttributionKind::Glued,
            })
            .collect();
        sources.extend(
            spaced::in_article(article, &self.gazetteer)
                .into_iter()
                .map(|(_, s)| SourceRef {
                    outlet: memo.names.resolve(&s.source, |name| {
                        self.gazetteer.lookup_source(name).map(shared)
                    }),
                    source: s.source,
                    kind: AttributionKind::Spaced,
                }),
        );
        let promos = match &self.resolving {
            None => Vec::new(),
            Some(r) => {
                let resolver = Resolver::new(&r.corpus)
                    .with_min_score(r.min_score)
                    .unwrap_or_else(|_| Resolver::new(&r.corpus))
                    .with_max_candidates(r.max_candidates);
                let from = article.id.as_deref().unwrap_or("");
                article
                    .related()
                    .map(|promo| resolver.resolve_from(from, &promo.title))
                    .collect()
            }
        };
        ArticleLinks {
            url,
            outlet,
            sources,
            promos,
        }
    }
}

impl fmt::Debug for GazetteerLinker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GazetteerLinker")
            .field("outlets", &self.gazetteer.len())
            .finish()
    }
}

impl Linker for GazetteerLinker {
    fn links(&self, article: &Article<'_>) -> ArticleLinks {
        // The memo is borrowed for the call only, so it is free unless this
        // thread is being torn down (no thread-local any more): then, or if it
        // were somehow borrowed already, a fresh memo gives the same links.
        MEMO.try_with(|memo| match memo.try_borrow_mut() {
            Ok(mut memo) => self.links_with(article, &mut memo),
            Err(_) => self.links_with(article, &mut Memo::new()),
        })
        .unwrap_or_else(|_| self.links_with(article, &mut Memo::new()))
    }
}

/// What one thread has resolved for one [`GazetteerLinker`]: the outlet and
/// registrable domain of each host, and the outlet of each source name, `None`
/// included.
struct Memo {
    /// The [`GazetteerLinker::id`] the entries are for; 0 when there are none.
    owner: u64,
    hosts: Resolved<HostLinks>,
    names: Resolved<Option<Arc<OutletRef>>>,
}

/// What depends on an article URL's host alone.
#[derive(Clone)]
struct HostLinks {
    /// By [`Gazetteer::lookup_host`].
    outlet: Option<Arc<OutletRef>>,
    /// By [`registrable_domain`] (a Public Suffix List lookup).
    domain: Option<String>,
}

impl Memo {
    /// An empty memo.
    const fn new() -> Memo {
        Memo {
            owner: 0,
            hosts: Resolved(None),
            names: Resolved(None),
        }
    }

    /// Forgets another linker's entries.
    fn claim(&mut self, owner: u64) {
        if self.owner != owner {
            *self = Memo::new();
            self.owner = owner;
        }
    }
}

/// The most entries a [`Resolved`] keeps: far more hosts or names than a corpus
/// usually cites, yet a bounded memory when every article names new ones.
const MEMO_ENTRIES: usize = 4096;

/// Keys already resolved, and what they resolved to. The map is made on first
/// use, so that an empty memo (a `const` thread-local) allocates nothing.
/// Hashed with foldhash, made for short keys (hosts, names), rather than
/// SipHash; seeded at random, since the keys inserted come from the input.
struct Resolved<V>(Option<HashMap<String, V, foldhash::fast::RandomState>>);

impl<V: Clone> Resolved<V> {
    /// What `key` resolves to, by `resolve` (called on a miss only).
    fn resolve(&mut self, key: &str, resolve: impl FnOnce(&str) -> V) -> V {
        let map = self.0.get_or_insert_with(HashMap::default);
        if let Some(value) = map.get(key) {
            return value.clone();
        }
        let value = resolve(key);
        // Clearing rather than evicting keeps the hit path free of bookkeeping;
        // a corpus that overflows the memo refills it with what repeats.
        if map.len() >= MEMO_ENTRIES {
            map.clear();
        }
        map.insert(key.to_owned(), value.clone());
        value
    }
}

thread_local! {
    /// This thread's memo (see [`GazetteerLinker`]).
    static MEMO: RefCell<Memo> = const { RefCell::new(Memo::new()) };
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../../tests/fixtures/000_4e9296dd8dfcdc21.txt");

    fn links(text: &str) -> ArticleLinks {
        let article = dateline_core::parse(text).expect("parses");
        GazetteerLinker::builtin().links(&article)
    }

    #[test]
    fn the_seed_is_linked_to_its_outlets() {
        let links = links(SEED);
        let url = links.url.expect("the seed's URL reads");
        assert_eq!(
            url.canonical.as_str(),
            "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm"
        );
        assert_eq!(url.host(), "www.hngn.com");
        assert_eq!(url.domain.as_deref(), Some("hngn.com"));
        assert_eq!(
            url.date.map(|d| d.to_string()).as_deref(),
            Some("2022-02-07")
        );
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
    fn a_source_written_as_a_host_is_resolved_by_host() {
        let links = links("Talks\n20220131\nhttps://example.com/a-b\nPerBBC.co.uk,the talks.\n");
        let source = &links.sources[0];
        assert_eq!(source.source, "BBC.co.uk");
        assert_eq!(source.outlet.as_ref().map(|o| o.id.as_str()), Some("bbc"));
    }

    /// The links of `text` without any memo, as a fresh linker on a fresh
    /// thread computes them.
    fn links_unmemoised(text: &str, gazetteer: &Gazetteer) -> ArticleLinks {
        let article = dateline_core::parse(text).expect("parses");
        GazetteerLinker::new(Cow::Owned(gazetteer.clone())).links_with(&article, &mut Memo::new())
    }

    #[test]
    fn the_memo_changes_no_link() {
        let texts = [
            SEED,
            "Talks\n20220131\nhttps://www.bbc.com/news/x-y-12345\nPerBBC,the talks. PerNobody Knows,it. PerBBC,again.\n",
            "Talks\n20220131\nhttps://edition.cnn.com/2022/01/31/a-b\nPerCNN,the talks. PerNobody Knows,it.\n",
            "Talks\n20220131\nhttps://example.com/a-b\nPerThe Associated Press,x.\n",
        ];
        let linker = GazetteerLinker::builtin();
        // Twice each, so that the second round is answered by the memo.
        for _ in 0..2 {
            for text in texts {
                let article = dateline_core::parse(text).expect("parses");
                assert_eq!(
                    linker.links(&article),
                    links_unmemoised(text, Gazetteer::builtin()),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn linkers_on_one_thread_keep_their_own_gazetteer() -> Result<(), Box<dyn std::error::Error>> {
        let user: Gazetteer = r#"
[[outlet]]
id = "bbc"
name = "Beeb"
domains = ["bbc.com"]
kind = "broadcaster"
country = "GB"
"#
        .parse()?;
        let merged = GazetteerLinker::new(Cow::Owned(Gazetteer::builtin().merge(&user)?));
        let builtin = GazetteerLinker::builtin();
        let article = dateline_core::parse(
            "Talks\n20220131\nhttps://www.bbc.com/news/x\nPerBBC,the talks. PerBeeb,it.\n",
        )?;
        let names = |links: &ArticleLinks| {
            let outlet = links.outlet.as_ref().map(|o| o.name.clone());
            let sources: Vec<Option<String>> = links
                .sources
                .iter()
                .map(|s| s.outlet.as_ref().map(|o| o.name.clone()))
                .collect();
            (outlet, sources)
        };
        for _ in 0..2 {
            assert_eq!(
                names(&builtin.links(&article)),
                (Some("BBC".into()), vec![Some("BBC".into()), None])
            );
            assert_eq!(
                names(&merged.links(&article)),
                (Some("Beeb".into()), vec![None, Some("Beeb".into())])
            );
        }
        Ok(())
    }

    #[test]
    fn a_full_memo_starts_over() {
        let mut resolved = Resolved(None);
        let gazetteer = Gazetteer::builtin();
        let lookup = |n: &str| gazetteer.lookup_source(n).map(OutletRef::from);
        for i in 0..MEMO_ENTRIES + 10 {
            let name = format!("Nobody {i}");
            assert_eq!(resolved.resolve(&name, lookup), None);
        }
        let len = resolved.0.as_ref().map_or(0, HashMap::len);
        assert!((1..=MEMO_ENTRIES).contains(&len), "{len}");
        let bbc = resolved.resolve("BBC", lookup);
        assert_eq!(bbc.map(|o| o.id), Some("bbc".to_owned()));
    }

    #[test]
    fn an_unreadable_url_has_no_facts_and_no_outlet() {
        // The parser only takes http(s) URLs; a hand-made article may hold anything.
        let text = "Talks\n20220131\nhttps://www.bbc.com/\nPerBBC,the talks. PerNobody Knows,it.\n";
        let mut article = dateline_core::parse(text).expect("parses");
        article.url = "not a url".into();
        let links = GazetteerLinker::builtin().links(&article);
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

    #[test]
    fn links_read_back_from_their_json() -> Result<(), serde_json::Error> {
        let links = links(SEED);
        let json = serde_json::to_string(&links)?;
        assert!(
            json.starts_with(r#"{"url":{"canonical":"http://www.hngn.com/"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ArticleLinks>(&json)?, links);
        Ok(())
    }

    #[test]
    fn url_facts_that_contradict_their_url_do_not_read() {
        let bad_host = r#"{"canonical":"https://example.com/a","host":"evil.com","domain":null,"date":null,"article_id":null,"slug":null}"#;
        assert!(serde_json::from_str::<UrlFacts>(bad_host).is_err());
        let not_canonical = r#"{"canonical":"HTTPS://Example.com/a#x","host":"example.com","domain":null,"date":null,"article_id":null,"slug":null}"#;
        assert!(serde_json::from_str::<UrlFacts>(not_canonical).is_err());
    }
}
