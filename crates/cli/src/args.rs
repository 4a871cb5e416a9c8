//! The flags every corpus command (`check`, `convert`, `stats`, `links`)
//! shares, made into a [`dateline_corpus::Corpus`], and the summary line's
//! common parts.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use dateline_corpus::{Corpus, Totals};

use crate::progress::count;

/// The inputs and execution flags of the corpus commands.
#[derive(clap::Args, Debug)]
pub struct CorpusArgs {
    /// Files, directories (walked recursively for article files, in name order),
    /// archives (.tar, .tar.gz, .tgz, .tar.zst, .tzst, read without unpacking);
    /// `-` reads one article from standard input.
    #[arg(value_name = "PATH", required_unless_present = "files_from")]
    pub paths: Vec<PathBuf>,
    /// Also read the paths listed in LIST, one per line (`-`: standard input).
    #[arg(long, value_name = "LIST")]
    pub files_from: Option<PathBuf>,
    /// The extensions of article files in directories and archives; other files
    /// there are skipped and counted. Files named on the command line are read
    /// whatever their extension.
    #[arg(
        long,
        value_name = "EXT,...",
        value_delimiter = ',',
        default_value = "txt"
    )]
    pub ext: Vec<String>,
    /// Worker threads [default: all cores]. The output is the same whatever N.
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
    /// Stop at the first input with an error (in input order), exit code 1.
    #[arg(long)]
    pub fail_fast: bool,
    /// No progress bar and no closing summary on standard error.
    #[arg(short, long)]
    pub quiet: bool,
    /// The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers
    /// of 1024). A larger file, archive member or standard input is an error
    /// for that input (E008) and is never read whole; the run goes on.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_article_size: u64,
}

/// A size: bytes, or a number with `K`, `M`, `G` (powers of 1024; `KiB`,
/// `MB` and the like read the same).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size: write bytes, or 512K, 64M, 1G"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "`{text}`: unknown unit; write bytes, or 512K, 64M, 1G"
            ));
        }
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

impl CorpusArgs {
    /// The corpus the flags describe.
    pub fn corpus(&self) -> Corpus {
        let mut corpus = Corpus::new(self.paths.iter().cloned())
            .extensions(&self.ext)
            .fail_fast(self.fail_fast)
            .max_article_size(self.max_article_size);
        if let Some(list) = &self.files_from {
            corpus = corpus.files_from(list);
        }
        if let Some(jobs) = self.jobs {
            corpus = corpus.threads(jobs);
        }
        corpus
    }
}

/// `; 3 non-article files skipped` when there were any.
pub fn skipped_clause(totals: &Totals) -> String {
    match totals.skipped {
        0 => String::new(),
        n => format!("; {} skipped", count(n, "non-article file")),
    }
}

/// `; stopped at the first error (--fail-fast)` when the run stopped early.
pub fn stopped_clause(totals: &Totals) -> &'static str {
    if totals.stopped {
        "; stopped at the first error (--fail-fast)"
    } else {
        ""
    }
}
