//! Headline vocabulary of a generated corpus: how many distinct words its
//! headlines use as it grows, and how rare each headline's rarest word is.
//!
//! ```text
//! cargo run --release -p dateline-test-support --example headline_vocab -- 1000000
//! cargo run --release -p dateline-test-support --example headline_vocab -- 1000000 --open-vocabulary
//! ```
//!
//! A word is a maximal run of alphanumeric characters, lowercased. The
//! document frequency (df) of a word is the number of headlines containing
//! it; the rarest word of a headline is its word of least df in the whole
//! corpus of N headlines. `--fingerprint` instead prints a hash of the full
//! text of the first N articles in four configurations (clean, messy,
//! damaged, both), to check that a generator change left them unchanged;
//! `--samples` prints a few headlines, then some whose words are all
//! common (df over 100).

use std::collections::HashMap;

use dateline_test_support::{GenConfig, generate_article, headline};

/// Seed of the scale benchmark (`crates/links/benches/scale.rs`).
const SEED: u64 = 2026;

fn words(headline: &str) -> impl Iterator<Item = String> + '_ {
    headline
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// FNV-1a, 64 bits: stable everywhere, enough to tell two corpora apart.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn fingerprint(n: u64) {
    for (messy, damaged) in [(false, false), (true, false), (false, true), (true, true)] {
        let cfg = GenConfig::new(SEED).with_messy(messy).with_damaged(damaged);
        let hash = (0..n).fold(0xcbf2_9ce4_8422_2325, |h, i| {
            fnv1a(h, generate_article(&cfg, i).text.as_bytes())
        });
        println!("messy {messy:5} damaged {damaged:5}: {hash:016x}");
    }
}

fn percentile(sorted: &[u32], p: usize) -> u32 {
    sorted[(sorted.len() - 1) * p / 100]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(100_000);
    if args.iter().any(|a| a == "--fingerprint") {
        fingerprint(n);
        return;
    }
    let open = args.iter().any(|a| a == "--open-vocabulary");
    let cfg = GenConfig::new(SEED).with_open_vocabulary(open);
    println!(
        "{n} headlines, seed {SEED}, {} vocabulary",
        if open { "open" } else { "fixed" }
    );

    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    let mut headlines: Vec<Vec<u32>> = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
    let mut checkpoint = 1_000;
    for i in 0..n {
        let mut mine: Vec<u32> = words(&headline(&cfg, i))
            .map(|w| {
                let next = u32::try_from(ids.len()).expect("fewer than 2^32 words");
                *ids.entry(w).or_insert(next)
            })
            .collect();
        mine.sort_unstable();
        mine.dedup();
        for &w in &mine {
            if w as usize == df.len() {
                df.push(0);
            }
            df[w as usize] += 1;
        }
        headlines.push(mine);
        if i + 1 == checkpoint || i + 1 == n {
            println!("  {:>9} headlines: {:>8} distinct words", i + 1, ids.len());
            checkpoint *= 10;
        }
    }
    if args.iter().any(|a| a == "--samples") {
        let common = headlines
            .iter()
            .enumerate()
            .filter(|(_, h)| h.iter().all(|&w| df[w as usize] > 100));
        for (i, _) in (0..10)
            .map(|i| (i, ()))
            .chain(common.take(20).map(|(i, _)| (i, ())))
        {
            println!("  {i:>7}: {}", headline(&cfg, i as u64));
        }
    }
    let mut rarest: Vec<u32> = headlines
        .iter()
        .filter_map(|h| h.iter().map(|&w| df[w as usize]).min())
        .collect();
    rarest.sort_unstable();
    println!(
        "  df of a headline's rarest word: median {}, 90th percentile {}, max {}",
        percentile(&rarest, 50),
        percentile(&rarest, 90),
        percentile(&rarest, 100)
    );
}
