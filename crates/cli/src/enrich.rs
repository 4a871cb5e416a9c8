//! The glue between `dateline-links` and `dateline-export`: a [`Linker`] that
//! reads an article's URL and resolves its outlets with a gazetteer, and the
//! gazetteer of `--outlets` (shared by `convert` and `links`).
//!
//! `dateline-export` does not depend on `dateline-links` (it stays light, and a
//! plugin can link articles another way); this module is the only place that
//! knows both.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use dateline_core::Article;
use dateline_export::{ArticleLinks, Linker, OutletRef, SourceRef, UrlFacts};
use dateline_links::facts::{PathDate, registrable_domain};
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
/// It holds the gazetteer (the built-in one borrowed, a merged one owned): the
/// export options hold it behind an `Arc`, so every worker shares it, and a
/// lookup only reads it (no lock).
///
/// Hosts and source names repeat heavily across a corpus (a few dozen outlets
/// publish most articles and are most cited), and resolving one (normalising
/// the name, walking the host's parent domains, the host's Public Suffix List
/// lookup, building the [`OutletRef`]) cost more than serialising it. So each
/// worker thread keeps a [`Memo`] of what it resolved, with no lock on the way;
/// the rest of the URL, unique per article, is read every time.
pub struct Enricher {
    gazetteer: Cow<'static, Gazetteer>,
    /// Tells this enricher's memo entries from another's on the same thread
    /// (two enrichers may hold different gazetteers).
    id: u64,
}

/// The source of [`Enricher::id`]s: never 0, which marks an empty memo.
static NEXT_ENRICHER: AtomicU64 = AtomicU64::new(1);

