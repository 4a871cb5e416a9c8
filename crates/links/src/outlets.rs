//! A gazetteer of news outlets: who publishes on a host, who is meant by a name.
//!
//! The crate ships a gazetteer of the most cited English-language outlets and
//! wire services ([`Gazetteer::builtin`]), compiled in from `data/outlets.toml`
//! and parsed once, on first use. A user file in the same format can extend it
//! or override its records ([`Gazetteer::merge`]).
//!
//! ```
//! use dateline_links::outlets::{Gazetteer, OutletKind};
//!
//! let gazetteer = Gazetteer::builtin();
//! let ap = gazetteer.lookup_name("The Associated Press").map(|o| o.id());
//! assert_eq!(ap, Some("ap"));
//! let hngn = gazetteer.lookup_host("www.hngn.com");
//! assert_eq!(hngn.map(|o| o.name()), Some("Headlines & Global News"));
//! assert_eq!(hngn.map(|o| o.kind()), Some(OutletKind::Digital));
//! ```
//!
//! # File format
//!
//! A TOML document with one `[[outlet]]` table per outlet:
//!
//! ```toml
//! [[outlet]]
//! id = "bbc"                      # stable: lowercase ASCII letters, digits, inner '-'
//! name = "BBC"                    # display name
//! aliases = ["BBC News", "British Broadcasting Corporation"]   # optional
//! domains = ["bbc.co.uk", "bbc.com"]                            # one or more
//! kind = "broadcaster"            # newspaper | broadcaster | wire | magazine | digital
//! country = "GB"                  # ISO 3166-1 alpha-2
//! ```
//!
//! Unknown fields are errors (a typo must not silently drop data). Domains are
//! host names without scheme, port, path or leading `www.`, lowercase, in
//! valid punycode for internationalised names, with a public suffix on the Public
//! Suffix List. No two outlets may share a name key (see below) or a domain;
//! ids are unique. Every error names the line of the offending record.
//!
//! # Lookups
//!
//! [`Gazetteer::lookup_name`] compares *name keys*: the name put in the
//! [`normalize`](crate::text::normalize)d form (NFKC, lowercase, unified quotes
//! and dashes), accents removed, `&` read as `and`, apostrophes and dots
//! deleted (`Barron's` → `barrons`, `U.S.` → `us`), every other non-alphanumeric
//! character read as a space, spaces collapsed, and a leading `the` dropped. So
//! `"the associated press"`, `"The Associated Press"` and `"Associated Press"`
//! are one key; `"AP"` is another, listed as an alias.
//!
//! [`Gazetteer::lookup_host`] tries the host itself, then each parent domain
//! down to the registrable domain (`edition.cnn.com` → `cnn.com`), never the
//! public suffix (`co.uk`). A claimed subdomain is therefore more specific than
//! its registrable domain: `abcnews.go.com` is ABC News, `go.com` is no outlet.
//!
//! # Ambiguous names
//!
//! A name key belongs to one outlet only, so the built-in data settles common
//! ambiguities one way: `ABC` and `ABC News` are the US network (ABC
//! Australia answers to `ABC Australia`, `ABC (Australia)` and `Australian
//! Broadcasting Corporation`), `The Times` is the London paper, `Independent`
//! the British one, `Telegraph` the British one, `Nation` the US magazine. A
//! user file can change that by overriding the records.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::canonical::CanonicalUrl;
use crate::facts::registrable_domain;
use crate::text;

/// The built-in gazetteer's source.
const BUILTIN: &str = include_str!("../data/outlets.toml");

/// What kind of outlet publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum OutletKind {
    /// A newspaper, printed now or once (also online-only former papers).
    Newspaper,
    /// A television or radio broadcaster.
    Broadcaster,
    /// A news agency selling copy to other outlets.
    Wire,
    /// A magazine, weekly or monthly.
    Magazine,
    /// A digital-native news site.
    Digital,
}

impl OutletKind {
    /// The kind as spelled in the file format (`"wire"`).
    pub fn as_str(self) -> &'static str {
        match self {
            OutletKind::Newspaper => "newspaper",
            OutletKind::Broadcaster => "broadcaster",
            OutletKind::Wire => "wire",
            OutletKind::Magazine => "magazine",
            OutletKind::Digital => "digital",
        }
    }
}

