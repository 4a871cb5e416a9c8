//! The published JSON Schema of the model: up to date, and every article's JSON
//! validates against it.

use dateline_core::{Article, parse, parse_bytes};
use dateline_tests::{fixture_files, seed};
use proptest::prelude::*;

const SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../crates/core/schema/article-v1.schema.json"
);

fn generated_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Article<'static>)).expect("the schema is JSON")
}

/// The value with every object's keys sorted, so the file does not depend on
/// whether serde_json keeps insertion order (a feature another crate of the
/// workspace may switch on).
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

/// Whether CI runs this test: `CI` set to anything but empty, `0` or `false`
/// (as insta reads it).
fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

#[test]
fn published_schema_is_up_to_date() {
    let generated = sorted(generated_schema());
    if std::env::var_os("DATELINE_UPDATE_SCHEMA").is_some() {
        // A rewrite makes this test pass whatever the model: CI must compare.
        assert!(
            !under_ci(),
            "refusing to rewrite {SCHEMA_PATH} under CI: DATELINE_UPDATE_SCHEMA is set"
        );
        let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
        std::fs::write(SCHEMA_PATH, text).unwrap();
    }
    let published: serde_json::Value = std::fs::read_to_string(SCHEMA_PATH)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    assert!(
        published == generated,
        "crates/core/schema/article-v1.schema.json is out of date with the model; \
         regenerate it with `DATELINE_UPDATE_SCHEMA=1 cargo test -p dateline-tests --test schema` \
         and review the diff"
    );
}

/// Under CI, DATELINE_UPDATE_SCHEMA fails the schema test and leaves the file
/// alone (this test runs that test in a child process of this test binary).
#[test]
fn the_schema_is_never_rewritten_under_ci() {
    let before = std::fs::metadata(SCHEMA_PATH)
        .and_then(|m| m.modified())
        .expect("the schema file");
    let out = std::process::Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "published_schema_is_up_to_date",
            "--test-threads",
            "1",
        ])
        .env("CI", "true")
        .env("DATELINE_UPDATE_SCHEMA", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the test binary runs");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "the update was refused: {printed}");
    assert!(
        printed.contains("refusing to rewrite") && printed.contains("1 failed"),
        "{printed}"
    );
    let after = std::fs::metadata(SCHEMA_PATH)
        .and_then(|m| m.modified())
        .expect("the schema file");
    assert_eq!(before, after, "the schema file was not written");
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(SCHEMA_PATH).expect("the published schema is readable"),
    )
    .expect("the published schema is JSON");
    jsonschema::validator_for(&schema).expect("the published schema is a valid JSON Schema")
}

fn assert_valid(validator: &jsonschema::Validator, article: &Article<'_>) {
    let json = serde_json::to_value(article).expect("an article is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn seed_and_fixtures_validate() {
    let validator = validator();
    let text = seed();
    assert_valid(&validator, &parse(&text).unwrap().with_id("seed"));
    for path in fixture_files("valid") {
        let bytes = std::fs::read(&path).unwrap();
        assert_valid(&validator, &parse_bytes(&bytes).unwrap());
    }
}

#[test]
fn schema_rejects_a_wrong_model_version() {
    let validator = validator();
    let text = seed();
    let mut json = serde_json::to_value(parse(&text).unwrap()).unwrap();
    json["model_version"] = 2.into();
    assert!(!validator.is_valid(&json));
}

/// `dateline-export` adds `links` after the model's keys: such a record still
/// validates, and still reads back as an article.
#[test]
fn records_with_links_validate() {
    use dateline_export::{ArticleLinks, OutletRef, formats};
    let validator = validator();
    let text = seed();
    let article = parse(&text).unwrap().with_id("seed");
    let options = dateline_export::Options::new().links(|_: &Article<'_>| ArticleLinks {
        outlet: Some(OutletRef::new("hngn", "Headlines & Global News", "hngn.com").into()),
        ..ArticleLinks::default()
    });
    let mut exporter = formats::create("model", &options).unwrap();
    let mut out = Vec::new();
    exporter.begin(&mut out).unwrap();
    exporter.article(&mut out, &article).unwrap();
    exporter.end(&mut out).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["links"]["outlet"]["id"], "hngn");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let back: Article<'_> = serde_json::from_slice(&out).unwrap();
    assert_eq!(back, article);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn generated_articles_validate(g in dateline_test_support::strategies::article()) {
        let article = parse(&g.text).unwrap();
        assert_valid(&validator(), &article);
    }
}
