//! Every fixture: broken ones give the diagnostics pinned in snapshots; valid ones
//! round-trip and warn as pinned.

use dateline_core::{Severity, diagnose, parse_bytes};
use dateline_tests::{fixture_files, fixtures};

/// Renders every diagnostic for a file the way `dateline check` prints them.
fn report(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).expect("a readable fixture");
    let name = path.file_name().expect("a file name").to_string_lossy();
    let rendered: Vec<String> = diagnose(&bytes)
        .iter()
        .map(|d| d.render(&name, &bytes, false))
        .collect();
    rendered.join("\n\n")
}

#[test]
fn broken_inputs_are_rejected_with_pinned_diagnostics() {
    insta::glob!(fixtures(), "invalid/*.txt", |path| {
        let bytes = std::fs::read(path).expect("a readable fixture");
        let err = parse_bytes(&bytes).expect_err("an invalid fixture must not parse");
        for d in &err.diagnostics {
            assert_eq!(d.severity(), Severity::Error);
            assert!(
                d.hint.is_some(),
                "{}: every error has a hint",
                path.display()
            );
        }
        insta::assert_snapshot!(report(path));
    });
}

#[test]
fn valid_inputs_round_trip_and_warnings_are_pinned() {
    insta::glob!(fixtures(), "valid/*.txt", |path| {
        let bytes = std::fs::read(path).expect("a readable fixture");
        let article = parse_bytes(&bytes).expect("a valid fixture parses");
        let mut written = Vec::new();
        article.write_source(&mut written).unwrap();
        assert_eq!(written, bytes, "{} round-trips", path.display());
        insta::assert_snapshot!(report(path));
    });
}

#[test]
fn messy_layout_is_read_through() {
    let bytes = std::fs::read(fixtures().join("valid/messy-layout.txt")).unwrap();
    let article = parse_bytes(&bytes).unwrap();
    assert!(article.layout.bom);
    assert_eq!(article.layout.eol, dateline_core::Eol::Crlf);
    assert!(!article.layout.final_eol);
    assert_eq!(
        article.title, "Macron Heads To Moscow For Talks",
        "trailing spaces trimmed"
    );
    let kinds: Vec<&str> = article
        .blocks
        .iter()
        .map(|b| match b {
            dateline_core::Block::Paragraph(_) => "p",
            dateline_core::Block::Related(_) => "related",
        })
        .collect();
    assert_eq!(kinds, ["p", "related", "p"], "blank lines are not blocks");
    let promo = article.related().next().unwrap();
    assert_eq!(promo.separator, " : ");
}

#[test]
fn double_spaced_files_read_as_their_header_says() {
    let read = |name: &str| std::fs::read(fixtures().join("valid").join(name)).unwrap();
    let bytes = read("double-spaced.txt");
    let article = parse_bytes(&bytes).unwrap();
    assert_eq!(article.layout.header_gaps, [1, 1]);
    assert_eq!(article.title, "Macron Heads To Moscow For Talks");
    assert_eq!(article.date.to_string(), "2022-02-07");
    assert_eq!(
        article.url,
        "https://www.example.com/2022/02/07/macron-heads-to-moscow.html"
    );
    let lines: Vec<(u32, bool)> = article
        .blocks
        .iter()
        .map(|b| (b.line(), b.as_related().is_some()))
        .collect();
    assert_eq!(lines, [(7, false), (9, true), (11, false)]);
    // Whitespace in a gap, two blank lines in a gap, CRLF: all kept.
    let bytes = read("double-spaced-messy.txt");
    let article = parse_bytes(&bytes).unwrap();
    assert_eq!(article.layout.header_gaps, [2, 1]);
    assert_eq!(article.layout.eol, dateline_core::Eol::Crlf);
    assert_eq!(article.date.to_string(), "2022-02-07");
}

#[test]
fn empty_body_is_fine() {
    let bytes = std::fs::read(fixtures().join("valid/empty-body.txt")).unwrap();
    let article = parse_bytes(&bytes).unwrap();
    assert!(article.blocks.is_empty());
}

#[test]
fn unicode_attribution_and_quotes() {
    let bytes = std::fs::read(fixtures().join("valid/unicode.txt")).unwrap();
    let article = parse_bytes(&bytes).unwrap();
    let sources: Vec<&str> = article.attributions().map(|a| a.source.as_ref()).collect();
    assert_eq!(sources, ["Le Monde", "Reuters"]);
    let p = article.paragraphs().next().unwrap();
    assert!(
        p.text.contains("Per Le Monde, the talks résumé"),
        "{}",
        p.text
    );
    assert!(p.text.ends_with("according to Reuters."), "{}", p.text);
}

#[test]
fn check_reports_every_file_not_just_the_first() {
    let all: Vec<_> = fixture_files("invalid");
    assert!(all.len() >= 15);
    let failing = all
        .iter()
        .filter(|p| !diagnose(&std::fs::read(p).unwrap()).is_empty())
        .count();
    assert_eq!(failing, all.len());
}

/// W007 reads quotations as edited news prose writes them (issue 16): a
/// quotation running over several paragraphs, each reopened, or over
/// paragraphs a scraper merged onto one line, is not unbalanced. Before this
/// rule, 13 of these 15 files were flagged.
#[test]
fn edited_prose_with_multi_paragraph_quotations_raises_no_w007() {
    let files = fixture_files("prose");
    assert!(files.len() >= 15, "the prose fixtures are there");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let flagged: Vec<String> = diagnose(&bytes)
            .iter()
            .filter(|d| d.code.as_str() == "W007")
            .map(|d| d.render("", &bytes, false))
            .collect();
        assert!(
            flagged.is_empty(),
            "{}:\n{}",
            path.display(),
            flagged.join("\n")
        );
    }
}

/// ... and a quotation really left open (or a closing mark with nothing open)
/// is still caught, at the mark that is wrong.
#[test]
fn a_quotation_never_closed_is_still_w007() {
    let dir = fixtures().join("unclosed-quotes");
    let expected = [
        ("closed-nothing.txt", 5, 52),
        ("lost-at-the-end.txt", 6, 1),
        ("never-closed.txt", 5, 1),
        ("reopened-mid-sentence.txt", 5, 37),
    ];
    assert_eq!(fixture_files("unclosed-quotes").len(), expected.len());
    for (name, line, column) in expected {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let w007: Vec<(usize, usize)> = diagnose(&bytes)
            .iter()
            .filter(|d| d.code.as_str() == "W007")
            .map(|d| {
                let at = d.locate(&bytes);
                (at.line, at.column)
            })
            .collect();
        assert_eq!(w007, [(line, column)], "{name}");
    }
}
