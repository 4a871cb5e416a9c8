//! `markdown` renders, through pulldown-cmark with every extension that could
//! change structure, into exactly the headline, paragraphs and promos; its front
//! matter parses as YAML.

use dateline_core::Article;
use dateline_export::Options;
use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Parser, Tag, TagEnd};

use crate::common::{
    NASTY, all_option_sets, export, fixture, fixtures, links, paragraphs, related,
};

/// Blocks of a rendered page.
#[derive(Debug, PartialEq)]
enum Rendered {
    FrontMatter(String),
    H1(String),
    H2(String),
    Paragraph(String),
    Item(String),
}

fn extensions() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    // Everything but smart punctuation (it changes quote characters, not
    // structure), with the current footnote syntax rather than the old one.
    let mut options = Options::all();
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    options.remove(Options::ENABLE_OLD_FOOTNOTES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options
}

/// Renders `markdown`, allowing only plain text inside the blocks a page has.
fn render(markdown: &str, what: &str) -> Vec<Rendered> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut in_list = false;
    for event in Parser::new_ext(markdown, extensions()) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Start(
                Tag::MetadataBlock(MetadataBlockKind::YamlStyle)
                | Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item,
            ) => text.clear(),
            Event::Start(Tag::List(None)) if !in_list => in_list = true,
            Event::End(TagEnd::List(false)) => in_list = false,
            Event::End(TagEnd::MetadataBlock(_)) => {
                blocks.push(Rendered::FrontMatter(std::mem::take(&mut text)));
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                blocks.push(Rendered::H1(std::mem::take(&mut text)));
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                blocks.push(Rendered::H2(std::mem::take(&mut text)));
            }
            Event::End(TagEnd::Paragraph) => {
                blocks.push(Rendered::Paragraph(std::mem::take(&mut text)));
            }
            Event::End(TagEnd::Item) => blocks.push(Rendered::Item(std::mem::take(&mut text))),
            other => {
                panic!("{what}: Markdown structure that was not written: {other:?}\n{markdown}")
            }
        }
    }
    blocks
}

/// The front matter, parsed as YAML, as (key, value) in order.
fn front_matter(yaml: &str, what: &str) -> Vec<(String, Option<String>)> {
    let value: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(yaml).unwrap_or_else(|e| panic!("{what}: YAML {e}\n{yaml}"));
    let serde_yaml_ng::Value::Mapping(map) = value else {
        panic!("{what}: front matter is not a mapping");
    };
    map.into_iter()
        .map(|(k, v)| {
            let key = k
                .as_str()
                .unwrap_or_else(|| panic!("{what}: key {k:?}"))
                .to_owned();
            let value = match v {
                serde_yaml_ng::Value::Null => None,
                serde_yaml_ng::Value::String(s) => Some(s),
                other => panic!("{what}: {key} is not a string: {other:?}"),
            };
            (key, value)
        })
        .collect()
}

fn expected(article: &Article<'_>, options: &Options) -> Vec<Rendered> {
    let mut want = vec![Rendered::H1(article.title.to_string())];
    want.extend(
        paragraphs(article, options)
            .into_iter()
            .map(Rendered::Paragraph),
    );
    let promos = related(article, options);
    if !promos.is_empty() {
        want.push(Rendered::H2("Related".to_owned()));
        want.extend(promos.into_iter().map(Rendered::Item));
    }
    want
}

