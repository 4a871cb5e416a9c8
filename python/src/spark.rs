//! The native half of `dateline.spark`: vectorised functions that Spark's
//! executors call on Arrow batches (`mapInArrow`), one call per batch.
//!
//! Columns come in as the raw buffers of an Arrow string or binary array (the
//! offsets, already cut to the array's slice, and the data), handed over as
//! `bytes`: no Python object per row. Results go back as record batches
//! through the PyCapsule interface ([`RecordBatchCapsule`]). Every rule
//! (parsing, ids, headline keys, the resolver, the gazetteer) is the library
//! crates' own: nothing here decides a link, it only feeds the
//! [`dateline_links::Resolver`] the articles Spark's joins found.

use std::borrow::Cow;
use std::io;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use dateline_corpus::source::{Archive, Entry, Item, Payload, Reader, Rules, walk_archive};
use dateline_export::record::Record;
use dateline_export::record::arrow::RecordBatchBuilder;
use dateline_export::{GazetteerLinker, Options};
use dateline_links::corpus::{MIN_URL_SLUG_TOKENS, slug_words};
use dateline_links::resolve::shared_words_needed;
use dateline_links::text::{HeadlineKey, slugify};
use dateline_links::{
    ArticleRecord, CorpusBuilder, Gazetteer, LinksReport, Resolver, UrlFacts, canonicalize,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::arrow::RecordBatchCapsule;
use crate::run::Failure;
use crate::{check_score, diagnostic_tuple, guarded};

/// One Arrow string or binary column as Python hands it over: its offsets
/// (little-endian, 4 bytes each, or 8 when `wide`), cut to the array's rows
/// plus one, and its data buffer.
pub(crate) type Column<'a> = (&'a [u8], &'a [u8], bool);

/// The values of `column`, as byte slices of its data.
fn values<'a>((offsets, data, wide): Column<'a>) -> PyResult<Vec<&'a [u8]>> {
    let width = if wide { 8 } else { 4 };
    if !offsets.len().is_multiple_of(width) {
        return Err(PyValueError::new_err(format!(
            "an Arrow offsets buffer of {} bytes is not a whole number of {width}-byte offsets",
            offsets.len()
        )));
    }
    let ends: Vec<usize> = offsets
        .chunks_exact(width)
        .map(|b| {
            let n = match <[u8; 8]>::try_from(b) {
                Ok(b8) => i64::from_le_bytes(b8),
                Err(_) => <[u8; 4]>::try_from(b).map_or(-1, |b4| i64::from(i32::from_le_bytes(b4))),
            };
            usize::try_from(n).unwrap_or(usize::MAX)
        })
        .collect();
    ends.windows(2)
        .map(|w| {
            data.get(w[0]..w[1]).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "Arrow offsets {}..{} outside a data buffer of {} bytes",
                    w[0],
                    w[1],
                    data.len()
                ))
            })
        })
        .collect()
}

/// The values of a string column, as `&str`.
pub(crate) fn strings(column: Column<'_>) -> PyResult<Vec<&str>> {
    values(column)?
        .into_iter()
        .map(|v| {
            std::str::from_utf8(v)
                .map_err(|e| PyValueError::new_err(format!("a string column is not UTF-8: {e}")))
        })
        .collect()
}

pub(crate) fn batch(columns: Vec<(&str, ArrayRef)>) -> PyResult<RecordBatchCapsule> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, array)| Field::new(*name, array.data_type().clone(), true))
        .collect();
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .map(RecordBatchCapsule::new)
        .map_err(|e| PyValueError::new_err(format!("cannot make a record batch: {e}")))
}

/// A list-of-strings builder whose items are not null (as the record schema's).
fn string_lists() -> ListBuilder<StringBuilder> {
    ListBuilder::new(StringBuilder::new()).with_field(Arc::new(Field::new(
        "item",
        DataType::Utf8,
        false,
    )))
}

