//! The format registry and the built-in formats.
//!
//! A [`Registry`] maps format names to a [`FormatInfo`] and a factory of
//! [`Exporter`]s. [`Registry::with_builtins`] holds the eight built-in formats;
//! formats loaded at run time are [`register`](Registry::register)ed beside them
//! and are then listed and created exactly like the built-in ones.
//!
//! | name | kind | extension | media type |
//! | --- | --- | --- | --- |
//! | `json` | stream | `json` | `application/json` |
//! | `jsonl` | stream | `jsonl` | `application/jsonl` |
//! | `csv` | stream | `csv` | `text/csv` |
//! | `markdown` | page | `md` | `text/markdown` |
//! | `html` | page | `html` | `text/html` |
//! | `xml` | page | `xml` | `application/tei+xml` |
//! | `text` | page | `txt` | `text/plain` |
//! | `native` | page | `txt` | `text/plain` |
//!
//! Every format writes UTF-8. Each module documents its fields, in order.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod native;
pub mod text;
pub mod xml;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use dateline_core::{Article, Block, Date};

use crate::{ExportError, Exporter, FormatInfo, Options, Result};

/// Builds an exporter of one format with the given options.
pub type Factory = Arc<dyn Fn(&Options) -> Result<Box<dyn Exporter>> + Send + Sync>;

/// Formats by name: what a CLI lists (`dateline formats`) and creates exporters from.
#[derive(Clone, Default)]
pub struct Registry {
    formats: Vec<(FormatInfo, Factory)>,
}

impl Registry {
    /// A registry with no format.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// A registry with the built-in formats, in the order of [`builtin`].
    pub fn with_builtins() -> Registry {
        fn boxed<E: Exporter + 'static>(
            make: fn(&Options) -> E,
        ) -> impl Fn(&Options) -> Result<Box<dyn Exporter>> + Send + Sync + 'static {
            move |options| Ok(Box::new(make(options)))
        }
        let mut registry = Registry::new();
        let builtins: [(FormatInfo, Factory); 8] = [
            (json::JSON, Arc::new(boxed(json::Json::new))),
            (json::JSONL, Arc::new(boxed(json::JsonLines::new))),
            (csv::INFO, Arc::new(boxed(csv::Csv::new))),
            (markdown::INFO, Arc::new(boxed(markdown::Markdown::new))),
            (html::INFO, Arc::new(boxed(html::Html::new))),
            (xml::INFO, Arc::new(boxed(xml::Tei::new))),
            (text::INFO, Arc::new(boxed(text::Text::new))),
            (native::INFO, Arc::new(boxed(native::Native::new))),
        ];
        registry.formats.extend(builtins);
        registry
    }

    /// Adds a format. Fails when a format of the same name (ignoring ASCII case)
    /// is already registered: built-in formats cannot be shadowed.
    pub fn register(
        &mut self,
        info: FormatInfo,
        factory: impl Fn(&Options) -> Result<Box<dyn Exporter>> + Send + Sync + 'static,
    ) -> Result<()> {
        if self.find(&info.name).is_some() {
            return Err(ExportError::Format {
                format: info.name.into_owned(),
                message: "a format of this name is already registered".to_owned(),
            });
        }
        self.formats.push((info, Arc::new(factory)));
        Ok(())
    }

    /// Every format, in registration order.
    pub fn formats(&self) -> impl Iterator<Item = &FormatInfo> {
        self.formats.iter().map(|(info, _)| info)
    }

    /// The format called `name` (ignoring ASCII case).
    pub fn find(&self, name: &str) -> Option<&FormatInfo> {
        self.entry(name).map(|(info, _)| info)
    }

    /// A new exporter of the format called `name`.
    pub fn create(&self, name: &str, options: &Options) -> Result<Box<dyn Exporter>> {
        match self.entry(name) {
            Some((_, factory)) => factory(options),
            None => Err(ExportError::UnknownFormat {
                name: name.to_owned(),
                known: self
                    .formats()
                    .map(|f| f.name.as_ref())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    fn entry(&self, name: &str) -> Option<&(FormatInfo, Factory)> {
        self.formats
            .iter()
            .find(|(info, _)| info.name.eq_ignore_ascii_case(name))
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.formats()).finish()
    }
}

/// The descriptors of the built-in formats: `json`, `jsonl`, `csv`, `markdown`,
/// `html`, `xml`, `text`, `native`.
pub fn builtin() -> Vec<FormatInfo> {
    Registry::with_builtins().formats().cloned().collect()
}

/// The built-in format called `name` (ignoring ASCII case).
pub fn find(name: &str) -> Option<FormatInfo> {
    Registry::with_builtins().find(name).cloned()
}

/// A new exporter of the built-in format called `name`.
///
/// ```
/// let mut exporter = dateline_export::formats::create("jsonl", &Default::default())?;
/// # let _ = &mut exporter;
/// assert!(dateline_export::formats::create("docx", &Default::default()).is_err());
/// # Ok::<(), dateline_export::ExportError>(())
/// ```
pub fn create(name: &str, options: &Options) -> Result<Box<dyn Exporter>> {
    Registry::with_builtins().create(name, options)
}

/// The article as the options want it in the document model: promos left out
/// when they are dropped (a copy is made only then).
pub(crate) fn model<'m, 'a>(article: &'m Article<'a>, options: &Options) -> Cow<'m, Article<'a>> {
    if !options.drop_promos || article.related().next().is_none() {
        return Cow::Borrowed(article);
    }
    Cow::Owned(Article {
        model_version: article.model_version,
        id: article.id.clone(),
        title: article.title.clone(),
        date: article.date,
        url: article.url.clone(),
        header: article.header,
        blocks: article
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Paragraph(_)))
            .cloned()
            .collect(),
        layout: article.layout.clone(),
    })
}

