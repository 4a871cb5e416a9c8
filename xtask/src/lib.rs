//! Development automation for the dateline workspace (`cargo xtask ...`).
//!
//! The library half exists so that benchmarks and tests in other crates
//! can build an in-memory corpus without touching the disk:
//!
//! ```
//! use xtask::{GenConfig, corpus};
//!
//! let articles: Vec<_> = corpus(&GenConfig::new(42), 64 * 1024).collect();
//! assert!(articles.iter().map(|a| a.text.len()).sum::<usize>() >= 64 * 1024);
//! ```
//!
//! The generator lives in [`generator`] (not `gen`, which is a reserved
//! keyword in edition 2024) and its items are re-exported here.

pub mod generator;
pub mod write;

pub use generator::{
    ArticleTruth, Corpus, DEFAULT_SEED, Date, Defects, GenConfig, GeneratedArticle, Promo,
    PromoTarget, corpus, file_name, generate_article, headline,
};
pub use write::{WriteOptions, WriteSummary, write_corpus};
