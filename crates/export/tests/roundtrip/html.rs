//! `html` is a valid HTML5 page (no parse error in html5ever) whose `<article>`
//! holds the headline and paragraphs exactly, with parseable JSON-LD.

use dateline_core::{Article, Date, Inline};
use dateline_export::{IndexEntry, Options, formats, write_index};
use scraper::{ElementRef, Html, Selector};

use crate::common::{
    NASTY, all_option_sets, export, fixture, fixtures, links, paragraphs, related, source_homepages,
};

fn select<'a>(root: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
    root.select(&selector).collect()
}

fn text(e: &ElementRef<'_>) -> String {
    e.text().collect()
}

/// Parses `page`, insisting on no parse error and no quirks mode.
fn parse(page: &str, what: &str) -> Html {
    let html = Html::parse_document(page);
    assert!(
        html.errors.is_empty(),
        "{what}: HTML parse errors {:?}\n{page}",
        html.errors
    );
    assert_eq!(
        format!("{:?}", html.quirks_mode),
        "NoQuirks",
        "{what}: standards mode"
    );
    html
}

/// What nothing in an article may become.
fn assert_inert(html: &Html, what: &str) {
    let root = html.root_element();
    for script in select(root, "script") {
        assert_eq!(
            script.attr("type"),
            Some("application/ld+json"),
            "{what}: a script that runs"
        );
    }
    for e in root.descendent_elements() {
        for (name, _) in e.value().attrs() {
            assert!(!name.starts_with("on"), "{what}: event handler {name}");
        }
        assert!(
            [
                "html", "head", "meta", "title", "link", "script", "style", "body", "article",
                "header", "h1", "p", "time", "a", "span", "q", "aside", "h2", "ul", "li",
            ]
            .contains(&e.value().name()),
            "{what}: unexpected <{}>",
            e.value().name()
        );
    }
    for link in select(root, "link") {
        assert_eq!(link.attr("rel"), Some("canonical"), "{what}");
        assert_eq!(link.value().attrs().count(), 2, "{what}: rel and href only");
    }
    for a in select(root, "a, link") {
        let href = a.attr("href").unwrap_or("");
        assert!(
            href.starts_with("http://") || href.starts_with("https://"),
            "{what}: link to {href}"
        );
    }
    assert_eq!(select(root, "style").len(), 1, "{what}: one style sheet");
}

