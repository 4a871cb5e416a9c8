//! The native module of the `dateline` Python package (`dateline._dateline`).
//!
//! It is a thin layer over the library crates: `dateline-corpus` reads the
//! corpus (in parallel, in order, bounded), `dateline-export` makes the
//! analysis records and their Arrow batches, `dateline-links` resolves. Python
//! (`dateline/__init__.py`) shapes the public API: exceptions, warnings,
//! pyarrow objects. What crosses to Python:
//!
//! - record batches through the Arrow C Data Interface (`__arrow_c_array__`,
//!   `__arrow_c_schema__` PyCapsules): no copy through Python objects;
//! - everything else as plain tuples, lists, dicts and strings.
//!
//! The GIL is released while Rust works; long runs happen on a background
//! thread while the calling thread waits, waking every 50 ms to let Python
//! check for signals (Ctrl-C stops the run promptly). No panic crosses into
//! Python: a panic becomes `dateline.InternalError`.

#![forbid(unsafe_code)]

mod arrow;
mod pairs;
mod run;
mod spark;
mod typo_pairs;

use std::borrow::Cow;
use std::path::PathBuf;

use dateline_core::{Diagnostic, Severity};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

pub use arrow::{RecordBatchCapsule, SchemaCapsule};
pub use run::Scanner;

pyo3::create_exception!(
    _dateline,
    DatelineError,
    pyo3::exceptions::PyException,
    "The base of dateline's exceptions."
);
pyo3::create_exception!(
    _dateline,
    InternalError,
    DatelineError,
    "A bug in dateline (a Rust panic, caught): please report it with the input."
);

/// A panic as the exception Python gets.
pub(crate) fn internal_error(payload: &(dyn std::any::Any + Send)) -> PyErr {
    InternalError::new_err(format!(
        "internal error (a bug in dateline, please report it): {}",
        panic_message(payload)
    ))
}

/// A diagnostic as Python gets it: `(path, line, column, severity, code, name,
/// message, hint)`.
pub type DiagnosticTuple = (
    String,
    usize,
    usize,
    &'static str,
    &'static str,
    &'static str,
    String,
    Option<String>,
);

/// `d` about the input `path` whose bytes are `source`, as a tuple.
pub fn diagnostic_tuple(path: &str, source: &[u8], d: &Diagnostic) -> DiagnosticTuple {
    let at = d.locate(source);
    (
        path.to_owned(),
        at.line,
        at.column,
        match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        d.code.as_str(),
        d.code.name(),
        d.message.clone(),
        d.hint.clone(),
    )
}

/// A panic's message.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Runs `f`, a panic becoming an [`InternalError`] naming it.
fn guarded<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(internal_error(&*payload)))
}

/// An article parsed from bytes: the document model, owned.
#[pyclass(module = "dateline._dateline", frozen)]
pub struct Article {
    article: dateline_core::Article<'static>,
}

#[pymethods]
impl Article {
    /// The id (the file's stem), or None.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.article.id.as_deref()
    }

    /// The headline.
    #[getter]
    fn title(&self) -> &str {
        &self.article.title
    }

    /// The header date, `YYYY-MM-DD`.
    #[getter]
    fn date_iso(&self) -> String {
        self.article.date.iso().to_string()
    }

    /// The source URL as written.
    #[getter]
    fn url(&self) -> &str {
        &self.article.url
    }

    /// The paragraphs' repaired text, in order.
    #[getter]
    fn paragraphs(&self) -> Vec<String> {
        self.article
            .paragraphs()
            .map(|p| p.text.to_string())
            .collect()
    }

    /// The paragraphs as written in the source, in order.
    #[getter]
    fn raw_paragraphs(&self) -> Vec<String> {
        self.article
            .paragraphs()
            .map(|p| p.raw().into_owned())
            .collect()
    }

    /// The promos, `(label, title, line)`, in order.
    #[getter]
    fn promos(&self) -> Vec<(String, String, u32)> {
        self.article
            .related()
            .map(|r| (r.label.to_string(), r.title.to_string(), r.line))
            .collect()
    }

    /// The attributions, `(cue, source, raw, text)`, in order.
    #[getter]
    fn attributions(&self) -> Vec<(String, String, String, String)> {
        self.article
            .attributions()
            .map(|a| {
                (
                    a.cue.to_string(),
                    a.source.to_string(),
                    a.raw.to_string(),
                    a.text.to_string(),
                )
            })
            .collect()
    }

    /// The document model as JSON (what `dateline parse --compact` prints).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.article).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The input back, byte for byte.
    fn to_source<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.article.to_source().as_bytes())
    }

    /// The article's warnings, as diagnostic tuples (path `<article>`).
    fn warnings(&self) -> Vec<DiagnosticTuple> {
        let source = self.article.to_source();
        dateline_core::lint(&self.article)
            .iter()
            .map(|d| diagnostic_tuple("<article>", source.as_bytes(), d))
            .collect()
    }
}

