//! `text` and `native`: line formats, read back line by line and by the parser.

use dateline_export::Options;

use crate::common::{blocks, export, fixture, fixtures, option_sets, paragraphs, seed};

#[test]
fn text_is_headline_blank_line_and_paragraphs() {
    for fixture in fixtures() {
        let article = fixture.article();
        for (label, options) in option_sets() {
            let what = format!("{}/{label}", fixture.id);
            let out = export("text", &options, &[&article]);
            assert!(out.ends_with('\n'), "{what}");
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(lines[0], article.title, "{what}");
            assert_eq!(lines[1], "", "{what}");
            assert_eq!(
                lines[2..],
                paragraphs(&article, &options),
                "{what}: promos dropped"
            );
            assert!(!out.contains('\r'), "{what}");
        }
    }
}

#[test]
fn text_separates_articles_by_a_blank_line() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    let refs: Vec<_> = articles.iter().collect();
    let out = export("text", &Options::new(), &refs);
    let mut want = String::new();
    for (i, article) in articles.iter().enumerate() {
        if i > 0 {
            want.push('\n');
        }
        want.push_str(&export("text", &Options::new(), &[article]));
    }
    assert_eq!(out, want);
}

#[test]
fn native_gives_the_seed_back_byte_for_byte() {
    let seed = seed();
    let article = seed.article();
    // By default: native is the source format, so the text stays as written.
    assert_eq!(export("native", &Options::new(), &[&article]), seed.text);
    assert_eq!(
        export("native", &Options::new().raw(true), &[&article]),
        seed.text
    );
    // Every canonical fixture comes back unchanged.
    for name in ["hostile", "unicode", "empty_body", "many_promos"] {
        let fixture = fixture(name);
        let article = fixture.article();
        assert_eq!(
            export("native", &Options::new().raw(true), &[&article]),
            fixture.text,
            "{name}"
        );
    }
}

#[test]
fn native_is_canonical_and_parses_back_to_the_same_article() {
    for fixture in fixtures() {
        let article = fixture.article();
        for (label, options) in option_sets() {
            let what = format!("{}/{label}", fixture.id);
            let out = export("native", &options, &[&article]);
            assert!(out.ends_with('\n'), "{what}: final newline");
            assert!(!out.starts_with('\u{feff}'), "{what}: no BOM");
            assert!(!out.contains('\r'), "{what}: LF only");
            for line in out.lines() {
                assert!(!line.is_empty(), "{what}: no blank line");
                assert_eq!(line, line.trim(), "{what}: no stray whitespace");
            }
            let back = dateline_core::parse(&out).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(back.layout.quirks.is_empty(), "{what}: canonical layout");
            assert_eq!(back.title, article.title, "{what}");
            assert_eq!(back.date, article.date, "{what}");
            assert_eq!(back.url, article.url, "{what}");
            // The blocks' text, as the options wanted it, is what the parser reads back
            // (as written: a repaired paragraph needs no further repair).
            let read: Vec<(bool, String)> = back
                .blocks
                .iter()
                .map(|b| match b {
                    dateline_core::Block::Paragraph(p) => (false, p.raw().into_owned()),
                    dateline_core::Block::Related(r) => (true, r.title.to_string()),
                })
                .collect();
            // native's default is the text as written.
            let resolved = options.clone().raw(options.is_raw(true));
            assert_eq!(read, blocks(&article, &resolved), "{what}");
            if resolved.raw == Some(true) && !options.drop_promos {
                // As written, the export's model is the input's, layout aside.
                assert_eq!(back.blocks.len(), article.blocks.len(), "{what}");
            }
            // Idempotent: the canonical form of the canonical form is itself.
            assert_eq!(
                export("native", &options, &[&back]),
                out,
                "{what}: idempotent"
            );
        }
    }
}

#[test]
fn native_canonicalises_crlf_bom_and_blank_lines() {
    let fixture = fixture("crlf_bom");
    let article = fixture.article();
    assert!(article.layout.bom && !article.layout.quirks.is_empty());
    let out = export("native", &Options::new().raw(true), &[&article]);
    assert_eq!(
        out,
        "CRLF Headline With Trailing Spaces\n20230115\nhttps://example.org/crlf\n\
         First paragraph after a blank line.\n\
         Indented second paragraph; perAP News,the wire said.\n\
         Read Also:Another Story\n\
         Last paragraph without a final newline.\n"
    );
    let clean = export("native", &Options::new().raw(false), &[&article]);
    assert!(clean.contains("\nIndented second paragraph; per AP News, the wire said.\n"));
}