/// The article id a file wants: its stem, as `dateline-corpus` names a file
/// (`Item::id`). Spark names files by URI (`file:/data/0001.txt`); the stem
/// is the last segment's, which a URI and a path share.
fn stem(path: &str) -> Option<String> {
    let last = path.rsplit('/').next().unwrap_or(path);
    Path::new(last)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
}

/// Parses a batch of files, `(paths, contents)`, into a batch of records (ids
/// the files' stems: `dateline.spark.read` makes them unique afterwards, by
/// the corpus's rule) and the failures, `(path, diagnostics)`. A panic is an
/// `InternalError`.
#[pyfunction]
pub fn spark_parse(
    py: Python<'_>,
    paths: Column<'_>,
    contents: Column<'_>,
) -> PyResult<(Option<RecordBatchCapsule>, Vec<Failure>)> {
    let paths = strings(paths)?;
    let contents = values(contents)?;
    if paths.len() != contents.len() {
        return Err(PyValueError::new_err(format!(
            "{} paths for {} contents",
            paths.len(),
            contents.len()
        )));
    }
    py.detach(|| {
        guarded(|| {
            let options = parse_options()?;
            let mut builder = RecordBatchBuilder::new();
            let mut failures = Vec::new();
            for (path, bytes) in paths.iter().zip(&contents) {
                match dateline_core::parse_bytes(bytes) {
                    Ok(mut article) => {
                        article.id = stem(path).map(Cow::Owned);
                        let links = options.article_links(&article);
                        let record = Record::new(&article, Some(path), links.as_ref(), &options);
                        builder.push(&record);
                    }
                    Err(error) => failures.push((
                        (*path).to_owned(),
                        error
                            .diagnostics
                            .iter()
                            .map(|d| diagnostic_tuple(path, bytes, d))
                            .collect(),
                    )),
                }
            }
            Ok((finish(builder)?, failures))
        })
    })
}

/// The options records are made with: links by the built-in gazetteer, as
/// `dateline.read`'s.
fn parse_options() -> PyResult<Options> {
    let gazetteer = dateline_links::linker::gazetteer_with(None)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(Options::new().links(GazetteerLinker::new(gazetteer)))
}

/// The records built, or `None` when there are none.
fn finish(mut builder: RecordBatchBuilder) -> PyResult<Option<RecordBatchCapsule>> {
    if builder.is_empty() {
        return Ok(None);
    }
    let batch = builder
        .finish()
        .map_err(|e| PyValueError::new_err(format!("cannot make a record batch: {e}")))?;
    Ok(Some(RecordBatchCapsule::new(batch)))
}

/// The stems of `paths` (see `spark_parse`): `stem` column, null for a path
/// without one.
#[pyfunction]
pub fn path_stems(paths: Column<'_>) -> PyResult<RecordBatchCapsule> {
    let paths = strings(paths)?;
    let mut out = StringBuilder::new();
    for path in paths {
        out.append_option(stem(path));
    }
    batch(vec![("stem", Arc::new(out.finish()))])
}

/// Ids for articles wanting `wanted`, in input order, by dateline's one rule
/// ([`dateline_core::ids::UniqueIds`]): `dateline.spark.read` runs it over each
/// family of colliding stems.
#[pyfunction]
pub fn unique_ids(wanted: Vec<String>) -> Vec<String> {
    let mut ids = dateline_core::ids::UniqueIds::new();
    wanted.iter().map(|w| ids.claim(w)).collect()
}

