//! Runs over a corpus for Python: on a background thread, the GIL released,
//! stoppable with Ctrl-C.
//!
//! Python's signal handlers run only on the main thread, between bytecodes:
//! a thread blocked in Rust for minutes would hold Ctrl-C back until the end.
//! So the run happens on its own thread and the calling thread waits in short
//! slices ([`WAIT`]), checking for signals between them; a signal sets the
//! run's [`Stop`], which the run checks at every article.

use std::borrow::Cow;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arrow_array::RecordBatch;
use dateline_corpus::{Corpus, CorpusError};
use dateline_export::record::Record;
use dateline_export::record::arrow::RecordBatchBuilder;
use dateline_export::{GazetteerLinker, Options};
use dateline_links::Gazetteer;
use dateline_links::resolve::DEFAULT_MAX_CANDIDATES;
use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyStopIteration, PyValueError};
use pyo3::prelude::*;

use crate::arrow::RecordBatchCapsule;
use crate::{DiagnosticTuple, diagnostic_tuple, internal_error, panic_message};

/// How long the waiting thread sleeps between checks for signals.
const WAIT: Duration = Duration::from_millis(50);

/// A batch is cut at this many rows...
const BATCH_ROWS: usize = 8192;
/// ... or this many bytes of text, whichever comes first: a few batches in
/// flight keep memory bounded whatever the corpus.
const BATCH_TEXT_BYTES: usize = 8 << 20;

/// Batches (with their failures) made ahead of the reader.
const BATCHES_AHEAD: usize = 2;

/// Why a run ended early.
#[derive(Debug)]
pub enum RunError {
    /// Stopped from Python (Ctrl-C, or the reader went away).
    Stopped,
    /// The corpus could not be read.
    Corpus(CorpusError),
    /// An input the run needed could not be read (standard input).
    Input(String),
    /// Anything else, with its message.
    Failed(String),
}

impl From<CorpusError> for RunError {
    fn from(e: CorpusError) -> RunError {
        RunError::Corpus(e)
    }
}

impl RunError {
    fn into_py(self) -> PyErr {
        match self {
            RunError::Stopped => PyKeyboardInterrupt::new_err("the run was stopped"),
            // `OSError` subclasses by errno would need the io error; a corpus
            // that cannot start (a missing list) is a bad argument to the call.
            RunError::Corpus(e) => PyValueError::new_err(e.to_string()),
            RunError::Input(message) => pyo3::exceptions::PyOSError::new_err(message),
            RunError::Failed(message) => crate::InternalError::new_err(message),
        }
    }
}

/// The flag that stops a run: set from Python, checked by the run.
#[derive(Clone, Debug, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    /// `Err(Stopped)` once the run is to stop.
    pub fn check(&self) -> Result<(), RunError> {
        if self.0.load(Ordering::Relaxed) {
            Err(RunError::Stopped)
        } else {
            Ok(())
        }
    }

    fn set(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The corpus of `paths`, on `jobs` threads (default: all cores), reading
/// files with the extensions `ext` in directories and archives.
pub fn corpus(
    paths: Vec<PathBuf>,
    jobs: Option<usize>,
    ext: Option<Vec<String>>,
) -> PyResult<Corpus> {
    if paths.is_empty() {
        return Err(PyValueError::new_err(
            "no paths: give at least one file, directory or archive",
        ));
    }
    if let Some(missing) = paths.iter().find(|p| p.as_os_str() != "-" && !p.exists()) {
        return Err(pyo3::exceptions::PyFileNotFoundError::new_err(format!(
            "{}: no such file or directory",
            missing.display()
        )));
    }
    let mut corpus = Corpus::new(paths);
    if let Some(jobs) = jobs {
        let jobs = NonZeroUsize::new(jobs)
            .ok_or_else(|| PyValueError::new_err("jobs must be at least 1"))?;
        corpus = corpus.threads(jobs);
    }
    if let Some(ext) = ext {
        if ext.is_empty() {
            return Err(PyValueError::new_err(
                "ext must name at least one extension",
            ));
        }
        corpus = corpus.extensions(ext);
    }
    Ok(corpus)
}

/// `corpus` with standard input read, if it reads it: once, whatever the
/// passes over it. Called on the run's thread: reading a terminal or a pipe
/// may block, and Ctrl-C must still stop the call.
pub fn buffered(corpus: Corpus) -> Result<Corpus, RunError> {
    corpus
        .buffer_stdin()
        .map_err(|e| RunError::Input(format!("cannot read standard input: {e}")))
}

/// Runs `f` on a background thread while this one waits, the GIL released,
/// checking for signals every [`WAIT`]: a signal's exception (Ctrl-C's
/// `KeyboardInterrupt`) stops the run and is returned at once. The run's
/// thread is not waited for: it may be blocked reading (a pipe, a slow
/// disk), and it ends by itself at its next article.
///
/// # Errors
///
/// The run's error, a signal's exception, or a panic as a `RuntimeError`.
pub fn interruptibly<T: Send + 'static>(
    py: Python<'_>,
    f: impl FnOnce(&Stop) -> Result<T, RunError> + Send + 'static,
) -> PyResult<T> {
    let stop = Stop::default();
    let (tx, rx) = mpsc::sync_channel(1);
    let run_stop = stop.clone();
    let handle = std::thread::Builder::new()
        .name("dateline-run".to_owned())
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&run_stop)));
            let _ = tx.send(result);
        })
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start a thread: {e}")))?;
    let mut rx = rx;
    loop {
        // The receiver goes to the detached closure and back: it is not Sync.
        let (back, received) = py.detach(move || {
            let received = rx.recv_timeout(WAIT);
            (rx, received)
        });
        rx = back;
        match received {
            Ok(result) => {
                let _ = py.detach(|| handle.join());
                return match result {
                    Ok(done) => done.map_err(RunError::into_py),
                    Err(panic) => Err(internal_error(&*panic)),
                };
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Err(signal) = py.check_signals() {
                    stop.set();
                    return Err(signal);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err(
                    "internal error: the run ended without a result",
                ));
            }
        }
    }
}

