//! Deterministic synthetic corpus of scraped news articles.
//!
//! Every article is a pure function of `(seed, index)`: the generator
//! splits each article into independent PRNG streams (headline, metadata,
//! body, promos, messiness), so article `i` can be produced on its own and
//! a promo in article `i` can name the headline of an earlier article `j`
//! by recomputing only `j`'s headline. Nothing depends on hash-map order,
//! floating point or the platform, so the same seed yields the same bytes
//! everywhere.
//!
//! The shape follows the one real sample: headline, `YYYYMMDD` date, source
//! URL, then one body block per line, with promo lines
//! (`Read Also:<headline>`), glued attributions (`PerBBC,the`), straight and
//! curly quotes and a few non-ASCII characters.

mod date;
mod names;
mod outlets;
mod rng;
mod text;
mod vocab;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::iter::FusedIterator;

pub use date::Date;

use names::OpenVocab;
use outlets::{pick_outlet, push_url};
use rng::{SplitMix64, mix64, stream_key};
use text::{TitleStyle, lower_first_if_common, title_case};
use vocab::{
    ATTRIBUTION_OUTLETS, CITIES, CONNECTORS, COUNTRIES, Country, FIRST_NAMES, GENERIC_QUOTES,
    GENERIC_SENTENCES, HEADLINE_TAILS, LAST_NAMES, MONTHS, PHANTOM_PREFIXES, PHANTOM_SUFFIXES,
    PROMO_LABELS, QUOTE_SENTENCES, TOPIC_WEIGHTS, TOPICS, Topic, TopicVocab, WEEKDAYS, topic_vocab,
};

/// Seed used when none is given (the CLI default too).
pub const DEFAULT_SEED: u64 = 0x0da7_e11e;

/// Stream tags: one independent PRNG stream per concern and article.
const TAG_HEADLINE: u64 = 1;
const TAG_META: u64 = 2;
const TAG_BODY: u64 = 3;
const TAG_PROMO: u64 = 4;
const TAG_MESSY: u64 = 5;
const TAG_FILE: u64 = 6;
/// Domain of headlines that exist in no corpus (promos to missing articles).
const TAG_PHANTOM: u64 = 7;
/// Damage to promo headlines ([`GenConfig::with_damaged`]): its own stream,
/// so a corpus with damage differs from the clean one only there.
const TAG_DAMAGE: u64 = 8;

/// First and last day (inclusive) of header dates: 2015-01-01..=2024-12-31.
const FIRST_DAY: i64 = 16_436;
const LAST_DAY: i64 = 20_088;

/// Configuration of the generator.
///
/// Marked `#[non_exhaustive]` so options can be added without breaking
/// callers: build it with [`GenConfig::new`] and the `with_*` methods.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GenConfig {
    /// Seed of the whole corpus; the same seed gives identical bytes.
    pub seed: u64,
    /// Inject a small deterministic fraction of formatting defects (CRLF,
    /// BOM, trailing spaces, blank body lines, missing final newline).
    /// Content is otherwise identical to the clean corpus of the same seed.
    pub messy: bool,
    /// Damage about a quarter of the promos naming an article by its exact
    /// headline ([`PromoTarget::Damaged`]): typed badly or cut, as scraped
    /// promos are. Off by default; everything else is the corpus without it.
    pub damaged: bool,
    /// Draw people, places and organisations from an open set that grows
    /// with the corpus ([`GenConfig::with_open_vocabulary`]).
    pub open_vocabulary: bool,
}

impl GenConfig {
    /// A clean (canonical form) configuration with the given seed.
    pub const fn new(seed: u64) -> Self {
        Self {
            seed,
            messy: false,
            damaged: false,
            open_vocabulary: false,
        }
    }

    /// Returns the configuration with messiness switched on or off.
    #[must_use]
    pub const fn with_messy(mut self, messy: bool) -> Self {
        self.messy = messy;
        self
    }

    /// Returns the configuration with damaged promos switched on or off.
    #[must_use]
    pub const fn with_damaged(mut self, damaged: bool) -> Self {
        self.damaged = damaged;
        self
    }

    /// Returns the configuration with the open vocabulary switched on or off.
    ///
    /// Off (the default), headlines draw their people, places and
    /// organisations from short fixed lists: the vocabulary stops growing
    /// after a few thousand articles, and at a million articles a
    /// headline's rarest word is in thousands of other headlines, unlike
    /// real news. On, most people, towns and organisations are synthesised
    /// names of entities drawn log-uniformly from a range that grows with
    /// the article index, the famous fixed names staying at the head (see
    /// the `names` module); a headline naming none of them gets a town. The
    /// templates, dates, promos and everything else are drawn as without it;
    /// article `i` still depends only on `(seed, i, flags)`. Promos name the
    /// headlines of the same (open-vocabulary) corpus.
    ///
    /// Headline words (lowercased alphanumeric runs) at seed 2026; the df of
    /// a word is the number of headlines containing it, and "rarest df" is
    /// that of each headline's least common word:
    ///
    /// | articles | distinct words, fixed | distinct words, open |
    /// | ---: | ---: | ---: |
    /// | 10,000 | 1,839 | 9,325 |
    /// | 100,000 | 2,185 | 55,436 |
    /// | 1,000,000 | 2,185 | 417,245 |
    ///
    /// At a million articles the rarest df has median 4,313 and 90th
    /// percentile 7,468 with the fixed vocabulary; 6 and 186 with the open
    /// one (at 100,000: 3 and 44). The ABC "million news headlines" set
    /// has about 100,000 distinct words in 1.2 million headlines: the open
    /// vocabulary grows faster than that (Heaps exponent about 0.9 here
    /// against 0.4-0.6 in real news) so that few headlines lack a rare word.
    /// Measured with
    /// `cargo run --release -p dateline-test-support --example headline_vocab -- 1000000 --open-vocabulary`
    /// (without the flag for the fixed vocabulary).
    #[must_use]
    pub const fn with_open_vocabulary(mut self, open: bool) -> Self {
        self.open_vocabulary = open;
        self
    }
}

