//! Printing diagnostics, for people and for programs.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use dateline_core::{Code, Diagnostic, Severity, Span};
use serde::Serialize;

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
    match format {
        Format::Human => writeln!(out, "{}\n", d.render(path, source, color)),
        Format::Json => {
            let at = d.locate(source);
            let record = Record {
                path,
                line: at.line,
                column: at.column,
                severity: d.severity(),
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

/// The diagnostic for an input that could not be read.
pub fn unreadable(error: &io::Error) -> Diagnostic {
    let hint = match error.kind() {
        io::ErrorKind::NotFound => "check the path",
        io::ErrorKind::PermissionDenied => "check the file's permissions",
        _ => "check that the path is a readable file or directory",
    };
    Diagnostic::new(
        Code::Unreadable,
        Span::new(0, 0),
        format!("cannot read: {error}"),
    )
    .with_hint(hint)
}

/// Reports an error that ended a command.
pub fn report_failure(error: &io::Error) {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return;
    }
    let _ = writeln!(io::stderr(), "error: {error}");
}
