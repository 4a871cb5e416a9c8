//! `dateline parse FILE`: one article's document model as JSON.

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;

use dateline_corpus::source::Payload;
use dateline_corpus::{Item, Reader};

use crate::error::{CliError, Status};
use crate::output::{self, ColorChoice};

#[derive(clap::Args)]
pub struct Args {
    /// The article file, or `-` for standard input.
    file: PathBuf,
    /// Print compact JSON on one line instead of indented JSON.
    #[arg(long)]
    compact: bool,
    /// Color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
}

pub fn run(args: &Args) -> Result<Status, CliError> {
    let mut item = if args.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        let payload = match io::stdin().lock().read_to_end(&mut bytes) {
            Ok(_) => Payload::Bytes(bytes),
            Err(e) => Payload::Failed(e),
        };
        Item::named("<stdin>".to_owned(), None, payload)
    } else {
        Item::file(args.file.clone())
    };
    let mut reader = Reader::new();
    match dateline_corpus::load(&mut reader, &mut item) {
        Ok(loaded) => {
            let mut out = output::stdout(64 * 1024);
            output::write_json(&mut out, &loaded.article, args.compact)?;
            writeln!(out)?;
            out.flush()?;
            Ok(Status::Clean)
        }
        Err(rejected) => {
            let color = args.color.enabled() && io::stderr().is_terminal();
            io::stderr()
                .lock()
                .write_all(&output::rejected_report(&rejected, color))?;
            Ok(Status::InputErrors)
        }
    }
}