impl Default for GenConfig {
    fn default() -> Self {
        Self::new(DEFAULT_SEED)
    }
}

/// What a promo line points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromoTarget {
    /// The exact headline of the article with this index.
    Exact(u64),
    /// A slightly altered headline (case change, apostrophe style, a word
    /// dropped) of the article with this index.
    Variant(u64),
    /// A headline of an article that is not part of any generated corpus.
    Missing,
    /// The headline of the article with this index, damaged (only with
    /// [`GenConfig::damaged`]).
    Damaged(u64, Damage),
}

/// How a [`PromoTarget::Damaged`] headline was damaged: one change each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Damage {
    /// A space moved one letter left: `heads to Moscow` -> `heads t oMoscow`.
    Split,
    /// A space dropped: `to Moscow` -> `toMoscow`.
    Joined,
    /// Two neighbouring letters of a word swapped: `Biden` -> `Bidne`.
    Transposed,
    /// A letter of a word dropped: `Biden` -> `Bden`.
    Missing,
    /// A letter of a word doubled: `Biden` -> `Biiden`.
    Doubled,
    /// Cut after 55 to 90% of its characters (inside a word, maybe), with
    /// `...` or `…` after.
    CutEllipsis,
    /// Cut the same way, without an ellipsis.
    Cut,
}

impl Damage {
    /// Every kind, in the order above.
    pub const ALL: [Damage; 7] = [
        Damage::Split,
        Damage::Joined,
        Damage::Transposed,
        Damage::Missing,
        Damage::Doubled,
        Damage::CutEllipsis,
        Damage::Cut,
    ];
}

/// A promo line as written into the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promo {
    /// The label as written, e.g. `Read Also` or `RELATED STORY`.
    pub label: String,
    /// The promoted headline as written after the colon.
    pub title: String,
    /// What the title refers to.
    pub target: PromoTarget,
}

/// Formatting defects injected by [`GenConfig::messy`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Defects {
    /// Lines end in `\r\n`.
    pub crlf: bool,
    /// The file starts with a UTF-8 byte order mark.
    pub bom: bool,
    /// Some lines end with spaces or a tab.
    pub trailing_spaces: bool,
    /// Some empty lines were inserted between body blocks.
    pub blank_lines: bool,
    /// The last line has no line terminator.
    pub no_final_newline: bool,
}

impl Defects {
    /// Whether any defect was injected.
    pub fn any(self) -> bool {
        self.crlf || self.bom || self.trailing_spaces || self.blank_lines || self.no_final_newline
    }
}

/// What the generator put into an article: the ground truth that parser
/// tests and benchmarks can check their output against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleTruth {
    /// The headline (line 1).
    pub headline: String,
    /// The header date (line 2).
    pub date: Date,
    /// The source URL (line 3).
    pub url: String,
    /// The date shown in the URL path, if the outlet's URL shape has one;
    /// it differs from `date` for about 15% of all articles.
    pub url_date: Option<Date>,
    /// Promo lines in body order.
    pub promos: Vec<Promo>,
    /// Outlet names of glued attributions (`PerBBC,the`), in body order.
    pub glued_attributions: Vec<&'static str>,
    /// Number of body blocks (paragraphs plus promos, blank lines excluded).
    pub body_blocks: usize,
    /// Injected formatting defects (all `false` unless messy).
    pub defects: Defects,
}

/// One generated article file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedArticle {
    /// Position in the corpus, starting at 0.
    pub index: u64,
    /// File name, `NNN_<16 lowercase hex>.txt`; `NNN` is the batch of 1000
    /// (mod 1000) and the hex a bijective hash of the index, so names are
    /// unique within a corpus.
    pub file_name: String,
    /// The full file contents.
    pub text: String,
    /// What was generated, for checking parsers against.
    pub truth: ArticleTruth,
}

