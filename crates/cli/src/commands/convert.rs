//! `dateline convert PATH... --to FORMAT [-o FILE|DIR]`: articles into another format.
//!
//! Stream formats go to standard output or one file; page formats go one file per
//! article into a directory. Files appear whole or not at all
//! (`dateline_export::output`). Bad inputs are reported as `check` reports them,
//! on standard error, and skipped.
//!
//! A format writes articles (the document model: `model`, the page formats) or
//! analysis records (`json`, `jsonl`, `csv`: `dateline_export::record`, built
//! on the workers from the article, its input's path and its links).
//!
//! Inputs are parsed and exported in parallel (`dateline_corpus`), and the output
//! is the same whatever the number of threads:
//! - a stream format's articles (or records) are rendered on the workers, each
//!   into its own piece (`render`), and the writing thread only frames them, in
//!   input order (`place`: a separator, an array's brackets); a record format
//!   that takes Arrow batches (a plugin's columnar format) gets each batch of
//!   inputs' records as Arrow columns built on the worker ([`BatchRows`]);
//! - a page format gets its file names in input order, before the workers write
//!   the pages; the index page lists them in input order.
//!
//! Unless `--no-links`, the records carry links (`dateline_links::linker`): the facts of
//! the article's URL and the outlets resolved with the gazetteer (built in, plus
//! `--outlets`), computed on the workers with the article. With `--resolve`, a
//! first pass indexes the whole input (`dateline_corpus::Corpus::index`) and
//! the promos are resolved against it: records carry `to`, html pages link
//! to the page of the article a promo names.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use clap::error::ErrorKind;
use dateline_core::Date;
use dateline_corpus::{Loaded, Processed, Rejected, Totals};
use dateline_export::output::{AtomicFile, PageDir};
use dateline_export::record::Record;
use dateline_export::record::arrow::RecordBatchBuilder;
use dateline_export::{
    ExportError, Exporter, FileNamer, FormatInfo, GazetteerLinker, IndexEntry, Input, Kind,
    Options, RecordWriter, Registry,
};
use dateline_links::resolve::{DEFAULT_MAX_CANDIDATES, DEFAULT_MIN_SCORE};
use dateline_plugin::records::RecordBatch;

use crate::args::{CorpusArgs, skipped_clause};
use crate::error::{CliError, Status};
use crate::output::{self, ColorChoice};
use crate::plugins::{Catalog, PluginArgs};
use crate::progress::{Figures, Progress};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The output format; `dateline formats` lists them (`md`, `tei` and
    /// `ndjson` are aliases). Without it, the extension of -o's file names it
    /// (`-o corpus.csv`, `.jsonl`, `.parquet`, `.bib`...).
    #[arg(short = 't', long = "to", value_name = "FORMAT")]
    to: Option<String>,
    /// Where to write: a file, or standard output when absent or `-`. Page
    /// formats (html, xml, markdown, text, native) write a directory with a
    /// file per article, named from its id, when this is a directory, ends
    /// with `/` or has no extension; otherwise one document (`corpus.xml`: a
    /// teiCorpus). native writes one article per file only.
    #[arg(short, long, value_name = "FILE|DIR")]
    output: Option<PathBuf>,
    /// Write paragraphs as the source had them, without repairs (the default for
    /// native).
    #[arg(long, conflicts_with = "clean")]
    raw: bool,
    /// Write paragraphs repaired (`PerBBC,the` -> `Per BBC, the`): the default for
    /// every format but native.
    #[arg(long)]
    clean: bool,
    /// Leave out promo lines (`Read Also:...`).
    #[arg(long)]
    drop_promos: bool,
    /// The articles' language, a BCP 47 tag (`fr`, `pt-BR`): html pages
    /// declare it.
    #[arg(long, value_name = "TAG", default_value = "en", value_parser = parse_lang)]
    lang: String,
    /// json: one line instead of indented.
    #[arg(long)]
    compact: bool,
    /// csv: prefix cells that start with = + - @ (tab, CR) with ' against formula injection.
    #[arg(long)]
    csv_safe: bool,
    /// Write the bare document model: no URL facts and no resolved outlets (by
    /// default json, jsonl, csv, markdown, html and xml records carry them).
    #[arg(long, conflicts_with = "outlets")]
    no_links: bool,
    /// A gazetteer file (TOML, `[[outlet]]` records) extending the built-in one
    /// for resolving outlets; a record with a built-in id replaces that outlet.
    #[arg(long, value_name = "FILE")]
    outlets: Option<PathBuf>,
    /// Resolve every promo to the article it names, among the inputs (a first
    /// pass reads them all): records get `to`, `method` and `score`, html pages
    /// link to the promo's page.
    #[arg(long, conflicts_with = "no_links")]
    resolve: bool,
    /// With --resolve: the minimum score of a fuzzy headline match, from 0 to 1.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_MIN_SCORE, requires = "resolve")]
    min_score: f64,
    /// Color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
}