impl fmt::Display for OutletKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One outlet of a [`Gazetteer`]: always valid (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outlet {
    id: String,
    name: String,
    aliases: Vec<String>,
    domains: Vec<String>,
    kind: OutletKind,
    country: String,
}

impl Outlet {
    /// The stable id (`"ap"`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The display name (`"Associated Press"`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Other names (`["AP", "AP News", ...]`), as written in the file.
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// The host names it publishes on (`["apnews.com", "ap.org"]`).
    pub fn domains(&self) -> &[String] {
        &self.domains
    }

    /// What kind of outlet it is.
    pub fn kind(&self) -> OutletKind {
        self.kind
    }

    /// Its home country, as an ISO 3166-1 alpha-2 code (`"US"`).
    pub fn country(&self) -> &str {
        &self.country
    }

    /// The name followed by the aliases.
    fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// Why a gazetteer file could not be loaded, or two gazetteers merged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GazetteerError {
    /// The file could not be read.
    #[error("cannot read the gazetteer: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not TOML, or not in the gazetteer's format (a missing or
    /// unknown field, a wrong type, an unknown kind).
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column (in characters) of the error.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A record breaks a rule of the format (empty name, bad domain...).
    #[error("line {line}: outlet {id:?}: {message}")]
    Invalid {
        /// 1-based line where the record starts.
        line: usize,
        /// The record's id, as written.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// Two records of one file claim the same id, name key or domain.
    #[error("line {line}: outlet {id:?}: {what} {key:?} is already claimed by outlet {other:?}")]
    Duplicate {
        /// 1-based line where the later record starts.
        line: usize,
        /// The later record's id.
        id: String,
        /// `"id"`, `"name"` or `"domain"`.
        what: &'static str,
        /// The id, name key or domain claimed twice.
        key: String,
        /// The id of the earlier record.
        other: String,
    },
    /// After a merge, two outlets claim the same name key or domain.
    #[error(
        "{}{what} {key:?} is claimed by both outlet {first:?} and outlet {second:?}",
        line.map(|l| format!("line {l}: ")).unwrap_or_default()
    )]
    Conflict {
        /// The 1-based line where the record of the overrides involved starts,
        /// when the overrides were read from a file.
        line: Option<usize>,
        /// `"name"` or `"domain"`.
        what: &'static str,
        /// The name key or domain claimed twice.
        key: String,
        /// One outlet's id.
        first: String,
        /// The other outlet's id.
        second: String,
    },
}

/// A set of [`Outlet`]s indexed by id, name key and domain.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    outlets: Vec<Outlet>,
    /// Per outlet, the line of its record, if read from a file (for errors).
    lines: Vec<Option<usize>>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    by_domain: HashMap<String, usize>,
}

