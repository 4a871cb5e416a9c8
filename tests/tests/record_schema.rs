//! The analysis record's published JSON Schema and field table: up to date with
//! the code, and every record of the fixtures validates against the schema.

use dateline_export::record::{FIELDS, Record, fields_markdown};
use dateline_export::{GazetteerLinker, Linker, Options};
use dateline_tests::{fixture_files, seed};

const SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../crates/export/schema/record-v1.schema.json"
);
const TABLE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../doc/record.md");

/// What `doc/record.md` holds: a fixed introduction, the generated table, a
/// fixed closing section.
fn record_md() -> String {
    format!(
        "# The analysis record (version {})\n\n\
         One flat row per article, the same in `json`, `jsonl`, `csv`, the `parquet`\n\
         plugin and Arrow (Python). Generated from `dateline_export::record::FIELDS`\n\
         (a test keeps this file current: `DATELINE_UPDATE_SCHEMA=1 cargo test -p\n\
         dateline-tests --test record_schema` rewrites it); the JSON Schema is\n\
         `crates/export/schema/record-v1.schema.json`.\n\n\
         {}\n\
         ## Encodings\n\n\
         - **JSON, JSON Lines**: every key present, in this order; unknown values `null`;\n  \
           dates `YYYY-MM-DD`; lists as arrays of objects.\n\
         - **CSV**: these columns in this order; `null` is an empty cell; dates\n  \
           `YYYY-MM-DD`; the list fields (`promos`, `sources`, `warnings`) hold the\n  \
           field's JSON, exactly as JSON Lines writes it (`[]` when empty).\n\
         - **Parquet, Arrow**: strings `utf8`, dates `date32`, `repairs` `int64`,\n  \
           `score` `float64`, lists `list<struct>` / `list<utf8>`; the schema's\n  \
           metadata has `dateline.record_version`.\n\
         - `text` is the paragraphs joined by a blank line: `text.split(\"\\n\\n\")`\n  \
           gives them back (a paragraph holds no line break).\n",
        dateline_export::record::RECORD_VERSION,
        fields_markdown()
    )
}

/// The record's schema, as schemars derives it from the types, with every key
/// required: the formats write every key, `null` when the value is unknown
/// (schemars makes an `Option` field nullable and optional).
fn generated_schema() -> serde_json::Value {
    fn require_all(object: &mut serde_json::Value) {
        if let Some(properties) = object["properties"].as_object() {
            let keys: Vec<serde_json::Value> =
                properties.keys().map(|k| k.as_str().into()).collect();
            object["required"] = keys.into();
        }
    }
    let mut schema =
        serde_json::to_value(schemars::schema_for!(Record<'static>)).expect("the schema is JSON");
    require_all(&mut schema);
    if let Some(defs) = schema.get_mut("$defs").and_then(|d| d.as_object_mut()) {
        for def in defs.values_mut() {
            require_all(def);
        }
    }
    schema
}

/// The value with every object's keys and every `required` list sorted, so
/// that the file does not depend on serde_json's features (whether its maps
/// keep insertion order), which the workspace's other crates may switch on.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| {
                        let v = match (k.as_str(), v) {
                            ("required", serde_json::Value::Array(mut names)) => {
                                names.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                                serde_json::Value::Array(names)
                            }
                            (_, v) => sorted(v),
                        };
                        (k, v)
                    })
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

#[test]
fn the_schema_and_the_field_table_are_up_to_date() {
    let schema = sorted(generated_schema());
    let table = record_md();
    if std::env::var_os("DATELINE_UPDATE_SCHEMA").is_some() {
        assert!(
            !under_ci(),
            "refusing to rewrite {SCHEMA_PATH} under CI: DATELINE_UPDATE_SCHEMA is set"
        );
        let text = serde_json::to_string_pretty(&schema).expect("JSON") + "\n";
        std::fs::write(SCHEMA_PATH, text).expect("write the schema");
        std::fs::write(TABLE_PATH, &table).expect("write the table");
    }
    let published: serde_json::Value = std::fs::read_to_string(SCHEMA_PATH)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    assert!(
        published == schema,
        "crates/export/schema/record-v1.schema.json is out of date with the record; \
         regenerate it with `DATELINE_UPDATE_SCHEMA=1 cargo test -p dateline-tests --test record_schema` \
         and review the diff"
    );
    let written = std::fs::read_to_string(TABLE_PATH).unwrap_or_default();
    assert!(
        written == table,
        "doc/record.md is out of date with dateline_export::record::FIELDS; regenerate it \
         with `DATELINE_UPDATE_SCHEMA=1 cargo test -p dateline-tests --test record_schema`"
    );
}

#[test]
fn the_schema_lists_the_fields_in_order_and_no_more() {
    let schema = generated_schema();
    let properties: Vec<&str> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    let mut fields: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
    let mut sorted_properties = properties.clone();
    sorted_properties.sort_unstable();
    fields.sort_unstable();
    assert_eq!(sorted_properties, fields);
    for f in FIELDS {
        let required = schema["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|n| n == f.name));
        // A nullable field may still be required (present, null): what the
        // schema must not do is forbid null for a nullable field.
        let types = &schema["properties"][f.name]["type"];
        let allows_null = types
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t == "null"))
            || schema["properties"][f.name]["anyOf"]
                .as_array()
                .is_some_and(|a| a.iter().any(|t| t["type"] == "null"));
        assert_eq!(allows_null, f.nullable, "{}: nullable", f.name);
        assert!(required, "{}: required", f.name);
    }
}

#[test]
fn every_record_validates() {
    let schema = generated_schema();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let linker = GazetteerLinker::builtin();
    let mut texts = vec![seed()];
    for dir in ["valid"] {
        for path in fixture_files(dir) {
            texts.push(std::fs::read_to_string(path).expect("a fixture"));
        }
    }
    for text in &texts {
        let article = dateline_core::parse(text).expect("parses").with_id("x");
        let links = linker.links(&article);
        for (links, options) in [
            (None, Options::new()),
            (Some(&links), Options::new().raw(true).drop_promos(true)),
        ] {
            let record = Record::new(&article, Some("a/x.txt"), links, &options);
            let json = serde_json::to_value(&record).expect("JSON");
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{errors:#?}");
        }
    }
}