/// Where the output goes.
enum Destination {
    Stdout,
    File(PathBuf),
    Pages(PathBuf),
}

/// What a worker made of one input: the converted article, or the rendered
/// diagnostics of a bad input (for standard error), or a failed export (which
/// ends the run); and a warning for standard error (an id that was taken).
struct Converted {
    warning: Vec<u8>,
    piece: Result<Piece, ExportFailure>,
}

/// An export that failed on a worker: the article's input, and why.
struct ExportFailure {
    input: String,
    error: ExportError,
}

/// Where a page format goes with `-o PATH`: a directory of pages when PATH
/// is a directory, ends with `/` or has no extension (`-o site`); otherwise
/// one file (`-o corpus.xml`: a `<teiCorpus>`), when the format has a
/// single-file form or the input is one article.
fn page_destination(
    info: &FormatInfo,
    path: &Path,
    corpus: &CorpusArgs,
) -> Result<Destination, CliError> {
    let names_a_dir = path.is_dir()
        || path.as_os_str().as_encoded_bytes().ends_with(b"/")
        || path.extension().is_none();
    if names_a_dir {
        return Ok(Destination::Pages(path.to_path_buf()));
    }
    if info.single_file || one_article_input(corpus) {
        return Ok(Destination::File(path.to_path_buf()));
    }
    Err(CliError::usage(
        ErrorKind::InvalidValue,
        format!(
            "`{}` writes one article per file, and {} names a file: give a directory \
             (`-o {}/`), or one article as input",
            info.name,
            path.display(),
            path.display()
        ),
    ))
}

/// Whether the input is one article: one path, a file that is no archive
/// (or `-`), and no list.
fn one_article_input(corpus: &CorpusArgs) -> bool {
    match corpus.paths.as_slice() {
        [path] if corpus.files_from.is_none() => {
            path.as_os_str() == "-"
                || (path.is_file() && dateline_corpus::source::Archive::of(path).is_none())
        }
        _ => false,
    }
}

/// A BCP 47 language tag, as far as a page needs: letters, digits and `-`,
/// starting with a letter (`en`, `pt-BR`, `zh-Hant`).
fn parse_lang(tag: &str) -> Result<String, String> {
    let valid = tag.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && tag.len() <= 35
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(tag.to_owned())
    } else {
        Err(format!(
            "`{tag}` is not a language tag such as en, fr or pt-BR"
        ))
    }
}

/// The format `-o`'s file extension names, when `--to` is absent (as pandoc
/// infers it), or why there is none.
fn format_of_output(registry: &Registry, output: Option<&Path>) -> Result<FormatInfo, String> {
    let Some(output) = output.filter(|o| o.as_os_str() != "-") else {
        return Err("no output format".to_owned());
    };
    let Some(extension) = output.extension().and_then(|e| e.to_str()) else {
        return Err(format!(
            "no output format, and {} has no extension to infer it from",
            output.display()
        ));
    };
    registry.by_extension(extension).cloned().ok_or_else(|| {
        format!(
            "no output format, and no format writes `.{extension}` files{}",
            if extension.eq_ignore_ascii_case("txt") {
                " alone (text and native both do)"
            } else {
                ""
            }
        )
    })
}

