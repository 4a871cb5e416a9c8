//! A corpus of light article records, indexed for cross-reference resolution.
//!
//! Resolving promos (`Read Also:<headline>`) needs every article's headline and
//! URL, but not its body. A caller therefore streams articles in as
//! [`ArticleRecord`]s (headline, date, URL, the promo headlines and the cited
//! sources: [`ArticleRecord::from_article`] makes one from a parsed
//! [`dateline_core::Article`]) and drops each article once its record is made.
//! [`CorpusBuilder::push`] indexes each record as it arrives:
//!
//! | index | key | used for |
//! | --- | --- | --- |
//! | exact | [`normalize`]d headline | exact matches, headline + date duplicates |
//! | slug | [`slugify`] of the headline | slug matches |
//! | URL slug | [`slugify`] of the URL slug when it has at least [`MIN_URL_SLUG_TOKENS`] words | slug matches, whole or by prefix |
//! | tokens | each distinct headline [token](crate::text::tokens), interned, to the articles that have it (an inverted index) | fuzzy matches |
//! | URL | [`CanonicalUrl::match_key`](crate::CanonicalUrl::match_key) | URL duplicates |
//!
//! Building is one pass, linear in the total size of the records (expected, with
//! hash maps). Memory holds the records, not the articles, and not the keys
//! either: each map keeps a 64-bit hash of a key and its first article (a
//! posting list only for a key of two or more), and a hit is checked against
//! the key as that article's record spells it, so a hash collision never
//! gives a wrong answer. The URL as the report needs it is kept once, in
//! canonical form ([`Corpus::url`]).
//!
//! Computing a record's keys (normalising and tokenising the headline,
//! canonicalising the URL, hashing) is most of the work of indexing, and
//! depends on the record alone: [`PreparedRecord::new`] does it on any
//! thread, and [`CorpusBuilder::push_prepared`] only inserts the keys (what
//! `dateline-corpus` does, the preparing on its parallel workers).
//!
//! ```
//! use dateline_links::corpus::{ArticleRecord, CorpusBuilder};
//!
//! let mut builder = CorpusBuilder::new();
//! builder.push(
//!     ArticleRecord::new("a", "Macron Heads To Meet Putin", "https://www.hngn.com/articles/1/20220207/macron-heads-meet-putin.htm")
//!         .with_reference("Read Also", "US, Russia Still Open for Diplomacy"),
//! )?;
//! builder.push(ArticleRecord::new("b", "US, Russia Still Open for Diplomacy", "https://hngn.com/articles/2/x.htm"))?;
//! let corpus = builder.build();
//! assert_eq!(corpus.len(), 2);
//! assert_eq!(corpus.index_of("b"), Some(1));
//! # Ok::<(), dateline_links::corpus::CorpusError>(())
//! ```
//!
//! # Ids
//!
//! Every article of a corpus has a unique, non-empty id: the report's `from`
//! and `to` name articles by it. Give each record its article's id
//! ([`Article::with_id`](dateline_core::Article::with_id) before
//! [`ArticleRecord::from_article`]: `dateline_core::parse` sets none, while
//! `dateline-corpus` sets the file's stem, already unique within a run).
//! [`CorpusBuilder::push`] makes ids unique by dateline's one rule
//! ([`dateline_core::ids`]): a record whose id is taken gets `ID-2`, `ID-3`,
//! ... (the first free one), a record without an id `article`, `article-2`,
//! ...; [`Corpus::renamed`] lists the records it renamed.
//!
//! # Duplicates
//!
//! Articles whose URLs have the same [match key](crate::CanonicalUrl::match_key) (the
//! same page, linked with `www.`, tracking parameters or another scheme) form
//! a *URL group*, represented by its first article in input order
//! ([`Corpus::group_of`]). Resolution treats a URL group as one article.
//! [`Corpus::duplicates`] also reports articles with the same normalised
//! headline and the same header date, unless they are all in one URL group
//! already.

use std::collections::HashMap;
use std::fmt;

use dateline_core::ids::first_free;
use dateline_core::{Article, Date};
use serde::{Deserialize, Serialize};

use crate::canonical::{CanonicalParts, CanonicalUrl, UrlError, canonicalize};
use crate::facts::{UrlFacts, path_slug};
use crate::glance::{Glance, WordFilter};
use crate::keymap::{ByHash, KeyHash, KeyMap, PostingMap, key_hash};
use crate::outlets::Gazetteer;
pub use crate::record_store::Reference;
use crate::record_store::{Interner, RecordStore};
use crate::spaced::{self, AttributionKind};
use crate::text::{HeadlineKey, normalize, slugify};

/// The fewest words a URL slug needs to be indexed for slug matching. Shorter
/// "slugs" are usually sections (`world-europe` on the BBC), which many
/// articles share.
pub const MIN_URL_SLUG_TOKENS: usize = 3;

/// The first [`MIN_URL_SLUG_TOKENS`] words of a slug (all of it if shorter).
pub(crate) fn slug_head(slug: &str) -> &str {
    slug.match_indices('-')
        .nth(MIN_URL_SLUG_TOKENS - 1)
        .map_or(slug, |(end, _)| &slug[..end])
}

/// The number of words of a slug (`-` separates them).
pub fn slug_words(slug: &str) -> usize {
    slug.bytes().filter(|&b| b == b'-').count() + 1
}

/// The bit standing for a slug of `words` words in
/// masks of the URL slugs' heads (63 for 63 or more).
pub(crate) fn length_bit(words: usize) -> u64 {
    1 << words.min(63)
}

/// What the corpus keeps of one article: its header fields, the headlines its
/// promos name and the sources it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRecord {
    /// The article id, usually the file stem; empty if unknown (see the
    /// [module docs](self#ids)).
    pub id: String,
    /// The headline (line 1).
    pub title: String,
    /// The header date (line 2), if known.
    pub date: Option<Date>,
    /// The source URL (line 3), as written.
    pub url: String,
    /// The promos, in source order.
    pub references: Vec<ReferenceRecord>,
    /// The attributions, in source order.
    pub attributions: Vec<AttributionRecord>,
}

