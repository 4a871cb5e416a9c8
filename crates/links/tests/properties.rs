//! Property tests: canonicalization is idempotent and total, the text keys are
//! their own normal forms, and nothing panics on arbitrary input.

use dateline_core::Date;
use dateline_links::text::{normalize, slugify, tokens};
use dateline_links::{Gazetteer, UrlFacts, canonicalize};
use proptest::prelude::*;

/// Checks that `input`, if it canonicalizes, is idempotent under
/// canonicalization with a stable match key, and that its facts can be read.
fn check_canonical(input: &str) -> Result<(), TestCaseError> {
    let Ok(once) = canonicalize(input) else {
        return Ok(());
    };
    let twice = canonicalize(once.as_str());
    prop_assert_eq!(twice.as_ref(), Ok(&once), "input {:?}", input);
    if let Ok(twice) = twice {
        prop_assert_eq!(twice.match_key(), once.match_key());
    }
    let s = once.as_str();
    prop_assert!(
        s.starts_with("http://") || s.starts_with("https://"),
        "{}",
        s
    );
    prop_assert!(!s.contains('#'), "{}", s);
    // An empty query is removed; a `?` can only start a non-empty query.
    prop_assert_ne!(once.query(), Some(""));
    if once.query().is_none() {
        prop_assert!(!s.contains('?'), "{}", s);
    }
    if let Some(query) = once.query() {
        for piece in query.split('&') {
            let key = piece.split('=').next().unwrap_or_default();
            prop_assert!(
                !dateline_links::canonical::is_tracking_parameter(key),
                "{}",
                s
            );
            prop_assert!(!piece.is_empty(), "{}", s);
        }
    }
    let facts = UrlFacts::from_url(once.clone());
    prop_assert_eq!(facts.host(), once.host());
    let _ = Gazetteer::builtin().lookup_url(&once);
    Ok(())
}

