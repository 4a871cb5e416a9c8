//! `dateline check PATH...`: every error and warning in files, directories and
//! archives.
//!
//! Inputs are checked in parallel (`dateline_corpus`); each one's report is
//! rendered on a worker and printed in input order, so the output is the same
//! whatever the number of threads.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};

use clap::error::ErrorKind;
use dateline_core::{Code, Diagnostic, Severity};

use crate::args::{CorpusArgs, skipped_clause, stopped_clause};
use crate::error::{CliError, Status};
use crate::output::{self, ColorChoice, Format};
use crate::progress::{Figures, Progress, count};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Color human output.
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
    /// Print errors only, no warnings.
    #[arg(long)]
    errors_only: bool,
    /// Do not report these warnings: codes or names, comma-separated or
    /// repeated (`--allow W007,blank-line`).
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = parse_code)]
    allow: Vec<Code>,
    /// Report these warnings as errors: a file with one counts as having an
    /// error (exit 1). `warnings` denies them all (`--deny warnings`).
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = parse_denied)]
    deny: Vec<Denied>,
}

/// A `--deny` value: one code, or every warning.
#[derive(Clone, Copy, Debug)]
enum Denied {
    Code(Code),
    Warnings,
}

fn parse_code(s: &str) -> Result<Code, String> {
    s.parse::<Code>().map_err(|e| e.to_string())
}

fn parse_denied(s: &str) -> Result<Denied, String> {
    if s.trim().eq_ignore_ascii_case("warnings") {
        Ok(Denied::Warnings)
    } else {
        parse_code(s).map(Denied::Code)
    }
}

/// What `--allow` and `--deny` make of each code: the severity it is reported
/// at, or `None` when it is not reported.
struct Levels {
    allowed: Vec<Code>,
    deny_all: bool,
    denied: Vec<Code>,
    errors_only: bool,
}

impl Levels {
    fn new(args: &Args) -> Result<Levels, CliError> {
        let mut denied = Vec::new();
        let mut deny_all = false;
        for d in &args.deny {
            match *d {
                Denied::Code(code) => denied.push(code),
                Denied::Warnings => deny_all = true,
            }
        }
        for &code in args.allow.iter().chain(&denied) {
            if code.severity() == Severity::Error {
                return Err(CliError::usage(
                    ErrorKind::InvalidValue,
                    format!(
                        "{code} ({}) is an error: a file with it cannot be read, so it can be \
                         neither allowed nor denied; --allow and --deny take warnings (W001-W010)",
                        code.name()
                    ),
                ));
            }
        }
        if let Some(code) = args.allow.iter().find(|c| denied.contains(c)) {
            return Err(CliError::usage(
                ErrorKind::ArgumentConflict,
                format!(
                    "{code} ({}) is both allowed and denied; name it once",
                    code.name()
                ),
            ));
        }
        Ok(Levels {
            allowed: args.allow.clone(),
            deny_all,
            denied,
            errors_only: args.errors_only,
        })
    }

    /// The severity `d` is reported at, or `None`.
    fn of(&self, d: &Diagnostic) -> Option<Severity> {
        let code = d.code;
        if code.severity() == Severity::Error {
            return Some(Severity::Error);
        }
        if self.allowed.contains(&code) {
            None
        } else if self.deny_all || self.denied.contains(&code) {
            Some(Severity::Error)
        } else if self.errors_only {
            None
        } else {
            Some(Severity::Warning)
        }
    }
}

/// How often each code was reported, and in how many files: the summary
/// printed at the end of a run.
#[derive(Default)]
struct ByCode(BTreeMap<Code, (u64, u64)>);

impl ByCode {
    fn add(&mut self, codes: &[Code]) {
        let mut seen: Vec<Code> = Vec::new();
        for &code in codes {
            let entry = self.0.entry(code).or_default();
            entry.0 += 1;
            if !seen.contains(&code) {
                seen.push(code);
                entry.1 += 1;
            }
        }
    }

