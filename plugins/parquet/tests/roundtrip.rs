//! Files written by the exporter, read back with the parquet crate, hold exactly
//! what the model says.

mod common;

use common::{expected, export, export_with, files, parse_all, read};
use dateline_parquet::{Parquet, schema};
use dateline_plugin::dateline_core;
use dateline_plugin::dateline_export::{
    ArticleLinks, Exporter, Kind, Options, OutletRef, SourceRef, UrlFacts,
};
use serde_json::Value;

/// Exports `files` with `options`, reads them back and compares every row with
/// the model's; returns the rows.
fn round_trip(files: &[(String, String)], options: &Options) -> Vec<Value> {
    let articles = parse_all(files);
    let back = read(&export(&articles, options));
    assert_eq!(
        back.schema.fields(),
        schema().fields(),
        "the documented schema"
    );
    let rows = back.json_rows();
    assert_eq!(rows.len(), articles.len());
    for (article, row) in articles.iter().zip(&rows) {
        assert_eq!(
            *row,
            expected(article, options),
            "{:?} with {options:?}",
            article.id
        );
    }
    rows
}

fn seed() -> Vec<(String, String)> {
    files("tests/fixtures")
}

fn option_sets() -> Vec<Options> {
    vec![
        Options::new(),
        Options::new().raw(true),
        Options::new().drop_promos(true),
        Options::new().raw(true).drop_promos(true),
    ]
}

#[test]
fn info() {
    let info = dateline_parquet::INFO;
    assert_eq!(info.name, "parquet");
    assert_eq!(info.kind, Kind::Stream);
    assert_eq!(info.extension, "parquet");
    assert_eq!(info.media_type, "application/vnd.apache.parquet");
}

#[test]
fn seed_columns_equal_the_model() {
    let seed = seed();
    assert_eq!(seed.len(), 1, "the seed alone");
    for options in option_sets() {
        round_trip(&seed, &options);
    }
    // And a few facts by hand, so that the comparison is not only with itself.
    let rows = round_trip(&seed, &Options::new());
    let row = &rows[0];
    assert_eq!(row["id"], "000_4e9296dd8dfcdc21");
    assert!(
        row["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Macron Heads To Meet Putin"))
    );
    assert_eq!(row["date"], "2022-01-31");
    assert_eq!(row["host"], "www.hngn.com");
    let blocks = row["blocks"].as_array().expect("a list");
    let promos: Vec<_> = blocks.iter().filter(|b| b["kind"] == "related").collect();
    assert!(!promos.is_empty(), "the seed has promos");
    let labels: Vec<_> = promos.iter().map(|b| b["label"].as_str()).collect();
    assert_eq!(labels, [Some("Read Also"), Some("Related Article")]);
    assert_eq!(
        row["related"].as_array().map(Vec::len),
        Some(promos.len()),
        "one related title per promo block"
    );
    assert_eq!(
        row["text"],
        row["paragraphs"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|p| p.as_str().expect("text"))
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    // Without a linker the outlet columns are null and the schema is unchanged.
    for column in ["outlet", "outlet_name", "canonical_url", "url_date"] {
        assert_eq!(row[column], Value::Null, "{column}");
    }
}

#[test]
fn sample_corpus_and_valid_fixtures() {
    let corpus = files("examples/corpus");
    assert!(corpus.len() > 20);
    let valid = files("tests/fixtures/valid");
    assert!(!valid.is_empty());
    for options in option_sets() {
        let rows = round_trip(&corpus, &options);
        // Order preserved: the ids come back in input order.
        let ids: Vec<_> = rows
            .iter()
            .map(|r| r["id"].as_str().unwrap_or(""))
            .collect();
        let want: Vec<_> = corpus.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, want);
        round_trip(&valid, &options);
    }
    // Across the corpus, some attributions are repaired and some paragraphs differ
    // between raw and repaired: the options matter.
    let repaired = round_trip(&corpus, &Options::new());
    let raw = round_trip(&corpus, &Options::new().raw(true));
    assert!(repaired.iter().any(|r| r["repairs"].as_i64() > Some(0)));
    assert!(
        repaired
            .iter()
            .zip(&raw)
            .any(|(a, b)| a["text"] != b["text"])
    );
    assert!(
        repaired
            .iter()
            .any(|r| r["sources"].as_array().is_some_and(|s| !s.is_empty()))
    );
}

#[test]
fn export_fixtures() {
    // The export crate's hostile and unicode fixtures: markup, formulas, CDATA ends,
    // quotes, BOM and CRLF, many promos.
    for options in option_sets() {
        round_trip(&files("crates/export/tests/fixtures"), &options);
    }
}

#[test]
fn hostile_text_round_trips_exactly() {
    let title = "<script>alert(\"x\")</script> 'quoted' \\ back\\slash — “curly” ‘single’ 🦀 עברית";
    let paragraph = "He said \"hello\" and “bye”, per BBC. Zero\u{200b}width, \u{202e}RTL override, \
                     tab\there, ]]> <![CDATA[ &amp; \u{1F600}\u{FE0F} é (e\u{301}).";
    let text = format!(
        "{title}\n20220131\nhttps://example.com/a?x=<b>&y=\"z\"#'q'\n{paragraph}\nRead Also:<img src=x onerror=alert(1)>\n=SUM(A1)\n"
    );
    let files = vec![("hostile \"id\" <x>".to_owned(), text)];
    let rows = round_trip(&files, &Options::new());
    assert_eq!(rows[0]["title"], title);
    assert_eq!(rows[0]["paragraphs"][0], paragraph);
    assert_eq!(rows[0]["related"][0], "<img src=x onerror=alert(1)>");
    assert_eq!(rows[0]["id"], "hostile \"id\" <x>");
}