/// Parses one article's bytes: `(article, [])`, or `(None, diagnostics)`.
#[pyfunction]
#[pyo3(signature = (data, id = None))]
fn parse(data: &[u8], id: Option<String>) -> PyResult<(Option<Article>, Vec<DiagnosticTuple>)> {
    guarded(|| {
        Ok(match dateline_core::parse_bytes(data) {
            Ok(article) => {
                let mut article = article.into_owned();
                article.id = id.map(Cow::Owned);
                (Some(Article { article }), Vec::new())
            }
            Err(e) => (
                None,
                e.diagnostics
                    .iter()
                    .map(|d| diagnostic_tuple("<input>", data, d))
                    .collect(),
            ),
        })
    })
}

/// The canonical form of `url`, or a ValueError saying why it has none.
#[pyfunction]
fn canonicalize(url: &str) -> PyResult<String> {
    guarded(|| {
        dateline_links::canonicalize(url)
            .map(|u| u.into_string())
            .map_err(|e| PyValueError::new_err(format!("{url:?}: {e}")))
    })
}

/// The facts of `url` as a dict (`canonical`, `host`, `domain`, `date` ISO,
/// `article_id`, `slug`), or a ValueError.
#[pyfunction]
fn url_facts<'py>(py: Python<'py>, url: &str) -> PyResult<Bound<'py, PyDict>> {
    guarded(|| {
        let facts = dateline_links::UrlFacts::parse(url)
            .map_err(|e| PyValueError::new_err(format!("{url:?}: {e}")))?;
        let dict = PyDict::new(py);
        dict.set_item("canonical", facts.canonical.as_str())?;
        dict.set_item("host", facts.host())?;
        dict.set_item("domain", facts.domain.as_deref())?;
        dict.set_item("date", facts.date.map(|d| d.iso().to_string()))?;
        dict.set_item("article_id", facts.article_id.as_deref())?;
        dict.set_item("slug", facts.slug.as_deref())?;
        Ok(dict)
    })
}

/// The outlet a name, alias or host names (built-in gazetteer, the one rule
/// of `Gazetteer::lookup_source`), as a dict, or None.
#[pyfunction]
fn outlet<'py>(py: Python<'py>, name_or_host: &str) -> PyResult<Option<Bound<'py, PyDict>>> {
    guarded(|| {
        let Some(outlet) = dateline_links::Gazetteer::builtin().lookup_source(name_or_host) else {
            return Ok(None);
        };
        let dict = PyDict::new(py);
        dict.set_item("id", outlet.id())?;
        dict.set_item("name", outlet.name())?;
        dict.set_item("aliases", outlet.aliases().to_vec())?;
        dict.set_item("domains", outlet.domains().to_vec())?;
        dict.set_item("kind", outlet.kind().as_str())?;
        dict.set_item("country", outlet.country())?;
        Ok(Some(dict))
    })
}

/// Every diagnostic of the corpus at `paths`, as tuples, in input order.
#[pyfunction]
#[pyo3(signature = (paths, jobs = None, ext = None))]
fn check(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    jobs: Option<usize>,
    ext: Option<Vec<String>>,
) -> PyResult<Vec<DiagnosticTuple>> {
    let corpus = run::corpus(paths, jobs, ext)?;
    run::interruptibly(py, move |stop| {
        let corpus = run::buffered(corpus)?;
        let mut found = Vec::new();
        corpus.map(
            &(),
            |loaded| {
                let (name, bytes, diagnostics) = match &loaded {
                    Ok(l) => (&l.name, l.bytes, dateline_core::lint(&l.article)),
                    Err(r) => (&r.name, r.bytes, r.diagnostics.clone()),
                };
                diagnostics
                    .iter()
                    .map(|d| diagnostic_tuple(name, bytes, d))
                    .collect::<Vec<_>>()
            },
            |diagnostics| {
                stop.check()?;
                found.extend(diagnostics);
                Ok::<(), run::RunError>(())
            },
        )?;
        Ok(found)
    })
}

/// The `dateline links` report of the corpus at `paths`, as JSON.
#[pyfunction]
#[pyo3(signature = (paths, jobs = None, ext = None, min_score = dateline_links::resolve::DEFAULT_MIN_SCORE))]
fn links_report(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    jobs: Option<usize>,
    ext: Option<Vec<String>>,
    min_score: f64,
) -> PyResult<(String, Vec<run::Failure>)> {
    let corpus = run::corpus(paths, jobs, ext)?;
    check_score(min_score)?;
    run::interruptibly(py, move |stop| {
        let corpus = run::buffered(corpus)?;
        let mut failures = Vec::new();
        let index = corpus.index(
            &(),
            // Every input is noted, so that the run checks for a stop at each.
            |input| {
                Some(input.err().map(|r| {
                    let tuples = r
                        .diagnostics
                        .iter()
                        .map(|d| diagnostic_tuple(&r.name, r.bytes, d))
                        .collect();
                    (r.name.to_string(), tuples)
                }))
            },
            |failure| {
                stop.check()?;
                failures.extend(failure);
                Ok::<(), run::RunError>(())
            },
        )?;
        let report = report_json(&index.corpus, min_score).map_err(run::RunError::Failed)?;
        Ok((report, failures))
    })
}

