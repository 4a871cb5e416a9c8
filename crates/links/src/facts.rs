//! Facts read off an article URL: host, registrable domain, publication date,
//! the outlet's article id, and the slug.
//!
//! ```
//! use dateline_core::Date;
//! use dateline_links::facts::UrlFacts;
//!
//! let facts = UrlFacts::parse(
//!     "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm",
//! )?;
//! assert_eq!(facts.host(), "www.hngn.com");
//! assert_eq!(facts.domain.as_deref(), Some("hngn.com"));
//! assert_eq!(facts.date, Date::new(2022, 2, 7));
//! assert_eq!(facts.article_id.as_deref(), Some("240451"));
//! assert_eq!(
//!     facts.slug.as_deref(),
//!     Some("macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions")
//! );
//! # Ok::<(), dateline_links::canonical::UrlError>(())
//! ```
//!
//! Everything here is a heuristic over URL shapes that outlets actually use;
//! each rule below names outlets that need it, and the unit tests hold a real
//! URL shape for each. The rules run on the [canonical](crate::canonical) URL.
//! Path segments are percent-decoded first, and the last segment loses a
//! [known extension](EXTENSIONS) (`.html`, `.htm`, `.cms`, ...).
//!
//! # Registrable domain
//!
//! The host's *registrable domain* is its public suffix plus one label, by the
//! Public Suffix List compiled into the [`psl`] crate (nothing is fetched at
//! run time): `news.bbc.co.uk` → `bbc.co.uk`, `abcnews.go.com` → `go.com`.
//! IP addresses, bare public suffixes and hosts whose suffix is not on the list
//! have none. See [`registrable_domain`].
//!
//! # Date
//!
//! Only full dates count (`/2022/02/` alone is no date), the year must be
//! within [`YEARS`], and the date must exist (`2022/02/30` is no date). The
//! first rule that matches wins; within a rule, the leftmost match:
//!
//! 1. Three consecutive segments `year/month/day`, where month and day have one
//!    or two digits, or the month is an English month name or abbreviation:
//!    NYT, Washington Post, CNN, Fox Business, NPR, Politico, Axios, NY Post
//!    (`/2022/02/07/`), Al Jazeera and The Verge (`/2022/2/7/`), the Guardian
//!    (`/2022/feb/07/`).
//! 2. A whole segment `YYYYMMDD` or `YYYY-MM-DD`: HNGN (`/20220207/`),
//!    Xinhua, Bloomberg (`/news/articles/2022-02-07/`), LA Times, ABC Australia.
//! 3. Inside the slug segment, tokens (split on `-` and `_`) forming
//!    `YYYY-MM-DD`, or one `YYYYMMDD` token: Reuters (`.../macron-...-2022-02-07/`),
//!    France 24 (`/20220207-macron-...`). These tokens are removed from the slug.
//!
//! # Article id
//!
//! The first rule that matches wins:
//!
//! 1. A query parameter `id`, `articleid`, `article_id`, `storyid`,
//!    `story_id`, `contentid` or `content_id` (any case) whose value is made of
//!    ASCII letters, digits, `-` and `_` and has a digit (ABC News
//!    `story?id=82709835`); or WordPress's `p` with a numeric value.
//! 2. The segment after a marker segment ([`ID_MARKERS`]: `articles`,
//!    `article`, `articleshow`, `id`, `view`, ...), when it looks like an id
//!    (letters and digits with at least four digits, or an id segment as in
//!    rule 4): HNGN `/articles/240451/`, SCMP `/article/3166123/`, Times of
//!    India `/articleshow/89412345.cms`, Yonhap `/view/AEN20220207000351315`.
//! 3. A segment `article-NNNN` or `articleNNNN` gives `NNNN`: Daily Mail
//!    `/article-10487123/`, Jerusalem Post, The Hindu.
//! 4. The last *id segment*: five or more digits (Time `/6146123/`, NPR,
//!    USA Today, TASS, ABC Australia, The Verge), one to four letters then
//!    five or more digits with an optional `-` between (DW `a-60680123`), a
//!    hexadecimal string of 16 or more characters with a digit (Xinhua, old AP
//!    News), or a UUID.
//! 5. Inside the slug segment (see below), in this order:
//!    * HuffPost's `_n_` followed by a hexadecimal id (`..._n_620144e5e4b0...`);
//!    * a last token that is five or more digits (BBC `world-europe-60312345`,
//!      Sky News, Politico, Newsweek, Hindustan Times), one to four letters and
//!      five or more digits (NBC News `rcna15123`, The Independent `b2009876`),
//!      a hexadecimal string of 16 or more characters with a digit (AP News),
//!      `D.DDDDD...` (CBC `1.6342123`), or `id` and uppercase letters and
//!      digits (old Reuters `idUSKBN2KC0XX`);
//!    * a first token of five or more digits followed by other tokens (The
//!      Hill `/593123-macron-...`).
//!
//!    The id token is removed from the slug. The id keeps its case.
//!
//! # Slug
//!
//! The *slug segment* is the last path segment that
//!
//! * comes after the date segments, if date rule 1 or 2 matched (so the
//!   section in Haaretz's `/world-news/2022-02-07/ty-article/...` is no slug);
//! * is not used by a date or an id rule, is not itself an id segment, and is
//!   not in [`NOT_SLUGS`];
//! * has at least two tokens (split on `-`, `_`, `+` and spaces) and a letter:
//!   single words such as `news`, `politics` or `index` are sections or
//!   boilerplate, not slugs.
//!
//! The slug is its tokens, after the date and id rules above removed theirs
//! and after a leading `article` token is dropped (The Globe and Mail
//! `article-macron-...`), lowercased and joined with `-`. BBC URLs have no
//! headline slug: their "slug" is the section (`world-europe`); many sections
//! of two words are taken for slugs when nothing better follows them.

use std::borrow::Cow;

use dateline_core::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use dateline_core::url::is_ip_address;

use crate::canonical::{CanonicalUrl, UrlError, canonicalize};
use crate::percent;

/// Years accepted in a URL date. Eight-digit ids outside it are not taken for
/// dates (BBC's `60312345` would be year 6031).
pub const YEARS: std::ops::RangeInclusive<u16> = 1990..=2099;

/// Extensions removed from the last path segment, compared case-insensitively.
pub const EXTENSIONS: &[&str] = &[
    "html", "htm", "shtml", "xhtml", "stm", "php", "asp", "aspx", "jsp", "cms", "ece",
];

/// Segments after which an id is looked for (article id rule 2), compared
/// case-insensitively.
pub const ID_MARKERS: &[&str] = &[
    "article",
    "articles",
    "articleshow",
    "id",
    "post",
    "stories",
    "story",
    "view",
];

/// Segments of two or more tokens that are never slugs, compared
/// case-insensitively: Haaretz's article-type markers (`/ty-article/`).
pub const NOT_SLUGS: &[&str] = &[
    "ty-article",
    "ty-article-live",
    "ty-article-magazine",
    "ty-article-opinion",
    "ty-article-static",
];