impl Gazetteer {
    /// The gazetteer built into the crate, parsed on first use.
    ///
    /// # Panics
    ///
    /// Never in a released crate: the built-in data is checked by the crate's tests.
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN_GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN_GAZETTEER.get_or_init(|| match BUILTIN.parse() {
            Ok(gazetteer) => gazetteer,
            Err(e) => panic!("the built-in data/outlets.toml is invalid: {e}"),
        })
    }

    /// Reads a gazetteer file (see the [module docs](self) for the format).
    ///
    /// # Errors
    ///
    /// [`GazetteerError::Io`] if reading fails, and the errors of the
    /// [`FromStr`] implementation.
    pub fn from_reader<R: Read>(mut reader: R) -> Result<Gazetteer, GazetteerError> {
        let mut text = String::new();
        reader.read_to_string(&mut text)?;
        text.parse()
    }

    /// This gazetteer with `overrides` applied: an outlet of `overrides` whose
    /// id is already here replaces that outlet whole (in its place), and the
    /// others are added at the end.
    ///
    /// ```
    /// use dateline_links::outlets::Gazetteer;
    ///
    /// let user: Gazetteer = r#"
    /// [[outlet]]
    /// id = "hngn"
    /// name = "HNGN"
    /// aliases = ["Headlines and Global News"]
    /// domains = ["hngn.com"]
    /// kind = "digital"
    /// country = "US"
    ///
    /// [[outlet]]
    /// id = "local-gazette"
    /// name = "The Local Gazette"
    /// domains = ["localgazette.example.com"]
    /// kind = "newspaper"
    /// country = "US"
    /// "#.parse()?;
    /// let merged = Gazetteer::builtin().merge(&user)?;
    /// assert_eq!(merged.len(), Gazetteer::builtin().len() + 1);
    /// assert_eq!(merged.lookup_host("hngn.com").map(|o| o.name()), Some("HNGN"));
    /// assert_eq!(merged.lookup_name("local gazette").map(|o| o.id()), Some("local-gazette"));
    /// # Ok::<(), dateline_links::outlets::GazetteerError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`GazetteerError::Conflict`] if two outlets of the result claim the
    /// same name key or domain.
    pub fn merge(&self, overrides: &Gazetteer) -> Result<Gazetteer, GazetteerError> {
        let mut outlets = self.outlets.clone();
        // A clash names the line of the override's record, never a line of
        // the base, whose file the user may not have.
        let mut lines = vec![None; outlets.len()];
        for (k, outlet) in overrides.outlets.iter().enumerate() {
            let line = overrides.lines.get(k).copied().flatten();
            match self.by_id.get(&outlet.id) {
                Some(&i) => {
                    outlets[i] = outlet.clone();
                    lines[i] = line;
                }
                None => {
                    outlets.push(outlet.clone());
                    lines.push(line);
                }
            }
        }
        Gazetteer::index(outlets, lines, Clash::Conflict)
    }

    /// The outlet with this id.
    pub fn get(&self, id: &str) -> Option<&Outlet> {
        self.by_id.get(id).map(|&i| &self.outlets[i])
    }

    /// The outlet with this name or alias, compared by name key (see the
    /// [module docs](self)).
    ///
    /// ```
    /// use dateline_links::outlets::Gazetteer;
    ///
    /// let g = Gazetteer::builtin();
    /// assert_eq!(g.lookup_name("NBC News").map(|o| o.id()), Some("nbc-news"));
    /// assert_eq!(g.lookup_name("the new york times").map(|o| o.id()), Some("nyt"));
    /// assert_eq!(g.lookup_name("N.Y. Times").map(|o| o.id()), Some("nyt"));
    /// assert_eq!(g.lookup_name("Barrons").map(|o| o.id()), Some("barrons"));
    /// assert_eq!(g.lookup_name("Unknown Gazette"), None);
    /// ```
    pub fn lookup_name(&self, name: &str) -> Option<&Outlet> {
        let key = name_key(name);
        if key.is_empty() {
            return None;
        }
        self.by_name.get(&key).map(|&i| &self.outlets[i])
    }

    /// The outlet publishing on `host`: the host itself, then each parent
    /// domain down to the registrable domain (see the [module docs](self)).
    /// The host is lowercased, a trailing dot ignored, and an internationalised
    /// name converted to punycode; a host that is not a valid domain name
    /// gives `None`.
    ///
    /// ```
    /// use dateline_links::outlets::Gazetteer;
    ///
    /// let g = Gazetteer::builtin();
    /// assert_eq!(g.lookup_host("www.hngn.com").map(|o| o.id()), Some("hngn"));
    /// assert_eq!(g.lookup_host("news.bbc.co.uk").map(|o| o.id()), Some("bbc"));
    /// assert_eq!(g.lookup_host("abcnews.go.com").map(|o| o.id()), Some("abc-news"));
    /// assert_eq!(g.lookup_host("go.com"), None);
    /// assert_eq!(g.lookup_host("co.uk"), None);
    /// ```
    pub fn lookup_host(&self, host: &str) -> Option<&Outlet> {
        let host = normalize_host(host)?;
        let registrable = registrable_domain(&host);
        let mut candidate = host.as_str();
        loop {
            if let Some(&i) = self.by_domain.get(candidate) {
                return Some(&self.outlets[i]);
            }
            if registrable.as_deref() == Some(candidate) {
                return None;
            }
            match candidate.split_once('.') {
                Some((_, parent)) if parent.contains('.') || registrable.is_some() => {
                    candidate = parent;
                }
                _ => return None,
            }
        }
    }

    /// The outlet publishing at `url`: [`Gazetteer::lookup_host`] of its host.
    pub fn lookup_url(&self, url: &CanonicalUrl) -> Option<&Outlet> {
        self.lookup_host(url.host())
    }

    /// The outlets, in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, Outlet> {
        self.outlets.iter()
    }

    /// The number of outlets.
    pub fn len(&self) -> usize {
        self.outlets.len()
    }

    /// Whether there are no outlets.
    pub fn is_empty(&self) -> bool {
        self.outlets.is_empty()
    }

    /// Builds the indexes. `lines` holds each outlet's line, where known; a
    /// clash is reported as `clash` says.
    fn index(
        outlets: Vec<Outlet>,
        lines: Vec<Option<usize>>,
        clash: Clash,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut gazetteer = Gazetteer::default();
        for (i, outlet) in outlets.iter().enumerate() {
            let line = |i: usize| lines.get(i).copied().flatten();
            let clash = |what: &'static str, key: &str, other: usize| match clash {
                Clash::Duplicate => GazetteerError::Duplicate {
                    line: line(i).unwrap_or_default(),
                    id: outlet.id.clone(),
                    what,
                    key: key.to_owned(),
                    other: outlets[other].id.clone(),
                },
                Clash::Conflict => GazetteerError::Conflict {
                    line: line(i).or_else(|| line(other)),
                    what,
                    key: key.to_owned(),
                    first: outlets[other].id.clone(),
                    second: outlet.id.clone(),
                },
            };
            if let Some(&other) = gazetteer.by_id.get(&outlet.id) {
                return Err(clash("id", &outlet.id, other));
            }
            gazetteer.by_id.insert(outlet.id.clone(), i);
            for name in outlet.names() {
                let key = name_key(name);
                match gazetteer.by_name.get(&key) {
                    Some(&other) if other != i => return Err(clash("name", &key, other)),
                    _ => {
                        gazetteer.by_name.insert(key, i);
                    }
                }
            }
            for domain in &outlet.domains {
                match gazetteer.by_domain.get(domain) {
                    Some(&other) if other != i => return Err(clash("domain", domain, other)),
                    _ => {
                        gazetteer.by_domain.insert(domain.clone(), i);
                    }
                }
            }
        }
        gazetteer.outlets = outlets;
        gazetteer.lines = lines;
        Ok(gazetteer)
    }
}

/// How [`Gazetteer::index`] reports two outlets claiming one key.
#[derive(Clone, Copy)]
enum Clash {
    /// Both come from one file: [`GazetteerError::Duplicate`].
    Duplicate,
    /// They come from a merge: [`GazetteerError::Conflict`].
    Conflict,
}

impl FromStr for Gazetteer {
    type Err = GazetteerError;

