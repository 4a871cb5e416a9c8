//! URL canonicalization: one spelling per article URL, and a looser *match key*.
//!
//! The same article is linked in many spellings: `HTTP://WWW.BBC.CO.UK:80/news/x?utm_source=tw#top`
//! and `http://www.bbc.co.uk/news/x` are the same page. [`canonicalize`] turns
//! any of them into one [`CanonicalUrl`], and [`CanonicalUrl::match_key`] goes
//! further, to a key that also equates `http`/`https`, `www.`/no `www.` and a
//! trailing slash.
//!
//! # The canonical form
//!
//! [`canonicalize`] parses with the WHATWG URL rules (the [`url`] crate), which
//! already lowercase the scheme and host, convert internationalised host names
//! to punycode (IDNA), resolve `.`/`..` path segments and drop the scheme's
//! default port. It then applies these rules, in this order:
//!
//! 1. **Web URLs only, as dateline-core reads them.** Surrounding whitespace is
//!    trimmed. A scheme-less `//host/path` and a bare `www.bbc.com/news/x` (a
//!    host name whose public suffix is known, then a path) are read as
//!    `http://…`, since scraped text often drops the scheme. Then the URL must
//!    follow [the rule of dateline-core](dateline_core::url#the-rule) for a
//!    source URL: `http` or `https` ([`UrlError::UnsupportedScheme`]
//!    otherwise), `//`, a host ([`UrlError::MissingHost`] when there is none),
//!    an optional port, and no credentials, whitespace, control character or
//!    `\` ([`UrlError::Invalid`]). So a header URL is canonicalized exactly when
//!    `dateline check` accepts it, and nothing a browser would repair into
//!    another address (`http:evil.com`, `https://user@evil.com`) gets a
//!    canonical form.
//! 2. **Host:** trailing dots dropped (`bbc.com.` → `bbc.com`).
//! 3. **Fragment removed** (`#comments`).
//! 4. **Percent-encoding normalised** in the path and the query: escapes of
//!    unreserved characters (`A-Z a-z 0-9 - . _ ~`) are decoded, other escapes
//!    get uppercase hex (`%2f` → `%2F`), and a `%` that starts no valid escape
//!    becomes `%25`.
//! 5. **Tracking parameters removed**: a query parameter whose key, decoded and
//!    lowercased, is in [`TRACKING_PARAMETERS`] or starts with one of
//!    [`TRACKING_PREFIXES`] (see [`is_tracking_parameter`]). Empty parameters
//!    (`a=1&&b=2`) are removed too.
//! 6. **Query sorted** by key, stably: parameters with the same key keep their
//!    relative order, since `?tag=a&tag=b` may differ from `?tag=b&tag=a`.
//! 7. **Empty query removed**, so a trailing `?` disappears.
//!
//! The path keeps its case and its trailing slash: some servers tell them apart.
//! Canonicalization is idempotent: canonicalizing a canonical URL returns it
//! unchanged (a property test checks this on arbitrary input).
//!
//! # The match key
//!
//! [`CanonicalUrl::match_key`] is for "have we seen this article already?". It
//! is the canonical URL without its scheme, with a leading `www.` removed from
//! the host (when what remains still has a dot), and with trailing slashes
//! removed from the path:
//!
//! ```
//! use dateline_links::canonical::canonicalize;
//!
//! let a = canonicalize("https://www.hngn.com/articles/240451/20220207/x.htm?utm_medium=rss")?;
//! let b = canonicalize("http://hngn.com/articles/240451/20220207/x.htm#comments")?;
//! assert_ne!(a, b); // different scheme and host...
//! assert_eq!(a.match_key(), b.match_key()); // ...same article
//! assert_eq!(a.match_key(), "hngn.com/articles/240451/20220207/x.htm");
//! # Ok::<(), dateline_links::canonical::UrlError>(())
//! ```
//!
//! A non-default port is kept in the key (`example.com:8080/x`); the query is
//! kept, since on many sites it names the article (`story?id=82709835`).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use dateline_core::url::{self as core_url, HostKind, HttpUrl};
use url::Url;

use crate::percent;

/// Query parameter keys that only track a click, a campaign or a share, and are
/// removed by [`canonicalize`]. Compared with the key percent-decoded and
/// lowercased.
///
/// Ad and social click ids (Facebook `fbclid`, Google `gclid` `gclsrc` `dclid`
/// `gbraid` `wbraid`, Microsoft `msclkid`, Yandex `yclid`, Twitter `twclid`,
/// TikTok `ttclid`, LinkedIn `li_fat_id`, Instagram `igshid`), mail campaigns
/// (Mailchimp `mc_cid` `mc_eid`, Marketo `mkt_tok`, HubSpot `_hsenc` `_hsmi`,
/// Vero `vero_id`), analytics (`_ga`, `_gl`, Adobe `s_cid`), and publishers'
/// own share or campaign markers (MSN `ocid`, CNN `cmpid`, Twitter `ref_src`
/// `ref_url`, Yahoo `ncid`, New York Times `smid` `smtyp`, Guardian `CMP`,
/// Washington Post `itid` `wpisrc` `wpmm`, Olytics `oly_anon_id` `oly_enc_id`).
pub const TRACKING_PARAMETERS: &[&str] = &[
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "cmp",
    "cmpid",
    "dclid",
    "fbclid",
    "gbraid",
    "gclid",
    "gclsrc",
    "igshid",
    "itid",
    "li_fat_id",
    "mc_cid",
    "mc_eid",
    "mkt_tok",
    "msclkid",
    "ncid",
    "ocid",
    "oly_anon_id",
    "oly_enc_id",
    "ref_src",
    "ref_url",
    "s_cid",
    "smid",
    "smtyp",
    "ttclid",
    "twclid",
    "vero_id",
    "wbraid",
    "wpisrc",
    "wpmm",
    "yclid",
];