/// The converted article, as the writing thread needs it.
enum Piece {
    /// The input was bad: its report, for standard error; nothing to write.
    Rejected(Vec<u8>),
    /// The article (or its record) rendered, for the writer to place in the stream.
    Rendered(Vec<u8>),
    /// The record whole, for a record writer that takes records in order.
    Record(Box<Record<'static>>),
    /// The record, pushed into its batch's Arrow columns, for a record writer
    /// that takes batches: the batch's first record carries them (see
    /// [`BatchRows`]), the others nothing.
    Row(Option<SharedRows>),
    /// A page written to its file: what the index lists.
    Page {
        id: Option<String>,
        title: String,
        date: Date,
        file_name: String,
    },
}

/// The Arrow columns of a batch of inputs' records, shared by the worker that
/// builds them and the writing thread that takes them.
type SharedRows = Arc<Mutex<RecordBatchBuilder>>;

/// The records of one batch of inputs as Arrow columns, built on the worker
/// that converts the batch, for a record writer that
/// [`takes_batches`](RecordWriter::takes_batches): the writing thread only
/// hands each batch over, rather than copying every record to it and building
/// the columns itself (a parquet export's bottleneck).
///
/// A worker's state, and so this, is made afresh for each batch of inputs
/// (`Corpus::run`'s `init`), and a batch's results reach the writing thread
/// together, once all are made: so when it meets the batch's first record
/// ([`Piece::Row`] with the rows), the rows hold every record of the batch, in
/// input order, and nothing else.
struct BatchRows<'a> {
    /// The run's last batch size, to make room for as much.
    size: &'a BatchSize,
    rows: Option<SharedRows>,
}

impl<'a> BatchRows<'a> {
    /// No records yet.
    fn new(size: &'a BatchSize) -> BatchRows<'a> {
        BatchRows { size, rows: None }
    }

    /// Appends `record`; the piece that stands for it in the output.
    fn push(&mut self, record: &Record<'_>) -> Piece {
        let first = self.rows.is_none();
        let size = self.size;
        let rows = self
            .rows
            .get_or_insert_with(|| Arc::new(Mutex::new(size.builder())));
        // A poisoned lock means a worker panicked, which ends the run anyway.
        let full = {
            let mut rows = rows.lock().unwrap_or_else(PoisonError::into_inner);
            rows.push(record);
            rows.text_bytes() >= dateline_plugin::host::BATCH_BYTES
        };
        let piece = Piece::Row(first.then(|| Arc::clone(rows)));
        // Rows of a few very large inputs are sent as they fill, as records
        // given one by one are: the next record starts (and carries) new rows,
        // so the order holds and no batch nears Arrow's 2 GiB offsets.
        if full {
            self.cut();
        }
        piece
    }

    /// Ends the rows the pieces so far share: the next record starts new
    /// ones. Called after an input that failed, so that the records after it
    /// are written after its report, as with records sent one by one (and not
    /// at all when the run stops at it: `--fail-fast`).
    fn cut(&mut self) {
        self.rows = None;
    }
}

/// How large the last batch of records was, for the next ones' columns to be
/// made with room for as much: a batch of inputs is a few hundred kilobytes,
/// which its columns would otherwise reach by doubling from a kilobyte, copying
/// as they grow.
#[derive(Default)]
struct BatchSize {
    records: AtomicUsize,
    text_bytes: AtomicUsize,
}

impl BatchSize {
    /// An empty builder with room for a batch as large as the last one, and
    /// a quarter more.
    fn builder(&self) -> RecordBatchBuilder {
        let room = |n: &AtomicUsize| {
            let n = n.load(Ordering::Relaxed);
            n + n / 4
        };
        // One batch of very large inputs does not make every later one
        // reserve as much.
        let text = room(&self.text_bytes).min(dateline_plugin::host::BATCH_BYTES);
        RecordBatchBuilder::with_capacity(room(&self.records), text)
    }

