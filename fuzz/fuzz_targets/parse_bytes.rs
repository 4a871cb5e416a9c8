//! `dateline_core::parse_bytes` on arbitrary bytes.
//!
//! What must hold for every input (ARCHITECTURE.md, dateline-core's invariants):
//! - no panic, in parsing, linting, locating or rendering a diagnostic;
//! - a rejected input has at least one diagnostic, and every diagnostic's span
//!   (errors and lint warnings) lies within the input, on character boundaries
//!   when the input is text;
//! - an accepted input is given back byte for byte by `write_source`, from the
//!   model alone, and again from the model read back from its JSON;
//! - every node's span indexes the bytes it was read from;
//! - repair is idempotent: a repaired paragraph parses to itself, unrepaired.

#![no_main]

use dateline_core::{Article, Block, Diagnostic, Inline, lint, parse_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match parse_bytes(data) {
        Ok(article) => accepted(&article, data),
        Err(error) => {
            assert!(!error.diagnostics.is_empty(), "a rejection says why");
            check_diagnostics(&error.diagnostics, data);
        }
    }
});

fn accepted(article: &Article<'_>, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        panic!("an accepted input is UTF-8");
    };

    let mut out = Vec::with_capacity(data.len());
    if let Err(e) = article.write_source(&mut out) {
        panic!("writing into a Vec failed: {e}");
    }
    assert!(out == data, "lossless: write_source gives the input back");
    assert_eq!(
        article.source_len(),
        data.len(),
        "source_len is the input's"
    );

    // Spans index the original bytes (BOM included).
    let at = |span: dateline_core::Span| match text.get(span.range()) {
        Some(s) => s,
        None => panic!("span {span:?} is not a range of the input"),
    };
    assert_eq!(at(article.header.title), article.title);
    assert_eq!(at(article.header.url), article.url);
    assert_eq!(at(article.header.date), article.date.compact());
    for block in &article.blocks {
        match block {
            Block::Paragraph(p) => {
                assert_eq!(
                    at(p.span),
                    p.raw(),
                    "a paragraph's span is its line content"
                );
                let rebuilt: String = p.inlines.iter().map(Inline::text).collect();
                assert_eq!(rebuilt, p.text, "the inlines' text is the paragraph's text");
                for inline in &p.inlines {
                    assert_eq!(
                        at(inline.span()),
                        inline.raw(),
                        "an inline's span is its raw text"
                    );
                }
            }
            Block::Related(r) => {
                let raw = format!("{}{}{}", r.label, r.separator, r.title);
                assert_eq!(at(r.span), raw, "a promo's span is its line content");
            }
        }
    }

    check_diagnostics(&lint(article), data);

    // Repair is idempotent: a repaired paragraph, as a body line of its own,
    // parses to itself with nothing left to repair.
    for p in article.paragraphs().filter(|p| p.is_repaired()) {
        let source = format!("Headline\n20220131\nhttps://example.com/\n{}\n", p.text);
        let again = match dateline_core::parse(&source) {
            Ok(again) => again,
            Err(e) => panic!("the repaired text {:?} does not parse: {e}", p.text),
        };
        match again.blocks.as_slice() {
            [Block::Paragraph(q)] => {
                assert!(
                    !q.is_repaired(),
                    "{:?} is repaired again to {:?}",
                    p.text,
                    q.text
                );
                assert_eq!(q.text, p.text, "the repaired text reads as itself");
            }
            other => panic!("the repaired text {:?} reads as {other:?}", p.text),
        }
    }

    // The JSON of an article also gives the file back (what a plugin receives).
    let json = match serde_json::to_vec(article) {
        Ok(json) => json,
        Err(e) => panic!("an article serialises: {e}"),
    };
    let back: Article<'_> = match serde_json::from_slice(&json) {
        Ok(back) => back,
        Err(e) => panic!("an article's JSON reads back: {e}"),
    };
    assert_eq!(&back, article, "the model survives its JSON");
    assert!(
        back.to_source().as_bytes() == data,
        "the JSON gives the input back"
    );
}

/// How many diagnostics of one input are located and rendered: both scan the
/// input from its start, and a long messy input has a warning per line. The
/// first few exercise the renderer as well as all of them would.
const RENDERED: usize = 4;

fn check_diagnostics(diagnostics: &[Diagnostic], data: &[u8]) {
    let text = std::str::from_utf8(data).ok();
    for d in diagnostics {
        let span = d.span;
        assert!(
            span.start <= span.end && span.end <= data.len(),
            "{} span {span:?} outside the input of {} bytes",
            d.code,
            data.len()
        );
        if let Some(text) = text {
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{} span {span:?} splits a character",
                d.code
            );
        }
    }
    for d in diagnostics.iter().take(RENDERED) {
        let location = d.locate(data);
        assert!(location.line >= 1 && location.column >= 1);
        let _ = d.render("fuzz.txt", data, false);
    }
}
