//! Properties over generated input: the parser never panics, parsing is lossless,
//! diagnostics point inside the input, the canonical `native` form is a fixed
//! point, the model finds what was generated, and repair is idempotent.

use dateline_core::{
    Article, Block, Code, Diagnostic, Inline, Severity, diagnose, lint, parse, parse_bytes,
};
use dateline_export::formats::native::Native;
use dateline_export::{Exporter, Options};
use dateline_test_support::strategies::article;
use proptest::prelude::*;

/// Every span lies in `bytes`, on character boundaries when `bytes` is UTF-8:
/// what `check` prints under a caret is a piece of the input.
fn assert_spans_inside(bytes: &[u8], diagnostics: &[Diagnostic]) {
    let text = std::str::from_utf8(bytes).ok();
    for d in diagnostics {
        let span = d.span;
        assert!(
            span.start <= span.end && span.end <= bytes.len(),
            "{} span {span:?} outside the {} bytes of {:?}",
            d.code,
            bytes.len(),
            String::from_utf8_lossy(bytes)
        );
        if let Some(text) = text {
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{} span {span:?} cuts a character of {text:?}",
                d.code
            );
        }
    }
}

/// The `native` form of an article, as `convert --to native` writes it by
/// default: the text as written.
fn native(article: &Article<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    Native::new(&Options::new())
        .article(&mut out, article)
        .expect("writing into a Vec cannot fail");
    out
}

/// The canonical form is a fixed point: it parses, and converting it again
/// changes nothing.
fn assert_native_is_a_fixed_point(article: &Article<'_>) {
    let once = native(article);
    let again = parse_bytes(&once).unwrap_or_else(|e| {
        panic!(
            "the native form must parse: {e}\n{:?}",
            String::from_utf8_lossy(&once)
        )
    });
    assert_eq!(
        String::from_utf8_lossy(&native(&again)),
        String::from_utf8_lossy(&once),
        "native(native(x)) == native(x)"
    );
}

/// Everything a caller may do with any input, none of which may panic; and what
/// must hold of whatever is accepted.
fn exercise(bytes: &[u8]) {
    match parse_bytes(bytes) {
        Ok(article) => {
            let mut out = Vec::new();
            article.write_source(&mut out).expect("writing into a Vec");
            assert_eq!(out, bytes, "whatever parses round-trips");
            let warnings = lint(&article);
            assert_spans_inside(bytes, &warnings);
            for d in &warnings {
                assert_eq!(d.severity(), Severity::Warning, "{}", d.code);
                let _ = d.render("p.txt", bytes, false);
                let _ = d.locate(bytes);
            }
            assert_native_is_a_fixed_point(&article);
            // A URL that core accepts is one that links can canonicalize.
            assert!(
                dateline_links::canonicalize(&article.url).is_ok(),
                "{:?}",
                article.url
            );
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty());
            assert_spans_inside(bytes, &e.diagnostics);
            for d in &e.diagnostics {
                assert_eq!(d.severity(), Severity::Error, "{}", d.code);
                let _ = d.render("p.txt", bytes, true);
                let _ = d.locate(bytes);
            }
        }
    }
}

/// A valid header in the layouts the format allows.
fn header() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::sample::select(vec!["\n", "\r\n"]),
        any::<bool>(),
    )
        .prop_map(|(bom, eol, double_spaced)| {
            let gap = if double_spaced { eol } else { "" };
            format!(
                "{}Macron Heads To Moscow{eol}{gap}20220131{eol}{gap}https://www.hngn.com/articles/240451/20220207/x.htm{eol}",
                if bom { "\u{feff}" } else { "" }
            )
        })
}

/// Body text made of what trips a line-based parser up: line endings of every
/// kind, lone CRs, BOMs, whitespace, quote marks, cues and promo labels.
fn hostile_body() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "\n",
            "\r\n",
            "\r",
            "\r\r\n",
            "\n\n",
            " ",
            "\t",
            "\u{a0}",
            "\u{feff}",
            "\u{2028}",
            "\u{85}",
            "\"",
            "“",
            "”",
            "perBBC,",
            "PerNBC News.",
            "according toReuters",
            "Read Also:",
            "Read Also :",
            "See Also:",
            ":",
            "word",
            "Word",
            "é",
            "東京",
            "🙂",
            "20220131",
            "https://x.com/",
            "\u{0}",
        ]),
        0..40,
    )
    .prop_map(|pieces| pieces.concat())
}

