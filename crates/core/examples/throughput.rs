//! Parses a generated corpus in memory `ROUNDS` times and prints the bytes parsed,
//! for measuring parse throughput by CPU time on a busy machine, where wall-clock
//! benchmarks are noisy:
//!
//! ```sh
//! cargo build --release -p dateline-core --example throughput
//! /usr/bin/time -f '%U s user' target/release/examples/throughput 0    # generation only
//! /usr/bin/time -f '%U s user' target/release/examples/throughput 20   # + 20 rounds
//! ```
//!
//! (user seconds of the second run minus the first) / (bytes parsed) is the
//! single-core parse cost. `criterion` (`cargo bench -p dateline-core`) is the
//! benchmark of record; this is its cross-check.

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    let lint = std::env::args().any(|a| a == "--lint");
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED);
    let corpus: Vec<String> = dateline_test_support::corpus(&cfg, 16 << 20)
        .map(|a| a.text)
        .collect();
    let bytes: usize = corpus.iter().map(String::len).sum();
    let mut blocks = 0usize;
    for _ in 0..rounds {
        for text in &corpus {
            match dateline_core::parse_bytes(text.as_bytes()) {
                Ok(article) => {
                    blocks += article.blocks.len();
                    if lint {
                        blocks += dateline_core::lint(&article).len();
                    }
                }
                Err(e) => panic!("generated article rejected: {e}"),
            }
        }
    }
    println!(
        "parsed {} MB ({} articles x {rounds} rounds), {blocks} blocks",
        bytes * rounds / 1_000_000,
        corpus.len()
    );
}
