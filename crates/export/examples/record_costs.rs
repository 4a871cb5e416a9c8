//! What each stage of `dateline convert --to jsonl` costs one thread, per MB
//! of input: parsing, linting, the links (the URL and outlet, then the spaced
//! attributions alone), building the record, and writing it as a JSON line.
//!
//! ```sh
//! cargo run --release -p dateline-export --example record_costs -- [MB [ROUNDS]]
//! ```
//!
//! The corpus is the workspace generator's, held in memory, so reading files
//! is not counted; each stage runs over every article, and is timed by the
//! thread's own CPU time as well as the wall clock (a busy machine inflates
//! the second, not the first). The stages overlap as the writer's work does:
//! `record` includes the lint, and `links` the spaced attributions.

use std::time::Instant;

use dateline_core::Article;
use dateline_export::record::Record;
use dateline_export::{GazetteerLinker, Options, formats};
use dateline_links::Gazetteer;

/// The calling thread's CPU time, in seconds (0 where it cannot be read).
fn thread_cpu() -> f64 {
    dateline_test_support::thread_cpu_seconds().unwrap_or(0.0)
}

/// Runs `stage` `rounds` times, then prints its least wall and CPU time per
/// MB of `bytes` (the least is the one a busy machine disturbed least).
fn time<T>(name: &str, bytes: usize, rounds: usize, mut stage: impl FnMut() -> T) -> T {
    let (mut best_wall, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut out = None;
    for _ in 0..rounds.max(1) {
        let (wall, cpu) = (Instant::now(), thread_cpu());
        out = Some(stage());
        best_wall = best_wall.min(wall.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(thread_cpu() - cpu);
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{name:<10} {:>8.2} ms/MB  {:>8.2} ms/MB CPU  {:>7.0} MB/s CPU",
        best_wall * 1e3 / mb,
        best_cpu * 1e3 / mb,
        mb / best_cpu.max(1e-9)
    );
    out.expect("a stage runs at least once")
}

fn main() {
    let arg = |i: usize| std::env::args().nth(i).and_then(|a| a.parse::<f64>().ok());
    let mb = arg(1).unwrap_or(40.0);
    let rounds = arg(2).map_or(1, |r| r as usize);
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED);
    let corpus: Vec<String> = dateline_test_support::corpus(&cfg, (mb * 1e6) as u64)
        .map(|a| a.text)
        .collect();
    let bytes: usize = corpus.iter().map(String::len).sum();
    println!(
        "{} articles, {:.1} MB, one thread",
        corpus.len(),
        bytes as f64 / 1e6
    );

    let articles: Vec<Article<'_>> = time("parse", bytes, rounds, || {
        corpus
            .iter()
            .filter_map(|text| dateline_core::parse_bytes(text.as_bytes()).ok())
            .collect()
    });
    let lints = time("lint", bytes, rounds, || {
        articles
            .iter()
            .map(|a| dateline_core::lint(a).len())
            .sum::<usize>()
    });
    let options = Options::new().links(GazetteerLinker::builtin());
    let spaced = time("spaced", bytes, rounds, || {
        articles
            .iter()
            .map(|a| dateline_links::spaced::in_article(a, Gazetteer::builtin()).len())
            .sum::<usize>()
    });
    let links: Vec<_> = time("links", bytes, rounds, || {
        articles.iter().map(|a| options.article_links(a)).collect()
    });
    let records: Vec<Record<'_>> = time("record", bytes, rounds, || {
        articles
            .iter()
            .zip(&links)
            .map(|(a, l)| Record::new(a, Some("corpus/0001.txt"), l.as_ref(), &options))
            .collect()
    });
    let written = time("jsonl", bytes, rounds, || {
        let mut writer = formats::create_records("jsonl", &options).expect("jsonl is built in");
        let mut piece = Vec::new();
        let mut written = 0;
        for record in &records {
            piece.clear();
            writer
                .render(&mut piece, record)
                .expect("a Vec takes any bytes");
            written += piece.len();
        }
        written
    });
    println!("{lints} warnings, {spaced} spaced attributions, {written} bytes of JSON lines");
}