    /// Takes the rows a batch's first record carries, as one Arrow batch,
    /// and remembers its size.
    fn take(&self, rows: &SharedRows) -> Result<RecordBatch, ExportError> {
        // The worker's state, and its share of the rows, ended with its batch:
        // a second owner would mean records still to come, lost if taken now.
        debug_assert_eq!(
            Arc::strong_count(rows),
            1,
            "rows taken before their batch ended"
        );
        let mut rows = rows.lock().unwrap_or_else(PoisonError::into_inner);
        let text_bytes = rows.text_bytes();
        let batch = rows.finish().map_err(|e| {
            ExportError::Other(format!("cannot make a batch of records: {e}").into())
        })?;
        self.records.store(batch.num_rows(), Ordering::Relaxed);
        self.text_bytes.store(text_bytes, Ordering::Relaxed);
        Ok(batch)
    }
}

pub fn run(args: &Args, plugin_args: &PluginArgs) -> Result<Status, CliError> {
    let catalog = Catalog::load(plugin_args)?;
    catalog.warn_failures();
    let registry = &catalog.registry;
    let known = || -> String {
        let names: Vec<&str> = catalog
            .entries
            .iter()
            .map(|e| e.info.name.as_ref())
            .collect();
        names.join(", ")
    };
    let info = match &args.to {
        Some(to) => registry.find(to).cloned().ok_or_else(|| {
            CliError::usage(
                ErrorKind::InvalidValue,
                format!(
                    "unknown format `{to}` for --to; the formats are: {} (see `dateline formats`)",
                    known()
                ),
            )
        })?,
        None => format_of_output(registry, args.output.as_deref()).map_err(|why| {
            CliError::usage(
                ErrorKind::MissingRequiredArgument,
                format!(
                    "{why}: give the format with --to FORMAT (-t); the formats are: {} \
                     (see `dateline formats`)",
                    known()
                ),
            )
        })?,
    };
    for plugin_format in catalog.shadowed(&info.name) {
        let _ = writeln!(
            io::stderr(),
            "note: `{}` is {}; `--to {}` is the plugin's",
            info.name,
            plugin_format.shadowed_by.as_deref().unwrap_or("taken"),
            plugin_format.info.name
        );
    }
    let to_stdout = args.output.as_ref().is_none_or(|o| o.as_os_str() == "-");
    let destination = match (info.kind, &args.output) {
        (Kind::Page, Some(path)) if !to_stdout => page_destination(&info, path, &args.corpus)?,
        // As pandoc: no -o, standard output, when the format has a form for
        // the input (one article, or a corpus as one document).
        (Kind::Page, _) if info.single_file || one_article_input(&args.corpus) => {
            Destination::Stdout
        }
        (Kind::Page, _) => {
            return Err(CliError::usage(
                ErrorKind::MissingRequiredArgument,
                format!(
                    "`{}` writes one file per article: give the output directory with -o DIR",
                    info.name
                ),
            ));
        }
        (Kind::Stream, Some(file)) if !to_stdout => {
            if file.is_dir() {
                return Err(CliError::usage(
                    ErrorKind::InvalidValue,
                    format!(
                        "`{}` writes one output, but {} is a directory: give a file name",
                        info.name,
                        file.display()
                    ),
                ));
            }
            Destination::File(file.clone())
        }
        (Kind::Stream, _) => Destination::Stdout,
    };
    let mut options = Options::new()
        .drop_promos(args.drop_promos)
        .compact(args.compact)
        .csv_safe(args.csv_safe);
    if args.raw || args.clean {
        options = options.raw(args.raw);
    }
    options = options.lang(&args.lang);
    if matches!(destination, Destination::Pages(_)) {
        // Pages link back to the index written beside them.
        if let Some(index) = registry
            .create(&info.name, &Options::new())
            .ok()
            .and_then(|exporter| exporter.index())
        {
            options = options.index_page(index.file_name());
        }
    }
    let color = args.color.enabled() && io::stderr().is_terminal();
    // Standard input is read once, now, when it is to be read twice.
    let mut corpus = args.corpus.corpus();
    if args.resolve {
        corpus = corpus.buffer_stdin()?;
    }
    if !args.no_links {
        // A bad outlets file ends the run before any input is read, as in `links`.
        let gazetteer = dateline_links::linker::gazetteer_with(args.outlets.as_deref())?;
        let mut linker = GazetteerLinker::new(gazetteer);
        if args.resolve {
            let index = resolution_index(&corpus, args)?;
            if info.kind == Kind::Page
                && let Ok(exporter) = registry.create(&info.name, &options)
            {
                // The second pass names the pages in input order: the same
                // names, known now, let a page link to another.
                let mut namer = FileNamer::for_pages(&*exporter);
                let pages: HashMap<Box<str>, String> = index
                    .ids
                    .iter()
                    .map(|id| (id.clone(), namer.next(id, &info.extension)))
                    .collect();
                options = options.pages(move |id| pages.get(id).cloned());
            }
            linker = linker
                .resolving(
                    Arc::new(index.corpus),
                    args.min_score,
                    DEFAULT_MAX_CANDIDATES,
                )
                .map_err(|e| CliError::usage(ErrorKind::InvalidValue, e.to_string()))?;
        }
        options = options.links(linker);
    }
    let writer = Writer::create(registry, &info, &options)?;
    let progress = Progress::for_corpus(args.corpus.quiet, &corpus);
    let job = Job {
        corpus,
        registry,
        info: &info,
        options: &options,
        color,
        progress,
        batch_size: BatchSize::default(),
    };

    let place = match &destination {
        Destination::Stdout => "standard output".to_owned(),
        Destination::File(path) | Destination::Pages(path) => path.display().to_string(),
    };
    let (totals, place) = match destination {
        Destination::Stdout => {
            let mut out = output::stdout(256 * 1024);
            let totals = job.stream(writer, &mut out)?;
            out.flush()?;
            (totals, place)
        }
        Destination::File(path) => {
            let mut file = AtomicFile::create(&path)?;
            let totals = job.stream(writer, &mut file)?;
            if totals.stopped {
                // Dropped uncommitted: the file is left as it was.
                (totals, format!("nothing written to {place}"))
            } else {
                file.commit()?;
                (totals, place)
            }
        }
        Destination::Pages(dir) => {
            let Writer::Articles(exporter) = writer else {
                return Err(CliError::usage(
                    ErrorKind::InvalidValue,
                    format!("`{}` writes records, which have no page form", info.name),
                ));
            };
            let pages = PageDir::create(&dir, &info, exporter)?;
            (job.pages(pages)?, place)
        }
    };

    if !args.corpus.quiet {
        let plural = if totals.items == 1 { "" } else { "s" };
        let mut summary = if totals.failed == 0 {
            format!(
                "converted {} file{plural} to {} ({place})",
                totals.items, info.name
            )
        } else {
            format!(
                "converted {} of {} file{plural} to {} ({place}); {} failed and were skipped",
                totals.items - totals.failed,
                totals.items,
                info.name,
                totals.failed,
            )
        };
        summary.push_str(&skipped_clause(&totals));
        if totals.stopped {
            summary.push_str("; stopped at the first error (--fail-fast)");
        }
        eprintln!("{summary}; {}", Figures::from(&totals));
    }
    Ok(Status::from_failed(totals.failed))
}

/// The first pass of `--resolve`: the cross-reference index of every input.
/// Bad inputs are reported in the second pass (the export), not twice.
fn resolution_index(
    corpus: &dateline_corpus::Corpus,
    args: &Args,
) -> Result<dateline_corpus::Index, CliError> {
    let progress = Progress::for_corpus(args.corpus.quiet, corpus).without_unsupported_warnings();
    let index = corpus.index(&progress, |_| None::<()>, |()| Ok::<(), CliError>(()));
    progress.finish();
    index
}

/// A format's writer: of articles, or of records.
enum Writer {
    Articles(Box<dyn Exporter>),
    Records(Box<dyn RecordWriter>),
}

impl Writer {
    /// A writer of the format `info`.
    fn create(
        registry: &Registry,
        info: &FormatInfo,
        options: &Options,
    ) -> Result<Writer, ExportError> {
        Ok(match info.input {
            Input::Article => Writer::Articles(registry.create(&info.name, options)?),
            Input::Record => Writer::Records(registry.create_records(&info.name, options)?),
        })
    }