/// The rows of a records table, to index: what `links` reads from a table.
type RecordRows = (
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<Option<String>>,
    Vec<Vec<(String, String)>>,
    Vec<Vec<String>>,
);

/// The `dateline links` report of records given as columns: ids, titles,
/// urls, dates (`YYYY-MM-DD` or None), promos (`(label, title)` per row),
/// sources (names per row).
#[pyfunction]
#[pyo3(signature = (rows, min_score = dateline_links::resolve::DEFAULT_MIN_SCORE))]
fn links_report_from_rows(py: Python<'_>, rows: RecordRows, min_score: f64) -> PyResult<String> {
    check_score(min_score)?;
    py.detach(|| {
        guarded(|| {
            let (ids, titles, urls, dates, promos, sources) = rows;
            let mut builder = dateline_links::CorpusBuilder::with_capacity(ids.len());
            for (i, id) in ids.into_iter().enumerate() {
                let get = |v: &Vec<String>| v.get(i).cloned().unwrap_or_default();
                let mut record = dateline_links::ArticleRecord::new(id, get(&titles), get(&urls));
                if let Some(Some(date)) = dates.get(i)
                    && let Ok(date) = date.parse::<dateline_core::Date>()
                {
                    record = record.with_date(date);
                }
                for (label, title) in promos.get(i).cloned().unwrap_or_default() {
                    record = record.with_reference(label, title);
                }
                for name in sources.get(i).cloned().unwrap_or_default() {
                    record = record.with_attribution(name);
                }
                builder
                    .push(record)
                    .map_err(|e| PyValueError::new_err(e.to_string()))?;
            }
            report_json(&builder.build(), min_score).map_err(PyValueError::new_err)
        })
    })
}

pub(crate) fn check_score(min_score: f64) -> PyResult<()> {
    if (0.0..=1.0).contains(&min_score) {
        Ok(())
    } else {
        Err(PyValueError::new_err(format!(
            "min_score must be between 0 and 1, not {min_score}"
        )))
    }
}

/// The links report of an indexed corpus as JSON, or why not.
fn report_json(corpus: &dateline_links::Corpus, min_score: f64) -> Result<String, String> {
    let resolver = dateline_links::Resolver::new(corpus)
        .with_min_score(min_score)
        .map_err(|e| e.to_string())?
        .with_threads(std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN));
    let report =
        dateline_links::LinksReport::build(&resolver, dateline_links::Gazetteer::builtin());
    serde_json::to_string(&report).map_err(|e| e.to_string())
}

/// The module.
#[pymodule]
fn _dateline(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("RECORD_VERSION", dateline_export::record::RECORD_VERSION)?;
    // The resolver's numbers, defined once, in dateline-links.
    m.add(
        "DEFAULT_MIN_SCORE",
        dateline_links::resolve::DEFAULT_MIN_SCORE,
    )?;
    m.add(
        "DEFAULT_MAX_CANDIDATES",
        dateline_links::resolve::DEFAULT_MAX_CANDIDATES,
    )?;
    m.add("TYPO_SHORTLIST", dateline_links::resolve::TYPO_SHORTLIST)?;
    m.add(
        "TYPO_WORDS_SLACK",
        dateline_links::resolve::TYPO_WORDS_SLACK,
    )?;
    m.add("DatelineError", m.py().get_type::<DatelineError>())?;
    m.add("InternalError", m.py().get_type::<InternalError>())?;
    m.add_class::<Article>()?;
    m.add_class::<Scanner>()?;
    m.add_class::<RecordBatchCapsule>()?;
    m.add_class::<SchemaCapsule>()?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(canonicalize, m)?)?;
    m.add_function(wrap_pyfunction!(url_facts, m)?)?;
    m.add_function(wrap_pyfunction!(outlet, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(links_report, m)?)?;
    m.add_function(wrap_pyfunction!(links_report_from_rows, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::record_schema, m)?)?;
    m.add_function(wrap_pyfunction!(run::scan_records, m)?)?;
    m.add_function(wrap_pyfunction!(spark::spark_parse, m)?)?;
    m.add_function(wrap_pyfunction!(spark::path_stems, m)?)?;
    m.add_function(wrap_pyfunction!(spark::unique_ids, m)?)?;
    m.add_function(wrap_pyfunction!(spark::headline_keys, m)?)?;
    m.add_function(wrap_pyfunction!(spark::resolve_references, m)?)?;
    m.add_function(wrap_pyfunction!(pairs::fuzzy_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(typo_pairs::typo_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(spark::source_outlets, m)?)?;
    m.add_function(wrap_pyfunction!(spark::article_facts, m)?)?;
    m.add_function(wrap_pyfunction!(spark::archive_extensions, m)?)?;
    m.add_function(wrap_pyfunction!(spark::archive_members, m)?)?;
    m.add_function(wrap_pyfunction!(spark::spark_parse_archives, m)?)?;
    Ok(())
}
