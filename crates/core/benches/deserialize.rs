//! Deserialisation throughput in MB/s of JSON: what a plugin pays to read each
//! article it receives (`serde_json::from_slice::<Article>`), on the same
//! deterministic generated corpus as the `parse` bench (`dateline_test_support::corpus`).
//!
//! Run: `cargo bench -p dateline-core --bench deserialize`.
//! - `kind-first`: the JSON as dateline serialises it (`"kind"` is each block's and
//!   inline's first key), the fast path of the tagged-enum impls.
//! - `kind-last`: the same records with `"kind"` moved to the end of every object
//!   that has one, the buffering fallback (as after a tool that sorts keys).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

/// About 4 MB of article text, which becomes roughly four times as much JSON.
const CORPUS_BYTES: u64 = 4 << 20;

fn corpus_json(messy: bool) -> Vec<Vec<u8>> {
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED)
        .with_messy(messy);
    dateline_test_support::corpus(&cfg, CORPUS_BYTES)
        .filter_map(|a| {
            let article = dateline_core::parse(&a.text).ok()?;
            serde_json::to_vec(&article).ok()
        })
        .collect()
}

/// Moves every `"kind"` key to the end of its object. Built by hand rather than via
/// `serde_json::Map`, whose key order depends on serde_json's `preserve_order`
/// feature, which other workspace crates turn on.
fn kind_last(json: &[u8]) -> Vec<u8> {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                let keys = map.keys().filter(|k| *k != "kind");
                let keys = keys.chain(map.keys().filter(|k| *k == "kind"));
                out.push('{');
                for (i, key) in keys.enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::from(key.as_str()).to_string());
                    out.push(':');
                    write(&map[key], out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
    let value: Value = serde_json::from_slice(json).expect("generated JSON is valid");
    let mut out = String::new();
    write(&value, &mut out);
    out.into_bytes()
}

fn bench_deserialize(c: &mut Criterion) {
    for (name, messy) in [("clean", false), ("messy", true)] {
        let kind_first = corpus_json(messy);
        let kind_last: Vec<Vec<u8>> = kind_first.iter().map(|j| kind_last(j)).collect();
        for (order, docs) in [("kind-first", &kind_first), ("kind-last", &kind_last)] {
            // A record that fails to read would be timed as a (fast) error: refuse that.
            for json in docs {
                if let Err(e) = serde_json::from_slice::<dateline_core::Article<'_>>(json) {
                    panic!("{order} record does not deserialize: {e}");
                }
            }
            let bytes: usize = docs.iter().map(Vec::len).sum();
            let mut group = c.benchmark_group(format!("deserialize/{name}"));
            group.throughput(Throughput::Bytes(bytes as u64));
            group.sample_size(20);
            group.bench_function(order, |b| {
                b.iter(|| {
                    docs.iter()
                        .map(|json| {
                            match serde_json::from_slice::<dateline_core::Article<'_>>(black_box(
                                json,
                            )) {
                                Ok(article) => article.blocks.len(),
                                Err(_) => 0,
                            }
                        })
                        .sum::<usize>()
                })
            });
            group.finish();
        }
    }
}

criterion_group!(benches, bench_deserialize);
criterion_main!(benches);
