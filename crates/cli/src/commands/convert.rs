//! `dateline convert PATH... --to FORMAT [-o FILE|DIR]`: articles into another format.
//!
//! Stream formats go to standard output or one file; page formats go one file per
//! article into a directory. Files appear whole or not at all
//! (`dateline_export::output`). Bad inputs are reported as `check` reports them,
//! on standard error, and skipped.
//!
//! Inputs are parsed and exported in parallel ([`crate::corpus`]), and the output is
//! the same whatever the number of threads:
//! - a stream format whose articles are independent (`jsonl`, `csv`) is serialised
//!   on the workers, each article into its own buffer, and the buffers are written
//!   in input order;
//! - another stream format (`json`) is parsed on the workers and serialised in
//!   input order on the writing thread;
//! - a page format gets its file names in input order, before the workers write
//!   the pages; the index page lists them in input order.
//!
//! Unless `--no-links`, the records carry links (`dateline_links::linker`): the facts of
//! the article's URL and the outlets resolved with the gazetteer (built in, plus
//! `--outlets`), computed on the workers with the article.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::error::ErrorKind;
use dateline_core::{Article, Date};
use dateline_export::output::{AtomicFile, PageDir};
use dateline_export::{
    Exporter, FileNamer, FormatInfo, GazetteerLinker, IndexEntry, Kind, Options, Registry,
};

use crate::plugins::{Catalog, PluginArgs};