/// Generates article `index` of the corpus configured by `cfg`.
///
/// Pure and random-access: any index can be generated in any order.
pub fn generate_article(cfg: &GenConfig, index: u64) -> GeneratedArticle {
    let seed = cfg.seed;
    let plan = plan(
        stream_key(seed, index, TAG_HEADLINE),
        cfg.open_vocabulary.then_some(index),
    );
    let mut text = String::with_capacity(4096);
    text.push_str(&plan.headline);
    text.push('\n');
    text.push_str(&plan.date.yyyymmdd());
    text.push('\n');

    // Line 3: the URL. About 15% of all articles show a URL date a few
    // days off the header date (the seed: 20220131 vs /20220207/); such
    // articles are drawn from outlets whose URLs carry a date so that the
    // mismatch is observable.
    let mut meta = SplitMix64::new(stream_key(seed, index, TAG_META));
    let mismatch = meta.percent(15);
    let outlet = pick_outlet(&mut meta, plan.date, mismatch);
    let url_date = if mismatch {
        let shift = meta.range(1, 10) as i64;
        let shift = if meta.percent(70) { shift } else { -shift };
        Date::from_days(plan.date.to_days() + shift)
    } else {
        plan.date
    };
    let url_start = text.len();
    push_url(
        &mut text,
        outlet,
        plan.cast.topic,
        plan.cast.country,
        url_date,
        &plan.headline,
        &mut meta,
    );
    let url = text[url_start..].to_owned();
    text.push('\n');

    let mut body = SplitMix64::new(stream_key(seed, index, TAG_BODY));
    let mut promo_rng = SplitMix64::new(stream_key(seed, index, TAG_PROMO));
    let mut promos = plan_promos(cfg, index, &mut promo_rng);
    if cfg.damaged {
        let mut damage_rng = SplitMix64::new(stream_key(seed, index, TAG_DAMAGE));
        for promo in &mut promos {
            if let PromoTarget::Exact(j) = promo.target
                && damage_rng.percent(25)
            {
                let kind = damage_rng.pick(&Damage::ALL);
                if let Some(title) = damage(&promo.title, kind, &mut damage_rng) {
                    promo.title = title;
                    promo.target = PromoTarget::Damaged(j, kind);
                }
            }
        }
    }
    let mut glued = Vec::new();
    let blocks = write_body(&mut text, &plan, &promos, &mut body, &mut glued);

    let mut defects = Defects::default();
    if cfg.messy {
        let mut messy = SplitMix64::new(stream_key(seed, index, TAG_MESSY));
        defects = make_messy(&mut text, &mut messy);
    }

    GeneratedArticle {
        index,
        file_name: file_name(cfg, index),
        text,
        truth: ArticleTruth {
            headline: plan.headline,
            date: plan.date,
            url,
            url_date: outlet.is_dated(url_date).then_some(url_date),
            promos,
            glued_attributions: glued,
            body_blocks: blocks,
            defects,
        },
    }
}

/// The headline of article `index`, without generating the rest of it.
pub fn headline(cfg: &GenConfig, index: u64) -> String {
    plan(
        stream_key(cfg.seed, index, TAG_HEADLINE),
        cfg.open_vocabulary.then_some(index),
    )
    .headline
}

/// The file name of article `index` (see [`GeneratedArticle::file_name`]).
pub fn file_name(cfg: &GenConfig, index: u64) -> String {
    let key = stream_key(cfg.seed, 0, TAG_FILE);
    format!(
        "{:03}_{:016x}.txt",
        (index / 1000) % 1000,
        mix64(index ^ key)
    )
}

/// Articles `0, 1, 2, ...` until at least `budget_bytes` bytes of text
/// have been produced.
///
/// The total overshoots the budget by less than the size of the last
/// article; a budget of 0 yields nothing. Use it for in-memory benchmark
/// corpora: `corpus(&GenConfig::default(), 8 << 20).collect::<Vec<_>>()`.
pub fn corpus(cfg: &GenConfig, budget_bytes: u64) -> Corpus {
    Corpus {
        cfg: cfg.clone(),
        next_index: 0,
        budget_bytes,
        emitted_bytes: 0,
    }
}

/// Iterator returned by [`corpus`].
#[derive(Debug, Clone)]
pub struct Corpus {
    cfg: GenConfig,
    next_index: u64,
    budget_bytes: u64,
    emitted_bytes: u64,
}

impl Corpus {
    /// Bytes of article text yielded so far.
    pub fn emitted_bytes(&self) -> u64 {
        self.emitted_bytes
    }

    /// Articles yielded so far.
    pub fn emitted_articles(&self) -> u64 {
        self.next_index
    }
}

impl Iterator for Corpus {
    type Item = GeneratedArticle;

    fn next(&mut self) -> Option<GeneratedArticle> {
        if self.emitted_bytes >= self.budget_bytes {
            return None;
        }
        let article = generate_article(&self.cfg, self.next_index);
        self.next_index += 1;
        self.emitted_bytes += article.text.len() as u64;
        Some(article)
    }
}

impl FusedIterator for Corpus {}

// ---------------------------------------------------------------------------
// Headline plan: topic, cast, date and headline, from the headline stream.

/// A person in the article's cast.
struct Person {
    first: Cow<'static, str>,
    last: Cow<'static, str>,
    /// Role template, `{C}` standing for the country adjective.
    role: &'static str,
    country_adjective: &'static str,
    female: bool,
}