/// Prefixes of tracking query parameter keys, removed by [`canonicalize`]:
/// Google Analytics `utm_*` (`utm_source`, `utm_medium`, ...), comScore `ns_*`
/// and AT Internet `at_*` (both used by the BBC: `at_medium=RSS`).
pub const TRACKING_PREFIXES: &[&str] = &["utm_", "ns_", "at_"];

/// Is `key` a tracking query parameter that [`canonicalize`] removes?
///
/// `key` is percent-decoded and lowercased first, so `UTM_Source` and
/// `utm%5Fsource` count too.
///
/// ```
/// use dateline_links::canonical::is_tracking_parameter;
///
/// assert!(is_tracking_parameter("utm_campaign"));
/// assert!(is_tracking_parameter("FBCLID"));
/// assert!(!is_tracking_parameter("id"));
/// ```
pub fn is_tracking_parameter(key: &str) -> bool {
    // Nearly every key is plain ASCII: then decoding changes nothing and
    // lowercasing is ASCII lowercasing, which the comparisons below do in place
    // instead of building three strings per query parameter.
    if key.bytes().all(|b| b.is_ascii() && b != b'%' && b != b'+') {
        return is_tracking_ascii(key);
    }
    is_tracking_decoded(key)
}

/// [`is_tracking_parameter`] of a key with no escape, no `+` and no
/// non-ASCII character: compared ignoring ASCII case (the lists are lowercase).
fn is_tracking_ascii(key: &str) -> bool {
    TRACKING_PARAMETERS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(key))
        || TRACKING_PREFIXES.iter().any(|p| {
            key.get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
        })
}

/// [`is_tracking_parameter`] of any key: `+` read as a space, decoded,
/// lowercased, then compared.
fn is_tracking_decoded(key: &str) -> bool {
    let key = percent::decode_lossy(&key.replace('+', " ")).to_lowercase();
    TRACKING_PARAMETERS.contains(&key.as_str())
        || TRACKING_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// Why a string could not be canonicalized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// The input was empty or only whitespace.
    #[error("empty URL")]
    Empty,
    /// The input is not a URL by the WHATWG URL rules.
    #[error("invalid URL {input:?}: {reason}")]
    Invalid {
        /// The input, trimmed.
        input: String,
        /// What the URL parser objected to.
        reason: String,
    },
    /// The URL's scheme is not `http` or `https`.
    #[error("unsupported URL scheme {scheme:?}: only http and https are accepted")]
    UnsupportedScheme {
        /// The scheme, lowercased.
        scheme: String,
    },
    /// The URL has no host name (for example `http://./`).
    #[error("URL {input:?} has no host")]
    MissingHost {
        /// The input, trimmed.
        input: String,
    },
}

/// An `http` or `https` URL in canonical form (see the [module docs](self)).
///
/// Made only by [`canonicalize`] (or its aliases [`FromStr`] and serde's
/// `Deserialize`), so a value of this type is always canonical. Equality,
/// ordering and hashing are those of the canonical string. It serialises as
/// that string.
///
/// It holds the string the URL parser serialised, with the bounds of its
/// parts, rather than the parser's `Url`: so that [`canonicalize`] can build
/// one without the parser when the input is already in a plain canonical shape
/// (see `canonicalize_plain`), which is what most article URLs are.
#[derive(Clone)]
pub struct CanonicalUrl {
    /// Invariant: canonical, `http`/`https`, with a non-empty host, no
    /// credentials and no fragment; so it is `scheme://host[:port]path[?query]`.
    serialization: String,
    /// Where the host starts: just after `://`.
    host_start: usize,
    /// Where the host ends (a `:` before the port, or the path).
    host_end: usize,
    /// Where the path starts, with its `/`.
    path_start: usize,
    /// Where the `?` of the query is, if there is a query.
    query_start: Option<usize>,
    /// The port, when it is not the scheme's default.
    port: Option<u16>,
}

/// Where the parts of a [`CanonicalUrl`] are in its text, without the text
/// ([`CanonicalUrl::into_parts`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CanonicalParts {
    host_start: u32,
    host_end: u32,
    path_start: u32,
    query_start: Option<std::num::NonZeroU32>,
    port: Option<u16>,
}

impl CanonicalParts {
    /// The host's span in the text.
    pub(crate) fn host(&self) -> std::ops::Range<usize> {
        self.host_start as usize..self.host_end as usize
    }
}

// Equality, ordering and hashing are those of the string alone, as for the
// parser's `Url` (the bounds are a function of the string).
impl PartialEq for CanonicalUrl {
    fn eq(&self, other: &Self) -> bool {
        self.serialization == other.serialization
    }
}

impl Eq for CanonicalUrl {}

impl PartialOrd for CanonicalUrl {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CanonicalUrl {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.serialization.cmp(&other.serialization)
    }
}

impl std::hash::Hash for CanonicalUrl {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.serialization.hash(state);
    }
}

impl CanonicalUrl {
    /// The canonical form of a parsed URL to which the rules were applied.
    fn from_url(url: Url) -> CanonicalUrl {
        use url::Position;
        let host_start = url[..Position::BeforeHost].len();
        let host_end = url[..Position::AfterHost].len();
        let path_start = url[..Position::BeforePath].len();
        let query_start = url.query().map(|_| url[..Position::AfterPath].len());
        let port = url.port();
        CanonicalUrl {
            serialization: url.into(),
            host_start,
            host_end,
            path_start,
            query_start,
            port,
        }
    }