    /// One line per code, errors first: `  W007 unbalanced-quote  3 in 2 files (denied)`.
    fn print(&self, levels: &Levels, out: &mut impl Write) -> io::Result<()> {
        let width = self.0.keys().map(|c| c.name().len()).max().unwrap_or(0);
        for (code, (n, files)) in &self.0 {
            let denied = code.severity() == Severity::Warning
                && (levels.deny_all || levels.denied.contains(code));
            writeln!(
                out,
                "  {code} {:width$}  {n} in {}{}",
                code.name(),
                count(*files, "file"),
                if denied { " (denied)" } else { "" },
            )?;
        }
        Ok(())
    }
}

/// One input's report, rendered.
struct Checked {
    out: Vec<u8>,
    errors: u64,
    warnings: u64,
    /// Whether the input was read but a denied warning makes it fail.
    denied: bool,
    /// The codes reported, in order.
    codes: Vec<Code>,
}

pub fn run(args: &Args) -> Result<Status, CliError> {
    let levels = Levels::new(args)?;
    let mut by_code = ByCode::default();
    let mut denied_files = 0u64;
    let color = args.color.enabled();
    let corpus = args.corpus.corpus();
    let progress = Progress::for_corpus(args.corpus.quiet, &corpus);
    // With a bar on the terminal, output to the same terminal goes out item by item
    // with the bar cleared.
    let interleave = progress.is_visible() && io::stdout().is_terminal();
    let mut out = output::stdout(64 * 1024);
    let (mut errors, mut warnings) = (0u64, 0u64);
    let totals = corpus.map(
        &progress,
        |loaded| {
            let (name, bytes, diagnostics) = match &loaded {
                Ok(loaded) => (
                    &loaded.name,
                    loaded.bytes,
                    dateline_core::lint(&loaded.article),
                ),
                Err(rejected) => (&rejected.name, rejected.bytes, rejected.diagnostics.clone()),
            };
            let mut checked = Checked {
                out: Vec::new(),
                errors: 0,
                warnings: 0,
                denied: false,
                codes: Vec::new(),
            };
            for d in &diagnostics {
                let Some(severity) = levels.of(d) else {
                    continue;
                };
                match severity {
                    Severity::Error => checked.errors += 1,
                    Severity::Warning => checked.warnings += 1,
                }
                checked.denied |= severity != d.severity();
                checked.codes.push(d.code);
                // Writing into a Vec cannot fail.
                let _ = output::print_diagnostic_as(
                    &mut checked.out,
                    args.format,
                    color,
                    name,
                    bytes,
                    d,
                    severity,
                );
            }
            // A rejected input already counts as failed.
            checked.denied &= loaded.is_ok();
            checked
        },
        |checked| -> Result<(), CliError> {
            errors += checked.errors;
            warnings += checked.warnings;
            denied_files += u64::from(checked.denied);
            by_code.add(&checked.codes);
            if checked.out.is_empty() {
                return Ok(());
            }
            if interleave {
                progress.suspend(|| {
                    out.write_all(&checked.out)?;
                    out.flush()
                })?;
            } else {
                out.write_all(&checked.out)?;
            }
            Ok(())
        },
    );
    progress.finish();
    let totals = totals?;
    out.flush()?;
    drop(out);

    let failed = totals.failed + denied_files;
    if !args.corpus.quiet {
        let mut stderr = io::stderr().lock();
        by_code.print(&levels, &mut stderr)?;
        drop(stderr);
        eprintln!(
            "checked {}: {} with errors, {}, {}{}{}; {}",
            count(totals.items, "file"),
            failed,
            count(errors, "error"),
            count(warnings, "warning"),
            skipped_clause(&totals),
            stopped_clause(&totals),
            Figures::from(&totals),
        );
    }
    Ok(Status::from_failed(failed))
}
