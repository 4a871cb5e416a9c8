//! What every format shares: exporters are reusable, write only what they are
//! given, and handle documents of zero, one and many articles.

use std::io::{self, Write};

use dateline_export::{ExportError, Kind, Options, formats};

use crate::common::{AnyWriter, export, fixtures, option_sets};

#[test]
fn an_exporter_can_write_many_documents() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    for info in formats::builtin() {
        for (label, options) in option_sets() {
            let mut exporter = AnyWriter::new(&info.name, &options);
            let mut first = Vec::new();
            let mut again = Vec::new();
            for out in [&mut first, &mut again] {
                exporter.begin(out).expect("begin");
                for article in &articles {
                    exporter.article(out, article).expect("article");
                }
                exporter.end(out).expect("end");
            }
            assert_eq!(first, again, "{}/{label}: reusable after end", info.name);
            let refs: Vec<_> = articles.iter().collect();
            let fresh = export(&info.name, &options, &refs);
            assert_eq!(first, fresh.as_bytes(), "{}/{label}", info.name);
        }
    }
}

#[test]
fn page_formats_write_one_article_per_document_without_holding_it() {
    // For a page format a document of one article is written by the time `end`
    // returns; stream formats (but json's first article) are written as they come.
    let seed = crate::common::seed();
    let article = seed.article();
    for info in formats::builtin() {
        let mut exporter = AnyWriter::new(&info.name, &Options::new());
        let mut out = Vec::new();
        exporter.begin(&mut out).expect("begin");
        let before = out.len();
        exporter.article(&mut out, &article).expect("article");
        let held = out.len() == before;
        exporter.end(&mut out).expect("end");
        assert!(out.len() > before, "{}", info.name);
        let may_hold = matches!(&*info.name, "xml");
        assert!(!held || may_hold, "{} held an article back", info.name);
        assert_eq!(
            info.kind == Kind::Stream,
            ["json", "jsonl", "csv", "model"].contains(&&*info.name)
        );
    }
}

/// A writer that fails after `budget` bytes.
struct Failing {
    budget: usize,
}

impl Write for Failing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.len() > self.budget {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
        }
        self.budget -= buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn write_errors_are_reported_as_io_errors() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    for info in formats::builtin() {
        for budget in [0, 10, 1000] {
            let mut exporter = AnyWriter::new(&info.name, &Options::new());
            let mut out = Failing { budget };
            let result = exporter.begin(&mut out).and_then(|()| {
                articles
                    .iter()
                    .try_for_each(|a| exporter.article(&mut out, a))
                    .and_then(|()| exporter.end(&mut out))
            });
            let error = result.expect_err("the output fails");
            assert!(
                matches!(error, ExportError::Io(_)),
                "{}: {error:?}",
                info.name
            );
            assert_eq!(
                error.io_kind(),
                Some(io::ErrorKind::BrokenPipe),
                "{}",
                info.name
            );
        }
    }
}

#[test]
fn descriptors_are_complete() {
    for info in formats::builtin() {
        assert!(!info.name.is_empty());
        assert_eq!(info.name, info.name.to_lowercase());
        assert!(!info.extension.is_empty() && !info.extension.contains('.'));
        assert!(info.media_type.contains('/'), "{}", info.media_type);
        assert!(!info.description.is_empty() && !info.description.contains('\n'));
        assert_eq!(formats::find(&info.name), Some(info.clone()));
    }
}
