//! `dateline formats`: every export format, built in or not.

use std::io::{self, Write};

use dateline_export::Registry;

use crate::EXIT_OK;

#[derive(clap::Args)]
pub struct Args {
    /// Print a JSON array of {name, kind, extension, media_type, description}.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> io::Result<u8> {
    let registry = Registry::with_builtins();
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        let formats: Vec<_> = registry.formats().collect();
        serde_json::to_writer_pretty(&mut out, &formats)?;
        writeln!(out)?;
    } else {
        let width = |f: fn(&dateline_export::FormatInfo) -> usize, title: &str| {
            registry
                .formats()
                .map(f)
                .max()
                .unwrap_or(0)
                .max(title.len())
        };
        let name = width(|f| f.name.len(), "NAME");
        let ext = width(|f| f.extension.len() + 1, "EXT");
        let media = width(|f| f.media_type.len(), "MEDIA TYPE");
        writeln!(
            out,
            "{:name$}  {:6}  {:ext$}  {:media$}  DESCRIPTION",
            "NAME", "KIND", "EXT", "MEDIA TYPE"
        )?;
        for f in registry.formats() {
            writeln!(
                out,
                "{:name$}  {:6}  {:ext$}  {:media$}  {}",
                f.name,
                f.kind.as_str(),
                format!(".{}", f.extension),
                f.media_type,
                f.description
            )?;
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}