/// Who and what an article is about; keeps prose consistent.
struct Cast {
    topic: Topic,
    vocab: &'static TopicVocab,
    lead: Person,
    second: Person,
    source: Person,
    country: &'static Country,
    country2: &'static Country,
    org: (Cow<'static, str>, bool),
    subject: &'static str,
    year: u16,
    /// The town `{K}` names, with the open vocabulary (else any world city).
    town: Option<String>,
}

struct Plan {
    cast: Cast,
    date: Date,
    headline: String,
}

/// A person drawn from the fixed lists; with `open`, `(vocabulary, percent)`,
/// the surname is an open-vocabulary one `percent` of the time and the
/// given name half of the time (`rng` draws the same either way).
fn person(
    rng: &mut SplitMix64,
    roles: &'static [&'static str],
    adjective: &'static str,
    open: Option<(&mut OpenVocab, u64)>,
) -> Person {
    let (first, female) = rng.pick(FIRST_NAMES);
    let mut person = Person {
        first: Cow::Borrowed(first),
        last: Cow::Borrowed(rng.pick(LAST_NAMES)),
        role: rng.pick(roles),
        country_adjective: adjective,
        female,
    };
    if let Some((open, percent)) = open {
        if open.percent(percent) {
            person.last = Cow::Owned(open.surname());
        }
        if open.percent(50) {
            person.first = Cow::Owned(open.given_name(female));
        }
    }
    person
}

/// The headline plan of PRNG key `key`; with `open_index`, that of an
/// article at that index with the open vocabulary (see [`names`]).
fn plan(key: u64, open_index: Option<u64>) -> Plan {
    let mut open = open_index.map(|index| OpenVocab::new(key, index));
    let mut rng = SplitMix64::new(key);
    let topic = TOPICS[rng.weighted(TOPIC_WEIGHTS)];
    let vocab = topic_vocab(topic);
    // A second, different country: offset the first one's index by 1..len.
    let first = rng.index(COUNTRIES.len());
    let country = &COUNTRIES[first];
    let country2 = &COUNTRIES[(first + 1 + rng.index(COUNTRIES.len() - 1)) % COUNTRIES.len()];
    let date = Date::from_days(rng.range(FIRST_DAY as u64, LAST_DAY as u64) as i64);
    let lead = person(
        &mut rng,
        vocab.roles,
        country.adjective,
        open.as_mut().map(|o| (o, 80)),
    );
    let second = person(
        &mut rng,
        vocab.roles,
        country2.adjective,
        open.as_mut().map(|o| (o, 75)),
    );
    let source = person(
        &mut rng,
        vocab.source_roles,
        country.adjective,
        open.as_mut().map(|o| (o, 75)),
    );
    let (org, takes_article) = rng.pick(vocab.orgs);
    let mut cast = Cast {
        topic,
        vocab,
        lead,
        second,
        source,
        country,
        country2,
        org: (Cow::Borrowed(org), takes_article),
        subject: rng.pick(vocab.subjects),
        year: date.year,
        town: None,
    };
    if let Some(open) = &mut open {
        if open.percent(50) {
            let (org, takes_article) = open.org(topic);
            cast.org = (Cow::Owned(org), takes_article);
        }
        if open.percent(70) {
            cast.town = Some(open.place());
        }
    }

    // Headlines are 8-16 words: a main clause plus tails.
    let mut raw = String::with_capacity(128);
    let style = Style {
        full_names: true,
        ..Style::PLAIN
    };
    render(&mut raw, rng.pick(vocab.headlines), &cast, &mut rng, style);
    let town_named = open
        .as_mut()
        .is_some_and(|open| name_an_open_entity(&mut raw, &cast, open));
    let main_len = raw.len();
    // Tails are required below 8 words and otherwise added to almost all
    // headlines: they multiply the number of distinct headlines, which
    // keeps accidental duplicates rare (about 6 in 10,000 at 100,000
    // articles); a tail that would pass 16 words is dropped for another.
    let want_tail = rng.percent(97);
    for _ in 0..8 {
        let words = word_count(&raw);
        if words >= 8 && (!want_tail || raw.len() > main_len) {
            break;
        }
        let mark = raw.len();
        raw.push(' ');
        let mut tail = rng.pick(HEADLINE_TAILS);
        // Not "in Sadriford ... in Sadriford": {K} is the town just named.
        while town_named && tail.contains("{K}") {
            tail = rng.pick(HEADLINE_TAILS);
        }
        render(&mut raw, tail, &cast, &mut rng, style);
        if word_count(&raw) > 16 {
            raw.truncate(mark);
        }
    }
    // Fallbacks keep the 8-16 promise even for unlucky draws.
    while word_count(&raw) < 8 {
        raw.push_str(" as talks continue");
    }
    if word_count(&raw) > 16 {
        let cut = raw.match_indices(' ').nth(15).map_or(raw.len(), |(i, _)| i);
        raw.truncate(cut);
    }
    let title_style = rng.pick(&[
        TitleStyle::EveryWord,
        TitleStyle::EveryWord,
        TitleStyle::Ap,
        TitleStyle::Mixed,
    ]);
    let headline = title_case(&raw, title_style, || rng.percent(50));
    Plan {
        cast,
        date,
        headline,
    }
}

