//! Resolving a promo's headline to the article it names.
//!
//! A [`Resolver`] looks a headline up in a [`Corpus`] in four stages, from
//! strict to loose, and stops at the first stage that finds a match:
//!
//! 1. **Exact** ([`Method::Exact`], score 1): the [`normalize`]d
//!    headline (NFKC, case folded, quotes and dashes unified, whitespace
//!    collapsed) equals an article's normalised headline.
//! 2. **Slug** ([`Method::Slug`], score 1): the headline's
//!    [`slugify`](crate::text::slugify) (stop words dropped) equals the slug of
//!    an article's headline or of its URL (`Biden Set To Visit Israel...` and
//!    `.../biden-set-to-visit-israel-...htm`). URL slugs of fewer than
//!    [`MIN_URL_SLUG_TOKENS`] words are not used: they are usually sections.
//! 3. **Fuzzy** ([`Method::Fuzzy`]): the article whose headline
//!    [tokens] have the highest [`jaccard`](crate::text::jaccard)
//!    similarity with the headline's, if it reaches the minimum score
//!    ([`DEFAULT_MIN_SCORE`], set with [`Resolver::with_min_score`]). The score
//!    is that similarity: shared distinct words over all distinct words, so a
//!    headline of eleven words with one dropped scores 10/11.
//!
//!    Competing with it, a **cut URL slug** ([`Method::Slug`] again): an
//!    article's URL slug that equals the first k of the headline slug's n
//!    words, as outlets cut long slugs (HNGN's slug of "Macron Heads To Meet
//!    Putin In Russia In Bid To De-escalate Ukraine Tensions By Proposing A
//!    New Balance" stops at `ukraine-tensions`, and the article may carry
//!    another headline). The longest such prefix scores k/n, which must reach
//!    the minimum score; it wins only with a higher score than the fuzzy
//!    match, since a short cut slug also prefixes other headlines.
//!
//! 4. **Typo** ([`Method::Typo`]), only when the stages before found neither a
//!    match nor an ambiguity: the headline's letters and digits, without
//!    spaces and punctuation, against those of the articles sharing the most
//!    words with it, by edit distance (see [typos](#typos)). The score is
//!    1 − edits / letters.
//!
//! # Typos
//!
//! A promo typed badly (`Macron heads t oMoscow for talks`, `Bidne set to
//! visit Israel`) or cut (`US, Russia still open for...`, with or without the
//! ellipsis, at a word or inside one) has words the token stages cannot see.
//! The typo stage compares characters instead:
//!
//! * **Blocking**: the articles sharing a word the corpus knows with the
//!   headline, from the rarest word's posting list on, within the candidate
//!   cap; of those, the ones sharing the most words, or one fewer (at most 64,
//!   most shared words first): a typo leaves the target its other words. The
//!   lists are read only until no article left unread can share that many
//!   (an article in none of the r lists read of k shares at most k − r), so
//!   a promo whose target keeps most of its words reads two or three short
//!   lists, not the common words' long ones. The lists read are merged in
//!   order (each article with the number of lists it is in), and the other
//!   words counted by walking their lists beside the candidates: memory read
//!   in order, where looking up each candidate's words would miss the cache
//!   once per candidate in a large corpus (that lookup is kept for a list far
//!   longer than the candidates).
//! * **Comparing**: the [`normalize`]d, accent-folded letters and digits of
//!   both, so a word split or joined at the wrong place costs nothing; an
//!   optimal string alignment distance, where a transposed, missing, extra,
//!   doubled or replaced letter costs one edit, and where the article's
//!   headline may end anywhere after the promo's last letter (a cut
//!   headline). At most one edit per [`TYPO_CHARS_PER_EDIT`] letters is
//!   allowed at the default minimum score, fewer in proportion to
//!   1 − the minimum score above it (none at 1), never more than
//!   [`TYPO_MAX_EDITS`], and promos shorter than
//!   [`TYPO_MIN_CHARS`] letters are not compared.
//! * **Not guessing**: the candidates with the fewest edits are the hits; two
//!   or more (outside one URL group) are an ambiguity, as at the other stages.
//!   A cut headline that starts two articles' headlines equally well is
//!   ambiguous, not resolved to the first.
//!
//! The typo stage also checks the looser matches of the word stages (fuzzy
//! ones, and cut URL slugs): when the letters fit another article as well as
//! the match or better, the reference is ambiguous; and when they fit none, a
//! fuzzy match that *replaces* words is refused (the headline has a word the
//! article lacks and the article one the headline lacks, neither close to a
//! word the other lacks: `… 3.2 Percent in Kenya` is not `… 1.2 Percent in
//! Argentina`, while dropped words, `Visits` for `Visit` and misspellings
//! pass). Switching typos off ([`Resolver::with_typos`]) switches these checks
//! off too.
//!
//! # Near misses
//!
//! A reference left unresolved (no target, no candidates) carries its near
//! miss: [`Resolution::best_candidate`], the article (not its own) with the
//! highest Jaccard score among those the typo stage reads (the articles
//! sharing all the headline's known words but one, when one shares them
//! all; otherwise those of the rarest words' posting lists, read until no
//! article left unread can share as many words as the best read, or one
//! fewer), and
//! [`Resolution::best_score`], that score, below the minimum score: the
//! `--min-score` at which it would have matched.
//!
//! # Ambiguity, duplicates and self-references
//!
//! * Articles of one URL group (the same page under several URLs, see
//!   [`Corpus::group_of`]) count as one candidate, represented by the first of
//!   them that matched, in input order.
//! * When a stage finds two or more candidates (exact and slug), or two or more
//!   share the best fuzzy score, the result is **ambiguous**: no target (`to`
//!   is `None`), the stage's method and score, and the candidates' ids in input
//!   order (at most [`MAX_LISTED_CANDIDATES`]). Resolution does not guess, and
//!   does not fall through to a looser stage.
//! * The referencing article ([`Resolver::resolve_from`]), and its URL group,
//!   is a candidate of last resort: at each stage, another article that matches
//!   wins over it (a promo naming its own headline that another article also
//!   has most likely names the other one). If it is the only match of a stage,
//!   the result is a **self-reference**: `to` is the referencing article's own
//!   id and [`Resolution::self_reference`] is set, so callers can drop or flag
//!   the loop.
//! * A headline nothing matches is **unresolved**: no target, no method,
//!   score 0, no candidates.
//!
//! # Complexity
//!
//! References are independent: [`Resolver::resolve_all`] resolves every
//! reference of the corpus on [`Resolver::with_threads`] threads, with the
//! answers of one thread.
//!
//! Let N be the number of articles, L the most words in a headline, and
//! C the candidate cap ([`DEFAULT_MAX_CANDIDATES`] posting entries, set with
//! [`Resolver::with_max_candidates`]). The exact and slug stages are one hash
//! lookup each, O(L) expected. The fuzzy stage never compares the headline
//! with every article; it uses the corpus's inverted index (word → articles,
//! in input order) with *prefix filtering*:
//!
//! 1. To reach the minimum score s, an article must share at least
//!    k = ⌈s·r⌉ of the headline's r distinct words, so it must have at least
//!    one of the r − k + 1 *rarest* of them (fewest articles; words the corpus
//!    does not know count as the rarest and have no articles). The articles
//!    of those words' posting lists are the candidates: the lists are read
//!    rarest first within a budget of C entries in all (the last one read
//!    may be cut short, and the lists after it are not read), and merged into
//!    one list sorted by article, with the number of lists each is in.
//! 2. A candidate can share at most that many words plus the words whose
//!    lists were not read whole; if that is less than k it is dropped. The
//!    words not read are then checked rarest first, each by walking its
//!    posting list and the candidates side by side (both sorted by article):
//!    a candidate seen with one prefix word needs every other word, so most
//!    are dropped by the first word they lack. A word is checked only while
//!    its list is at most 16 times longer than the candidates left and more
//!    than 8 are left; so this costs O(C) per word, and reads memory in order.
//! 3. The remaining candidates are length-filtered (a Jaccard score of s
//!    needs min/max word counts ≥ s, and a shared count of at least
//!    s·(r + t)/(1 + s) for an article of t words) and scored by merging two
//!    sorted lists of word ids, O(L).
//!
//! Before that, **best first**: most fuzzy matches share all the headline's
//! known words, or all but one, and the articles sharing that many are in
//! the one or two rarest words' lists. Those are read first (steps 1 to 3
//! with k raised to all the known words, then to one fewer); when the best
//! of them scores more than any article sharing fewer words could (at most
//! shared / r), they hold the answer and all its ties, and the longer lists
//! of the full prefix are not read. So a promo with a word dropped is decided
//! by its rarest list, however common its other words are; and it is exact
//! (not [`Resolution::capped`]) whenever that list fits the cap.
//!
//! A resolution is thus O(L log L + C·L) whatever N, and resolving M
//! references over N articles costs O(N·L) to index plus O(M·C·L): linear
//! in the corpus. The result is exact (the best-scoring article is always
//! found) as long as the prefix words' posting lists hold at most C entries
//! together; past the cap, the articles that come first in input order are
//! read, a better match (or any match) may be missed, and the resolution
//! says so: [`Resolution::capped`] is set, whatever was found. A corpus
//! where thousands of headlines share all the words of a short promo needs
//! a larger cap (`dateline links --max-candidates`) to be resolved exactly.
//! The checks and the order in which candidates are dropped only save work:
//! the candidates and their scores are those of step 1, whatever is checked.
//!
//! Below the cap, the work per reference grows with the length of the rare
//! words' posting lists, which grow with N when the vocabulary does not (as
//! in `benches/resolve.rs`, where they hold about 5, 50 and 500 entries per
//! fuzzy reference at 10,000, 100,000 and 1,000,000 articles); that work is
//! a few sequential passes over those lists, so it stays small next to the
//! fixed cost of a reference (normalising and tokenizing the headline, and
//! the hash lookups, which miss the CPU cache more often as the corpus
//! grows). The benchmark measures the time per reference from 10,000 to
//! 1,000,000 articles.
//!
//! ```
//! use dateline_links::corpus::{ArticleRecord, CorpusBuilder};
//! use dateline_links::resolve::{Method, Resolver};
//!
//! let mut builder = CorpusBuilder::new();
//! builder.push(ArticleRecord::new(
//!     "pentagon",
//!     "Pentagon Puts 8,500 US Troops On Heightened Alert For Possible Deployment To Europe",
//!     "https://www.nbcnews.com/politics/national-security/pentagon-puts-troops-alert-rcna13355",
//! ))?;
//! let corpus = builder.build();
//! let resolver = Resolver::new(&corpus);
//!
//! let r = resolver.resolve("PENTAGON PUTS 8,500 US TROOPS ON HEIGHTENED ALERT FOR POSSIBLE DEPLOYMENT TO EUROPE");
//! assert_eq!((r.to.as_deref(), r.method), (Some("pentagon"), Some(Method::Exact)));
//!
//! let r = resolver.resolve("Pentagon Puts 8,500 Troops On Heightened Alert For Possible Deployment To Europe");
//! assert_eq!((r.to.as_deref(), r.method), (Some("pentagon"), Some(Method::Fuzzy)));
//! assert_eq!(r.score, 10.0 / 11.0);
//!
//! let r = resolver.resolve("China Warns US Over Taiwan Arms Sales");
//! assert_eq!((r.to, r.method, r.score), (None, None, 0.0));
//! # Ok::<(), dateline_links::corpus::CorpusError>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, MIN_URL_SLUG_TOKENS, length_bit, slug_head, slug_words};
use crate::glance;
use crate::text::{normalize, slug_of, tokens};
use crate::typo::{self, compact};