/// A promo: a headline naming another article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceRecord {
    /// The label as written (`Read Also`).
    pub label: String,
    /// The headline named.
    pub title: String,
    /// The 1-based line of the promo, if known.
    pub line: Option<u32>,
}

/// An attribution: a source cited in a paragraph (`per BBC`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributionRecord {
    /// The cited source (`BBC`, `NBC News`).
    pub source: String,
    /// The cue as written (`Per`, `according to`).
    pub cue: String,
    /// The 1-based line of the paragraph, if known.
    pub line: Option<u32>,
    /// Glued to its cue (the parser's) or spaced ([`crate::spaced`]).
    pub kind: AttributionKind,
}

impl ArticleRecord {
    /// A record with no date, promo or attribution.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        url: impl Into<String>,
    ) -> ArticleRecord {
        ArticleRecord {
            id: id.into(),
            title: title.into(),
            date: None,
            url: url.into(),
            references: Vec::new(),
            attributions: Vec::new(),
        }
    }

    /// Sets the header date.
    #[must_use]
    pub fn with_date(mut self, date: Date) -> ArticleRecord {
        self.date = Some(date);
        self
    }

    /// Adds a promo `label:title` (with no line number).
    #[must_use]
    pub fn with_reference(
        mut self,
        label: impl Into<String>,
        title: impl Into<String>,
    ) -> ArticleRecord {
        self.references.push(ReferenceRecord {
            label: label.into(),
            title: title.into(),
            line: None,
        });
        self
    }

    /// Adds an attribution to `source` with the cue `per` (and no line number).
    #[must_use]
    pub fn with_attribution(mut self, source: impl Into<String>) -> ArticleRecord {
        self.attributions.push(AttributionRecord {
            source: source.into(),
            cue: "per".to_owned(),
            line: None,
            kind: AttributionKind::Glued,
        });
        self
    }

    /// The record of a parsed article: its id (empty if it has none), header,
    /// promos ([`Article::related`]) and attributions ([`Article::attributions`]),
    /// with their line numbers.
    ///
    /// ```
    /// use dateline_links::corpus::ArticleRecord;
    ///
    /// let src = "Macron Heads To Moscow\n20220131\nhttp://www.hngn.com/articles/240451/20220207/x.htm\n\
    ///            PerBBC,the French leader hopes for dialogue.\n\
    ///            Read Also:US, Russia Still Open for Diplomacy\n";
    /// let article = dateline_core::parse(src)?.with_id("000");
    /// let record = ArticleRecord::from_article(&article);
    /// assert_eq!(record.id, "000");
    /// assert_eq!(record.references[0].title, "US, Russia Still Open for Diplomacy");
    /// assert_eq!(record.references[0].line, Some(5));
    /// assert_eq!(record.attributions[0].source, "BBC");
    /// # Ok::<(), dateline_core::ParseError>(())
    /// ```
    pub fn from_article(article: &Article<'_>) -> ArticleRecord {
        let references = article
            .related()
            .map(|r| ReferenceRecord {
                label: r.label.to_string(),
                title: r.title.to_string(),
                line: Some(r.line),
            })
            .collect();
        let attributions = article
            .paragraphs()
            .flat_map(|p| {
                p.attributions().map(move |a| AttributionRecord {
                    source: a.source.to_string(),
                    cue: a.cue.to_string(),
                    line: Some(p.line),
                    kind: AttributionKind::Glued,
                })
            })
            .collect();
        ArticleRecord {
            id: article.id.as_deref().unwrap_or_default().to_owned(),
            title: article.title.to_string(),
            date: Some(article.date),
            url: article.url.to_string(),
            references,
            attributions,
        }
    }

    /// [`ArticleRecord::from_article`], with the article's spaced
    /// attributions naming outlets of `gazetteer` ([`crate::spaced`]) too,
    /// after the glued ones (as [`crate::linker::ArticleLinks::sources`] lists
    /// them), in document order.
    pub fn from_article_with(article: &Article<'_>, gazetteer: &Gazetteer) -> ArticleRecord {
        let mut record = ArticleRecord::from_article(article);
        let found = spaced::in_article(article, gazetteer);
        if !found.is_empty() {
            record
                .attributions
                .extend(found.into_iter().map(|(line, s)| AttributionRecord {
                    source: s.source,
                    cue: s.cue,
                    line: Some(line),
                    kind: AttributionKind::Spaced,
                }));
        }
        record
    }
}

/// Why a record could not be added to a corpus.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusError {
    /// The corpus already holds the largest number of articles it can index
    /// (`u32::MAX`).
    #[error("the corpus is full: it can index at most {} articles", u32::MAX)]
    Full,
}

/// What the corpus keeps of an article's URL: its canonical form, and of its
/// other [`UrlFacts`] those read after indexing (the domain and the date).
/// The slug and the match key are derived again when needed.
#[derive(Debug, Clone)]
enum StoredUrl {
    /// Nearly every URL: the canonical text kept only when it differs from
    /// the URL as written (the record's), which most URLs are written in
    /// already; the domain a suffix of the host.
    Compact {
        /// The canonical URL, unless the record's URL is it.
        canonical: Option<Box<str>>,
        parts: CanonicalParts,
        /// Where the domain starts in the host, if there is a domain.
        domain_start: Option<u32>,
        date: Option<Date>,
    },
    /// Any other, as read.
    Whole(Box<UrlFacts>),
}

impl StoredUrl {
    fn new(facts: UrlFacts, written: &str) -> StoredUrl {
        let domain_start = match &facts.domain {
            None => Some(None),
            Some(domain) => facts
                .canonical
                .host()
                .strip_suffix(domain.as_str())
                .and_then(|before| u32::try_from(before.len()).ok())
                .map(Some),
        };
        let Some(domain_start) = domain_start else {
            return StoredUrl::Whole(Box::new(facts));
        };
        let date = facts.date;
        match facts.canonical.into_parts() {
            Ok((text, parts)) => StoredUrl::Compact {
                canonical: (text != written).then(|| text.into_boxed_str()),
                parts,
                domain_start,
                date,
            },
            Err(canonical) => StoredUrl::Whole(Box::new(UrlFacts { canonical, ..facts })),
        }
    }