    /// Parses a gazetteer file (see the [module docs](self) for the format).
    ///
    /// # Errors
    ///
    /// [`GazetteerError::Syntax`] for TOML or format errors,
    /// [`GazetteerError::Invalid`] for a record that breaks a rule,
    /// [`GazetteerError::Duplicate`] for an id, name key or domain claimed twice.
    fn from_str(text: &str) -> Result<Gazetteer, GazetteerError> {
        let file: File = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |span| line_and_column(text, span.start));
            GazetteerError::Syntax {
                line,
                column,
                message: e.message().trim().to_owned(),
            }
        })?;
        let mut outlets = Vec::with_capacity(file.outlet.len());
        let mut lines = Vec::with_capacity(file.outlet.len());
        let mut counter = LineCounter::new(text);
        for record in file.outlet {
            let line = counter.line(record.span().start);
            outlets.push(record.into_inner().validate(line)?);
            lines.push(Some(line));
        }
        Gazetteer::index(outlets, lines, Clash::Duplicate)
    }
}

impl<'a> IntoIterator for &'a Gazetteer {
    type Item = &'a Outlet;
    type IntoIter = std::slice::Iter<'a, Outlet>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A gazetteer file, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    outlet: Vec<toml::Spanned<Record>>,
}

/// One `[[outlet]]` table, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    domains: Vec<String>,
    kind: OutletKind,
    country: String,
}

impl Record {
    /// Checks the rules of the format; `line` is where the record starts.
    fn validate(self, line: usize) -> Result<Outlet, GazetteerError> {
        let invalid = |message: String| GazetteerError::Invalid {
            line,
            id: self.id.clone(),
            message,
        };
        let id_ok = !self.id.is_empty()
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !self.id.starts_with('-')
            && !self.id.ends_with('-');
        if !id_ok {
            return Err(invalid(
                "the id must be lowercase ASCII letters, digits and inner '-'".to_owned(),
            ));
        }
        for name in std::iter::once(&self.name).chain(&self.aliases) {
            if name.trim().is_empty() || name_key(name).is_empty() {
                return Err(invalid(format!(
                    "name or alias {name:?} has no letters or digits"
                )));
            }
            if name.trim() != name {
                return Err(invalid(format!(
                    "name or alias {name:?} has surrounding whitespace"
                )));
            }
        }
        if self.domains.is_empty() {
            return Err(invalid("an outlet needs at least one domain".to_owned()));
        }
        for domain in &self.domains {
            check_domain(domain).map_err(|why| invalid(format!("domain {domain:?} {why}")))?;
        }
        let country_ok =
            self.country.len() == 2 && self.country.bytes().all(|b| b.is_ascii_uppercase());
        if !country_ok {
            return Err(invalid(format!(
                "country {:?} is not an ISO 3166-1 alpha-2 code such as \"GB\"",
                self.country
            )));
        }
        Ok(Outlet {
            id: self.id,
            name: self.name,
            aliases: self.aliases,
            domains: self.domains,
            kind: self.kind,
            country: self.country,
        })
    }
}

/// Why `domain` is not a valid gazetteer domain, if it is not.
fn check_domain(domain: &str) -> Result<(), &'static str> {
    let labels_ok = !domain.is_empty()
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    if !labels_ok {
        return Err(
            "is not a lowercase host name (no scheme, port, path or trailing dot; punycode for non-ASCII)",
        );
    }
    // Lookups read hosts as the URL standard does (`normalize_host`): a domain
    // that is not its own normal form there, such as invalid punycode
    // (`xn--a.com`), could be claimed but never found.
    if normalize_host(domain).as_deref() != Some(domain) {
        return Err("is not a valid host name (invalid punycode?): no host would ever match it");
    }
    if domain.starts_with("www.") {
        return Err("starts with \"www.\": drop it, subdomains match anyway");
    }
    if registrable_domain(domain).is_none() {
        return Err("has no registrable domain (unknown public suffix, or a public suffix itself)");
    }
    Ok(())
}

/// The name key of a name or alias (see the [module docs](self)).
fn name_key(name: &str) -> String {
    if name.is_ascii() {
        name_key_ascii(name)
    } else {
        name_key_unicode(name)
    }
}

/// [`name_key`] of ASCII text in one pass and one allocation: NFKC and accent
/// folding change nothing there, so the key is the lowercase ASCII letters and
/// digits, with `'`, `.` and the backtick (which [`text::normalize`] makes an
/// apostrophe) deleted, `&` read as the word `and`, and any other character a
/// word break. Source names are looked up once per attribution, and the general
/// path builds five strings each time. A property test holds it to
/// [`name_key_unicode`].
fn name_key_ascii(name: &str) -> String {
    /// Appends a character of a word, after one space if a word break came
    /// since the previous word.
    fn push_word_char(key: &mut String, c: char, word_break: &mut bool) {
        if *word_break && !key.is_empty() {
            key.push(' ');
        }
        *word_break = false;
        key.push(c);
    }
    let mut key = String::with_capacity(name.len());
    // Whether a word break came since the last character of a word.
    let mut word_break = false;
    for b in name.bytes() {
        match b {
            b'\'' | b'.' | b'`' => {}
            b'&' => {
                word_break = true;
                for c in ['a', 'n', 'd'] {
                    push_word_char(&mut key, c, &mut word_break);
                }
                word_break = true;
            }
            b if b.is_ascii_alphanumeric() => {
                push_word_char(
                    &mut key,
                    char::from(b.to_ascii_lowercase()),
                    &mut word_break,
                );
            }
            _ => word_break = true,
        }
    }
    // A leading `the` goes when another word follows it.
    if key.starts_with("the ") {
        key.drain(..4);
    }
    key
}