fn check_article<'a>(text: &'a str, expected_body: &[Option<String>]) -> Article<'a> {
    let article =
        parse(text).unwrap_or_else(|e| panic!("generated article must parse: {e}\n{text:?}"));
    assert_eq!(article.to_source(), text);
    assert_eq!(article.source_len(), text.len());
    let found: Vec<Option<String>> = article
        .blocks
        .iter()
        .map(|b| b.as_related().map(|r| r.title.to_string()))
        .collect();
    assert_eq!(found, expected_body, "blocks and promos as generated");
    for block in &article.blocks {
        assert_eq!(&text[block.span().range()], source_of(block));
        if let Block::Paragraph(p) = block {
            let rebuilt: String = p.inlines.iter().map(Inline::text).collect();
            assert_eq!(rebuilt, p.text);
            for i in &p.inlines {
                assert_eq!(&text[i.span().range()], i.raw());
            }
        }
    }
    article
}

fn source_of(block: &Block<'_>) -> String {
    match block {
        Block::Paragraph(p) => p.raw().into_owned(),
        Block::Related(r) => format!("{}{}{}", r.label, r.separator, r.title),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        exercise(&bytes);
        let _ = diagnose(&bytes);
    }

    #[test]
    fn never_panics_on_arbitrary_text(text in "(?s).{0,400}") {
        exercise(text.as_bytes());
    }

    #[test]
    fn never_panics_on_near_articles(
        g in article(),
        cut in any::<prop::sample::Index>(),
        junk in prop::collection::vec(any::<u8>(), 0..8),
    ) {
        // Splice junk bytes into a valid article at any position.
        let mut bytes = g.text.into_bytes();
        let at = cut.index(bytes.len() + 1);
        bytes.splice(at..at, junk);
        exercise(&bytes);
    }

    /// Whatever follows a valid header, the file is accepted, unless a body line
    /// holds a carriage return inside its text (one E009); and everything above
    /// holds of it.
    #[test]
    fn a_valid_header_with_any_body_is_accepted(
        header in header(),
        body in prop_oneof![hostile_body(), "(?s).{0,300}"],
    ) {
        let text = format!("{header}{body}");
        let lone_cr_in_text = body
            .split('\n')
            .any(|line| line.trim().contains('\r'));
        match parse(&text) {
            Ok(_) => prop_assert!(!lone_cr_in_text, "{:?}", text),
            Err(e) => {
                let codes: Vec<Code> = e.diagnostics.iter().map(|d| d.code).collect();
                prop_assert!(lone_cr_in_text, "{:?}: {:?}", text, codes);
                prop_assert_eq!(codes, [Code::CarriageReturnInText]);
            }
        }
        exercise(text.as_bytes());
    }

    /// The same with any bytes after the header: refused only when they are not
    /// UTF-8.
    #[test]
    fn a_valid_header_with_any_bytes_after_it(
        header in header(),
        body in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut bytes = header.into_bytes();
        bytes.extend_from_slice(&body);
        let refused = parse_bytes(&bytes).err().map(|e| e.diagnostics[0].code);
        prop_assert!(
            matches!(refused, None | Some(Code::NotUtf8 | Code::CarriageReturnInText)),
            "{:?}",
            refused
        );
        exercise(&bytes);
    }

    /// A double-spaced copy of an article (a blank line after every line) is read
    /// with one W010, kept byte for byte, and has the same canonical form.
    #[test]
    fn double_spaced_articles_read_as_the_original(g in article()) {
        let mut double = String::new();
        for line in g.text.split_inclusive('\n') {
            double.push_str(line);
            if let Some(eol) = ["\r\n", "\n"].into_iter().find(|e| line.ends_with(e)) {
                double.push_str(eol);
            }
        }
        let single = parse(&g.text).unwrap();
        let article = parse(&double).unwrap_or_else(|e| panic!("{e}\n{double:?}"));
        prop_assert_eq!(article.layout.header_gaps, [1, 1]);
        prop_assert_eq!(article.to_source(), double.clone());
        prop_assert!(lint(&article).iter().any(|d| d.code == Code::DoubleSpacedHeader));
        prop_assert_eq!(native(&article), native(&single));
        exercise(double.as_bytes());
    }

    #[test]
    fn generated_articles_round_trip(g in article()) {
        let article = check_article(&g.text, &g.body);
        // Through JSON too: the model alone gives the bytes back.
        let json = serde_json::to_string(&article).unwrap();
        let back: Article<'_> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back.to_source(), g.text.clone());
        prop_assert_eq!(&back, &article);
        prop_assert_eq!(article.into_owned().to_source(), g.text);
    }

    #[test]
    fn mutations_that_still_parse_round_trip(
        g in article(),
        at in any::<prop::sample::Index>(),
        insert in prop::sample::select(vec![
            "\r\n", "\n", "\n\n", "\r", " ", "\t", "\"", "“", "”", "perBBC,", "Read Also:", "\u{feff}",
            "\u{feff}\u{feff}", "\u{200b}", "é", ":", "\\", "@",
        ]),
        delete in 0usize..4,
    ) {
        let mut text = g.text.clone();
        let mut pos = at.index(text.len() + 1);
        while !text.is_char_boundary(pos) { pos -= 1; }
        let mut end = (pos + delete).min(text.len());
        while !text.is_char_boundary(end) { end += 1; }
        text.replace_range(pos..end, insert);
        exercise(text.as_bytes());
    }

    #[test]
    fn repair_is_idempotent(g in article()) {
        let article = parse(&g.text).unwrap();
        // Write the repaired text back as an article and parse it again: nothing
        // more to repair, and the text stays as it is.
        let mut canonical = format!("{}\n{}\n{}\n", article.title, article.date.compact(), article.url);
        for p in article.paragraphs() {
            canonical.push_str(&p.text);
            canonical.push('\n');
        }
        let again = parse(&canonical).unwrap();
        let before: Vec<&str> = article.paragraphs().map(|p| p.text.as_ref()).collect();
        let after: Vec<&str> = again.paragraphs().map(|p| p.text.as_ref()).collect();
        prop_assert_eq!(before, after);
        prop_assert!(again.paragraphs().all(|p| !p.is_repaired()));
    }
}