    /// The canonical text, given the record's URL.
    fn text<'c>(&'c self, written: &'c str) -> &'c str {
        match self {
            StoredUrl::Compact { canonical, .. } => canonical.as_deref().unwrap_or(written),
            StoredUrl::Whole(facts) => facts.canonical.as_str(),
        }
    }

    /// The canonical URL, given the record's URL.
    fn canonical(&self, written: &str) -> CanonicalUrl {
        match self {
            StoredUrl::Compact { parts, .. } => {
                CanonicalUrl::from_parts(self.text(written).to_owned(), *parts)
            }
            StoredUrl::Whole(facts) => facts.canonical.clone(),
        }
    }
}

/// An article's URL as the corpus keeps it ([`Corpus::url`]): its canonical
/// form, registrable domain and date, the [`UrlFacts`] a report reads.
#[derive(Debug, Clone, Copy)]
pub struct ArticleUrl<'c> {
    stored: &'c StoredUrl,
    /// The record's URL, as written.
    written: &'c str,
}

impl<'c> ArticleUrl<'c> {
    /// The canonical URL (made again: the corpus keeps its parts).
    pub fn canonical(&self) -> CanonicalUrl {
        self.stored.canonical(self.written)
    }

    /// The canonical URL as a string.
    pub fn as_str(&self) -> &'c str {
        self.stored.text(self.written)
    }

    /// The canonical host (`www.hngn.com`).
    pub fn host(&self) -> &'c str {
        match self.stored {
            StoredUrl::Compact { parts, .. } => self.as_str().get(parts.host()).unwrap_or_default(),
            StoredUrl::Whole(facts) => facts.host(),
        }
    }

    /// The host's registrable domain (`hngn.com`), if it has one
    /// ([`UrlFacts::domain`]).
    pub fn domain(&self) -> Option<&'c str> {
        match self.stored {
            StoredUrl::Compact { domain_start, .. } => {
                self.host().get(domain_start.map(|start| start as usize)?..)
            }
            StoredUrl::Whole(facts) => facts.domain.as_deref(),
        }
    }

    /// The publication date in the path, if any ([`UrlFacts::date`]).
    pub fn date(&self) -> Option<Date> {
        match self.stored {
            StoredUrl::Compact { date, .. } => *date,
            StoredUrl::Whole(facts) => facts.date,
        }
    }
}

/// A key of a record and its [`key_hash`].
#[derive(Debug, Clone)]
struct HashedKey {
    key: String,
    hash: KeyHash,
}

impl HashedKey {
    fn new(key: String) -> HashedKey {
        HashedKey {
            hash: key_hash(&key),
            key,
        }
    }
}

/// An indexable URL slug of a record: the slug key, the hash of its
/// [`slug_head`] and its [`length_bit`].
#[derive(Debug, Clone)]
struct UrlSlugKey {
    slug: HashedKey,
    head_hash: KeyHash,
    length: u64,
}

/// A record with the keys it is indexed by computed: the per-article work of
/// indexing (normalising and tokenising the headline, canonicalising the URL
/// and reading its facts, hashing every key), done by
/// [`PreparedRecord::new`], a pure function, so on any thread. A
/// [`CorpusBuilder`] then only inserts the keys
/// ([`CorpusBuilder::push_prepared`]).
#[derive(Debug, Clone)]
pub struct PreparedRecord {
    record: ArticleRecord,
    id_hash: KeyHash,
    normalized: HashedKey,
    /// `None` for a headline without an ASCII word.
    slug: Option<HashedKey>,
    tokens: Vec<String>,
    url: Result<StoredUrl, Box<UrlError>>,
    url_slug: Option<UrlSlugKey>,
    match_key: Option<HashedKey>,
}

impl PreparedRecord {
    /// Computes the keys of `record`.
    pub fn new(record: ArticleRecord) -> PreparedRecord {
        let key = HeadlineKey::new(&record.title);
        let (normalized, slug, tokens) = key.into_parts();
        let facts = canonicalize(&record.url).map(UrlFacts::from_url);
        let (url_slug, match_key) = match &facts {
            Ok(facts) => (
                facts.slug.as_deref().and_then(UrlSlugKey::of),
                Some(HashedKey::new(facts.canonical.match_key())),
            ),
            Err(_) => (None, None),
        };
        PreparedRecord {
            id_hash: key_hash(&record.id),
            normalized: HashedKey::new(normalized),
            slug: (!slug.is_empty()).then(|| HashedKey::new(slug)),
            tokens,
            url: facts
                .map(|facts| StoredUrl::new(facts, &record.url))
                .map_err(Box::new),
            url_slug,
            match_key,
            record,
        }
    }

    /// The record.
    pub fn record(&self) -> &ArticleRecord {
        &self.record
    }
}

impl From<ArticleRecord> for PreparedRecord {
    fn from(record: ArticleRecord) -> PreparedRecord {
        PreparedRecord::new(record)
    }
}

impl UrlSlugKey {
    /// The key of a URL slug as [`UrlFacts::slug`] has it, if it has at least
    /// [`MIN_URL_SLUG_TOKENS`] words.
    fn of(slug: &str) -> Option<UrlSlugKey> {
        let slug = slugify(slug);
        let words = slug_words(&slug);
        (words >= MIN_URL_SLUG_TOKENS).then(|| UrlSlugKey {
            head_hash: key_hash(slug_head(&slug)),
            length: length_bit(words),
            slug: HashedKey::new(slug),
        })
    }
}

/// An attribution as the corpus keeps it ([`Corpus::attributions`]): an
/// [`AttributionRecord`] borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution<'c> {
    /// The cited source (`BBC`, `NBC News`).
    pub source: &'c str,
    /// The cue as written (`Per`, `according to`).
    pub cue: &'c str,
    /// The 1-based line of the paragraph, if known.
    pub line: Option<u32>,
    /// Glued to its cue (the parser's) or spaced ([`crate::spaced`]).
    pub kind: AttributionKind,
}