    /// The URL split into its text and where its parts are: what a caller
    /// that has the text elsewhere keeps (the corpus: the URL as written,
    /// which is canonical already for most articles), to make the URL again
    /// with [`CanonicalUrl::from_parts`]. The URL itself back if an offset
    /// does not fit 32 bits (a URL of 4 GiB).
    pub(crate) fn into_parts(self) -> Result<(String, CanonicalParts), CanonicalUrl> {
        let offset = |at: usize| u32::try_from(at).ok();
        let query_start = match self.query_start {
            // A query starts after the host: never at 0.
            Some(at) => match offset(at).and_then(std::num::NonZeroU32::new) {
                Some(at) => Some(at),
                None => return Err(self),
            },
            None => None,
        };
        let (Some(host_start), Some(host_end), Some(path_start)) = (
            offset(self.host_start),
            offset(self.host_end),
            offset(self.path_start),
        ) else {
            return Err(self);
        };
        let parts = CanonicalParts {
            host_start,
            host_end,
            path_start,
            query_start,
            port: self.port,
        };
        Ok((self.serialization, parts))
    }

    /// The URL that [`CanonicalUrl::into_parts`] split into `serialization`
    /// and `parts`. `serialization` must be that text (as a copy).
    pub(crate) fn from_parts(serialization: String, parts: CanonicalParts) -> CanonicalUrl {
        CanonicalUrl {
            serialization,
            host_start: parts.host_start as usize,
            host_end: parts.host_end as usize,
            path_start: parts.path_start as usize,
            query_start: parts.query_start.map(|at| at.get() as usize),
            port: parts.port,
        }
    }

    /// The canonical URL as a string.
    pub fn as_str(&self) -> &str {
        &self.serialization
    }

    /// The canonical URL as an owned string.
    pub fn into_string(self) -> String {
        self.serialization
    }

    /// `"http"` or `"https"`.
    pub fn scheme(&self) -> &str {
        // `scheme://host`: no credentials come between.
        &self.serialization[..self.host_start.saturating_sub(3)]
    }

    /// The host: a lowercase domain name (punycode for internationalised names,
    /// without a trailing dot), an IPv4 address, or an IPv6 address in brackets.
    pub fn host(&self) -> &str {
        &self.serialization[self.host_start..self.host_end]
    }

    /// The port, when it is not the scheme's default.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The path, starting with `/`, percent-encoded as in the canonical form.
    pub fn path(&self) -> &str {
        let end = self.query_start.unwrap_or(self.serialization.len());
        &self.serialization[self.path_start..end]
    }

    /// The path's non-empty segments, percent-encoded as in the canonical form.
    pub fn path_segments(&self) -> impl Iterator<Item = &str> {
        self.path().split('/').filter(|s| !s.is_empty())
    }

    /// The query without the `?`: sorted, without tracking parameters, and
    /// never empty (`None` when there is no parameter left).
    pub fn query(&self) -> Option<&str> {
        self.query_start.map(|at| &self.serialization[at + 1..])
    }

    /// The key under which two spellings of the same article URL match: the
    /// canonical URL without scheme, without a leading `www.` on the host, and
    /// without trailing slashes on the path (see the [module docs](self)).
    ///
    /// ```
    /// use dateline_links::canonical::canonicalize;
    ///
    /// let url = canonicalize("https://www.bbc.co.uk/news/world-europe-60312345/")?;
    /// assert_eq!(url.match_key(), "bbc.co.uk/news/world-europe-60312345");
    /// # Ok::<(), dateline_links::canonical::UrlError>(())
    /// ```
    pub fn match_key(&self) -> String {
        let host = self.host();
        let host = match host.strip_prefix("www.") {
            Some(rest) if rest.contains('.') => rest,
            _ => host,
        };
        let path = self.path().trim_end_matches('/');
        let mut key = String::with_capacity(host.len() + path.len() + 8);
        key.push_str(host);
        if let Some(port) = self.port() {
            key.push(':');
            key.push_str(&port.to_string());
        }
        key.push_str(path);
        if let Some(query) = self.query() {
            key.push('?');
            key.push_str(query);
        }
        key
    }
}

impl fmt::Display for CanonicalUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CanonicalUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CanonicalUrl").field(&self.as_str()).finish()
    }
}

impl AsRef<str> for CanonicalUrl {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<CanonicalUrl> for String {
    fn from(url: CanonicalUrl) -> String {
        url.into_string()
    }
}

impl FromStr for CanonicalUrl {
    type Err = UrlError;

    /// Same as [`canonicalize`].
    fn from_str(s: &str) -> Result<Self, UrlError> {
        canonicalize(s)
    }
}

impl serde::Serialize for CanonicalUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for CanonicalUrl {
    /// Deserialises a string and canonicalizes it.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str>>::deserialize(deserializer)?;
        canonicalize(&s).map_err(serde::de::Error::custom)
    }
}

/// Canonicalizes an `http` or `https` URL (see the [module docs](self) for the rules).
///
/// ```
/// use dateline_links::canonical::canonicalize;
///
/// let url = canonicalize(
///     " HTTP://WWW.Example.COM:80/a/%7euser/./b/../c?utm_source=x&b=2&a=1&fbclid=y# ",
/// )?;
/// assert_eq!(url.as_str(), "http://www.example.com/a/~user/c?a=1&b=2");
/// assert_eq!(canonicalize(url.as_str())?, url);
/// // What a browser would repair into another address has no canonical form.
/// assert!(canonicalize("http:/\\evil.com").is_err());
/// # Ok::<(), dateline_links::canonical::UrlError>(())
/// ```
///
/// # Errors
///
/// [`UrlError::Empty`] for blank input, [`UrlError::UnsupportedScheme`] for
/// schemes other than `http` and `https`, [`UrlError::MissingHost`] when there
/// is no host, [`UrlError::Invalid`] for anything else that breaks rule 1.
pub fn canonicalize(input: &str) -> Result<CanonicalUrl, UrlError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(UrlError::Empty);
    }
    let written = with_scheme(input);
    let url = HttpUrl::parse(&written).map_err(|e| url_error(e, input))?;
    if let Some(url) = canonicalize_plain(&url) {
        return Ok(url);
    }
    canonicalize_parsed(&url, input)
}

