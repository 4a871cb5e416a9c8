//! `json`, `jsonl` and `csv` write the analysis record: read back with
//! serde_json and the csv crate, every field is the record's, in every option
//! set, on every fixture; hostile values stay data.

use dateline_core::Article;
use dateline_export::Options;
use dateline_export::record::{FIELDS, Record};

use crate::common::{NASTY, all_option_sets, export, fixture, fixtures, links};

/// The record `dateline convert` makes of `article` with `options` (no path here).
fn record<'a>(article: &'a Article<'a>, options: &Options) -> Record<'static> {
    let links = links(article, options);
    Record::new(article, None, links.as_ref(), options).into_owned()
}

/// A CSV document's header and rows.
fn read_csv(out: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(out.as_bytes());
    let header = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// The CSV cells the documentation promises for `record`: the JSON of each
/// field, a string's text unquoted, null as an empty cell.
fn expected_cells(record: &Record<'_>) -> Vec<String> {
    let value = serde_json::to_value(record).expect("JSON");
    FIELDS
        .iter()
        .map(|f| match &value[f.name] {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

#[test]
fn jsonl_and_json_read_back_into_the_record() {
    for fixture in fixtures() {
        let article = fixture.article();
        for (label, options) in all_option_sets() {
            let want = record(&article, &options);
            let line = export("jsonl", &options, &[&article]);
            assert_eq!(line.lines().count(), 1, "{}/{label}: one line", fixture.id);
            let back: Record<'_> = serde_json::from_str(line.trim_end())
                .unwrap_or_else(|e| panic!("{}/{label}: {e}", fixture.id));
            assert_eq!(back, want, "{}/{label}", fixture.id);
            // The keys are the documented fields, in order, none left out.
            let value: serde_json::Value = serde_json::from_str(&line).expect("JSON");
            let keys: Vec<&str> = value
                .as_object()
                .expect("an object")
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys, FIELDS.map(|f| f.name), "{}/{label}", fixture.id);

            let array = export("json", &options, &[&article, &article]);
            let back: Vec<Record<'_>> = serde_json::from_str(&array)
                .unwrap_or_else(|e| panic!("{}/{label}: {e}", fixture.id));
            assert_eq!(back, [want.clone(), want], "{}/{label}", fixture.id);
        }
    }
}

#[test]
fn json_is_always_an_array() {
    let seed = crate::common::seed();
    let article = seed.article();
    for options in [Options::new(), Options::new().compact(true)] {
        let none: serde_json::Value =
            serde_json::from_str(&export("json", &options, &[])).expect("JSON");
        assert_eq!(none, serde_json::json!([]));
        let one: serde_json::Value =
            serde_json::from_str(&export("json", &options, &[&article])).expect("JSON");
        assert_eq!(one.as_array().map(Vec::len), Some(1));
    }
}

#[test]
fn csv_rows_are_the_records_flattened() {
    for fixture in fixtures() {
        let article = fixture.article();
        for (label, options) in all_option_sets() {
            if options.csv_safe {
                continue; // changes the data: its own test
            }
            let (header, rows) = read_csv(&export("csv", &options, &[&article]));
            assert_eq!(header, FIELDS.map(|f| f.name), "{label}");
            assert_eq!(rows.len(), 1);
            let want = record(&article, &options);
            assert_eq!(rows[0], expected_cells(&want), "{}/{label}", fixture.id);
            // List cells are JSON that reads back into the record's lists.
            let cell =
                |name: &str| &rows[0][header.iter().position(|h| h == name).expect("a column")];
            let promos: Vec<serde_json::Value> =
                serde_json::from_str(cell("promos")).expect("JSON");
            assert_eq!(promos.len(), want.promos.len());
            let text = cell("text");
            assert_eq!(
                text.split("\n\n").filter(|_| !text.is_empty()).count(),
                article.paragraphs().count(),
                "{}/{label}: the paragraphs split back",
                fixture.id
            );
        }
    }
}

#[test]
fn a_corpus_is_one_header_and_a_row_per_record() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    let refs: Vec<_> = articles.iter().collect();
    let (header, rows) = read_csv(&export("csv", &Options::new(), &refs));
    assert_eq!(header.len(), FIELDS.len());
    assert_eq!(rows.len(), articles.len());
    let (header, rows) = read_csv(&export("csv", &Options::new(), &[]));
    assert_eq!((header.len(), rows.len()), (FIELDS.len(), 0));
    let jsonl = export("jsonl", &Options::new(), &refs);
    assert_eq!(jsonl.lines().count(), articles.len());
}

#[test]
fn formulas_are_neutralised_only_when_asked() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    assert!(article.title.starts_with("=cmd|"));
    let title = FIELDS
        .iter()
        .position(|f| f.name == "title")
        .expect("title");

    let (_, rows) = read_csv(&export("csv", &Options::new(), &[&article]));
    assert!(
        rows[0][title].starts_with("=cmd|"),
        "kept as data by default"
    );

    let (_, rows) = read_csv(&export("csv", &Options::new().csv_safe(true), &[&article]));
    assert!(rows[0][title].starts_with("'=cmd|"), "{}", rows[0][title]);
    for cell in &rows[0] {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell still starts a formula: {cell:?}"
        );
    }

    // A hostile outlet name is data by default and neutralised when asked.
    let linked = Options::new().links(crate::common::hostile_links);
    let outlet = FIELDS
        .iter()
        .position(|f| f.name == "outlet_name")
        .expect("outlet_name");
    let (_, rows) = read_csv(&export("csv", &linked, &[&article]));
    assert_eq!(rows[0][outlet], NASTY);
    let (_, rows) = read_csv(&export("csv", &linked.csv_safe(true), &[&article]));
    assert_eq!(rows[0][outlet], format!("'{NASTY}"));

    // Each dangerous first character, in a cell of its own (the id).
    for first in ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"] {
        let text = "Headline\n20220131\nhttps://example.com/\n";
        let id = format!("{first}1+1");
        let article = dateline_core::parse(text)
            .expect("parses")
            .with_id(id.as_str());
        let (_, rows) = read_csv(&export("csv", &Options::new().csv_safe(true), &[&article]));
        assert_eq!(rows[0][0], format!("'{id}"), "{first:?}");
        let (_, rows) = read_csv(&export("csv", &Options::new(), &[&article]));
        assert_eq!(rows[0][0], id, "{first:?}");
    }
}