impl Attribution<'_> {
    /// The attribution, owned.
    pub fn to_record(&self) -> AttributionRecord {
        AttributionRecord {
            source: self.source.to_owned(),
            cue: self.cue.to_owned(),
            line: self.line,
            kind: self.kind,
        }
    }
}

/// The attributions of every article, by column, their sources and cues
/// interned: an article cites three sources on average, from a few hundred
/// names and a dozen cues in a whole corpus, so 13 bytes an attribution
/// rather than 128 as [`AttributionRecord`]s.
#[derive(Debug, Default)]
struct AttributionPool {
    /// The distinct sources and cues.
    strings: Interner,
    source: Vec<u32>,
    cue: Vec<u32>,
    /// The 1-based line, 0 when unknown.
    line: Vec<u32>,
    kind: Vec<AttributionKind>,
    /// Article `i`'s attributions are `ends[i - 1]..ends[i]` (from 0 for the
    /// first).
    ends: Vec<usize>,
}

impl AttributionPool {
    fn push(&mut self, attributions: Vec<AttributionRecord>) {
        for a in attributions {
            let source = self.strings.intern(&a.source);
            let cue = self.strings.intern(&a.cue);
            self.source.push(source);
            self.cue.push(cue);
            self.line.push(a.line.unwrap_or(0));
            self.kind.push(a.kind);
        }
        self.ends.push(self.source.len());
    }

    fn of(&self, index: usize) -> impl ExactSizeIterator<Item = Attribution<'_>> {
        let start = match index.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or_default(),
            None => 0,
        };
        let end = self.ends.get(index).copied().unwrap_or(start);
        (start..end).map(move |i| Attribution {
            source: self.strings.get(self.source[i]),
            cue: self.strings.get(self.cue[i]),
            line: Some(self.line[i]).filter(|&l| l > 0),
            kind: self.kind[i],
        })
    }
}

/// What [`ArticleView::web_url`] would say of an article without a URL entry,
/// which every article has (records and URLs are pushed together).
static NO_URL: UrlError = UrlError::Empty;

/// An article as a [`Corpus`] keeps it ([`Corpus::article`]): its record,
/// borrowed.
#[derive(Clone, Copy)]
pub struct ArticleView<'c> {
    corpus: &'c Corpus,
    index: usize,
}

impl<'c> ArticleView<'c> {
    /// Its position in the corpus (input order).
    pub fn index(self) -> usize {
        self.index
    }

    /// Its id, unique in the corpus (see the [module docs](self#ids)).
    pub fn id(self) -> &'c str {
        self.corpus.records.id(self.index)
    }

    /// The headline (line 1).
    pub fn title(self) -> &'c str {
        self.corpus.records.title(self.index)
    }

    /// The header date (line 2), if known.
    pub fn date(self) -> Option<Date> {
        self.corpus.records.date(self.index)
    }

    /// The source URL (line 3), as written ([`Corpus::url`] has its parts).
    pub fn url(self) -> &'c str {
        self.corpus.records.url(self.index)
    }

    /// The URL's parts as the corpus keeps them (its canonical form, domain
    /// and date), or why it is not a web URL ([`Corpus::url`]).
    pub fn web_url(self) -> Result<ArticleUrl<'c>, &'c UrlError> {
        match self.corpus.urls.get(self.index) {
            Some(Ok(stored)) => Ok(ArticleUrl {
                stored,
                written: self.url(),
            }),
            Some(Err(e)) => Err(e),
            // A view is of an article of the corpus, which has a URL entry.
            None => Err(&NO_URL),
        }
    }

    /// The promos, in source order.
    pub fn references(self) -> impl ExactSizeIterator<Item = Reference<'c>> + 'c {
        self.corpus.records.references(self.index)
    }

    /// The attributions, in source order.
    pub fn attributions(self) -> impl ExactSizeIterator<Item = Attribution<'c>> + 'c {
        self.corpus.attributions.of(self.index)
    }

    /// The record, owned: as it was pushed, but for an id made unique.
    pub fn to_record(self) -> ArticleRecord {
        ArticleRecord {
            id: self.id().to_owned(),
            title: self.title().to_owned(),
            date: self.date(),
            url: self.url().to_owned(),
            references: self.references().map(|r| r.to_record()).collect(),
            attributions: self.attributions().map(|a| a.to_record()).collect(),
        }
    }
}

impl fmt::Debug for ArticleView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArticleView")
            .field("index", &self.index)
            .field("id", &self.id())
            .field("title", &self.title())
            .finish_non_exhaustive()
    }
}

/// Articles indexed by headline, slug, token and URL (see the [module docs](self)).
/// Made by a [`CorpusBuilder`].
#[derive(Debug, Default)]
pub struct Corpus {
    /// The records, without their attributions: those are in `attributions`.
    records: RecordStore,
    attributions: AttributionPool,
    urls: Vec<Result<StoredUrl, Box<UrlError>>>,
    /// Per article, the first article of its URL group, its headline's
    /// number of words and a filter of them: what the fuzzy and typo stages
    /// read of a candidate first. Kept apart from `urls`, as are the tokens,
    /// so they read dense arrays.
    glances: Vec<Glance>,
    #[cfg(test)]
    counts_not_glances: bool,
    /// The sorted, distinct token ids of article `i`'s headline are
    /// `token_ids[token_ends[i - 1]..token_ends[i]]` (from 0 for the first).
    token_ends: Vec<usize>,
    token_ids: Vec<u32>,
    renamed: Vec<(usize, String)>,
    /// Every map below is keyed by the hashes of its keys, each checked
    /// against the first article's record on a hit ([`KeyMap`]).
    by_id: KeyMap,
    /// Normalised headlines.
    exact: PostingMap,
    /// Headline slugs.
    slugs: PostingMap,
    /// URL slugs (of at least [`MIN_URL_SLUG_TOKENS`] words), apart from the
    /// headline slugs: only they are matched by prefix, as outlets cut slugs
    /// but not headlines.
    url_slugs: PostingMap,
    /// The hashes of the first [`MIN_URL_SLUG_TOKENS`] words of `url_slugs`'
    /// keys ([`slug_head`]), each with the word counts of the keys that start
    /// so (bit k set: a key of k words; 63 stands for 63 or more). One lookup
    /// tells which prefixes of a headline's slug can be URL slugs: most
    /// headlines need no other. A filter only (a collision costs lookups
    /// in `url_slugs`), so not checked.
    url_slug_heads: ByHash<u64>,
    pub(crate) vocabulary: HashMap<Box<str>, u32>,
    pub(crate) postings: Vec<Vec<u32>>,
    /// URL match keys, to the first article with each.
    url_groups: KeyMap,
}