/// Most real headlines name someone or somewhere rarely named: if the main
/// clause `raw` names none of the cast's open-vocabulary entities, a town
/// is appended (room permitting), before any tail. Returns whether it was.
fn name_an_open_entity(raw: &mut String, cast: &Cast, open: &mut OpenVocab) -> bool {
    let open_names = [&cast.lead.last, &cast.second.last, &cast.org.0]
        .into_iter()
        .filter_map(|name| match name {
            Cow::Owned(name) => Some(name.as_str()),
            Cow::Borrowed(_) => None,
        })
        .chain(cast.town.as_deref());
    if open_names.into_iter().any(|name| raw.contains(name)) || word_count(raw) > 14 {
        return false;
    }
    raw.push_str(" in ");
    match &cast.town {
        Some(town) => raw.push_str(town),
        None => raw.push_str(&open.place()),
    }
    true
}

fn word_count(s: &str) -> usize {
    s.split(' ').filter(|w| !w.is_empty()).count()
}

// ---------------------------------------------------------------------------
// Template rendering.

/// Quote and apostrophe style of a piece of prose.
#[derive(Debug, Clone, Copy)]
struct Style {
    curly_quotes: bool,
    curly_apostrophes: bool,
    /// Headlines name people by surname, sometimes by full name.
    full_names: bool,
}

impl Style {
    const PLAIN: Self = Self {
        curly_quotes: false,
        curly_apostrophes: false,
        full_names: false,
    };
}

/// Appends `tpl` with its slots filled (see the `vocab` module table).
fn render(out: &mut String, tpl: &str, cast: &Cast, rng: &mut SplitMix64, style: Style) {
    let bytes = tpl.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if i + 2 < bytes.len() && bytes[i + 2] == b'}' => {
                out.push_str(&tpl[run..i]);
                fill_slot(out, bytes[i + 1], cast, rng, style);
                i += 3;
                run = i;
            }
            b'\'' if style.curly_apostrophes => {
                out.push_str(&tpl[run..i]);
                out.push('\u{2019}');
                i += 1;
                run = i;
            }
            // `«` is C2 AB and `»` is C2 BB in UTF-8.
            0xC2 if i + 1 < bytes.len() && (bytes[i + 1] == 0xAB || bytes[i + 1] == 0xBB) => {
                out.push_str(&tpl[run..i]);
                let open = bytes[i + 1] == 0xAB;
                out.push(match (style.curly_quotes, open) {
                    (false, _) => '"',
                    (true, true) => '\u{201C}',
                    (true, false) => '\u{201D}',
                });
                i += 2;
                run = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&tpl[run..]);
}

fn push_person(out: &mut String, p: &Person) {
    match p.role.split_once("{C}") {
        Some((before, after)) => {
            out.push_str(before);
            out.push_str(p.country_adjective);
            out.push_str(after);
        }
        None => out.push_str(p.role),
    }
    out.push(' ');
    out.push_str(&p.first);
    out.push(' ');
    out.push_str(&p.last);
}

fn push_name(out: &mut String, p: &Person, full: bool) {
    if full {
        out.push_str(&p.first);
        out.push(' ');
    }
    out.push_str(&p.last);
}

fn push_thousands(out: &mut String, n: u64) {
    let digits = n.to_string();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
}

fn fill_slot(out: &mut String, slot: u8, cast: &Cast, rng: &mut SplitMix64, style: Style) {
    match slot {
        b'A' => push_person(out, &cast.lead),
        b'a' => push_name(out, &cast.lead, style.full_names && rng.percent(35)),
        b'B' => push_person(out, &cast.second),
        b'b' => push_name(out, &cast.second, style.full_names && rng.percent(35)),
        b'E' => push_person(out, &cast.source),
        b'e' => out.push_str(&cast.source.last),
        b'h' => out.push_str(if cast.lead.female { "she" } else { "he" }),
        b'H' => out.push_str(if cast.lead.female { "She" } else { "He" }),
        b'j' => out.push_str(if cast.lead.female { "her" } else { "his" }),
        b'c' => out.push_str(cast.country.name),
        b'C' => out.push_str(cast.country.adjective),
        b'x' => out.push_str(cast.country2.name),
        b'X' => out.push_str(cast.country2.adjective),
        b'k' => out.push_str(cast.country.capital),
        b'K' => {
            let city = rng.pick(CITIES);
            out.push_str(cast.town.as_deref().unwrap_or(city));
        }
        b'o' | b'O' => {
            let (name, article) = &cast.org;
            if *article {
                out.push_str(if slot == b'O' { "The " } else { "the " });
            }
            out.push_str(name);
        }
        b'g' => out.push_str(&cast.org.0),
        b's' => out.push_str(cast.subject),
        b'n' => {
            let _ = write!(out, "{}", rng.range(2, 30));
        }
        b'N' => {
            let magnitude = [1_000, 10_000, 100_000][rng.index(3)];
            push_thousands(out, rng.range(magnitude / 10 + 1, magnitude));
        }
        b'u' => {
            let currency = rng.pick(&["$", "$", "\u{20ac}", "\u{a3}"]);
            let unit = rng.pick(&["million", "billion"]);
            out.push_str(currency);
            if rng.percent(50) {
                let _ = write!(out, "{}.{} {unit}", rng.range(1, 9), rng.range(1, 9));
            } else {
                let _ = write!(out, "{} {unit}", rng.range(2, 900));
            }
        }
        b'p' => {
            let _ = write!(out, "{}.{}", rng.range(1, 12), rng.below(10));
        }
        b'y' => {
            let _ = write!(out, "{}", u64::from(cast.year) - rng.range(1, 8));
        }
        b'd' => out.push_str(rng.pick(WEEKDAYS)),
        b'm' => out.push_str(rng.pick(MONTHS)),
        b'r' => out.push_str(rng.pick(ATTRIBUTION_OUTLETS)),
        b'q' => {
            let quote = if rng.percent(50) {
                rng.pick(cast.vocab.quotes)
            } else {
                rng.pick(GENERIC_QUOTES)
            };
            render(out, quote, cast, rng, style);
        }
        // Unknown slots are a template bug; show them rather than panic so
        // that a typo is visible in generated text and caught by review.
        other => {
            out.push('{');
            out.push(char::from(other));
            out.push('}');
        }
    }
}

