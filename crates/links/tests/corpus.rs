//! The links report of the fixture corpus (`tests/fixtures/corpus/`): thirteen
//! articles in the dateline format holding every case resolution must handle.
//!
//! | file | what it holds |
//! | --- | --- |
//! | 001 | exact promo to 002; slug-only promo to 003; header date 7 days before the URL's |
//! | 002 | promo to 004 in capitals, curly quotes and an en dash (exact after normalisation) |
//! | 003 | headline unlike its URL slug; promo to 001, which has a URL duplicate (008) |
//! | 004 | promo with a word dropped (fuzzy, to 005); promo to a headline two articles have (006, 007) |
//! | 005 | promo to an article that is not in the corpus |
//! | 006, 007 | the same headline, on different days and sites |
//! | 008 | 001 again, under `hngn.com` without `www.` and with `utm_` parameters |
//! | 009 | promo naming its own headline |
//! | 010 | promo with a changed word (fuzzy 0.8, to 009); header date 1 day after the URL's; an unknown source |
//! | 011 | 010's story syndicated the same day under another URL, headline in other case and quotes |
//! | 012 | a headline unlike its URL, whose slug the outlet cut after 9 of the original headline's 12 slug words |
//! | 013 | promo naming 012's original headline (slug prefix, 9/12) |

use std::path::{Path, PathBuf};

use dateline_links::corpus::{ArticleRecord, CorpusBuilder, DuplicateReason};
use dateline_links::graph::{write_csv, write_dot};
use dateline_links::{Corpus, Gazetteer, LinksReport, Method, Resolver};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// The fixture corpus, streamed in as records, in file-name order.
fn corpus() -> Corpus {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .expect("the fixture directory exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut builder = CorpusBuilder::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a fixture is readable");
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file stem");
        let article = dateline_core::parse(&text)
            .unwrap_or_else(|e| panic!("{} parses: {e:?}", path.display()))
            .with_id(stem);
        builder
            .push(ArticleRecord::from_article(&article))
            .expect("room");
    }
    builder.build()
}

fn report() -> LinksReport {
    let corpus = corpus();
    LinksReport::build(&Resolver::new(&corpus), Gazetteer::builtin())
}

/// The reference of `from` naming `title_start...`.
fn reference<'r>(
    report: &'r LinksReport,
    from: &str,
    title_start: &str,
) -> &'r dateline_links::report::ReferenceLink {
    report
        .references
        .iter()
        .find(|r| r.from == from && r.title.starts_with(title_start))
        .unwrap_or_else(|| panic!("no reference from {from} to {title_start:?}"))
}

#[test]
fn every_case_resolves_as_documented() {
    let report = report();
    assert_eq!(report.articles, 13);
    assert_eq!(report.references.len(), 11);

    let exact = reference(&report, "001_macron_putin", "US, Russia");
    assert_eq!(exact.to.as_deref(), Some("002_us_russia_diplomacy"));
    assert_eq!((exact.method, exact.score), (Some(Method::Exact), 1.0));
    assert_eq!(exact.line, Some(5));

    let slug = reference(&report, "001_macron_putin", "Biden Set To Visit");
    assert_eq!(slug.to.as_deref(), Some("003_biden_israel"));
    assert_eq!(slug.method, Some(Method::Slug));

    let variant = reference(&report, "002_us_russia_diplomacy", "ZELENSKY");
    assert_eq!(variant.to.as_deref(), Some("004_zelensky_calm"));
    assert_eq!(variant.method, Some(Method::Exact));

    let to_duplicated = reference(&report, "003_biden_israel", "Macron");
    assert_eq!(
        to_duplicated.to.as_deref(),
        Some("001_macron_putin"),
        "001 and 008 are one article: no ambiguity"
    );

    let fuzzy = reference(&report, "004_zelensky_calm", "Pentagon");
    assert_eq!(fuzzy.to.as_deref(), Some("005_pentagon_troops"));
    assert_eq!(fuzzy.method, Some(Method::Fuzzy));
    assert_eq!(fuzzy.score, 10.0 / 11.0, "one word of eleven dropped");

    let ambiguous = reference(&report, "004_zelensky_calm", "NATO");
    assert_eq!(ambiguous.to, None);
    assert_eq!(ambiguous.method, Some(Method::Exact));
    assert_eq!(
        ambiguous.candidates,
        ["006_nato_standby_guardian", "007_nato_standby_ap"]
    );

    let absent = reference(&report, "005_pentagon_troops", "China");
    assert_eq!((absent.to.as_deref(), absent.method), (None, None));
    assert!(absent.candidates.is_empty());

    let itself = reference(&report, "009_scholz_washington", "Scholz");
    assert_eq!(itself.to.as_deref(), Some("009_scholz_washington"));
    assert!(itself.self_reference);

    let changed_word = reference(&report, "010_johnson_sanctions", "Scholz Visits");
    assert_eq!(changed_word.to.as_deref(), Some("009_scholz_washington"));
    assert_eq!(changed_word.method, Some(Method::Fuzzy));
    assert_eq!(changed_word.score, 0.8);

    let cut_slug = reference(&report, "013_macron_kyiv", "Putin And Macron");
    assert_eq!(cut_slug.to.as_deref(), Some("012_putin_macron_kremlin"));
    assert_eq!(cut_slug.method, Some(Method::Slug));
    assert_eq!(
        cut_slug.score,
        9.0 / 12.0,
        "the URL keeps 9 of 12 slug words"
    );
    assert!(report.references.iter().all(|r| !r.capped));

    assert_eq!(
        (
            report.resolved,
            report.unresolved,
            report.ambiguous,
            report.self_references
        ),
        (8, 2, 1, 1),
        "resolved to another article, unresolved, ambiguous, self-references"
    );
    assert_eq!(
        report.resolved + report.self_references + report.unresolved,
        report.references.len(),
        "the counts add up"
    );
}