/// The keys the resolver indexes and looks up, per headline (and URL, if
/// given), as the corpus computes them (`CorpusBuilder::push`,
/// `Resolver::run`): `normalized` (exact key), `slug`, `tokens` (distinct,
/// sorted), `blocking` (how many of the rarest tokens a fuzzy match at
/// `min_score` must hit one of), `slug_prefixes` (the slug's prefixes of at
/// least [`MIN_URL_SLUG_TOKENS`] words, shorter than it: the cut URL slugs it
/// may match), and with URLs `url_slug` (indexed only with at least
/// [`MIN_URL_SLUG_TOKENS`] words) and `match_key` (the URL group).
#[pyfunction]
#[pyo3(signature = (titles, urls = None, min_score = dateline_links::resolve::DEFAULT_MIN_SCORE))]
pub fn headline_keys(
    py: Python<'_>,
    titles: Column<'_>,
    urls: Option<Column<'_>>,
    min_score: f64,
) -> PyResult<RecordBatchCapsule> {
    check_score(min_score)?;
    let titles = strings(titles)?;
    let urls = urls.map(strings).transpose()?;
    py.detach(|| {
        guarded(|| {
            let mut normalized = StringBuilder::new();
            let mut slug = StringBuilder::new();
            let mut tokens = string_lists();
            let mut blocking = Int64Builder::new();
            let mut prefixes = string_lists();
            let mut url_slug = StringBuilder::new();
            let mut match_key = StringBuilder::new();
            for title in &titles {
                let key = HeadlineKey::new(title);
                normalized.append_value(key.normalized());
                slug.append_value(key.slug());
                let mut words: Vec<&str> = key.tokens().iter().map(String::as_str).collect();
                words.sort_unstable();
                words.dedup();
                let size = words.len();
                for w in &words {
                    tokens.values().append_value(w);
                }
                tokens.append(true);
                let needed = shared_words_needed(min_score, size);
                blocking.append_value(i64::try_from(size + 1 - needed.min(size + 1)).unwrap_or(0));
                let s = key.slug();
                if !s.is_empty() {
                    for (count, (end, _)) in (1..slug_words(s)).rev().zip(s.rmatch_indices('-')) {
                        if count >= MIN_URL_SLUG_TOKENS {
                            prefixes.values().append_value(&s[..end]);
                        }
                    }
                }
                prefixes.append(true);
            }
            let mut columns: Vec<(&str, ArrayRef)> = vec![
                ("normalized", Arc::new(normalized.finish())),
                ("slug", Arc::new(slug.finish())),
                ("tokens", Arc::new(tokens.finish())),
                ("blocking", Arc::new(blocking.finish())),
                ("slug_prefixes", Arc::new(prefixes.finish())),
            ];
            if let Some(urls) = urls {
                for url in urls {
                    match canonicalize(url).map(UrlFacts::from_url) {
                        Ok(facts) => {
                            let s = facts.slug.as_deref().map(slugify);
                            url_slug
                                .append_option(s.filter(|s| slug_words(s) >= MIN_URL_SLUG_TOKENS));
                            match_key.append_value(facts.canonical.match_key());
                        }
                        Err(_) => {
                            url_slug.append_null();
                            match_key.append_null();
                        }
                    }
                }
                columns.push(("url_slug", Arc::new(url_slug.finish())));
                columns.push(("match_key", Arc::new(match_key.finish())));
            }
            batch(columns)
        })
    })
}