/// Rule 1's completion of a scheme-less input: `//host/path` and a bare
/// `host.tld/path` are read as `http`. Anything else is left as it is, for
/// dateline-core's rule to judge.
fn with_scheme(input: &str) -> Cow<'_, str> {
    let starts = |prefix: &str| {
        input
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if input.starts_with("//") {
        Cow::Owned(format!("http:{input}"))
    } else if !starts("http:") && !starts("https:") && looks_like_bare_host(input) {
        // `www.bbc.com:8080/x` would otherwise read as the scheme `www.bbc.com`.
        Cow::Owned(format!("http://{input}"))
    } else {
        Cow::Borrowed(input)
    }
}

/// The error of rule 1, reported against the user's `input`.
fn url_error(e: core_url::UrlError, input: &str) -> UrlError {
    match e {
        core_url::UrlError::UnsupportedScheme { scheme } => UrlError::UnsupportedScheme {
            scheme: scheme.to_ascii_lowercase(),
        },
        core_url::UrlError::EmptyHost { .. } => UrlError::MissingHost {
            input: input.to_owned(),
        },
        other => UrlError::Invalid {
            input: input.to_owned(),
            reason: other.to_string(),
        },
    }
}

/// [`canonicalize`] with the URL parser, for a URL that passed rule 1.
fn canonicalize_parsed(checked: &HttpUrl<'_>, input: &str) -> Result<CanonicalUrl, UrlError> {
    let invalid = |reason: &str| UrlError::Invalid {
        input: input.to_owned(),
        reason: reason.to_owned(),
    };
    // Rule 1 accepts only what the parser reads as written (dateline-core's
    // property test): this does not fail, but an error is still an error.
    let mut url = Url::parse(checked.as_str()).map_err(|e| invalid(&e.to_string()))?;

    // 2. Trailing dots of a domain name.
    if let Some(url::Host::Domain(domain)) = url.host()
        && domain.ends_with('.')
    {
        let trimmed = domain.trim_end_matches('.').to_owned();
        if trimmed.is_empty() {
            return Err(UrlError::MissingHost {
                input: input.to_owned(),
            });
        }
        url.set_host(Some(&trimmed))
            .map_err(|e| invalid(&e.to_string()))?;
    }

    // 3. Fragment.
    url.set_fragment(None);

    // 4. Path escapes.
    if let Cow::Owned(path) = percent::normalize_escapes(url.path())
        && path != url.path()
    {
        url.set_path(&path);
    }

    // 4-7. Query.
    if let Some(query) = url.query() {
        let query = canonical_query(query);
        url.set_query(query.as_deref());
    }

    Ok(CanonicalUrl::from_url(url))
}

/// Rules 4-7 on a raw query: escapes normalised, tracking and empty parameters
/// removed, the rest sorted stably by key. `None` when nothing is left.
fn canonical_query(query: &str) -> Option<String> {
    // The pieces are borrowed from `query` unless an escape changed them.
    let mut params: Vec<Cow<'_, str>> = query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(percent::normalize_escapes)
        .filter(|piece| !is_tracking_parameter(query_key(piece)))
        .collect();
    if params.is_empty() {
        return None;
    }
    // `sort_by` is stable: pieces with the same key keep their order.
    params.sort_by(|a, b| query_key(a).cmp(query_key(b)));
    Some(params.join("&"))
}

/// The key of a query piece: what comes before its first `=`.
fn query_key(piece: &str) -> &str {
    piece.split('=').next().unwrap_or_default()
}

/// Does `input` start with a host name whose public suffix is known
/// (`www.bbc.com/...`, `bbc.co.uk:8080`), rather than a relative path such as
/// `index.html`?
fn looks_like_bare_host(input: &str) -> bool {
    let authority = input.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
        && psl::suffix(host.as_bytes()).is_some_and(|s| s.is_known())
}

/// [`canonicalize`] without the URL parser, for a URL (that passed rule 1)
/// already in the plain shape most article URLs have; `None` for any other,
/// which then goes through the parser.
///
/// The URL parser is the largest cost of linking an article, and on this shape
/// it changes nothing: `http://` or `https://` in lower case, a host of
/// lowercase ASCII labels that neither IDNA (no `xn--`, no `--` at the third
/// letter) nor the IPv4 rules (dateline-core's rule: the last label starts
/// with a letter) would touch and no trailing dot, no port, then a path made
/// only of characters the parser leaves alone in a path and a query (letters,
/// digits, `-._~!$&()*+,;=:@/`, and `?` in the query), no `.` or `..` segment,
/// and no `%`. A fragment is dropped, as rule 3 does, if it is visible ASCII.
/// Only the query rules (5-7) then apply, with the same function as the parsed
/// path. dateline-core's scan gives the parts; this reads the path and query
/// once more, byte by byte. A property test holds it to
/// [`canonicalize_parsed`] on URL-shaped and arbitrary input.
fn canonicalize_plain(url: &HttpUrl<'_>) -> Option<CanonicalUrl> {
    let input = url.as_str();
    let parts = url.parts();
    let host = url.host();
    if !matches!(url.scheme(), "http" | "https")
        || url.host_kind() != HostKind::Domain
        || parts.port().is_some()
        || host.ends_with('.')
        || !host.as_bytes().split(|&c| c == b'.').all(is_plain_label)
    {
        return None;
    }
    let b = input.as_bytes();
    let host_range = parts.host_range();
    let path_start = parts.path_start();
    // The parser writes an empty path as `/`.
    if b.get(path_start) != Some(&b'/') {
        return None;
    }

    // The path, up to the query or the fragment (where dateline-core's scan
    // found them): plain bytes, and no `.` or `..` segment (the parser
    // resolves them).
    let path_end = parts
        .query_start()
        .or(parts.fragment_start())
        .unwrap_or(b.len());
    if !is_plain_path(&b[path_start..path_end]) {
        return None;
    }
    // The query, plain bytes and `?`, up to a fragment.
    let query = parts.query();
    if query.is_some_and(|q| !q.bytes().all(|c| c == b'?' || is_plain_path_byte(c))) {
        return None;
    }
    // Rule 3: the fragment goes.
    if let Some(at) = parts.fragment_start()
        && !b[at..].iter().all(u8::is_ascii_graphic)
    {
        return None;
    }

    let query = query.and_then(canonical_query);
    let mut serialization =
        String::with_capacity(path_end + query.as_ref().map_or(0, |q| q.len() + 1));
    serialization.push_str(&input[..path_end]);
    let query_start = query.map(|query| {
        serialization.push('?');
        serialization.push_str(&query);
        path_end
    });
    Some(CanonicalUrl {
        serialization,
        host_start: host_range.start,
        host_end: host_range.end,
        path_start,
        query_start,
        port: None,
    })
}

