//! `dateline check PATH...`: every error and warning in files and directories.

use std::io::{self, Write};
use std::path::PathBuf;

use dateline_core::Severity;

use crate::inputs;
use crate::output::{self, ColorChoice, Format};
use crate::{EXIT_INPUT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// Files and directories (walked recursively for *.txt files); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
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

#[derive(Default)]
struct Tally {
    files: usize,
    failed: usize,
    errors: usize,
    warnings: usize,
}

pub fn run(args: &Args) -> io::Result<u8> {
    let (inputs, walk_errors) = inputs::expand(&args.paths);
    let color = args.color.enabled();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut tally = Tally::default();

    for walk_error in &walk_errors {
        let d = output::unreadable(&walk_error.error);
        let name = walk_error.path.display().to_string();
        output::print_diagnostic(&mut out, args.format, color, &name, b"", &d)?;
        tally.failed += 1;
        tally.errors += 1;
    }
    for input in &inputs {
        tally.files += 1;
        let name = input.display_name();
        let (bytes, diagnostics) = match input.read() {
            Ok(bytes) => {
                let diagnostics = dateline_core::diagnose(&bytes);
                (bytes, diagnostics)
            }
            Err(e) => (Vec::new(), vec![output::unreadable(&e)]),
        };
        let mut failed = false;
        for d in &diagnostics {
            match d.severity() {
                Severity::Error => {
                    failed = true;
                    tally.errors += 1;
                }
                Severity::Warning if args.errors_only => continue,
                Severity::Warning => tally.warnings += 1,
            }
            output::print_diagnostic(&mut out, args.format, color, &name, &bytes, d)?;
        }
        tally.failed += usize::from(failed);
    }
    out.flush()?;
    drop(out);

    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "checked {}: {} with errors, {}, {}",
        plural(tally.files, "file"),
        tally.failed,
        plural(tally.errors, "error"),
        plural(tally.warnings, "warning"),
    );
    Ok(if tally.failed > 0 {
        EXIT_INPUT_ERRORS
    } else {
        EXIT_OK
    })
}
