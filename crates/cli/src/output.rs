//! Printing diagnostics, for people and for programs.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use dateline_core::{Code, Diagnostic, Severity, printable};
use dateline_corpus::Rejected;
use serde::Serialize;

/// Standard output, buffered with `capacity` bytes, whose write errors say
/// they are about standard output (`cannot write standard output: No space
/// left on device`); the error kind is kept, so a closed pipe stays quiet.
pub fn stdout(capacity: usize) -> io::BufWriter<StdoutNamed> {
    io::BufWriter::with_capacity(capacity, StdoutNamed(io::stdout().lock()))
}

/// See [`stdout`].
pub struct StdoutNamed(io::StdoutLock<'static>);

impl StdoutNamed {
    fn named(error: io::Error) -> io::Error {
        io::Error::new(
            error.kind(),
            format!("cannot write standard output: {error}"),
        )
    }
}

impl Write for StdoutNamed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(StdoutNamed::named)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf).map_err(StdoutNamed::named)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(StdoutNamed::named)
    }
}

/// When to color human output.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum ColorChoice {
    /// When printing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to color output going to stdout.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && io::stdout().is_terminal()
            }
        }
    }
}

/// How `check` prints.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    /// rustc-style reports with the source line and a caret.
    #[default]
    Human,
    /// One JSON object per line: path, line, column, severity, code, name, message, hint.
    Json,
}

/// A diagnostic as a JSON line.
#[derive(Serialize)]
pub struct Record<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub code: Code,
    pub name: &'static str,
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<&'a str>,
}

/// Prints one diagnostic about `path` whose input bytes are `source`.
pub fn print_diagnostic(
    out: &mut impl Write,
    format: Format,
    color: bool,
    path: &str,
    source: &[u8],
    d: &Diagnostic,
) -> io::Result<()> {
    print_diagnostic_as(out, format, color, path, source, d, d.severity())
}

/// [`print_diagnostic`] at `severity`: a denied warning (`check --deny`) is an
/// error in the human report and in JSON.
pub fn print_diagnostic_as(
    out: &mut impl Write,
    format: Format,
    color: bool,
    path: &str,
    source: &[u8],
    d: &Diagnostic,
    severity: Severity,
) -> io::Result<()> {
    match format {
        Format::Human => writeln!(out, "{}\n", d.render_as(severity, path, source, color)),
        Format::Json => {
            let at = d.locate(source);
            let record = Record {
                path,
                line: at.line,
                column: at.column,
                severity,
                code: d.code,
                name: d.code.name(),
                message: &d.message,
                hint: d.hint.as_deref(),
            };
            serde_json::to_writer(&mut *out, &record)?;
            writeln!(out)
        }
    }
}

/// The rustc-style report of `diagnostics` about input `name`, as bytes: what the
/// corpus commands render on a worker and print on standard error in input order.
pub fn human_report(name: &str, source: &[u8], diagnostics: &[Diagnostic], color: bool) -> Vec<u8> {
    let mut report = Vec::new();
    for d in diagnostics {
        // Writing into a Vec cannot fail.
        let _ = print_diagnostic(&mut report, Format::Human, color, name, source, d);
    }
    report
}

/// The warning for an input whose id was taken by an earlier one of the run
/// (dateline's one rule gives it `ID-2`, ...), for standard error.
pub fn renamed_warning(name: &str, wanted: &str, id: &str) -> Vec<u8> {
    let (name, wanted, id) = (printable(name), printable(wanted), printable(id));
    format!("warning: {name}: the article id `{wanted}` is already taken; this article is `{id}`\n")
        .into_bytes()
}

/// The report of an input that was rejected, rendered for standard error.
pub fn rejected_report(rejected: &Rejected<'_>, color: bool) -> Vec<u8> {
    human_report(&rejected.name, rejected.bytes, &rejected.diagnostics, color)
}

/// Writes `value` as JSON: compact on one line, or in the one pretty layout of
/// `dateline_export::json_text` (the layout of `parse`, `convert --to json`,
/// `stats`, `links`, `formats` and `plugins`). Streamed: the document is not
/// held whole. No newline at the end.
pub fn write_json(out: &mut dyn Write, value: &impl Serialize, compact: bool) -> io::Result<()> {
    let written = if compact {
        dateline_export::json_text::write_compact_to(out, value)
    } else {
        dateline_export::json_text::write_pretty_to(out, value)
    };
    // An I/O error comes back as it was (a closed pipe stays a closed pipe).
    written.map_err(io::Error::from)
}