// ---------------------------------------------------------------------------
// Promos.

/// Chooses the promos of article `index` (positions are chosen later).
///
/// The promoted headlines are those of `cfg`'s corpus (its seed and open
/// vocabulary); nothing else of `cfg` changes a headline.
fn plan_promos(cfg: &GenConfig, index: u64, rng: &mut SplitMix64) -> Vec<Promo> {
    if !rng.percent(60) {
        return Vec::new();
    }
    let count = 1 + rng.weighted(&[60, 30, 10]);
    let mut promos = Vec::with_capacity(count);
    for k in 0..count {
        let roll = rng.below(100);
        let target = if index == 0 || roll >= 90 {
            PromoTarget::Missing
        } else {
            // Related coverage is usually recent: mostly one of the last
            // 200 articles, sometimes anything earlier.
            let back = if rng.percent(70) {
                1 + rng.below(index.min(200))
            } else {
                1 + rng.below(index)
            };
            if roll < 80 {
                PromoTarget::Exact(index - back)
            } else {
                PromoTarget::Variant(index - back)
            }
        };
        let title = match target {
            PromoTarget::Exact(j) | PromoTarget::Damaged(j, _) => headline(cfg, j),
            PromoTarget::Variant(j) => vary_headline(&headline(cfg, j), rng),
            PromoTarget::Missing => phantom_headline(cfg, index, k, rng),
        };
        let base = rng.pick(PROMO_LABELS);
        let label = match rng.weighted(&[70, 12, 12, 6]) {
            0 => (*base).to_owned(),
            1 => base.to_uppercase(),
            2 => base.to_lowercase(),
            _ => {
                // Sentence case: "Read also".
                let lower = base.to_lowercase();
                let mut s = String::with_capacity(lower.len());
                let mut chars = lower.chars();
                if let Some(c) = chars.next() {
                    s.push(c.to_ascii_uppercase());
                }
                s.push_str(chars.as_str());
                s
            }
        };
        promos.push(Promo {
            label,
            title,
            target,
        });
    }
    promos
}

/// `h` damaged by `kind`, or `None` if it has no place for that damage (no
/// space, no word long enough).
fn damage(h: &str, kind: Damage, rng: &mut SplitMix64) -> Option<String> {
    let chars: Vec<char> = h.chars().collect();
    // Positions of spaces between two letters, and of letters inside words
    // of four or more letters (not the first).
    let spaces: Vec<usize> = (1..chars.len().saturating_sub(1))
        .filter(|&i| {
            chars[i] == ' ' && chars[i - 1].is_alphanumeric() && chars[i + 1].is_alphanumeric()
        })
        .collect();
    let inner: Vec<usize> = (1..chars.len().saturating_sub(1))
        .filter(|&i| {
            let word_start = chars[..i]
                .iter()
                .rposition(|c| !c.is_alphanumeric())
                .map_or(0, |p| p + 1);
            let word_end = chars[i..]
                .iter()
                .position(|c| !c.is_alphanumeric())
                .map_or(chars.len(), |p| p + i);
            word_end - word_start >= 4
                && i > word_start
                && i + 1 < word_end
                && chars[i].is_alphabetic()
                && chars[i + 1].is_alphabetic()
                && chars[i] != chars[i + 1]
        })
        .collect();
    let mut out = chars.clone();
    match kind {
        Damage::Split => {
            // The letter before the space goes after it: `t oMoscow`.
            let &i = spaces.get(rng.index(spaces.len().max(1)))?;
            if i < 2 || !chars[i - 2].is_alphanumeric() {
                return None;
            }
            out.swap(i - 1, i);
        }
        Damage::Joined => {
            let &i = spaces.get(rng.index(spaces.len().max(1)))?;
            out.remove(i);
        }
        Damage::Transposed => {
            let &i = inner.get(rng.index(inner.len().max(1)))?;
            out.swap(i, i + 1);
        }
        Damage::Missing => {
            let &i = inner.get(rng.index(inner.len().max(1)))?;
            out.remove(i);
        }
        Damage::Doubled => {
            let &i = inner.get(rng.index(inner.len().max(1)))?;
            out.insert(i, chars[i]);
        }
        Damage::CutEllipsis | Damage::Cut => {
            let keep = chars.len() * (55 + rng.below(36) as usize) / 100;
            out.truncate(keep.max(1));
            while out.last().is_some_and(|c| c.is_whitespace()) {
                out.pop();
            }
            if kind == Damage::CutEllipsis {
                out.extend(if rng.percent(50) { "..." } else { "\u{2026}" }.chars());
            }
        }
    }
    let damaged: String = out.into_iter().collect();
    (damaged != h).then_some(damaged)
}