/// The default minimum fuzzy score.
pub const DEFAULT_MIN_SCORE: f64 = 0.6;

/// The default number of posting entries the fuzzy stage reads per headline.
pub const DEFAULT_MAX_CANDIDATES: usize = 4096;

/// The most candidates an ambiguous [`Resolution`] lists.
pub const MAX_LISTED_CANDIDATES: usize = 10;

/// About how many references [`Resolver::resolve_all`] hands a thread at a
/// time: enough to make the hand-over cheap, few enough to share out a
/// cluster of slow ones.
const REFERENCES_PER_RUN: usize = 256;

/// Tolerance for comparing scores.
const EPSILON: f64 = 1e-9;

/// How a reference was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Same normalised headline.
    Exact,
    /// Same slug (headline or URL slug).
    Slug,
    /// Similar words.
    Fuzzy,
    /// Similar letters: a headline typed badly or cut (see
    /// [typos](self#typos)).
    Typo,
}

impl Method {
    /// The method's name as serialised: `"exact"`, `"slug"`, `"fuzzy"` or
    /// `"typo"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Slug => "slug",
            Method::Fuzzy => "fuzzy",
            Method::Typo => "typo",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of resolving one headline (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// The id of the article named; `None` when unresolved or ambiguous.
    pub to: Option<String>,
    /// The stage that matched (or found the ambiguity); `None` when unresolved.
    pub method: Option<Method>,
    /// 1 for exact and whole-slug matches, the share of the headline's slug
    /// words matched for a URL slug prefix, the Jaccard similarity for fuzzy
    /// ones, 0 when unresolved.
    pub score: f64,
    /// When ambiguous, the ids of the equally good candidates, in input order
    /// (at most [`MAX_LISTED_CANDIDATES`]); otherwise empty.
    pub candidates: Vec<String>,
    /// Whether the headline names the referencing article itself (`to` is its id).
    pub self_reference: bool,
    /// Whether the fuzzy stage hit the candidate cap: it read only part of the
    /// articles sharing the headline's rarest words, so a better match than
    /// the result (resolved or not) may exist. See the
    /// [complexity](self#complexity) notes.
    #[serde(default)]
    pub capped: bool,
    /// For an unresolved reference (no target, no candidates): the article
    /// whose headline shares the most with it, by the fuzzy stage's Jaccard
    /// score, though not enough to be a match (see [near misses](self#near-misses)).
    /// `None` otherwise, or when no article shares a word.
    #[serde(default)]
    pub best_candidate: Option<String>,
    /// The Jaccard score of [`Resolution::best_candidate`]: how far the
    /// minimum score would have to drop for it to match. `None` when there is
    /// no best candidate.
    #[serde(default)]
    pub best_score: Option<f64>,
}

impl Resolution {
    /// Nothing matched.
    pub fn unresolved() -> Resolution {
        Resolution {
            to: None,
            method: None,
            score: 0.0,
            candidates: Vec::new(),
            self_reference: false,
            capped: false,
            best_candidate: None,
            best_score: None,
        }
    }

    /// Whether a target was found (possibly the article itself).
    pub fn is_resolved(&self) -> bool {
        self.to.is_some()
    }

    /// Whether two or more candidates matched equally well.
    pub fn is_ambiguous(&self) -> bool {
        self.to.is_none() && self.candidates.len() > 1
    }
}

/// A [`Resolution`] naming articles by their position in the corpus, not by
/// id: what the stages compute, and what a report holds for every reference
/// until it is written (64 bytes and no allocation, where a `Resolution`
/// holds a `String` per article named; a million references differ by
/// hundreds of MB). [`Found::spell`] gives the `Resolution`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    score: f64,
    best_score: Option<f64>,
    candidates: Box<[u32]>,
    to: Option<u32>,
    best_candidate: Option<u32>,
    method: Option<Method>,
    self_reference: bool,
    capped: bool,
}

// What a report holds per reference: keep it to a cache line.
const _: () = assert!(size_of::<Found>() <= 64);

impl Found {
    fn unresolved() -> Found {
        Found {
            score: 0.0,
            best_score: None,
            candidates: Box::default(),
            to: None,
            best_candidate: None,
            method: None,
            self_reference: false,
            capped: false,
        }
    }

    fn matched(to: u32, method: Method, score: f64, self_reference: bool) -> Found {
        Found {
            to: Some(to),
            method: Some(method),
            score,
            self_reference,
            ..Found::unresolved()
        }
    }

    fn ambiguous(method: Method, score: f64, candidates: Vec<u32>) -> Found {
        Found {
            method: Some(method),
            score,
            candidates: candidates.into_boxed_slice(),
            ..Found::unresolved()
        }
    }

    fn with_capped(self, capped: bool) -> Found {
        Found { capped, ..self }
    }

    /// Whether a target was found (possibly the article itself).
    pub(crate) fn is_resolved(&self) -> bool {
        self.to.is_some()
    }

    /// Whether the reference names its own article.
    pub(crate) fn is_self_reference(&self) -> bool {
        self.self_reference
    }

    /// Whether candidates are listed (an ambiguity).
    pub(crate) fn has_candidates(&self) -> bool {
        !self.candidates.is_empty()
    }

    /// Whether the search was cut by the candidate cap.
    pub(crate) fn is_capped(&self) -> bool {
        self.capped
    }

    /// The resolution with the ids `corpus` gives the articles.
    pub(crate) fn spell(&self, corpus: &Corpus) -> Resolution {
        Resolution {
            to: self.to.map(|a| corpus.id_at(a)),
            method: self.method,
            score: self.score,
            candidates: self.candidates.iter().map(|&a| corpus.id_at(a)).collect(),
            self_reference: self.self_reference,
            capped: self.capped,
            best_candidate: self.best_candidate.map(|a| corpus.id_at(a)),
            best_score: self.best_score,
        }
    }
}

/// A minimum score outside `0..=1` (or NaN).
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("the minimum score must be a number from 0 to 1, not {0}")]
pub struct InvalidScore(pub f64);

/// Resolves headlines against a [`Corpus`] (see the [module docs](self)).
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'c> {
    corpus: &'c Corpus,
    min_score: f64,
    max_candidates: usize,
    typos: bool,
    threads: NonZeroUsize,
}

impl<'c> Resolver<'c> {
    /// A resolver with the default minimum score and candidate cap.
    pub fn new(corpus: &'c Corpus) -> Resolver<'c> {
        Resolver {
            corpus,
            min_score: DEFAULT_MIN_SCORE,
            max_candidates: DEFAULT_MAX_CANDIDATES,
            typos: true,
            threads: NonZeroUsize::MIN,
        }
    }

    /// Sets the minimum fuzzy score, from 0 to 1. A fuzzy match always
    /// shares at least one word, even with a minimum of 0.
    ///
    /// # Errors
    ///
    /// [`InvalidScore`] for a number outside `0..=1` or NaN.
    pub fn with_min_score(self, min_score: f64) -> Result<Resolver<'c>, InvalidScore> {
        if (0.0..=1.0).contains(&min_score) {
            Ok(Resolver { min_score, ..self })
        } else {
            Err(InvalidScore(min_score))
        }
    }