#[test]
fn duplicates_and_date_mismatches() {
    let report = report();
    assert_eq!(report.duplicates.len(), 2, "{:?}", report.duplicates);
    let dup = &report.duplicates[0];
    assert_eq!(dup.reason, DuplicateReason::Url);
    assert_eq!(dup.articles, ["001_macron_putin", "008_macron_putin_copy"]);
    assert_eq!(
        dup.key,
        "hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm"
    );
    let syndicated = &report.duplicates[1];
    assert_eq!(syndicated.reason, DuplicateReason::HeadlineDate);
    assert_eq!(
        syndicated.articles,
        ["010_johnson_sanctions", "011_johnson_sanctions_standard"]
    );
    assert_eq!(
        syndicated.key,
        "boris johnson warns russia of \"painful\" sanctions if ukraine is invaded"
    );
    assert_eq!(
        syndicated.date.map(|d| d.to_string()).as_deref(),
        Some("2022-02-01")
    );
    let days: Vec<_> = report
        .date_mismatches
        .iter()
        .map(|m| (m.article.as_str(), m.days))
        .collect();
    assert_eq!(
        days,
        [
            ("001_macron_putin", 7),
            ("008_macron_putin_copy", 7),
            ("010_johnson_sanctions", -1)
        ]
    );
    assert!(report.invalid_urls.is_empty());
}

#[test]
fn outlets_of_sources_and_hosts() {
    let report = report();
    let cited: Vec<_> = report
        .attributions
        .iter()
        .map(|a| (a.source.as_str(), a.outlet.as_deref()))
        .collect();
    assert_eq!(
        cited,
        [
            ("BBC", Some("bbc")),
            ("AP News", Some("ap")),
            ("Reuters", Some("reuters")),
            ("The Times of Israel", Some("times-of-israel")),
            ("CNN", Some("cnn")),
            ("NBC News", Some("nbc-news")),
            ("Politico Europe", Some("politico")),
            ("AP", Some("ap")),
            ("DW", Some("dw")),
            ("Kremlin Spokesman Dmitry Peskov", None),
            ("PA Media", Some("pa-media")),
            ("France 24", Some("france-24")),
        ]
    );
    let hosts: Vec<_> = report
        .publishers
        .iter()
        .map(|p| p.outlet.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(
        hosts,
        [
            "hngn",
            "hngn",
            "hngn",
            "reuters",
            "nbc-news",
            "guardian",
            "ap",
            "hngn",
            "politico",
            "guardian",
            "evening-standard",
            "hngn",
            "hngn",
        ]
    );
}

#[test]
fn a_stricter_threshold_leaves_the_weaker_fuzzy_match_unresolved() {
    let corpus = corpus();
    let resolver = Resolver::new(&corpus)
        .with_min_score(0.85)
        .expect("a valid score");
    let report = LinksReport::build(&resolver, Gazetteer::builtin());
    let strong = reference(&report, "004_zelensky_calm", "Pentagon");
    assert_eq!(strong.to.as_deref(), Some("005_pentagon_troops"));
    let weak = reference(&report, "010_johnson_sanctions", "Scholz Visits");
    assert_eq!(weak.to, None);
    // A URL slug prefix must reach the score too: 9/12 does not.
    let cut_slug = reference(&report, "013_macron_kyiv", "Putin And Macron");
    assert_eq!(cut_slug.to, None);
    assert_eq!(report.unresolved, 4);
    assert_eq!(report.min_score, 0.85);
}

#[test]
fn user_outlets_override_the_builtin() {
    let user: Gazetteer = r#"
[[outlet]]
id = "kremlin"
name = "Kremlin"
aliases = ["Kremlin Spokesman Dmitry Peskov"]
domains = ["kremlin.ru"]
kind = "broadcaster"
country = "RU"

[[outlet]]
id = "hngn"
name = "HNGN"
domains = ["hngn.com"]
kind = "digital"
country = "US"
"#
    .parse()
    .expect("a valid gazetteer");
    let gazetteer = Gazetteer::builtin().merge(&user).expect("no conflict");
    let corpus = corpus();
    let report = LinksReport::build(&Resolver::new(&corpus), &gazetteer);
    let peskov = report
        .attributions
        .iter()
        .find(|a| a.source.starts_with("Kremlin"))
        .expect("cited");
    assert_eq!(peskov.outlet.as_deref(), Some("kremlin"));
    assert_eq!(peskov.domain.as_deref(), Some("kremlin.ru"));
    assert_eq!(report.publishers[0].name.as_deref(), Some("HNGN"));
}

#[test]
fn json_report_snapshot() {
    insta::assert_json_snapshot!("links_report", report());
}

#[test]
fn csv_snapshot() {
    let mut out = Vec::new();
    write_csv(&report(), &mut out).expect("writes");
    insta::assert_snapshot!("links_csv", String::from_utf8(out).expect("UTF-8"));
}

#[test]
fn dot_snapshot() {
    let mut out = Vec::new();
    write_dot(&report(), &mut out).expect("writes");
    insta::assert_snapshot!("links_dot", String::from_utf8(out).expect("UTF-8"));
}