/// Resolves references with dateline's [`Resolver`], each against the
/// articles Spark found for it: row `i` is the promo `titles[i]` of the article
/// `froms[i]`, and its articles are the items `list_offsets[i]..list_offsets[i
/// + 1]` (4-byte offsets) of `ids`, `article_titles`, `urls`, in input order
/// and with the referencing article among them. The columns: `to`, `method`,
/// `score`, `candidates`, `self_reference`, `capped`, as `dateline links`.
///
/// Articles that share none of a headline's keys and none of its rarest words
/// cannot change its word stages' answer (see `Resolver`'s prefix filtering),
/// so that answer is the one over the whole corpus; a small corpus never hits
/// the candidate cap, so `capped` is false (the answer is the exact one).
///
/// `typos` switches the typo stage (and its checks of fuzzy matches) on: its
/// answer is the whole corpus's when the list holds every article sharing at
/// least `typo_floor(most)` of the headline's words (`most`: the most any
/// article shares), since the words an article shares are counted on its own
/// words, whatever the corpus. The near miss (`best_candidate`,
/// `best_score`, null unless unresolved) is the best Jaccard score among the
/// articles the typo stage reads in the list given.
#[pyfunction]
#[pyo3(signature = (froms, titles, list_offsets, ids, article_titles, urls, min_score = dateline_links::resolve::DEFAULT_MIN_SCORE, typos = true))]
#[allow(clippy::too_many_arguments)]
pub fn resolve_references(
    py: Python<'_>,
    froms: Column<'_>,
    titles: Column<'_>,
    list_offsets: &[u8],
    ids: Column<'_>,
    article_titles: Column<'_>,
    urls: Column<'_>,
    min_score: f64,
    typos: bool,
) -> PyResult<RecordBatchCapsule> {
    check_score(min_score)?;
    let froms = strings(froms)?;
    let titles = strings(titles)?;
    let ids = strings(ids)?;
    let article_titles = strings(article_titles)?;
    let urls = strings(urls)?;
    // The lists' bounds: offsets into the flat article columns.
    let bounds = list_bounds(list_offsets, ids.len())?;
    if bounds.len() != titles.len() || froms.len() != titles.len() {
        return Err(PyValueError::new_err(format!(
            "{} references, {} froms, {} article lists",
            titles.len(),
            froms.len(),
            bounds.len()
        )));
    }
    if article_titles.len() != ids.len() || urls.len() != ids.len() {
        return Err(PyValueError::new_err(
            "the article columns differ in length",
        ));
    }
    py.detach(|| {
        guarded(|| {
            let mut to = StringBuilder::new();
            let mut method = StringBuilder::new();
            let mut score = Float64Builder::new();
            let mut candidates = string_lists();
            let mut self_reference = BooleanBuilder::new();
            let mut capped = BooleanBuilder::new();
            let mut best_candidate = StringBuilder::new();
            let mut best_score = Float64Builder::new();
            for ((from, title), (start, end)) in froms.iter().zip(&titles).zip(bounds) {
                let mut builder = CorpusBuilder::with_capacity(end - start);
                for i in start..end {
                    builder
                        .push(ArticleRecord::new(ids[i], article_titles[i], urls[i]))
                        .map_err(|e| PyValueError::new_err(e.to_string()))?;
                }
                let corpus = builder.build();
                let resolver = Resolver::new(&corpus)
                    .with_typos(typos)
                    .with_min_score(min_score)
                    .map_err(|e| PyValueError::new_err(e.to_string()))?;
                let r = resolver.resolve_from(from, title);
                to.append_option(r.to.as_deref());
                method.append_option(r.method.map(|m| m.as_str()));
                score.append_value(r.score);
                for c in &r.candidates {
                    candidates.values().append_value(c);
                }
                candidates.append(true);
                self_reference.append_value(r.self_reference);
                capped.append_value(r.capped);
                best_candidate.append_option(r.best_candidate.as_deref());
                best_score.append_option(r.best_score);
            }
            batch(vec![
                ("to", Arc::new(to.finish())),
                ("method", Arc::new(method.finish())),
                ("score", Arc::new(score.finish())),
                ("candidates", Arc::new(candidates.finish())),
                ("self_reference", Arc::new(self_reference.finish())),
                ("capped", Arc::new(capped.finish())),
                ("best_candidate", Arc::new(best_candidate.finish())),
                ("best_score", Arc::new(best_score.finish())),
            ])
        })
    })
}

/// The `(start, end)` of each list given by 4-byte little-endian offsets
/// into `items` values.
pub(crate) fn list_bounds(offsets: &[u8], items: usize) -> PyResult<Vec<(usize, usize)>> {
    if !offsets.len().is_multiple_of(4) {
        return Err(PyValueError::new_err("list offsets are 4-byte integers"));
    }
    let ends: Vec<usize> = offsets
        .chunks_exact(4)
        .map(|b| {
            <[u8; 4]>::try_from(b).map_or(usize::MAX, |b4| {
                usize::try_from(i32::from_le_bytes(b4)).unwrap_or(usize::MAX)
            })
        })
        .collect();
    ends.windows(2)
        .map(|w| {
            if w[0] <= w[1] && w[1] <= items {
                Ok((w[0], w[1]))
            } else {
                Err(PyValueError::new_err(format!(
                    "list offsets {}..{} outside {items} articles",
                    w[0], w[1]
                )))
            }
        })
        .collect()
}