/// Query parameters that carry an article id (article id rule 1), compared
/// case-insensitively.
const ID_PARAMETERS: &[&str] = &[
    "id",
    "articleid",
    "article_id",
    "storyid",
    "story_id",
    "contentid",
    "content_id",
];

/// English month names and abbreviations, as in the Guardian's `/2022/feb/07/`.
const MONTHS: &[(&str, u8)] = &[
    ("jan", 1),
    ("january", 1),
    ("feb", 2),
    ("february", 2),
    ("mar", 3),
    ("march", 3),
    ("apr", 4),
    ("april", 4),
    ("may", 5),
    ("jun", 6),
    ("june", 6),
    ("jul", 7),
    ("july", 7),
    ("aug", 8),
    ("august", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("oct", 10),
    ("october", 10),
    ("nov", 11),
    ("november", 11),
    ("dec", 12),
    ("december", 12),
];

/// What a URL says about its article (see the [module docs](self) for the rules).
///
/// It serialises as an object with, in this order, `canonical` (the canonical
/// URL), `host`, `domain`, `date` (`YYYY-MM-DD`), `article_id` and `slug`;
/// unknown values are `null`. That is the `url` of an export's links (the
/// same type, from this crate to the exporters).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct UrlFacts {
    /// The canonical URL; its [`host`](CanonicalUrl::host) is the facts' host.
    pub canonical: CanonicalUrl,
    /// The host's registrable domain (`hngn.com`), if it has one.
    pub domain: Option<String>,
    /// The publication date in the path, if any.
    pub date: Option<Date>,
    /// The outlet's article id, if any (`240451`, `rcna15123`).
    pub article_id: Option<String>,
    /// The slug, lowercased, without ids and dates, if any.
    pub slug: Option<String>,
}

impl UrlFacts {
    /// Reads the facts of a canonical URL.
    pub fn from_url(url: CanonicalUrl) -> UrlFacts {
        let domain = registrable_domain(url.host());
        UrlFacts::from_url_with_domain(url, domain)
    }

    /// The canonical host (`www.hngn.com`).
    pub fn host(&self) -> &str {
        self.canonical.host()
    }

    /// [`UrlFacts::from_url`] for a caller that already has the host's
    /// registrable domain, as [`registrable_domain`] gives it: the domain
    /// depends on the host alone, so a caller reading many URLs of few hosts
    /// can keep it per host instead of looking it up in the Public Suffix List
    /// each time.
    pub fn from_url_with_domain(url: CanonicalUrl, domain: Option<String>) -> UrlFacts {
        let path = PathFacts::read(&url);
        UrlFacts {
            canonical: url,
            domain,
            date: path.date,
            article_id: path.article_id,
            slug: path.slug,
        }
    }

    /// Canonicalizes `input`, then reads its facts.
    ///
    /// # Errors
    ///
    /// As [`canonicalize`].
    pub fn parse(input: &str) -> Result<UrlFacts, UrlError> {
        canonicalize(input).map(UrlFacts::from_url)
    }
}

impl Serialize for UrlFacts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Shape {
            canonical: self.canonical.as_str(),
            host: self.host(),
            domain: self.domain.as_deref(),
            date: self.date,
            article_id: self.article_id.as_deref(),
            slug: self.slug.as_deref(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for UrlFacts {
    /// Reads what [`Serialize`] writes. The `canonical` URL must be canonical
    /// already (it is canonicalized again, and must not change), and `host` must
    /// be its host: the facts cannot contradict their URL.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let shape = Shape::<Cow<'de, str>>::deserialize(deserializer)?;
        let canonical = canonicalize(&shape.canonical).map_err(D::Error::custom)?;
        if canonical.as_str() != shape.canonical {
            return Err(D::Error::custom(format_args!(
                "the URL `{}` is not canonical (its canonical form is `{canonical}`)",
                shape.canonical
            )));
        }
        if canonical.host() != shape.host {
            return Err(D::Error::custom(format_args!(
                "the host `{}` is not the host of `{canonical}`",
                shape.host
            )));
        }
        Ok(UrlFacts {
            canonical,
            domain: shape.domain.map(Into::into),
            date: shape.date,
            article_id: shape.article_id.map(Into::into),
            slug: shape.slug.map(Into::into),
        })
    }
}

/// The serde shape of [`UrlFacts`]: `S` is `&str` to write, a `Cow` to read.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Shape<S> {
    canonical: S,
    host: S,
    domain: Option<S>,
    date: Option<Date>,
    article_id: Option<S>,
    slug: Option<S>,
}

/// The registrable domain of `host`: its public suffix plus one label, by the
/// Public Suffix List built into the crate. The host is lowercased and a
/// trailing dot ignored.
///
/// `None` for IP addresses, for hosts that are themselves a public suffix
/// (`co.uk`), and for hosts whose suffix is not on the list (`localhost`).
///
/// ```
/// use dateline_links::facts::registrable_domain;
///
/// assert_eq!(registrable_domain("news.bbc.co.uk").as_deref(), Some("bbc.co.uk"));
/// assert_eq!(registrable_domain("www.abc.net.au").as_deref(), Some("abc.net.au"));
/// assert_eq!(registrable_domain("co.uk"), None);
/// assert_eq!(registrable_domain("127.0.0.1"), None);
/// ```
pub fn registrable_domain(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.');
    // A canonical host is lowercase already: copy only when it is not.
    let host: Cow<'_, str> = if host.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(host.to_ascii_lowercase())
    } else {
        Cow::Borrowed(host)
    };
    // An IP address has no registrable domain; dateline-core tells one from a name.
    if is_ip_address(&host) {
        return None;
    }
    let domain = psl::domain(host.as_bytes())?;
    if !domain.suffix().is_known() {
        return None;
    }
    let domain = std::str::from_utf8(domain.as_bytes()).ok()?;
    Some(domain.to_owned())
}

/// The path-derived facts.
struct PathFacts {
    date: Option<Date>,
    article_id: Option<String>,
    slug: Option<String>,
}

/// A decoded path segment, and whether a date or id rule consumed it. The text
/// is borrowed from the URL unless decoding changed it.
struct Segment<'u> {
    text: Cow<'u, str>,
    used: bool,
    is_date: bool,
}

/// The slug of a canonical URL's path, as [`UrlFacts::slug`] has it: what
/// the corpus reads again to check a URL slug key, rather than keep it.
pub(crate) fn path_slug(url: &CanonicalUrl) -> Option<String> {
    PathFacts::read(url).slug
}