    /// Sets how many posting entries the fuzzy stage reads at most per
    /// headline (at least 1): the bound on its work, and the point past which
    /// it may miss a match. See the [complexity](self#complexity) notes.
    #[must_use]
    pub fn with_max_candidates(self, max_candidates: usize) -> Resolver<'c> {
        Resolver {
            max_candidates: max_candidates.max(1),
            ..self
        }
    }

    /// Switches the typo stage (see [typos](self#typos)) on (the default) or
    /// off. Off, resolution is the word stages' alone; near misses are still
    /// found.
    #[must_use]
    pub fn with_typos(self, typos: bool) -> Resolver<'c> {
        Resolver { typos, ..self }
    }

    /// Sets how many threads [`Resolver::resolve_all`] resolves on (1, the
    /// default: the calling thread alone). The answers are the same whatever
    /// the number.
    #[must_use]
    pub fn with_threads(self, threads: NonZeroUsize) -> Resolver<'c> {
        Resolver { threads, ..self }
    }

    /// Whether the typo stage is on.
    pub fn typos(&self) -> bool {
        self.typos
    }

    /// The number of threads [`Resolver::resolve_all`] uses.
    pub fn threads(&self) -> NonZeroUsize {
        self.threads
    }

    /// Resolves every reference of every article of the corpus, each as
    /// [`Resolver::resolve_from_index`] does, in corpus order (the articles in
    /// the order they were pushed, each one's references in order), on
    /// [`Resolver::threads`] threads.
    ///
    /// The articles are handed out in runs of a few hundred references to
    /// whichever thread is free (a damaged promo costs a hundred times an
    /// exact one, and they cluster), and the runs put back in order.
    pub fn resolve_all(&self) -> Vec<Resolution> {
        let found = self.find_all();
        found.iter().map(|f| f.spell(self.corpus)).collect()
    }

    /// [`Resolver::resolve_all`] with articles by position: what a report
    /// holds until it is written.
    pub(crate) fn find_all(&self) -> Vec<Found> {
        let corpus = self.corpus;
        let resolve_run = |run: std::ops::Range<usize>| -> Vec<Found> {
            run.filter_map(|index| corpus.article(index))
                .flat_map(|article| {
                    article.references().map(move |reference| {
                        self.find_from_index(article.index(), reference.title)
                    })
                })
                .collect()
        };
        let threads = self.threads.get();
        if threads == 1 || corpus.len() < 2 {
            return resolve_run(0..corpus.len());
        }
        // Runs of articles with about REFERENCES_PER_RUN references each.
        let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
        let (mut start, mut references) = (0, 0);
        for (index, article) in corpus.articles().enumerate() {
            references += article.references().len();
            if references >= REFERENCES_PER_RUN {
                runs.push(start..index + 1);
                (start, references) = (index + 1, 0);
            }
        }
        if start < corpus.len() {
            runs.push(start..corpus.len());
        }
        let next = AtomicUsize::new(0);
        let mut done: Vec<(usize, Vec<Found>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads.min(runs.len()))
                .map(|_| {
                    scope.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let at = next.fetch_add(1, Ordering::Relaxed);
                            let Some(run) = runs.get(at) else {
                                return mine;
                            };
                            mine.push((at, resolve_run(run.clone())));
                        }
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| match worker.join() {
                    Ok(mine) => mine,
                    // A panic in a worker is a bug: raise it here, as one
                    // thread would have.
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        });
        done.sort_unstable_by_key(|&(at, _)| at);
        done.into_iter().flat_map(|(_, run)| run).collect()
    }

    /// The minimum fuzzy score.
    pub fn min_score(&self) -> f64 {
        self.min_score
    }

    /// The candidate cap of the fuzzy stage.
    pub fn max_candidates(&self) -> usize {
        self.max_candidates
    }

    /// The corpus resolved against.
    pub fn corpus(&self) -> &'c Corpus {
        self.corpus
    }

    /// Resolves a headline named by no article of the corpus.
    pub fn resolve(&self, headline: &str) -> Resolution {
        self.run(None, headline).spell(self.corpus)
    }

    /// Resolves a headline named by the article whose id is `from` (see
    /// self-references in the [module docs](self)): the id the corpus gave it
    /// ([`Corpus::id`]). An id the corpus does not hold is ignored (as by
    /// [`Resolver::resolve`]).
    pub fn resolve_from(&self, from: &str, headline: &str) -> Resolution {
        match self.corpus.index_of(from) {
            Some(index) => self.resolve_from_index(index, headline),
            None => self.resolve(headline),
        }
    }

    /// [`Resolver::resolve_from`] for the article at position `from` in the
    /// corpus (the order its records were pushed). A position out of range is
    /// ignored.
    pub fn resolve_from_index(&self, from: usize, headline: &str) -> Resolution {
        self.find_from_index(from, headline).spell(self.corpus)
    }

    fn find_from_index(&self, from: usize, headline: &str) -> Found {
        let from = u32::try_from(from)
            .ok()
            .filter(|&f| (f as usize) < self.corpus.len());
        self.run(from, headline)
    }

    fn run(&self, from: Option<u32>, headline: &str) -> Found {
        let own = from.map(|f| (f, self.corpus.group_at(f)));
        // Each key is computed only if the stage before found nothing.
        let normalized = normalize(headline);
        if !normalized.is_empty() {
            let hits = self.corpus.exact_hits(normalized.as_str());
            if let Some(r) = self.keyed(Method::Exact, hits, own, 1.0) {
                return r;
            }
        }
        let words = tokens(headline);
        let slug = slug_of(&words);
        if !slug.is_empty() {
            let hits = merge_sorted(
                self.corpus.slug_hits(slug.as_str()),
                self.corpus.url_slug_hits(slug.as_str()),
            );
            if let Some(r) = self.keyed(Method::Slug, &hits, own, 1.0) {
                return r;
            }
        }
        let known = self.known(&words);
        let mut readings = Readings::default();
        let fuzzy = self.fuzzy(&known, own, &mut readings);
        // A cut URL slug competes with the fuzzy match: a slug cut after 6 of
        // 10 words also prefixes other headlines, which the headline's own
        // words tell apart better.
        let found = match self.slug_prefix(&slug, own, fuzzy.score) {
            Some(prefix) => prefix.with_capped(fuzzy.capped),
            None => fuzzy,
        };
        // Only a reference the word stages found nothing for (no target, no
        // ambiguity) goes on to the typo stage: a looser stage never
        // overrides a stricter one.
        let partial = found.method == Some(Method::Fuzzy)
            || (found.method == Some(Method::Slug) && found.score < 1.0);
        if self.typos && partial && !found.self_reference && found.to.is_some() {
            return self.confirm_fuzzy(headline, &words, &known, own, found, readings);
        }
        if found.to.is_some() || !found.candidates.is_empty() {
            return found;
        }
        let typo = self.typo(headline, &known, own, readings);
        // The near miss's reading, capped or not, changes no match.
        let capped = found.capped || (self.typos && typo.capped);
        typo.with_capped(capped)
    }

    /// A fuzzy match (or a cut URL slug's) checked by letters: a cut headline
    /// shares all its words with every article it starts, and the fuzzy score
    /// then favours the shortest. When the letters fit other articles as
    /// well as (or better than) the match, the reference is ambiguous; when
    /// they fit none, a fuzzy match that replaces words is refused.
    fn confirm_fuzzy(
        &self,
        headline: &str,
        words: &[String],
        known: &Known,
        own: Option<(u32, u32)>,
        fuzzy: Found,
        readings: Readings,
    ) -> Found {
        let Some(to) = fuzzy.to else {
            return fuzzy;
        };
        let typo = self.typo(headline, known, own, readings);
        let capped = fuzzy.capped || typo.capped;
        if typo.method != Some(Method::Typo) {
            if fuzzy.method == Some(Method::Fuzzy) && self.replaces_words(words, to) {
                return typo.with_capped(capped);
            }
            return fuzzy;
        }
        let mut hits: Vec<u32> = match typo.to {
            Some(hit) if hit == to => return fuzzy,
            Some(hit) => vec![hit],
            None => typo.candidates.into_vec(),
        };
        if !hits.contains(&to) {
            hits.push(to);
        }
        hits.sort_unstable();
        hits.truncate(MAX_LISTED_CANDIDATES);
        Found::ambiguous(Method::Typo, typo.score, hits).with_capped(capped)
    }

    /// Whether a fuzzy match replaces words rather than drops or misspells
    /// them: the headline has a word the article lacks and the article one
    /// the headline lacks, neither of them close to a word the other side
    /// lacks (see [`close_words`]). `Kenya` for `Argentina`, `3.2` for `1.2`:
    /// another story of the same shape, not this one.
    fn replaces_words(&self, words: &[String], to: u32) -> bool {
        let Some(article) = self.corpus.article(to as usize) else {
            return false;
        };
        let theirs = tokens(article.title());
        let only_ours: Vec<&String> = words.iter().filter(|w| !theirs.contains(w)).collect();
        let only_theirs: Vec<&String> = theirs.iter().filter(|w| !words.contains(w)).collect();
        let unexplained = |side: &[&String], other: &[&String]| {
            side.iter()
                .any(|w| !other.iter().any(|o| close_words(w, o)))
        };
        unexplained(&only_ours, &only_theirs) && unexplained(&only_theirs, &only_ours)
    }

    /// The typo stage's candidates: the articles sharing the most known words
    /// with the headline, or one fewer ([`TYPO_WORDS_SLACK`]), each with the
    /// number of words it shares, by article. The words' posting lists are
    /// read rarest first, within the candidate cap, and only until no article
    /// left unread can be one: one in none of the `read` lists read shares at
    /// most `known − read` words, so once that is below the shortlist's floor
    /// the rest are not read. A damaged promo's target shares all but a word
    /// or two, so that is usually after two or three of the rarest lists,
    /// whatever the corpus size. Each article read is counted once, by
    /// merging its sorted word ids with the headline's.
    fn block(&self, headline: &Known, mut readings: Readings) -> Block {
        let c = self.corpus;
        let (known, query, masks) = (&headline.words, &headline.query, &headline.masks);

        // Most often (a typo or a cut leaves the target its other words) some
        // article shares every known word: then the shortlist is the articles
        // sharing all but one, which the fuzzy stage's prefix filter finds
        // reading two lists and checking the rest, not counting every article
        // of those lists.
        if known.len() >= 2 {
            let needed = known.len() - 1;
            let prefix = readings
                .take(needed)
                .unwrap_or_else(|| self.prefix_filter(known, needed));
            let (found, capped) = self.sharing(prefix, query, masks, needed);
            if !capped && found.iter().any(|&(_, n)| n as usize == known.len()) {
                return Block {
                    candidates: found,
                    capped: false,
                };
            }
        }

        // Otherwise the candidates are the articles of the rarest lists, read
        // whole within the candidate cap, and counted by merging the lists
        // (memory read in order: counting each article's words instead reads
        // a random place per article, a cache miss each in a large corpus).
        let mut budget = self.max_candidates;
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        let mut merged: Vec<(u32, u32)> = Vec::new();
        let mut most = 0u32;
        let mut read = 0usize;
        let mut capped = false;
        for &(_, token) in known {
            // `read` lists were read: an article in none of them shares at
            // most `known.len() - read` words. `most` is a lower bound of the
            // most shared (the words not read yet are not counted), so this
            // stops no earlier than the floor allows.
            if read > 0 && known.len() - read < typo_floor(most) as usize {
                break;
            }
            let posting = c.posting(token);
            if posting.len() > budget {
                // The cap: first count the candidates' other words, as the
                // exact most may say the other articles cannot be candidates.
                self.count_unread(&mut candidates, known.get(read..).unwrap_or_default());
                let most = self.settle(&mut candidates, query);
                if read == 0 || known.len() - read >= typo_floor(most) as usize {
                    // They can: those of the list within the cap join, each
                    // with a bound of its words (counted by `settle` if it
                    // can matter); the others are missed.
                    capped = true;
                    let head = posting.get(..budget).unwrap_or_default();
                    let mut joined = Vec::with_capacity(candidates.len() + head.len());
                    let (mut i, mut j) = (0, 0);
                    while let Some(&article) = head.get(j) {
                        match candidates.get(i) {
                            Some(&(a, n)) if a <= article => {
                                joined.push((a, n));
                                i += 1;
                                j += usize::from(a == article);
                            }
                            _ => {
                                let (shared, bound) = self.may_share(article, query, masks);
                                joined.push((article, bound | shared.min(!BOUND)));
                                j += 1;
                            }
                        }
                    }
                    joined.extend_from_slice(candidates.get(i..).unwrap_or_default());
                    candidates = joined;
                }
                return Block { candidates, capped };
            }
            budget -= posting.len();
            merge_counts(&candidates, posting, &mut merged);
            std::mem::swap(&mut candidates, &mut merged);
            read += 1;
            most = candidates.iter().map(|&(_, n)| n).max().unwrap_or(0);
        }
        self.count_unread(&mut candidates, known.get(read..).unwrap_or_default());
        Block { candidates, capped }
    }

    /// How many of `words` (sorted known word ids; `masks`, their
    /// [`glance::masks`]) article `article` may share: a bound from its
    /// glance, with [`BOUND`] (or, in the tests of
    /// [`Corpus::count_instead_of_glancing`], the count, with 0).
    fn may_share(&self, article: u32, words: &[u32], masks: &[u64]) -> (u32, u32) {
        let c = self.corpus;
        if c.counts_not_glances() {
            let shared = count_shared(words, c.tokens_at(article));
            return (u32::try_from(shared).unwrap_or(u32::MAX), 0);
        }
        (c.glance_at(article).filter.may_share(masks), BOUND)
    }

    /// Counts the words of the candidates (article, shared) whose count is
    /// only a [`BOUND`] and may matter to the typo stage, and returns the
    /// most any shares. After it, every candidate that may share
    /// `typo_floor(most)` words has its count: bounds are taken highest
    /// first, until the highest left is below the floor of the most found
    /// (a count is at most its bound, so no candidate left can raise the
    /// most or reach the floor). `query`: the headline's known word ids,
    /// sorted.
    fn settle(&self, candidates: &mut [(u32, u32)], query: &[u32]) -> u32 {
        let c = self.corpus;
        let mut most = candidates
            .iter()
            .filter(|&&(_, n)| n & BOUND == 0)
            .map(|&(_, n)| n)
            .max()
            .unwrap_or(0);
        let highest = candidates
            .iter()
            .filter(|&&(_, n)| n & BOUND != 0)
            .map(|&(_, n)| n & !BOUND)
            .max();
        let Some(highest) = highest else {
            return most;
        };
        // Level by level (a few dozen words at most): each pass reads the
        // candidates in order, where sorting thousands of them cost more.
        for level in (1..=highest).rev() {
            if level < typo_floor(most) {
                break;
            }
            for candidate in candidates.iter_mut().filter(|(_, n)| *n == BOUND | level) {
                let shared = count_shared(query, c.tokens_at(candidate.0));
                candidate.1 = u32::try_from(shared).unwrap_or(!BOUND).min(!BOUND);
                most = most.max(candidate.1);
            }
        }
        most
    }

    /// Adds to each candidate's count (sorted by article) the `unread` words
    /// it has: each word counted by walking its posting list beside the
    /// candidates (memory read in order) while the list is not much longer
    /// than the candidates; for the rest, each candidate's count becomes a
    /// [`BOUND`] (from its [`Glance`](glance::Glance)) when it may have one
    /// of them, for [`Resolver::settle`] to count.
    fn count_unread(&self, candidates: &mut [(u32, u32)], unread: &[(usize, u32)]) {
        let c = self.corpus;
        // Walking the words left costs their lists' entries; a glance covers
        // them all at once: walk them only while their lists, together, are
        // not much longer than the candidates.
        let mut left: usize = unread.iter().map(|&(df, _)| df).sum();
        for (at, &(df, token)) in unread.iter().enumerate() {
            let list = c.posting(token);
            if left / WALK_RATIO > candidates.len() {
                let mut rest: Vec<u32> = unread
                    .get(at..)
                    .unwrap_or_default()
                    .iter()
                    .map(|&(_, t)| t)
                    .collect();
                rest.sort_unstable();
                // A bound of each candidate's other words from its glance
                // (a read at a random place, in a small array): `settle`
                // counts those that can matter.
                let masks = glance::masks(&rest);
                for (article, shared) in candidates.iter_mut() {
                    let (more, bound) = self.may_share(*article, &rest, &masks);
                    if more > 0 {
                        *shared = bound | (*shared & !BOUND).saturating_add(more).min(!BOUND);
                    }
                }
                return;
            }
            count_members(candidates, list);
            left -= df;
        }
    }

    /// The fuzzy stage's prefix filter (see the [complexity](self#complexity)
    /// notes), shared with the typo stage: of the headline's `known` words
    /// ((document frequency, word id), rarest first), the articles in the
    /// posting lists of the `known − needed + 1` rarest, each with the number
    /// of words it was counted with (by article); `unseen`, the known words
    /// a candidate may share on top of that count (so it shares at most
    /// `count + unseen`); and whether the candidate cap cut the reading.
    fn prefix_filter(
        &self,
        known: &[(usize, u32)],
        needed: usize,
    ) -> (Vec<(u32, u32)>, usize, bool) {
        let c = self.corpus;
        let prefix = (known.len() + 1).saturating_sub(needed);
        // The candidates: the articles in the prefix words' posting lists, read
        // rarest first within the budget of `max_candidates` entries (the last
        // list read may be cut short, and the lists after it are not read).
        let mut budget = self.max_candidates;
        let mut seeds: Vec<&[u32]> = Vec::with_capacity(prefix);
        let mut complete = 0usize;
        for &(_, token) in known.iter().take(prefix) {
            let posting = c.posting(token);
            let take = posting.len().min(budget);
            budget -= take;
            complete += usize::from(take == posting.len());
            seeds.push(posting.get(..take).unwrap_or_default());
            if budget == 0 {
                break;
            }
        }
        // Every prefix list read whole, or the search was cut.
        let capped = complete < prefix.min(known.len());
        // Each candidate with the number of seed words it has, by article.
        let mut candidates = count_articles(&seeds);
        // Known words whose articles were not all counted: a candidate may
        // share each of them, on top of the words it was counted with. An
        // article shares at most `count + unseen` words with the headline; one
        // reaching the score shares at least `needed`.
        let mut unseen = known.len() - complete;
        // Tighten that bound with the words not read, rarest first: a
        // candidate seen with one prefix word needs every other word, so the
        // first word it lacks drops it. Checking a word walks its posting list
        // and the candidates, both sorted by article, side by side: memory read
        // in order, while scoring a candidate reads its words at a random
        // place. So a word is checked while its list is not much longer than
        // the candidates left, and they are more than a few; the rest are
        // scored. (With `needed` 1, every candidate qualifies: nothing to check.)
        for &(_, token) in known.get(seeds.len()..).unwrap_or_default() {
            candidates.retain(|&(_, count)| count as usize + unseen >= needed);
            let list = c.posting(token);
            if needed <= 1
                || candidates.len() <= SCORE_DIRECTLY
                || list.len() / WALK_RATIO > candidates.len()
            {
                break;
            }
            count_members(&mut candidates, list);
            unseen -= 1;
        }
        (candidates, unseen, capped)
    }

    /// The articles sharing at least `needed` of the headline's known words
    /// (`query`: their ids, sorted; `masks`: their [`glance::masks`]), each
    /// with the number it shares, by article; and whether the candidate cap
    /// cut the reading (then some may be missing): the candidates of
    /// `prefix` (the [`Resolver::prefix_filter`] for `needed`), their shared
    /// words counted.
    fn sharing(
        &self,
        prefix: Prefix,
        query: &[u32],
        masks: &[u64],
        needed: usize,
    ) -> (Vec<(u32, u32)>, bool) {
        let c = self.corpus;
        let (candidates, unseen, capped) = prefix;
        let found = candidates
            .into_iter()
            .filter(|&(_, count)| count as usize + unseen >= needed)
            // The glance's bound drops most without reading their words.
            .filter(|&(article, _)| c.glance_at(article).filter.may_share(masks) as usize >= needed)
            .filter_map(|(article, _)| {
                let shared = count_shared(query, c.tokens_at(article));
                (shared >= needed).then(|| (article, u32::try_from(shared).unwrap_or(u32::MAX)))
            })
            .collect();
        (found, capped)
    }

    /// The typo stage, and the near miss of a reference it cannot resolve
    /// either (see the [module docs](self#typos)).
    fn typo(
        &self,
        headline: &str,
        known: &Known,
        own: Option<(u32, u32)>,
        readings: Readings,
    ) -> Found {
        let c = self.corpus;
        let mut block = self.block(known, readings);
        let mut unresolved = Found::unresolved();
        unresolved.capped = block.capped;
        if block.candidates.is_empty() {
            return unresolved;
        }
        // The most shared, and every count the shortlist needs.
        let most = self.settle(&mut block.candidates, &known.query);
        // The near miss: the best Jaccard score below the minimum, first in
        // input order among equals (the counts are the shared words when
        // every list was read whole).
        let jaccard = |shared: u32, words: u32| {
            let (shared, words) = (shared as usize, words as usize);
            ratio(shared, known.size + words - shared)
        };
        // The candidates sharing the most words first (by their bounds,
        // where not counted): their scores are the likeliest best, and the
        // rest are then mostly passed over. (Their order by article is not
        // needed after: the shortlist below is sorted again.)
        by_most_shared(&mut block.candidates);
        let mut near: Option<(u32, f64)> = None;
        for candidate in &mut block.candidates {
            // A score is at most shared / size (the article has at least the
            // words it shares): a candidate that cannot reach the best is
            // passed over without reading its glance, a cache miss in a large
            // corpus.
            let at_most = candidate.1 & !BOUND;
            if near.is_some_and(|(_, best)| ratio(at_most as usize, known.size) < best - EPSILON) {
                continue;
            }
            let glance = c.glance_at(candidate.0);
            if own.is_some_and(|(_, g)| g == glance.group) {
                continue;
            }
            // Nor, with its length, one whose bound cannot (the score grows
            // with the words shared), without reading its words.
            if near.is_some_and(|(_, best)| jaccard(at_most, glance.words) < best - EPSILON) {
                continue;
            }
            if candidate.1 & BOUND != 0 {
                let shared = count_shared(&known.query, c.tokens_at(candidate.0));
                candidate.1 = u32::try_from(shared).unwrap_or(!BOUND).min(!BOUND);
            }
            let score = jaccard(candidate.1, glance.words);
            // Equal scores: the first in input order.
            let better = near.is_none_or(|(article, best)| {
                score > best + EPSILON || (score >= best - EPSILON && candidate.0 < article)
            });
            if better {
                near = Some((candidate.0, score));
            }
        }
        if let Some((article, score)) = near {
            unresolved.best_candidate = Some(article);
            unresolved.best_score = Some(score);
        }

        let promo = compact(headline);
        if !self.typos || promo.len() < TYPO_MIN_CHARS {
            return unresolved;
        }
        let limit = typo_edits(promo.len(), self.min_score).min(TYPO_MAX_EDITS);
        // The shortlist: the candidates with the most shared words (the
        // target keeps all the words a typo did not touch), in input order.
        // (`settle` counted every candidate that may share `floor` words: a
        // bound left is below it.)
        let floor = typo_floor(most);
        let mut shortlist: Vec<(u32, u32)> = block
            .candidates
            .iter()
            .copied()
            .filter(|&(_, n)| n & BOUND == 0 && n >= floor)
            .collect();
        // (In the candidates' order: most shared words first, then by article.)
        let capped = block.capped || shortlist.len() > TYPO_SHORTLIST;
        shortlist.truncate(TYPO_SHORTLIST);
        shortlist.sort_unstable();

        // Every candidate's fewest edits; the best, if one group alone has it.
        let mut fits: Vec<(u32, usize)> = Vec::new();
        for &(article, _) in &shortlist {
            let Some(candidate) = c.article(article as usize) else {
                continue;
            };
            let title = compact(candidate.title());
            if let Some(fit) = typo::fit(&promo, &title, limit, true) {
                fits.push((article, fit.edits));
            }
        }
        let Some(fewest) = fits.iter().map(|&(_, e)| e).min() else {
            return unresolved.with_capped(capped);
        };
        let hits: Vec<u32> = fits
            .iter()
            .filter(|&&(_, e)| e == fewest)
            .map(|&(a, _)| a)
            .collect();
        let score = 1.0 - ratio(fewest, promo.len());
        self.keyed(Method::Typo, &hits, own, score)
            .unwrap_or(unresolved)
            .with_capped(capped)
    }

    /// A cut URL slug: the longest prefix of `slug` (of at least
    /// [`MIN_URL_SLUG_TOKENS`] words, scoring at least the minimum and more
    /// than `to_beat`) that is an article's URL slug.
    fn slug_prefix(&self, slug: &str, own: Option<(u32, u32)>, to_beat: f64) -> Option<Found> {
        let words = slug_words(slug);
        let fewest = MIN_URL_SLUG_TOKENS.max(shared_words_needed(self.min_score, words));
        // Nothing to find when no prefix can score enough, or no URL slug
        // starts with the slug's first words (most headlines: one lookup).
        if words <= fewest || ratio(words - 1, words) <= to_beat + EPSILON {
            return None;
        }
        let lengths = self.corpus.url_slug_lengths(slug_head(slug))?;
        // The prefixes shorter than the whole slug, longest first: each ends
        // before a `-`. Only those scoring more than `to_beat` are looked up
        // (a good fuzzy match leaves one or two; the lookups miss the cache in
        // a large corpus).
        for (count, (end, _)) in (1..words).rev().zip(slug.rmatch_indices('-')) {
            let score = ratio(count, words);
            if count < fewest || score <= to_beat + EPSILON {
                break;
            }
            // Only prefixes of a length some URL slug with this head has.
            if lengths & length_bit(count) == 0 {
                continue;
            }
            let hits = self.corpus.url_slug_hits(&slug[..end]);
            if hits.is_empty() {
                continue;
            }
            if let Some(r) = self.keyed(Method::Slug, hits, own, score) {
                return Some(r);
            }
        }
        None
    }

    /// The exact and slug stages: `hits` are the articles with the key, in
    /// input order, matching with `score`.
    fn keyed(
        &self,
        method: Method,
        hits: &[u32],
        own: Option<(u32, u32)>,
        score: f64,
    ) -> Option<Found> {
        if hits.is_empty() {
            return None;
        }
        let mut groups: Vec<(u32, u32)> = Vec::new();
        let mut names_itself = false;
        for &article in hits {
            let group = self.corpus.group_at(article);
            if own.is_some_and(|(_, g)| g == group) {
                names_itself = true;
            } else if !groups.iter().any(|&(g, _)| g == group) {
                groups.push((group, article));
                if groups.len() > MAX_LISTED_CANDIDATES {
                    break;
                }
            }
        }
        match (groups.as_slice(), own) {
            ([], Some((from, _))) if names_itself => {
                Some(Found::matched(from, method, score, true))
            }
            ([], _) => None,
            ([(_, article)], _) => Some(Found::matched(*article, method, score, false)),
            (many, _) => Some(Found::ambiguous(method, score, listed(many))),
        }
    }

    /// `words` (a headline's tokens) as the corpus knows them.
    fn known(&self, words: &[String]) -> Known {
        let c = self.corpus;
        let mut distinct: Vec<&str> = words.iter().map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut known: Vec<(usize, u32)> = distinct
            .iter()
            .filter_map(|w| {
                let &t = c.vocabulary.get(*w)?;
                Some((c.posting(t).len(), t))
            })
            .collect();
        known.sort_unstable();
        let mut query: Vec<u32> = known.iter().map(|&(_, t)| t).collect();
        query.sort_unstable();
        let masks = glance::masks(&query);
        Known {
            size: distinct.len(),
            words: known,
            query,
            masks,
        }
    }

    /// The fuzzy stage (see the [complexity](self#complexity) notes).
    fn fuzzy(&self, headline: &Known, own: Option<(u32, u32)>, readings: &mut Readings) -> Found {
        let (size, known) = (headline.size, &headline.words);
        let (query, masks) = (&headline.query, &headline.masks);
        let needed = shared_words_needed(self.min_score, size);
        if size == 0 || needed > known.len() {
            return Found::unresolved();
        }

        // Best first: a fuzzy match most often shares all the headline's
        // known words, or all but one, and the articles sharing that many are
        // found reading the one or two rarest lists. When the best of them
        // scores more than an article sharing fewer words can (at most
        // shared / size: the article has the words it shares), they hold the
        // answer and its ties, and the longer lists of the full prefix are
        // not read. (The referencing article's own group, a last resort, does
        // not count: the full search decides that case.)
        for hopeful in [known.len(), known.len().saturating_sub(1)] {
            // A try whose lists hold more than the cap would be cut, and
            // prove nothing: it is not made.
            let entries: usize = known
                .iter()
                .take(known.len() + 1 - hopeful)
                .map(|&(df, _)| df)
                .sum();
            if hopeful <= needed || entries > self.max_candidates {
                break;
            }
            let (candidates, unseen, capped) = self.prefix_filter(known, hopeful);
            if capped {
                break;
            }
            let scored = self.scored(query, masks, size, &candidates, unseen, hopeful);
            readings.keep(hopeful, (candidates, unseen, capped));
            let found = self.decide(&scored, own, false);
            let decided =
                found.to.is_some_and(|_| !found.self_reference) || found.candidates.len() > 1;
            if decided && ratio(hopeful - 1, size) < found.score - EPSILON {
                return found;
            }
        }

        // Any article sharing `needed` words shares one of the `size - needed + 1`
        // rarest; unknown words are the rarest of all, and have no postings: the
        // prefix filter reads the `known - needed + 1` rarest known ones.
        let (candidates, unseen, capped) = self.prefix_filter(known, needed);
        let scored = self.scored(query, masks, size, &candidates, unseen, needed);
        let found = self.decide(&scored, own, capped);
        readings.keep(needed, (candidates, unseen, capped));
        found
    }

    /// The candidates' scores (see [`Resolver::score`]), of those that may
    /// share `needed` words: `count + unseen` at most.
    fn scored(
        &self,
        query: &[u32],
        masks: &[u64],
        size: usize,
        candidates: &[(u32, u32)],
        unseen: usize,
        needed: usize,
    ) -> Vec<(u32, f64)> {
        candidates
            .iter()
            .filter_map(|&(article, count)| {
                let at_most = count as usize + unseen;
                if at_most < needed {
                    return None;
                }
                let score = self.score(query, masks, size, article, at_most)?;
                Some((article, score))
            })
            .collect()
    }

    /// The fuzzy stage's answer from its scored candidates: the best, its
    /// ties (an ambiguity), or the referencing article's own group as a last
    /// resort.
    fn decide(&self, scored: &[(u32, f64)], own: Option<(u32, u32)>, capped: bool) -> Found {
        let c = self.corpus;
        let mut best = 0.0f64;
        let mut tied: Vec<u32> = Vec::new();
        let mut own_score: Option<f64> = None;
        for &(article, score) in scored {
            if own.is_some_and(|(_, g)| g == c.group_at(article)) {
                own_score = Some(own_score.map_or(score, |s: f64| s.max(score)));
            } else if tied.is_empty() || score > best + EPSILON {
                best = score;
                tied.clear();
                tied.push(article);
            } else if score >= best - EPSILON {
                tied.push(article);
            }
        }

        tied.sort_unstable();
        let mut groups: Vec<(u32, u32)> = Vec::new();
        for article in tied {
            let group = c.group_at(article);
            if !groups.iter().any(|&(g, _)| g == group) {
                groups.push((group, article));
                if groups.len() > MAX_LISTED_CANDIDATES {
                    break;
                }
            }
        }
        let resolution = match (groups.as_slice(), own, own_score) {
            ([], Some((from, _)), Some(score)) => Found::matched(from, Method::Fuzzy, score, true),
            ([], _, _) => Found::unresolved(),
            ([(_, article)], _, _) => Found::matched(*article, Method::Fuzzy, best, false),
            (many, _, _) => Found::ambiguous(Method::Fuzzy, best, listed(many)),
        };
        resolution.with_capped(capped)
    }

    /// The Jaccard score of a headline of `size` distinct words, of which the
    /// corpus knows `query` (sorted ids; `masks`, their [`glance::masks`]),
    /// and the headline of article `article`, if it reaches the minimum score
    /// and shares a word. `at_most` bounds the words they can share: a
    /// candidate that cannot reach the score with that many, or with those
    /// its glance may share, or whose length alone rules it out, is not
    /// compared (its words are not read).
    fn score(
        &self,
        query: &[u32],
        masks: &[u64],
        size: usize,
        article: u32,
        at_most: usize,
    ) -> Option<f64> {
        let glance = self.corpus.glance_at(article);
        let words = glance.words as usize;
        let (short, long) = if size < words {
            (size, words)
        } else {
            (words, size)
        };
        // Jaccard <= short / long; and shared >= s (size + t) / (1 + s).
        let needed = (self.min_score * ratio(size + words, 1) / (1.0 + self.min_score) - EPSILON)
            .ceil()
            .max(1.0);
        if ratio(short, long) + EPSILON < self.min_score || ratio(at_most, 1) < needed {
            return None;
        }
        if ratio(glance.filter.may_share(masks) as usize, 1) < needed {
            return None;
        }
        let shared = count_shared(query, self.corpus.tokens_at(article));
        let score = ratio(shared, size + words - shared);
        (shared > 0 && score + EPSILON >= self.min_score).then_some(score)
    }
}

