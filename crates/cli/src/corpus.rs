//! Running a command over a corpus: the flags every corpus command shares, and the
//! loop that joins [`source`] (what to read),
//! [`pipeline`] (parallel, in order, bounded) and
//! [`progress`](crate::progress) (the bar and the summary's figures).
//!
//! A command supplies what to do with one input on a worker thread (`work`: read,
//! parse, render into a buffer) and what to do with its result on the calling
//! thread, in input order (`consume`: write the buffer, add up counts).

use std::io;
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::PathBuf;

use crate::pipeline::{self, Config};
use crate::progress::{Figures, Progress};
use crate::source::{self, Entry, Inputs, Item, Rules};

/// The inputs and execution flags of `check`, `convert` and `stats`.
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
    /// The worker threads to use.
    pub fn threads(&self) -> NonZeroUsize {
        self.jobs
            .unwrap_or_else(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
    }
}

/// What a command makes of one input, as the loop needs to know it.
pub trait Outcome: Send {
    /// The bytes the input had (0 when it could not be read).
    fn bytes(&self) -> u64;
    /// Whether the input had an error.
    fn failed(&self) -> bool;
}

/// The counts of a run.
#[derive(Clone, Copy, Debug)]
pub struct Totals {
    /// Inputs processed (articles, good or bad).
    pub items: u64,
    /// Inputs with an error.
    pub failed: u64,
    /// Non-article files left out.
    pub skipped: u64,
    /// Whether `--fail-fast` stopped the run early.
    pub stopped: bool,
    /// Bytes and time.
    pub figures: Figures,
}

impl Totals {
    /// `; 3 non-article files skipped` when there were any.
    pub fn skipped_clause(&self) -> String {
        match self.skipped {
            0 => String::new(),
            n => format!(
                "; {} skipped",
                crate::progress::count(n, "non-article file")
            ),
        }
    }
}

enum Job<A> {
    Item(Item, A),
    Skipped,
}

enum Done<T> {
    Item(T),
    Skipped,
}

/// Runs a command over the inputs of `args`.
///
/// - `assign` runs on the thread that walks the inputs, once per item in input
///   order, before the item goes to a worker (to hand out output file names).
/// - `init` makes a worker's state for one batch of items; `work` processes one
///   item with it, on a worker thread.
/// - `consume` gets each result on the calling thread, in input order. An error
///   it returns (a failed write) ends the run and is returned.
pub fn run<A, S, T>(
    args: &CorpusArgs,
    progress: &Progress,
    mut assign: impl FnMut(&Item) -> A + Send,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, Item, A) -> T + Sync,
    mut consume: impl FnMut(T) -> io::Result<()>,
) -> io::Result<Totals>
where
    A: Send,
    T: Outcome,
{
    let inputs = Inputs::open(args.paths.clone(), args.files_from.as_deref())?;
    let rules = Rules::new(&args.ext);
    let config = Config::new(args.threads());
    let mut items = 0u64;
    let mut failed = 0u64;
    let mut skipped = 0u64;
    let mut stopped = false;
    let mut write_error = None;

    let produce = |emit: &mut dyn FnMut(Job<A>) -> ControlFlow<()>| {
        let _ = source::walk(inputs, &rules, &mut |entry| match entry {
            Entry::Item(item) => {
                let tag = assign(&item);
                emit(Job::Item(item, tag))
            }
            Entry::Skipped => emit(Job::Skipped),
            Entry::Ahead(n) => {
                progress.found(n);
                ControlFlow::Continue(())
            }
        });
    };
    let weight = |job: &Job<A>| match job {
        Job::Item(item, _) => item.payload.held(),
        Job::Skipped => 0,
    };
    let process = |state: &mut S, job: Job<A>| match job {
        Job::Item(item, tag) => Done::Item(work(state, item, tag)),
        Job::Skipped => Done::Skipped,
    };
    let on_result = |done: Done<T>| {
        let outcome = match done {
            Done::Skipped => {
                skipped += 1;
                return ControlFlow::Continue(());
            }
            Done::Item(outcome) => outcome,
        };
        items += 1;
        let bad = outcome.failed();
        failed += u64::from(bad);
        progress.done(outcome.bytes());
        if let Err(e) = consume(outcome) {
            write_error = Some(e);
            return ControlFlow::Break(());
        }
        if bad && args.fail_fast {
            stopped = true;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    };
    // Whether the run was stopped is in `stopped` and `write_error`.
    let _flow = pipeline::run(config, produce, weight, init, process, on_result)
        .map_err(|e| io::Error::other(format!("cannot start the worker threads: {e}")))?;
    let figures = progress.finish();
    if let Some(e) = write_error {
        return Err(e);
    }
    Ok(Totals {
        items,
        failed,
        skipped,
        stopped,
        figures,
    })
}
