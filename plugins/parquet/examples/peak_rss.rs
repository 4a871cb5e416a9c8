//! Measures the peak memory of a parquet export of a generated corpus, streamed
//! as the host streams it: each article is generated, parsed, made a record and
//! dropped in turn; the records go in batches of 1,024 (the host's
//! `BATCH_ROWS`) to the writer, so its buffers and one batch are what the peak
//! shows. (`dateline convert --to parquet` measures the whole CLI.)
//!
//! `cargo run --release -p dateline-parquet --example peak_rss -- 100000`
//! (Linux: reads `VmHWM` from `/proc/self/status`).

use std::io::{self, Write};

use dateline_parquet::Parquet;
use dateline_plugin::dateline_core;
use dateline_plugin::dateline_export::Options;
use dateline_plugin::dateline_export::record::Record;
use dateline_plugin::records::{BatchWriter, RecordBatchBuilder};

/// Records per batch, as the host sends them.
const BATCH_ROWS: usize = 1024;

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
    let options = Options::new();
    let mut writer = Parquet::new(&options);
    let mut builder = RecordBatchBuilder::new();
    writer.begin(&mut out)?;
    for i in 0..articles {
        let generated = dateline_test_support::generate_article(&cfg, i);
        input += generated.text.len() as u64;
        let article = dateline_core::parse(&generated.text)
            .map_err(|e| format!("{}: {e:?}", generated.file_name))?
            .with_id(generated.file_name.trim_end_matches(".txt"));
        builder.push(&Record::new(
            &article,
            Some(&generated.file_name),
            None,
            &options,
        ));
        if builder.len() == BATCH_ROWS {
            writer.batch(&mut out, &builder.finish()?)?;
        }
    }
    writer.batch(&mut out, &builder.finish()?)?;
    writer.end(&mut out)?;
    println!(
        "{articles} articles, {:.1} MiB of input, {:.1} MiB of parquet, peak RSS {} KiB",
        input as f64 / (1 << 20) as f64,
        out.0 as f64 / (1 << 20) as f64,
        peak_kib().map_or_else(|| "?".to_owned(), |k| k.to_string()),
    );
    Ok(())
}
