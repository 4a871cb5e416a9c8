//! `bibtex`, parsed back with the `biblatex` crate (typst's BibLaTeX parser).

use biblatex::{Bibliography, ChunksExt, Entry, EntryType, PermissiveType};
use dateline_plugin::dateline_export::Options;

use crate::common::*;

fn parse_bib(bib: &str) -> Bibliography {
    Bibliography::parse(bib).unwrap_or_else(|e| panic!("{e:?} in\n{bib}"))
}

/// A field as text: commands resolved, braces gone.
fn text(entry: &Entry, field: &str) -> String {
    entry
        .get(field)
        .unwrap_or_else(|| panic!("{} has no {field}", entry.key))
        .format_verbatim()
}

/// Runs of whitespace as one space, as TeX reads them.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The entry verifies as BibLaTeX, but for the author the files never name.
fn assert_verifies(entry: &Entry) {
    let report = entry.verify();
    assert_eq!(report.missing, ["author"], "{}", entry.key);
    assert!(report.superfluous.is_empty(), "{:?}", report.superfluous);
    assert!(report.malformed.is_empty(), "{:?}", report.malformed);
}

#[test]
fn seed_is_an_online_entry_with_the_host() {
    let bib = export("bibtex", &Options::new(), &[seed()]);
    let bibliography = parse_bib(&bib);
    assert_eq!(bibliography.len(), 1);
    let entry = bibliography.get("hngn2022macron").expect("the key");
    assert_eq!(entry.entry_type, EntryType::Online);
    assert_eq!(text(entry, "title"), SEED_TITLE);
    assert_eq!(text(entry, "organization"), "www.hngn.com");
    assert_eq!(text(entry, "date"), "2022-01-31");
    assert!(
        matches!(entry.date(), Ok(PermissiveType::Typed(_))),
        "{:?}",
        entry.date()
    );
    assert_eq!(entry.url().expect("url"), SEED_URL);
    assert_eq!(text(entry, "abstract"), SEED_LEDE);
    assert!(entry.get("urldate").is_none(), "no access date is invented");
    assert_verifies(entry);
}

#[test]
fn title_is_case_protected_as_one_group() {
    let bib = export("bibtex", &Options::new(), &[seed()]);
    assert!(
        bib.contains(&format!("  title = {{{{{SEED_TITLE}}}}},\n")),
        "{bib}"
    );
    let bibliography = parse_bib(&bib);
    let title = bibliography
        .iter()
        .next()
        .and_then(|e| e.title().ok())
        .expect("title");
    // Braced text is verbatim: a style keeps its case.
    assert!(
        title.iter().all(|c| match &c.v {
            biblatex::Chunk::Verbatim(_) => true,
            biblatex::Chunk::Normal(s) => s.is_empty(),
            biblatex::Chunk::Math(_) => false,
        }),
        "{title:?}"
    );
}

#[test]
fn outlet_from_the_linker_makes_an_article_in_its_journal() {
    let bib = export("bibtex", &hngn_links(), &[seed()]);
    let bibliography = parse_bib(&bib);
    let entry = bibliography
        .get("hngn2022macron")
        .expect("the key from the outlet id");
    assert_eq!(entry.entry_type, EntryType::Article);
    assert_eq!(
        text(entry, "journaltitle"),
        "Headlines & Global News {HNGN}"
    );
    assert!(entry.get("organization").is_none());
    assert_eq!(
        entry.url().expect("url"),
        "https://www.hngn.com/articles/31"
    );
    assert_eq!(text(entry, "title"), SEED_TITLE);
    assert_verifies(entry);
}

#[test]
fn without_an_outlet_the_key_comes_from_the_registrable_domain() {
    let bib = export("bibtex", &facts_only_links(), &[seed()]);
    let bibliography = parse_bib(&bib);
    let entry = bibliography
        .get("example2022macron")
        .expect("the key from the domain");
    assert_eq!(entry.entry_type, EntryType::Online);
    assert_eq!(text(entry, "organization"), "news.example.co.uk");
    assert_eq!(entry.url().expect("url"), "https://news.example.co.uk/a");
}

#[test]
fn hostile_headlines_survive_and_stay_in_their_entry() {
    let mut articles = hostile_articles();
    // A sentinel after every hostile entry: it must still parse as itself.
    articles.push(article(
        "Sentinel",
        "20220201",
        "https://example.com/s",
        "Body.",
    ));
    let bib = export("bibtex", &Options::new(), &articles);
    let bibliography = parse_bib(&bib);
    assert_eq!(bibliography.len(), articles.len(), "{bib}");
    for (entry, headline) in bibliography.iter().zip(HOSTILE) {
        assert_eq!(collapse(&text(entry, "title")), collapse(headline), "{bib}");
        assert_eq!(entry.entry_type, EntryType::Online);
        assert_eq!(text(entry, "organization"), "example.com");
        assert_eq!(text(entry, "date"), "2022-01-31");
        assert_verifies(entry);
    }
    let sentinel = bibliography.iter().last().expect("the sentinel");
    assert_eq!(sentinel.key, "example2022sentinel");
    assert_eq!(text(sentinel, "title"), "Sentinel");

    // Every brace is the exporter's own: balanced in every entry, and no `{`
    // or `}` of a headline appears unescaped.
    for entry in bib.split("\n\n").filter(|e| !e.is_empty()) {
        let mut depth = 0i32;
        for c in entry.chars() {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            assert!(depth >= 0, "{entry}");
        }
        assert_eq!(depth, 0, "{entry}");
    }
}