/// The outlets that cited sources name, by the gazetteer's one rule
/// (`Gazetteer::lookup_source`, what `dateline links` reports): columns
/// `outlet`, `name`, `domain` (the outlet's first domain).
#[pyfunction]
pub fn source_outlets(py: Python<'_>, names: Column<'_>) -> PyResult<RecordBatchCapsule> {
    let names = strings(names)?;
    py.detach(|| {
        guarded(|| {
            let gazetteer = Gazetteer::builtin();
            let mut outlet = StringBuilder::new();
            let mut name = StringBuilder::new();
            let mut domain = StringBuilder::new();
            for source in names {
                let found = gazetteer.lookup_source(source);
                outlet.append_option(found.map(|o| o.id()));
                name.append_option(found.map(|o| o.name()));
                domain.append_option(found.and_then(|o| o.domains().first().cloned()));
            }
            batch(vec![
                ("outlet", Arc::new(outlet.finish())),
                ("name", Arc::new(name.finish())),
                ("domain", Arc::new(domain.finish())),
            ])
        })
    })
}

/// What `dateline links` reports of each article itself, from its URL and
/// date: row `i` is the article `ids[i]` (headline `titles[i]`, URL
/// `urls[i]`, header date `dates[i]` as `YYYY-MM-DD` or empty). The columns:
/// its publisher (`url`, canonical when valid, `host`, `domain`, `outlet`,
/// `name`), its date mismatch (`url_date` as `YYYY-MM-DD`, `days`; null when
/// the dates agree or one is missing) and why its URL is invalid (`error`,
/// null when it is valid).
///
/// Each batch is a corpus of its own handed to [`dateline_links::LinksReport`]:
/// these facts are per article, so the batch's articles are all it needs, and
/// the report's own code decides them.
#[pyfunction]
pub fn article_facts(
    py: Python<'_>,
    ids: Column<'_>,
    titles: Column<'_>,
    urls: Column<'_>,
    dates: Column<'_>,
) -> PyResult<RecordBatchCapsule> {
    let ids = strings(ids)?;
    let titles = strings(titles)?;
    let urls = strings(urls)?;
    let dates = strings(dates)?;
    if titles.len() != ids.len() || urls.len() != ids.len() || dates.len() != ids.len() {
        return Err(PyValueError::new_err(
            "the article columns differ in length",
        ));
    }
    py.detach(|| {
        guarded(|| {
            let mut builder = CorpusBuilder::with_capacity(ids.len());
            for ((id, title), (url, date)) in ids.iter().zip(&titles).zip(urls.iter().zip(&dates)) {
                let mut record = ArticleRecord::new(*id, *title, *url);
                if let Ok(date) = date.parse::<dateline_core::Date>() {
                    record = record.with_date(date);
                }
                builder
                    .push(record)
                    .map_err(|e| PyValueError::new_err(e.to_string()))?;
            }
            let corpus = builder.build();
            let report = LinksReport::build(&Resolver::new(&corpus), Gazetteer::builtin());
            // The mismatches and invalid URLs name their article by the
            // corpus's id, which is the row's unless the batch repeats an id.
            let mut mismatches = vec![None; ids.len()];
            for m in &report.date_mismatches {
                if let Some(i) = corpus.index_of(&m.article) {
                    mismatches[i] = Some((m.url_date, m.days));
                }
            }
            let mut invalid = vec![None; ids.len()];
            for u in &report.invalid_urls {
                if let Some(i) = corpus.index_of(&u.article) {
                    invalid[i] = Some(u.error.as_str());
                }
            }
            let mut url = StringBuilder::new();
            let mut host = StringBuilder::new();
            let mut domain = StringBuilder::new();
            let mut outlet = StringBuilder::new();
            let mut name = StringBuilder::new();
            let mut url_date = StringBuilder::new();
            let mut days = Int64Builder::new();
            let mut error = StringBuilder::new();
            for ((p, mismatch), bad) in report.publishers.iter().zip(mismatches).zip(invalid) {
                url.append_value(&p.url);
                host.append_option(p.host.as_deref());
                domain.append_option(p.domain.as_deref());
                outlet.append_option(p.outlet.as_deref());
                name.append_option(p.name.as_deref());
                url_date.append_option(mismatch.map(|(d, _)| d.iso().as_str().to_owned()));
                days.append_option(mismatch.map(|(_, n)| n));
                error.append_option(bad);
            }
            batch(vec![
                ("url", Arc::new(url.finish())),
                ("host", Arc::new(host.finish())),
                ("domain", Arc::new(domain.finish())),
                ("outlet", Arc::new(outlet.finish())),
                ("name", Arc::new(name.finish())),
                ("url_date", Arc::new(url_date.finish())),
                ("days", Arc::new(days.finish())),
                ("error", Arc::new(error.finish())),
            ])
        })
    })
}

