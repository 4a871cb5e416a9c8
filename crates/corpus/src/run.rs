//! A run over a corpus: what to read ([`Corpus`]), and the loop that joins
//! [`source`](crate::source) (what to read), [`pipeline`](crate::pipeline)
//! (parallel, in order, bounded) and an [`Observer`] (progress).

use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dateline_core::Article;
use dateline_core::ids::UniqueIds;

use crate::CorpusError;
use crate::load::{Loaded, Rejected, load};
use crate::pipeline::{self, Config};
use crate::source::{Entry, Inputs, Item, Reader, Rules};

/// A corpus to read: paths (files, directories, archives, `-`), an optional
/// list of more paths, which files are articles, and how to run.
///
/// ```no_run
/// use dateline_corpus::Corpus;
///
/// let corpus = Corpus::new(["articles/", "more.tar.zst"])
///     .files_from("list.txt")
///     .extensions(["txt", "text"])
///     .fail_fast(true);
/// # let _ = corpus;
/// ```
#[derive(Clone, Debug)]
pub struct Corpus {
    paths: Vec<PathBuf>,
    files_from: Option<PathBuf>,
    /// Standard input, read once by [`Corpus::buffer_stdin`].
    stdin: Option<Arc<[u8]>>,
    rules: Rules,
    threads: NonZeroUsize,
    fail_fast: bool,
}