use crate::corpus::{self, Outcome, Totals};
use crate::output::{self, ColorChoice};
use crate::progress::Progress;
use crate::source::{Item, Reader};
use crate::{EXIT_INPUT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: corpus::CorpusArgs,
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

/// What a worker made of one input.
struct Converted {
    bytes: u64,
    /// The diagnostics of a bad input, rendered for standard error.
    report: Vec<u8>,
    piece: Piece,
}

/// The converted article, as the writing thread needs it.
enum Piece {
    /// The input was bad: nothing to write.
    Nothing,
    /// The article's bytes in the stream (a format with independent articles).
    Bytes(Vec<u8>),
    /// The parsed article, for a format that writes it in order.
    Article(Article<'static>),
    /// A page written to its file: what the index lists.
    Page {
        id: Option<String>,
        title: String,
        date: Date,
        file_name: String,
    },
}

impl Outcome for Converted {
    fn bytes(&self) -> u64 {
        self.bytes
    }

    fn failed(&self) -> bool {
        matches!(self.piece, Piece::Nothing)
    }
}

/// What workers do with an article, by destination.
#[derive(Clone, Copy)]
enum Mode {
    /// Serialise it into a buffer.
    Serialise,
    /// Hand it over, parsed.
    Hand,
    /// Write its page.
    Page,
}

/// Prints a usage error the way clap does and exits with code 2.
fn usage_error(kind: ErrorKind, message: impl std::fmt::Display) -> ! {
    clap::Error::raw(kind, format!("{message}\n")).exit()
}

pub fn run(args: &Args, plugin_args: &PluginArgs) -> io::Result<u8> {
    let catalog =
        Catalog::load(plugin_args).unwrap_or_else(|e| usage_error(ErrorKind::InvalidValue, e));
    catalog.warn_failures();
    let registry = &catalog.registry;
    let Some(info) = registry.find(&args.to).cloned() else {
        let known: Vec<&str> = catalog
            .entries
            .iter()
            .map(|e| e.info.name.as_ref())
            .collect();
        usage_error(
            ErrorKind::InvalidValue,
            format_args!(
                "unknown format `{}` for --to; the formats are: {} (see `dateline formats`)",
                args.to,
                known.join(", ")
            ),
        );
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
        (Kind::Page, _) => usage_error(
            ErrorKind::MissingRequiredArgument,
            format_args!(
                "`{}` writes one file per article: give the output directory with -o DIR",
                info.name
            ),
        ),
        (Kind::Stream, Some(file)) if !to_stdout => {
            if file.is_dir() {
                usage_error(
                    ErrorKind::InvalidValue,
                    format_args!(
                        "`{}` writes one output, but {} is a directory: give a file name",
                        info.name,
                        file.display()
                    ),
                );
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
        match dateline_links::linker::gazetteer_with(args.outlets.as_deref()) {
            Ok(gazetteer) => options = options.links(GazetteerLinker::new(gazetteer)),
            Err(message) => {
                eprintln!("error: {message}");
                return Ok(EXIT_INPUT_ERRORS);
            }
        }
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
        summary.push_str(&totals.skipped_clause());
        if totals.stopped {
            summary.push_str("; stopped at the first error (--fail-fast)");
        }
        eprintln!("{summary}; {}", totals.figures);
    }
    Ok(if totals.failed > 0 {
        EXIT_INPUT_ERRORS
    } else {
        EXIT_OK
    })
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
    fn exporter(&self) -> Result<Box<dyn Exporter>, String> {
        self.registry
            .create(&self.info.name, self.options)
            .map_err(|e| e.to_string())
    }

    /// Prints a bad input's report on standard error, with the bar cleared.
    fn report(&self, report: &[u8]) -> io::Result<()> {
        if report.is_empty() {
            return Ok(());
        }
        self.progress
            .suspend(|| io::stderr().lock().write_all(report))
    }

    /// One document of a stream format, over every input.
    fn stream(&self, mut exporter: Box<dyn Exporter>, out: &mut dyn Write) -> io::Result<Totals> {
        let mode = if exporter.independent_articles() {
            Mode::Serialise
        } else {
            Mode::Hand
        };
        exporter.begin(out)?;
        let totals = corpus::run(
            &self.args.corpus,
            &self.progress,
            |_| (),
            || (Reader::new(), self.exporter()),
            |(reader, exporter), item, ()| self.convert(mode, reader, exporter, item, None),
            |converted| {
                self.report(&converted.report)?;
                match converted.piece {
                    Piece::Bytes(bytes) => out.write_all(&bytes),
                    Piece::Article(article) => exporter.article(out, &article).map_err(Into::into),
                    Piece::Nothing | Piece::Page { .. } => Ok(()),
                }
            },
        )?;
        exporter.end(out)?;
        Ok(totals)
    }

    /// One page per input, and the index.
    fn pages(&self, mut pages: PageDir) -> io::Result<Totals> {
        let mut namer: FileNamer = pages.namer();
        let extension = pages.extension().to_owned();
        let dir = pages.dir().to_path_buf();
        let totals = corpus::run(
            &self.args.corpus,
            &self.progress,
            |item| namer.next(item.id().as_deref().unwrap_or(""), &extension),
            || (Reader::new(), self.exporter()),
            |(reader, exporter), item, file_name: String| {
                self.convert(Mode::Page, reader, exporter, item, Some((&dir, &file_name)))
            },
            |converted| {
                self.report(&converted.report)?;
                if let Piece::Page {
                    id,
                    title,
                    date,
                    file_name,
                } = &converted.piece
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
            },
        )?;
        pages.finish()?;
        Ok(totals)
    }

    /// Reads and parses one input and converts it as `mode` says; a bad input
    /// gets its diagnostics rendered.
    fn convert(
        &self,
        mode: Mode,
        reader: &mut Reader,
        exporter: &mut Result<Box<dyn Exporter>, String>,
        mut item: Item,
        page: Option<(&Path, &str)>,
    ) -> Converted {
        let bytes = match reader.read(&mut item.payload) {
            Ok(bytes) => bytes,
            Err(e) => return self.failed(&item.name(), b"", 0, &[output::unreadable(&e)]),
        };
        let size = bytes.len() as u64;
        let mut article = match dateline_core::parse_bytes(bytes) {
            Ok(article) => article,
            Err(e) => return self.failed(&item.name(), bytes, size, &e.diagnostics),
        };
        article.id = item.id();
        let exporter = match exporter {
            Ok(exporter) => exporter,
            Err(message) => return self.export_failed(&item.name(), size, message),
        };
        let piece = match mode {
            Mode::Hand => Piece::Article(article.into_owned()),
            Mode::Serialise => {
                let mut buf = Vec::with_capacity(bytes.len() * 3);
                match exporter.article(&mut buf, &article) {
                    Ok(()) => Piece::Bytes(buf),
                    Err(e) => return self.export_failed(&item.name(), size, &e.to_string()),
                }
            }
            Mode::Page => {
                let Some((dir, file_name)) = page else {
                    return self.export_failed(&item.name(), size, "no page name was given");
                };
                match PageDir::write_page(dir, file_name, &mut **exporter, &article) {
                    Ok(_) => Piece::Page {
                        id: article.id.as_deref().map(str::to_owned),
                        title: article.title.clone().into_owned(),
                        date: article.date,
                        file_name: file_name.to_owned(),
                    },
                    Err(e) => {
                        let message =
                            format!("cannot write {}: {e}", dir.join(file_name).display());
                        return self.export_failed(&item.name(), size, &message);
                    }
                }
            }
        };
        Converted {
            bytes: size,
            report: Vec::new(),
            piece,
        }
    }

    fn failed(
        &self,
        name: &str,
        source: &[u8],
        size: u64,
        diagnostics: &[dateline_core::Diagnostic],
    ) -> Converted {
        let report = output::human_report(name, source, diagnostics, self.color);
        Converted {
            bytes: size,
            report,
            piece: Piece::Nothing,
        }
    }

    fn export_failed(&self, name: &str, size: u64, message: &str) -> Converted {
        Converted {
            bytes: size,
            report: format!("error: {name}: {message}\n").into_bytes(),
            piece: Piece::Nothing,
        }
    }
}