/// A headline of an article outside any corpus: generated like a real one
/// from a separate stream, then marked with a prefix or suffix that real
/// corpus headlines cannot contain, so it provably matches none of them.
fn phantom_headline(cfg: &GenConfig, index: u64, k: usize, rng: &mut SplitMix64) -> String {
    let key = stream_key(
        cfg.seed,
        index.wrapping_mul(4).wrapping_add(k as u64),
        TAG_PHANTOM,
    );
    let base = plan(key, cfg.open_vocabulary.then_some(index)).headline;
    if rng.percent(50) {
        let mut h = rng.pick(PHANTOM_PREFIXES).to_owned();
        h.push_str(&base);
        h
    } else {
        base + rng.pick(PHANTOM_SUFFIXES)
    }
}

/// A small alteration of a headline that a fuzzy matcher should still
/// link: a case change, a curly apostrophe, or a dropped word. Always
/// differs from the input.
fn vary_headline(h: &str, rng: &mut SplitMix64) -> String {
    let has_apostrophe = h.contains('\'');
    let words: Vec<&str> = h.split(' ').collect();
    let mut choice = rng.below(4);
    if choice == 2 && !has_apostrophe {
        choice = 3;
    }
    let varied = match choice {
        0 => h.to_lowercase(),
        1 => h.to_uppercase(),
        2 => h.replace('\'', "\u{2019}"),
        _ => {
            // Drop one word other than the first.
            let drop = 1 + rng.index(words.len().saturating_sub(1).max(1));
            words
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != drop)
                .map(|(_, w)| *w)
                .collect::<Vec<_>>()
                .join(" ")
        }
    };
    if varied != h {
        varied
    } else if h.chars().any(char::is_lowercase) {
        // Only a case change of a headline already in that case can be a
        // no-op; the opposite case change is then a real variation.
        h.to_uppercase()
    } else {
        h.to_lowercase()
    }
}

// ---------------------------------------------------------------------------
// Body.

/// Writes the body lines; returns the number of blocks written.
fn write_body(
    text: &mut String,
    plan: &Plan,
    promos: &[Promo],
    rng: &mut SplitMix64,
    glued: &mut Vec<&'static str>,
) -> usize {
    let cast = &plan.cast;
    let paragraphs = rng.range(10, 25) as usize;
    // Promo positions: after paragraph p (1-based), never before the first
    // paragraph, in increasing order; distinct gaps.
    let mut promo_after: Vec<usize> = Vec::with_capacity(promos.len());
    while promo_after.len() < promos.len() {
        let gap = 1 + rng.index(paragraphs - 1);
        if !promo_after.contains(&gap) {
            promo_after.push(gap);
        }
    }
    promo_after.sort_unstable();

    // Glued attributions: ~1 per article on average, in distinct paragraphs.
    let glue_count = rng.weighted(&[32, 42, 20, 6]);
    let mut glue_in: Vec<usize> = Vec::with_capacity(glue_count);
    while glue_in.len() < glue_count {
        let p = rng.index(paragraphs);
        if !glue_in.contains(&p) {
            glue_in.push(p);
        }
    }

    // Curly apostrophes are an article-wide habit of the source; quote
    // marks vary by paragraph as copy-pasted quotes do.
    let curly_article = rng.percent(25);
    let mut recent: Vec<(u8, usize)> = Vec::with_capacity(48);
    let mut sentence = String::with_capacity(256);
    let mut blocks = 0;
    let mut next_promo = 0;
    for p in 0..paragraphs {
        let style = Style {
            curly_quotes: if curly_article {
                rng.percent(80)
            } else {
                rng.percent(15)
            },
            curly_apostrophes: curly_article,
            full_names: false,
        };
        let quote_paragraph = rng.percent(18);
        let count = 1 + rng.weighted(&[18, 36, 32, 14]);
        let glue_at = glue_in.contains(&p).then(|| rng.index(count));
        let line_start = text.len();
        for s in 0..count {
            if s > 0 {
                text.push(' ');
            }
            let start = text.len();
            if quote_paragraph && s == 0 && glue_at != Some(0) {
                render(text, rng.pick(QUOTE_SENTENCES), cast, rng, style);
            } else if glue_at == Some(s) {
                sentence.clear();
                render(
                    &mut sentence,
                    pick_sentence(cast, rng, &mut recent),
                    cast,
                    rng,
                    style,
                );
                capitalize_at(&mut sentence, 0);
                glued.push(push_glued(text, &sentence, rng));
                continue;
            } else {
                render(
                    text,
                    pick_sentence(cast, rng, &mut recent),
                    cast,
                    rng,
                    style,
                );
            }
            capitalize_at(text, start);
        }
        debug_assert!(text.len() > line_start);
        text.push('\n');
        blocks += 1;
        while next_promo < promos.len() && promo_after[next_promo] == p + 1 {
            let promo = &promos[next_promo];
            text.push_str(&promo.label);
            text.push(':');
            if rng.percent(25) {
                text.push(' ');
            }
            text.push_str(&promo.title);
            text.push('\n');
            blocks += 1;
            next_promo += 1;
        }
    }
    blocks
}