/// Adds records to a [`Corpus`], indexing each as it comes.
#[derive(Debug, Default)]
pub struct CorpusBuilder {
    corpus: Corpus,
}

impl CorpusBuilder {
    /// An empty builder.
    pub fn new() -> CorpusBuilder {
        CorpusBuilder::default()
    }

    /// An empty builder with room for `articles` records.
    pub fn with_capacity(articles: usize) -> CorpusBuilder {
        let mut corpus = Corpus::default();
        corpus.records.reserve(articles);
        corpus.urls.reserve(articles);
        corpus.glances.reserve(articles);
        corpus.token_ends.reserve(articles);
        corpus.by_id.reserve(articles);
        corpus.exact.reserve(articles);
        corpus.slugs.reserve(articles);
        corpus.url_slugs.reserve(articles);
        corpus.url_groups.reserve(articles);
        CorpusBuilder { corpus }
    }

    /// Indexes `record` and returns its index (its position in input order).
    /// The record's id may be changed to keep ids unique (see the
    /// [module docs](self#ids)). The same as [`CorpusBuilder::push_prepared`]
    /// of [`PreparedRecord::new`]`(record)`.
    ///
    /// # Errors
    ///
    /// [`CorpusError::Full`] if the corpus already holds `u32::MAX` articles.
    pub fn push(&mut self, record: ArticleRecord) -> Result<usize, CorpusError> {
        self.push_prepared(PreparedRecord::new(record))
    }

    /// [`CorpusBuilder::push`] of a record whose keys are computed already
    /// (on another thread, say): what is left is inserting them.
    ///
    /// # Errors
    ///
    /// [`CorpusError::Full`] if the corpus already holds `u32::MAX` articles.
    pub fn push_prepared(&mut self, prepared: PreparedRecord) -> Result<usize, CorpusError> {
        let PreparedRecord {
            mut record,
            mut id_hash,
            normalized,
            slug,
            tokens,
            url,
            url_slug,
            match_key,
        } = prepared;
        let c = &mut self.corpus;
        let index = c.records.len();
        let at = u32::try_from(index)
            .ok()
            .filter(|&i| i < u32::MAX)
            .ok_or(CorpusError::Full)?;

        let records = &c.records;
        let by_id = &c.by_id;
        let taken = |id: &str| {
            by_id
                .get(id, key_hash(id), |i| records.id(i as usize) == id)
                .is_some()
        };
        let id = first_free(&record.id, taken).into_owned();
        if id != record.id {
            id_hash = key_hash(&id);
            c.renamed
                .push((index, std::mem::replace(&mut record.id, id)));
        }
        c.by_id.get_or_insert(
            &record.id,
            id_hash,
            |i| c.records.id(i as usize) == record.id,
            at,
        );

        c.exact.push(&normalized.key, normalized.hash, at, |i| {
            normalize(c.records.title(i as usize)) == normalized.key
        });
        if let Some(slug) = &slug {
            c.slugs.push(&slug.key, slug.hash, at, |i| {
                slugify(c.records.title(i as usize)) == slug.key
            });
        }

        // A URL that is not a web URL has neither key: its article is its own group.
        let mut group = at;
        if let Some(key) = &url_slug {
            let (urls, records) = (&c.urls, &c.records);
            c.url_slugs.push(&key.slug.key, key.slug.hash, at, |i| {
                url_slug_at(urls, records, i).as_deref() == Some(key.slug.key.as_str())
            });
            *c.url_slug_heads.entry(key.head_hash).or_default() |= key.length;
        }
        if let Some(key) = &match_key {
            let (urls, records) = (&c.urls, &c.records);
            group = c.url_groups.get_or_insert(
                &key.key,
                key.hash,
                |i| match urls.get(i as usize) {
                    Some(Ok(other)) => {
                        other.canonical(records.url(i as usize)).match_key() == key.key
                    }
                    _ => false,
                },
                at,
            );
        }

        let mut token_ids: Vec<u32> = tokens
            .iter()
            .map(|word| match c.vocabulary.get(word.as_str()) {
                Some(&id) => id,
                None => {
                    // A token past the 2^32 - 1st distinct one is not indexed
                    // (u32::MAX marks it, and is filtered out below).
                    let id = u32::try_from(c.postings.len()).unwrap_or(u32::MAX);
                    if id < u32::MAX {
                        c.vocabulary.insert(word.as_str().into(), id);
                        c.postings.push(Vec::new());
                    }
                    id
                }
            })
            .filter(|&id| id < u32::MAX)
            .collect();
        token_ids.sort_unstable();
        token_ids.dedup();
        for &token in &token_ids {
            c.postings[token as usize].push(at);
        }
        c.token_ids.extend_from_slice(&token_ids);
        c.token_ends.push(c.token_ids.len());
        c.glances.push(Glance {
            filter: WordFilter::of(&token_ids),
            words: u32::try_from(token_ids.len()).unwrap_or(u32::MAX),
            group,
        });
        c.urls.push(url);
        c.records.push(&record);
        c.attributions.push(record.attributions);
        Ok(index)
    }