fn check_article(html: &Html, article: &Article<'_>, options: &Options, what: &str) {
    let root = html.root_element();
    let articles = select(root, "article");
    assert_eq!(articles.len(), 1, "{what}");
    let node = articles[0];
    let all = text(&node);
    assert!(all.contains(article.title.as_ref()), "{what}: headline");
    for p in paragraphs(article, options) {
        assert!(all.contains(&p), "{what}: paragraph {p:?}");
    }
    assert_eq!(text(&select(node, "h1")[0]), article.title, "{what}");
    assert_eq!(
        text(&select(root, "head > title")[0]),
        article.title,
        "{what}"
    );
    let ps: Vec<String> = select(node, "article > p").iter().map(text).collect();
    assert_eq!(
        ps,
        paragraphs(article, options),
        "{what}: paragraphs exactly"
    );
    let time = select(node, "time[datetime]");
    assert_eq!(
        time[0].attr("datetime"),
        Some(article.date.to_string().as_str()),
        "{what}"
    );
    let promos: Vec<String> = select(node, "aside.related li").iter().map(text).collect();
    assert_eq!(promos, related(article, options), "{what}: promos");
    let sources: Vec<String> = select(node, ".source").iter().map(text).collect();
    let want: Vec<String> = article
        .attributions()
        .map(|a| a.source.to_string())
        .collect();
    assert_eq!(sources, want, "{what}: sources");
    // Each source links to its outlet's home page, when resolved to a web one.
    let hrefs: Vec<Option<String>> = select(node, ".source")
        .iter()
        .map(|e| e.attr("href").map(str::to_owned))
        .collect();
    assert_eq!(
        hrefs,
        source_homepages(article, options),
        "{what}: source links"
    );
    let linked = select(node, "a.source").len();
    assert_eq!(
        linked,
        hrefs.iter().flatten().count(),
        "{what}: only linked sources are <a>"
    );
    let quotes = article
        .paragraphs()
        .flat_map(|p| &p.inlines)
        .filter(|i| matches!(i, Inline::Quotation(_)))
        .count();
    assert_eq!(select(node, "q").len(), quotes, "{what}: quotations");
    let source = select(node, ".meta a");
    assert_eq!(source.len(), 1, "{what}: link to the source");
    assert_eq!(source[0].attr("href"), Some(article.url.as_ref()), "{what}");

    let ld = select(root, "head > script[type=\"application/ld+json\"]");
    assert_eq!(ld.len(), 1, "{what}: JSON-LD");
    let json: serde_json::Value =
        serde_json::from_str(&text(&ld[0])).unwrap_or_else(|e| panic!("{what}: JSON-LD {e}"));
    assert_eq!(json["@context"], "https://schema.org");
    assert_eq!(json["@type"], "NewsArticle");
    assert_eq!(json["headline"], article.title.as_ref(), "{what}");
    assert_eq!(json["datePublished"], article.date.to_string(), "{what}");
    assert_eq!(json["url"], article.url.as_ref(), "{what}");
    match &article.id {
        Some(id) => assert_eq!(json["identifier"], id.as_ref(), "{what}"),
        None => assert!(json.get("identifier").is_none(), "{what}"),
    }
    let links = links(article, options);
    match links.as_ref().and_then(|l| l.outlet.as_ref()) {
        Some(outlet) => {
            let publisher = &json["publisher"];
            assert_eq!(publisher["@type"], "Organization", "{what}");
            assert_eq!(publisher["name"], outlet.name.as_str(), "{what}");
            if outlet.homepage.starts_with("https://") {
                assert_eq!(publisher["url"], outlet.homepage.as_str(), "{what}");
            } else {
                assert!(publisher.get("url").is_none(), "{what}");
            }
        }
        None => assert!(json.get("publisher").is_none(), "{what}"),
    }
    let canonical: Vec<_> = select(root, "head > link[rel=\"canonical\"]")
        .iter()
        .map(|l| l.attr("href").unwrap_or("").to_owned())
        .collect();
    let want: Vec<String> = links
        .and_then(|l| l.url)
        .map(|u| u.canonical.into_string())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .into_iter()
        .collect();
    assert_eq!(canonical, want, "{what}: canonical link");
}

#[test]
fn every_fixture_is_a_valid_page() {
    for fixture in fixtures() {
        let article = fixture.article();
        for (label, options) in all_option_sets() {
            let what = format!("{}/{label}", fixture.id);
            let page = export("html", &options, &[&article]);
            assert!(page.starts_with("<!DOCTYPE html>\n"), "{what}");
            let html = parse(&page, &what);
            assert_inert(&html, &what);
            check_article(&html, &article, &options, &what);
        }
    }
}

#[test]
fn hostile_markup_is_text() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    let page = export("html", &Options::new(), &[&article]);
    let html = parse(&page, "hostile");
    assert_inert(&html, "hostile");
    let root = html.root_element();
    assert_eq!(select(root, "script").len(), 1, "only the JSON-LD");
    assert!(select(root, "b, i, img, iframe, body style").is_empty());
    // The JSON-LD survives a headline with `</script>`: it is escaped inside.
    let ld = text(&select(root, "script")[0]);
    assert!(!ld.contains('<'), "{ld}");
    assert!(ld.contains("\\u003c/script\\u003e"), "{ld}");
    // `&amp;` in the source is the text `&amp;`, not `&`.
    assert!(text(&select(root, "h1")[0]).contains("&amp;"));
}

#[test]
fn several_articles_make_one_valid_page() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    let refs: Vec<_> = articles.iter().collect();
    for n in [0, 2, refs.len()] {
        let page = export("html", &Options::new(), &refs[..n]);
        let html = parse(&page, "corpus");
        assert_inert(&html, "corpus");
        let root = html.root_element();
        assert_eq!(select(root, "article").len(), n);
        assert_eq!(select(root, "script").len(), n, "a JSON-LD per article");
        let titles: Vec<String> = select(root, "article h1").iter().map(text).collect();
        let want: Vec<String> = refs[..n].iter().map(|a| a.title.to_string()).collect();
        assert_eq!(titles, want);
    }
}

