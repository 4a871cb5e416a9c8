//! Properties over generated input: the parser never panics, parsing is lossless,
//! the model finds what was generated, and repair is idempotent.

use dateline_core::{Article, Block, Inline, diagnose, lint, parse, parse_bytes};
use dateline_test_support::strategies::article;
use proptest::prelude::*;

/// Everything a caller may do with any input, none of which may panic.
fn exercise(bytes: &[u8]) {
    match parse_bytes(bytes) {
        Ok(article) => {
            let mut out = Vec::new();
            article.write_source(&mut out).expect("writing into a Vec");
            assert_eq!(out, bytes, "whatever parses round-trips");
            for d in lint(&article) {
                let _ = d.render("p.txt", bytes, false);
                let _ = d.locate(bytes);
            }
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty());
            for d in &e.diagnostics {
                let _ = d.render("p.txt", bytes, true);
                assert!(d.span.start <= d.span.end && d.span.end <= bytes.len().max(d.span.end));
                let _ = d.locate(bytes);
            }
        }
    }
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
        insert in prop::sample::select(vec!["\r\n", "\n", " ", "\t", "\"", "“", "”", "perBBC,", "Read Also:", "\u{feff}", "é", ":"]),
        delete in 0usize..4,
    ) {
        let mut text = g.text.clone();
        let mut pos = at.index(text.len() + 1);
        while !text.is_char_boundary(pos) { pos -= 1; }
        let mut end = (pos + delete).min(text.len());
        while !text.is_char_boundary(end) { end += 1; }
        text.replace_range(pos..end, insert);
        if let Ok(article) = parse(&text) {
            prop_assert_eq!(article.to_source(), text);
        }
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