/// The probe's examples and every valid fixture: the canonical form parses and
/// is its own canonical form.
#[test]
fn native_is_a_fixed_point_on_the_fixtures() {
    for path in dateline_tests::fixture_files("valid") {
        let bytes = std::fs::read(&path).unwrap();
        let article = parse_bytes(&bytes).unwrap();
        assert_native_is_a_fixed_point(&article);
    }
    // A CR at a line's edge is whitespace: gone from the canonical form.
    let article =
        parse("Title\r\r\n20220102\r\nhttp://example.com/news/a\r\n\rPara one.\r\r\n").unwrap();
    assert_eq!(
        String::from_utf8_lossy(&native(&article)),
        "Title\n20220102\nhttp://example.com/news/a\nPara one.\n"
    );
    // A second BOM stays out of the headline, so the canonical form has none.
    let article = parse("\u{feff}\u{feff}Title\n20220102\nhttp://example.com/a\n").unwrap();
    assert_eq!(
        String::from_utf8_lossy(&native(&article)),
        "Title\n20220102\nhttp://example.com/a\n"
    );
}

/// Header URLs a browser would repair into another address: `check` refuses
/// them (E007, or E009 for a CR), and so does the links layer.
#[test]
fn urls_the_docs_reject_are_refused_end_to_end() {
    for url in [
        "http:evil.com",
        "http:/\\evil.com",
        "https:///x",
        "http://-/",
        "http://user:pw@example.com/a",
        "http://example.com/a\0b",
        "http://example.com/a b",
        "http://example.com/a\tb",
        "htt\rp://example.com/news/a",
        "http://0x7f.1/",
    ] {
        let text = format!("Title\n20220102\n{url}\nPara.\n");
        let err = parse(&text).expect_err(url);
        let codes: Vec<Code> = err.diagnostics.iter().map(|d| d.code).collect();
        assert!(
            codes == [Code::InvalidUrl] || codes == [Code::CarriageReturnInText],
            "{url:?}: {codes:?}"
        );
        assert!(dateline_links::canonicalize(url).is_err(), "{url:?}");
    }
}