/// A label of a plain host (see [`canonicalize_plain`]): lowercase letters,
/// digits and `-` only, and not `xn--` or any other `--` at the third letter
/// (IDNA's reserved shape). (dateline-core's rule already holds it non-empty,
/// with no `-` at either end.)
fn is_plain_label(label: &[u8]) -> bool {
    label
        .iter()
        .all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'-'))
        && label.get(2..4) != Some(b"--")
}

/// Is `path` (starting with `/`) made of plain bytes (see
/// [`is_plain_path_byte`]) without a `.` or `..` segment?
///
/// Every byte of every article path is read here, eight at a time: a table
/// load a byte with one branch for the eight, and the dots found in the
/// eight at once, since a `.` or `..` segment starts with a `.` and most
/// paths hold one dot at most (an extension's).
fn is_plain_path(path: &[u8]) -> bool {
    let mut chunks = path.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        let mut plain = true;
        for &c in chunk {
            plain &= is_plain_path_byte(c);
        }
        // Eight bytes: always a word.
        let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        if !plain || starts_dot_segment(path, offset, word) {
            return false;
        }
        offset += 8;
    }
    // The last bytes, as a word padded with NULs (which are no dots).
    let mut plain = true;
    let mut word = 0;
    for (i, &c) in chunks.remainder().iter().enumerate() {
        plain &= is_plain_path_byte(c);
        word |= u64::from(c) << (8 * i);
    }
    plain && !starts_dot_segment(path, offset, word)
}

/// Does a dot among the eight bytes `word` of `path`, at `offset`, start a
/// `.` or `..` segment?
fn starts_dot_segment(path: &[u8], offset: usize, word: u64) -> bool {
    let mut dots = bytes_equal(word, b'.');
    while dots != 0 {
        // The word is little-endian: the lowest set bit is the first dot.
        let at = offset + dots.trailing_zeros() as usize / 8;
        if at.checked_sub(1).and_then(|before| path.get(before)) == Some(&b'/')
            && matches!(
                &path[at..],
                [b'.'] | [b'.', b'/', ..] | [b'.', b'.'] | [b'.', b'.', b'/', ..]
            )
        {
            return true;
        }
        dots &= dots - 1;
    }
    false
}