impl PathFacts {
    fn read(url: &CanonicalUrl) -> PathFacts {
        let mut segments = read_segments(url.path());

        let mut date = segment_date(&mut segments);
        let mut article_id = url.query().and_then(query_id);
        if article_id.is_none() {
            article_id = segment_id(&mut segments);
        }

        // A slug follows a date given in whole segments.
        let first = if date.is_some() {
            segments
                .iter()
                .rposition(|s| s.used && s.is_date)
                .map_or(0, |i| i + 1)
        } else {
            0
        };
        let slug_segment = segments[first..]
            .iter()
            .rev()
            .find(|s| !s.used && is_slug_candidate(&s.text));
        let slug = slug_segment.and_then(|segment| {
            let (tokens, token_date, token_id) = slug_tokens(&segment.text, article_id.is_none());
            date = date.or(token_date);
            article_id = article_id.take().or(token_id);
            (!tokens.is_empty()).then(|| lowercase_join(&tokens))
        });

        PathFacts {
            date,
            article_id,
            slug,
        }
    }
}

/// The non-empty segments of a canonical `path`, percent-decoded, the last one
/// without its [extension](EXTENSIONS) (and gone if nothing else is left).
fn read_segments(path: &str) -> Vec<Segment<'_>> {
    // Canonical paths seldom hold an escape: one look for `%` in the whole
    // path spares a look in each segment (a segment without one decodes to
    // itself).
    let escaped = path.as_bytes().contains(&b'%');
    // Most article paths have fewer segments: one allocation, no regrowing.
    let mut segments: Vec<Segment<'_>> = Vec::with_capacity(8);
    for piece in pieces(path, |c| c == b'/') {
        segments.push(Segment {
            text: if escaped {
                percent::decode_lossy(piece)
            } else {
                Cow::Borrowed(piece)
            },
            used: false,
            is_date: false,
        });
    }
    if let Some(last) = segments.last_mut() {
        strip_extension(&mut last.text);
        if last.text.is_empty() {
            segments.pop();
        }
    }
    segments
}

/// The non-empty pieces of `text` between the ASCII bytes that `is_cut`
/// holds, left to right: `text.split(..).filter(|p| !p.is_empty())` by one
/// scan of the bytes, where `split` looks for each cut anew.
fn pieces(text: &str, is_cut: impl Fn(u8) -> bool) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            while at < bytes.len() && !is_cut(bytes[at]) {
                at += 1;
            }
            let end = at;
            // Past the cut (or the end).
            at += 1;
            if end > start {
                // The cuts are ASCII: both ends are character boundaries.
                return text.get(start..end);
            }
        }
        None
    })
}

/// `tokens` joined with `-` and lowercased (Unicode lowercase mapping).
fn lowercase_join(tokens: &[&str]) -> String {
    let len = tokens.iter().map(|t| t.len() + 1).sum::<usize>();
    let mut slug = String::with_capacity(len);
    for token in tokens {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(token);
    }
    // For ASCII text `to_lowercase` is ASCII lowercasing: done in place.
    if slug.is_ascii() {
        slug.make_ascii_lowercase();
        slug
    } else {
        slug.to_lowercase()
    }
}

/// The length of the longest of [`EXTENSIONS`].
const LONGEST_EXTENSION: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < EXTENSIONS.len() {
        if EXTENSIONS[i].len() > longest {
            longest = EXTENSIONS[i].len();
        }
        i += 1;
    }
    longest
};

/// Removes a known extension (see [`EXTENSIONS`]) from `segment`.
fn strip_extension(segment: &mut Cow<'_, str>) {
    // The extension is what follows the last `.`: when that dot is not among
    // the last bytes, the extension is too long to be known, so only they are
    // searched (not the whole slug).
    let bytes = segment.as_bytes();
    let tail = bytes.len().saturating_sub(LONGEST_EXTENSION + 1);
    let Some(dot) = bytes[tail..]
        .iter()
        .rposition(|&c| c == b'.')
        .map(|at| tail + at)
    else {
        return;
    };
    // `.` is ASCII: both cuts are at character boundaries.
    let ext = segment.get(dot + 1..).unwrap_or_default();
    if EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)) {
        match segment {
            Cow::Borrowed(text) => *text = &text[..dot],
            Cow::Owned(text) => text.truncate(dot),
        }
    }
}

/// Date rules 1 and 2 on whole segments. Marks the segments used.
fn segment_date(segments: &mut [Segment]) -> Option<Date> {
    for i in 0..segments.len().saturating_sub(2) {
        let date = ymd_segments(
            &segments[i].text,
            &segments[i + 1].text,
            &segments[i + 2].text,
        );
        if date.is_some() {
            for segment in &mut segments[i..i + 3] {
                segment.used = true;
                segment.is_date = true;
            }
            return date;
        }
    }
    let mut found = None;
    for segment in segments.iter_mut() {
        if let Some(date) = whole_segment_date(&segment.text) {
            segment.used = true;
            segment.is_date = true;
            found = found.or(Some(date));
        }
    }
    found
}

/// Date rule 1: `2022/02/07`, `2022/2/7`, `2022/feb/07`.
fn ymd_segments(year: &str, month: &str, day: &str) -> Option<Date> {
    let year = year_of(year)?;
    let month = small_number(month).or_else(|| {
        // The names are lowercase: this is comparing `month` lowercased.
        MONTHS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(month))
            .map(|&(_, n)| n)
    })?;
    Date::new(year, month, small_number(day)?)
}

/// Date rule 2: a whole segment `20220207` or `2022-02-07`.
///
/// The digits are read here rather than by `Date`'s `FromStr` (which
/// accepts exactly these two shapes): it builds a string per call, and one
/// more for the error, while most segments and slug tokens of eight or ten
/// bytes (`politics`, `business`) are no date at all.
fn whole_segment_date(segment: &str) -> Option<Date> {
    let b = segment.as_bytes();
    let digit = |i: usize| b.get(i).filter(|d| d.is_ascii_digit()).map(|d| d - b'0');
    let number = |at: &[usize]| {
        at.iter()
            .try_fold(0u16, |n, &i| Some(n * 10 + u16::from(digit(i)?)))
    };
    let (year, month, day) = match b.len() {
        8 => (number(&[0, 1, 2, 3])?, number(&[4, 5])?, number(&[6, 7])?),
        10 if b[4] == b'-' && b[7] == b'-' => {
            (number(&[0, 1, 2, 3])?, number(&[5, 6])?, number(&[8, 9])?)
        }
        _ => return None,
    };
    // Two digits always fit in a `u8`.
    let date = Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)?;
    YEARS.contains(&date.year()).then_some(date)
}

/// A four-digit year within [`YEARS`].
fn year_of(s: &str) -> Option<u16> {
    if s.len() != 4 || !all_digits(s) {
        return None;
    }
    s.parse().ok().filter(|y| YEARS.contains(y))
}

