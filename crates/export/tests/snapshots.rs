//! Snapshots of every format for the seed, and of the html index. Review a
//! changed snapshot line by line before accepting it.

use dateline_export::record::Record;
use dateline_export::{
    ArticleLinks, Exporter, IndexEntry, Input, Options, OutletRef, SourceRef, UrlFacts, formats,
};

fn seed() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/000_4e9296dd8dfcdc21.txt"
    );
    std::fs::read_to_string(path).expect("the seed fixture")
}

fn export(format: &str, options: &Options) -> String {
    let text = seed();
    let article = dateline_core::parse(&text)
        .expect("the seed parses")
        .with_id("000_4e9296dd8dfcdc21");
    let mut out = Vec::new();
    let info = formats::find(format).expect("built in");
    match info.input {
        Input::Article => {
            let mut exporter = formats::create(format, options).expect("built in");
            exporter.begin(&mut out).expect("begin");
            exporter.article(&mut out, &article).expect("article");
            exporter.end(&mut out).expect("end");
        }
        Input::Record => {
            let mut writer = formats::create_records(format, options).expect("built in");
            let links = options.article_links(&article);
            let record = Record::new(
                &article,
                Some("corpus/000_4e9296dd8dfcdc21.txt"),
                links.as_ref(),
                options,
            );
            writer.begin(&mut out).expect("begin");
            writer.record(&mut out, &record).expect("record");
            writer.end(&mut out).expect("end");
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn seed_json() {
    insta::assert_snapshot!(export("json", &Options::new()));
}

#[test]
fn seed_jsonl() {
    insta::assert_snapshot!(export("jsonl", &Options::new()));
}

#[test]
fn seed_model() {
    insta::assert_snapshot!(export("model", &Options::new()));
}

#[test]
fn seed_csv() {
    insta::assert_snapshot!(export("csv", &Options::new()));
}

#[test]
fn seed_csv_raw_safe_without_promos() {
    insta::assert_snapshot!(export(
        "csv",
        &Options::new().raw(true).csv_safe(true).drop_promos(true)
    ));
}

#[test]
fn seed_markdown() {
    insta::assert_snapshot!(export("markdown", &Options::new()));
}

#[test]
fn seed_html() {
    insta::assert_snapshot!(export("html", &Options::new()));
}

#[test]
fn seed_xml() {
    insta::assert_snapshot!(export("xml", &Options::new()));
}

#[test]
fn seed_text() {
    insta::assert_snapshot!(export("text", &Options::new()));
}

#[test]
fn seed_native() {
    insta::assert_snapshot!(export("native", &Options::new()));
}

/// The seed's links as `dateline convert` finds them with the built-in
/// gazetteer, but AP News left unresolved (to show both cases).
fn seed_links(article: &dateline_core::Article<'_>) -> ArticleLinks {
    let outlet = |source: &str| match source {
        "BBC" => Some(OutletRef::new("bbc", "BBC News", "bbc.co.uk").into()),
        "NBC News" => Some(OutletRef::new("nbc-news", "NBC News", "nbcnews.com").into()),
        _ => None,
    };
    ArticleLinks {
        url: UrlFacts::parse(&article.url).ok(),
        outlet: Some(OutletRef::new("hngn", "Headlines & Global News", "hngn.com").into()),
        sources: article
            .attributions()
            .map(|a| SourceRef {
                kind: Default::default(),
                source: a.source.to_string(),
                outlet: outlet(&a.source),
            })
            .collect(),
        promos: Vec::new(),
    }
}

fn linked() -> Options {
    Options::new().links(seed_links)
}

#[test]
fn seed_jsonl_with_links() {
    insta::assert_snapshot!(export("jsonl", &linked()));
}

#[test]
fn seed_model_with_links() {
    insta::assert_snapshot!(export("model", &linked()));
}

#[test]
fn seed_csv_with_links() {
    insta::assert_snapshot!(export("csv", &linked()));
}

#[test]
fn seed_markdown_with_links() {
    insta::assert_snapshot!(export("markdown", &linked()));
}

#[test]
fn seed_html_with_links() {
    insta::assert_snapshot!(export("html", &linked()));
}

#[test]
fn seed_xml_with_links() {
    insta::assert_snapshot!(export("xml", &linked()));
}

#[test]
fn seed_html_index() {
    let text = seed();
    let article = dateline_core::parse(&text)
        .expect("the seed parses")
        .with_id("000_4e9296dd8dfcdc21");
    let mut index = formats::create("html", &Options::new())
        .expect("built in")
        .index()
        .expect("html has an index");
    let mut out = Vec::new();
    index.begin(&mut out).expect("begin");
    index
        .entry(
            &mut out,
            &IndexEntry::new(&article, "000_4e9296dd8dfcdc21.html"),
        )
        .expect("entry");
    index.end(&mut out).expect("end");
    insta::assert_snapshot!(String::from_utf8(out).expect("UTF-8"));
}

#[test]
fn formats_list() {
    let listing: Vec<String> = formats::builtin()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} .{} {} — {}",
                f.name,
                f.kind,
                f.input.as_str(),
                f.extension,
                f.media_type,
                f.description
            )
        })
        .collect();
    insta::assert_snapshot!(listing.join("\n"));
}

// Keep the trait in scope for `index()`.
#[allow(dead_code)]
fn _uses(_: &dyn Exporter) {}