/// The bytes of `word` equal to `byte`, as the high bit of each: exactly
/// those, since no step carries from one byte into the next.
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ u64::from_ne_bytes([byte; 8]);
    // A byte's high bit is set below unless the byte of `x` is zero:
    // `(x & 0x7f) + 0x7f` sets it for a non-zero low seven bits, `| x` for a
    // set high bit.
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// A byte the URL parser leaves as it is in the path and the query of an
/// `http(s)` URL, and that no rule of [`canonicalize`] changes there (so not
/// `%`; and not `'`, which the parser escapes in a query).
fn is_plain_path_byte(b: u8) -> bool {
    /// `PLAIN[b]` for each plain byte `b` (all below 128): a table, one load a
    /// byte, where a bit of a `u128` took a dozen instructions on every byte
    /// of every path.
    const PLAIN: [bool; 256] = {
        let mut table = [false; 256];
        let extra = b"-._~!$&()*+,;=:@/";
        let mut i = 0;
        while i < extra.len() {
            table[extra[i] as usize] = true;
            i += 1;
        }
        let mut c = 0;
        while c < 128 {
            if (c as u8).is_ascii_alphanumeric() {
                table[c] = true;
            }
            c += 1;
        }
        table
    };
    PLAIN[usize::from(b)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        match canonicalize(s) {
            Ok(url) => url.into_string(),
            Err(e) => panic!("{s:?} should canonicalize: {e}"),
        }
    }

    fn key(s: &str) -> String {
        match canonicalize(s) {
            Ok(url) => url.match_key(),
            Err(e) => panic!("{s:?} should canonicalize: {e}"),
        }
    }

    #[test]
    fn scheme_and_host_are_lowercased() {
        assert_eq!(
            canon("HTTPS://WWW.BBC.CO.UK/news"),
            "https://www.bbc.co.uk/news"
        );
    }

    #[test]
    fn path_case_is_kept() {
        assert_eq!(
            canon("https://www.dailymail.co.uk/news/article-10487123/Macron-meets-Putin.html"),
            "https://www.dailymail.co.uk/news/article-10487123/Macron-meets-Putin.html"
        );
    }

    #[test]
    fn idna_hosts_become_punycode() {
        assert_eq!(
            canon("http://Bücher.example/a"),
            "http://xn--bcher-kva.example/a"
        );
    }

    #[test]
    fn default_ports_are_dropped_and_others_kept() {
        assert_eq!(canon("http://example.com:80/a"), "http://example.com/a");
        assert_eq!(canon("https://example.com:443/a"), "https://example.com/a");
        assert_eq!(
            canon("https://example.com:8443/a"),
            "https://example.com:8443/a"
        );
        assert_eq!(
            canon("http://example.com:443/a"),
            "http://example.com:443/a"
        );
    }

    #[test]
    fn fragment_is_dropped() {
        assert_eq!(
            canon("https://example.com/a#comments"),
            "https://example.com/a"
        );
        assert_eq!(
            canon("https://example.com/a?b=1#"),
            "https://example.com/a?b=1"
        );
    }

    #[test]
    fn credentials_are_refused() {
        // Text before an `@` can disguise the host: `https://www.bbc.com@evil.com/`.
        for input in [
            "https://user:pw@example.com/a",
            "https://www.bbc.com@evil.com/",
            "//u@example.com/a",
        ] {
            assert!(
                matches!(canonicalize(input), Err(UrlError::Invalid { .. })),
                "{input}"
            );
        }
    }

    /// The shapes a browser repairs into another address (issue: URLs the docs
    /// reject) have no canonical form, as dateline-core refuses them.
    #[test]
    fn urls_a_browser_would_repair_are_refused() {
        for input in [
            "http:evil.com",
            "http:/evil.com",
            "http:/\\evil.com",
            "http://evil.com\\@good.com/",
            "https:///x",
            "http://-/",
            "http://0x7f.1/",
            "http://ex%61mple.com/",
            "http://example.com/a b",
            "http://example.com/a\0b",
            "http://example.com/a\tb",
            "htt\rp://example.com/",
            "http://example.com:99999/",
        ] {
            assert!(canonicalize(input).is_err(), "{input:?}");
            assert!(HttpUrl::parse(input).is_err(), "{input:?}");
        }
    }

    #[test]
    fn trailing_host_dot_is_dropped() {
        assert_eq!(
            canon("https://www.bbc.com./news"),
            "https://www.bbc.com/news"
        );
        assert!(matches!(
            canonicalize("http://./"),
            Err(UrlError::MissingHost { .. } | UrlError::Invalid { .. })
        ));
    }

    #[test]
    fn dot_segments_are_resolved() {
        assert_eq!(
            canon("https://example.com/a/./b/../c"),
            "https://example.com/a/c"
        );
        assert_eq!(
            canon("https://example.com/a/%2e%2E/c"),
            "https://example.com/c"
        );
    }

    #[test]
    fn tracking_parameters_are_removed() {
        assert_eq!(
            canon(
                "https://www.bbc.co.uk/news/world-europe-60312345?at_medium=RSS&at_campaign=KARANGA"
            ),
            "https://www.bbc.co.uk/news/world-europe-60312345"
        );
        assert_eq!(
            canon(
                "https://example.com/a?utm_source=tw&UTM_MEDIUM=x&fbclid=1&gclid=2&dclid=3&msclkid=4&mc_cid=5&mc_eid=6&ocid=7&igshid=8&_ga=9&yclid=10&cmpid=11&ref_src=12&id=5"
            ),
            "https://example.com/a?id=5"
        );
        assert_eq!(
            canon("https://example.com/a?utm%5Fsource=x&q=1"),
            "https://example.com/a?q=1"
        );
        assert_eq!(
            canon("https://www.theguardian.com/world/x?CMP=share_btn_tw"),
            "https://www.theguardian.com/world/x"
        );
    }

    #[test]
    fn every_listed_parameter_is_tracking() {
        for key in TRACKING_PARAMETERS {
            assert!(is_tracking_parameter(key), "{key}");
            assert!(is_tracking_parameter(&key.to_uppercase()), "{key}");
            assert_eq!(*key, key.to_lowercase(), "the list is compared lowercased");
        }
        for prefix in TRACKING_PREFIXES {
            assert!(is_tracking_parameter(&format!("{prefix}anything")));
        }
        assert!(!is_tracking_parameter("utm"));
        assert!(!is_tracking_parameter("page"));
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_tracking_check_agrees_with_decoding(
            key in "(?i)(utm_|ns_|at_|fbclid|cmp|id|_ga|%5f|%2B|\\+|[a-z_]{0,4}|é){0,4}"
        ) {
            proptest::prop_assert_eq!(is_tracking_parameter(&key), is_tracking_decoded(&key));
        }

        #[test]
        fn the_ascii_tracking_check_agrees_on_any_ascii(key in "[\\x00-\\x7f]{0,12}") {
            proptest::prop_assert_eq!(is_tracking_parameter(&key), is_tracking_decoded(&key));
        }
    }

    /// Checks that the parser-free path, when it takes `input`, gives what the
    /// parser gives, part by part.
    fn check_plain(input: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let Ok(url) = HttpUrl::parse(input) else {
            return Ok(());
        };
        if let Some(plain) = canonicalize_plain(&url) {
            let parsed = canonicalize_parsed(&url, input);
            proptest::prop_assert_eq!(Ok(&plain), parsed.as_ref(), "{:?}", input);
            if let Ok(parsed) = parsed {
                proptest::prop_assert_eq!(plain.scheme(), parsed.scheme());
                proptest::prop_assert_eq!(plain.host(), parsed.host());
                proptest::prop_assert_eq!(plain.port(), parsed.port());
                proptest::prop_assert_eq!(plain.path(), parsed.path());
                proptest::prop_assert_eq!(plain.query(), parsed.query());
            }
        }
        Ok(())
    }

    /// URL-shaped strings around the plain shape's edges.
    fn plain_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let scheme = prop_oneof![
            4 => Just("http://"),
            4 => Just("https://"),
            1 => Just("HTTP://"),
            1 => Just("http:/"),
            1 => Just("http:"),
        ];
        let host = prop_oneof![
            6 => "[a-z0-9-]{1,8}(\\.[a-z0-9-]{1,6}){0,3}",
            1 => "[a-zA-Z0-9._~@:-]{0,12}",
            1 => Just("xn--bcher-kva.example".to_owned()),
            1 => Just("ab--c.com".to_owned()),
            1 => Just("1.2.3.4".to_owned()),
            1 => Just("example.0x7f".to_owned()),
            1 => Just("www.bbc.com.".to_owned()),
        ];
        let segment = prop_oneof![
            6 => "[a-zA-Z0-9._~!$&()*+,;=:@-]{0,12}",
            1 => Just(".".to_owned()),
            1 => Just("..".to_owned()),
            1 => "[ -~]{0,4}",
            1 => "[éü\t\u{0}]{1,2}",
        ];
        let path = proptest::collection::vec(segment, 0..5).prop_map(|s| s.join("/"));
        let query = prop_oneof![
            3 => Just(String::new()),
            3 => "\\?[a-zA-Z0-9=&_.~!$()*+,;:@/?-]{0,20}",
            1 => "\\?[ -~]{0,10}",
            1 => "\\?(utm_source=x&|b=2&|a=1&|&|fbclid=y&|a=0&){0,5}",
        ];
        let fragment = prop_oneof![
            3 => Just(String::new()),
            1 => "#[ -~]{0,6}",
            1 => "#[é\t]{0,2}",
        ];
        let slash = prop_oneof![4 => Just("/"), 1 => Just(""), 1 => Just("//")];
        (scheme, host, slash, path, query, fragment)
            .prop_map(|(s, h, sl, p, q, f)| format!("{s}{h}{sl}{p}{q}{f}"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]

        #[test]
        fn the_plain_path_agrees_with_the_parser(input in plain_like()) {
            check_plain(&input)?;
        }

        #[test]
        fn the_plain_path_agrees_on_any_ascii(rest in "[ -~]{0,40}") {
            check_plain(&format!("http://{rest}"))?;
            check_plain(&format!("https://a.b/{rest}"))?;
        }

        #[test]
        fn the_plain_path_agrees_on_any_text(input in "\\PC{0,40}") {
            check_plain(&input)?;
        }

        #[test]
        fn the_plain_path_check_agrees_with_splitting(
            rest in "([a-z0-9]{1,3}|[./?%'-]|\\.\\.){0,10}"
        ) {
            let path = format!("/{rest}");
            let by_segments = path.bytes().all(is_plain_path_byte)
                && !path.split('/').any(|s| s == "." || s == "..");
            proptest::prop_assert_eq!(is_plain_path(path.as_bytes()), by_segments);
        }

        #[test]
        fn bytes_equal_marks_exactly_the_equal_bytes(
            // Few values, so that equal bytes are frequent, and the bytes
            // around 0x7f and 0x80 where a carry would show.
            word in proptest::array::uniform8(
                proptest::prop_oneof![0u8..3, 0x7eu8..0x82, proptest::num::u8::ANY]
            ),
            byte in proptest::prop_oneof![0u8..3, 0x7eu8..0x82, proptest::num::u8::ANY],
        ) {
            let marks = bytes_equal(u64::from_le_bytes(word), byte).to_le_bytes();
            let expected = word.map(|b| if b == byte { 0x80 } else { 0 });
            proptest::prop_assert_eq!(marks, expected);
        }
    }

    /// Header-URL-shaped strings (each starts with `http:` or `https:`, so no
    /// scheme is added), hostile ones included.
    fn header_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let scheme = prop_oneof![
            6 => Just("http://"),
            6 => Just("https://"),
            1 => Just("HTTP://"),
            1 => Just("http:"),
            1 => Just("http:/"),
            1 => Just("http:\\\\"),
            1 => Just("http:/\\"),
            1 => Just("https:///"),
        ];
        let userinfo = prop_oneof![8 => Just(""), 1 => Just("u@"), 1 => Just("u:p@")];
        let host = prop_oneof![
            6 => "[a-zA-Z0-9-]{1,8}(\\.[a-zA-Z0-9-]{1,6}){0,3}\\.?",
            2 => "[a-z0-9._~%:-]{0,10}",
            1 => "[0-9]{1,3}(\\.[0-9x]{1,3}){0,4}",
            1 => Just("bücher.example".to_owned()),
            1 => Just("xn--a.example".to_owned()),
            1 => Just("[::1]".to_owned()),
            1 => Just("-".to_owned()),
        ];
        let port = prop_oneof![6 => Just(String::new()), 1 => ":[0-9]{0,6}"];
        let rest = prop_oneof![
            4 => "[/?#][ -~]{0,20}",
            1 => "/[é\\u{a0}\\u{200b}\t\r\u{0} ]{1,3}[a-z]{0,3}",
            1 => Just(String::new()),
        ];
        (scheme, userinfo, host, port, rest).prop_map(|(s, u, h, p, r)| format!("{s}{u}{h}{p}{r}"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]

        /// A header URL is canonicalized exactly when dateline-core accepts it.
        #[test]
        fn header_urls_canonicalize_exactly_when_core_accepts_them(input in header_like()) {
            let core = HttpUrl::parse(input.trim());
            let links = canonicalize(&input);
            proptest::prop_assert_eq!(core.is_ok(), links.is_ok(), "{:?}: {:?} / {:?}", input, core, links);
        }
    }

    #[test]
    fn article_urls_take_the_plain_path() {
        for url in [
            "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm",
            "https://www.washingtonpost.com/sports/2018/07/13/sweden-beat-poland-book-olympic-qualifiers/",
            "https://abcnews.go.com/Politics/x/story?id=82709835&utm_source=x#top",
        ] {
            let checked = HttpUrl::parse(url).unwrap();
            let plain = canonicalize_plain(&checked);
            assert!(plain.is_some(), "{url}");
            assert_eq!(
                plain.as_ref(),
                canonicalize_parsed(&checked, url).as_ref().ok(),
                "{url}"
            );
        }
        for url in [
            "HTTP://example.com/a",
            "http://example.com",
            "http://example.com:8080/a",
            "http://example.com/a/../b",
            "http://example.com/caf%C3%A9",
            "http://bücher.example/a",
            "http://127.0.0.1/a",
        ] {
            assert_eq!(
                canonicalize_plain(&HttpUrl::parse(url).unwrap()),
                None,
                "{url}"
            );
        }
    }

    #[test]
    fn query_is_sorted_stably_by_key() {
        assert_eq!(
            canon("https://example.com/?b=2&a=1&c=3"),
            "https://example.com/?a=1&b=2&c=3"
        );
        assert_eq!(
            canon("https://example.com/?tag=z&a=1&tag=y"),
            "https://example.com/?a=1&tag=z&tag=y"
        );
        assert_eq!(
            canon("https://example.com/?b&a"),
            "https://example.com/?a&b"
        );
    }

    #[test]
    fn empty_query_and_empty_parameters_are_removed() {
        assert_eq!(canon("https://example.com/a?"), "https://example.com/a");
        assert_eq!(canon("https://example.com/a?&&"), "https://example.com/a");
        assert_eq!(
            canon("https://example.com/a?utm_source=x"),
            "https://example.com/a"
        );
        assert_eq!(
            canon("https://example.com/a?x=1&&y=2"),
            "https://example.com/a?x=1&y=2"
        );
    }

    #[test]
    fn percent_encoding_is_normalised() {
        assert_eq!(
            canon("https://example.com/%7Euser/%61%62c"),
            "https://example.com/~user/abc"
        );
        assert_eq!(
            canon("https://example.com/a%2fb?q=%c3%a9%2d"),
            "https://example.com/a%2Fb?q=%C3%A9-"
        );
        assert_eq!(
            canon("https://example.com/caf%C3%A9"),
            canon("https://example.com/café")
        );
        assert_eq!(
            canon("https://example.com/100%"),
            "https://example.com/100%25"
        );
    }

    #[test]
    fn scheme_less_urls_are_read_as_http() {
        assert_eq!(canon("www.bbc.co.uk/news/x"), "http://www.bbc.co.uk/news/x");
        assert_eq!(
            canon("//www.bbc.co.uk/news/x"),
            "http://www.bbc.co.uk/news/x"
        );
        assert_eq!(canon("apnews.com"), "http://apnews.com/");
        assert_eq!(canon("www.bbc.com:8080/x"), "http://www.bbc.com:8080/x");
        assert!(matches!(
            canonicalize("index.html"),
            Err(UrlError::Invalid { .. })
        ));
        assert!(matches!(
            canonicalize("news/world"),
            Err(UrlError::Invalid { .. })
        ));
    }

    #[test]
    fn rejected_inputs() {
        assert_eq!(canonicalize(""), Err(UrlError::Empty));
        assert_eq!(canonicalize(" \t\n"), Err(UrlError::Empty));
        assert_eq!(
            canonicalize("mailto:news@bbc.co.uk"),
            Err(UrlError::UnsupportedScheme {
                scheme: "mailto".into()
            })
        );
        assert_eq!(
            canonicalize("ftp://example.com/a"),
            Err(UrlError::UnsupportedScheme {
                scheme: "ftp".into()
            })
        );
        assert!(matches!(
            canonicalize("http://"),
            Err(UrlError::MissingHost { .. })
        ));
        assert!(matches!(
            canonicalize("http://exa mple.com/"),
            Err(UrlError::Invalid { .. })
        ));
        assert!(canonicalize("Read Also: US, Russia").is_err());
    }

    #[test]
    fn error_messages_name_the_problem() {
        let err = canonicalize("gopher://x.org/").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unsupported URL scheme \"gopher\": only http and https are accepted")
        );
    }

    #[test]
    fn match_key_ignores_scheme_www_and_trailing_slash() {
        let k = key(
            "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm",
        );
        assert_eq!(
            k,
            "hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm"
        );
        assert_eq!(
            k,
            key(
                "https://hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm?utm_source=feed#x"
            )
        );
        assert_eq!(
            key("https://www.cbsnews.com/news/x/"),
            key("http://cbsnews.com/news/x")
        );
        assert_eq!(key("https://www.bbc.com/"), "bbc.com");
        assert_eq!(key("https://www.bbc.com"), "bbc.com");
    }

    #[test]
    fn match_key_keeps_what_may_identify_the_page() {
        assert_eq!(
            key("https://abcnews.go.com/Politics/x/story?id=82709835"),
            "abcnews.go.com/Politics/x/story?id=82709835"
        );
        assert_eq!(key("http://example.com:8080/a/"), "example.com:8080/a");
        // `www.` is only dropped when a domain remains.
        assert_eq!(key("http://www.com/a"), "www.com/a");
        // Other subdomains are kept.
        assert_eq!(key("https://edition.cnn.com/x"), "edition.cnn.com/x");
    }

    #[test]
    fn accessors() -> Result<(), UrlError> {
        let url = canonicalize("https://www.Example.com:8443/a/b?z=1&y=2")?;
        assert_eq!(url.scheme(), "https");
        assert_eq!(url.host(), "www.example.com");
        assert_eq!(url.port(), Some(8443));
        assert_eq!(url.path(), "/a/b");
        assert_eq!(url.path_segments().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(url.query(), Some("y=2&z=1"));
        assert_eq!(url.to_string(), url.as_str());
        assert_eq!(
            format!("{url:?}"),
            "CanonicalUrl(\"https://www.example.com:8443/a/b?y=2&z=1\")"
        );
        assert_eq!(
            "https://www.example.com:8443/a/b?y=2&z=1".parse::<CanonicalUrl>()?,
            url
        );
        Ok(())
    }

    #[test]
    fn seed_url_is_already_canonical() {
        let seed = "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm";
        assert_eq!(canon(seed), seed);
    }
}
