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
}

impl CorpusArgs {
    /// The corpus the flags describe.
    pub fn corpus(&self) -> Corpus {
        let mut corpus = Corpus::new(self.paths.iter().cloned())
            .extensions(&self.ext)
            .fail_fast(self.fail_fast);
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
