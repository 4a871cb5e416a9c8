//! Resolution at scale (issue 17): N generated articles (default 1,000,000),
//! each generated, parsed and reduced to its prepared record on parallel
//! workers (as `dateline links` does on its corpus workers), indexed in input
//! order on one thread, then every promo resolved and the report written (to
//! a sink). Prints the time of each phase and the peak resident memory
//! (Linux: `VmHWM`).
//!
//! ```text
//! cargo bench -p dateline-links --bench scale -- 1000000
//! cargo bench -p dateline-links --bench scale -- 1000000 --open-vocabulary
//! ```
//!
//! By default the generator's fixed vocabulary: its headlines draw every name
//! from short lists, so at a million articles even a headline's rarest word
//! is shared by thousands (a stress test of the candidate cap).
//! `--open-vocabulary` generates the corpus whose people, places and
//! organisations keep arriving as it grows, as real news does
//! ([`GenConfig::with_open_vocabulary`]); the first line of output says which.
//!
//! Not a criterion benchmark: one run of a million articles is the
//! measurement, and it says its figures itself. Generating the text is timed
//! apart from parsing it (CPU seconds summed over the workers); the machine's
//! other load shows in the figures.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use dateline_links::corpus::{ArticleRecord, CorpusBuilder, PreparedRecord};
use dateline_links::{Gazetteer, LinksReport, Resolver};
use dateline_test_support::{GenConfig, generate_article};

/// Articles a worker generates and prepares at a time.
const BATCH: u64 = 1024;

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// One worker's batch: its prepared records and what making them took.
struct Batch {
    records: Vec<PreparedRecord>,
    bytes: usize,
    generating: f64,
    parsing: f64,
}

/// Generates, parses and prepares articles `first..end` (those that parse).
fn prepare(cfg: &GenConfig, gazetteer: &Gazetteer, first: u64, end: u64) -> Batch {
    let mut batch = Batch {
        records: Vec::with_capacity((end - first) as usize),
        bytes: 0,
        generating: 0.0,
        parsing: 0.0,
    };
    for i in first..end {
        let t = Instant::now();
        let generated = generate_article(cfg, i);
        batch.generating += t.elapsed().as_secs_f64();
        let t = Instant::now();
        batch.bytes += generated.text.len();
        if let Ok(article) = dateline_core::parse(&generated.text) {
            let article = article.with_id(i.to_string());
            batch
                .records
                .push(PreparedRecord::new(ArticleRecord::from_article_with(
                    &article, gazetteer,
                )));
        }
        batch.parsing += t.elapsed().as_secs_f64();
    }
    batch
}

fn main() {
    // `cargo bench` passes `--bench`; the first number is the corpus size.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: u64 = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let open = args.iter().any(|a| a == "--open-vocabulary");
    let workers = std::thread::available_parallelism().map_or(1, |p| p.get());
    let cfg = GenConfig::new(2026)
        .with_damaged(true)
        .with_open_vocabulary(open);
    println!(
        "corpus: seed 2026, damaged promos, {} vocabulary",
        if open { "open" } else { "fixed" }
    );
    let gazetteer = Gazetteer::builtin();

    let (mut generating, mut parsing, mut inserting) = (0.0f64, 0.0f64, 0.0f64);
    let mut bytes = 0usize;
    let started = Instant::now();
    let mut builder = CorpusBuilder::with_capacity(usize::try_from(n).unwrap_or(0));
    let next = AtomicU64::new(0);
    std::thread::scope(|scope| {
        // Two batches in flight a worker at most: memory is bounded.
        let (send, receive) = mpsc::sync_channel::<(u64, Batch)>(workers * 2);
        for _ in 0..workers {
            let send = send.clone();
            let (next, cfg) = (&next, &cfg);
            scope.spawn(move || {
                loop {
                    let first = next.fetch_add(BATCH, Ordering::Relaxed);
                    if first >= n {
                        break;
                    }
                    let batch = prepare(cfg, gazetteer, first, (first + BATCH).min(n));
                    if send.send((first, batch)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        // Batches come in any order; they are indexed in input order.
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (first, batch) in receive {
            waiting.insert(first, batch);
            while let Some(batch) = waiting.remove(&expected) {
                expected += BATCH;
                generating += batch.generating;
                parsing += batch.parsing;
                bytes += batch.bytes;
                let t = Instant::now();
                for record in batch.records {
                    builder.push_prepared(record).expect("room in the index");
                }
                inserting += t.elapsed().as_secs_f64();
            }
        }
    });
    let corpus = builder.build();
    let indexing = started.elapsed().as_secs_f64();
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
        "index {indexing:.2} s wall on {workers} workers (CPU: generate {generating:.2} s, not dateline's; \
         parse + record + prepare {parsing:.2} s; insert {inserting:.2} s on one thread), \
         resolve + report {resolving:.2} s, JSON {writing:.2} s; {total:.2} s wall, \
         about {:.2} s without generating",
        total - generating / workers as f64
    );
    println!(
        "peak RSS {:.0} MB after indexing, {:.0} MB at the end",
        after_index.unwrap_or(f64::NAN),
        peak_rss_mb().unwrap_or(f64::NAN)
    );
}
