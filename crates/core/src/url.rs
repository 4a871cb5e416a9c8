//! http(s) URLs as dateline reads them: one scanner that cuts a URL into its
//! parts as written, and the rule the source URL (line 3) must follow.
//!
//! [`Parts::scan`] is the cut, by position only, of any
//! `scheme://[userinfo@]host[:port][/path][?query][#fragment]`; [`host`] is the
//! lower-case host it finds. [`HttpUrl::parse`] checks the rule on top of the
//! same cut. dateline-links builds its canonical URLs and URL facts on both, so a
//! URL means the same thing to every crate.
//!
//! # The rule
//!
//! A source URL is an absolute `http` or `https` URL **as written**:
//!
//! 1. `http://` or `https://`, in any case;
//! 2. a host: a domain name (labels of ASCII letters, digits and hyphens, 1 to 63
//!    bytes each, neither starting nor ending with a hyphen, joined by dots, the
//!    last label starting with a letter, at most 253 bytes, an optional final
//!    dot), an internationalised domain name that IDNA turns into one
//!    (`bücher.de`), a dotted-decimal IPv4 address (`192.0.2.1`), or an IPv6
//!    address in brackets (`[2001:db8::1]`);
//! 3. optionally `:` and a port number from 0 to 65535;
//! 4. then nothing, or a path (`/...`), a query (`?...`) or a fragment (`#...`);
//! 5. nowhere a user name or password (`user:pw@`), whitespace of any kind, a
//!    control or invisible formatting character (NUL, a lone CR, a zero-width
//!    space, a bidirectional override), or a backslash.
//!
//! Why "as written": a browser, or the `url` crate, repairs what it is given.
//! `http:evil.com`, `http:/\evil.com` and `https:///evil.com` all become
//! `https://evil.com/`; `http://0x7f.1/` becomes `http://127.0.0.1/`; spaces and
//! NULs in a path are quietly percent-encoded. A researcher reading the file sees
//! one address and a tool would follow another, and a URL that a parser changed
//! does not come back the same from a round trip. The rule accepts only URLs
//! that every reader reads alike: whatever it accepts, the `url` crate parses to
//! the same scheme, host and port (a property test holds it to that).
//!
//! ```
//! use dateline_core::url::{HttpUrl, UrlError};
//!
//! let url = HttpUrl::parse("https://WWW.Example.com:8080/news/a?id=1#top")?;
//! assert_eq!(url.host(), "WWW.Example.com");
//! assert_eq!(url.port(), Some(8080));
//! assert_eq!((url.path(), url.query(), url.fragment()), ("/news/a", Some("id=1"), Some("top")));
//!
//! assert!(matches!(HttpUrl::parse("http:evil.com"), Err(UrlError::MissingSlashes { .. })));
//! assert!(matches!(HttpUrl::parse("https://user:pw@example.com/"), Err(UrlError::Credentials { .. })));
//! # Ok::<(), UrlError>(())
//! ```

use std::borrow::Cow;
use std::ops::Range;

/// A URL cut into its parts by position, as written: no part is checked beyond
/// what finding it needs. Made by [`Parts::scan`].
///
/// The authority ends at the first `/`, `?`, `#` or `\` after `://` (a `\`, which
/// browsers read as `/`, never belongs to a host); the user info is what comes
/// before its last `@`; a host starting with `[` runs to the first `]`; the port
/// is what follows the host's `:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    text: &'a str,
    /// Offset of the `:` after the scheme.
    scheme_end: usize,
    /// Offset of the host, just after `://` or the user info's `@`.
    host_start: usize,
    /// Offset just past the host.
    host_end: usize,
    /// Offset of the port's first digit, after the `:`.
    port_start: Option<usize>,
    /// Offset where the authority ends: the path's `/`, or `?`, `#`, `\`, the end.
    path_start: usize,
    /// Offset of the `?` that starts the query.
    query_start: Option<usize>,
    /// Offset of the `#` that starts the fragment.
    fragment_start: Option<usize>,
}