/// [`name_key`] of any text: normalised, accents folded, then split into words.
fn name_key_unicode(name: &str) -> String {
    let folded = text::fold_accents(&text::normalize(name));
    let mut key = String::with_capacity(folded.len());
    for c in folded.chars() {
        match c {
            '\'' | '.' => {}
            '&' => key.push_str(" and "),
            c if c.is_alphanumeric() => key.push(c),
            _ => key.push(' '),
        }
    }
    let words: Vec<&str> = key.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

/// A host name as the domain index holds it, or `None` if it is not one.
fn normalize_host(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.');
    match url::Host::parse(host) {
        Ok(url::Host::Domain(domain)) if !domain.is_empty() => Some(domain),
        _ => None,
    }
}

/// The 1-based lines of byte offsets of one text, counted on from the previous
/// offset when they come in order (as records do). Counting each record's line
/// from the start of the file made parsing the built-in gazetteer quadratic:
/// most of the cost of the first link of a run.
struct LineCounter<'t> {
    text: &'t str,
    /// The offset counted up to, and the newlines before it.
    offset: usize,
    newlines: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text,
            offset: 0,
            newlines: 0,
        }
    }

    /// `line_and_column(text, offset).0`.
    fn line(&mut self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            self.offset = 0;
            self.newlines = 0;
        }
        let between = self
            .text
            .as_bytes()
            .get(self.offset..offset)
            .unwrap_or_default();
        self.newlines += between.iter().filter(|&&b| b == b'\n').count();
        self.offset = offset;
        self.newlines + 1
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> &'static Gazetteer {
        Gazetteer::builtin()
    }

    fn id_for_name(name: &str) -> Option<&'static str> {
        builtin().lookup_name(name).map(Outlet::id)
    }

    fn id_for_host(host: &str) -> Option<&'static str> {
        builtin().lookup_host(host).map(Outlet::id)
    }

    fn parse(text: &str) -> Result<Gazetteer, GazetteerError> {
        text.parse()
    }

    const ONE: &str = r#"