#[test]
fn attributions_link_to_their_outlets() {
    let seed = crate::common::seed();
    let article = seed.article();
    let options = Options::new().links(crate::common::plain_links);
    let page = export("html", &options, &[&article]);
    let html = parse(&page, "linked");
    assert_inert(&html, "linked");
    let root = html.root_element();
    let links: Vec<(String, Option<&str>)> = select(root, "a.source")
        .iter()
        .map(|a| (text(a), a.attr("href")))
        .collect();
    assert_eq!(
        links,
        [
            ("BBC".to_owned(), Some("https://bbc.co.uk/")),
            ("NBC News".to_owned(), Some("https://nbcnews.com/"))
        ],
        "AP News is not resolved by this linker"
    );
    let sources: Vec<String> = select(root, ".source").iter().map(text).collect();
    assert_eq!(sources, ["BBC", "NBC News", "AP News"]);
    let ld = text(&select(root, "script")[0]);
    let json: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD");
    assert_eq!(
        json["publisher"],
        serde_json::json!({
            "@type": "Organization",
            "name": "Headlines & Global News",
            "url": "https://hngn.com/"
        })
    );
    check_article(&html, &article, &options, "linked");
}

#[test]
fn hostile_links_are_inert() {
    for fixture in [crate::common::seed(), fixture("hostile")] {
        let article = fixture.article();
        let options = Options::new().links(crate::common::hostile_links);
        let page = export("html", &options, &[&article]);
        let html = parse(&page, "hostile links");
        assert_inert(&html, "hostile links");
        check_article(&html, &article, &options, "hostile links");
        let root = html.root_element();
        assert_eq!(select(root, "script").len(), 1, "only the JSON-LD");
        assert!(select(root, "b").is_empty());
        // The first attribution links to the hostile home page, exactly; the
        // second's `javascript:` home page is not linked.
        if article.attributions().count() >= 2 {
            let sources = select(root, ".source");
            let href = format!("https://evil.example/{NASTY}");
            assert_eq!(sources[0].attr("href"), Some(href.as_str()));
            assert_eq!(sources[1].value().name(), "span");
        }
        let ld = text(&select(root, "script")[0]);
        assert!(!ld.contains('<'), "{ld}");
        let json: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD");
        assert_eq!(json["publisher"]["name"], NASTY);
    }
    // A `javascript:` home page is left out of the JSON-LD too.
    let seed = crate::common::seed();
    let article = seed.article();
    let options = Options::new().links(|a: &Article<'_>| {
        let mut links = crate::common::hostile_links(a);
        if let Some(outlet) = links.outlet.as_mut() {
            std::sync::Arc::make_mut(outlet).homepage = "javascript:alert(1)".to_owned();
        }
        links
    });
    let html = parse(&export("html", &options, &[&article]), "script home page");
    let ld = text(&select(html.root_element(), "script")[0]);
    let json: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD");
    assert!(json["publisher"].get("url").is_none(), "{ld}");
}