    fn begin(&mut self, out: &mut dyn Write) -> Result<(), ExportError> {
        match self {
            Writer::Articles(e) => e.begin(out),
            Writer::Records(w) => w.begin(out),
        }
    }

    fn place(&mut self, out: &mut dyn Write, piece: &[u8]) -> Result<(), ExportError> {
        match self {
            Writer::Articles(e) => e.place(out, piece),
            Writer::Records(w) => w.place(out, piece),
        }
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<(), ExportError> {
        match self {
            Writer::Articles(e) => e.end(out),
            Writer::Records(w) => w.end(out),
        }
    }

    /// What a worker makes of an article for this writer: the article
    /// rendered, its record rendered, its record pushed into the batch's
    /// `rows` (for a record writer that takes batches), or its record whole
    /// (for one that takes records in order).
    fn piece(
        &mut self,
        loaded: &Loaded<'_>,
        options: &Options,
        rows: &mut BatchRows<'_>,
    ) -> Result<Piece, ExportError> {
        let rendered = || Vec::with_capacity(loaded.bytes.len() * 2);
        match self {
            Writer::Articles(e) => {
                let mut piece = rendered();
                e.render(&mut piece, &loaded.article)?;
                Ok(Piece::Rendered(piece))
            }
            Writer::Records(w) => {
                let links = options.article_links(&loaded.article);
                let record =
                    Record::new(&loaded.article, Some(&loaded.name), links.as_ref(), options);
                if w.renders_apart() {
                    let mut piece = rendered();
                    w.render(&mut piece, &record)?;
                    Ok(Piece::Rendered(piece))
                } else if w.takes_batches() {
                    Ok(rows.push(&record))
                } else {
                    Ok(Piece::Record(Box::new(record.into_owned())))
                }
            }
        }
    }
}

/// One conversion run.
struct Job<'a> {
    corpus: dateline_corpus::Corpus,
    registry: &'a Registry,
    info: &'a FormatInfo,
    options: &'a Options,
    color: bool,
    progress: Progress,
    /// The size of the last batch of records (for a writer that takes batches).
    batch_size: BatchSize,
}

impl Job<'_> {
    /// A new writer of the format, for a worker.
    fn writer(&self) -> Result<Writer, ExportError> {
        Writer::create(self.registry, self.info, self.options)
    }

