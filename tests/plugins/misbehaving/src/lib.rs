//! A plugin fixture that fails and panics on purpose, at every entry point.

use std::io::Write;

use dateline_plugin::dateline_core::Article;
use dateline_plugin::dateline_export::{ExportError, Exporter, FormatInfo, Kind, Options, Result};

/// Where [`Misbehave`] goes wrong.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// In `begin`, with a panic.
    PanicBegin,
    /// In `article`, with a panic.
    PanicArticle,
    /// In `end`, with a panic.
    PanicEnd,
    /// In `article`, with an error.
    FailArticle,
    /// In `article`, with an error, only for the article whose id starts with
    /// `0150` (mid-corpus in the tests' generated corpora); the others written.
    FailLate,
}

/// Writes a line per call, and misbehaves once.
pub struct Misbehave(When);

const fn info(name: &'static str) -> FormatInfo {
    FormatInfo::new(
        name,
        Kind::Stream,
        "txt",
        "text/plain",
        "Test fixture: misbehaves",
    )
}

impl Exporter for Misbehave {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.0 == When::PanicBegin {
            panic!("panicked in begin on purpose");
        }
        writeln!(out, "begin")?;
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        match self.0 {
            When::PanicArticle => panic!("panicked on {:?} on purpose", article.title),
            When::FailArticle => Err(ExportError::Format {
                format: "fail-article".to_owned(),
                message: format!("refused {:?} on purpose", article.title),
            }),
            When::FailLate
                if article
                    .id
                    .as_deref()
                    .is_some_and(|id| id.starts_with("0150")) =>
            {
                Err(ExportError::Format {
                    format: "fail-late".to_owned(),
                    message: "refused article 0150 on purpose".to_owned(),
                })
            }
            _ => {
                writeln!(out, "{}", article.title)?;
                Ok(())
            }
        }
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.0 == When::PanicEnd {
            let reason = String::from("panicked in end on purpose");
            std::panic::panic_any(reason);
        }
        writeln!(out, "end")?;
        Ok(())
    }
}

dateline_plugin::export_plugin! {
    name: "misbehaving",
    version: "0.0.1",
    formats: [
        info("panic-create") => |_: &Options| -> Result<Box<dyn Exporter>> {
            panic!("panicked in create on purpose")
        },
        info("fail-create") => |_: &Options| -> Result<Box<dyn Exporter>> {
            Err(ExportError::Format {
                format: "fail-create".to_owned(),
                message: "cannot start on purpose".to_owned(),
            })
        },
        info("panic-begin") => |_: &Options| Ok(Box::new(Misbehave(When::PanicBegin))),
        info("panic-article") => |_: &Options| Ok(Box::new(Misbehave(When::PanicArticle))),
        info("panic-end") => |_: &Options| Ok(Box::new(Misbehave(When::PanicEnd))),
        info("fail-article") => |_: &Options| Ok(Box::new(Misbehave(When::FailArticle))),
        info("fail-late") => |_: &Options| Ok(Box::new(Misbehave(When::FailLate))),
    ],
}