/// `YYYY-MM-DD` without allocating.
pub(crate) fn iso_date(d: Date, buf: &mut [u8; 10]) -> &[u8] {
    let mut put = |at: usize, mut n: u16, width: usize| {
        for i in (0..width).rev() {
            buf[at + i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(0, d.year(), 4);
    put(5, u16::from(d.month()), 2);
    put(8, u16::from(d.day()), 2);
    buf[4] = b'-';
    buf[7] = b'-';
    buf
}

/// `January` .. `December`.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_lists_and_creates_every_builtin() {
        let names: Vec<_> = builtin().into_iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "json", "jsonl", "csv", "markdown", "html", "xml", "text", "native"
            ]
        );
        for name in &names {
            assert!(create(name, &Options::default()).is_ok(), "{name}");
            assert!(
                create(&name.to_uppercase(), &Options::default()).is_ok(),
                "{name}"
            );
        }
        let Err(ExportError::UnknownFormat { known, .. }) = create("docx", &Options::default())
        else {
            panic!("docx is no format");
        };
        assert!(known.starts_with("json, jsonl, csv"), "{known}");
    }

    #[test]
    fn registered_formats_are_listed_and_created_like_builtins() {
        struct Count(usize);
        impl Exporter for Count {
            fn begin(&mut self, _: &mut dyn std::io::Write) -> Result<()> {
                self.0 = 0;
                Ok(())
            }
            fn article(&mut self, _: &mut dyn std::io::Write, _: &Article<'_>) -> Result<()> {
                self.0 += 1;
                Ok(())
            }
            fn end(&mut self, out: &mut dyn std::io::Write) -> Result<()> {
                writeln!(out, "{}", self.0)?;
                Ok(())
            }
        }
        let mut registry = Registry::with_builtins();
        let info = FormatInfo {
            name: "count".to_owned().into(),
            kind: crate::Kind::Stream,
            extension: "txt".to_owned().into(),
            media_type: "text/plain".to_owned().into(),
            description: "How many articles there are".to_owned().into(),
        };
        registry
            .register(info.clone(), |_: &Options| Ok(Box::new(Count(0))))
            .expect("a new name");
        assert!(
            registry
                .register(
                    FormatInfo::new("JSON", crate::Kind::Stream, "json", "x/y", "z"),
                    |_: &Options| Ok(Box::new(Count(0)))
                )
                .is_err(),
            "built-ins cannot be shadowed"
        );
        assert_eq!(registry.formats().last(), Some(&info));
        let mut exporter = registry
            .create("count", &Options::default())
            .expect("registered");
        let mut out = Vec::new();
        exporter.begin(&mut out).expect("begin");
        exporter.end(&mut out).expect("end");
        assert_eq!(out, b"0\n");
    }
}