/// Picks a narrative sentence template, avoiding recent repeats.
fn pick_sentence(cast: &Cast, rng: &mut SplitMix64, recent: &mut Vec<(u8, usize)>) -> &'static str {
    let mut pick = (0, 0);
    for _ in 0..8 {
        pick = if rng.percent(40) {
            (0, rng.index(cast.vocab.sentences.len()))
        } else {
            (1, rng.index(GENERIC_SENTENCES.len()))
        };
        if !recent.contains(&pick) {
            break;
        }
    }
    if recent.len() == recent.capacity() {
        recent.remove(0);
    }
    recent.push(pick);
    match pick {
        (0, i) => cast.vocab.sentences[i],
        (_, i) => GENERIC_SENTENCES[i],
    }
}

fn capitalize_at(s: &mut String, pos: usize) {
    if s.as_bytes().get(pos).is_some_and(u8::is_ascii_lowercase) {
        s[pos..=pos].make_ascii_uppercase();
    }
}

/// Appends `sentence` with a glued attribution in one of the seed's forms;
/// returns the outlet name.
fn push_glued(out: &mut String, sentence: &str, rng: &mut SplitMix64) -> &'static str {
    let outlet = rng.pick(ATTRIBUTION_OUTLETS);
    let without_period = sentence.strip_suffix('.').unwrap_or(sentence);
    match rng.weighted(&[28, 22, 22, 10, 9, 9]) {
        0 => {
            // "PerBBC,the French leader hopes ..."
            out.push_str("Per");
            out.push_str(outlet);
            out.push(',');
            lower_first_if_common(sentence, out);
        }
        1 => {
            // "Moreover, perAP News,the two leaders ..."
            out.push_str(rng.pick(CONNECTORS));
            out.push_str(", per");
            out.push_str(outlet);
            out.push(',');
            lower_first_if_common(sentence, out);
        }
        2 => {
            // "... at any moment, as perNBC News."
            out.push_str(without_period);
            out.push_str(", as per");
            out.push_str(outlet);
            out.push('.');
        }
        3 => {
            // "According toReuters,the talks ..."
            out.push_str("According to");
            out.push_str(outlet);
            out.push(',');
            if rng.percent(50) {
                out.push(' ');
            }
            lower_first_if_common(sentence, out);
        }
        4 => {
            // "However, according toReuters,the talks ..."
            out.push_str(rng.pick(CONNECTORS));
            out.push_str(", according to");
            out.push_str(outlet);
            out.push(',');
            lower_first_if_common(sentence, out);
        }
        _ => {
            // "... on Sunday, according toReuters."
            out.push_str(without_period);
            out.push_str(", according to");
            out.push_str(outlet);
            out.push('.');
        }
    }
    outlet
}

// ---------------------------------------------------------------------------
// Messiness.

/// Injects formatting defects into a small deterministic fraction of
/// articles (about 10% have at least one). Probabilities are per article
/// and independent.
fn make_messy(text: &mut String, rng: &mut SplitMix64) -> Defects {
    let defects = Defects {
        crlf: rng.percent(3),
        bom: rng.percent(1),
        trailing_spaces: rng.percent(3),
        blank_lines: rng.percent(2),
        no_final_newline: rng.percent(2),
    };
    if !defects.any() {
        return defects;
    }
    let clean = std::mem::take(text);
    let lines: Vec<&str> = clean.lines().collect();
    let eol = if defects.crlf { "\r\n" } else { "\n" };
    // Each flagged defect occurs at least once (at a chosen line), plus at
    // random elsewhere, so the ground truth flags are exact.
    let trailing_line = rng.index(lines.len());
    // Blank lines go between body blocks: after line 4 or later, never last.
    let body_gaps = lines.len().saturating_sub(4).max(1);
    let blank_after = 3 + rng.index(body_gaps);
    if defects.bom {
        text.push('\u{feff}');
    }
    for (i, line) in lines.iter().enumerate() {
        text.push_str(line);
        if defects.trailing_spaces && (i == trailing_line || rng.percent(15)) {
            text.push_str(rng.pick(&[" ", "  ", "\t", " \t"]));
        }
        let last = i + 1 == lines.len();
        if !(last && defects.no_final_newline) {
            text.push_str(eol);
        }
        if defects.blank_lines && i >= 3 && !last && (i == blank_after || rng.percent(10)) {
            text.push_str(eol);
        }
    }
    defects
}

#[cfg(test)]
mod tests;