impl Corpus {
    /// The corpus of these paths, read in order: files (whatever their
    /// extension), directories (walked recursively in name order for `*.txt`),
    /// archives (`.tar`, `.tar.gz`/`.tgz`, `.tar.zst`/`.tzst`), `-` for one
    /// article on standard input. On all cores, going on past bad inputs.
    pub fn new<P: Into<PathBuf>>(paths: impl IntoIterator<Item = P>) -> Corpus {
        Corpus {
            paths: paths.into_iter().map(Into::into).collect(),
            files_from: None,
            stdin: None,
            rules: Rules::new(["txt"]),
            threads: std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN),
            fail_fast: false,
        }
    }

    /// How many articles a run will find, counted from directory listings
    /// without reading a file (archives' members are not counted: see
    /// [`crate::Count::is_exact`]). Milliseconds for a directory of 100,000
    /// files: for a progress display's total, on a thread beside the run.
    ///
    /// ```
    /// let count = dateline_corpus::Corpus::new(["../../examples/corpus"]).count();
    /// assert_eq!(count.articles, 29);
    /// assert!(count.is_exact());
    /// ```
    pub fn count(&self) -> crate::Count {
        crate::count::count(&self.paths, self.files_from.as_deref(), &self.rules)
    }

    /// Also reads the paths listed in `list`, one per line (`-`: standard
    /// input), after the others.
    #[must_use]
    pub fn files_from(mut self, list: impl Into<PathBuf>) -> Corpus {
        self.files_from = Some(list.into());
        self
    }

    /// The extensions of article files in directories and archives (default
    /// `txt`; compared ignoring ASCII case, a leading dot ignored). Other files
    /// there are skipped and counted in [`Totals::skipped`].
    #[must_use]
    pub fn extensions<S: AsRef<str>>(mut self, extensions: impl IntoIterator<Item = S>) -> Corpus {
        self.rules = Rules::new(extensions).max_article_bytes(self.rules.article_limit());
        self
    }

    /// Worker threads (default: all cores). Results come in input order
    /// whatever the number.
    #[must_use]
    pub fn threads(mut self, threads: NonZeroUsize) -> Corpus {
        self.threads = threads;
        self
    }

    /// The largest article read, in bytes (default
    /// [`DEFAULT_MAX_ARTICLE_BYTES`](crate::source::DEFAULT_MAX_ARTICLE_BYTES)):
    /// a larger file, archive member or standard input is an error for that
    /// item, and is never held in memory whole.
    #[must_use]
    pub fn max_article_size(mut self, bytes: u64) -> Corpus {
        self.rules = self.rules.max_article_bytes(bytes);
        self
    }

    /// A [`Reader`] that honours [`Corpus::max_article_size`]: for a caller
    /// of [`Corpus::run`] that reads items itself.
    pub fn reader(&self) -> Reader {
        Reader::with_limit(self.rules.article_limit())
    }

    /// Stop at the first input with an error, in input order
    /// ([`Totals::stopped`]).
    #[must_use]
    pub fn fail_fast(mut self, fail_fast: bool) -> Corpus {
        self.fail_fast = fail_fast;
        self
    }

    /// Reads standard input now, if the corpus reads it (a `-` path, or
    /// `--files-from -`), so that every later run of this corpus reads the
    /// same bytes: for a caller that reads a corpus twice (an index pass, then
    /// an export). Memory holds standard input's bytes.
    ///
    /// # Errors
    ///
    /// An error reading standard input.
    pub fn buffer_stdin(mut self) -> std::io::Result<Corpus> {
        let reads_stdin = self.paths.iter().any(|p| p.as_os_str() == "-")
            || self
                .files_from
                .as_ref()
                .is_some_and(|l| l.as_os_str() == "-");
        if reads_stdin && self.stdin.is_none() {
            let mut bytes = Vec::new();
            // One byte over the cap is enough to refuse it (in the walk).
            let limit = self.rules.article_limit().saturating_add(1);
            std::io::Read::read_to_end(
                &mut std::io::Read::take(std::io::stdin().lock(), limit),
                &mut bytes,
            )?;
            self.stdin = Some(bytes.into());
        }
        Ok(self)
    }

    /// The worker threads a run uses.
    pub fn thread_count(&self) -> NonZeroUsize {
        self.threads
    }

    /// Reads, parses and processes every article: `work` runs on a worker
    /// thread with the article parsed ([`Loaded`], its id set) or the reason
    /// it was not ([`Rejected`]: unreadable, or the parser's diagnostics);
    /// `consume` gets what `work` returned, on the calling thread, in input
    /// order. An error from `consume` ends the run and is returned.
    ///
    /// Memory holds a bounded number of articles in flight, not the corpus;
    /// `work` may borrow the article, and must return what outlives it.
    ///
    /// # Errors
    ///
    /// A [`CorpusError`] if the run cannot start (a missing `--files-from`
    /// list), or the first error `consume` returned.
    pub fn map<T, E>(
        &self,
        observer: &dyn Observer,
        work: impl Fn(Result<Loaded<'_>, Rejected<'_>>) -> T + Sync,
        mut consume: impl FnMut(T) -> Result<(), E>,
    ) -> Result<Totals, E>
    where
        T: Send,
        E: From<CorpusError>,
    {
        self.run(
            observer,
            |_| (),
            || self.reader(),
            |reader, mut item, ()| {
                let loaded = load(reader, &mut item);
                let (bytes, failed) = match &loaded {
                    Ok(loaded) => (loaded.bytes.len(), false),
                    Err(rejected) => (rejected.bytes.len(), true),
                };
                Processed {
                    bytes: bytes as u64,
                    failed,
                    value: work(loaded),
                }
            },
            |processed| consume(processed.value),
        )
    }

    /// Every article of the corpus, parsed and owned, in input order, to
    /// `consume`; bad inputs as `Err` with their diagnostics. The simplest way
    /// in: each article is copied out of its read buffer (see [`Corpus::map`]
    /// to work on borrowed articles, on the workers).
    ///
    /// # Errors
    ///
    /// As [`Corpus::map`].
    pub fn for_each<E: From<CorpusError>>(
        &self,
        consume: impl FnMut(Result<Article<'static>, Failure>) -> Result<(), E>,
    ) -> Result<Totals, E> {
        self.map(
            &(),
            |loaded| match loaded {
                Ok(loaded) => Ok(loaded.article.into_owned()),
                Err(rejected) => Err(Failure::from(&rejected)),
            },
            consume,
        )
    }

    /// The engine under [`Corpus::map`], for a caller that reads items
    /// itself (to check without parsing, say):
    ///
    /// - `assign` runs on the thread that walks the inputs, once per item in
    ///   input order, before the item goes to a worker (to hand out output
    ///   file names, say);
    /// - `init` makes a worker's state for one batch of items (a [`Reader`],
    ///   an exporter); `work` processes one item with it, on a worker thread,
    ///   and says how many bytes it read and whether the item failed;
    /// - `consume` gets each result on the calling thread, in input order. An
    ///   error it returns ends the run and is returned.
    ///
    /// # Errors
    ///
    /// As [`Corpus::map`].
    pub fn run<A, S, T, E>(
        &self,
        observer: &dyn Observer,
        mut assign: impl FnMut(&Item) -> A + Send,
        init: impl Fn() -> S + Sync,
        work: impl Fn(&mut S, Item, A) -> Processed<T> + Sync,
        mut consume: impl FnMut(Processed<T>) -> Result<(), E>,
    ) -> Result<Totals, E>
    where
        A: Send,
        T: Send,
        E: From<CorpusError>,
    {
        let started = Instant::now();
        let inputs = Inputs::open_with(
            self.paths.clone(),
            self.files_from.as_deref(),
            self.stdin.clone(),
        )?;
        let config = Config::new(self.threads);
        let mut totals = Totals::default();
        let mut error = None;

        let produce = |emit: &mut dyn FnMut(Job<A>) -> ControlFlow<()>| {
            // Ids are made unique here, in input order: whatever the threads,
            // the same article gets the same id.
            let mut ids = UniqueIds::new();
            let _ = crate::source::walk(inputs, &self.rules, &mut |entry| match entry {
                Entry::Item(mut item) => {
                    item.claim_id(&mut ids);
                    let tag = assign(&item);
                    emit(Job::Item(item, tag))
                }
                Entry::Skipped => emit(Job::Skipped),
                Entry::Unsupported { name, what } => emit(Job::Unsupported(name, what)),
                Entry::Ahead(n) => {
                    observer.found(n);
                    ControlFlow::Continue(())
                }
            });
        };
        let weight = |job: &Job<A>| match job {
            Job::Item(item, _) => item.payload.held(),
            Job::Skipped | Job::Unsupported(..) => 0,
        };
        let process = |state: &mut S, job: Job<A>| match job {
            Job::Item(item, tag) => Done::Item(work(state, item, tag)),
            Job::Skipped => Done::Skipped,
            Job::Unsupported(name, what) => Done::Unsupported(name, what),
        };
        let on_result = |done: Done<T>| {
            let processed = match done {
                Done::Item(processed) => processed,
                Done::Skipped => {
                    totals.skipped += 1;
                    return ControlFlow::Continue(());
                }
                Done::Unsupported(name, what) => {
                    // Told in input order, on this thread: never dropped silently.
                    totals.skipped += 1;
                    totals.unsupported += 1;
                    observer.unsupported(&name, &what);
                    return ControlFlow::Continue(());
                }
            };
            totals.items += 1;
            totals.bytes += processed.bytes;
            let failed = processed.failed;
            totals.failed += u64::from(failed);
            observer.done(processed.bytes);
            if let Err(e) = consume(processed) {
                error = Some(e);
                return ControlFlow::Break(());
            }
            if failed && self.fail_fast {
                totals.stopped = true;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        };
        // Whether the consumer stopped the run is in `totals.stopped` and `error`.
        let _flow = pipeline::run(config, produce, weight, init, process, on_result)
            .map_err(|e| CorpusError::Threads(e.to_string()))?;
        if let Some(e) = error {
            return Err(e);
        }
        totals.elapsed = started.elapsed();
        Ok(totals)
    }
}

/// What a worker made of one item, with what the run counts.
#[derive(Debug)]
pub struct Processed<T> {
    /// The bytes the item had (0 when it could not be read).
    pub bytes: u64,
    /// Whether the item had an error (it counts in [`Totals::failed`], and
    /// stops a fail-fast run).
    pub failed: bool,
    /// The worker's result.
    pub value: T,
}

/// A walk's entry on its way to a worker.
enum Job<A> {
    Item(Item, A),
    Skipped,
    Unsupported(String, String),
}

/// A job done, on its way back in input order.
enum Done<T> {
    Item(Processed<T>),
    Skipped,
    Unsupported(String, String),
}

/// Told about a run as it goes, for a progress display. Both methods are
/// called from the run's threads: keep them cheap.
pub trait Observer: Sync {
    /// `n` more articles were found ahead (a directory listing was read, an
    /// archive member found).
    fn found(&self, n: u64) {
        let _ = n;
    }

    /// One more article is done (its result consumed); it had `bytes` bytes.
    fn done(&self, bytes: u64) {
        let _ = bytes;
    }

    /// An input was not read because of what it is (`what`: a symbolic link
    /// in an archive, a FIFO in a directory); called in input order, on the
    /// thread that consumes results. Counted in [`Totals::skipped`] and
    /// [`Totals::unsupported`].
    fn unsupported(&self, name: &str, what: &str) {
        let _ = (name, what);
    }
}

/// No observer.
impl Observer for () {}

/// The counts of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Totals {
    /// Articles processed, good or bad.
    pub items: u64,
    /// Articles with an error.
    pub failed: u64,
    /// Non-article files left out (by extension, or not regular files).
    pub skipped: u64,
    /// Of those, the ones left out for what they are (symbolic links and
    /// special members of archives, FIFOs, sockets and devices in
    /// directories), each told to [`Observer::unsupported`].
    pub unsupported: u64,
    /// Whether a fail-fast run stopped at a bad article.
    pub stopped: bool,
    /// Bytes of the articles read.
    pub bytes: u64,
    /// How long the run took.
    pub elapsed: Duration,
}

impl Totals {
    /// Megabytes (10^6 bytes) read per second.
    pub fn megabytes_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.bytes as f64 / 1e6 / secs
        } else {
            0.0
        }
    }
}

/// An owned [`Rejected`]: what [`Corpus::for_each`] hands over for a bad input.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The input's name (its path, `ARCHIVE:MEMBER`, or `<stdin>`).
    pub name: String,
    /// Its bytes (empty when it could not be read).
    pub bytes: Vec<u8>,
    /// Why it was rejected.
    pub diagnostics: Vec<dateline_core::Diagnostic>,
}

impl From<&Rejected<'_>> for Failure {
    fn from(rejected: &Rejected<'_>) -> Failure {
        Failure {
            name: rejected.name.to_string(),
            bytes: rejected.bytes.to_vec(),
            diagnostics: rejected.diagnostics.clone(),
        }
    }
}