impl Enricher {
    /// A linker resolving outlets with `gazetteer`.
    pub fn new(gazetteer: Cow<'static, Gazetteer>) -> Enricher {
        Enricher {
            gazetteer,
            id: NEXT_ENRICHER.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The links of `article`, resolving hosts and names through `memo`.
    fn links_with(&self, article: &Article<'_>, memo: &mut Memo) -> ArticleLinks {
        memo.claim(self.id);
        // A URL that does not canonicalize (no scheme, a bad host) has no facts
        // and no outlet; the attributions are still resolved by name.
        let url = canonicalize(&article.url).ok();
        let host = url.as_ref().map(|url| {
            memo.hosts.resolve(url.host(), |host| HostLinks {
                outlet: self.gazetteer.lookup_host(host).map(outlet_ref),
                domain: registrable_domain(host),
            })
        });
        let (outlet, domain) = host.map_or((None, None), |h| (h.outlet, h.domain));
        let facts = url.map(|url| {
            let facts = dateline_links::UrlFacts::from_url_with_domain(&url, domain);
            UrlFacts {
                canonical: url.into_string(),
                host: facts.host,
                domain: facts.registrable_domain,
                date: facts.date.map(date_string),
                article_id: facts.article_id,
                slug: facts.slug,
            }
        });
        let sources = article
            .attributions()
            .map(|a| SourceRef {
                source: a.source.to_string(),
                outlet: memo.names.resolve(&a.source, |name| {
                    self.gazetteer.lookup_name(name).map(outlet_ref)
                }),
            })
            .collect();
        ArticleLinks {
            url: facts,
            outlet,
            sources,
        }
    }
}

/// What one worker thread has resolved for one [`Enricher`]: the outlet and
/// registrable domain of each host, and the outlet of each source name (by
/// [`Gazetteer::lookup_name`]), `None` included.
struct Memo {
    /// The [`Enricher::id`] the entries are for; 0 when there are none.
    owner: u64,
    hosts: Resolved<HostLinks>,
    names: Resolved<Option<OutletRef>>,
}

/// What depends on an article URL's host alone.
#[derive(Clone)]
struct HostLinks {
    /// By [`Gazetteer::lookup_host`].
    outlet: Option<OutletRef>,
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

    /// Forgets another enricher's entries.
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
struct Resolved<V>(Option<HashMap<String, V>>);

impl<V: Clone> Resolved<V> {
    /// What `key` resolves to, by `resolve` (called on a miss only).
    fn resolve(&mut self, key: &str, resolve: impl FnOnce(&str) -> V) -> V {
        let map = self.0.get_or_insert_with(HashMap::new);
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
    /// This thread's memo (see [`Enricher`]).
    static MEMO: RefCell<Memo> = const { RefCell::new(Memo::new()) };
}

/// `date` as `YYYY-MM-DD`, what its `Display` writes, without the formatting
/// machinery (it showed in profiles, once per article).
fn date_string(date: PathDate) -> String {
    let date = dateline_core::Date::from(date);
    let (year, month, day) = (date.year(), date.month(), date.day());
    if year > 9999 || month > 99 || day > 99 {
        // Out of the fixed widths (not a valid date anyway): as `Display` does.
        return date.to_string();
    }
    let digit = |n: u16| char::from(b'0' + (n % 10) as u8);
    let mut out = String::with_capacity(10);
    out.extend([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        '-',
        digit(u16::from(month) / 10),
        digit(u16::from(month)),
        '-',
        digit(u16::from(day) / 10),
        digit(u16::from(day)),
    ]);
    out
}

/// How the export records name a gazetteer outlet: its first domain is its
/// main one (the home page).
fn outlet_ref(outlet: &Outlet) -> OutletRef {
    let domain = outlet.domains().first().map_or("", String::as_str);
    OutletRef::new(outlet.id(), outlet.name(), domain)
}

impl Linker for Enricher {
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
    fn dates_read_as_their_display() {
        for year in [1, 9, 99, 999, 1990, 2022, 2099, 9999] {
            for month in 1..=12 {
                for day in 1..=31 {
                    if let Ok(date) = PathDate::new(year, month, day) {
                        assert_eq!(date_string(date), date.to_string());
                    }
                }
            }
        }
    }

    /// The links of `text` without any memo, as a fresh enricher on a fresh
    /// thread computes them.
    fn links_unmemoised(text: &str, gazetteer: &Gazetteer) -> ArticleLinks {
        let article = dateline_core::parse(text).expect("parses");
        Enricher::new(Cow::Owned(gazetteer.clone())).links_with(&article, &mut Memo::new())
    }

    #[test]
    fn the_memo_changes_no_link() {
        let texts = [
            include_str!("../../../tests/fixtures/000_4e9296dd8dfcdc21.txt"),
            "Talks\n20220131\nhttps://www.bbc.com/news/x-y-12345\nPerBBC,the talks. PerNobody Knows,it. PerBBC,again.\n",
            "Talks\n20220131\nhttps://edition.cnn.com/2022/01/31/a-b\nPerCNN,the talks. PerNobody Knows,it.\n",
            "Talks\n20220131\nhttps://example.com/a-b\nPerThe Associated Press,x.\n",
        ];
        let enricher = Enricher::new(Cow::Borrowed(Gazetteer::builtin()));
        // Twice each, so that the second round is answered by the memo.
        for _ in 0..2 {
            for text in texts {
                let article = dateline_core::parse(text).expect("parses");
                assert_eq!(
                    enricher.links(&article),
                    links_unmemoised(text, Gazetteer::builtin()),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn enrichers_on_one_thread_keep_their_own_gazetteer() -> Result<(), Box<dyn std::error::Error>>
    {
        let user: Gazetteer = r#"
[[outlet]]
id = "bbc"
name = "Beeb"
domains = ["bbc.com"]
kind = "broadcaster"
country = "GB"
"#
        .parse()?;
        let merged = Enricher::new(Cow::Owned(Gazetteer::builtin().merge(&user)?));
        let builtin = Enricher::new(Cow::Borrowed(Gazetteer::builtin()));
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
        for i in 0..MEMO_ENTRIES + 10 {
            let name = format!("Nobody {i}");
            assert_eq!(
                resolved.resolve(&name, |n| gazetteer.lookup_name(n).map(outlet_ref)),
                None
            );
        }
        let len = resolved.0.as_ref().map_or(0, HashMap::len);
        assert!((1..=MEMO_ENTRIES).contains(&len), "{len}");
        let bbc = resolved.resolve("BBC", |n| gazetteer.lookup_name(n).map(outlet_ref));
        assert_eq!(bbc.map(|o| o.id), Some("bbc".to_owned()));
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
