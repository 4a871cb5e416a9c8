//! `dateline convert PATH... --to FORMAT [-o FILE|DIR]`: articles into another format.
//!
//! Stream formats go to standard output or one file; page formats go one file per
//! article into a directory. Files appear whole or not at all
//! (`dateline_export::output`). Bad inputs are reported as `check` reports them,
//! on standard error, and skipped.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::error::ErrorKind;
use dateline_core::Article;
use dateline_export::output::{AtomicFile, PageDir};
use dateline_export::{ExportError, Exporter, Kind, Options, Registry};

use crate::inputs::{self, Input};
use crate::output::{self, ColorChoice, Format};
use crate::{EXIT_INPUT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// Files and directories (walked recursively for *.txt files); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
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

#[derive(Default)]
struct Tally {
    files: usize,
    failed: usize,
}

impl Tally {
    fn record(&mut self, ok: bool) {
        self.files += 1;
        self.failed += usize::from(!ok);
    }
}

/// Prints a usage error the way clap does and exits with code 2.
fn usage_error(kind: ErrorKind, message: impl std::fmt::Display) -> ! {
    clap::Error::raw(kind, format!("{message}\n")).exit()
}

pub fn run(args: &Args) -> io::Result<u8> {
    let registry = Registry::with_builtins();
    let Some(info) = registry.find(&args.to).cloned() else {
        let known: Vec<&str> = registry.formats().map(|f| f.name.as_ref()).collect();
        usage_error(
            ErrorKind::InvalidValue,
            format_args!(
                "unknown format `{}` for --to; the formats are: {} (see `dateline formats`)",
                args.to,
                known.join(", ")
            ),
        );
    };
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
    let mut exporter = registry.create(&info.name, &options)?;

    let color = args.color.enabled() && io::stderr().is_terminal();
    let (inputs, walk_errors) = inputs::expand(&args.paths);
    let mut tally = Tally::default();
    for walk_error in &walk_errors {
        let d = output::unreadable(&walk_error.error);
        let name = walk_error.path.display().to_string();
        output::print_diagnostic(
            &mut io::stderr().lock(),
            Format::Human,
            color,
            &name,
            b"",
            &d,
        )?;
        tally.record(false);
    }

    let place = match &destination {
        Destination::Stdout => "standard output".to_owned(),
        Destination::File(path) | Destination::Pages(path) => path.display().to_string(),
    };
    match destination {
        Destination::Stdout => {
            let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
            stream(&mut *exporter, &mut out, &inputs, color, &mut tally)?;
            out.flush()?;
        }
        Destination::File(path) => {
            let mut file = AtomicFile::create(&path)?;
            stream(&mut *exporter, &mut file, &inputs, color, &mut tally)?;
            file.commit()?;
        }
        Destination::Pages(dir) => {
            let mut pages = PageDir::create(&dir, &info, exporter)?;
            for input in &inputs {
                let ok = convert(input, color, &mut |article| pages.write(article).map(drop))?;
                tally.record(ok);
            }
            pages.finish()?;
        }
    }

    let plural = if tally.files == 1 { "" } else { "s" };
    if tally.failed == 0 {
        eprintln!(
            "converted {} file{plural} to {} ({place})",
            tally.files, info.name
        );
    } else {
        eprintln!(
            "converted {} of {} file{plural} to {} ({place}); {} failed and were skipped",
            tally.files - tally.failed,
            tally.files,
            info.name,
            tally.failed,
        );
    }
    Ok(if tally.failed > 0 {
        EXIT_INPUT_ERRORS
    } else {
        EXIT_OK
    })
}

/// One document of a stream format, over every input.
fn stream(
    exporter: &mut dyn Exporter,
    out: &mut dyn Write,
    inputs: &[Input],
    color: bool,
    tally: &mut Tally,
) -> io::Result<()> {
    exporter.begin(out)?;
    for input in inputs {
        let ok = convert(input, color, &mut |article| exporter.article(out, article))?;
        tally.record(ok);
    }
    exporter.end(out)?;
    Ok(())
}

/// Reads and parses one input and hands the article to `export`. Returns whether
/// the input was valid: a bad one is reported on standard error and skipped. An
/// export error (a failed write) ends the run.
fn convert(
    input: &Input,
    color: bool,
    export: &mut dyn FnMut(&Article<'_>) -> Result<(), ExportError>,
) -> io::Result<bool> {
    let name = input.display_name();
    let bytes = match input.read() {
        Ok(bytes) => bytes,
        Err(e) => {
            let d = output::unreadable(&e);
            output::print_diagnostic(
                &mut io::stderr().lock(),
                Format::Human,
                color,
                &name,
                b"",
                &d,
            )?;
            return Ok(false);
        }
    };
    let diagnostics = match dateline_core::parse_bytes(&bytes) {
        Ok(mut article) => {
            article.id = input.article_id().map(Into::into);
            export(&article)?;
            return Ok(true);
        }
        Err(e) => e.diagnostics,
    };
    let mut err = io::stderr().lock();
    for d in &diagnostics {
        output::print_diagnostic(&mut err, Format::Human, color, &name, &bytes, d)?;
    }
    Ok(false)
}