/// A bad input: its name and its diagnostics.
pub type Failure = (String, Vec<DiagnosticTuple>);

/// An article whose id was taken by an earlier one: `(name, wanted, given)`.
pub type Renamed = (String, String, String);

/// What the run sends the reader: a batch of records and the inputs that
/// failed or were renamed since the last one; or how the run ended.
enum Message {
    Chunk {
        batch: Option<RecordBatch>,
        failures: Vec<Failure>,
        renamed: Vec<Renamed>,
    },
    Ended(Result<(), RunError>),
}

/// What a worker makes of one input.
enum Made {
    Record(Box<Record<'static>>, Option<Renamed>),
    Failed(Failure),
}

/// How to read a corpus into records: `dateline.read` and `dateline.scan`.
#[derive(Debug)]
pub struct ScanConfig {
    /// Resolve promos against the corpus (a first pass indexes it).
    pub resolve: bool,
    /// The fuzzy-match threshold when resolving.
    pub min_score: f64,
    /// The outlets that links resolve to (built-in, and the user's file), or
    /// None for records without links (`dateline convert --no-links`).
    pub gazetteer: Option<Cow<'static, Gazetteer>>,
}

/// A corpus read into record batches on a background thread: an iterator of
/// `(batch or None, failures, renamed)`, in input order. Dropping it (or
/// Ctrl-C while it waits) stops the run.
#[pyclass(module = "dateline._dateline", frozen)]
pub struct Scanner {
    messages: Mutex<Option<Receiver<Message>>>,
    stop: Stop,
}

impl Scanner {
    /// Starts reading `corpus` into records.
    pub fn start(corpus: Corpus, config: ScanConfig) -> PyResult<Scanner> {
        let stop = Stop::default();
        let (tx, rx) = mpsc::sync_channel(BATCHES_AHEAD);
        let run_stop = stop.clone();
        // Not joined: see `close_now`.
        let _detached = std::thread::Builder::new()
            .name("dateline-scan".to_owned())
            .spawn(move || {
                let ended = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    scan(&corpus, &config, &tx, &run_stop)
                }))
                .unwrap_or_else(|panic| {
                    Err(RunError::Failed(format!(
                        "internal error (a bug in dateline, please report it): {}",
                        panic_message(&*panic)
                    )))
                });
                let _ = tx.send(Message::Ended(ended));
            })
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start a thread: {e}")))?;
        Ok(Scanner {
            messages: Mutex::new(Some(rx)),
            stop,
        })
    }

    fn take_messages(&self) -> Option<Receiver<Message>> {
        self.messages.lock().ok().and_then(|mut m| m.take())
    }

    /// Stops the run. Its thread is not waited for (it may be blocked
    /// reading): it ends by itself at its next article, or at its next
    /// batch, whose sending fails without a receiver.
    fn close_now(&self) {
        self.stop.set();
        drop(self.take_messages());
    }
}

