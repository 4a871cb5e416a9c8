//! [`Gazetteer`]: outlets looked up by id, name, host or URL, and merged with a
//! user's overrides.

use std::io::Read;
use std::str::FromStr;

use super::error::GazetteerError;
use super::format;
use super::index::{Clash, Index};
use super::key::{first_key_word_ascii, last_key_word_ascii, name_key};
use super::outlet::Outlet;
use crate::canonical::CanonicalUrl;
use crate::facts::registrable_domain;

/// A set of [`Outlet`]s indexed by id, name key and domain.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub(super) outlets: Vec<Outlet>,
    /// Per outlet, the line of its record, if read from a file (for errors).
    pub(super) lines: Vec<Option<usize>>,
    pub(super) index: Index,
}

impl Gazetteer {
    /// Reads a gazetteer file (see the [module docs](super) for the format).
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
            match self.index.id(&outlet.id) {
                Some(i) => {
                    outlets[i] = outlet.clone();
                    lines[i] = line;
                }
                None => {
                    outlets.push(outlet.clone());
                    lines.push(line);
                }
            }
        }
        let index = Index::build(&outlets, &lines, Clash::Conflict)?;
        Ok(Gazetteer {
            outlets,
            lines,
            index,
        })
    }

    /// The outlet with this id.
    pub fn get(&self, id: &str) -> Option<&Outlet> {
        self.index.id(id).map(|i| &self.outlets[i])
    }

    /// The outlet with this name or alias, compared by name key (see the
    /// [module docs](super)).
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
        self.index.name(&key).map(|i| &self.outlets[i])
    }

    /// Whether a source ending with the word `word` (its letters, without
    /// the punctuation around them) may be one [`Gazetteer::lookup_source`]
    /// finds: `false` only when no outlet's name or alias ends with that word
    /// (`Officials`, `he`). Cheaper than building and looking up every name
    /// that ends there. A word with a dot, which may end a host name, or
    /// with non-ASCII letters, whose key may fold across words, is always
    /// allowed.
    pub(crate) fn may_end_source(&self, word: &str) -> bool {
        let mut buf = [0u8; 64];
        // Most words are ASCII letters and digits only (`officials`,
        // `Smith`): the key's last word is the word, lowercased, found in
        // one pass without the general reading's checks a byte.
        if let Some(key) = lowercase_alphanumeric(word.as_bytes(), &mut buf) {
            return key.is_empty() || self.index.ends_a_name(key);
        }
        if any_name_may_have(word) {
            return true;
        }
        match last_key_word_ascii(word, &mut buf) {
            Some(last) if !last.is_empty() => self.index.ends_a_name(last),
            Some(_) => true,
            // A word too long for the buffer: its key, built.
            None => match name_key(word).rsplit(' ').next() {
                Some(last) if !last.is_empty() => self.index.ends_a_name(last.as_bytes()),
                _ => true,
            },
        }
    }

    /// Whether a source starting with the word `word` (its letters, without
    /// the punctuation around them) may be one [`Gazetteer::lookup_source`]
    /// finds, as [`Gazetteer::may_end_source`] tells of its last word:
    /// `false` only when no outlet's name or alias starts with that word.
    /// `the`, which a name key drops, is always allowed, as are the words
    /// `may_end_source` always allows.
    pub(crate) fn may_start_source(&self, word: &str) -> bool {
        if any_name_may_have(word) {
            return true;
        }
        let mut buf = [0u8; 64];
        match first_key_word_ascii(word, &mut buf) {
            Some(first) if !first.is_empty() && first != b"the" => self.index.starts_a_name(first),
            // The word too long for the buffer could start no name; allowed all the same.
            _ => true,
        }
    }

    /// The outlet publishing on `host`: the host itself, then each parent
    /// domain down to the registrable domain (see the [module docs](super)).
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
        let host = format::normalize_host(host)?;
        let registrable = registrable_domain(&host);
        let mut candidate = host.as_str();
        loop {
            if let Some(i) = self.index.domain(candidate) {
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
}

impl FromStr for Gazetteer {
    type Err = GazetteerError;

    /// Parses a gazetteer file (see the [module docs](super) for the format).
    ///
    /// # Errors
    ///
    /// [`GazetteerError::Syntax`] for TOML or format errors,
    /// [`GazetteerError::Invalid`] for a record that breaks a rule,
    /// [`GazetteerError::Duplicate`] for an id, name key or domain claimed twice.
    fn from_str(text: &str) -> Result<Gazetteer, GazetteerError> {
        let file = format::read(text)?;
        Ok(Gazetteer {
            outlets: file.outlets,
            lines: file.lines.into_iter().map(Some).collect(),
            index: file.index,
        })
    }
}

impl<'a> IntoIterator for &'a Gazetteer {
    type Item = &'a Outlet;
    type IntoIter = std::slice::Iter<'a, Outlet>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Whether `word` has a dot, which may end a host name, or a non-ASCII
/// byte, whose key may fold across words: then any name may start or end
/// with it, as far as [`Gazetteer::may_end_source`] and
/// [`Gazetteer::may_start_source`] can tell. One pass over the bytes.
fn any_name_may_have(word: &str) -> bool {
    word.bytes().any(|b| b == b'.' || !b.is_ascii())
}

/// `word` lowercased into `buf`, when it is ASCII letters and digits only
/// and fits: then it is its own name key ([`name_key`] of one such word).
/// The bytes are read without a branch each, so that the loop vectorizes.
fn lowercase_alphanumeric<'b>(word: &[u8], buf: &'b mut [u8; 64]) -> Option<&'b [u8]> {
    let key = buf.get_mut(..word.len())?;
    let mut other = false;
    for (to, &b) in key.iter_mut().zip(word) {
        other |= !b.is_ascii_alphanumeric();
        *to = b.to_ascii_lowercase();
    }
    (!other).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The one-pass reading of a word of letters and digits agrees with
        /// the general one: the last word of the word's name key.
        #[test]
        fn may_end_source_reads_plain_words_as_their_keys_do(
            word in "(?-u:[a-zA-Z0-9]{0,70}|[a-zA-Z0-9 '`&.,/-]{0,12}|(Reuters|BBC|Post|Times|News|AP|Journal|Press)[a-z'.,]{0,2})"
        ) {
            let g = Gazetteer::builtin();
            let general = any_name_may_have(&word)
                || match name_key(&word).rsplit(' ').next() {
                    Some(last) if !last.is_empty() => g.index.ends_a_name(last.as_bytes()),
                    _ => true,
                };
            proptest::prop_assert_eq!(g.may_end_source(&word), general, "{:?}", word);
        }
    }
    use crate::outlets::tests::ONE;

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
        let gazetteer = parse(&ONE.replace("localgazette.example.com", good)).expect("valid");
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
    fn names_are_looked_up_by_name_key() {
        assert_eq!(id_for_name("agence france presse"), Some("afp"));
        assert_eq!(
            id_for_name("Radio Free Europe / Radio Liberty"),
            Some("rferl")
        );
        assert_eq!(id_for_name(""), None);
        assert_eq!(id_for_name("the"), None);
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
}