impl<'a> Parts<'a> {
    /// Cuts `text` into parts; `None` if it does not start with a scheme and `://`.
    ///
    /// ```
    /// use dateline_core::url::Parts;
    ///
    /// let p = Parts::scan("HTTP://u@[::1]:81/a?b#c").unwrap();
    /// assert_eq!((p.scheme(), p.userinfo(), p.host(), p.port()), ("HTTP", Some("u"), "[::1]", Some("81")));
    /// assert_eq!((p.path(), p.query(), p.fragment()), ("/a", Some("b"), Some("c")));
    /// assert!(Parts::scan("www.example.com/a").is_none());
    /// ```
    pub fn scan(text: &'a str) -> Option<Parts<'a>> {
        Parts::scan_after(text, scheme_end(text)?)
    }

    /// [`Parts::scan`] of a `text` whose scheme ends at `scheme_end` (as
    /// [`scheme_end`] finds it), for a caller that found it already.
    fn scan_after(text: &'a str, scheme_end: usize) -> Option<Parts<'a>> {
        let authority_start = scheme_end + 3;
        if text.as_bytes().get(scheme_end + 1..authority_start) != Some(b"//") {
            return None;
        }
        let b = text.as_bytes();
        // Plain loops over the authority: a few dozen bytes, shorter than memchr's
        // set-up pays for.
        // One pass finds the authority's end, its last `@`, and the first `:`
        // after that `@` (or the start). A table tells the bytes that matter
        // from the others with one load.
        const ORDINARY: u8 = 0;
        const END: u8 = 1;
        const AT: u8 = 2;
        const COLON: u8 = 3;
        const CLASS: [u8; 256] = {
            let mut class = [ORDINARY; 256];
            class[b'/' as usize] = END;
            class[b'?' as usize] = END;
            class[b'#' as usize] = END;
            class[b'\\' as usize] = END;
            class[b'@' as usize] = AT;
            class[b':' as usize] = COLON;
            class
        };
        let mut path_start = authority_start;
        let mut host_start = authority_start;
        let mut colon = None;
        while let Some(&c) = b.get(path_start) {
            match CLASS[usize::from(c)] {
                ORDINARY => {}
                END => break,
                AT => {
                    host_start = path_start + 1;
                    colon = None;
                }
                _ => {
                    colon = colon.or(Some(path_start));
                }
            }
            path_start += 1;
        }
        let host_port = &b[host_start..path_start];
        let host_len = if host_port.first() == Some(&b'[') {
            // An IPv6 literal holds colons: the host runs to its `]`.
            host_port
                .iter()
                .position(|&c| c == b']')
                .map_or(host_port.len(), |at| at + 1)
        } else {
            colon.map_or(host_port.len(), |at| at - host_start)
        };
        let host_end = host_start + host_len;
        let port_start =
            (b.get(host_end) == Some(&b':') && host_end < path_start).then_some(host_end + 1);
        // The query starts at the first `?`, unless a `#` comes first; the fragment
        // at the first `#`. (The path is the long part: memchr pays there.)
        let first = memchr::memchr2(b'?', b'#', &b[path_start..]).map(|at| path_start + at);
        let (query_start, fragment_start) = match first {
            Some(at) if b[at] == b'?' => (Some(at), memchr::memchr(b'#', &b[at..]).map(|f| at + f)),
            fragment => (None, fragment),
        };
        Some(Parts {
            text,
            scheme_end,
            host_start,
            host_end,
            port_start,
            path_start,
            query_start,
            fragment_start,
        })
    }

    /// The whole URL.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// The scheme as written, without `:` (`HTTPS`).
    pub fn scheme(&self) -> &'a str {
        &self.text[..self.scheme_end]
    }

    /// The user info before the host's `@`, if any (`user:password`).
    pub fn userinfo(&self) -> Option<&'a str> {
        let authority_start = self.scheme_end + 3;
        (self.host_start > authority_start)
            .then(|| &self.text[authority_start..self.host_start - 1])
    }

    /// The host as written: its case, IDNA and brackets untouched.
    pub fn host(&self) -> &'a str {
        &self.text[self.host_range()]
    }

    /// Where the host is in the URL.
    pub fn host_range(&self) -> Range<usize> {
        self.host_start..self.host_end
    }

    /// The port as written, after the `:` (`Some("")` for a `:` with nothing after it).
    pub fn port(&self) -> Option<&'a str> {
        self.port_start.map(|at| &self.text[at..self.path_start])
    }

    /// Where the path starts: just past the authority (the path's `/`, or the
    /// `?`, `#` or end when the path is empty).
    pub fn path_start(&self) -> usize {
        self.path_start
    }

    /// The path as written, up to the query or fragment: empty, or starting with
    /// `/` (or with `\`, which the rule refuses).
    pub fn path(&self) -> &'a str {
        let end = self
            .query_start
            .or(self.fragment_start)
            .unwrap_or(self.text.len());
        &self.text[self.path_start..end]
    }

    /// Where the query's `?` is, if there is a query.
    pub fn query_start(&self) -> Option<usize> {
        self.query_start
    }

    /// The query without its `?`, up to the fragment.
    pub fn query(&self) -> Option<&'a str> {
        let end = self.fragment_start.unwrap_or(self.text.len());
        self.query_start.map(|at| &self.text[at + 1..end])
    }

    /// Where the fragment's `#` is, if there is a fragment.
    pub fn fragment_start(&self) -> Option<usize> {
        self.fragment_start
    }

    /// The fragment without its `#`.
    pub fn fragment(&self) -> Option<&'a str> {
        self.fragment_start.map(|at| &self.text[at + 1..])
    }
}

