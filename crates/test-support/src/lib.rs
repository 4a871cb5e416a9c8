//! Test data for the dateline workspace, in one place.
//!
//! - [`generator`]: a deterministic synthetic corpus in the seed's shape, every
//!   article a pure function of `(seed, index)`, with its ground truth (promos
//!   and whom they name, glued attributions, defects). The workspace's tests,
//!   benchmarks and `cargo xtask gen-corpus` use it.
//! - [`write`](mod@write): the same corpus written to a directory.
//! - `strategies` (feature `strategies`): proptest strategies for articles with
//!   the layout quirks the format tolerates, for property tests.
//!
//! ```
//! use dateline_test_support::{GenConfig, corpus};
//!
//! let articles: Vec<_> = corpus(&GenConfig::new(42), 64 * 1024).collect();
//! assert!(articles.iter().map(|a| a.text.len()).sum::<usize>() >= 64 * 1024);
//! ```
//!
//! No dependency but the standard library by default: dateline-core's tests use
//! the generator, so the generator cannot use dateline-core (it has its own
//! small calendar, [`Date`]). The generator lives in [`generator`] (not `gen`,
//! a reserved keyword in edition 2024) and its items are re-exported here.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod generator;
#[cfg(feature = "strategies")]
pub mod strategies;
pub mod write;

pub use generator::{
    ArticleTruth, Corpus, DEFAULT_SEED, Damage, Date, Defects, GenConfig, GeneratedArticle, Promo,
    PromoTarget, corpus, file_name, generate_article, headline,
};
pub use write::{WriteOptions, WriteSummary, write_corpus};

/// The calling thread's own CPU time so far, in seconds, from Linux's
/// `/proc/thread-self/schedstat`; `None` elsewhere. The benchmarks' examples
/// time a stage by it as well as by the clock: a busy machine inflates the
/// clock, much less a thread's CPU time.
pub fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}
