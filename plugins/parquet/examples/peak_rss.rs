//! Measures the peak memory of a parquet export of a generated corpus, streamed:
//! each article is generated, parsed, exported and dropped in turn, so the
//! exporter's buffers are what the peak shows.
//!
//! `cargo run --release -p dateline-parquet --example peak_rss -- 100000`
//! (Linux: reads `VmHWM` from `/proc/self/status`).

use std::io::{self, Write};

use dateline_parquet::Parquet;
use dateline_plugin::dateline_core;
use dateline_plugin::dateline_export::{Exporter, Options};

/// A sink that counts what it is given.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let articles: u64 = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(100_000);
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED);
    let mut out = Counter(0);
    let mut input = 0u64;
    let mut exporter = Parquet::new(&Options::new());
    exporter.begin(&mut out)?;
    for i in 0..articles {
        let generated = dateline_test_support::generate_article(&cfg, i);
        input += generated.text.len() as u64;
        let article = dateline_core::parse(&generated.text)
            .map_err(|e| format!("{}: {e:?}", generated.file_name))?;
        exporter.article(&mut out, &article)?;
    }
    exporter.end(&mut out)?;
    println!(
        "{articles} articles, {:.1} MiB of input, {:.1} MiB of parquet, peak RSS {} KiB",
        input as f64 / (1 << 20) as f64,
        out.0 as f64 / (1 << 20) as f64,
        peak_kib().map_or_else(|| "?".to_owned(), |k| k.to_string()),
    );
    Ok(())
}
