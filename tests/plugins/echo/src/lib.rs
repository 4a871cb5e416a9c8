//! A well-behaved plugin fixture: `echo` writes each headline on a line, and
//! `csv` clashes with the built-in format of that name.

use std::io::Write;

use dateline_plugin::dateline_core::Article;
use dateline_plugin::dateline_export::{Exporter, FormatInfo, Kind, Options, Result};

/// Writes `begin`, one line per article (`id<TAB>title<TAB>links`), `end`.
pub struct Echo {
    options: Options,
}

/// The `echo` format.
pub const ECHO: FormatInfo = FormatInfo::new(
    "echo",
    Kind::Stream,
    "txt",
    "text/plain",
    "Test fixture: headlines, one per line",
);

/// A format named like a built-in one.
pub const CSV: FormatInfo = FormatInfo::new(
    "csv",
    Kind::Stream,
    "csv",
    "text/csv",
    "Test fixture: clashes with the built-in csv",
);

impl Exporter for Echo {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        writeln!(out, "begin raw={:?}", self.options.raw)?;
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        let outlet = self
            .options
            .links
            .as_ref()
            .and_then(|linker| linker.links(article).outlet)
            .map_or_else(|| "-".to_owned(), |o| o.name.clone());
        writeln!(
            out,
            "{}\t{}\t{}",
            article.id.as_deref().unwrap_or("-"),
            article.title,
            outlet
        )?;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        writeln!(out, "end")?;
        Ok(())
    }

    fn independent_articles(&self) -> bool {
        true
    }
}

dateline_plugin::export_plugin! {
    name: "echo",
    version: "1.2.3",
    formats: [
        ECHO => |options: &Options| Ok(Box::new(Echo { options: options.clone() })),
        CSV => |_: &Options| Ok(Box::new(Echo { options: Options::new() })),
    ],
}
