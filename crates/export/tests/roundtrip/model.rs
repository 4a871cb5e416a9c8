//! `model` gives back the document model exactly.

use dateline_core::{Article, Block};
use dateline_export::{ArticleLinks, Options};

use crate::common::{all_option_sets, export, fixture, fixtures, links};

/// The `links` of a JSON object, read back into [`ArticleLinks`]; `None` when
/// the object has no `links` key.
fn links_of(json: &serde_json::Value, what: &str) -> Option<ArticleLinks> {
    json.get("links").map(|links| {
        serde_json::from_value(links.clone()).unwrap_or_else(|e| panic!("{what}: links: {e}"))
    })
}

/// The article the options should give back: promos removed when dropped.
fn expected<'a>(article: &Article<'a>, options: &Options) -> Article<'a> {
    let mut expected = article.clone();
    if options.drop_promos {
        expected.blocks.retain(|b| matches!(b, Block::Paragraph(_)));
    }
    expected
}

#[test]
fn model_deserialises_into_the_parsed_article() {
    for fixture in fixtures() {
        let article = fixture.article();
        for (label, options) in all_option_sets() {
            let out = export("model", &options, &[&article]);
            assert!(out.ends_with('\n'), "{}/{label}", fixture.id);
            assert_eq!(out.lines().count(), 1, "{}/{label}: one line", fixture.id);
            let back: Article<'_> = serde_json::from_str(out.trim_end())
                .unwrap_or_else(|e| panic!("{}/{label}: {e}", fixture.id));
            assert_eq!(back, expected(&article, &options), "{}/{label}", fixture.id);
            if !options.drop_promos {
                assert_eq!(
                    back.to_source(),
                    fixture.text,
                    "{}/{label}: lossless",
                    fixture.id
                );
            }
            let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
            let want_links = links(&article, &options);
            assert_eq!(
                links_of(&value, label),
                want_links,
                "{}/{label}: links",
                fixture.id
            );
            // Exactly dateline-core's serde JSON, then `"links"` as the last key.
            let core = serde_json::to_string(&expected(&article, &options)).expect("serialise");
            let want = match &want_links {
                None => core,
                Some(links) => {
                    let links = serde_json::to_string(links).expect("serialise");
                    format!("{},\"links\":{links}}}", &core[..core.len() - 1])
                }
            };
            assert_eq!(out, format!("{want}\n"), "{}/{label}", fixture.id);
        }
    }
}

#[test]
fn model_streams_one_line_per_article() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    let refs: Vec<_> = articles.iter().collect();
    let out = export("model", &Options::new(), &refs);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), articles.len());
    for (line, article) in lines.iter().zip(&articles) {
        let back: Article<'_> = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(&back, article);
    }
}

#[test]
fn linked_lines_read_back_as_articles_and_links() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    let refs: Vec<_> = articles.iter().collect();
    for (label, options) in crate::common::linked_option_sets() {
        let out = export("model", &options, &refs);
        for (line, article) in out.lines().zip(&articles) {
            let back: Article<'_> =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(back, expected(article, &options), "{label}");
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
            assert_eq!(links_of(&value, label), links(article, &options), "{label}");
        }
    }
}

#[test]
fn unknown_links_are_null_not_left_out() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    let options = Options::new().links(|_: &Article<'_>| ArticleLinks::default());
    let out = export("model", &options, &[&article]);
    assert!(
        out.ends_with(",\"links\":{\"url\":null,\"outlet\":null,\"sources\":[],\"promos\":[]}}\n"),
        "{out}"
    );
    let back: Article<'_> = serde_json::from_str(&out).expect("an article");
    assert_eq!(back, article);
}

#[test]
fn hostile_links_stay_strings() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    let options = Options::new().links(crate::common::hostile_links);
    let out = export("model", &options, &[&article]);
    assert_eq!(
        out.lines().count(),
        1,
        "a line break in a link stays escaped"
    );
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let links = links_of(&value, "hostile").expect("links");
    assert_eq!(
        links.outlet.as_ref().map(|o| o.name.as_str()),
        Some(crate::common::NASTY)
    );
    assert_eq!(Some(links), crate::common::links(&article, &options));
}