/// The articles of `groups` ((group, article) in input order) an ambiguity
/// lists.
fn listed(groups: &[(u32, u32)]) -> Vec<u32> {
    groups
        .iter()
        .take(MAX_LISTED_CANDIDATES)
        .map(|&(_, article)| article)
        .collect()
}

/// Whether two different words can be one word typed badly, split, joined
/// or cut: neither is a number (numbers are facts: `3` is not `8`), and one
/// holds the other (of 3 letters or more), or one edit per four letters turns
/// one into the other.
fn close_words(a: &str, b: &str) -> bool {
    let number = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    if number(a) || number(b) {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.chars().count() >= 3 && long.contains(short) {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let limit = (a.len().min(b.len()) / 4).max(1);
    typo::fit(&a, &b, limit, false).is_some()
}

/// Orders candidates (article, shared words), sorted by article, by most
/// shared words (or their [`BOUND`]) first and then by article: a counting sort (a headline has a
/// few dozen words at most), where sorting thousands of capped candidates by
/// comparison took a tenth of the typo stage.
fn by_most_shared(candidates: &mut Vec<(u32, u32)>) {
    debug_assert!(candidates.windows(2).all(|w| w[0].0 < w[1].0));
    let words = |n: u32| (n & !BOUND) as usize;
    let most = candidates.iter().map(|&(_, n)| words(n)).max().unwrap_or(0);
    // starts[n]: where the candidates sharing n words go, most first.
    let mut starts = vec![0usize; most + 1];
    for &(_, n) in candidates.iter() {
        if let Some(slot) = starts.get_mut(words(n)) {
            *slot += 1;
        }
    }
    let mut at = 0;
    for slot in starts.iter_mut().rev() {
        let count = *slot;
        *slot = at;
        at += count;
    }
    let mut ordered = vec![(0u32, 0u32); candidates.len()];
    for &candidate in candidates.iter() {
        if let Some(start) = starts.get_mut(words(candidate.1)) {
            if let Some(place) = ordered.get_mut(*start) {
                *place = candidate;
            }
            *start += 1;
        }
    }
    *candidates = ordered;
}

/// What [`Resolver::prefix_filter`] finds: the candidates (article, words
/// counted), the known words a candidate may share beyond its count, and
/// whether the cap cut the reading.
type Prefix = (Vec<(u32, u32)>, usize, bool);

/// The prefix filter's findings for one headline, by the words needed: the
/// typo stage's first reading (all but one known word) is often one the
/// fuzzy stage made, and is then not made again. (Both stages read the same
/// [`Known`] words.)
#[derive(Default)]
struct Readings {
    made: Vec<(usize, Prefix)>,
}

impl Readings {
    fn keep(&mut self, needed: usize, prefix: Prefix) {
        self.made.push((needed, prefix));
    }

    fn take(&mut self, needed: usize) -> Option<Prefix> {
        let at = self.made.iter().position(|(n, _)| *n == needed)?;
        Some(self.made.swap_remove(at).1)
    }
}

/// What [`Resolver::block`] finds: the articles read with the words they
/// share with the headline (sorted by article; some with a [`BOUND`]
/// instead), and whether the candidate cap cut the reading.
struct Block {
    candidates: Vec<(u32, u32)>,
    capped: bool,
}

/// A headline's words as the corpus knows them, worked out once for the
/// fuzzy and typo stages (and the same for both: the typo stage takes the
/// fuzzy stage's [`Readings`] of them).
struct Known {
    /// The headline's number of distinct words, known or not.
    size: usize,
    /// (document frequency, word id) of the words the corpus knows, rarest
    /// first (ties by id), each once.
    words: Vec<(usize, u32)>,
    /// Their ids, sorted.
    query: Vec<u32>,
    /// Their [`glance::masks`], in `query`'s order.
    masks: Vec<u64>,
}

/// Marks a candidate's count of shared words as an upper bound (from its
/// [`Glance`](glance::Glance)), its words not read: the count is the rest of
/// the bits.
const BOUND: u32 = 1 << 31;

/// The typo stage compares headlines of at least this many letters and
/// digits: shorter ones fit too many headlines by a letter or two.
pub const TYPO_MIN_CHARS: usize = 12;

/// At the default minimum score, the typo stage allows one edit per this
/// many letters and digits of the promo (3 edits for a promo of 24 to 31).
pub const TYPO_CHARS_PER_EDIT: usize = 8;

/// The most edits the typo stage allows, however long the promo: a typo is
/// a letter or two; more is another wording, which the word stages judge.
pub const TYPO_MAX_EDITS: usize = 3;

/// The edits the typo stage allows a promo of `letters` letters and digits:
/// one per [`TYPO_CHARS_PER_EDIT`] at the default minimum score, in
/// proportion to 1 − `min_score` (none at 1: then only spaces, punctuation
/// and cuts are forgiven), so a stricter minimum is stricter here too.
fn typo_edits(letters: usize, min_score: f64) -> usize {
    let per_letter = (1.0 - min_score) / (1.0 - DEFAULT_MIN_SCORE) / ratio(TYPO_CHARS_PER_EDIT, 1);
    // 0 <= per_letter <= 1/3.2, letters far below 2^52: no overflow, no loss.
    (ratio(letters, 1) * per_letter + EPSILON).floor().max(0.0) as usize
}

/// The typo stage compares the articles sharing at least the most shared
/// words less this many (and at least one).
pub const TYPO_WORDS_SLACK: u32 = 1;

/// The fewest words an article shares with a headline to be compared by the
/// typo stage, when the most any article shares is `most`: `most` less
/// [`TYPO_WORDS_SLACK`], and at least one.
///
/// ```
/// use dateline_links::resolve::typo_floor;
/// assert_eq!(typo_floor(5), 4);
/// assert_eq!(typo_floor(1), 1);
/// ```
pub fn typo_floor(most: u32) -> u32 {
    most.saturating_sub(TYPO_WORDS_SLACK).max(1)
}

/// The most articles the typo stage compares letter by letter.
pub const TYPO_SHORTLIST: usize = 64;

/// When at most this many candidates are left, the fuzzy stage scores them
/// rather than checking more words (see `Resolver::fuzzy`).
const SCORE_DIRECTLY: usize = 8;

/// The fuzzy stage checks a word only if its posting list is at most this
/// many times longer than the candidates left (see `Resolver::fuzzy`).
const WALK_RATIO: usize = 16;

/// The articles of sorted posting lists, each with the number of lists it is
/// in, sorted by article.
fn count_articles(lists: &[&[u32]]) -> Vec<(u32, u32)> {
    let entries: usize = lists.iter().map(|l| l.len()).sum();
    let mut counted: Vec<(u32, u32)> = Vec::with_capacity(entries);
    if lists.len() <= MERGED_LISTS {
        // Merging list after list reads memory in order, and costs
        // O(lists × entries): cheaper than sorting for a few lists.
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(entries);
        for list in lists {
            merge_counts(&counted, list, &mut merged);
            std::mem::swap(&mut counted, &mut merged);
        }
    } else {
        // A long headline: sort all entries once, O(entries · log entries).
        let mut all: Vec<u32> = lists.iter().flat_map(|l| l.iter().copied()).collect();
        all.sort_unstable();
        for article in all {
            match counted.last_mut() {
                Some((last, count)) if *last == article => *count += 1,
                _ => counted.push((article, 1)),
            }
        }
    }
    counted
}

/// Up to this many posting lists are merged one by one by [`count_articles`].
const MERGED_LISTS: usize = 8;

/// Merges `counted` (sorted by article) and a sorted posting list into `out`:
/// each article once, its count plus one if it is in the list.
fn merge_counts(counted: &[(u32, u32)], list: &[u32], out: &mut Vec<(u32, u32)>) {
    out.clear();
    out.reserve(counted.len() + list.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&(article, count)), Some(&listed)) = (counted.get(i), list.get(j)) {
        // Without branches on the comparison (selects, not jumps): which list
        // the next article comes from is random, so a branch would be
        // mispredicted about half the time.
        let from_counted = article <= listed;
        let from_list = listed <= article;
        out.push((
            article.min(listed),
            u32::from(from_counted) * count + u32::from(from_list),
        ));
        i += usize::from(from_counted);
        j += usize::from(from_list);
    }
    out.extend_from_slice(counted.get(i..).unwrap_or_default());
    out.extend(list.get(j..).unwrap_or_default().iter().map(|&a| (a, 1)));
}

/// Adds one to the count of each candidate (sorted by article) that is in the
/// sorted posting `list`, walking both side by side: O(candidates + list).
fn count_members(candidates: &mut [(u32, u32)], list: &[u32]) {
    let (mut i, mut j) = (0, 0);
    while let (Some(&(article, count)), Some(&listed)) = (candidates.get(i), list.get(j)) {
        // Without branches on the comparison (see `merge_counts`).
        if let Some(candidate) = candidates.get_mut(i) {
            candidate.1 = count + u32::from(article == listed);
        }
        i += usize::from(article <= listed);
        j += usize::from(listed <= article);
    }
}

/// The articles of two posting lists (each sorted, in input order), sorted
/// and without repeats: an article whose headline and URL have the same slug
/// is in both.
fn merge_sorted<'a>(a: &'a [u32], b: &'a [u32]) -> Cow<'a, [u32]> {
    match (a, b) {
        ([], []) => Cow::Borrowed(&[]),
        (one, []) | ([], one) => Cow::Borrowed(one),
        (a, b) => {
            let mut merged: Vec<u32> = a.iter().chain(b).copied().collect();
            merged.sort_unstable();
            merged.dedup();
            Cow::Owned(merged)
        }
    }
}

/// The fewest distinct words an article must share with a headline of `size`
/// distinct words to reach a Jaccard score of `min_score` (at least 1).
/// The fewest distinct words a headline of `size` distinct words must share
/// with an article for a fuzzy match at `min_score` (at least 1): the
/// prefix-filter bound of the fuzzy stage. Any article reaching the score
/// shares one of the headline's `size - needed + 1` rarest words, which is
/// what a distributed resolver blocks on (the Python package's Spark links).
pub fn shared_words_needed(min_score: f64, size: usize) -> usize {
    let needed = (min_score * ratio(size, 1) - EPSILON).ceil();
    // 0 <= min_score <= 1, so 0 <= needed <= size.
    (needed.max(1.0) as usize).min(size.max(1))
}

/// The number of values in both sorted, distinct lists.
fn count_shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

#[allow(clippy::cast_precision_loss)] // Word counts are far below 2^52.
fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{ArticleRecord, CorpusBuilder};
    use crate::text::jaccard;

    fn corpus(records: &[(&str, &str, &str)]) -> Corpus {
        let mut builder = CorpusBuilder::new();
        for &(id, title, url) in records {
            builder
                .push(ArticleRecord::new(id, title, url))
                .expect("room");
        }
        builder.build()
    }

    const BIDEN: (&str, &str, &str) = (
        "biden",
        "Biden Accepts Bennett's Invitation, Will Travel To Israel For Talks On Iran",
        "https://www.hngn.com/articles/240402/20220203/biden-set-to-visit-israel-after-bennetts-invitation-to-talk-about-blocking-irans-nuclear-program.htm",
    );
    const PENTAGON: (&str, &str, &str) = (
        "pentagon",
        "Pentagon Puts 8,500 US Troops On Heightened Alert For Possible Deployment To Europe",
        "https://www.nbcnews.com/politics/national-security/pentagon-puts-troops-alert-rcna13355",
    );
    const ZELENSKY: (&str, &str, &str) = (
        "zelensky",
        "Zelensky Says Ukraine \"Not Panicking\" — Urges Calm Amid Russian Buildup",
        "https://www.reuters.com/world/europe/zelensky-says-ukraine-not-panicking-2022-01-28/",
    );

    #[test]
    fn exact_matches_ignore_case_quotes_dashes_and_spacing() {
        let c = corpus(&[BIDEN, PENTAGON, ZELENSKY]);
        let r = Resolver::new(&c)
            .resolve("ZELENSKY  SAYS UKRAINE “NOT PANICKING” – URGES CALM AMID RUSSIAN BUILDUP ");
        assert_eq!(r.to.as_deref(), Some("zelensky"));
        assert_eq!(r.method, Some(Method::Exact));
        assert_eq!(r.score, 1.0);
        assert!(r.candidates.is_empty() && !r.self_reference);
    }

    #[test]
    fn slug_matches_the_url_slug_without_stop_words() {
        let c = corpus(&[BIDEN, PENTAGON]);
        let r = Resolver::new(&c).resolve(
            "Biden Set To Visit Israel After Bennett's Invitation To Talk About Blocking Iran's Nuclear Program",
        );
        assert_eq!(r.to.as_deref(), Some("biden"));
        assert_eq!(r.method, Some(Method::Slug));
        assert_eq!(r.score, 1.0);
    }

    #[test]
    fn slug_matches_the_headline_slug() {
        let c = corpus(&[PENTAGON]);
        // Punctuation and stop words differ: not exact, same slug.
        let r = Resolver::new(&c).resolve(
            "Pentagon puts 8,500 U.S. troops on heightened alert for a possible deployment to Europe!",
        );
        assert_eq!(r.method, Some(Method::Slug), "{r:?}");
        assert_eq!(r.to.as_deref(), Some("pentagon"));
    }

    /// The seed's URL, whose slug HNGN cut after "tensions".
    const CUT_URL: &str = "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm";
    /// The seed's headline: 13 slug words, of which the URL keeps the first 10.
    const CUT_HEADLINE: &str = "Macron Heads To Meet Putin In Russia In Bid To De-escalate Ukraine Tensions By Proposing A New Balance";

    #[test]
    fn a_cut_url_slug_matches_by_prefix() {
        let c = corpus(&[
            // Another headline: only the URL can tell.
            ("seed", "Macron Flies To Moscow", CUT_URL),
            // A shorter URL prefix of the same headline loses to the longer one.
            (
                "short",
                "Something Else",
                "https://example.com/news/macron-heads-meet-putin",
            ),
            PENTAGON,
        ]);
        let r = Resolver::new(&c).resolve(CUT_HEADLINE);
        assert_eq!(r.to.as_deref(), Some("seed"), "{r:?}");
        assert_eq!(r.method, Some(Method::Slug));
        assert_eq!(r.score, 10.0 / 13.0);
        assert!(!r.capped);
        // The share of words matched must reach the minimum score...
        let strict = Resolver::new(&c).with_min_score(0.8).expect("valid");
        let r = strict.resolve(CUT_HEADLINE);
        assert_ne!(r.to.as_deref(), Some("seed"), "{r:?}");
        // ...and the whole headline slug, when it is the URL slug, scores 1.
        let r = strict
            .resolve("Macron Heads To Meet Putin In Russia In Bid To De-escalate Ukraine Tensions");
        assert_eq!(
            (r.to.as_deref(), r.method, r.score),
            (Some("seed"), Some(Method::Slug), 1.0)
        );
    }

    #[test]
    fn a_better_fuzzy_match_beats_a_short_cut_slug() {
        // From a generated corpus: B's URL slug, cut after 6 words, prefixes
        // the promo's 10, but A has all the promo's words but one more.
        let c = corpus(&[
            (
                "a",
                "How the Mars Mission Could Reshape Life in Taipei as Pressure Mounts on Rahul Mendoza",
                "https://www.france24.com/en/environment/20201101-how-the-mars-mission-could-reshape-life-in-taipei-as-pressure-mounts",
            ),
            (
                "b",
                "How the Mars Mission Could Reshape Life in Kyiv for 13 Days",
                "https://time.com/4971799/how-the-mars-mission-could-reshape-life-in/",
            ),
        ]);
        let promo = "How the Mars Mission Could Reshape Life in Taipei as Mounts on Rahul Mendoza";
        let r = Resolver::new(&c).resolve(promo);
        assert_eq!(
            (r.to.as_deref(), r.method, r.score),
            (Some("a"), Some(Method::Fuzzy), 10.0 / 11.0)
        );
        // Without A, the cut slug is the best there is (6 of 10 words).
        let c = corpus(&[(
            "b",
            "How the Mars Mission Could Reshape Life in Kyiv for 13 Days",
            "https://time.com/4971799/how-the-mars-mission-could-reshape-life-in/",
        )]);
        let r = Resolver::new(&c).resolve(promo);
        assert_eq!(
            (r.to.as_deref(), r.method, r.score),
            (Some("b"), Some(Method::Slug), 0.6)
        );
    }

    #[test]
    fn only_url_slugs_match_by_prefix() {
        // A headline is not cut: one that is the start of another names
        // another article.
        let c = corpus(&[(
            "short",
            "Macron Heads To Meet Putin In Russia",
            "https://example.com/1",
        )]);
        let r = Resolver::new(&c).resolve(CUT_HEADLINE);
        assert_ne!(r.method, Some(Method::Slug), "{r:?}");
        // Two articles under one cut slug: ambiguous, at the prefix's score.
        let c = corpus(&[
            ("a", "One", CUT_URL),
            ("b", "Two", &CUT_URL.replace("240451", "240452")),
        ]);
        let r = Resolver::new(&c).resolve(CUT_HEADLINE);
        assert!(r.is_ambiguous(), "{r:?}");
        assert_eq!((r.method, r.score), (Some(Method::Slug), 10.0 / 13.0));
        assert_eq!(r.candidates, ["a", "b"]);
    }

    #[test]
    fn a_capped_search_says_so() {
        // Fifty articles share every word of the promo; the best match, which
        // has one word more, comes last.
        let mut records: Vec<(String, String, String)> = (0..50)
            .map(|i| {
                (
                    format!("n{i}"),
                    format!("Ukraine Russia Biden Talks Sanctions Week {i} Update"),
                    format!("https://x.com/{i}"),
                )
            })
            .collect();
        records.push((
            "target".into(),
            "Ukraine Russia Biden Talks Sanctions Loom".into(),
            "https://x.com/target".into(),
        ));
        let records: Vec<(&str, &str, &str)> = records
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        let c = corpus(&records);
        // (Not in the headlines' order: as their start, a cut headline, it
        // would fit all 51 letter for letter, an ambiguity.)
        let promo = "Biden Ukraine Russia Talks Sanctions";
        let whole = Resolver::new(&c).resolve(promo);
        assert_eq!(whole.to.as_deref(), Some("target"), "{whole:?}");
        assert_eq!(whole.score, 5.0 / 6.0);
        assert!(!whole.capped);
        // Reading 8 entries finds only a worse match, and says it may be one.
        let capped = Resolver::new(&c).with_max_candidates(8).resolve(promo);
        assert!(capped.capped, "{capped:?}");
        assert_eq!(capped.score, 5.0 / 8.0);
        // A stage before the fuzzy one is never capped.
        let exact = Resolver::new(&c)
            .with_max_candidates(1)
            .resolve(records[50].1);
        assert!(!exact.capped && exact.method == Some(Method::Exact));
    }

    #[test]
    fn fuzzy_matches_score_by_jaccard_and_respect_the_threshold() {
        let c = corpus(&[BIDEN, PENTAGON, ZELENSKY]);
        let dropped = "Pentagon Puts 8,500 Troops On Heightened Alert For Possible Deployment";
        let expected = jaccard(&tokens(dropped), &tokens(PENTAGON.1));
        assert_eq!(expected, 9.0 / 11.0);
        let r = Resolver::new(&c).resolve(dropped);
        assert_eq!(r.to.as_deref(), Some("pentagon"));
        assert_eq!(r.method, Some(Method::Fuzzy));
        assert_eq!(r.score, expected);

        // Below the minimum score the fuzzy stage finds nothing; the typo
        // stage reads the promo as the headline cut before "To Europe",
        // missing "US" (2 edits, of the 2 allowed 60 letters at 0.85).
        let strict = Resolver::new(&c).with_min_score(0.85).expect("valid");
        let r = strict.resolve(dropped);
        assert_eq!(
            (r.to.as_deref(), r.method, r.score),
            (Some("pentagon"), Some(Method::Typo), 1.0 - 2.0 / 60.0)
        );
        let at_threshold = Resolver::new(&c).with_min_score(expected).expect("valid");
        assert_eq!(
            at_threshold.resolve(dropped).to.as_deref(),
            Some("pentagon")
        );
    }

    #[test]
    fn min_score_is_validated() {
        let c = corpus(&[]);
        assert!(Resolver::new(&c).with_min_score(0.0).is_ok());
        assert!(Resolver::new(&c).with_min_score(1.0).is_ok());
        assert_eq!(
            Resolver::new(&c).with_min_score(1.5).err(),
            Some(InvalidScore(1.5))
        );
        assert!(Resolver::new(&c).with_min_score(-0.1).is_err());
        assert!(Resolver::new(&c).with_min_score(f64::NAN).is_err());
    }

    #[test]
    fn a_zero_threshold_still_needs_a_shared_word() {
        let c = corpus(&[PENTAGON]);
        // The word stages alone: the typo stage's check refuses a match that
        // replaces words.
        let r = Resolver::new(&c)
            .with_min_score(0.0)
            .expect("valid")
            .with_typos(false);
        assert_eq!(r.resolve("Markets Rally").to, None);
        let hit = r.resolve("Europe Markets Rally");
        assert_eq!(hit.to.as_deref(), Some("pentagon"));
        assert_eq!(hit.score, 1.0 / 13.0);
        let checked = Resolver::new(&c).with_min_score(0.0).expect("valid");
        let refused = checked.resolve("Europe Markets Rally");
        assert_eq!(refused.to, None);
        assert_eq!(
            (refused.best_candidate.as_deref(), refused.best_score),
            (Some("pentagon"), Some(1.0 / 13.0)),
            "refused, it is the near miss"
        );
    }

    #[test]
    fn absent_targets_are_unresolved() {
        let c = corpus(&[BIDEN, PENTAGON, ZELENSKY]);
        let r =
            Resolver::new(&c).resolve("China Warns US Over Taiwan Arms Sales Amid Rising Tensions");
        assert!(!r.is_resolved() && !r.is_ambiguous());
        assert_eq!((r.method, r.score), (None, 0.0));
        // The near miss: Zelensky's headline shares "amid" (1 of 19 words);
        // the Pentagon's shares "US" but has more words (1 of 21).
        assert_eq!(r.best_candidate.as_deref(), Some("zelensky"));
        assert_eq!(r.best_score, Some(1.0 / 19.0));
        assert_eq!(Resolver::new(&c).resolve(""), Resolution::unresolved());
        assert_eq!(
            Resolver::new(&c).resolve("The Of And"),
            Resolution::unresolved()
        );
    }

    #[test]
    fn near_misses_name_the_best_article_below_the_score() {
        let c = corpus(&[BIDEN, PENTAGON, ZELENSKY]);
        // Half of Pentagon's words, in another order: no typo stage fit.
        let promo = "Europe Deployment Possible Alert Heightened Troops";
        let r = Resolver::new(&c).resolve(promo);
        assert_eq!(r.to, None);
        assert_eq!(r.best_candidate.as_deref(), Some("pentagon"));
        let score = r.best_score.expect("a near miss");
        assert_eq!(score, jaccard(&tokens(promo), &tokens(PENTAGON.1)));
        // At that minimum score, it is the fuzzy match.
        let at = Resolver::new(&c).with_min_score(score).expect("valid");
        assert_eq!(at.resolve(promo).to.as_deref(), Some("pentagon"));
        // Resolved references carry none; nor does a promo sharing no word.
        assert_eq!(Resolver::new(&c).resolve(PENTAGON.1).best_score, None);
        assert_eq!(
            Resolver::new(&c).resolve("Markets Rally").best_candidate,
            None
        );
        // An article is not its own near miss.
        let own = Resolver::new(&c).resolve_from_index(1, promo);
        assert_ne!(own.best_candidate.as_deref(), Some("pentagon"));
    }

    #[test]
    fn typos_splits_and_cuts_resolve_by_letters() {
        let c = corpus(&[
            BIDEN,
            PENTAGON,
            ZELENSKY,
            (
                "macron",
                "Macron Heads To Moscow For Talks With Putin",
                "https://x.com/1",
            ),
            (
                "diplomacy",
                "US, Russia Still Open For Diplomacy On Ukraine Despite Troop Buildup",
                "https://x.com/2",
            ),
        ]);
        let resolver = Resolver::new(&c);
        for (promo, to) in [
            ("Macron heads t oMoscow for talks with Putin", "macron"),
            ("Macron heads toMoscow forTalks", "macron"),
            ("Mcaron Hedas To Moscow For Tlaks", "macron"),
            ("Macrn Heads To Mosscow", "macron"),
            ("US, Russia still open for...", "diplomacy"),
            ("US, Rusia Still Open For Diplo…", "diplomacy"),
            ("Zelensky Says Ukriane Not Panicking", "zelensky"),
        ] {
            let r = resolver.resolve(promo);
            assert_eq!(
                (r.to.as_deref(), r.method),
                (Some(to), Some(Method::Typo)),
                "{promo}: {r:?}"
            );
            assert!(r.score > 0.8 && r.score <= 1.0, "{r:?}");
        }
        // A different headline with some shared words is no typo.
        let r = resolver.resolve("Macron Heads Home After Talks In Berlin");
        assert_eq!(r.to, None, "{r:?}");
        // Too short to tell from letters alone.
        assert_eq!(resolver.resolve("Mcaron Talks").to, None);
    }

    #[test]
    fn a_cut_headline_fitting_two_articles_is_ambiguous() {
        let c = corpus(&[
            (
                "a",
                "US, Russia Still Open For Diplomacy On Ukraine As Troops Mass",
                "https://x.com/a",
            ),
            (
                "b",
                "US, Russia Still Open For Talks On Arms Control Treaty Renewal",
                "https://x.com/b",
            ),
            (
                "c",
                "US, Russia Still Open For Diplomacy, Says Kremlin Spokesman Peskov",
                "https://x.com/c",
            ),
        ]);
        let resolver = Resolver::new(&c);
        let r = resolver.resolve("US, Russia Still Open For...");
        assert!(r.is_ambiguous(), "{r:?}");
        assert_eq!(r.method, Some(Method::Typo));
        assert_eq!(r.candidates, ["a", "b", "c"]);
        // Cut later, it fits two.
        let r = resolver.resolve("US, Russia Still Open For Diplomacy...");
        assert_eq!(r.candidates, ["a", "c"], "{r:?}");
        // One letter more tells them apart.
        let r = resolver.resolve("US, Russia Still Open For Diplomacy O...");
        assert_eq!(r.to.as_deref(), Some("a"), "{r:?}");
    }

    #[test]
    fn same_headline_twice_is_ambiguous_at_every_stage() {
        let nato = "NATO Puts Forces On Standby, Sends Ships And Jets To Eastern Europe";
        let c = corpus(&[
            (
                "guardian",
                nato,
                "https://www.theguardian.com/world/2022/jan/24/nato-standby",
            ),
            (
                "ap",
                nato,
                "https://apnews.com/article/nato-standby-5a3a8f0e3f8a4d1f8d2b1c0e9f7a6b5c",
            ),
            PENTAGON,
        ]);
        let resolver = Resolver::new(&c);
        let exact = resolver.resolve(nato);
        assert_eq!(exact.to, None);
        assert_eq!(exact.method, Some(Method::Exact));
        assert_eq!(exact.candidates, ["guardian", "ap"]);
        assert!(exact.is_ambiguous());
        let fuzzy = resolver.resolve("NATO Puts Forces On Standby, Sends Jets To Eastern Europe");
        assert_eq!(fuzzy.method, Some(Method::Fuzzy));
        assert_eq!(fuzzy.candidates, ["guardian", "ap"]);
        assert_eq!(fuzzy.score, 8.0 / 9.0);
    }

    #[test]
    fn url_duplicates_are_one_candidate() {
        let c = corpus(&[
            PENTAGON,
            (
                "pentagon-copy",
                PENTAGON.1,
                "http://nbcnews.com/politics/national-security/pentagon-puts-troops-alert-rcna13355?utm_source=twitter",
            ),
        ]);
        let r = Resolver::new(&c).resolve(PENTAGON.1);
        assert_eq!(r.to.as_deref(), Some("pentagon"), "{r:?}");
        assert_eq!(r.method, Some(Method::Exact));
    }

    #[test]
    fn self_references_are_a_last_resort() {
        let nato = "NATO Puts Forces On Standby, Sends Ships And Jets To Eastern Europe";
        let c = corpus(&[
            PENTAGON,
            (
                "nato-1",
                nato,
                "https://www.theguardian.com/world/2022/jan/24/nato",
            ),
            (
                "nato-2",
                nato,
                "https://apnews.com/article/nato-5a3a8f0e3f8a4d1f8d2b",
            ),
            (
                "pentagon-copy",
                "Pentagon alert",
                "https://nbcnews.com/politics/national-security/pentagon-puts-troops-alert-rcna13355",
            ),
        ]);
        let resolver = Resolver::new(&c);
        // Naming its own headline: a self-reference, at each stage.
        let own = resolver.resolve_from_index(0, PENTAGON.1);
        assert_eq!(own.to.as_deref(), Some("pentagon"));
        assert!(own.self_reference);
        // The same, by id: the article that names it is `pentagon`.
        assert_eq!(resolver.resolve_from("pentagon", PENTAGON.1), own);
        // An id the corpus does not hold names no article: a plain resolve.
        assert_eq!(
            resolver.resolve_from("nobody", PENTAGON.1),
            resolver.resolve(PENTAGON.1)
        );
        assert!(!resolver.resolve(PENTAGON.1).self_reference);
        assert_eq!(own.method, Some(Method::Exact));
        let own_fuzzy = resolver.resolve_from_index(
            0,
            "Pentagon Puts 8,500 Troops On Heightened Alert For Possible Deployment",
        );
        assert!(own_fuzzy.self_reference);
        assert_eq!(own_fuzzy.method, Some(Method::Fuzzy));
        assert_eq!(own_fuzzy.score, 9.0 / 11.0);
        // A URL duplicate of the article is the article itself.
        let copy = resolver.resolve_from_index(3, PENTAGON.1);
        assert_eq!(copy.to.as_deref(), Some("pentagon-copy"));
        assert!(copy.self_reference);
        // Another article with the same headline wins over itself: no ambiguity.
        let other = resolver.resolve_from_index(1, nato);
        assert_eq!(other.to.as_deref(), Some("nato-2"));
        assert!(!other.self_reference);
        // Out of range: as if named by no article.
        assert!(resolver.resolve_from_index(99, nato).is_ambiguous());
    }

    /// Words of a few headline shapes, and their damaged spellings: small
    /// enough that headlines share many words (long posting lists, caps),
    /// and with the glance filter's bits colliding.
    const GLANCE_WORDS: [&str; 14] = [
        "ukraine",
        "russia",
        "talks",
        "stall",
        "over",
        "ceasefire",
        "monitors",
        "minister",
        "warns",
        "of",
        "floods",
        "in",
        "kenya",
        "argentina",
    ];

    fn glance_corpus(titles: &[Vec<usize>]) -> Corpus {
        let mut builder = CorpusBuilder::new();
        for (i, title) in titles.iter().enumerate() {
            let headline: Vec<&str> = title.iter().map(|&w| GLANCE_WORDS[w]).collect();
            builder
                .push(ArticleRecord::new(
                    format!("a{i}"),
                    headline.join(" "),
                    // Every fifth a URL duplicate of the one before: groups.
                    format!("https://x.com/{}", i - usize::from(i % 5 == 4)),
                ))
                .expect("room");
        }
        builder.build()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// The glances only decide what is not read: counting every word
        /// instead, every stage (typos, near misses and caps included) gives
        /// the same answers.
        #[test]
        fn answers_do_not_depend_on_the_glances(
            titles in proptest::collection::vec(
                proptest::collection::vec(0..GLANCE_WORDS.len(), 2..9), 1..60),
            query in proptest::collection::vec(0..GLANCE_WORDS.len(), 2..9),
            damage in 0usize..4,
            cap in proptest::sample::select(vec![1usize, 3, 8, 20, 4096]),
            min_score in proptest::sample::select(vec![0.3, 0.6, 0.9]),
            planted in proptest::option::of(0usize..60),
        ) {
            // The promo's own headline among the articles (its target).
            let mut titles = titles;
            if let Some(at) = planted {
                titles.insert(at.min(titles.len()), query.clone());
            }
            let mut headline = query.iter().map(|&w| GLANCE_WORDS[w]).collect::<Vec<_>>().join(" ");
            // A split, a join or a cut, as scraped promos have.
            match damage {
                1 => headline = headline.replacen(' ', "", 1),
                2 => headline.insert(headline.len() / 2, ' '),
                3 => headline.truncate(headline.len() * 2 / 3),
                _ => {}
            }
            let sharp = glance_corpus(&titles);
            let mut blurred = glance_corpus(&titles);
            blurred.count_instead_of_glancing();
            let resolve = |c: &Corpus| {
                let r = Resolver::new(c)
                    .with_min_score(min_score)
                    .expect("valid")
                    .with_max_candidates(cap);
                (r.resolve(&headline), r.resolve_from_index(0, &headline))
            };
            proptest::prop_assert_eq!(resolve(&sharp), resolve(&blurred), "{}", headline);
        }
    }

    #[test]
    fn prefix_filtering_finds_what_a_full_scan_finds() {
        // Many articles share common words; the target shares rare ones.
        let mut builder = CorpusBuilder::new();
        for i in 0..500 {
            let title = format!("Ukraine Russia Talks Continue Day {i}");
            builder
                .push(ArticleRecord::new(
                    format!("n{i}"),
                    title,
                    format!("https://x.com/{i}"),
                ))
                .expect("room");
        }
        builder
            .push(ArticleRecord::new(
                "target",
                "Ukraine Russia Talks Stall Over Donbas Ceasefire Monitors",
                "https://x.com/target",
            ))
            .expect("room");
        let c = builder.build();
        let query = "Ukraine Russia Talks Stall Over Donbas Ceasefire";
        let r = Resolver::new(&c).with_max_candidates(8).resolve(query);
        assert_eq!(r.to.as_deref(), Some("target"), "rare words come first");
        let full_scan = c
            .articles()
            .map(|a| (jaccard(&tokens(query), &tokens(a.title())), a.id()))
            .fold(
                (0.0, None),
                |best, (s, id)| if s > best.0 { (s, Some(id)) } else { best },
            );
        assert_eq!(full_scan.1, Some("target"));
        assert_eq!(r.score, full_scan.0);
    }

    #[test]
    fn fuzzy_matches_replacing_words_are_refused() {
        let c = corpus(&[
            (
                "argentina",
                "Inflation Climbs 1.2 Percent in Argentina as Energy Prices Surge",
                "https://x.com/1",
            ),
            (
                "scholz",
                "Scholz To Visit Washington As Germany Faces Criticism Over Ukraine Stance",
                "https://x.com/2",
            ),
        ]);
        let resolver = Resolver::new(&c);
        // Another country, another figure: another story.
        let r = resolver.resolve("Inflation Climbs 3.2 Percent in Kenya as Energy Prices Surge");
        assert_eq!(r.to, None, "{r:?}");
        assert_eq!(r.best_candidate.as_deref(), Some("argentina"));
        assert_eq!(
            resolver
                .with_typos(false)
                .resolve("Inflation Climbs 3.2 Percent in Kenya as Energy Prices Surge")
                .to
                .as_deref(),
            Some("argentina"),
            "the word stages alone take it"
        );
        // Words dropped, or inflected, are no replacement.
        for promo in [
            "Scholz Visits Washington As Germany Faces Criticism Over Its Ukraine Stance",
            "Inflation Climbs 1.2 Percent as Energy Prices Surge",
        ] {
            let r = resolver.resolve(promo);
            assert_eq!(r.method, Some(Method::Fuzzy), "{promo}: {r:?}");
        }
        assert!(close_words("visits", "visit") && close_words("omoscow", "moscow"));
        assert!(close_words("bidne", "biden") && !close_words("3", "8"));
        assert!(!close_words("kenya", "argentina") && !close_words("2030", "2031"));
    }

    #[test]
    fn typo_edits_shrink_with_the_minimum_score() {
        assert_eq!(typo_edits(64, DEFAULT_MIN_SCORE), 8);
        assert_eq!(typo_edits(63, DEFAULT_MIN_SCORE), 7);
        assert_eq!(typo_edits(60, 0.85), 2);
        assert_eq!(typo_edits(64, 1.0), 0);
        assert_eq!(typo_edits(64, 0.0), 20);
    }

    #[test]
    fn shared_words_needed_is_the_prefix_filter_bound() {
        assert_eq!(shared_words_needed(0.6, 10), 6);
        assert_eq!(shared_words_needed(0.6, 5), 3);
        assert_eq!(shared_words_needed(0.0, 5), 1);
        assert_eq!(shared_words_needed(1.0, 5), 5);
        assert_eq!(shared_words_needed(0.7, 10), 7, "no float drift above 7");
        assert_eq!(count_shared(&[1, 3, 5, 7], &[2, 3, 4, 7, 9]), 2);
        assert_eq!(count_shared(&[], &[1]), 0);
    }

    #[test]
    fn candidates_go_most_shared_first_then_by_article() {
        let mut candidates = vec![(1, 2), (3, 5), (4, 0), (7, 5), (9, 2), (12, 3)];
        let mut want = candidates.clone();
        want.sort_by_key(|&(article, shared)| (std::cmp::Reverse(shared), article));
        by_most_shared(&mut candidates);
        assert_eq!(candidates, want);
        let mut none: Vec<(u32, u32)> = Vec::new();
        by_most_shared(&mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn method_names() {
        assert_eq!(Method::Slug.to_string(), "slug");
        assert_eq!(
            serde_json::to_string(&Method::Fuzzy).expect("serialises"),
            "\"fuzzy\""
        );
    }
}
