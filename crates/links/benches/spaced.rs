//! Finding spaced attributions (`according to Reuters`, `the BBC said`) in
//! generated news prose: what each paragraph of a corpus costs `convert` and
//! `links` for them, in MB of text per second.
//!
//! ```text
//! cargo bench -p dateline-links --bench spaced
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline_links::Gazetteer;
use dateline_links::spaced::find;
use dateline_test_support::{GenConfig, generate_article};

/// The body lines (paragraphs, promos among them) of 500 generated articles.
fn paragraphs() -> Vec<String> {
    let cfg = GenConfig::new(2026);
    (0..500)
        .flat_map(|i| {
            let text = generate_article(&cfg, i).text;
            text.lines().skip(3).map(str::to_owned).collect::<Vec<_>>()
        })
        .collect()
}

fn spaced(c: &mut Criterion) {
    let gazetteer = Gazetteer::builtin();
    let paragraphs = paragraphs();
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    let found: usize = paragraphs.iter().map(|p| find(p, gazetteer).len()).sum();
    println!(
        "{} paragraphs, {bytes} bytes, {found} spaced attributions",
        paragraphs.len()
    );
    let mut group = c.benchmark_group("spaced");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("find", |b| {
        b.iter(|| {
            paragraphs
                .iter()
                .map(|p| find(black_box(p), gazetteer).len())
                .sum::<usize>()
        });
    });
    group.finish();
}

criterion_group!(benches, spaced);
criterion_main!(benches);