/// The offset of the `:` ending a scheme at the start of `text` (an ASCII letter,
/// then letters, digits, `+`, `-` or `.`), if there is one.
fn scheme_end(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if !b.first()?.is_ascii_alphabetic() {
        return None;
    }
    let len = b
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))?;
    (b[len] == b':').then_some(len)
}

/// The host of a URL as written, lower case, without user info or port:
/// `http://User@WWW.Example.com:8080/a` → `www.example.com`; an IPv6 literal keeps
/// its brackets. Empty when there is none. A cheap cut by [`Parts::scan`] (any
/// scheme, nothing checked), for grouping and display; dateline-links
/// canonicalizes URLs properly.
///
/// ```
/// assert_eq!(dateline_core::url::host("https://u:p@WWW.Example.COM:8080/a?b"), "www.example.com");
/// assert_eq!(dateline_core::url::host("not a URL"), "");
/// ```
pub fn host(url: &str) -> Cow<'_, str> {
    let host = Parts::scan(url).map_or("", |p| p.host());
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(host.to_ascii_lowercase())
    } else {
        Cow::Borrowed(host)
    }
}

/// What kind of host an [`HttpUrl`] names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HostKind {
    /// A domain name of ASCII letters, digits and hyphens (`www.example.com`).
    Domain,
    /// An internationalised domain name: non-ASCII (`bücher.de`), or with a
    /// punycode label (`xn--bcher-kva.de`).
    Idn,
    /// A dotted-decimal IPv4 address.
    Ipv4,
    /// An IPv6 address in brackets.
    Ipv6,
}

/// Why a URL breaks [the rule](self#the-rule). Each one knows where, as a byte
/// range of the URL ([`UrlError::span`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// No scheme: a relative URL, a bare host (`www.example.com/a`), or not a URL.
    #[error("no scheme: not an absolute URL")]
    Relative,
    /// A scheme other than `http` and `https` (`ftp:`, `mailto:`).
    #[error("the scheme `{scheme}:` is not http or https")]
    UnsupportedScheme {
        /// The scheme as written.
        scheme: String,
    },
    /// `http:` or `https:` not followed by `//` (`http:evil.com`, `http:/\evil.com`).
    #[error("`{scheme}:` is not followed by `//`")]
    MissingSlashes {
        /// The scheme as written.
        scheme: String,
    },
    /// Whitespace, a control or invisible character, or a backslash, at `at`.
    #[error("{} is not allowed in a URL", describe(*ch))]
    Character {
        /// Byte offset of the character.
        at: usize,
        /// The character.
        ch: char,
    },
    /// A user name or password before the host (`user:pw@`).
    #[error("a user name or password is not allowed in a URL")]
    Credentials {
        /// The user info and its `@`.
        span: Range<usize>,
    },
    /// Nothing between `://` and the path (`https:///x`).
    #[error("the URL has no host")]
    EmptyHost {
        /// Where the host should be.
        at: usize,
    },
    /// A host that is no domain name or IP address (`-`, `a..b`, `999.1.1.1`).
    #[error("the host `{host}` is not a domain name or IP address")]
    InvalidHost {
        /// The host as written.
        host: String,
        /// Where it is.
        span: Range<usize>,
    },
    /// A port that is not a number from 0 to 65535.
    #[error("the port `{port}` is not a number from 0 to 65535")]
    InvalidPort {
        /// The port as written.
        port: String,
        /// Where it is.
        span: Range<usize>,
    },
}

impl UrlError {
    /// The bytes of the URL at fault; the whole URL for [`UrlError::Relative`] and
    /// [`UrlError::UnsupportedScheme`] (`len` is the URL's length).
    pub fn span(&self, len: usize) -> Range<usize> {
        match self {
            UrlError::Relative => 0..len,
            UrlError::UnsupportedScheme { scheme } | UrlError::MissingSlashes { scheme } => {
                0..scheme.len() + 1
            }
            UrlError::Character { at, ch } => *at..at + ch.len_utf8(),
            UrlError::Credentials { span }
            | UrlError::InvalidHost { span, .. }
            | UrlError::InvalidPort { span, .. } => span.clone(),
            UrlError::EmptyHost { at } => *at..*at,
        }
    }
}

/// A character as a message names it: `a space`, `a NUL byte`, `U+200B`.
pub(crate) fn describe(ch: char) -> Cow<'static, str> {
    match ch {
        ' ' => "a space".into(),
        '\t' => "a tab".into(),
        '\r' => "a carriage return (CR)".into(),
        '\n' => "a line feed (LF)".into(),
        '\0' => "a NUL byte".into(),
        '\\' => "a backslash (`\\`)".into(),
        c if c.is_whitespace() => format!("whitespace (U+{:04X})", u32::from(c)).into(),
        c => format!("an invisible character (U+{:04X})", u32::from(c)).into(),
    }
}

