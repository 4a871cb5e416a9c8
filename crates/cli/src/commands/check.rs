//! `dateline check PATH...`: every error and warning in files, directories and
//! archives.
//!
//! Inputs are checked in parallel ([`crate::corpus`]); each one's report is
//! rendered on a worker and printed in input order, so the output is the same
//! whatever the number of threads.

use std::io::{self, IsTerminal, Write};

use dateline_core::Severity;

use crate::corpus::{self, Outcome};
use crate::output::{self, ColorChoice, Format};
use crate::progress::{Progress, count};
use crate::source::{Item, Reader};
use crate::{EXIT_INPUT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: corpus::CorpusArgs,
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
    bytes: u64,
    errors: u64,
    warnings: u64,
}

impl Outcome for Checked {
    fn bytes(&self) -> u64 {
        self.bytes
    }

    fn failed(&self) -> bool {
        self.errors > 0
    }
}

fn check(args: &Args, color: bool, reader: &mut Reader, mut item: Item) -> Checked {
    let (bytes, diagnostics) = match reader.read(&mut item.payload) {
        Ok(bytes) => (bytes, dateline_core::diagnose(bytes)),
        Err(e) => (&[][..], vec![output::unreadable(&e)]),
    };
    let mut checked = Checked {
        out: Vec::new(),
        bytes: bytes.len() as u64,
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
        let name = item.name();
        let _ = output::print_diagnostic(&mut checked.out, args.format, color, &name, bytes, d);
    }
    checked
}

pub fn run(args: &Args) -> io::Result<u8> {
    let color = args.color.enabled();
    let progress = Progress::new(args.corpus.quiet);
    // With a bar on the terminal, output to the same terminal goes out item by item
    // with the bar cleared.
    let interleave = progress.is_visible() && io::stdout().is_terminal();
    let mut out = output::stdout(64 * 1024);
    let (mut errors, mut warnings) = (0u64, 0u64);
    let totals = corpus::run(
        &args.corpus,
        &progress,
        |_| (),
        Reader::new,
        |reader, item, ()| check(args, color, reader, item),
        |checked| {
            errors += checked.errors;
            warnings += checked.warnings;
            if checked.out.is_empty() {
                return Ok(());
            }
            if interleave {
                progress.suspend(|| {
                    out.write_all(&checked.out)?;
                    out.flush()
                })
            } else {
                out.write_all(&checked.out)
            }
        },
    )?;
    out.flush()?;
    drop(out);

    if !args.corpus.quiet {
        let stopped = if totals.stopped {
            "; stopped at the first error (--fail-fast)"
        } else {
            ""
        };
        eprintln!(
            "checked {}: {} with errors, {}, {}{}{stopped}; {}",
            count(totals.items, "file"),
            totals.failed,
            count(errors, "error"),
            count(warnings, "warning"),
            totals.skipped_clause(),
            totals.figures,
        );
    }
    Ok(if totals.failed > 0 {
        EXIT_INPUT_ERRORS
    } else {
        EXIT_OK
    })
}