#[test]
fn an_empty_corpus_is_a_valid_file_with_no_rows() {
    let bytes = export(&[], &Options::new());
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let back = read(&bytes);
    assert_eq!(back.rows(), 0);
    assert_eq!(back.metadata.num_row_groups(), 0);
    assert_eq!(back.schema.fields(), schema().fields());

    // `end` without `begin` writes the same empty file.
    let mut out = Vec::new();
    Parquet::new(&Options::new()).end(&mut out).expect("end");
    assert_eq!(read(&out).rows(), 0);
}

#[test]
fn an_article_without_id_has_a_null_id() {
    let article =
        dateline_core::parse("Talks\n20220131\nhttps://example.com/\nThey met.\n").expect("parses");
    let rows = read(&export(std::slice::from_ref(&article), &Options::new())).json_rows();
    assert_eq!(rows[0]["id"], Value::Null);
    assert_eq!(rows[0], expected(&article, &Options::new()));
}

#[test]
fn begin_after_end_writes_a_new_file() {
    let corpus = files("examples/corpus");
    let articles = parse_all(&corpus);
    let (first, second) = articles.split_at(5);
    let mut exporter = Parquet::new(&Options::new()).with_row_group_rows(2);
    let mut documents = Vec::new();
    for part in [first, second, &[]] {
        let mut out = Vec::new();
        exporter.begin(&mut out).expect("begin");
        for article in part {
            exporter.article(&mut out, article).expect("article");
        }
        exporter.end(&mut out).expect("end");
        documents.push(out);
    }
    for (bytes, part) in documents.iter().zip([first, second, &[]]) {
        let rows = read(bytes).json_rows();
        let want: Vec<_> = part.iter().map(|a| expected(a, &Options::new())).collect();
        assert_eq!(rows, want);
    }
    // The same articles from a fresh exporter give the same bytes.
    assert_eq!(
        documents[1],
        export_with(Parquet::new(&Options::new()).with_row_group_rows(2), second)
    );
}

#[test]
fn options_are_recorded_in_the_metadata() {
    let seed = seed();
    let articles = parse_all(&seed);
    for (options, text, promos) in [
        (Options::new(), "repaired", "kept"),
        (Options::new().raw(true).drop_promos(true), "raw", "dropped"),
    ] {
        let back = read(&export(&articles, &options));
        let kv = back
            .metadata
            .file_metadata()
            .key_value_metadata()
            .expect("key-value metadata");
        let get = |key: &str| {
            kv.iter()
                .find(|e| e.key == key)
                .and_then(|e| e.value.clone())
        };
        assert_eq!(get("dateline.text").as_deref(), Some(text));
        assert_eq!(get("dateline.promos").as_deref(), Some(promos));
    }
}

#[test]
fn a_linker_fills_the_outlet_columns() {
    let corpus = files("examples/corpus");
    let articles = parse_all(&corpus);
    let hngn = OutletRef::new("hngn", "Headlines & Global News", "hngn.com");
    let bbc = OutletRef::new("bbc", "BBC News", "bbc.co.uk");
    let options = Options::new().links(move |article: &dateline_core::Article<'_>| {
        let mut url = UrlFacts::parse(&article.url).expect("the sample's URLs read");
        url.date = dateline_core::Date::new(2022, 2, 7);
        url.article_id = Some("240451".to_owned());
        ArticleLinks {
            url: Some(url),
            outlet: Some(hngn.clone()),
            sources: article
                .attributions()
                .map(|a| SourceRef {
                    kind: Default::default(),
                    source: a.source.to_string(),
                    outlet: (a.source == "BBC").then(|| bbc.clone()),
                })
                .collect(),
            promos: Vec::new(),
        }
    });
    let rows = round_trip(&corpus, &options);
    for row in &rows {
        assert_eq!(row["outlet"], "hngn");
        assert_eq!(row["outlet_name"], "Headlines & Global News");
        assert_eq!(row["outlet_domain"], "hngn.com");
        assert_eq!(row["url_date"], "2022-02-07");
        assert_eq!(row["url_article_id"], "240451");
        assert!(row["canonical_url"].is_string());
        let sources = row["sources"].as_array().expect("a list");
        let outlets = row["source_outlets"].as_array().expect("a list");
        assert_eq!(sources.len(), outlets.len());
        for (source, outlet) in sources.iter().zip(outlets) {
            if source == "BBC" {
                assert_eq!(outlet, "bbc");
            } else {
                assert_eq!(*outlet, Value::Null);
            }
        }
    }
    assert!(
        rows.iter()
            .flat_map(|r| r["source_outlets"].as_array().cloned().unwrap_or_default())
            .any(|o| o == "bbc"),
        "some attribution names the BBC"
    );

    // A linker that returns misaligned sources links nothing wrongly: nulls,
    // not an error. (A URL date is a `Date`: it cannot be unreadable.)
    let sloppy = Options::new().links(|_: &dateline_core::Article<'_>| ArticleLinks {
        url: UrlFacts::parse("https://example.com/").ok(),
        outlet: None,
        sources: vec![SourceRef {
            kind: Default::default(),
            source: "Nobody".to_owned(),
            outlet: Some(OutletRef::new("x", "X", "x.com")),
        }],
        promos: Vec::new(),
    });
    let back = read(&export(&articles, &sloppy)).json_rows();
    for row in back {
        assert_eq!(row["url_date"], Value::Null);
        assert_eq!(row["outlet"], Value::Null);
        assert!(
            row["source_outlets"]
                .as_array()
                .expect("a list")
                .iter()
                .all(Value::is_null)
        );
    }
}
