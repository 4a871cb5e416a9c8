//! `cargo xtask`: development automation for the dateline workspace.
//!
//! Subcommands are an enum so that later ones (bench, release, dist,
//! docs, ...) slot in as new variants with their own argument structs.

#![forbid(unsafe_code)]

mod bench;
mod dist;
mod docs;
mod python;
mod release;
mod test;
mod workspace;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand};
use dateline_test_support::{DEFAULT_SEED, GenConfig, WriteOptions, write_corpus};

/// Development automation for the dateline workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run every test: `cargo test --workspace`, then the Python package's tests
    /// (its release wheel in a new virtual environment, pytest).
    Test(test::Args),
    /// Write a deterministic synthetic corpus of news-article files.
    GenCorpus(GenCorpusArgs),
    /// Time dateline (records to jsonl/csv/parquet, the model, or the Python
    /// package) against `cat` (the I/O floor) and a plain Python script on a
    /// generated corpus; print MB/s, files/s, peak RSS and the ratios.
    Bench(bench::Args),
    /// Release every published crate: test, bump, changelog, package, commit, tag.
    Release(release::Args),
    /// Build the release binary and plugins into an installable tarball with a
    /// checksum, and the Python package's wheel.
    Dist(dist::Args),
    /// Generate the man page and shell completions into doc/ (--check: verify them).
    Docs(docs::Args),
    /// Read every file of a NUL-separated list on all cores and keep nothing:
    /// `bench`'s `read` floor.
    #[command(hide = true)]
    ReadFloor(bench::ReadFloorArgs),
}

/// Arguments of `gen-corpus`.
#[derive(Debug, Args)]
struct GenCorpusArgs {
    /// Approximate corpus size in megabytes (1 MB = 1,000,000 bytes);
    /// fractions allowed. Overshoot is less than one article.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    mb: f64,
    /// Output directory (created if missing; must be empty unless --force).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Corpus seed, decimal or 0x-prefixed hex; the same seed always gives
    /// identical bytes.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED, value_parser = parse_seed)]
    seed: u64,
    /// Put at most K files in each numbered subdirectory instead of one
    /// flat directory.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(1..))]
    files_per_dir: Option<u64>,
    /// Inject a small deterministic fraction of formatting defects (CRLF,
    /// BOM, trailing spaces, blank body lines, no final newline).
    #[arg(long)]
    messy: bool,
    /// Draw people, places and organisations from an open vocabulary that
    /// grows with the corpus, as real news does (the default draws them from
    /// short fixed lists).
    #[arg(long)]
    open_vocabulary: bool,
    /// Damage about a quarter of the promos that name an article by its
    /// exact headline (split, joined or transposed words, cut headlines...),
    /// as scraped promos are; everything else is the corpus without it.
    #[arg(long)]
    damaged: bool,
    /// Write into a non-empty directory (same-named files are overwritten,
    /// other files are kept).
    #[arg(long)]
    force: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Test(args) => test::run(&args),
        Command::GenCorpus(args) => gen_corpus(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Release(args) => release::run(&args),
        Command::Dist(args) => dist::run(&args),
        Command::Docs(args) => docs::run(&args),
        Command::ReadFloor(args) => bench::read_floor(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Parses a decimal or `0x`-prefixed hexadecimal `u64`.
fn parse_seed(s: &str) -> Result<u64, String> {
    let parsed = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => s.parse(),
    };
    parsed.map_err(|e| format!("not a u64 (decimal or 0x-hex): {e}"))
}

fn gen_corpus(args: &GenCorpusArgs) -> Result<()> {
    if !args.mb.is_finite() || args.mb < 0.0 {
        bail!("--mb must be a non-negative number, got {}", args.mb);
    }
    if args.mb > 1_000_000.0 {
        bail!("--mb {} is more than a terabyte; refusing", args.mb);
    }
    // Range-checked above, so the conversion neither saturates nor wraps.
    let budget_bytes = (args.mb * 1_000_000.0).round() as u64;
    let cfg = GenConfig::new(args.seed)
        .with_messy(args.messy)
        .with_open_vocabulary(args.open_vocabulary)
        .with_damaged(args.damaged);
    let opts = WriteOptions {
        out_dir: args.out.clone(),
        budget_bytes,
        files_per_dir: args.files_per_dir,
        force: args.force,
    };
    let started = Instant::now();
    let summary = write_corpus(&cfg, &opts)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "gen-corpus: wrote {} files, {} bytes ({:.1} MB) to {} in {:.2}s (seed {:#x}{}{})",
        summary.files,
        summary.bytes,
        summary.bytes as f64 / 1e6,
        args.out.display(),
        secs,
        args.seed,
        if args.open_vocabulary {
            ", open vocabulary"
        } else {
            ""
        },
        if args.damaged { ", damaged promos" } else { "" }
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_gen_corpus_and_seeds() {
        let cli = Cli::try_parse_from([
            "xtask",
            "gen-corpus",
            "--mb",
            "0.5",
            "--out",
            "d",
            "--seed",
            "0x10",
            "--messy",
            "--open-vocabulary",
            "--damaged",
        ])
        .expect("valid arguments");
        let Command::GenCorpus(args) = cli.command else {
            panic!("parsed as another subcommand");
        };
        assert_eq!((args.mb, args.seed, args.messy), (0.5, 16, true));
        assert!(args.open_vocabulary && args.damaged);
        assert_eq!(parse_seed("42"), Ok(42));
        assert!(parse_seed("x").is_err());
        assert!(Cli::try_parse_from(["xtask", "gen-corpus", "--out", "d"]).is_err());
    }

    #[test]
    fn rejects_bad_sizes() {
        for mb in [-1.0, f64::NAN, f64::INFINITY, 2e6] {
            let args = GenCorpusArgs {
                mb,
                out: PathBuf::from("/nonexistent/never-created"),
                seed: 1,
                files_per_dir: None,
                messy: false,
                open_vocabulary: false,
                damaged: false,
                force: false,
            };
            assert!(gen_corpus(&args).is_err(), "{mb}");
        }
    }
}