#[test]
fn the_index_lists_and_links_every_page() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    let names: Vec<String> = articles
        .iter()
        .map(|a| dateline_export::safe_file_name(a.id.as_deref().unwrap_or(""), "html"))
        .collect();
    let mut exporter = formats::create("html", &Options::new()).expect("html");
    let mut index = exporter.index().expect("html has an index");
    assert_eq!(index.file_name(), "index.html");
    let mut page = Vec::new();
    index.begin(&mut page).expect("begin");
    for (article, name) in articles.iter().zip(&names) {
        index
            .entry(&mut page, &IndexEntry::new(article, name))
            .expect("entry");
    }
    index.end(&mut page).expect("end");
    let page = String::from_utf8(page).expect("UTF-8");
    let html = Html::parse_document(&page);
    assert!(html.errors.is_empty(), "{:?}", html.errors);
    let root = html.root_element();
    assert_eq!(root.attr("lang"), Some("en"));
    // Newest first; one day's articles in input order.
    let mut listed: Vec<(&_, &String)> = articles.iter().zip(&names).collect();
    listed.sort_by_key(|(a, _)| std::cmp::Reverse(a.date));
    let links = select(root, "tbody a");
    assert_eq!(links.len(), articles.len());
    for (link, (article, name)) in links.iter().zip(&listed) {
        assert_eq!(link.attr("href"), Some(name.as_str()));
        assert_eq!(text(link), article.title);
    }
    let dates: Vec<String> = select(root, "tbody time").iter().map(text).collect();
    let want: Vec<String> = listed.iter().map(|(a, _)| a.date.to_string()).collect();
    assert_eq!(dates, want);
    // A section per month, each named in the table of months, which links to it.
    let sections = select(root, "section");
    let months = select(root, "nav.months a");
    assert_eq!(sections.len(), months.len());
    for (section, month) in sections.iter().zip(&months) {
        let id = section.attr("id").expect("a section id");
        assert_eq!(month.attr("href"), Some(format!("#{id}").as_str()));
    }
    let _ = &mut exporter;

    // write_index, with names that need encoding in an href.
    let date = Date::new(2022, 1, 31).expect("a date");
    let entries = [
        IndexEntry {
            id: None,
            title: "<b>x</b>",
            date,
            file_name: "a b#c?.html",
        },
        IndexEntry {
            id: Some("\"q\""),
            title: "y",
            date,
            file_name: "ü.html",
        },
    ];
    let mut page = Vec::new();
    write_index(&mut page, entries).expect("index");
    let page = String::from_utf8(page).expect("UTF-8");
    let html = Html::parse_document(&page);
    assert!(html.errors.is_empty(), "{:?}", html.errors);
    let root = html.root_element();
    let hrefs: Vec<_> = select(root, "tbody a")
        .iter()
        .map(|a| a.attr("href").unwrap_or(""))
        .collect();
    assert_eq!(hrefs, ["a%20b%23c%3F.html", "%C3%BC.html"]);
    assert!(select(root, "b").is_empty());
    assert_eq!(text(&select(root, "tbody a")[0]), "<b>x</b>");
}

/// Past a size, months get pages of their own (`months/YYYY-MM.html`), each
/// linking to its articles one directory up and back to the index; the index
/// lists the months only. Every page parses as HTML5 without errors.
#[test]
fn a_large_index_gives_each_month_a_page() {
    use dateline_export::Index;
    use dateline_export::formats::html::HtmlIndex;

    let day = |m: u8, d: u8| Date::new(2022, m, d).expect("a date");
    let entries = [
        ("a", day(1, 5)),
        ("b", day(3, 1)),
        ("c", day(1, 20)),
        ("d", day(3, 1)),
    ];
    let mut index = HtmlIndex::new().lang("fr").month_pages_from(3);
    let mut main = Vec::new();
    index.begin(&mut main).expect("begin");
    for (id, date) in entries {
        let name = format!("{id}.html");
        let entry = IndexEntry {
            id: Some(id),
            title: id,
            date,
            file_name: &name,
        };
        index.entry(&mut main, &entry).expect("entry");
    }
    index.end(&mut main).expect("end");
    let main = Html::parse_document(&String::from_utf8(main).expect("UTF-8"));
    assert!(main.errors.is_empty(), "{:?}", main.errors);
    assert_eq!(main.root_element().attr("lang"), Some("fr"));
    let months: Vec<(String, String)> = select(main.root_element(), "nav.months a")
        .iter()
        .map(|a| (a.attr("href").unwrap_or_default().to_owned(), text(a)))
        .collect();
    assert_eq!(
        months,
        [
            ("months/2022-03.html".to_owned(), "March 2022".to_owned()),
            ("months/2022-01.html".to_owned(), "January 2022".to_owned()),
        ]
    );
    assert!(
        select(main.root_element(), "tbody a").is_empty(),
        "no article on the main page"
    );

    let pages = index.pages();
    let paths: Vec<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["months/2022-03.html", "months/2022-01.html"]);
    let march = Html::parse_document(std::str::from_utf8(&pages[0].1).expect("UTF-8"));
    assert!(march.errors.is_empty(), "{:?}", march.errors);
    let hrefs: Vec<&str> = select(march.root_element(), "a")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    // Back to the index, then b and d (one day: input order).
    assert_eq!(hrefs, ["../index.html", "../b.html", "../d.html"]);
}
