//! `dateline convert PATH... --to FORMAT [-o FILE|DIR]`: articles into another format.
//!
//! Stream formats go to standard output or one file; page formats go one file per
//! article into a directory. Files appear whole or not at all
//! (`dateline_export::output`). Bad inputs are reported as `check` reports them,
//! on standard error, and skipped.
//!
//! Inputs are parsed and exported in parallel (`dateline_corpus`), and the output
//! is the same whatever the number of threads:
//! - a stream format's articles are rendered on the workers, each into its own
//!   piece (`Exporter::render`), and the writing thread only frames them, in
//!   input order (`Exporter::place`: a separator, an array's brackets);
//! - a page format gets its file names in input order, before the workers write
//!   the pages; the index page lists them in input order.
//!
//! Unless `--no-links`, the records carry links (`dateline_links::linker`): the facts of
//! the article's URL and the outlets resolved with the gazetteer (built in, plus
//! `--outlets`), computed on the workers with the article.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::error::ErrorKind;
use dateline_core::Date;
use dateline_corpus::{Loaded, Processed, Reader, Rejected, Totals};
use dateline_export::output::{AtomicFile, PageDir};
use dateline_export::{
    ExportError, Exporter, FileNamer, FormatInfo, GazetteerLinker, IndexEntry, Kind, Options,
    Registry,
};

use crate::args::{CorpusArgs, skipped_clause};
use crate::error::{CliError, Status};
use crate::output::{self, ColorChoice};
use crate::plugins::{Catalog, PluginArgs};
use crate::progress::{Figures, Progress};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The output format; `dateline formats` lists them.
    #[arg(long = "to", value_name = "FORMAT")]
    to: String,
    /// Where to write. Stream formats (json, jsonl, csv): a file, or standard
    /// output when absent or `-`. Page formats: a directory, required, created if
    /// missing; one file per article, named from its id.
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

/// The converted article, as the writing thread needs it.
enum Piece {
    /// The input was bad: its report, for standard error; nothing to write.
    Rejected(Vec<u8>),
    /// The article rendered, for the exporter to place in the stream.
    Rendered(Vec<u8>),
    /// A page written to its file: what the index lists.
    Page {
        id: Option<String>,
        title: String,
        date: Date,
        file_name: String,
    },
}