/// A character the rule refuses anywhere in a URL: whitespace, a control
/// character, an invisible formatting character (soft hyphen, zero-width
/// characters, bidirectional controls, word joiners, BOM), or a backslash.
fn is_forbidden(c: char) -> bool {
    c == '\\'
        || c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// An absolute http(s) URL that follows [the rule](self#the-rule), with its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpUrl<'a> {
    parts: Parts<'a>,
    port: Option<u16>,
    host_kind: HostKind,
}

impl<'a> HttpUrl<'a> {
    /// Checks `text` (a whole URL, no surrounding whitespace) against [the
    /// rule](self#the-rule).
    ///
    /// # Errors
    ///
    /// The first problem found, scheme first, then characters left to right, then
    /// the authority: [`UrlError`].
    pub fn parse(text: &'a str) -> Result<HttpUrl<'a>, UrlError> {
        let Some(scheme_end) = scheme_end(text) else {
            return Err(UrlError::Relative);
        };
        let scheme = &text[..scheme_end];
        if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
            return Err(UrlError::UnsupportedScheme {
                scheme: scheme.to_owned(),
            });
        }
        if let Some((at, ch)) = forbidden_char(text, scheme_end + 1) {
            return Err(UrlError::Character { at, ch });
        }
        let Some(parts) = Parts::scan_after(text, scheme_end) else {
            return Err(UrlError::MissingSlashes {
                scheme: scheme.to_owned(),
            });
        };
        if parts.userinfo().is_some() {
            return Err(UrlError::Credentials {
                span: parts.scheme_end + 3..parts.host_start,
            });
        }
        let host = parts.host();
        if host.is_empty() {
            return Err(UrlError::EmptyHost {
                at: parts.host_start,
            });
        }
        let invalid_host = || UrlError::InvalidHost {
            host: host.to_owned(),
            span: parts.host_range(),
        };
        let host_kind = host_kind(host).ok_or_else(invalid_host)?;
        let port = match parts.port() {
            None if parts.host_end == parts.path_start => None,
            // Something after the host that is no `:port` (`[::1]x`).
            None => return Err(invalid_host()),
            Some(port) => Some(
                Some(port)
                    .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|p| p.parse::<u16>().ok())
                    .ok_or_else(|| UrlError::InvalidPort {
                        port: port.to_owned(),
                        span: parts.host_end + 1..parts.path_start,
                    })?,
            ),
        };
        Ok(HttpUrl {
            parts,
            port,
            host_kind,
        })
    }

    /// The URL.
    pub fn as_str(&self) -> &'a str {
        self.parts.as_str()
    }

    /// The parts, with their offsets.
    pub fn parts(&self) -> &Parts<'a> {
        &self.parts
    }

    /// `http` or `https` as written (any case).
    pub fn scheme(&self) -> &'a str {
        self.parts.scheme()
    }

    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.scheme().len() == 5
    }

    /// The host as written.
    pub fn host(&self) -> &'a str {
        self.parts.host()
    }

    /// What the host is.
    pub fn host_kind(&self) -> HostKind {
        self.host_kind
    }

    /// The port, if one is written.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The path as written: empty or starting with `/`.
    pub fn path(&self) -> &'a str {
        self.parts.path()
    }

    /// The query, without its `?`.
    pub fn query(&self) -> Option<&'a str> {
        self.parts.query()
    }

    /// The fragment, without its `#`.
    pub fn fragment(&self) -> Option<&'a str> {
        self.parts.fragment()
    }
}

/// The first character the rule refuses at or after `from`, and its offset.
fn forbidden_char(text: &str, from: usize) -> Option<(usize, char)> {
    let b = text.as_bytes();
    let mut i = from;
    // Nearly every URL is visible ASCII: 16 bytes at a time, branch-free (the
    // compiler vectorises it), up to the first chunk with anything else in it.
    let is_plain = |chunk: &[u8; 16]| {
        let mut other = false;
        for &c in chunk {
            other |= (c <= b' ') | (c >= 0x7f) | (c == b'\\');
        }
        !other
    };
    while let Some(chunk) = b.get(i..i + 16).and_then(|c| <&[u8; 16]>::try_from(c).ok()) {
        if !is_plain(chunk) {
            break;
        }
        i += 16;
    }
    // Fewer than 16 bytes left after plain chunks: the last 16 bytes of the
    // text, read again in part, settle them at once rather than one by one.
    if i > from
        && i < b.len()
        && b.len() - i < 16
        && let Some(last) = b
            .len()
            .checked_sub(16)
            .and_then(|start| b.get(start..))
            .and_then(|c| <&[u8; 16]>::try_from(c).ok())
        && is_plain(last)
    {
        return None;
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii() {
            if c <= b' ' || c == 0x7f || c == b'\\' {
                return Some((i, char::from(c)));
            }
            i += 1;
        } else {
            let ch = text[i..].chars().next()?;
            if is_forbidden(ch) {
                return Some((i, ch));
            }
            i += ch.len_utf8();
        }
    }
    None
}