/// A one- or two-digit number.
fn small_number(s: &str) -> Option<u8> {
    if (1..=2).contains(&s.len()) && all_digits(s) {
        s.parse().ok()
    } else {
        None
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn digit_count(s: &str) -> usize {
    s.bytes().filter(u8::is_ascii_digit).count()
}

/// Article id rule 1: an id in the query.
fn query_id(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        // The names are lowercase ASCII: comparing ignoring ASCII case is
        // comparing the key lowercased, without the copy.
        let key = percent::decode_lossy(key);
        let value = percent::decode_lossy(value);
        let plausible = !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && digit_count(&value) > 0;
        let is_id = (ID_PARAMETERS.iter().any(|p| p.eq_ignore_ascii_case(&key)) && plausible)
            || (key.eq_ignore_ascii_case("p") && all_digits(&value));
        is_id.then(|| value.into_owned())
    })
}

/// Article id rules 2-4 on whole segments. Marks the segments used.
fn segment_id(segments: &mut [Segment]) -> Option<String> {
    // Rule 2: marker then id.
    for i in 0..segments.len().saturating_sub(1) {
        let marker = &segments[i].text;
        let next = &segments[i + 1];
        if ID_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(marker))
            && !next.used
            && is_marked_id(&next.text)
        {
            let id = next.text.clone().into_owned();
            segments[i].used = true;
            segments[i + 1].used = true;
            return Some(id);
        }
    }
    // Rule 3: `article-NNNN`.
    for segment in segments.iter_mut().filter(|s| !s.used) {
        let text = &*segment.text;
        let digits = strip_prefix_ignore_ascii_case(text, "article-")
            .or_else(|| strip_prefix_ignore_ascii_case(text, "article"));
        if let Some(digits) = digits.filter(|d| d.len() >= 4 && all_digits(d)) {
            let id = digits.to_owned();
            segment.used = true;
            return Some(id);
        }
    }
    // Rule 4: the last id segment.
    let segment = segments
        .iter_mut()
        .rev()
        .find(|s| !s.used && is_id_segment(&s.text))?;
    segment.used = true;
    Some(segment.text.clone().into_owned())
}

/// `s` without `prefix` (ASCII, lowercase), compared ignoring ASCII case: what
/// `s.to_ascii_lowercase().strip_prefix(prefix)` gives, without the copy
/// (ASCII lowercasing keeps every byte offset).
fn strip_prefix_ignore_ascii_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Does a segment after an id marker look like an id? Letters and digits with
/// at least four digits, or an id segment.
fn is_marked_id(s: &str) -> bool {
    (s.bytes().all(|b| b.is_ascii_alphanumeric()) && digit_count(s) >= 4) || is_id_segment(s)
}

/// Article id rule 4: a segment that is an id on its own.
fn is_id_segment(s: &str) -> bool {
    // Every id shape ends in a hexadecimal digit, and most segments are words
    // that do not: their last byte settles them.
    s.as_bytes().last().is_some_and(u8::is_ascii_hexdigit) && is_id_shape(s)
}

/// The shapes of [`is_id_segment`], each tested in full.
fn is_id_shape(s: &str) -> bool {
    (all_digits(s) && s.len() >= 5) || is_letters_then_digits(s, true) || is_hex_id(s) || is_uuid(s)
}

/// One to four ASCII letters, an optional `-` if `allow_dash`, then five or
/// more digits: `a-60680123`, `rcna15123`, `b2009876`.
fn is_letters_then_digits(s: &str, allow_dash: bool) -> bool {
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = &s[letters..];
    let rest = if allow_dash {
        rest.strip_prefix('-').unwrap_or(rest)
    } else {
        rest
    };
    (1..=4).contains(&letters) && rest.len() >= 5 && all_digits(rest)
}

/// A hexadecimal string of 16 or more characters with at least one digit.
fn is_hex_id(s: &str) -> bool {
    s.len() >= 16 && s.bytes().all(|b| b.is_ascii_hexdigit()) && digit_count(s) > 0
}

/// A UUID: hex groups of 8-4-4-4-12.
///
/// Checked byte by byte (dashes at 8, 13, 18 and 23, hex digits elsewhere)
/// rather than by splitting into a vector: every path segment is tested.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Is `b` one of the bytes that split a segment into slug tokens: `-`, `_`,
/// `+` or a space?
fn is_token_separator(b: u8) -> bool {
    /// `SEPARATOR[b]` for each separator `b`: one load a byte, where the four
    /// comparisons cost more on every byte of every slug.
    const SEPARATOR: [bool; 256] = {
        let mut table = [false; 256];
        table[b'-' as usize] = true;
        table[b'_' as usize] = true;
        table[b'+' as usize] = true;
        table[b' ' as usize] = true;
        table
    };
    SEPARATOR[usize::from(b)]
}

/// Splits a segment into slug tokens.
fn tokens_of(segment: &str) -> Vec<&str> {
    // Most slugs have fewer tokens: one allocation, no regrowing.
    let mut tokens = Vec::with_capacity(16);
    tokens.extend(token_iter(segment));
    tokens
}

/// The slug tokens of a segment, lazily: the non-empty pieces between `-`,
/// `_`, `+` and spaces.
fn token_iter(segment: &str) -> impl Iterator<Item = &str> {
    pieces(segment, is_token_separator)
}

/// Could this segment be a slug: not an id segment, not in [`NOT_SLUGS`], two
/// or more tokens, and a letter?
fn is_slug_candidate(segment: &str) -> bool {
    !is_id_segment(segment)
        && !NOT_SLUGS.iter().any(|n| n.eq_ignore_ascii_case(segment))
        && has_two_tokens(segment)
        && segment.chars().any(char::is_alphabetic)
}

/// `tokens_of(segment).len() >= 2`, without collecting the tokens.
fn has_two_tokens(segment: &str) -> bool {
    token_iter(segment).nth(1).is_some()
}

/// Date rule 3 and article id rule 5 inside the slug segment. Returns the
/// remaining tokens, and the date and id found. Ids are only looked for when
/// `want_id`.
fn slug_tokens(segment: &str, want_id: bool) -> (Vec<&str>, Option<Date>, Option<String>) {
    let mut id = None;
    // HuffPost: `slug_n_<hex id>`.
    let mut text = segment;
    if want_id && let Some((slug, huff)) = huffpost_cut(segment) {
        id = Some(huff.to_owned());
        text = slug;
    }
    let mut tokens: Vec<&str> = tokens_of(text);

    // Date rule 3. The tokens left of `i` stay as they are, so the tokens
    // from `i` on are those of the segment from `read` on: the kept ones are
    // moved down to `i` rather than the date tokens removed.
    let mut date = None;
    let (mut i, mut read) = (0, 0);
    while read < tokens.len() {
        let token = tokens[read];
        // The length first: most tokens are no date, and both rules take
        // tokens of one length only.
        if token.len() == 4
            && let Some(d) = tokens
                .get(read..read + 3)
                .and_then(|t| ymd_segments(t[0], t[1], t[2]))
        {
            date = date.or(Some(d));
            read += 3;
        } else if token.len() == 8
            && let Some(d) = whole_segment_date(token)
        {
            date = date.or(Some(d));
            read += 1;
        } else {
            tokens[i] = token;
            i += 1;
            read += 1;
        }
    }
    tokens.truncate(i);

    // Article id rule 5.
    if want_id && id.is_none() {
        if let Some(last) = tokens.last().copied().filter(|t| is_trailing_id(t)) {
            id = Some(last.to_owned());
            tokens.pop();
        } else if tokens.len() >= 2 && tokens[0].len() >= 5 && all_digits(tokens[0]) {
            id = Some(tokens.remove(0).to_owned());
        }
    }

    if tokens.len() >= 2 && tokens[0].eq_ignore_ascii_case("article") {
        tokens.remove(0);
    }
    (tokens, date, id)
}