/// The archive names `read` hands to [`spark_parse_archives`], as globs
/// take them (`Archive::of` decides; a test holds each to it).
#[pyfunction]
pub fn archive_extensions() -> Vec<&'static str> {
    ARCHIVE_EXTENSIONS.to_vec()
}

/// Every name ending [`Archive::of`] reads as an archive.
const ARCHIVE_EXTENSIONS: [&str; 5] = ["tar", "tar.gz", "tgz", "tar.zst", "tzst"];

/// Visits the items of the archive `path` whose bytes are `bytes`, in
/// archive order, as `dateline-corpus` walks an archive
/// ([`walk_archive`]): articles by `rules`, named `ARCHIVE:MEMBER`, with the
/// member's stem as id; a member that cannot be read (or an archive that
/// cannot be read at all) as an item whose payload says why. Symbolic links
/// and special members are not items.
fn archive_items(path: &str, bytes: &[u8], rules: &Rules, visit: &mut dyn FnMut(Item)) {
    let Some(kind) = Archive::of(Path::new(path)) else {
        let error = io::Error::new(io::ErrorKind::InvalidInput, "not an archive by its name");
        visit(Item::named(path.to_owned(), None, Payload::Failed(error)));
        return;
    };
    let _ = walk_archive(
        path,
        || Ok(io::Cursor::new(bytes)),
        kind,
        rules,
        &mut |entry| {
            if let Entry::Item(item) = entry {
                visit(item);
            }
            ControlFlow::Continue(())
        },
    );
}

/// A batch of archives, and which of their members are articles.
struct Archives<'a> {
    paths: Vec<&'a str>,
    contents: Vec<&'a [u8]>,
    rules: Rules,
}

impl<'a> Archives<'a> {
    /// The archives `(paths, contents)`, their articles by `extensions`.
    fn new(paths: Column<'a>, contents: Column<'a>, extensions: &[String]) -> PyResult<Self> {
        let paths = strings(paths)?;
        let contents = values(contents)?;
        if paths.len() != contents.len() {
            return Err(PyValueError::new_err(format!(
                "{} paths for {} contents",
                paths.len(),
                contents.len()
            )));
        }
        Ok(Archives {
            paths,
            contents,
            rules: Rules::new(extensions),
        })
    }
}

