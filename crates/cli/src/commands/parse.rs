//! `dateline parse FILE`: one article's document model as JSON.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::inputs::Input;
use crate::output::{self, ColorChoice, Format};
use crate::{EXIT_INPUT_ERRORS, EXIT_OK};

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

pub fn run(args: &Args) -> io::Result<u8> {
    let input = if args.file.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(args.file.clone())
    };
    let name = input.display_name();
    let bytes = match input.read() {
        Ok(bytes) => bytes,
        Err(e) => {
            let d = output::unreadable(&e);
            output::print_diagnostic(&mut io::stderr(), Format::Human, false, &name, b"", &d)?;
            return Ok(EXIT_INPUT_ERRORS);
        }
    };
    match dateline_core::parse_bytes(&bytes) {
        Ok(mut article) => {
            article.id = input.article_id().map(Into::into);
            let mut out = io::stdout().lock();
            if args.compact {
                serde_json::to_writer(&mut out, &article)?;
            } else {
                output::write_pretty_json(&mut out, &serde_json::to_value(&article)?)?;
            }
            writeln!(out)?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            let color = args.color.enabled() && std::io::IsTerminal::is_terminal(&io::stderr());
            let mut err = io::stderr().lock();
            for d in &e.diagnostics {
                output::print_diagnostic(&mut err, Format::Human, color, &name, &bytes, d)?;
            }
            Ok(EXIT_INPUT_ERRORS)
        }
    }
}