#[test]
fn line_breaks_and_controls_cannot_split_a_field() {
    let titles = [
        "Two\n\nparagraphs",
        "CR\r\nLF",
        "tab\tand\u{0}nul\u{7f}\u{85}\u{2028}",
    ];
    let articles: Vec<_> = titles
        .iter()
        .map(|t| {
            with_title(
                article("x", "20220131", "https://example.com/a", "Body."),
                t,
            )
        })
        .collect();
    let bib = export("bibtex", &Options::new(), &articles);
    assert!(
        !bib.contains("\n\n  "),
        "no blank line inside an entry:\n{bib}"
    );
    let bibliography = parse_bib(&bib);
    let got: Vec<String> = bibliography
        .iter()
        .map(|e| collapse(&text(e, "title")))
        .collect();
    assert_eq!(got, ["Two paragraphs", "CR LF", "tab and nul"]);
}

#[test]
fn hostile_urls_are_percent_encoded_not_broken() {
    let mut article = article("Talks", "20220131", "https://example.com/a", "Body.");
    article.url = "https://example.com/{a}\\b c/é?q=%41&_=~#f".into();
    let bib = export("bibtex", &Options::new(), &[article]);
    let bibliography = parse_bib(&bib);
    let entry = bibliography.iter().next().expect("one entry");
    assert_eq!(
        entry.url().expect("url"),
        "https://example.com/%7Ba%7D%5Cb%20c/%C3%A9?q=%41&_=~#f"
    );
}

#[test]
fn colliding_keys_get_suffixes_in_order() {
    let articles: Vec<_> = [
        "Talks go on",
        "Talks end",
        "The talks resume",
        "Talks, again",
    ]
    .iter()
    .map(|t| article(t, "20220131", "https://www.example.com/a", "Body."))
    .chain([article(
        "Talks",
        "20230101",
        "https://www.example.com/b",
        "Body.",
    )])
    .collect();
    let bib = export("bibtex", &Options::new(), &articles);
    let keys: Vec<String> = parse_bib(&bib).iter().map(|e| e.key.clone()).collect();
    assert_eq!(
        keys,
        [
            "example2022talks",
            "example2022talksa",
            "example2022talksb",
            "example2022talksc",
            "example2023talks"
        ]
    );
    // Deterministic, and a new document starts afresh.
    assert_eq!(export("bibtex", &Options::new(), &articles), bib);
    let mut exporter = exporter("bibtex", &Options::new());
    let mut twice = Vec::new();
    for _ in 0..2 {
        exporter.begin(&mut twice).expect("begin");
        for a in &articles {
            exporter.article(&mut twice, a).expect("article");
        }
        exporter.end(&mut twice).expect("end");
    }
    assert_eq!(String::from_utf8(twice).expect("UTF-8"), bib.repeat(2));
}

#[test]
fn raw_option_chooses_the_abstract_text() {
    let article = article(
        "Talks",
        "20220131",
        "https://example.com/a",
        "PerBBC,the talks went on.",
    );
    let repaired = parse_bib(&export(
        "bibtex",
        &Options::new(),
        std::slice::from_ref(&article),
    ));
    let raw = parse_bib(&export("bibtex", &Options::new().raw(true), &[article]));
    let abstract_of = |b: &Bibliography| text(b.iter().next().expect("entry"), "abstract");
    assert_eq!(abstract_of(&repaired), "Per BBC, the talks went on.");
    assert_eq!(abstract_of(&raw), "PerBBC,the talks went on.");
}

#[test]
fn hostile_lede_and_outlet_stay_in_their_fields() {
    let options = Options::new().links(|_: &dateline_plugin::dateline_core::Article<'_>| {
        dateline_plugin::dateline_export::ArticleLinks {
            outlet: Some(
                dateline_plugin::dateline_export::OutletRef::new(
                    "x}y",
                    "The {Evil} } Times \\ % #",
                    "example.com",
                )
                .into(),
            ),
            ..Default::default()
        }
    });
    let article = with_lede(
        article("Talks", "20220131", "https://example.com/a", "Body."),
        "}\n\n@misc{injected, title={x}}\n%",
    );
    let bib = export("bibtex", &options, &[article]);
    let bibliography = parse_bib(&bib);
    assert_eq!(bibliography.len(), 1, "{bib}");
    let entry = bibliography.iter().next().expect("entry");
    assert_eq!(entry.key, "xy2022talks");
    assert_eq!(text(entry, "journaltitle"), "The {Evil} } Times \\ % #");
    assert_eq!(
        collapse(&text(entry, "abstract")),
        "} @misc{injected, title={x}} %"
    );
}