/// Strings shaped like the URLs of scraped articles, with the variations
/// canonicalization must absorb.
fn url_like() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        Just("http://"),
        Just("https://"),
        Just("HTTPS://"),
        Just("hTtP://"),
        Just("//"),
        Just(""),
        Just("ftp://"),
    ];
    let userinfo = prop_oneof![Just(""), Just("user@"), Just("u:p@"), Just("@")];
    let host = prop_oneof![
        Just("www.bbc.co.uk".to_owned()),
        Just("WWW.HNGN.COM".to_owned()),
        Just("apnews.com.".to_owned()),
        Just("bücher.example".to_owned()),
        Just("127.0.0.1".to_owned()),
        Just("[::1]".to_owned()),
        Just("xn--bcher-kva.example".to_owned()),
        "[a-z0-9-]{1,10}(\\.[a-zA-Z0-9-]{1,8}){0,3}\\.?",
    ];
    let port = prop_oneof![
        Just(""),
        Just(":80"),
        Just(":443"),
        Just(":8080"),
        Just(":")
    ];
    let segment = prop_oneof![
        "[a-zA-Z0-9._~-]{0,12}",
        "%[0-9a-fA-F]{2}",
        "%[0-9a-fA-F]?",
        Just(".".to_owned()),
        Just("..".to_owned()),
        Just("%2e".to_owned()),
        Just("%2E%2e".to_owned()),
        "[ \"<>`{}|\\\\^é€☃]{1,3}",
        "20[0-9]{2}",
        "[0-9]{1,2}",
        "[a-z]{1,6}(-[a-z0-9]{1,6}){0,5}",
    ];
    let path = prop::collection::vec(segment, 0..6).prop_map(|s| {
        if s.is_empty() {
            String::new()
        } else {
            format!("/{}", s.join("/"))
        }
    });
    let key = prop_oneof![
        Just("utm_source".to_owned()),
        Just("UTM_Medium".to_owned()),
        Just("fbclid".to_owned()),
        Just("utm%5Fcampaign".to_owned()),
        Just("id".to_owned()),
        Just("p".to_owned()),
        "[a-zA-Z_%0-9+]{0,6}",
    ];
    let value = "[a-zA-Z0-9%+=/?:@ é]{0,6}";
    let param = (key, prop::option::of(value)).prop_map(|(k, v)| match v {
        Some(v) => format!("{k}={v}"),
        None => k,
    });
    let query = prop::option::of(prop::collection::vec(param, 0..5))
        .prop_map(|q| q.map_or_else(String::new, |q| format!("?{}", q.join("&"))));
    let fragment = prop_oneof![Just(""), Just("#"), Just("#top"), Just("#a?b=c")];
    let space = prop_oneof![Just(""), Just(" "), Just("\t"), Just("\n")];
    (
        space.clone(),
        scheme,
        userinfo,
        host,
        port,
        path,
        query,
        fragment,
        space,
    )
        .prop_map(
            |(lead, scheme, userinfo, host, port, path, query, fragment, trail)| {
                format!("{lead}{scheme}{userinfo}{host}{port}{path}{query}{fragment}{trail}")
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn canonicalize_is_idempotent_on_url_like_input(input in url_like()) {
        check_canonical(&input)?;
    }

    #[test]
    fn canonicalize_never_panics_on_arbitrary_strings(input in any::<String>()) {
        check_canonical(&input)?;
    }

    #[test]
    fn canonicalize_never_panics_on_ascii_soup(input in "[ -~]{0,40}") {
        check_canonical(&input)?;
        check_canonical(&format!("http://{input}"))?;
    }

    #[test]
    fn scheme_www_and_trailing_slash_do_not_change_the_match_key(
        path in "(/[a-z0-9-]{1,8}){0,4}",
        query in prop::option::of("[a-z]{1,3}=[0-9]{1,3}"),
    ) {
        let query = query.map_or_else(String::new, |q| format!("?{q}"));
        let keys: Vec<String> = [
            format!("http://example.com{path}{query}"),
            format!("https://www.example.com{path}/{query}"),
            format!("HTTPS://WWW.EXAMPLE.COM{path}{query}#frag"),
        ]
        .iter()
        .filter_map(|u| canonicalize(u).ok())
        .map(|u| u.match_key())
        .collect();
        prop_assert_eq!(keys.len(), 3);
        prop_assert_eq!(&keys[0], &keys[1]);
        prop_assert_eq!(&keys[0], &keys[2]);
    }

    #[test]
    fn normalize_is_idempotent(input in any::<String>()) {
        let once = normalize(&input);
        prop_assert_eq!(normalize(&once), once.clone());
        prop_assert_eq!(once.trim(), once.as_str());
        prop_assert!(!once.contains("  "));
    }

    #[test]
    fn slugify_is_idempotent_and_url_safe(input in any::<String>()) {
        let slug = slugify(&input);
        prop_assert_eq!(slugify(&slug), slug.clone());
        prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", slug);
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{}", slug);
    }

    #[test]
    fn tokens_of_a_slug_are_the_ascii_tokens(input in any::<String>()) {
        let ascii: Vec<String> = tokens(&input).into_iter().filter(|t| t.is_ascii()).collect();
        prop_assert_eq!(tokens(&slugify(&input)), ascii);
    }

    #[test]
    fn gazetteer_lookups_never_panic(input in any::<String>()) {
        let g = Gazetteer::builtin();
        let _ = g.lookup_name(&input);
        let _ = g.lookup_host(&input);
    }

    #[test]
    fn days_until_agrees_with_order(
        a in (1990u16..2100, 1u8..13, 1u8..32),
        b in (1990u16..2100, 1u8..13, 1u8..32),
    ) {
        if let (Some(a), Some(b)) = (Date::new(a.0, a.1, a.2), Date::new(b.0, b.1, b.2)) {
            prop_assert_eq!(a.days_until(b), -b.days_until(a));
            prop_assert_eq!(a.days_until(b).signum(), (b.cmp(&a) as i64).signum());
            prop_assert_eq!(a.to_string().parse::<Date>(), Ok(a));
        }
    }
}