/// What `host` (as written, not empty) is, or `None` if the rule refuses it.
///
/// ASCII hosts are checked here, by the rule's letter, in one pass; a non-ASCII
/// or punycode host goes through the `url` crate's IDNA, whose ASCII form must
/// then pass the same checks. An all-ASCII host is never changed by IDNA beyond
/// lower-casing.
///
/// ```
/// use dateline_core::url::{HostKind, host_kind};
///
/// assert_eq!(host_kind("www.Example.com"), Some(HostKind::Domain));
/// assert_eq!(host_kind("192.0.2.1"), Some(HostKind::Ipv4));
/// assert_eq!(host_kind("0x7f.1"), None, "read as IPv4 by browsers, not written as one");
/// ```
pub fn host_kind(host: &str) -> Option<HostKind> {
    if host.is_ascii() && !host.starts_with('[') {
        // A last label starting with a digit makes the URL standard read the
        // host as IPv4 (`example.0x7f`, `1.2.3`): then it must be one, written
        // plainly.
        return match ascii_domain(host)? {
            Label {
                last_digit: true, ..
            } => host
                .parse::<std::net::Ipv4Addr>()
                .is_ok()
                .then_some(HostKind::Ipv4),
            Label {
                punycode: false, ..
            } => Some(HostKind::Domain),
            // Punycode must decode: the url crate says whether it does.
            Label { punycode: true, .. } => {
                matches!(::url::Host::parse(host), Ok(::url::Host::Domain(_)))
                    .then_some(HostKind::Idn)
            }
        };
    }
    // The url crate would decode escapes in a host first: as written, they are
    // not a host name.
    if host.contains('%') {
        return None;
    }
    match ::url::Host::parse(host) {
        Ok(::url::Host::Ipv6(_)) if host.starts_with('[') => Some(HostKind::Ipv6),
        Ok(::url::Host::Domain(ascii)) if !host.starts_with('[') => ascii_domain(&ascii)
            .filter(|l| !l.last_digit)
            .map(|_| HostKind::Idn),
        _ => None,
    }
}

/// Whether a host, as a URL holds it, is an IP address rather than a name: an
/// IPv6 address in brackets, or an IPv4 address written `192.0.2.1`. It draws
/// the line where [`host_kind`] does, without checking a name's labels, for a
/// host already known to follow the rule (a canonical one).
///
/// ```
/// use dateline_core::url::is_ip_address;
///
/// assert!(is_ip_address("192.0.2.1") && is_ip_address("[::1]"));
/// assert!(!is_ip_address("www.example.com") && !is_ip_address("1password.com"));
/// ```
pub fn is_ip_address(host: &str) -> bool {
    let name = host.strip_suffix('.').unwrap_or(host);
    let last = name.rsplit('.').next().unwrap_or(name);
    host.starts_with('[')
        || (last.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && name.parse::<std::net::Ipv4Addr>().is_ok())
}

/// What [`ascii_domain`] learnt of a host's labels.
struct Label {
    /// Some label is punycode (`xn--`).
    punycode: bool,
    /// The last label starts with a digit.
    last_digit: bool,
}