/// The items of a batch of archives `(paths, contents)`, each in archive
/// order: columns `path` (`ARCHIVE:MEMBER`), `stem` (the id it wants),
/// `archive` (its archive's path) and `member` (its position among its
/// archive's items), one row per item,
/// unreadable ones included (they take ids as in a corpus run).
#[pyfunction]
pub fn archive_members(
    py: Python<'_>,
    paths: Column<'_>,
    contents: Column<'_>,
    extensions: Vec<String>,
) -> PyResult<RecordBatchCapsule> {
    let Archives {
        paths,
        contents,
        rules,
    } = Archives::new(paths, contents, &extensions)?;
    py.detach(|| {
        guarded(|| {
            let mut name = StringBuilder::new();
            let mut stem = StringBuilder::new();
            let mut archive = StringBuilder::new();
            let mut member = Int64Builder::new();
            for (path, bytes) in paths.iter().zip(&contents) {
                let mut index = 0_i64;
                archive_items(path, bytes, &rules, &mut |item| {
                    name.append_value(item.name());
                    stem.append_option(item.id());
                    archive.append_value(path);
                    member.append_value(index);
                    index += 1;
                });
            }
            batch(vec![
                ("path", Arc::new(name.finish())),
                ("stem", Arc::new(stem.finish())),
                ("archive", Arc::new(archive.finish())),
                ("member", Arc::new(member.finish())),
            ])
        })
    })
}

