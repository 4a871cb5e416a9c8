//! Resolution at scale (issue 17): N generated articles (default 1,000,000),
//! each generated, parsed and reduced to its record as `dateline links` does,
//! then every promo resolved and the report written (to a sink). Prints the
//! wall time of each phase and the peak resident memory (Linux: `VmHWM`).
//!
//! ```text
//! cargo bench -p dateline-links --bench scale -- 1000000
//! ```
//!
//! Not a criterion benchmark: one run of a million articles is the
//! measurement, and it says its figures itself. Generating the text is timed
//! apart from parsing it; the machine's other load shows in the figures.

use std::io::{self, Write};
use std::time::Instant;

use dateline_links::corpus::{ArticleRecord, CorpusBuilder};
use dateline_links::{Gazetteer, LinksReport, Resolver};
use dateline_test_support::{GenConfig, generate_article};

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    // `cargo bench` passes `--bench`; the first number is the corpus size.
    let n: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let cfg = GenConfig::new(2026).with_damaged(true);
    let gazetteer = Gazetteer::builtin();

    let (mut generating, mut parsing) = (0.0f64, 0.0f64);
    let started = Instant::now();
    let mut builder = CorpusBuilder::with_capacity(usize::try_from(n).unwrap_or(0));
    let mut bytes = 0usize;
    for i in 0..n {
        let t = Instant::now();
        let generated = generate_article(&cfg, i);
        generating += t.elapsed().as_secs_f64();
        let t = Instant::now();
        bytes += generated.text.len();
        let Ok(article) = dateline_core::parse(&generated.text) else {
            continue;
        };
        let article = article.with_id(i.to_string());
        builder
            .push(ArticleRecord::from_article_with(&article, gazetteer))
            .expect("room in the index");
        parsing += t.elapsed().as_secs_f64();
    }
    let t = Instant::now();
    let corpus = builder.build();
    let indexing = t.elapsed().as_secs_f64();
    let after_index = peak_rss_mb();

    // As `dateline links --format json` does: every reference resolved, then
    // the report written as it is made (`LinksReport::stream`).
    let t = Instant::now();
    let threads = std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN);
    let resolver = Resolver::new(&corpus).with_threads(threads);
    let report = LinksReport::stream(&resolver, gazetteer);
    let resolving = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut sink = io::BufWriter::new(io::sink());
    serde_json::to_writer(&mut sink, &report).expect("serialises");
    sink.flush().expect("flushes");
    let writing = t.elapsed().as_secs_f64();
    let total = started.elapsed().as_secs_f64();

    println!(
        "{n} articles ({:.0} MB of text), {} promos ({} resolved, {} unresolved, {} ambiguous, {} capped)",
        bytes as f64 / 1e6,
        report.references(),
        report.resolved(),
        report.unresolved(),
        report.ambiguous(),
        report.capped(),
    );
    println!(
        "generate {generating:.2} s (not dateline's), parse + record {parsing:.2} s, build {indexing:.2} s, \
         resolve + report {resolving:.2} s, JSON {writing:.2} s; dateline's share {:.2} s of {total:.2} s wall",
        total - generating
    );
    println!(
        "peak RSS {:.0} MB after indexing, {:.0} MB at the end",
        after_index.unwrap_or(f64::NAN),
        peak_rss_mb().unwrap_or(f64::NAN)
    );
}