#[test]
fn hostile_values_stay_strings_in_every_record_format() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    let options = Options::new().links(crate::common::hostile_links);
    let want = record(&article, &options);
    assert_eq!(want.outlet_name.as_deref(), Some(NASTY));
    let jsonl = export("jsonl", &options, &[&article]);
    assert_eq!(jsonl.lines().count(), 1, "a line break stays escaped");
    let back: Record<'_> = serde_json::from_str(&jsonl).expect("JSON");
    assert_eq!(back, want);
    let (_, rows) = read_csv(&export("csv", &options, &[&article]));
    assert_eq!(rows[0], expected_cells(&want));
}

#[test]
fn records_rendered_apart_and_placed_are_the_document() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    for format in ["json", "jsonl", "csv"] {
        for (label, options) in all_option_sets() {
            let records: Vec<Record<'static>> =
                articles.iter().map(|a| record(a, &options)).collect();
            let mut whole = Vec::new();
            let mut writer =
                dateline_export::formats::create_records(format, &options).expect("built in");
            assert!(writer.renders_apart());
            writer.begin(&mut whole).expect("begin");
            for r in &records {
                writer.record(&mut whole, r).expect("record");
            }
            writer.end(&mut whole).expect("end");
            // Each record by its own writer (as worker threads do), placed in order.
            let pieces: Vec<Vec<u8>> = records
                .iter()
                .map(|r| {
                    let mut piece = Vec::new();
                    dateline_export::formats::create_records(format, &options)
                        .expect("built in")
                        .render(&mut piece, r)
                        .expect("render");
                    piece
                })
                .collect();
            let mut placed = Vec::new();
            writer.begin(&mut placed).expect("begin");
            for piece in &pieces {
                writer.place(&mut placed, piece).expect("place");
            }
            writer.end(&mut placed).expect("end");
            assert_eq!(placed, whole, "{format}/{label}");
        }
    }
}