/// The run behind a [`Scanner`].
fn scan(
    corpus: &Corpus,
    config: &ScanConfig,
    tx: &SyncSender<Message>,
    stop: &Stop,
) -> Result<(), RunError> {
    let corpus = &buffered(corpus.clone())?;
    let mut options = Options::new();
    if let Some(gazetteer) = &config.gazetteer {
        let mut linker = GazetteerLinker::new(gazetteer.clone());
        if config.resolve {
            // The first pass: every article's headline and URL, indexed. Each
            // input is noted, so that the pass checks for a stop at each.
            let index = corpus.index(&(), |_| Some(()), |()| stop.check())?;
            linker = linker
                .resolving(
                    Arc::new(index.corpus),
                    config.min_score,
                    DEFAULT_MAX_CANDIDATES,
                )
                .map_err(|e| RunError::Failed(e.to_string()))?;
        }
        options = options.links(linker);
    }
    let mut builder = RecordBatchBuilder::new();
    let mut failures = Vec::new();
    let mut renamed = Vec::new();
    let send = |message: Message| tx.send(message).map_err(|_| RunError::Stopped);
    let options = &options;
    corpus.map(
        &(),
        |loaded| match loaded {
            Ok(loaded) => {
                let links = options.article_links(&loaded.article);
                let record =
                    Record::new(&loaded.article, Some(&loaded.name), links.as_ref(), options);
                let renamed = loaded.renamed_from.map(|wanted| {
                    (
                        loaded.name.to_string(),
                        wanted.to_owned(),
                        record.id.to_string(),
                    )
                });
                Made::Record(Box::new(record.into_owned()), renamed)
            }
            Err(rejected) => Made::Failed((
                rejected.name.to_string(),
                rejected
                    .diagnostics
                    .iter()
                    .map(|d| diagnostic_tuple(&rejected.name, rejected.bytes, d))
                    .collect(),
            )),
        },
        |made| {
            stop.check()?;
            match made {
                Made::Record(record, was) => {
                    builder.push(&record);
                    renamed.extend(was);
                }
                Made::Failed(failure) => failures.push(failure),
            }
            if builder.len() >= BATCH_ROWS || builder.text_bytes() >= BATCH_TEXT_BYTES {
                let batch = builder
                    .finish()
                    .map_err(|e| RunError::Failed(e.to_string()))?;
                send(Message::Chunk {
                    batch: Some(batch),
                    failures: std::mem::take(&mut failures),
                    renamed: std::mem::take(&mut renamed),
                })?;
            }
            Ok::<(), RunError>(())
        },
    )?;
    let batch = if builder.is_empty() {
        None
    } else {
        Some(
            builder
                .finish()
                .map_err(|e| RunError::Failed(e.to_string()))?,
        )
    };
    if batch.is_some() || !failures.is_empty() || !renamed.is_empty() {
        send(Message::Chunk {
            batch,
            failures,
            renamed,
        })?;
    }
    Ok(())
}

#[pymethods]
impl Scanner {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// The next `(batch or None, failures, renamed)`; `StopIteration` at the
    /// end; the run's error, or `KeyboardInterrupt` on Ctrl-C (which stops
    /// the run).
    fn __next__(
        &self,
        py: Python<'_>,
    ) -> PyResult<(Option<RecordBatchCapsule>, Vec<Failure>, Vec<Renamed>)> {
        loop {
            let Some(rx) = self.take_messages() else {
                return Err(PyStopIteration::new_err(()));
            };
            // The receiver goes to the detached closure and back: it is not Sync.
            let (rx, received) = py.detach(move || {
                let received = rx.recv_timeout(WAIT);
                (rx, received)
            });
            if let Ok(mut messages) = self.messages.lock() {
                *messages = Some(rx);
            }
            match received {
                Ok(Message::Chunk {
                    batch,
                    failures,
                    renamed,
                }) => return Ok((batch.map(RecordBatchCapsule::new), failures, renamed)),
                Ok(Message::Ended(ended)) => {
                    self.close_now();
                    ended.map_err(RunError::into_py)?;
                    return Err(PyStopIteration::new_err(()));
                }
                Err(RecvTimeoutError::Timeout) => {
                    if let Err(signal) = py.check_signals() {
                        self.close_now();
                        return Err(signal);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.close_now();
                    return Err(PyStopIteration::new_err(()));
                }
            }
        }
    }

    /// Stops the run (the rest of the corpus is not read).
    fn close(&self) {
        self.close_now();
    }
}

impl Drop for Scanner {
    fn drop(&mut self) {
        self.close_now();
    }
}

/// `dateline.scan`'s native half: the corpus of `paths` read into records.
#[pyfunction]
#[pyo3(signature = (paths, jobs = None, ext = None, resolve = false, min_score = dateline_links::resolve::DEFAULT_MIN_SCORE, outlets = None, links = true))]
pub fn scan_records(
    paths: Vec<PathBuf>,
    jobs: Option<usize>,
    ext: Option<Vec<String>>,
    resolve: bool,
    min_score: f64,
    outlets: Option<PathBuf>,
    links: bool,
) -> PyResult<Scanner> {
    crate::check_score(min_score)?;
    let corpus = corpus(paths, jobs, ext)?;
    // A bad outlets file is an error now, before any input is read.
    let gazetteer = links
        .then(|| dateline_links::linker::gazetteer_with(outlets.as_deref()))
        .transpose()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Scanner::start(
        corpus,
        ScanConfig {
            resolve,
            min_score,
            gazetteer,
        },
    )
}