pub fn run(args: &Args, plugin_args: &PluginArgs) -> Result<Status, CliError> {
    let catalog = Catalog::load(plugin_args)?;
    catalog.warn_failures();
    let registry = &catalog.registry;
    let Some(info) = registry.find(&args.to).cloned() else {
        let known: Vec<&str> = catalog
            .entries
            .iter()
            .map(|e| e.info.name.as_ref())
            .collect();
        return Err(CliError::usage(
            ErrorKind::InvalidValue,
            format!(
                "unknown format `{}` for --to; the formats are: {} (see `dateline formats`)",
                args.to,
                known.join(", ")
            ),
        ));
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
        (Kind::Page, Some(dir)) if !to_stdout => Destination::Pages(dir.clone()),
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
    if !args.no_links {
        // A bad outlets file ends the run before any input is read, as in `links`.
        let gazetteer = dateline_links::linker::gazetteer_with(args.outlets.as_deref())?;
        options = options.links(GazetteerLinker::new(gazetteer));
    }
    let exporter = registry.create(&info.name, &options)?;
    let job = Job {
        args,
        registry,
        info: &info,
        options: &options,
        color: args.color.enabled() && io::stderr().is_terminal(),
        progress: Progress::new(args.corpus.quiet),
    };

    let place = match &destination {
        Destination::Stdout => "standard output".to_owned(),
        Destination::File(path) | Destination::Pages(path) => path.display().to_string(),
    };
    let (totals, place) = match destination {
        Destination::Stdout => {
            let mut out = output::stdout(256 * 1024);
            let totals = job.stream(exporter, &mut out)?;
            out.flush()?;
            (totals, place)
        }
        Destination::File(path) => {
            let mut file = AtomicFile::create(&path)?;
            let totals = job.stream(exporter, &mut file)?;
            if totals.stopped {
                // Dropped uncommitted: the file is left as it was.
                (totals, format!("nothing written to {place}"))
            } else {
                file.commit()?;
                (totals, place)
            }
        }
        Destination::Pages(dir) => {
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

/// One conversion run.
struct Job<'a> {
    args: &'a Args,
    registry: &'a Registry,
    info: &'a FormatInfo,
    options: &'a Options,
    color: bool,
    progress: Progress,
}

impl Job<'_> {
    /// A new exporter of the format, for a worker.
    fn exporter(&self) -> Result<Box<dyn Exporter>, ExportError> {
        self.registry.create(&self.info.name, self.options)
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
    fn stream(
        &self,
        mut exporter: Box<dyn Exporter>,
        out: &mut dyn Write,
    ) -> Result<Totals, CliError> {
        exporter.begin(out)?;
        let totals = self.args.corpus.corpus().run(
            &self.progress,
            |_| (),
            || (Reader::new(), self.exporter()),
            |(reader, exporter), mut item, ()| {
                let loaded = dateline_corpus::load(reader, &mut item);
                self.convert(exporter, loaded, None)
            },
            |processed| {
                self.consume(processed.value, |piece| match piece {
                    Piece::Rendered(bytes) => Ok(exporter.place(out, &bytes)?),
                    Piece::Rejected(_) | Piece::Page { .. } => Ok(()),
                })
            },
        );
        self.progress.finish();
        let totals = totals?;
        exporter.end(out)?;
        Ok(totals)
    }

    /// One page per input, and the index.
    fn pages(&self, mut pages: PageDir) -> Result<Totals, CliError> {
        let mut namer: FileNamer = pages.namer();
        let extension = pages.extension().to_owned();
        let dir = pages.dir().to_path_buf();
        let totals = self.args.corpus.corpus().run(
            &self.progress,
            |item| namer.next(item.id().as_deref().unwrap_or(""), &extension),
            || (Reader::new(), self.exporter()),
            |(reader, exporter), mut item, file_name: String| {
                let loaded = dateline_corpus::load(reader, &mut item);
                self.convert(exporter, loaded, Some((&dir, &file_name)))
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

    /// Converts one loaded input: renders it for the stream, or writes its
    /// page when given one; a bad input gets its diagnostics rendered.
    fn convert(
        &self,
        exporter: &mut Result<Box<dyn Exporter>, ExportError>,
        loaded: Result<Loaded<'_>, Rejected<'_>>,
        page: Option<(&Path, &str)>,
    ) -> Processed<Converted> {
        let (article, name, bytes, renamed_from) = match loaded {
            Ok(loaded) => (
                loaded.article,
                loaded.name,
                loaded.bytes.len() as u64,
                loaded.renamed_from,
            ),
            Err(rejected) => {
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
        let warning = match (&renamed_from, article.id.as_deref()) {
            (Some(wanted), Some(id)) => output::renamed_warning(&name, wanted, id),
            _ => Vec::new(),
        };
        let failure = |error: ExportError| ExportFailure {
            input: name.to_string(),
            error,
        };
        let piece = match exporter {
            // The worker could not make its exporter: this batch's first article
            // takes the error (the run ends when it is consumed); the others say
            // so briefly.
            Err(e) => Err(failure(std::mem::replace(
                e,
                ExportError::Io(io::Error::other(
                    "the format's exporter could not be created",
                )),
            ))),
            Ok(exporter) => match page {
                None => {
                    let mut piece = Vec::with_capacity(bytes as usize * 3);
                    exporter
                        .render(&mut piece, &article)
                        .map(|()| Piece::Rendered(piece))
                        .map_err(failure)
                }
                Some((dir, file_name)) => {
                    match PageDir::write_page(dir, file_name, &mut **exporter, &article) {
                        Ok(_) => Ok(Piece::Page {
                            id: article.id.as_deref().map(str::to_owned),
                            title: article.title.clone().into_owned(),
                            date: article.date,
                            file_name: file_name.to_owned(),
                        }),
                        Err(e) => Err(failure(e)),
                    }
                }
            },
        };
        Processed {
            bytes,
            failed: false,
            value: Converted { warning, piece },
        }
    }
}
