//! dateline-links URL canonicalisation and URL facts on arbitrary strings.
//!
//! What must hold:
//! - no panic in `canonicalize`, `UrlFacts`, `registrable_domain`, the
//!   built-in gazetteer's host lookup, or the slug's headline key;
//! - canonicalisation is idempotent: `canonicalize(canonical) == canonical`
//!   (the second call mostly takes the fast path that skips the URL parser, so
//!   this also holds the fast path to the parser's verdict);
//! - the canonical form is `scheme://host[:port]path[?query]` and its accessors
//!   cut it exactly there;
//! - the match key and the URL facts are stable: the same for a URL and for
//!   its canonical form.

#![no_main]

use dateline_links::facts::registrable_domain;
use dateline_links::{CanonicalUrl, Gazetteer, HeadlineKey, UrlFacts, canonicalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 becomes U+FFFD: every input is a string worth trying.
    let input = String::from_utf8_lossy(data);
    let _ = registrable_domain(&input);

    let Ok(url) = canonicalize(&input) else {
        return;
    };
    check_parts(&url);
    let again = match canonicalize(url.as_str()) {
        Ok(again) => again,
        Err(e) => panic!("the canonical form {url} is rejected: {e}"),
    };
    assert_eq!(again.as_str(), url.as_str(), "canonicalize is idempotent");
    assert_eq!(
        again.match_key(),
        url.match_key(),
        "the match key is stable"
    );

    let facts = UrlFacts::from_url(url.clone());
    assert_eq!(facts.host(), url.host());
    assert_eq!(facts.canonical, url, "the facts carry their URL");
    assert_eq!(UrlFacts::from_url(again), facts, "the facts are stable");
    // What the facts serialise to reads back as the same facts.
    let json = serde_json::to_string(&facts).expect("URL facts are JSON");
    let back: UrlFacts = serde_json::from_str(&json).expect("the facts read back");
    assert_eq!(back, facts);
    match UrlFacts::parse(&input) {
        Ok(parsed) => assert_eq!(parsed, facts),
        Err(e) => panic!("UrlFacts::parse rejects what canonicalize accepts: {e}"),
    }
    if let Some(slug) = &facts.slug {
        let _ = HeadlineKey::new(slug);
    }
    let _ = Gazetteer::builtin().lookup_url(&url);
});

/// The accessors cut the canonical string into its parts, and nothing is left
/// over: no credentials, no fragment, an http(s) scheme, a non-empty host.
fn check_parts(url: &CanonicalUrl) {
    let scheme = url.scheme();
    assert!(
        scheme == "http" || scheme == "https",
        "scheme {scheme:?} of {url}"
    );
    assert!(!url.host().is_empty(), "{url} has a host");
    assert!(
        url.path().starts_with('/'),
        "the path of {url} starts with /"
    );
    assert_ne!(
        url.query(),
        Some(""),
        "an empty query is removed from {url}"
    );
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    let rebuilt = format!("{scheme}://{}{port}{}{query}", url.host(), url.path());
    assert_eq!(rebuilt, url.as_str(), "the parts make up the URL");
    assert!(!url.as_str().contains('#'), "no fragment in {url}");
}
