//! `dateline check PATH...`: every error and warning in files, directories and
//! archives.
//!
//! Inputs are checked in parallel (`dateline_corpus`); each one's report is
//! rendered on a worker and printed in input order, so the output is the same
//! whatever the number of threads.

use std::io::{self, IsTerminal, Write};

use dateline_core::Severity;

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
}

/// One input's report, rendered.
struct Checked {
    out: Vec<u8>,
    errors: u64,
    warnings: u64,
}

pub fn run(args: &Args) -> Result<Status, CliError> {
    let color = args.color.enabled();
    let progress = Progress::new(args.corpus.quiet);
    // With a bar on the terminal, output to the same terminal goes out item by item
    // with the bar cleared.
    let interleave = progress.is_visible() && io::stdout().is_terminal();
    let mut out = output::stdout(64 * 1024);
    let (mut errors, mut warnings) = (0u64, 0u64);
    let totals = args.corpus.corpus().map(
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
            };
            for d in &diagnostics {
                match d.severity() {
                    Severity::Error => checked.errors += 1,
                    Severity::Warning if args.errors_only => continue,
                    Severity::Warning => checked.warnings += 1,
                }
                // Writing into a Vec cannot fail.
                let _ =
                    output::print_diagnostic(&mut checked.out, args.format, color, name, bytes, d);
            }
            checked
        },
        |checked| -> Result<(), CliError> {
            errors += checked.errors;
            warnings += checked.warnings;
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

    if !args.corpus.quiet {
        eprintln!(
            "checked {}: {} with errors, {}, {}{}{}; {}",
            count(totals.items, "file"),
            totals.failed,
            count(errors, "error"),
            count(warnings, "warning"),
            skipped_clause(&totals),
            stopped_clause(&totals),
            Figures::from(&totals),
        );
    }
    Ok(Status::from_failed(totals.failed))
}