[[outlet]]
id = "local-gazette"
name = "The Local Gazette"
aliases = ["Gazette"]
domains = ["localgazette.example.com"]
kind = "newspaper"
country = "US"
"#;

    #[test]
    fn builtin_has_more_than_150_outlets() {
        assert!(builtin().len() > 150, "{}", builtin().len());
        assert!(!builtin().is_empty());
    }

    #[test]
    fn every_builtin_record_is_valid() {
        // Parsing validates every record; check the invariants once more here.
        let mut seen_domains = HashMap::new();
        let mut seen_names = HashMap::new();
        for outlet in builtin() {
            assert!(!outlet.name().trim().is_empty(), "{}", outlet.id());
            assert!(!outlet.domains().is_empty(), "{}", outlet.id());
            assert_eq!(outlet.country().len(), 2, "{}", outlet.id());
            for domain in outlet.domains() {
                assert_eq!(check_domain(domain), Ok(()), "{}: {domain}", outlet.id());
                if let Some(other) = seen_domains.insert(domain.clone(), outlet.id()) {
                    panic!("{domain} claimed by {other} and {}", outlet.id());
                }
                assert_eq!(id_for_host(domain), Some(outlet.id()));
                assert_eq!(id_for_host(&format!("www.{domain}")), Some(outlet.id()));
            }
            let mut keys: Vec<String> = outlet.names().map(name_key).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                if let Some(other) = seen_names.insert(key.clone(), outlet.id()) {
                    panic!("{key:?} claimed by {other} and {}", outlet.id());
                }
            }
            for name in outlet.names() {
                assert_eq!(id_for_name(name), Some(outlet.id()), "{name}");
            }
            assert_eq!(builtin().get(outlet.id()), Some(outlet));
        }
    }

    #[test]
    fn builtin_covers_the_outlets_named_in_the_seed() {
        // `PerBBC,`, `perNBC News.`, `perAP News,` and the seed's own host.
        assert_eq!(id_for_name("BBC"), Some("bbc"));
        assert_eq!(id_for_name("NBC News"), Some("nbc-news"));
        assert_eq!(id_for_name("AP News"), Some("ap"));
        assert_eq!(id_for_host("www.hngn.com"), Some("hngn"));
        assert_eq!(id_for_name("HNGN"), Some("hngn"));
        assert_eq!(id_for_name("Headlines & Global News"), Some("hngn"));
        assert_eq!(id_for_name("Headlines and Global News"), Some("hngn"));
    }

    #[test]
    fn builtin_covers_the_major_outlets() {
        for (name, id) in [
            ("Reuters", "reuters"),
            ("Associated Press", "ap"),
            ("The Associated Press", "ap"),
            ("AP", "ap"),
            ("AFP", "afp"),
            ("CNN", "cnn"),
            ("ABC News", "abc-news"),
            ("CBS News", "cbs-news"),
            ("Fox News", "fox-news"),
            ("New York Times", "nyt"),
            ("WaPo", "washington-post"),
            ("WSJ", "wsj"),
            ("The Guardian", "guardian"),
            ("The Independent", "independent"),
            ("Telegraph", "telegraph"),
            ("The Times", "the-times"),
            ("FT", "ft"),
            ("The Economist", "economist"),
            ("Bloomberg", "bloomberg"),
            ("CNBC", "cnbc"),
            ("POLITICO", "politico"),
            ("The Hill", "the-hill"),
            ("Axios", "axios"),
            ("NPR", "npr"),
            ("PBS", "pbs"),
            ("USA Today", "usa-today"),
            ("LA Times", "la-times"),
            ("Al Jazeera", "al-jazeera"),
            ("DW", "dw"),
            ("France 24", "france-24"),
            ("RT", "rt"),
            ("Sky News", "sky-news"),
            ("Daily Mail", "daily-mail"),
            ("Mirror", "mirror"),
            ("The Sun", "the-sun"),
            ("Times of India", "times-of-india"),
            ("Hindustan Times", "hindustan-times"),
            ("ABC Australia", "abc-australia"),
            ("SMH", "smh"),
            ("CBC", "cbc"),
            ("Globe and Mail", "globe-and-mail"),
            ("Japan Times", "japan-times"),
            ("SCMP", "scmp"),
            ("Straits Times", "straits-times"),
            ("Haaretz", "haaretz"),
            ("Jerusalem Post", "jerusalem-post"),
            ("Kyiv Independent", "kyiv-independent"),
            ("TASS", "tass"),
            ("Xinhua", "xinhua"),
            ("Yonhap", "yonhap"),
            ("Kyodo", "kyodo"),
            ("ANI", "ani"),
            ("PTI", "pti"),
            ("Vox", "vox"),
            ("Vice", "vice"),
            ("BuzzFeed News", "buzzfeed-news"),
            ("HuffPost", "huffpost"),
            ("Business Insider", "business-insider"),
            ("Forbes", "forbes"),
            ("Fortune", "fortune"),
            ("Time", "time"),
            ("Newsweek", "newsweek"),
            ("The Atlantic", "the-atlantic"),
            ("New Yorker", "new-yorker"),
            ("Wired", "wired"),
            ("TechCrunch", "techcrunch"),
            ("The Verge", "the-verge"),
            ("Ars Technica", "ars-technica"),
            ("Engadget", "engadget"),
        ] {
            assert_eq!(id_for_name(name), Some(id), "{name}");
        }
    }

    #[test]
    fn name_keys_ignore_case_the_punctuation_and_accents() {
        assert_eq!(name_key("The Associated Press"), "associated press");
        assert_eq!(name_key("  the   ASSOCIATED press. "), "associated press");
        assert_eq!(name_key("Barron’s"), "barrons");
        assert_eq!(
            name_key("U.S. News & World Report"),
            "us news and world report"
        );
        assert_eq!(name_key("RFE/RL"), "rfe rl");
        assert_eq!(name_key("Agence France-Presse"), "agence france presse");
        assert_eq!(name_key("RTÉ"), "rte");
        assert_eq!(name_key("The"), "the");
        assert_eq!(name_key("!!!"), "");
        assert_eq!(id_for_name("agence france presse"), Some("afp"));
        assert_eq!(
            id_for_name("Radio Free Europe / Radio Liberty"),
            Some("rferl")
        );
        assert_eq!(id_for_name(""), None);
        assert_eq!(id_for_name("the"), None);
    }

    #[test]
    fn ascii_name_keys_agree_with_the_general_path() {
        for name in [
            "The Associated Press",
            "  the   ASSOCIATED press. ",
            "U.S. News & World Report",
            "AT&T",
            "&&",
            "&the",
            "the&",
            "the &x",
            "The",
            "the the",
            "The\x0bTimes",
            "a\x1fb",
            "Barron`s",
            "Barron's",
            "RFE/RL",
            "",
            "!!!",
            "theodore x",
        ] {
            assert_eq!(name_key_ascii(name), name_key_unicode(name), "{name:?}");
        }
        for b in 0u8..128 {
            let name = format!("the x{}Y {} z", char::from(b), char::from(b));
            assert_eq!(name_key_ascii(&name), name_key_unicode(&name), "byte {b}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_name_key_agrees_on_any_ascii(name in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(name_key_ascii(&name), name_key_unicode(&name));
        }

        #[test]
        fn the_ascii_name_key_agrees_on_name_like_ascii(
            name in "(?i)(the|a|&|and|[a-z0-9]{1,6}|[ .'`&/-]{1,3}){0,8}"
        ) {
            // `(?i)` also yields non-ASCII letters (`ſ`, the Kelvin sign): those
            // take the general path.
            proptest::prop_assert_eq!(name_key(&name), name_key_unicode(&name));
        }
    }

    #[test]
    fn host_lookup_walks_parents_to_the_registrable_domain() {
        assert_eq!(id_for_host("bbc.co.uk"), Some("bbc"));
        assert_eq!(id_for_host("www.bbc.com"), Some("bbc"));
        assert_eq!(id_for_host("feeds.bbci.co.uk"), None);
        assert_eq!(id_for_host("edition.cnn.com"), Some("cnn"));
        assert_eq!(id_for_host("news.sky.com"), Some("sky-news"));
        assert_eq!(id_for_host("www.sky.com"), None);
        assert_eq!(
            id_for_host("timesofindia.indiatimes.com"),
            Some("times-of-india")
        );
        assert_eq!(id_for_host("indiatimes.com"), None);
        assert_eq!(id_for_host("english.news.cn"), Some("xinhua"));
        assert_eq!(id_for_host("en.yna.co.kr"), Some("yonhap"));
        assert_eq!(id_for_host("amp.theguardian.com"), Some("guardian"));
        assert_eq!(id_for_host("WWW.HNGN.COM."), Some("hngn"));
        assert_eq!(id_for_host(" www.nbcnews.com "), Some("nbc-news"));
    }

    #[test]
    fn host_lookup_rejects_non_hosts() {
        assert_eq!(id_for_host(""), None);
        assert_eq!(id_for_host("com"), None);
        assert_eq!(id_for_host("co.uk"), None);
        assert_eq!(id_for_host("127.0.0.1"), None);
        assert_eq!(id_for_host("not a host"), None);
        assert_eq!(id_for_host("https://www.bbc.com/news"), None);
        assert_eq!(id_for_host("example.com"), None);
    }

    #[test]
    fn lookup_url_uses_the_host() -> Result<(), crate::canonical::UrlError> {
        let url = crate::canonical::canonicalize(
            "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm",
        )?;
        assert_eq!(builtin().lookup_url(&url).map(Outlet::id), Some("hngn"));
        Ok(())
    }

    #[test]
    fn user_file_extends_the_builtin() -> Result<(), GazetteerError> {
        let user = Gazetteer::from_reader(ONE.as_bytes())?;
        assert_eq!(user.len(), 1);
        let merged = builtin().merge(&user)?;
        assert_eq!(merged.len(), builtin().len() + 1);
        assert_eq!(
            merged.lookup_name("gazette").map(Outlet::id),
            Some("local-gazette")
        );
        assert_eq!(
            merged
                .lookup_host("www.localgazette.example.com")
                .map(Outlet::id),
            Some("local-gazette")
        );
        assert_eq!(merged.lookup_name("BBC").map(Outlet::id), Some("bbc"));
        // The built-in gazetteer itself is unchanged.
        assert_eq!(builtin().lookup_name("gazette"), None);
        Ok(())
    }

    #[test]
    fn user_file_overrides_by_id() -> Result<(), GazetteerError> {
        let user = parse(
            r#"
[[outlet]]
id = "abc-australia"
name = "ABC"
aliases = ["Australian Broadcasting Corporation"]
domains = ["abc.net.au"]
kind = "broadcaster"
country = "AU"

[[outlet]]
id = "abc-news"
name = "ABC News (US)"
domains = ["abcnews.go.com"]
kind = "broadcaster"
country = "US"
"#,
        )?;
        let merged = builtin().merge(&user)?;
        assert_eq!(merged.len(), builtin().len());
        assert_eq!(
            merged.lookup_name("ABC").map(Outlet::id),
            Some("abc-australia")
        );
        // Replaced whole: the old record's names and domains are gone.
        assert_eq!(merged.lookup_name("ABC Australia"), None);
        assert_eq!(merged.lookup_host("abcnews.com"), None);
        assert_eq!(
            merged.lookup_host("abcnews.go.com").map(Outlet::id),
            Some("abc-news")
        );
        // In its place.
        let position = |g: &Gazetteer, id: &str| g.iter().position(|o| o.id() == id);
        assert_eq!(
            position(&merged, "abc-news"),
            position(builtin(), "abc-news")
        );
        Ok(())
    }

    #[test]
    fn merge_reports_conflicts() -> Result<(), GazetteerError> {
        let user = parse(
            r#"
[[outlet]]
id = "my-bbc"
name = "My BBC"
domains = ["bbc.com"]
kind = "broadcaster"
country = "GB"
"#,
        )?;
        let err = builtin().merge(&user).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "line 2: domain \"bbc.com\" is claimed by both outlet \"bbc\" and outlet \"my-bbc\""
            ),
            "the line of the user's record"
        );
        Ok(())
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let err = parse("[[outlet]]\nid = \"x\"\nname = \"X\nkind = 3\n").err();
        match err {
            Some(GazetteerError::Syntax { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_fields_name_the_line() {
        let text = format!(
            "{ONE}\n[[outlet]]\nid = \"b\"\nname = \"B\"\ndomian = [\"b.com\"]\nkind = \"wire\"\ncountry = \"US\"\n"
        );
        let err = parse(&text).err();
        match &err {
            Some(GazetteerError::Syntax { line, message, .. }) => {
                assert!(message.contains("domian"), "{message}");
                assert!((10..=14).contains(line), "{err:?}");
            }
            other => panic!("{other:?}"),
        }
        let err = parse(&ONE.replace("newspaper", "blog")).err();
        match &err {
            Some(GazetteerError::Syntax { line, message, .. }) => {
                assert_eq!(*line, 7, "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn invalid_records_name_the_line() {
        let cases = [
            (
                ONE.replace("\"local-gazette\"", "\"Local Gazette\""),
                "the id must be",
            ),
            (
                ONE.replace("\"The Local Gazette\"", "\"  \""),
                "has no letters",
            ),
            (
                ONE.replace("\"Gazette\"", "\" Gazette\""),
                "surrounding whitespace",
            ),
            (
                ONE.replace("[\"localgazette.example.com\"]", "[]"),
                "at least one domain",
            ),
            (
                ONE.replace(
                    "localgazette.example.com",
                    "https://localgazette.example.com/",
                ),
                "is not a lowercase host name",
            ),
            (
                ONE.replace("localgazette.example.com", "LocalGazette.example.com"),
                "is not a lowercase host name",
            ),
            (
                ONE.replace("localgazette.example.com", "www.localgazette.example.com"),
                "starts with \"www.\"",
            ),
            (
                ONE.replace("localgazette.example.com", "co.uk"),
                "no registrable domain",
            ),
            (
                ONE.replace("localgazette.example.com", "gazette.invalidtld"),
                "no registrable domain",
            ),
            (ONE.replace("\"US\"", "\"USA\""), "ISO 3166-1"),
        ];
        for (text, expected) in cases {
            match parse(&text) {
                Err(GazetteerError::Invalid { line, message, .. }) => {
                    assert_eq!(line, 2, "{message}");
                    assert!(message.contains(expected), "{message}");
                }
                other => panic!("{expected}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_domain_no_host_can_match_is_refused() {
        // Found by the `outlets` fuzz target: invalid punycode passed the
        // label check, loaded, and was never found by `lookup_host`.
        for bad in ["xn--a.com", "xn--zz.co.uk"] {
            match parse(&ONE.replace("localgazette.example.com", bad)) {
                Err(GazetteerError::Invalid { line, message, .. }) => {
                    assert_eq!(line, 2, "{message}");
                    assert!(message.contains("not a valid host name"), "{message}");
                    assert!(message.contains(bad), "{message}");
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
        // Valid punycode is a domain like any other, and is found.
        let good = "xn--r8jz45g.jp"; // 例え.jp
        let gazetteer = parse(&ONE.replace("localgazette.example.com", good)).unwrap();
        assert_eq!(
            gazetteer.lookup_host(good).map(Outlet::id),
            Some("local-gazette")
        );
        assert_eq!(
            gazetteer.lookup_host("例え.jp").map(Outlet::id),
            Some("local-gazette")
        );
    }

    #[test]
    fn duplicates_in_one_file_name_the_line() {
        let second = |id: &str, name: &str, domain: &str| {
            format!(
                "{ONE}\n[[outlet]]\nid = \"{id}\"\nname = \"{name}\"\ndomains = [\"{domain}\"]\nkind = \"wire\"\ncountry = \"US\"\n"
            )
        };
        for (text, what) in [
            (second("local-gazette", "Other", "other.com"), "id"),
            (second("other", "Gazette", "other.com"), "name"),
            (
                second("other", "Other", "localgazette.example.com"),
                "domain",
            ),
        ] {
            match parse(&text) {
                Err(GazetteerError::Duplicate {
                    line,
                    what: w,
                    other,
                    ..
                }) => {
                    assert_eq!((line, w, other.as_str()), (10, what, "local-gazette"));
                }
                other => panic!("{what}: {other:?}"),
            }
        }
    }

    #[test]
    fn error_messages_read_well() {
        let err = parse(&ONE.replace("\"US\"", "\"usa\""))
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "line 2: outlet \"local-gazette\": country \"usa\" is not an ISO 3166-1 alpha-2 code such as \"GB\""
            )
        );
    }

    #[test]
    fn empty_file_is_an_empty_gazetteer() -> Result<(), GazetteerError> {
        let empty = parse("# nothing yet\n")?;
        assert!(empty.is_empty());
        assert_eq!(builtin().merge(&empty)?.len(), builtin().len());
        Ok(())
    }

    #[test]
    fn io_errors_are_reported() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk on fire"))
            }
        }
        let err = Gazetteer::from_reader(Broken).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("cannot read the gazetteer: disk on fire")
        );
    }

    #[test]
    fn kinds_spell_as_in_the_file() {
        assert_eq!(OutletKind::Wire.to_string(), "wire");
        assert_eq!(
            builtin().get("reuters").map(Outlet::kind),
            Some(OutletKind::Wire)
        );
        assert_eq!(builtin().get("bbc").map(Outlet::country), Some("GB"));
        assert_eq!(
            builtin().get("ap").map(Outlet::domains),
            Some(&["apnews.com".to_owned(), "ap.org".to_owned()][..])
        );
    }

    #[test]
    fn the_line_counter_agrees_with_line_and_column() {
        let text = "ab\ncé\n\nx\ny";
        let mut counter = LineCounter::new(text);
        // In order, repeated, backwards, inside a character and past the end.
        for offset in [0, 1, 3, 3, 5, 2, 6, 7, 8, 99, 4, 0, 11] {
            assert_eq!(
                counter.line(offset),
                line_and_column(text, offset).0,
                "{offset}"
            );
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_and_column("ab\ncé\nx", 0), (1, 1));
        assert_eq!(line_and_column("ab\ncé\nx", 3), (2, 1));
        assert_eq!(line_and_column("ab\ncé\nx", 7), (3, 1));
        assert_eq!(line_and_column("ab\ncé\nx", 6), (2, 3));
        assert_eq!(line_and_column("ab", 99), (1, 3));
    }
}
