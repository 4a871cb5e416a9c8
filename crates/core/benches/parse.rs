//! Parse throughput in MB/s of input, on a deterministic generated corpus in the
//! seed's shape (`dateline_test_support::corpus`, the generator behind `cargo xtask gen-corpus`).
//!
//! Run: `cargo bench -p dateline-core --bench parse`. Baselines in the same group:
//! `memchr-lines` touches every byte once (counting newlines) and is the floor of
//! any parser; `utf8` is the validation every `parse_bytes` call pays.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// About 16 MB: large enough to leave the CPU caches, small enough to generate fast.
const CORPUS_BYTES: u64 = 16 << 20;

fn corpus(messy: bool) -> Vec<String> {
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED)
        .with_messy(messy);
    dateline_test_support::corpus(&cfg, CORPUS_BYTES)
        .map(|a| a.text)
        .collect()
}

fn bench_parse(c: &mut Criterion) {
    for (name, messy) in [("clean", false), ("messy", true)] {
        let articles = corpus(messy);
        let bytes: usize = articles.iter().map(String::len).sum();
        let mut group = c.benchmark_group(format!("parse/{name}"));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(20);

        group.bench_function("memchr-lines", |b| {
            b.iter(|| {
                articles
                    .iter()
                    .map(|a| memchr::memchr_iter(b'\n', a.as_bytes()).count())
                    .sum::<usize>()
            })
        });
        group.bench_function("utf8", |b| {
            b.iter(|| {
                articles
                    .iter()
                    .filter(|a| std::str::from_utf8(black_box(a.as_bytes())).is_ok())
                    .count()
            })
        });
        group.bench_function("parse_bytes", |b| {
            b.iter(|| {
                articles
                    .iter()
                    .map(
                        |a| match dateline_core::parse_bytes(black_box(a.as_bytes())) {
                            Ok(article) => article.blocks.len(),
                            Err(_) => 0,
                        },
                    )
                    .sum::<usize>()
            })
        });
        group.bench_function("parse_bytes+lint", |b| {
            b.iter(|| {
                articles
                    .iter()
                    .map(|a| dateline_core::diagnose(black_box(a.as_bytes())).len())
                    .sum::<usize>()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