fn check(page: &str, article: &Article<'_>, options: &Options, what: &str) {
    assert!(page.starts_with("---\n"), "{what}");
    let end = page.find("\n---\n").expect("the front matter ends");
    let yaml = &page[4..=end];
    let fields = front_matter(yaml, what);
    let mut want = vec![
        ("id".to_owned(), article.id.as_deref().map(str::to_owned)),
        ("title".to_owned(), Some(article.title.to_string())),
        ("date".to_owned(), Some(article.date.to_string())),
        ("url".to_owned(), Some(article.url.to_string())),
    ];
    if let Some(links) = links(article, options) {
        let outlet = links.outlet.as_ref();
        let url = links.url.as_ref();
        want.extend([
            ("outlet".to_owned(), outlet.map(|o| o.name.clone())),
            ("outlet_domain".to_owned(), outlet.map(|o| o.domain.clone())),
            (
                "canonical_url".to_owned(),
                url.map(|u| u.canonical.to_string()),
            ),
            (
                "url_date".to_owned(),
                url.and_then(|u| u.date).map(|d| d.to_string()),
            ),
        ]);
    }
    assert_eq!(fields, want, "{what}: front matter");

    let mut rendered = render(page, what);
    let Some(Rendered::FrontMatter(meta)) = rendered.first() else {
        panic!("{what}: the renderer did not see front matter first");
    };
    assert_eq!(
        front_matter(meta, what),
        want,
        "{what}: front matter as rendered"
    );
    rendered.remove(0);
    assert_eq!(rendered, expected(article, options), "{what}\n{page}");
}

#[test]
fn every_fixture_renders_to_its_text() {
    for fixture in fixtures() {
        let article = fixture.article();
        for (label, options) in all_option_sets() {
            let what = format!("{}/{label}", fixture.id);
            let page = export("markdown", &options, &[&article]);
            check(&page, &article, &options, &what);
        }
    }
}

#[test]
fn hostile_markdown_is_inert() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    let page = export("markdown", &Options::new(), &[&article]);
    // `render` fails on any link, emphasis, code, HTML, list, rule or extra heading.
    check(&page, &article, &Options::new(), "hostile");
    let headings = render(&page, "hostile")
        .iter()
        .filter(|b| matches!(b, Rendered::H1(_) | Rendered::H2(_)))
        .count();
    assert_eq!(headings, 2, "the headline and Related, nothing else");
}

#[test]
fn hostile_links_are_inert() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    let options = Options::new().links(crate::common::hostile_links);
    let page = export("markdown", &options, &[&article]);
    // `check` reads the front matter back key by key (the hostile `---` and
    // `key: v` stay inside their strings) and fails on any Markdown structure.
    check(&page, &article, &options, "hostile links");
    let end = page.find("\n---\n").expect("the front matter ends");
    let fields = front_matter(&page[4..=end], "hostile links");
    assert_eq!(fields.len(), 8, "{fields:?}");
    assert_eq!(fields[4], ("outlet".to_owned(), Some(NASTY.to_owned())));
}

#[test]
fn unknown_links_are_null() {
    let seed = crate::common::seed();
    let article = seed.article();
    let options = Options::new().links(|_: &Article<'_>| dateline_export::ArticleLinks::default());
    let page = export("markdown", &options, &[&article]);
    assert!(
        page.contains(
            "\noutlet: null\noutlet_domain: null\ncanonical_url: null\nurl_date: null\n---\n"
        ),
        "{page}"
    );
    check(&page, &article, &options, "unknown links");
}

#[test]
fn yaml_cannot_be_injected() {
    let text = "Title\": injected: yes # \\ \u{2028} ' --- ...\n20220131\nhttps://example.com/\n";
    let mut article = dateline_core::parse(text)
        .expect("parses")
        .with_id("id\"\n---\nkey: value");
    check(
        &export("markdown", &Options::new(), &[&article]),
        &article,
        &Options::new(),
        "yaml",
    );

    // A hand-made article may hold line breaks anywhere: they stay inside the
    // YAML strings, and the heading stays one line.
    article.title = "a\n---\nb: c\r\n# d".into();
    let page = export("markdown", &Options::new(), &[&article]);
    let end = page.find("\n---\n").expect("the front matter ends");
    let fields = front_matter(&page[4..=end], "line breaks");
    assert_eq!(
        fields[1],
        ("title".to_owned(), Some(article.title.to_string()))
    );
    assert_eq!(fields.len(), 4);
    let rendered = render(&page, "line breaks");
    assert_eq!(rendered[1], Rendered::H1("a --- b: c  # d".to_owned()));
}

#[test]
fn a_missing_id_is_null() {
    let seed = crate::common::seed();
    let mut article = seed.article();
    article.id = None;
    let page = export("markdown", &Options::new(), &[&article]);
    assert!(page.starts_with("---\nid: null\ntitle: "));
    check(&page, &article, &Options::new(), "no id");
}
