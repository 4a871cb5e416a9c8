//! The gazetteer file format: TOML `[[outlet]]` records, their rules, and
//! errors that name the line (the format itself is documented in the
//! [module docs](super)).
//!
//! Shared with the crate's build script: the built-in `data/outlets.toml` is
//! read by [`read`] when the crate is built, so it obeys exactly the rules of a
//! user's file, and a broken record fails the build with its line.

use serde::Deserialize;

use super::error::GazetteerError;
use super::index::{Clash, Index};
use super::key::name_key;
use super::outlet::{Outlet, OutletKind};

/// A gazetteer file read and checked.
#[derive(Debug)]
pub(crate) struct Checked {
    /// The outlets, in file order.
    pub(crate) outlets: Vec<Outlet>,
    /// The 1-based line where each outlet's record starts.
    pub(crate) lines: Vec<usize>,
    /// The outlets' index, in which no key is claimed twice.
    pub(crate) index: Index,
}

/// Reads a gazetteer file and checks every rule of the format.
///
/// # Errors
///
/// [`GazetteerError::Syntax`] for TOML or format errors,
/// [`GazetteerError::Invalid`] for a record that breaks a rule,
/// [`GazetteerError::Duplicate`] for an id, name key or domain claimed twice.
pub(crate) fn read(text: &str) -> Result<Checked, GazetteerError> {
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
        lines.push(line);
    }
    let known: Vec<Option<usize>> = lines.iter().copied().map(Some).collect();
    let index = Index::build(&outlets, &known, Clash::Duplicate)?;
    Ok(Checked {
        outlets,
        lines,
        index,
    })
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
pub(crate) fn check_domain(domain: &str) -> Result<(), &'static str> {
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
    if !has_registrable_domain(domain) {
        return Err("has no registrable domain (unknown public suffix, or a public suffix itself)");
    }
    Ok(())
}

/// A host name as the domain index holds it (lowercase, IDNA's ASCII form,
/// no trailing dot), or `None` if it is not one: how lookups read a host, and
/// what a gazetteer domain must already be.
pub(crate) fn normalize_host(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.');
    match url::Host::parse(host) {
        Ok(url::Host::Domain(domain)) if !domain.is_empty() => Some(domain),
        _ => None,
    }
}

/// Whether a host already made of lowercase labels has a registrable domain:
/// a known public suffix and a label before it. This is
/// [`registrable_domain`](crate::facts::registrable_domain)`(domain).is_some()`
/// for such a host (a test holds the two together); it asks the Public Suffix
/// List itself because the build script, which shares this module, has no
/// `facts`.
fn has_registrable_domain(domain: &str) -> bool {
    psl::domain(domain.as_bytes()).is_some_and(|d| d.suffix().is_known())
}

/// The 1-based lines of byte offsets of one text, counted on from the previous
/// offset when they come in order (as records do). Counting each record's line
/// from the start of the file made parsing the built-in gazetteer quadratic.
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
    use crate::outlets::tests::ONE;

    fn parse(text: &str) -> Result<Checked, GazetteerError> {
        read(text)
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

    #[test]
    fn the_registrable_domain_rule_is_the_one_of_facts() {
        use crate::facts::registrable_domain;
        for domain in [
            "bbc.co.uk",
            "news.bbc.co.uk",
            "co.uk",
            "com",
            "127.0.0.1",
            "1.2.3.4",
            "gazette.invalidtld",
            "abcnews.go.com",
            "blogspot.com",
            "gazette.blogspot.com",
            "github.io",
            "gazette.github.io",
            "kawasaki.jp",
            "gazette.kawasaki.jp",
            "city.kawasaki.jp",
            "xn--bcher-kva.example",
            "xn--p1ai",
            "gazette.xn--p1ai",
        ] {
            assert_eq!(
                has_registrable_domain(domain),
                registrable_domain(domain).is_some(),
                "{domain}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_registrable_domain_rule_agrees_on_lowercase_hosts(
            domain in "([a-z0-9-]{1,8}\\.){0,3}(com|uk|co\\.uk|jp|kawasaki\\.jp|io|github\\.io|[a-z]{2,3}|[0-9]{1,3})"
        ) {
            proptest::prop_assert_eq!(
                has_registrable_domain(&domain),
                crate::facts::registrable_domain(&domain).is_some()
            );
        }
    }
}