/// Parses the articles of a batch of archives `(paths, contents)` (see
/// [`archive_members`]), as [`spark_parse`] parses files: records (ids the
/// members' stems) and failures, each member read and parsed by
/// `dateline-corpus`'s own step ([`dateline_corpus::load`]). One member is
/// held at a time, beside the archive's bytes.
#[pyfunction]
pub fn spark_parse_archives(
    py: Python<'_>,
    paths: Column<'_>,
    contents: Column<'_>,
    extensions: Vec<String>,
) -> PyResult<(Option<RecordBatchCapsule>, Vec<Failure>)> {
    let Archives {
        paths,
        contents,
        rules,
    } = Archives::new(paths, contents, &extensions)?;
    py.detach(|| {
        guarded(|| {
            let options = parse_options()?;
            let mut builder = RecordBatchBuilder::new();
            let mut failures = Vec::new();
            let mut reader = Reader::new();
            for (path, bytes) in paths.iter().zip(&contents) {
                archive_items(
                    path,
                    bytes,
                    &rules,
                    &mut |mut item| match dateline_corpus::load(&mut reader, &mut item) {
                        Ok(loaded) => {
                            let links = options.article_links(&loaded.article);
                            let record = Record::new(
                                &loaded.article,
                                Some(&loaded.name),
                                links.as_ref(),
                                &options,
                            );
                            builder.push(&record);
                        }
                        Err(rejected) => failures.push((
                            rejected.name.to_string(),
                            rejected
                                .diagnostics
                                .iter()
                                .map(|d| diagnostic_tuple(&rejected.name, rejected.bytes, d))
                                .collect(),
                        )),
                    },
                );
            }
            Ok((finish(builder)?, failures))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_links::{Method, Resolution};

    #[test]
    fn the_archive_extensions_are_those_the_corpus_reads() {
        for ext in ARCHIVE_EXTENSIONS {
            let name = format!("news.{}", ext.to_ascii_uppercase());
            assert!(Archive::of(Path::new(&name)).is_some(), "{name}");
        }
        assert_eq!(Archive::of(Path::new("news.gz")), None);
    }

    /// The distinct words of a headline, as the resolver counts them.
    fn words(title: &str) -> Vec<String> {
        let mut w = HeadlineKey::new(title).tokens().to_vec();
        w.sort_unstable();
        w.dedup();
        w
    }

    /// What `dateline.spark` gives the resolver for a reference that goes on
    /// to the typo stage: the referencing article, the articles sharing at
    /// least `typo_floor(most)` of its words, and those with the best Jaccard
    /// score (its near miss), other articles of the corpus left out.
    fn mini_corpus<'a>(
        articles: &[(&'a str, &'a str, &'a str)],
        from: &str,
        promo: &str,
    ) -> Vec<(&'a str, &'a str, &'a str)> {
        let ours = words(promo);
        let shared: Vec<(usize, f64)> = articles
            .iter()
            .map(|(_, title, _)| {
                let theirs = words(title);
                let n = theirs.iter().filter(|w| ours.contains(w)).count();
                let all = ours.len() + theirs.len() - n;
                (n, if all == 0 { 0.0 } else { n as f64 / all as f64 })
            })
            .collect();
        let most = shared.iter().map(|&(n, _)| n).max().unwrap_or(0);
        let floor =
            dateline_links::resolve::typo_floor(u32::try_from(most).unwrap_or(u32::MAX)) as usize;
        let best = articles
            .iter()
            .zip(&shared)
            .filter(|&(&(id, _, _), &(n, _))| id != from && n > 0)
            .map(|(_, &(_, j))| j)
            .fold(0.0, f64::max);
        articles
            .iter()
            .zip(&shared)
            .filter(|&(&(id, _, _), &(n, j))| {
                id == from || (n > 0 && (n >= floor || j >= best - 1e-9))
            })
            .map(|(a, _)| *a)
            .collect()
    }

    fn resolution(articles: &[(&str, &str, &str)], from: &str, promo: &str) -> Resolution {
        let mut builder = CorpusBuilder::new();
        for &(id, title, url) in articles {
            builder
                .push(ArticleRecord::new(id, title, url))
                .expect("a valid article");
        }
        let corpus = builder.build();
        Resolver::new(&corpus).resolve_from(from, promo)
    }

    #[test]
    fn the_typo_stage_over_the_articles_sharing_the_most_words_gives_the_corpus_answer() {
        let articles = [
            (
                "a1",
                "Macron Heads To Moscow For Talks With Putin",
                "https://a.example/1",
            ),
            (
                "a2",
                "Macron Heads To Berlin For Talks With Scholz",
                "https://a.example/2",
            ),
            (
                "a3",
                "Putin Meets Xi In Beijing For Talks",
                "https://a.example/3",
            ),
            (
                "a4",
                "Kenya Wins Marathon Gold In Tokyo",
                "https://a.example/4",
            ),
            (
                "a5",
                "Inflation In Argentina Rises To 1.2 Percent",
                "https://a.example/5",
            ),
            (
                "a6",
                "US, Russia Still Open For Talks On Ukraine",
                "https://a.example/6",
            ),
            (
                "a7",
                "US, Russia Still Open For Talks On Syria",
                "https://a.example/7",
            ),
            ("a8", "Scholz Heads To Paris", "https://a.example/8"),
            ("a9", "Talks With Putin Stall", "https://a.example/9"),
            ("p", "A Page Of Promos", "https://a.example/p"),
        ];
        let promos = [
            "Macron heads t oMoscow for talks with Putin",
            "Macorn Heads To Moscow For Talks With Putin",
            "Macron Heads To Moscow For Talks",
            "US, Russia still open for...",
            "Inflation In Kenya Rises To 1.2 Percent",
            "Inflation In Argentina Rises To 3.2 Percent",
            "Penguins Count Record Colonies In Antarctica",
            "Putin Talks",
            "Scholz Flies To Rome For A Pasta Festival",
            "Macron Heads To Mosc",
            "Macron Heads To Berlin For Talks With Putin",
            "Macron Heads To Moscow For Talks With Putin",
        ];
        let mut typos = 0;
        let mut near_misses = 0;
        for promo in promos {
            let whole = resolution(&articles, "p", promo);
            let mini = resolution(&mini_corpus(&articles, "p", promo), "p", promo);
            assert_eq!(mini, whole, "{promo}");
            typos += usize::from(whole.method == Some(Method::Typo));
            near_misses += usize::from(whole.best_candidate.is_some());
        }
        // The promos reach the typo stage and the near misses.
        assert!(
            typos >= 2 && near_misses >= 2,
            "{typos} typos, {near_misses} near misses"
        );
    }
}
