//! `csl-json`, parsed back with `serde_json` and validated against the CSL-JSON
//! schema (`tests/data/csl-data.json`).

use std::sync::OnceLock;

use dateline_plugin::dateline_export::Options;
use serde_json::{Value, json};

use crate::common::*;

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/csl-data.json");
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("schema"))
            .expect("the schema is JSON");
        jsonschema::validator_for(&schema).expect("the CSL schema is a valid JSON Schema")
    })
}

/// Parses a document and validates it against the schema.
fn parse_valid(doc: &str) -> Vec<Value> {
    let value: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("{e}:\n{doc}"));
    let errors: Vec<String> = validator()
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{doc}");
    match value {
        Value::Array(items) => items,
        other => panic!("not an array: {other}"),
    }
}

#[test]
fn the_schema_rejects_what_it_should() {
    // The validator is not vacuous: an unknown variable, a wrong type and a
    // missing id are errors.
    for bad in [
        json!([{"id": "a", "type": "article-newspaper", "urldate": "x"}]),
        json!([{"id": "a", "type": "newspaper"}]),
        json!([{"type": "article-newspaper"}]),
        json!([{"id": "a", "type": "article-newspaper", "issued": {"date-parts": [[2022, 1, 31, 5]]}}]),
    ] {
        assert!(!validator().is_valid(&bad), "{bad}");
    }
}

#[test]
fn seed_is_a_newspaper_article() {
    let items = parse_valid(&export("csl-json", &Options::new(), &[seed()]));
    assert_eq!(
        items,
        [json!({
            "id": "hngn2022macron",
            "type": "article-newspaper",
            "title": SEED_TITLE,
            "container-title": "www.hngn.com",
            "issued": {"date-parts": [[2022, 1, 31]]},
            "URL": SEED_URL,
            "abstract": SEED_LEDE,
        })]
    );
}

#[test]
fn outlet_from_the_linker_is_the_container_title() {
    let items = parse_valid(&export("csl-json", &hngn_links(), &[seed()]));
    assert_eq!(
        items[0]["container-title"],
        "Headlines & Global News {HNGN}"
    );
    assert_eq!(items[0]["URL"], "https://www.hngn.com/articles/31");
    assert_eq!(items[0]["id"], "hngn2022macron");
}

#[test]
fn hostile_headlines_survive_exactly() {
    let mut articles = hostile_articles();
    articles.push(with_title(
        article("x", "20220131", "https://example.com/a", "Body."),
        "Line\nbreak \"quote\" \\ \u{0} \u{1f} \u{2028} </script>",
    ));
    let items = parse_valid(&export("csl-json", &Options::new(), &articles));
    assert_eq!(items.len(), articles.len());
    for (item, article) in items.iter().zip(&articles) {
        assert_eq!(item["title"], *article.title);
        assert_eq!(item["type"], "article-newspaper");
    }
}

#[test]
fn compact_is_the_same_json_on_one_line() {
    let articles = [
        seed(),
        article("Talks", "20220201", "https://example.com/b", "They ended."),
    ];
    let pretty = export("csl-json", &Options::new(), &articles);
    let compact = export("csl-json", &Options::new().compact(true), &articles);
    assert_eq!(compact.lines().count(), 1, "{compact}");
    assert!(compact.ends_with("]\n"));
    assert_eq!(parse_valid(&pretty), parse_valid(&compact));
    // Pretty: the array's items indented by two spaces, their variables by four.
    assert!(pretty.starts_with("[\n  {\n    \"id\": "), "{pretty}");
    assert!(pretty.contains("\n  },\n  {\n    \"id\": "), "{pretty}");
    assert!(pretty.ends_with("\n  }\n]\n"), "{pretty}");
}

#[test]
fn an_empty_document_is_an_empty_array() {
    for options in [Options::new(), Options::new().compact(true)] {
        let doc = export("csl-json", &options, &[]);
        assert_eq!(doc, "[]\n");
        assert!(parse_valid(&doc).is_empty());
    }
}

#[test]
fn ids_are_unique_and_match_the_bibtex_keys() {
    let articles: Vec<_> = ["Talks go on", "Talks end", "The talks resume"]
        .iter()
        .map(|t| article(t, "20220131", "https://www.example.com/a", "Body."))
        .collect();
    let items = parse_valid(&export("csl-json", &Options::new(), &articles));
    let ids: Vec<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["example2022talks", "example2022talksa", "example2022talksb"]
    );
    let bib = export("bibtex", &Options::new(), &articles);
    for id in ids {
        assert!(bib.contains(&format!("{{{id},\n")), "{id} in\n{bib}");
    }
}

#[test]
fn raw_option_chooses_the_abstract_and_a_bodiless_article_has_none() {
    let a = article(
        "Talks",
        "20220131",
        "https://example.com/a",
        "PerBBC,the talks.",
    );
    let repaired = parse_valid(&export(
        "csl-json",
        &Options::new(),
        std::slice::from_ref(&a),
    ));
    let raw = parse_valid(&export("csl-json", &Options::new().raw(true), &[a]));
    assert_eq!(repaired[0]["abstract"], "Per BBC, the talks.");
    assert_eq!(raw[0]["abstract"], "PerBBC,the talks.");

    let bodiless = parse("Talks\n20220131\nhttps://example.com/a\n");
    let items = parse_valid(&export("csl-json", &Options::new(), &[bodiless]));
    assert!(items[0].get("abstract").is_none(), "{:?}", items[0]);
}