    /// The number of records added.
    pub fn len(&self) -> usize {
        self.corpus.len()
    }

    /// Whether no record was added.
    pub fn is_empty(&self) -> bool {
        self.corpus.is_empty()
    }

    /// The corpus.
    pub fn build(self) -> Corpus {
        self.corpus
    }
}

/// The URL slug key of article `i`, read again from its canonical URL: the
/// key [`UrlSlugKey::of`] made of it when it was indexed.
fn url_slug_at(
    urls: &[Result<StoredUrl, Box<UrlError>>],
    records: &RecordStore,
    i: u32,
) -> Option<String> {
    let url = urls.get(i as usize)?.as_ref().ok()?;
    path_slug(&url.canonical(records.url(i as usize))).map(|slug| slugify(&slug))
}

/// Two or more articles that look like one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    /// Why they are duplicates.
    pub reason: DuplicateReason,
    /// The shared key: the URL match key, or the normalised headline.
    pub key: String,
    /// The shared header date (for [`DuplicateReason::HeadlineDate`]).
    pub date: Option<Date>,
    /// The articles' ids, in input order.
    pub articles: Vec<String>,
}

/// Why articles are [`Duplicate`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// Their URLs have the same [match key](crate::CanonicalUrl::match_key).
    Url,
    /// They have the same normalised headline and the same header date.
    HeadlineDate,
}

/// An article whose header date differs from the date in its URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMismatch {
    /// The article's id.
    pub article: String,
    /// The header date (line 2).
    pub header_date: Date,
    /// The date in the URL's path (see [`crate::facts`]).
    pub url_date: Date,
    /// Days from the header date to the URL date: positive when the URL's is later.
    pub days: i64,
}