    /// Writes what a worker made of one input: reports a bad input on standard
    /// error (with the bar cleared), hands a converted one to `write`; a failed
    /// export ends the run.
    fn consume(
        &self,
        converted: Converted,
        write: impl FnOnce(Piece) -> Result<(), CliError>,
    ) -> Result<(), CliError> {
        if !converted.warning.is_empty() {
            self.progress
                .suspend(|| io::stderr().lock().write_all(&converted.warning))?;
        }
        match converted.piece {
            Ok(Piece::Rejected(report)) => {
                self.progress
                    .suspend(|| io::stderr().lock().write_all(&report))?;
                Ok(())
            }
            Ok(piece) => write(piece),
            Err(failure) => {
                // The export error already names the format (and a plugin's
                // file); the input says which article it failed on.
                let _ = writeln!(io::stderr(), "error: {}: export failed", failure.input);
                Err(failure.error.into())
            }
        }
    }

    /// One document of a stream format, over every input.
    fn stream(&self, mut writer: Writer, out: &mut dyn Write) -> Result<Totals, CliError> {
        writer.begin(out)?;
        let totals = self.corpus.run(
            &self.progress,
            |_| (),
            || {
                (
                    self.corpus.reader(),
                    self.writer(),
                    BatchRows::new(&self.batch_size),
                )
            },
            |(reader, worker, rows), mut item, ()| {
                let loaded = dateline_corpus::load(reader, &mut item);
                self.convert(worker, rows, loaded, None)
            },
            |processed| {
                self.consume(processed.value, |piece| match piece {
                    Piece::Rendered(bytes) => Ok(writer.place(out, &bytes)?),
                    Piece::Record(record) => match &mut writer {
                        Writer::Records(w) => Ok(w.record(out, &record)?),
                        Writer::Articles(_) => Ok(()),
                    },
                    Piece::Row(Some(rows)) => match &mut writer {
                        Writer::Records(w) => Ok(w.batch(out, self.batch_size.take(&rows)?)?),
                        Writer::Articles(_) => Ok(()),
                    },
                    Piece::Row(None) | Piece::Rejected(_) | Piece::Page { .. } => Ok(()),
                })
            },
        );
        self.progress.finish();
        let totals = totals?;
        writer.end(out)?;
        Ok(totals)
    }