/// Checks an ASCII host name by the rule's letter, in one pass over its bytes:
/// labels of letters, digits and inner hyphens, 1 to 63 bytes, at most 253 in
/// all, an optional final dot. `None` when it breaks that.
fn ascii_domain(host: &str) -> Option<Label> {
    /// The bytes a label may hold: letters, digits, `-`. (A table: one load a
    /// byte, where testing a bit of a `u128` takes a dozen instructions.)
    const LDH: [bool; 256] = {
        let mut table = [false; 256];
        let mut c = 0;
        while c < 256 {
            table[c] = (c as u8).is_ascii_alphanumeric() || c as u8 == b'-';
            c += 1;
        }
        table
    };
    let name = host.strip_suffix('.').unwrap_or(host).as_bytes();
    if name.is_empty() || name.len() > 253 {
        return None;
    }
    let label_ok = |label: &[u8]| {
        matches!(label, [first, .., last] | [first @ last]
            if *first != b'-' && *last != b'-' && label.len() <= 63)
    };
    let mut punycode = false;
    let mut start = 0;
    for (i, &c) in name.iter().enumerate() {
        if c == b'.' {
            let label = &name[start..i];
            if !label_ok(label) {
                return None;
            }
            punycode |= label.len() >= 4 && label[..4].eq_ignore_ascii_case(b"xn--");
            start = i + 1;
        } else if !LDH[usize::from(c)] {
            return None;
        }
    }
    let last = &name[start..];
    if !label_ok(last) {
        return None;
    }
    Some(Label {
        punycode: punycode || (last.len() >= 4 && last[..4].eq_ignore_ascii_case(b"xn--")),
        last_digit: last[0].is_ascii_digit(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(text: &str) -> Result<HostKind, UrlError> {
        HttpUrl::parse(text).map(|u| u.host_kind())
    }

    #[test]
    fn hosts_are_cut_whatever_the_scheme() {
        assert_eq!(
            host("http://www.hngn.com/articles/240451/x.htm"),
            "www.hngn.com"
        );
        assert_eq!(
            host("https://User:pw@WWW.Example.COM:8080/a?b#c"),
            "www.example.com"
        );
        assert_eq!(host("https://[::1]:8080/"), "[::1]");
        assert_eq!(host("https://example.org"), "example.org");
        assert_eq!(host("https://example.org?q"), "example.org");
        assert_eq!(host("https://example.org#a/b"), "example.org");
        assert_eq!(host("http://evil.com\\@good.com/"), "evil.com");
        assert_eq!(host("ftp://files.example.org/a"), "files.example.org");
        assert_eq!(host("not a url"), "");
        assert_eq!(host("nonsense"), "");
        assert_eq!(host("http:evil.com"), "");
    }

    #[test]
    fn parts_are_cut_by_position() {
        let p = Parts::scan("https://a.b/c/d?e=f?g#h?i#j").unwrap();
        assert_eq!(p.path(), "/c/d");
        assert_eq!(p.query(), Some("e=f?g"));
        assert_eq!(p.fragment(), Some("h?i#j"));
        let p = Parts::scan("http://a.b#x?y").unwrap();
        assert_eq!((p.path(), p.query(), p.fragment()), ("", None, Some("x?y")));
        let p = Parts::scan("http://a.b:").unwrap();
        assert_eq!((p.host(), p.port()), ("a.b", Some("")));
        let p = Parts::scan("http://u@v@a.b/").unwrap();
        assert_eq!((p.userinfo(), p.host()), (Some("u@v"), "a.b"));
    }

    #[test]
    fn the_rule_accepts_article_urls() {
        for (ok, kind) in [
            (
                "http://www.hngn.com/articles/240451/20220207/macron.htm",
                HostKind::Domain,
            ),
            (
                "https://apnews.com/article/x?utm_source=a#top",
                HostKind::Domain,
            ),
            ("HTTPS://EXAMPLE.COM", HostKind::Domain),
            ("http://localhost:8080/a", HostKind::Domain),
            ("https://www.bbc.com./news", HostKind::Domain),
            ("http://example.com/caf%C3%A9|x\"y", HostKind::Domain),
            ("https://ar.example.com/مقالة/خبر", HostKind::Domain),
            ("http://bücher.de/", HostKind::Idn),
            ("http://xn--bcher-kva.de/", HostKind::Idn),
            ("http://192.0.2.1:80/a", HostKind::Ipv4),
            ("http://[2001:db8::1]:8080/", HostKind::Ipv6),
            ("http://ab--c.com/", HostKind::Domain),
            ("http://x.com:0/", HostKind::Domain),
        ] {
            assert_eq!(verdict(ok), Ok(kind), "{ok}");
        }
    }

    #[test]
    fn the_rule_refuses_what_a_browser_would_repair() {
        let refused = |text: &str| verdict(text).expect_err(text);
        assert_eq!(refused("www.example.com/a"), UrlError::Relative);
        assert_eq!(refused("/a/b"), UrlError::Relative);
        assert_eq!(refused("20220131"), UrlError::Relative);
        assert!(
            matches!(refused("ftp://x.com/"), UrlError::UnsupportedScheme { scheme } if scheme == "ftp")
        );
        assert!(matches!(
            refused("mailto:desk@x.com"),
            UrlError::UnsupportedScheme { .. }
        ));
        assert!(matches!(
            refused("http:evil.com"),
            UrlError::MissingSlashes { .. }
        ));
        assert!(matches!(
            refused("http:/evil.com"),
            UrlError::MissingSlashes { .. }
        ));
        assert_eq!(
            refused("http:/\\evil.com"),
            UrlError::Character { at: 6, ch: '\\' }
        );
        assert_eq!(
            refused("http://x.com\\a"),
            UrlError::Character { at: 12, ch: '\\' }
        );
        assert_eq!(refused("https:///x"), UrlError::EmptyHost { at: 8 });
        assert_eq!(refused("http://"), UrlError::EmptyHost { at: 7 });
        assert_eq!(refused("http://?q"), UrlError::EmptyHost { at: 7 });
        assert!(
            matches!(refused("http://user:pw@example.com/"), UrlError::Credentials { span } if span == (7..15))
        );
        assert!(matches!(
            refused("http://@example.com/"),
            UrlError::Credentials { .. }
        ));
        assert_eq!(
            refused("http://x.com/a\0"),
            UrlError::Character { at: 14, ch: '\0' }
        );
        assert_eq!(
            refused("http://x.com/a b"),
            UrlError::Character { at: 14, ch: ' ' }
        );
        assert_eq!(
            refused("http://x.com/a\tb"),
            UrlError::Character { at: 14, ch: '\t' }
        );
        assert_eq!(refused("htt\rp://x.com/"), UrlError::Relative);
        assert_eq!(
            refused("http://x.com/\r"),
            UrlError::Character { at: 13, ch: '\r' }
        );
        assert_eq!(
            refused("http://x.com/a\u{a0}"),
            UrlError::Character {
                at: 14,
                ch: '\u{a0}'
            }
        );
        assert_eq!(
            refused("http://x.com/\u{202e}gpj"),
            UrlError::Character {
                at: 13,
                ch: '\u{202e}'
            }
        );
        assert_eq!(
            refused("http://x.com/\u{85}"),
            UrlError::Character {
                at: 13,
                ch: '\u{85}'
            }
        );
        for host in [
            "-",
            "-x.com",
            "x-.com",
            "x..com",
            ".x.com",
            "x.com..",
            "exa_mple.com",
            "ex%61mple.com",
            "999.1.1.1",
            "1.2.3",
            "0x7f.1",
            "01.2.3.4",
            "1.2.3.4.",
            "example.123",
            "example.0x7f",
            "[::1",
            "[::1]x",
            "[fe80::1%25eth0]",
            "xn--a.com",
            "bü_cher.de",
        ] {
            let url = format!("http://{host}/");
            assert!(
                matches!(verdict(&url), Err(UrlError::InvalidHost { .. })),
                "{url}: {:?}",
                verdict(&url)
            );
        }
        let long_label = format!("http://{}.com/", "a".repeat(64));
        assert!(matches!(
            verdict(&long_label),
            Err(UrlError::InvalidHost { .. })
        ));
        for port in ["99999", "", "8o", "-1", "+80"] {
            let url = format!("http://x.com:{port}/");
            assert!(
                matches!(verdict(&url), Err(UrlError::InvalidPort { .. })),
                "{url}"
            );
        }
    }

    #[test]
    fn errors_point_at_the_fault() {
        let at = |text: &str| {
            let e = HttpUrl::parse(text).unwrap_err();
            text[e.span(text.len())].to_owned()
        };
        assert_eq!(at("http:evil.com"), "http:");
        assert_eq!(at("http://u:p@x.com/"), "u:p@");
        assert_eq!(at("http://x-/"), "x-");
        assert_eq!(at("http://x.com:99999/"), "99999");
        assert_eq!(at("http://x.com/a\u{200b}"), "\u{200b}");
        assert_eq!(at("ftp://x"), "ftp:");
        assert_eq!(at("x.com/a"), "x.com/a");
    }

    /// Hosts, ports and the rest around the rule's edges: what browsers repair,
    /// what they read as IPv4, IDN, credentials, invisible characters.
    fn url_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let scheme = prop_oneof![
            6 => Just("http://"),
            6 => Just("https://"),
            2 => Just("HtTpS://"),
            1 => Just("http:"),
            1 => Just("http:/"),
            1 => Just("http:\\\\"),
            1 => Just("http:/\\"),
            1 => Just("https:///"),
            1 => Just("ftp://"),
            1 => Just(""),
        ];
        let userinfo =
            prop_oneof![8 => Just(""), 1 => Just("user@"), 1 => Just("u:p@"), 1 => Just("@")];
        let host = prop_oneof![
            6 => "[a-zA-Z0-9-]{1,8}(\\.[a-zA-Z0-9-]{1,6}){0,3}\\.?",
            2 => "[a-z0-9._~%@:-]{0,12}",
            1 => "[0-9]{1,3}(\\.[0-9]{1,3}){0,4}",
            1 => "(0x[0-9a-f]{1,2}|[0-9]{1,4})(\\.[0-9a-fx]{1,3}){0,3}",
            1 => Just("bücher.example".to_owned()),
            1 => Just("ＥＸＡＭＰＬＥ．com".to_owned()),
            1 => Just("xn--bcher-kva.example".to_owned()),
            1 => Just("xn--a.example".to_owned()),
            1 => Just("[::1]".to_owned()),
            1 => Just("[2001:DB8:0:0::1]".to_owned()),
            1 => Just("[::ffff:1.2.3.4]".to_owned()),
            1 => Just("-".to_owned()),
            1 => Just(String::new()),
        ];
        let port = prop_oneof![8 => Just(String::new()), 2 => ":[0-9]{0,6}", 1 => ":[0-9a-z]{0,3}"];
        let rest = prop_oneof![
            4 => "[/?#][ -~]{0,30}",
            2 => "/[a-zA-Z0-9._~!$&()*+,;=:@/%-]{0,20}",
            1 => "/[é東\\u{a0}\\u{200b}\\u{202e}\\u{feff}\\u{85}\t\r\n\u{0} ]{1,3}",
            1 => "[\\\\ ]?[ -~]{0,8}",
            1 => Just(String::new()),
        ];
        (scheme, userinfo, host, port, rest).prop_map(|(s, u, h, p, r)| format!("{s}{u}{h}{p}{r}"))
    }

    /// What the url crate makes of an accepted URL's host, for comparison.
    fn expected_host(url: &HttpUrl<'_>) -> String {
        match url.host_kind() {
            HostKind::Domain | HostKind::Ipv4 => url.host().to_ascii_lowercase(),
            HostKind::Idn | HostKind::Ipv6 => ::url::Host::parse(url.host())
                .map(|h| h.to_string())
                .unwrap_or_default(),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]

        /// Whatever the rule accepts, the url crate reads alike: same scheme, host
        /// and port, and the URL's text has nothing the parser had to drop.
        #[test]
        fn the_url_crate_reads_accepted_urls_as_written(text in url_like()) {
            if let Ok(url) = HttpUrl::parse(&text) {
                let parsed = ::url::Url::parse(&text);
                proptest::prop_assert!(parsed.is_ok(), "{:?}: {:?}", text, parsed);
                let parsed = parsed.unwrap();
                proptest::prop_assert_eq!(parsed.scheme(), url.scheme().to_ascii_lowercase());
                let host_read = expected_host(&url);
                proptest::prop_assert_eq!(parsed.host_str(), Some(host_read.as_str()));
                let default = if url.is_https() { 443 } else { 80 };
                proptest::prop_assert_eq!(parsed.port_or_known_default(), Some(url.port().unwrap_or(default)));
                proptest::prop_assert_eq!(parsed.username(), "");
                proptest::prop_assert_eq!(parsed.password(), None);
                proptest::prop_assert!(!url.as_str().contains(['\t', '\n', '\r', ' ', '\\']));
                // The scanner and the rule see the same parts.
                proptest::prop_assert_eq!(host(&text), url.host().to_ascii_lowercase());
                // The cheap test for an IP address draws the rule's line.
                proptest::prop_assert_eq!(
                    is_ip_address(url.host()),
                    matches!(url.host_kind(), HostKind::Ipv4 | HostKind::Ipv6)
                );
            }
        }

        /// The same on any printable ASCII after a scheme.
        #[test]
        fn the_url_crate_agrees_on_any_ascii(rest in "[ -~]{0,40}") {
            for text in [format!("http://{rest}"), format!("https://a.b{rest}")] {
                if let Ok(url) = HttpUrl::parse(&text) {
                    let parsed = ::url::Url::parse(&text);
                    proptest::prop_assert!(parsed.is_ok(), "{:?}", text);
                    let (parsed, host_read) = (parsed.unwrap(), expected_host(&url));
                    proptest::prop_assert_eq!(parsed.host_str(), Some(host_read.as_str()));
                }
            }
        }

        /// The forbidden-character scan, 16 bytes at a time, finds what a scan
        /// of the characters one by one finds, at any length and place.
        #[test]
        fn forbidden_chars_are_found_as_one_by_one(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    3 => "[a-z0-9/.?=-]{1,20}",
                    1 => "[ \\t\\\\\u{7f}\u{200b}\u{ad}é]",
                ],
                0..6,
            )
        ) {
            let text = format!("http:{}", pieces.concat());
            let one_by_one = text[5..]
                .char_indices()
                .map(|(at, ch)| (at + 5, ch))
                .find(|&(_, ch)| is_forbidden(ch));
            proptest::prop_assert_eq!(forbidden_char(&text, 5), one_by_one);
        }

        /// No input panics the scanner or the rule, and spans stay in the text.
        #[test]
        fn never_panics(text in "\\PC{0,40}") {
            let _ = host(&text);
            if let Err(e) = HttpUrl::parse(&text) {
                let span = e.span(text.len());
                proptest::prop_assert!(span.start <= span.end && span.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
    }
}