/// HuffPost's `slug_n_<id>` cut into the slug and the id: what
/// `segment.rsplit_once("_n_")` gives when the id is eight or more ASCII
/// letters and digits, else `None`.
///
/// Such an id is the run of letters and digits that ends the segment (the `_`
/// before it is neither), so the run is found from the end and the `_n_`
/// looked for just before it: no search of the whole segment, which is
/// nearly always a slug without `_n_`.
fn huffpost_cut(segment: &str) -> Option<(&str, &str)> {
    let bytes = segment.as_bytes();
    let run = bytes
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let id_start = bytes.len() - run;
    if run < 8 || !bytes[..id_start].ends_with(b"_n_") {
        return None;
    }
    // `_` is ASCII: both cuts are at character boundaries.
    Some((segment.get(..id_start - 3)?, segment.get(id_start..)?))
}

/// Article id rule 5, last token.
fn is_trailing_id(t: &str) -> bool {
    (all_digits(t) && t.len() >= 5)
        || is_letters_then_digits(t, false)
        || is_hex_id(t)
        || t.split_once('.').is_some_and(|(a, b)| {
            (1..=2).contains(&a.len()) && all_digits(a) && b.len() >= 5 && all_digits(b)
        })
        || t.strip_prefix("id").is_some_and(|rest| {
            rest.len() >= 7
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && rest.bytes().take(2).all(|b| b.is_ascii_uppercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts of `url`, as `(registrable domain, date, id, slug)`.
    fn facts(
        url: &str,
    ) -> (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) {
        match UrlFacts::parse(url) {
            Ok(f) => (
                f.domain,
                f.date.map(|d| d.to_string()),
                f.article_id,
                f.slug,
            ),
            Err(e) => panic!("{url}: {e}"),
        }
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[track_caller]
    fn check(url: &str, domain: &str, date: Option<&str>, id: Option<&str>, slug: Option<&str>) {
        assert_eq!(
            facts(url),
            (
                s(domain),
                date.map(str::to_owned),
                id.map(str::to_owned),
                slug.map(str::to_owned)
            ),
            "{url}"
        );
    }

    /// The UUID test as first written, splitting into groups.
    fn is_uuid_by_groups(s: &str) -> bool {
        let groups: Vec<&str> = s.split('-').collect();
        groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    #[test]
    fn facts_with_a_given_domain_are_the_facts() -> Result<(), UrlError> {
        for input in [
            "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm",
            "http://127.0.0.1/a-b",
            "https://news.bbc.co.uk/2/hi/europe/7424123.stm",
        ] {
            let url = canonicalize(input)?;
            assert_eq!(
                UrlFacts::from_url_with_domain(url.clone(), registrable_domain(url.host())),
                UrlFacts::from_url(url)
            );
        }
        Ok(())
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("00000180-1234-abcd-a1b2-c3d4e5f6a7b8"));
        assert!(!is_uuid("00000180-1234-abcd-a1b2-c3d4e5f6a7b"));
        assert!(!is_uuid("00000180-1234-abcd-a1b2c-3d4e5f6a7b8"));
        assert!(!is_uuid("00000180-1234-abcd-a1b2-c3d4e5f6a7bg"));
        assert!(!is_uuid("00000180-1234-abcd-a1b2-c3d4e5f6a7b8-"));
    }

    /// The path facts as first written: each segment split off and decoded on
    /// its own, the extension found by `rsplit_once`, the slug tokens removed
    /// one by one, the HuffPost id cut by `rsplit_once`, and the slug joined
    /// then lowercased. The rules themselves are the module's.
    fn path_facts_as_first_written(url: &CanonicalUrl) -> PathFacts {
        let mut segments: Vec<Segment<'_>> = url
            .path()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| Segment {
                text: percent::decode_lossy(s),
                used: false,
                is_date: false,
            })
            .collect();
        if let Some(last) = segments.last_mut() {
            if let Some((stem, ext)) = last.text.rsplit_once('.')
                && EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext))
            {
                last.text = Cow::Owned(stem.to_owned());
            }
            if last.text.is_empty() {
                segments.pop();
            }
        }
        let mut date = segment_date(&mut segments);
        let mut article_id = url.query().and_then(query_id);
        if article_id.is_none() {
            article_id = segment_id(&mut segments);
        }
        let first = if date.is_some() {
            segments
                .iter()
                .rposition(|s| s.used && s.is_date)
                .map_or(0, |i| i + 1)
        } else {
            0
        };
        let slug_segment = segments[first..]
            .iter()
            .rev()
            .find(|s| !s.used && is_slug_candidate(&s.text));
        let slug = slug_segment.and_then(|segment| {
            let want_id = article_id.is_none();
            let mut id = None;
            let mut text: &str = &segment.text;
            if want_id
                && let Some((slug, huff)) = text.rsplit_once("_n_")
                && huff.len() >= 8
                && huff.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                id = Some(huff.to_owned());
                text = slug;
            }
            let mut tokens: Vec<&str> = text
                .split(['-', '_', '+', ' '])
                .filter(|t| !t.is_empty())
                .collect();
            let mut token_date = None;
            let mut i = 0;
            while i < tokens.len() {
                let three = tokens.get(i..i + 3);
                if let Some(d) = three.and_then(|t| ymd_segments(t[0], t[1], t[2])) {
                    token_date = token_date.or(Some(d));
                    tokens.drain(i..i + 3);
                } else if let Some(d) =
                    whole_segment_date(tokens[i]).filter(|_| tokens[i].len() == 8)
                {
                    token_date = token_date.or(Some(d));
                    tokens.remove(i);
                } else {
                    i += 1;
                }
            }
            if want_id && id.is_none() {
                if let Some(last) = tokens.last().copied().filter(|t| is_trailing_id(t)) {
                    id = Some(last.to_owned());
                    tokens.pop();
                } else if tokens.len() >= 2 && tokens[0].len() >= 5 && all_digits(tokens[0]) {
                    id = Some(tokens.remove(0).to_owned());
                }
            }
            if tokens.len() >= 2 && tokens[0].eq_ignore_ascii_case("article") {
                tokens.remove(0);
            }
            date = date.or(token_date);
            article_id = article_id.take().or(id);
            (!tokens.is_empty()).then(|| tokens.join("-").to_lowercase())
        });
        PathFacts {
            date,
            article_id,
            slug,
        }
    }

    /// Paths of the shapes the rules read: sections, dates in segments and in
    /// slugs, ids of every kind, extensions, escapes and odd bytes.
    fn path_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let token = prop_oneof![
            "[a-zA-Z]{1,9}",
            "(19|20)[0-9]{2}",
            "[0-9]{1,2}",
            "(19|20)[0-9]{2}[01][0-9][0-3][0-9]",
            "[0-9]{5,10}",
            "[a-z]{1,4}[0-9]{5,8}",
            "[0-9a-f]{16,24}",
            "id[A-Z0-9]{7,10}",
            "[0-9]\\.[0-9]{5,7}",
            "(article|Article|articles|story|view|id|n|feb|Sept|ty)",
            "%[0-9a-fA-F]{2}|%|é|Σ",
            "[a-z0-9.%_+ -]{0,6}",
        ];
        let separator = "[-_+/]|_n_|--|//";
        let piece = (token, separator).prop_map(|(t, s)| t + &s);
        let extension = prop_oneof!["", "\\.(html|HTM|shtml|cms|php|xhtml|jpg)", "\\.", "/"];
        (
            proptest::collection::vec(piece, 0..12),
            "[a-z0-9-]{0,12}",
            extension,
        )
            .prop_map(|(pieces, last, ext)| format!("/{}{last}{ext}", pieces.concat()))
    }

    proptest::proptest! {
        #[test]
        fn is_uuid_agrees_with_splitting(
            s in "[0-9a-fA-Fg-]{30,40}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-fx]{4}-[0-9a-f-]{4,5}-[0-9a-f]{11,13}"
        ) {
            proptest::prop_assert_eq!(is_uuid(&s), is_uuid_by_groups(&s));
        }

        #[test]
        fn the_article_prefix_agrees_with_lowercasing(s in "(?i)(article|articl|-|[0-9]{1,5}|é){0,4}") {
            let lower = s.to_ascii_lowercase();
            for prefix in ["article-", "article"] {
                // The same rest, up to ASCII case (rule 3 only takes digits).
                proptest::prop_assert_eq!(
                    strip_prefix_ignore_ascii_case(&s, prefix).map(str::to_ascii_lowercase),
                    lower.strip_prefix(prefix).map(str::to_owned)
                );
            }
        }

        #[test]
        fn tokens_are_split_on_the_separators(segment in "[a-zé_+ -]{0,16}") {
            let by_split: Vec<&str> = segment
                .split(['-', '_', '+', ' '])
                .filter(|t| !t.is_empty())
                .collect();
            proptest::prop_assert_eq!(tokens_of(&segment), by_split.clone());
            proptest::prop_assert_eq!(has_two_tokens(&segment), by_split.len() >= 2);
        }

        #[test]
        fn whole_segment_dates_agree_with_parsing(
            segment in "[0-9]{8}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9a-z-]{8,10}|(19|20)[0-9]{2}-?[01][0-9]-?[0-3][0-9]"
        ) {
            let parsed = match segment.len() {
                8 => Date::from_compact(&segment),
                10 => segment.parse::<Date>().ok(),
                _ => None,
            };
            let parsed = parsed.filter(|d| YEARS.contains(&d.year()));
            proptest::prop_assert_eq!(whole_segment_date(&segment), parsed);
        }

        #[test]
        fn the_huffpost_cut_is_rsplit_once(segment in "([a-z_né]|_n_|[0-9a-f]{4,9}){0,8}") {
            let by_rsplit = segment.rsplit_once("_n_").filter(|(_, id)| {
                id.len() >= 8 && id.bytes().all(|b| b.is_ascii_alphanumeric())
            });
            proptest::prop_assert_eq!(huffpost_cut(&segment), by_rsplit);
        }

        #[test]
        fn path_facts_agree_with_the_first_reading(
            path in path_like(),
            query in "(\\?(id|p|x|storyId)=[a-z0-9%-]{0,8})?"
        ) {
            let Ok(url) = canonicalize(&format!("https://example.com{path}{query}")) else {
                return Ok(());
            };
            let fast = PathFacts::read(&url);
            let first = path_facts_as_first_written(&url);
            proptest::prop_assert_eq!(
                (fast.date, fast.article_id, fast.slug),
                (first.date, first.article_id, first.slug),
                "{}", url
            );
        }

        #[test]
        fn path_facts_agree_with_the_first_reading_on_any_path(path in "/\\PC{0,60}") {
            let Ok(url) = canonicalize(&format!("https://example.com{path}")) else {
                return Ok(());
            };
            let fast = PathFacts::read(&url);
            let first = path_facts_as_first_written(&url);
            proptest::prop_assert_eq!(
                (fast.date, fast.article_id, fast.slug),
                (first.date, first.article_id, first.slug),
                "{}", url
            );
        }

        #[test]
        fn the_last_byte_settles_only_what_is_no_id(
            s in "[a-z]{0,5}-?[0-9a-fA-F]{0,20}[g-z-]?|[0-9a-f-]{30,40}|\\PC{0,12}"
        ) {
            proptest::prop_assert_eq!(is_id_segment(&s), is_id_shape(&s));
        }

        #[test]
        fn lowercase_join_is_join_then_lowercase(
            tokens in proptest::collection::vec("[a-zA-Z0-9ÉΣσßİ]{1,5}", 0..5)
        ) {
            let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(lowercase_join(&tokens), tokens.join("-").to_lowercase());
        }
    }

    #[test]
    fn hngn() {
        check(
            "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm",
            "hngn.com",
            Some("2022-02-07"),
            Some("240451"),
            Some("macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions"),
        );
    }

    #[test]
    fn bbc() {
        check(
            "https://www.bbc.co.uk/news/world-europe-60312345",
            "bbc.co.uk",
            None,
            Some("60312345"),
            Some("world-europe"),
        );
        check(
            "https://www.bbc.com/news/world-us-canada-60304570?at_medium=RSS",
            "bbc.com",
            None,
            Some("60304570"),
            Some("world-us-canada"),
        );
        check(
            "https://news.bbc.co.uk/2/hi/europe/7424123.stm",
            "bbc.co.uk",
            None,
            Some("7424123"),
            None,
        );
    }

    #[test]
    fn reuters() {
        check(
            "https://www.reuters.com/world/europe/macron-says-he-got-assurances-putin-2022-02-08/",
            "reuters.com",
            Some("2022-02-08"),
            None,
            Some("macron-says-he-got-assurances-putin"),
        );
        check(
            "https://www.reuters.com/article/us-ukraine-crisis-france-idUSKBN2KC0XX",
            "reuters.com",
            None,
            Some("idUSKBN2KC0XX"),
            Some("us-ukraine-crisis-france"),
        );
    }

    #[test]
    fn new_york_times() {
        check(
            "https://www.nytimes.com/2022/02/07/world/europe/macron-putin-russia-ukraine.html?smid=tw-share",
            "nytimes.com",
            Some("2022-02-07"),
            None,
            Some("macron-putin-russia-ukraine"),
        );
    }

    #[test]
    fn washington_post() {
        check(
            "https://www.washingtonpost.com/world/2022/02/07/macron-putin-ukraine-moscow/",
            "washingtonpost.com",
            Some("2022-02-07"),
            None,
            Some("macron-putin-ukraine-moscow"),
        );
    }

    #[test]
    fn guardian() {
        check(
            "https://www.theguardian.com/world/2022/feb/07/emmanuel-macron-vladimir-putin-talks-ukraine",
            "theguardian.com",
            Some("2022-02-07"),
            None,
            Some("emmanuel-macron-vladimir-putin-talks-ukraine"),
        );
    }

    #[test]
    fn cnn() {
        check(
            "https://edition.cnn.com/2022/02/07/europe/macron-putin-meeting-ukraine-intl/index.html",
            "cnn.com",
            Some("2022-02-07"),
            None,
            Some("macron-putin-meeting-ukraine-intl"),
        );
    }

    #[test]
    fn ap_news() {
        check(
            "https://apnews.com/article/russia-ukraine-emmanuel-macron-vladimir-putin-europe-moscow-8d4a7e3b6f2c9d0e1a2b3c4d5e6f7a8b",
            "apnews.com",
            None,
            Some("8d4a7e3b6f2c9d0e1a2b3c4d5e6f7a8b"),
            Some("russia-ukraine-emmanuel-macron-vladimir-putin-europe-moscow"),
        );
        check(
            "https://apnews.com/8d4a7e3b6f2c9d0e1a2b3c4d5e6f7a8b",
            "apnews.com",
            None,
            Some("8d4a7e3b6f2c9d0e1a2b3c4d5e6f7a8b"),
            None,
        );
    }

    #[test]
    fn al_jazeera() {
        check(
            "https://www.aljazeera.com/news/2022/2/7/frances-macron-heads-to-moscow-for-talks-with-putin",
            "aljazeera.com",
            Some("2022-02-07"),
            None,
            Some("frances-macron-heads-to-moscow-for-talks-with-putin"),
        );
    }

    #[test]
    fn fox_news_and_cbs_news_have_neither_date_nor_id() {
        check(
            "https://www.foxnews.com/world/macron-putin-ukraine-talks-moscow",
            "foxnews.com",
            None,
            None,
            Some("macron-putin-ukraine-talks-moscow"),
        );
        check(
            "https://www.cbsnews.com/news/macron-putin-meeting-ukraine-russia/",
            "cbsnews.com",
            None,
            None,
            Some("macron-putin-meeting-ukraine-russia"),
        );
    }

    #[test]
    fn nbc_news() {
        check(
            "https://www.nbcnews.com/news/world/macron-meet-putin-moscow-ukraine-crisis-rcna15123",
            "nbcnews.com",
            None,
            Some("rcna15123"),
            Some("macron-meet-putin-moscow-ukraine-crisis"),
        );
        check(
            "https://www.nbcnews.com/politics/national-security/biden-israel-visit-n1287654",
            "nbcnews.com",
            None,
            Some("n1287654"),
            Some("biden-israel-visit"),
        );
    }

    #[test]
    fn bloomberg() {
        check(
            "https://www.bloomberg.com/news/articles/2022-02-07/macron-heads-to-moscow-to-test-putin-s-appetite-for-diplomacy",
            "bloomberg.com",
            Some("2022-02-07"),
            None,
            Some("macron-heads-to-moscow-to-test-putin-s-appetite-for-diplomacy"),
        );
    }

    #[test]
    fn the_hill() {
        check(
            "https://thehill.com/policy/international/593123-macron-to-meet-with-putin-in-moscow",
            "thehill.com",
            None,
            Some("593123"),
            Some("macron-to-meet-with-putin-in-moscow"),
        );
    }

    #[test]
    fn politico() {
        check(
            "https://www.politico.com/news/2022/02/07/macron-putin-ukraine-00006123",
            "politico.com",
            Some("2022-02-07"),
            Some("00006123"),
            Some("macron-putin-ukraine"),
        );
        check(
            "https://www.politico.eu/article/emmanuel-macron-vladimir-putin-talks-moscow/",
            "politico.eu",
            None,
            None,
            Some("emmanuel-macron-vladimir-putin-talks-moscow"),
        );
    }

    #[test]
    fn npr() {
        check(
            "https://www.npr.org/2022/02/07/1078913513/macron-putin-ukraine-russia",
            "npr.org",
            Some("2022-02-07"),
            Some("1078913513"),
            Some("macron-putin-ukraine-russia"),
        );
    }

    #[test]
    fn abc_news() {
        check(
            "https://abcnews.go.com/International/wireStory/frances-macron-heads-moscow-talks-putin-82709835",
            "go.com",
            None,
            Some("82709835"),
            Some("frances-macron-heads-moscow-talks-putin"),
        );
        check(
            "https://abcnews.go.com/Politics/biden-visit-israel-bennett-invitation/story?id=82709836",
            "go.com",
            None,
            Some("82709836"),
            Some("biden-visit-israel-bennett-invitation"),
        );
    }

    #[test]
    fn independent() {
        check(
            "https://www.independent.co.uk/news/world/europe/macron-putin-ukraine-russia-b2009876.html",
            "independent.co.uk",
            None,
            Some("b2009876"),
            Some("macron-putin-ukraine-russia"),
        );
    }

    #[test]
    fn daily_mail() {
        check(
            "https://www.dailymail.co.uk/news/article-10487123/Macron-meets-Putin-Moscow-Ukraine.html",
            "dailymail.co.uk",
            None,
            Some("10487123"),
            Some("macron-meets-putin-moscow-ukraine"),
        );
    }

    #[test]
    fn sky_news_and_dw() {
        check(
            "https://news.sky.com/story/macron-to-meet-putin-in-moscow-12535123",
            "sky.com",
            None,
            Some("12535123"),
            Some("macron-to-meet-putin-in-moscow"),
        );
        check(
            "https://www.dw.com/en/macron-heads-to-moscow-for-talks-with-putin/a-60680123",
            "dw.com",
            None,
            Some("a-60680123"),
            Some("macron-heads-to-moscow-for-talks-with-putin"),
        );
    }

    #[test]
    fn france_24_and_cbc() {
        check(
            "https://www.france24.com/en/europe/20220207-macron-heads-to-moscow-to-meet-putin",
            "france24.com",
            Some("2022-02-07"),
            None,
            Some("macron-heads-to-moscow-to-meet-putin"),
        );
        check(
            "https://www.cbc.ca/news/world/macron-putin-ukraine-1.6342123",
            "cbc.ca",
            None,
            Some("1.6342123"),
            Some("macron-putin-ukraine"),
        );
    }

    #[test]
    fn asian_outlets() {
        check(
            "https://timesofindia.indiatimes.com/world/europe/macron-meets-putin/articleshow/89412345.cms",
            "indiatimes.com",
            None,
            Some("89412345"),
            Some("macron-meets-putin"),
        );
        check(
            "https://www.hindustantimes.com/world-news/macron-putin-talks-101644212345678.html",
            "hindustantimes.com",
            None,
            Some("101644212345678"),
            Some("macron-putin-talks"),
        );
        check(
            "https://www.scmp.com/news/world/europe/article/3166123/macron-meets-putin-moscow",
            "scmp.com",
            None,
            Some("3166123"),
            Some("macron-meets-putin-moscow"),
        );
        check(
            "https://en.yna.co.kr/view/AEN20220207000351315",
            "yna.co.kr",
            None,
            Some("AEN20220207000351315"),
            None,
        );
        check(
            "http://english.news.cn/20220207/a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6/c.html",
            "news.cn",
            Some("2022-02-07"),
            Some("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"),
            None,
        );
    }

    #[test]
    fn abc_australia_and_la_times() {
        check(
            "https://www.abc.net.au/news/2022-02-08/macron-putin-talks-ukraine/100812345",
            "abc.net.au",
            Some("2022-02-08"),
            Some("100812345"),
            Some("macron-putin-talks-ukraine"),
        );
        check(
            "https://www.latimes.com/world-nation/story/2022-02-07/macron-putin-ukraine",
            "latimes.com",
            Some("2022-02-07"),
            None,
            Some("macron-putin-ukraine"),
        );
    }

    #[test]
    fn magazines() {
        check(
            "https://time.com/6146123/macron-putin-ukraine/",
            "time.com",
            None,
            Some("6146123"),
            Some("macron-putin-ukraine"),
        );
        check(
            "https://www.newsweek.com/macron-putin-ukraine-talks-1677123",
            "newsweek.com",
            None,
            Some("1677123"),
            Some("macron-putin-ukraine-talks"),
        );
        check(
            "https://www.theatlantic.com/international/archive/2022/02/macron-putin-ukraine/621234/",
            "theatlantic.com",
            None,
            Some("621234"),
            Some("macron-putin-ukraine"),
        );
        check(
            "https://www.theverge.com/2022/2/7/22922123/meta-europe-facebook-instagram",
            "theverge.com",
            Some("2022-02-07"),
            Some("22922123"),
            Some("meta-europe-facebook-instagram"),
        );
        check(
            "https://www.usatoday.com/story/news/world/2022/02/07/macron-putin-talks-ukraine/6689123001/",
            "usatoday.com",
            Some("2022-02-07"),
            Some("6689123001"),
            Some("macron-putin-talks-ukraine"),
        );
    }

    #[test]
    fn huffpost_and_globe_and_mail() {
        check(
            "https://www.huffpost.com/entry/macron-putin-ukraine_n_62014f8ee4b0c3b8c4f5a6b7",
            "huffpost.com",
            None,
            Some("62014f8ee4b0c3b8c4f5a6b7"),
            Some("macron-putin-ukraine"),
        );
        check(
            "https://www.theglobeandmail.com/world/article-macron-heads-to-moscow-for-talks/",
            "theglobeandmail.com",
            None,
            None,
            Some("macron-heads-to-moscow-for-talks"),
        );
    }

    #[test]
    fn wire_services() {
        check(
            "https://tass.com/politics/1398123",
            "tass.com",
            None,
            Some("1398123"),
            None,
        );
        check(
            "https://www.jpost.com/international/article-695123",
            "jpost.com",
            None,
            Some("695123"),
            None,
        );
        check(
            "https://www.haaretz.com/world-news/2022-02-07/ty-article/.premium/00000180-1234-abcd-a1b2-c3d4e5f6a7b8",
            "haaretz.com",
            Some("2022-02-07"),
            Some("00000180-1234-abcd-a1b2-c3d4e5f6a7b8"),
            None,
        );
    }

    #[test]
    fn only_full_valid_dates_count() {
        // Year and month only.
        assert_eq!(
            facts("https://arstechnica.com/tech-policy/2022/02/some-story/").1,
            None
        );
        // Not a calendar date.
        assert_eq!(facts("https://example.com/2022/02/30/some-story/").1, None);
        assert_eq!(facts("https://example.com/20220230/some-story/").1, None);
        // Year out of range.
        assert_eq!(facts("https://example.com/1888/02/03/some-story/").1, None);
        // Three numbers that are not a date.
        assert_eq!(
            facts("https://example.com/2022/02/1234567/some-story/").1,
            None
        );
        // Business Insider's `-2022-2` dedupe suffix is no date.
        assert_eq!(
            facts("https://www.businessinsider.com/macron-putin-ukraine-2022-2").1,
            None
        );
        // Month names.
        assert_eq!(
            facts("https://example.com/2022/sept/7/a-b").1,
            s("2022-09-07")
        );
        assert_eq!(
            facts("https://example.com/2022/Feb/07/a-b").1,
            s("2022-02-07")
        );
    }

    #[test]
    fn query_ids() {
        assert_eq!(facts("https://example.com/?p=123").2, s("123"));
        assert_eq!(facts("https://example.com/?p=abc").2, None);
        assert_eq!(
            facts("https://example.com/news?articleId=A12&x=1").2,
            s("A12")
        );
        assert_eq!(facts("https://example.com/news?id=abc").2, None);
        assert_eq!(facts("https://example.com/news?id=a%20b1").2, None);
    }

    #[test]
    fn small_numbers_in_slugs_are_not_ids() {
        check(
            "https://example.com/news/biden-turns-80-covid-19",
            "example.com",
            None,
            None,
            Some("biden-turns-80-covid-19"),
        );
    }

    #[test]
    fn hosts_without_registrable_domain() {
        let f = UrlFacts::parse("http://127.0.0.1/a-b").ok();
        assert_eq!(
            f.map(|f| (f.host().to_owned(), f.domain)),
            Some(("127.0.0.1".into(), None))
        );
        assert_eq!(registrable_domain("localhost"), None);
        assert_eq!(registrable_domain("[::1]"), None);
        assert_eq!(registrable_domain("com"), None);
        assert_eq!(
            registrable_domain("News.BBC.co.uk.").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            registrable_domain("xn--bcher-kva.de").as_deref(),
            Some("xn--bcher-kva.de")
        );
    }

    #[test]
    fn percent_encoded_slugs_are_decoded() {
        assert_eq!(
            facts("https://example.com/news/caf%C3%A9-culture").3,
            s("café-culture")
        );
    }

    #[test]
    fn root_url_has_no_path_facts() {
        assert_eq!(
            facts("https://www.bbc.com/"),
            (s("bbc.com"), None, None, None)
        );
    }
}
