//! `csv` reads back, through the `csv` crate, into the fields that were written.

use dateline_core::Article;
use dateline_export::Options;
use dateline_export::formats::csv::{COLUMNS, LINK_COLUMNS};

use crate::common::{
    NASTY, all_option_sets, export, fixture, fixtures, links, paragraphs, related,
};

fn host(url: &str) -> String {
    let after = url.split_once("://").map_or("", |(_, rest)| rest);
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    host.split(':').next().unwrap_or("").to_ascii_lowercase()
}

/// The row the documentation promises, before neutralisation.
fn expected_row(article: &Article<'_>, options: &Options) -> Vec<String> {
    vec![
        article.id.as_deref().unwrap_or("").to_owned(),
        article.title.to_string(),
        article.date.to_string(),
        article.url.to_string(),
        paragraphs(article, options).join("\n"),
        related(article, options).join("\n"),
        article
            .attributions()
            .map(|a| a.source.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        host(&article.url),
    ]
}

/// The link columns the documentation promises (empty without a linker).
fn expected_link_cells(article: &Article<'_>, options: &Options) -> Vec<(&'static str, String)> {
    let Some(links) = links(article, options) else {
        return Vec::new();
    };
    let outlet = links.outlet.as_ref();
    let url = links.url.as_ref();
    let or_empty = |s: Option<&String>| s.cloned().unwrap_or_default();
    vec![
        ("outlet", or_empty(outlet.map(|o| &o.name))),
        ("outlet_domain", or_empty(outlet.map(|o| &o.domain))),
        (
            "canonical_url",
            url.map(|u| u.canonical.to_string()).unwrap_or_default(),
        ),
        ("url_domain", or_empty(url.and_then(|u| u.domain.as_ref()))),
        (
            "url_date",
            url.and_then(|u| u.date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        (
            "url_article_id",
            or_empty(url.and_then(|u| u.article_id.as_ref())),
        ),
        (
            "source_outlets",
            links
                .sources
                .iter()
                .map(|s| s.outlet.as_ref().map_or("", |o| o.name.as_str()))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ]
}

fn neutralised(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn read(out: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(out.as_bytes());
    let header = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("a well-formed record")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn rows_read_back_into_the_documented_fields() {
    for fixture in fixtures() {
        let article = fixture.article();
        for (label, options) in all_option_sets() {
            let out = export("csv", &options, &[&article]);
            assert!(out.ends_with("\r\n"), "{}/{label}: CRLF rows", fixture.id);
            let (header, rows) = read(&out);
            let mut columns = COLUMNS.to_vec();
            if options.links.is_some() {
                columns.extend(LINK_COLUMNS);
            }
            assert_eq!(header, columns, "{}/{label}", fixture.id);
            assert_eq!(rows.len(), 1, "{}/{label}", fixture.id);
            let guard = |cells: Vec<String>| -> Vec<String> {
                if options.csv_safe {
                    cells.iter().map(|c| neutralised(c)).collect()
                } else {
                    cells
                }
            };
            let want = guard(expected_row(&article, &options));
            assert_eq!(rows[0][..COLUMNS.len()], want, "{}/{label}", fixture.id);
            // The link columns, looked up by name.
            for (name, value) in expected_link_cells(&article, &options) {
                let at = header
                    .iter()
                    .position(|h| h == name)
                    .unwrap_or_else(|| panic!("{label}: no column {name}"));
                assert_eq!(
                    rows[0][at],
                    guard(vec![value])[0],
                    "{}/{label}: {name}",
                    fixture.id
                );
            }
        }
    }
}

#[test]
fn a_corpus_is_one_header_and_a_row_per_article() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    let refs: Vec<_> = articles.iter().collect();
    let options = Options::new();
    let (header, rows) = read(&export("csv", &options, &refs));
    assert_eq!(header, COLUMNS);
    assert_eq!(rows.len(), articles.len());
    for (row, article) in rows.iter().zip(&articles) {
        assert_eq!(row, &expected_row(article, &options));
    }
    let (header, rows) = read(&export("csv", &options, &[]));
    assert_eq!((header.len(), rows.len()), (COLUMNS.len(), 0));

    // With a linker, every row has the link columns, aligned with the header.
    let linked = Options::new().links(crate::common::plain_links);
    let (header, rows) = read(&export("csv", &linked, &refs));
    assert_eq!(header.len(), COLUMNS.len() + LINK_COLUMNS.len());
    assert_eq!(header[COLUMNS.len()..], LINK_COLUMNS);
    assert_eq!(rows.len(), articles.len());
    for row in &rows {
        assert_eq!(row.len(), header.len());
    }
    let (header, rows) = read(&export("csv", &linked, &[]));
    assert_eq!(
        (header.len(), rows.len()),
        (COLUMNS.len() + LINK_COLUMNS.len(), 0)
    );
}

#[test]
fn formulas_are_neutralised_only_when_asked() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    assert!(article.title.starts_with("=cmd|"));

    let (_, rows) = read(&export("csv", &Options::new(), &[&article]));
    assert!(rows[0][1].starts_with("=cmd|"), "kept as data by default");

    let (_, rows) = read(&export("csv", &Options::new().csv_safe(true), &[&article]));
    let title = &rows[0][1];
    assert!(title.starts_with("'=cmd|"), "{title}");
    for cell in &rows[0] {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell still starts a formula: {cell:?}"
        );
    }

    // A hostile outlet name is data by default and neutralised when asked.
    let linked = Options::new().links(crate::common::hostile_links);
    let (header, rows) = read(&export("csv", &linked, &[&article]));
    let outlet = header.iter().position(|h| h == "outlet").expect("outlet");
    assert_eq!(rows[0][outlet], NASTY);
    let (_, rows) = read(&export("csv", &linked.csv_safe(true), &[&article]));
    assert_eq!(rows[0][outlet], format!("'{NASTY}"));
    for cell in &rows[0] {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a link cell still starts a formula: {cell:?}"
        );
    }

    // Each dangerous first character, in a cell of its own (the id, which the
    // parser does not trim).
    for first in ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"] {
        let text = "Headline\n20220131\nhttps://example.com/\n";
        let id = format!("{first}1+1");
        let article = dateline_core::parse(text)
            .expect("parses")
            .with_id(id.as_str());
        let (_, rows) = read(&export("csv", &Options::new().csv_safe(true), &[&article]));
        assert_eq!(rows[0][0], format!("'{id}"), "{first:?}");
        let (_, rows) = read(&export("csv", &Options::new(), &[&article]));
        assert_eq!(rows[0][0], id, "{first:?}");
    }
}

#[test]
fn quotes_commas_and_line_breaks_are_quoted() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    let out = export("csv", &Options::new(), &[&article]);
    // The text cell spans lines and holds quotes: RFC 4180 quoting, doubled quotes.
    assert!(out.contains("\"\"quoted <i>text</i>\"\""), "{out}");
    let (_, rows) = read(&out);
    assert!(rows[0][4].contains("=HYPERLINK(\"http://evil.example/\",\"click\")"));
}
