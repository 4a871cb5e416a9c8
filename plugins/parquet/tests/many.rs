//! A generated corpus: several row groups, every row in order.

mod common;

use arrow_array::Array;
use arrow_array::cast::AsArray;
use common::{expected, export_with, read};
use dateline_parquet::Parquet;
use dateline_plugin::dateline_core;
use dateline_plugin::dateline_export::Options;

/// Enough for several row groups of each kind, few enough for a debug-build CI
/// run (the default byte budget cuts a group about every 3,200 of these).
const ARTICLES: u64 = 3_500;

fn generated() -> Vec<(String, String)> {
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED);
    (0..ARTICLES)
        .map(|i| {
            let a = dateline_test_support::generate_article(&cfg, i);
            let id = a.file_name.trim_end_matches(".txt").to_owned();
            (id, a.text)
        })
        .collect()
}

#[test]
fn many_articles_make_several_row_groups_in_order() {
    let files = generated();
    let articles: Vec<_> = files
        .iter()
        .map(|(id, text)| {
            dateline_core::parse(text)
                .expect("generated articles parse")
                .with_id(id.as_str())
        })
        .collect();
    let options = Options::new();

    let bytes = export_with(Parquet::new(&options).with_row_group_rows(500), &articles);
    let back = read(&bytes);
    assert_eq!(back.rows(), articles.len());
    let groups: Vec<i64> = back
        .metadata
        .row_groups()
        .iter()
        .map(|g| g.num_rows())
        .collect();
    // 3,500 = 7 × 500.
    assert_eq!(groups, [500; 7]);
    let rows = back.json_rows();
    for (i, (article, row)) in articles.iter().zip(&rows).enumerate() {
        assert_eq!(*row, expected(article, &options), "row {i}");
    }

    // The defaults: a row group every 8,192 articles or 32 MiB of text, which
    // for these articles (about 10 KB of column text each) comes first.
    let back = read(&export_with(Parquet::new(&options), &articles));
    let groups: Vec<i64> = back
        .metadata
        .row_groups()
        .iter()
        .map(|g| g.num_rows())
        .collect();
    assert_eq!(groups.iter().sum::<i64>(), 3_500);
    assert!(groups.len() >= 2, "the byte budget cuts first: {groups:?}");
    assert!(groups.iter().all(|&n| n <= 8192), "{groups:?}");
    let ids: Vec<Option<String>> = back
        .batches
        .iter()
        .flat_map(|b| {
            let ids = b.column(0).as_string::<i32>();
            (0..ids.len())
                .map(|i| Some(ids.value(i).to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    let want: Vec<_> = files.iter().map(|(id, _)| Some(id.clone())).collect();
    assert_eq!(ids, want);

    // A smaller byte budget: about 256 KiB of text per row group.
    let back = read(&export_with(
        Parquet::new(&options).with_row_group_bytes(256 << 10),
        &articles[..1000],
    ));
    assert_eq!(back.rows(), 1000);
    let groups = back.metadata.num_row_groups();
    assert!((20..200).contains(&groups), "{groups} row groups");
}
