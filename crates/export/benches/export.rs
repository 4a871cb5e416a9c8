//! Export throughput of the stream formats, in bytes of *input* per second.
//!
//! The corpus is the workspace generator's (`dateline_test_support::corpus`): varied synthetic
//! articles shaped like the seed. Two measurements per format:
//! - `export/<format>`: articles already parsed, written into a buffered sink:
//!   the cost of the exporter alone;
//! - `parse+export/<format>`: parse then export each file, as
//!   `dateline convert --to <format>` does (minus reading files).
//!
//! Run: `cargo bench -p dateline-export --bench export`.

use std::hint::black_box;
use std::io::{self, BufWriter, Write};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline_core::Article;
use dateline_export::{Options, formats};

/// About 4 MiB of article text.
const CORPUS_BYTES: u64 = 4 << 20;

fn corpus() -> Vec<(String, String)> {
    dateline_test_support::corpus(
        &dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED),
        CORPUS_BYTES,
    )
    .map(|a| {
        let id = a.file_name.trim_end_matches(".txt").to_owned();
        (id, a.text)
    })
    .collect()
}

fn export_all(format: &str, articles: &[Article<'_>]) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(64 * 1024, io::sink());
    let mut exporter = formats::create(format, &Options::new())?;
    exporter.begin(&mut out)?;
    for article in articles {
        exporter.article(&mut out, article)?;
    }
    exporter.end(&mut out)?;
    out.flush()
}

fn parse_and_export_all(format: &str, files: &[(String, String)]) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(64 * 1024, io::sink());
    let mut exporter = formats::create(format, &Options::new())?;
    exporter.begin(&mut out)?;
    for (id, text) in files {
        if let Ok(article) = dateline_core::parse(text) {
            exporter.article(&mut out, &article.with_id(id.as_str()))?;
        }
    }
    exporter.end(&mut out)?;
    out.flush()
}

fn bench(c: &mut Criterion) {
    let files = corpus();
    let bytes: u64 = files.iter().map(|(_, text)| text.len() as u64).sum();
    let articles: Vec<Article<'_>> = files
        .iter()
        .filter_map(|(id, text)| {
            dateline_core::parse(text)
                .ok()
                .map(|a| a.with_id(id.as_str()))
        })
        .collect();
    assert_eq!(articles.len(), files.len(), "the generated corpus parses");

    let mut group = c.benchmark_group("export");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    for format in ["jsonl", "csv"] {
        group.bench_function(format, |b| {
            b.iter(|| export_all(black_box(format), black_box(&articles)));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("parse+export");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    for format in ["jsonl", "csv"] {
        group.bench_function(format, |b| {
            b.iter(|| parse_and_export_all(black_box(format), black_box(&files)));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