    /// One page per input, and the index.
    fn pages(&self, mut pages: PageDir) -> Result<Totals, CliError> {
        let mut namer: FileNamer = pages.namer();
        let extension = pages.extension().to_owned();
        let dir = pages.dir().to_path_buf();
        let totals = self.corpus.run(
            &self.progress,
            |item| namer.next(item.id().as_deref().unwrap_or(""), &extension),
            || {
                (
                    self.corpus.reader(),
                    self.writer(),
                    BatchRows::new(&self.batch_size),
                )
            },
            |(reader, exporter, rows), mut item, file_name: String| {
                let loaded = dateline_corpus::load(reader, &mut item);
                self.convert(exporter, rows, loaded, Some((&dir, &file_name)))
            },
            |processed| {
                self.consume(processed.value, |piece| {
                    if let Piece::Page {
                        id,
                        title,
                        date,
                        file_name,
                    } = &piece
                    {
                        let entry = IndexEntry {
                            id: id.as_deref(),
                            title,
                            date: *date,
                            file_name,
                        };
                        // A failed write to the index ends the run.
                        pages.list(&entry)?;
                    }
                    Ok(())
                })
            },
        );
        self.progress.finish();
        let totals = totals?;
        pages.finish()?;
        Ok(totals)
    }

    /// Converts one loaded input: renders it for the stream (or pushes its
    /// record into the batch's `rows`), or writes its page when given one; a
    /// bad input gets its diagnostics rendered.
    fn convert(
        &self,
        writer: &mut Result<Writer, ExportError>,
        rows: &mut BatchRows<'_>,
        loaded: Result<Loaded<'_>, Rejected<'_>>,
        page: Option<(&Path, &str)>,
    ) -> Processed<Converted> {
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(rejected) => {
                rows.cut();
                return Processed {
                    bytes: rejected.bytes.len() as u64,
                    failed: true,
                    value: Converted {
                        warning: Vec::new(),
                        piece: Ok(Piece::Rejected(output::rejected_report(
                            &rejected, self.color,
                        ))),
                    },
                };
            }
        };
        let warning = match (loaded.renamed_from, loaded.article.id.as_deref()) {
            (Some(wanted), Some(id)) => output::renamed_warning(&loaded.name, wanted, id),
            _ => Vec::new(),
        };
        let failure = |error: ExportError| ExportFailure {
            input: loaded.name.to_string(),
            error,
        };
        let piece = match (writer, page) {
            // The worker could not make its writer: this batch's first article
            // takes the error (the run ends when it is consumed); the others say
            // so briefly.
            (Err(e), _) => Err(failure(std::mem::replace(
                e,
                ExportError::Io(io::Error::other("the format's writer could not be created")),
            ))),
            (Ok(writer), None) => writer.piece(&loaded, self.options, rows).map_err(failure),
            (Ok(Writer::Articles(exporter)), Some((dir, file_name))) => {
                let article = &loaded.article;
                match PageDir::write_page(dir, file_name, &mut **exporter, article) {
                    Ok(_) => Ok(Piece::Page {
                        id: article.id.as_deref().map(str::to_owned),
                        title: article.title.clone().into_owned(),
                        date: article.date,
                        file_name: file_name.to_owned(),
                    }),
                    Err(e) => Err(failure(e)),
                }
            }
            (Ok(Writer::Records(_)), Some(_)) => Err(failure(ExportError::Io(io::Error::other(
                "a record format has no pages",
            )))),
        };
        if piece.is_err() {
            // The run ends at this one: nothing after it is written.
            rows.cut();
        }
        Processed {
            bytes: loaded.bytes.len() as u64,
            failed: false,
            value: Converted { warning, piece },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_holding_a_batch_of_text_end_and_the_next_record_starts_new_ones() {
        // Three inputs of 5 MiB of text in one batch of inputs: the first two
        // fill the rows past `BATCH_BYTES` (8 MiB), so the third starts, and
        // carries, rows of its own.
        let paragraph = "word ".repeat(1 << 20);
        let text = format!("Big\n20220131\nhttps://example.com/a\n{paragraph}\n");
        let article = dateline_core::parse(&text).expect("parses").with_id("a");
        let record = Record::new(&article, Some("a.txt"), None, &Options::new());
        let size = BatchSize::default();
        let mut rows = BatchRows::new(&size);
        let carried: Vec<bool> = (0..3)
            .map(|_| match rows.push(&record) {
                Piece::Row(rows) => rows.is_some(),
                _ => unreachable!("a record's piece is a row"),
            })
            .collect();
        assert_eq!(carried, [true, false, true]);
    }
}