impl Corpus {
    /// The number of articles.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are no articles.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The article at `index` (its position in input order), as the corpus
    /// keeps it.
    pub fn article(&self, index: usize) -> Option<ArticleView<'_>> {
        (index < self.len()).then_some(ArticleView {
            corpus: self,
            index,
        })
    }

    /// The articles, in input order.
    pub fn articles(&self) -> impl ExactSizeIterator<Item = ArticleView<'_>> {
        (0..self.len()).map(move |index| ArticleView {
            corpus: self,
            index,
        })
    }

    /// The attributions of the article at `index`, in source order (none for
    /// an index out of range).
    pub fn attributions(&self, index: usize) -> impl ExactSizeIterator<Item = Attribution<'_>> {
        self.attributions.of(index)
    }

    /// The id of the article at `index`.
    pub fn id(&self, index: usize) -> Option<&str> {
        (index < self.len()).then(|| self.records.id(index))
    }

    /// The index of the article with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id
            .get(id, key_hash(id), |i| self.records.id(i as usize) == id)
            .map(|i| i as usize)
    }

    /// The article's URL as the corpus keeps it (its canonical form, domain
    /// and date); or why it is not a web URL. `None` for an index out of
    /// range.
    pub fn url(&self, index: usize) -> Option<Result<ArticleUrl<'_>, &UrlError>> {
        let written = self.records.url(index);
        self.urls.get(index).map(|url| match url {
            Ok(stored) => Ok(ArticleUrl { stored, written }),
            Err(e) => Err(&**e),
        })
    }

    /// The articles whose [`normalize`]d headline is `normalized`, ascending.
    pub(crate) fn exact_hits(&self, normalized: &str) -> &[u32] {
        self.exact.hits(normalized, key_hash(normalized), |i| {
            normalize(self.records.title(i as usize)) == normalized
        })
    }

    /// The articles whose headline's [`slugify`] is `slug`, ascending.
    pub(crate) fn slug_hits(&self, slug: &str) -> &[u32] {
        self.slugs.hits(slug, key_hash(slug), |i| {
            slugify(self.records.title(i as usize)) == slug
        })
    }

    /// The articles whose URL slug (of at least [`MIN_URL_SLUG_TOKENS`]
    /// words) is `slug`, ascending.
    pub(crate) fn url_slug_hits(&self, slug: &str) -> &[u32] {
        self.url_slugs.hits(slug, key_hash(slug), |i| {
            url_slug_at(&self.urls, &self.records, i).as_deref() == Some(slug)
        })
    }

    /// The word counts ([`length_bit`]s) of the URL slugs whose
    /// [`slug_head`] is `head`, or more (a filter: a bit set may stand for
    /// none); `None` if surely none.
    pub(crate) fn url_slug_lengths(&self, head: &str) -> Option<u64> {
        self.url_slug_heads.get(&key_hash(head)).copied()
    }

    /// The first article (in input order) whose URL has the same match key as
    /// the article at `index`: `index` itself unless it is a later URL
    /// duplicate. `None` for an index out of range.
    pub fn group_of(&self, index: usize) -> Option<usize> {
        self.glances.get(index).map(|g| g.group as usize)
    }

    /// The records whose id had to change, as `(index, id as given)`, in input order.
    pub fn renamed(&self) -> &[(usize, String)] {
        &self.renamed
    }

    /// The number of distinct headline tokens indexed.
    pub fn vocabulary_len(&self) -> usize {
        self.postings.len()
    }

    /// The articles whose headline has token `token`, in input order.
    pub(crate) fn posting(&self, token: u32) -> &[u32] {
        self.postings.get(token as usize).map_or(&[], Vec::as_slice)
    }

    /// The sorted, distinct token ids of article `index`'s headline.
    pub(crate) fn tokens_at(&self, index: u32) -> &[u32] {
        let i = index as usize;
        let start = match i.checked_sub(1) {
            Some(before) => self.token_ends.get(before).copied().unwrap_or_default(),
            None => 0,
        };
        let end = self.token_ends.get(i).copied().unwrap_or(start);
        self.token_ids.get(start..end).unwrap_or_default()
    }

    pub(crate) fn group_at(&self, index: u32) -> u32 {
        self.glances.get(index as usize).map_or(index, |g| g.group)
    }

    /// The resolver as it was before glances, for tests that its answers do
    /// not depend on them: glances that bound nothing (every word may be
    /// shared), and each candidate's words counted where a glance's bound
    /// stood in for them.
    #[cfg(test)]
    pub(crate) fn count_instead_of_glancing(&mut self) {
        for glance in &mut self.glances {
            glance.filter = WordFilter::everything();
        }
        self.counts_not_glances = true;
    }

    /// Whether [`Corpus::count_instead_of_glancing`] was called.
    pub(crate) fn counts_not_glances(&self) -> bool {
        #[cfg(test)]
        return self.counts_not_glances;
        #[cfg(not(test))]
        false
    }

    /// What the resolver reads of article `index` before its words.
    pub(crate) fn glance_at(&self, index: u32) -> Glance {
        self.glances.get(index as usize).copied().unwrap_or(Glance {
            group: index,
            ..Glance::default()
        })
    }

    pub(crate) fn id_at(&self, index: u32) -> String {
        self.id(index as usize).unwrap_or_default().to_owned()
    }

    /// Duplicate groups (see the [module docs](self#duplicates)), ordered by
    /// their first article, URL groups before headline groups starting at the
    /// same article.
    pub fn duplicates(&self) -> Vec<Duplicate> {
        let mut found: Vec<(u32, Duplicate)> = Vec::new();
        let mut url_members: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, group) in self.glances.iter().map(|g| g.group).enumerate() {
            if group as usize != i {
                url_members.entry(group).or_default().push(i as u32);
            }
        }
        for (first, later) in url_members {
            let key = match self.url(first as usize) {
                Some(Ok(url)) => url.canonical().match_key(),
                _ => continue,
            };
            let articles = std::iter::once(first)
                .chain(later)
                .map(|i| self.id_at(i))
                .collect();
            found.push((
                first,
                Duplicate {
                    reason: DuplicateReason::Url,
                    key,
                    date: None,
                    articles,
                },
            ));
        }
        for members in self.exact.shared() {
            let Some(&first) = members.first() else {
                continue;
            };
            let headline = normalize(self.records.title(first as usize));
            let mut by_date: Vec<(Date, Vec<u32>)> = Vec::new();
            for &m in members {
                let Some(date) = self.records.date(m as usize) else {
                    continue;
                };
                match by_date.iter_mut().find(|(d, _)| *d == date) {
                    Some((_, list)) => list.push(m),
                    None => by_date.push((date, vec![m])),
                }
            }
            for (date, list) in by_date {
                let Some(&first) = list.first() else { continue };
                let one_url_group = list
                    .iter()
                    .all(|&m| self.group_at(m) == self.group_at(first));
                if list.len() < 2 || one_url_group {
                    continue;
                }
                found.push((
                    first,
                    Duplicate {
                        reason: DuplicateReason::HeadlineDate,
                        key: headline.clone(),
                        date: Some(date),
                        articles: list.iter().map(|&m| self.id_at(m)).collect(),
                    },
                ));
            }
        }
        found.sort_by(|(a, x), (b, y)| (a, x.reason, &x.key).cmp(&(b, y.reason, &y.key)));
        found.into_iter().map(|(_, d)| d).collect()
    }

    /// Articles whose header date differs from the date in their URL (by the
    /// rules of [`crate::facts`], which know more URL shapes than the core
    /// lint), in input order.
    pub fn date_mismatches(&self) -> Vec<DateMismatch> {
        self.articles()
            .filter_map(|article| {
                let header_date = article.date()?;
                let url_date = self.url(article.index())?.ok()?.date()?;
                (url_date != header_date).then(|| DateMismatch {
                    article: article.id().to_owned(),
                    header_date,
                    url_date,
                    days: header_date.days_until(url_date),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).expect("a valid date")
    }

    fn corpus(records: Vec<ArticleRecord>) -> Corpus {
        let mut builder = CorpusBuilder::new();
        for r in records {
            builder.push(r).expect("room");
        }
        builder.build()
    }

    #[test]
    fn from_article_keeps_promos_and_attributions_with_lines() {
        let src = "Macron Heads To Moscow\n20220131\nhttp://www.hngn.com/articles/240451/20220207/x.htm\n\
                   PerBBC,the French leader hopes, as perAP News,the talks go on.\n\
                   \n\
                   Read Also:US, Russia Still Open for Diplomacy\n";
        let article = dateline_core::parse(src).expect("parses");
        let record = ArticleRecord::from_article(&article);
        assert_eq!(record.id, "", "no id given");
        assert_eq!(record.title, "Macron Heads To Moscow");
        assert_eq!(record.date, Some(date(2022, 1, 31)));
        assert_eq!(
            record.references,
            [ReferenceRecord {
                label: "Read Also".into(),
                title: "US, Russia Still Open for Diplomacy".into(),
                line: Some(6),
            }]
        );
        let sources: Vec<_> = record
            .attributions
            .iter()
            .map(|a| (a.source.as_str(), a.line))
            .collect();
        assert_eq!(sources, [("BBC", Some(4)), ("AP News", Some(4))]);
    }

    #[test]
    fn an_article_gives_back_its_record() {
        let records = vec![
            ArticleRecord::new(
                "a",
                "Macron Heads To Moscow",
                "https://www.hngn.com/articles/1/x.htm",
            )
            .with_date(date(2022, 2, 7))
            .with_reference("Read Also", "Putin Hosts Macron")
            .with_reference("RELATED ARTICLE", "Talks Go On")
            .with_attribution("BBC")
            .with_attribution("AP News"),
            ArticleRecord::new("b", "Putin Hosts Macron", "not a url"),
        ];
        let c = corpus(records.clone());
        let back: Vec<ArticleRecord> = c.articles().map(|a| a.to_record()).collect();
        assert_eq!(back, records);
        let b = c.article(1).expect("two articles");
        assert_eq!((b.index(), b.id(), b.references().len()), (1, "b", 0));
        assert!(b.web_url().is_err(), "not a web URL");
        assert_eq!(
            c.article(0).map(|a| a.web_url().map(|u| u.host())),
            Some(Ok("www.hngn.com"))
        );
        assert!(c.article(2).is_none());
    }

    #[test]
    fn ids_are_made_unique() {
        let c = corpus(vec![
            ArticleRecord::new("a", "One", "https://x.com/1"),
            ArticleRecord::new("a", "Two", "https://x.com/2"),
            ArticleRecord::new("", "Three", "https://x.com/3"),
            ArticleRecord::new("a-2", "Four", "https://x.com/4"),
        ]);
        let ids: Vec<_> = c.articles().map(|a| a.id()).collect();
        assert_eq!(ids, ["a", "a-2", "article", "a-2-2"]);
        assert_eq!(
            c.renamed(),
            [
                (1, "a".to_owned()),
                (2, String::new()),
                (3, "a-2".to_owned())
            ]
        );
        assert_eq!(c.index_of("article"), Some(2));
    }

    #[test]
    fn url_duplicates_share_a_group() {
        let c = corpus(vec![
            ArticleRecord::new("a", "X", "https://www.hngn.com/articles/1/x.htm"),
            ArticleRecord::new("b", "Y", "http://hngn.com/articles/1/x.htm?utm_source=tw"),
            ArticleRecord::new("c", "Z", "not a url"),
            ArticleRecord::new("d", "W", "https://hngn.com/articles/2/w.htm"),
        ]);
        assert_eq!(c.group_of(0), Some(0));
        assert_eq!(c.group_of(1), Some(0));
        assert_eq!(c.group_of(2), Some(2), "a bad URL is its own group");
        assert_eq!(c.group_of(3), Some(3));
        assert!(c.url(2).is_some_and(|u| u.is_err()));
        let dups = c.duplicates();
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].reason, DuplicateReason::Url);
        assert_eq!(dups[0].key, "hngn.com/articles/1/x.htm");
        assert_eq!(dups[0].articles, ["a", "b"]);
    }

    #[test]
    fn headline_date_duplicates_skip_url_groups() {
        let day = date(2022, 2, 7);
        let c = corpus(vec![
            ArticleRecord::new(
                "a",
                "Nato Puts Forces On Standby",
                "https://a.com/x/one-two-three",
            )
            .with_date(day),
            ArticleRecord::new(
                "b",
                "NATO puts forces on standby",
                "https://b.com/x/one-two-three",
            )
            .with_date(day),
            ArticleRecord::new("c", "NATO Puts Forces On Standby", "https://c.com/x")
                .with_date(date(2022, 2, 8)),
            ArticleRecord::new("d", "Same Story", "https://d.com/story/1").with_date(day),
            ArticleRecord::new("e", "Same Story", "https://www.d.com/story/1").with_date(day),
        ]);
        let dups = c.duplicates();
        assert_eq!(dups.len(), 2, "{dups:?}");
        assert_eq!(dups[0].reason, DuplicateReason::HeadlineDate);
        assert_eq!(dups[0].key, "nato puts forces on standby");
        assert_eq!(dups[0].date, Some(day));
        assert_eq!(dups[0].articles, ["a", "b"], "c has another date");
        assert_eq!(
            dups[1].reason,
            DuplicateReason::Url,
            "d and e: not repeated by headline"
        );
        assert_eq!(dups[1].articles, ["d", "e"]);
    }

    #[test]
    fn date_mismatches_count_days() {
        let c = corpus(vec![
            ArticleRecord::new(
                "a",
                "X",
                "http://www.hngn.com/articles/240451/20220207/x.htm",
            )
            .with_date(date(2022, 1, 31)),
            ArticleRecord::new(
                "b",
                "Y",
                "https://www.theguardian.com/world/2022/jan/24/y-z",
            )
            .with_date(date(2022, 1, 25)),
            ArticleRecord::new("c", "Z", "https://www.nytimes.com/2022/02/07/world/z.html")
                .with_date(date(2022, 2, 7)),
            ArticleRecord::new("d", "W", "https://www.bbc.com/news/world-europe-60312345")
                .with_date(date(2022, 2, 7)),
            ArticleRecord::new("e", "V", "https://www.nytimes.com/2022/02/07/world/v.html"),
        ]);
        let found: Vec<_> = c
            .date_mismatches()
            .into_iter()
            .map(|m| (m.article, m.days))
            .collect();
        assert_eq!(found, [("a".to_owned(), 7), ("b".to_owned(), -1)]);
    }

    #[test]
    fn indexes_hold_headline_slug_and_url_slug() {
        let c = corpus(vec![
            ArticleRecord::new(
                "a",
                "Biden Accepts Bennett's Invitation",
                "https://www.hngn.com/articles/240402/20220203/biden-set-to-visit-israel.htm",
            ),
            ArticleRecord::new(
                "b",
                "Ukraine",
                "https://www.bbc.com/news/world-europe-60312345",
            ),
        ]);
        assert_eq!(c.exact_hits("biden accepts bennett's invitation"), [0]);
        assert_eq!(c.slug_hits("biden-accepts-bennetts-invitation"), [0]);
        // The URL slug is kept apart from the headline slugs.
        assert_eq!(c.url_slug_hits("biden-set-visit-israel"), [0]);
        assert!(c.slug_hits("biden-set-visit-israel").is_empty());
        assert!(
            c.url_slug_hits("world-europe").is_empty(),
            "two words: a section"
        );
        assert_eq!(c.slug_hits("ukraine"), [1]);
        assert!(c.url_slug_hits("ukraine").is_empty());
        assert_eq!(c.url_slug_lengths("biden-set-visit"), Some(1 << 4));
        assert_eq!(c.url_slug_heads.len(), 1);
        assert_eq!(slug_head("a-b-c-d"), "a-b-c");
        assert_eq!(slug_head("a-b-c"), "a-b-c");
        assert_eq!(slug_head("a-b"), "a-b");
        assert_eq!(c.vocabulary_len(), 5);
        let biden = c.vocabulary.get("biden").copied().expect("indexed");
        assert_eq!(c.postings[biden as usize], [0]);
    }
}
