//! The format registry and the built-in formats.
//!
//! A [`Registry`] maps format names to a [`FormatInfo`] and a factory: of
//! [`Exporter`]s for the formats that write articles, of [`RecordWriter`]s for
//! those that write analysis records ([`FormatInfo::input`]).
//! [`Registry::with_builtins`] holds the nine built-in formats; formats loaded
//! at run time are [`register`](Registry::register)ed beside them and are then
//! listed and created exactly like the built-in ones.
//!
//! | name | kind | input | extension | media type |
//! | --- | --- | --- | --- | --- |
//! | `json` | stream | record | `json` | `application/json` |
//! | `jsonl` | stream | record | `jsonl` | `application/jsonl` |
//! | `csv` | stream | record | `csv` | `text/csv` |
//! | `model` | stream | article | `jsonl` | `application/jsonl` |
//! | `markdown` | page | article | `md` | `text/markdown` |
//! | `html` | page | article | `html` | `text/html` |
//! | `xml` | page | article | `xml` | `application/tei+xml` |
//! | `text` | page | article | `txt` | `text/plain` |
//! | `native` | page | article | `txt` | `text/plain` |
//!
//! Every format writes UTF-8. Each module documents its fields, in order.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod native;
pub mod text;
pub mod xml;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use dateline_core::{Article, Block};

use crate::{ExportError, Exporter, FormatInfo, Input, Options, RecordWriter, Result};

/// Builds an exporter of one format with the given options.
pub type Factory = Arc<dyn Fn(&Options) -> Result<Box<dyn Exporter>> + Send + Sync>;

/// Builds a record writer of one format with the given options.
pub type RecordFactory = Arc<dyn Fn(&Options) -> Result<Box<dyn RecordWriter>> + Send + Sync>;

/// How a registered format is made.
#[derive(Clone)]
enum Make {
    Articles(Factory),
    Records(RecordFactory),
}

/// Formats by name: what a CLI lists (`dateline formats`) and creates exporters from.
#[derive(Clone, Default)]
pub struct Registry {
    formats: Vec<(FormatInfo, Make)>,
}

impl Registry {
    /// A registry with no format.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// A registry with the built-in formats, in the order of [`builtin`].
    pub fn with_builtins() -> Registry {
        fn articles<E: Exporter + 'static>(make: fn(&Options) -> E) -> Make {
            Make::Articles(Arc::new(move |options| Ok(Box::new(make(options)))))
        }
        fn records<W: RecordWriter + 'static>(make: fn(&Options) -> W) -> Make {
            Make::Records(Arc::new(move |options| Ok(Box::new(make(options)))))
        }
        let mut registry = Registry::new();
        let builtins: [(FormatInfo, Make); 9] = [
            (json::JSON, records(json::Json::new)),
            (json::JSONL, records(json::JsonLines::new)),
            (csv::INFO, records(csv::Csv::new)),
            (model::INFO, articles(model::Model::new)),
            (markdown::INFO, articles(markdown::Markdown::new)),
            (html::INFO, articles(html::Html::new)),
            (xml::INFO, articles(xml::Tei::new)),
            (text::INFO, articles(text::Text::new)),
            (native::INFO, articles(native::Native::new)),
        ];
        registry.formats.extend(builtins);
        registry
    }

    /// Adds a format that writes articles. Fails when a format of the same
    /// name (ignoring ASCII case) is already registered: built-in formats
    /// cannot be shadowed.
    pub fn register(
        &mut self,
        info: FormatInfo,
        factory: impl Fn(&Options) -> Result<Box<dyn Exporter>> + Send + Sync + 'static,
    ) -> Result<()> {
        let info = info.with_input(Input::Article);
        self.add(info, Make::Articles(Arc::new(factory)))
    }

    /// Adds a format that writes records (see [`Registry::register`]).
    pub fn register_records(
        &mut self,
        info: FormatInfo,
        factory: impl Fn(&Options) -> Result<Box<dyn RecordWriter>> + Send + Sync + 'static,
    ) -> Result<()> {
        let info = info.with_input(Input::Record);
        self.add(info, Make::Records(Arc::new(factory)))
    }

    fn add(&mut self, info: FormatInfo, make: Make) -> Result<()> {
        if self.find(&info.name).is_some() {
            return Err(ExportError::Format {
                format: info.name.into_owned(),
                message: "a format of this name is already registered".to_owned(),
            });
        }
        self.formats.push((info, make));
        Ok(())
    }

    /// Every format, in registration order.
    pub fn formats(&self) -> impl Iterator<Item = &FormatInfo> {
        self.formats.iter().map(|(info, _)| info)
    }

    /// The format called `name` (ignoring ASCII case), or one of its
    /// [`ALIASES`] (`md`, `tei`, `ndjson`).
    ///
    /// ```
    /// let registry = dateline_export::Registry::with_builtins();
    /// assert_eq!(registry.find("MD").map(|f| f.name.as_ref()), Some("markdown"));
    /// assert_eq!(registry.find("ndjson").map(|f| f.name.as_ref()), Some("jsonl"));
    /// ```
    pub fn find(&self, name: &str) -> Option<&FormatInfo> {
        self.entry(name).map(|(info, _)| info)
    }

    /// The format whose files end in `.extension` (ignoring ASCII case and a
    /// leading dot): the first registered, so that built-in formats come
    /// before plugins' and `jsonl` before `model`. `txt` names no format (both
    /// `text` and `native` write it).
    ///
    /// ```
    /// let registry = dateline_export::Registry::with_builtins();
    /// assert_eq!(registry.by_extension(".JSONL").map(|f| f.name.as_ref()), Some("jsonl"));
    /// assert_eq!(registry.by_extension("md").map(|f| f.name.as_ref()), Some("markdown"));
    /// assert!(registry.by_extension("txt").is_none());
    /// ```
    pub fn by_extension(&self, extension: &str) -> Option<&FormatInfo> {
        let extension = extension.strip_prefix('.').unwrap_or(extension);
        if AMBIGUOUS_EXTENSIONS
            .iter()
            .any(|e| e.eq_ignore_ascii_case(extension))
        {
            return None;
        }
        self.formats()
            .find(|info| info.extension.eq_ignore_ascii_case(extension))
    }

    /// A new exporter of the format called `name`, a format that writes
    /// articles.
    ///
    /// # Errors
    ///
    /// [`ExportError::UnknownFormat`], or [`ExportError::Format`] for a format
    /// that writes records (create it with [`Registry::create_records`]), or
    /// the format's own error.
    pub fn create(&self, name: &str, options: &Options) -> Result<Box<dyn Exporter>> {
        match self.entry(name) {
            Some((_, Make::Articles(factory))) => factory(options),
            Some((info, Make::Records(_))) => Err(ExportError::Format {
                format: info.name.to_string(),
                message: "this format writes records: create it with create_records".to_owned(),
            }),
            None => Err(self.unknown(name)),
        }
    }

    /// A new record writer of the format called `name`, a format that writes
    /// records.
    ///
    /// # Errors
    ///
    /// As [`Registry::create`], the other way round.
    pub fn create_records(&self, name: &str, options: &Options) -> Result<Box<dyn RecordWriter>> {
        match self.entry(name) {
            Some((_, Make::Records(factory))) => factory(options),
            Some((info, Make::Articles(_))) => Err(ExportError::Format {
                format: info.name.to_string(),
                message: "this format writes articles: create it with create".to_owned(),
            }),
            None => Err(self.unknown(name)),
        }
    }

    fn unknown(&self, name: &str) -> ExportError {
        ExportError::UnknownFormat {
            name: name.to_owned(),
            known: self
                .formats()
                .map(|f| f.name.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    fn entry(&self, name: &str) -> Option<&(FormatInfo, Make)> {
        let by_name = |name: &str| {
            self.formats
                .iter()
                .find(|(info, _)| info.name.eq_ignore_ascii_case(name))
        };
        by_name(name).or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
                .and_then(|&(_, format)| by_name(format))
        })
    }
}

/// Other names of built-in formats, as pandoc users type them: `(alias,
/// format)`. A format registered under an alias's name (a plugin's `md`) wins
/// over the alias.
pub const ALIASES: &[(&str, &str)] = &[("md", "markdown"), ("tei", "xml"), ("ndjson", "jsonl")];

/// Extensions more than one built-in format writes, so that none is meant.
const AMBIGUOUS_EXTENSIONS: &[&str] = &["txt"];

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.formats()).finish()
    }
}

/// The descriptors of the built-in formats: `json`, `jsonl`, `csv`, `model`,
/// `markdown`, `html`, `xml`, `text`, `native`.
pub fn builtin() -> Vec<FormatInfo> {
    Registry::with_builtins().formats().cloned().collect()
}

/// The built-in format called `name` (ignoring ASCII case).
pub fn find(name: &str) -> Option<FormatInfo> {
    Registry::with_builtins().find(name).cloned()
}

/// A new exporter of the built-in format called `name` (one that writes
/// articles).
///
/// ```
/// let mut exporter = dateline_export::formats::create("model", &Default::default())?;
/// # let _ = &mut exporter;
/// assert!(dateline_export::formats::create("docx", &Default::default()).is_err());
/// assert!(dateline_export::formats::create("csv", &Default::default()).is_err(), "csv writes records");
/// # Ok::<(), dateline_export::ExportError>(())
/// ```
pub fn create(name: &str, options: &Options) -> Result<Box<dyn Exporter>> {
    Registry::with_builtins().create(name, options)
}

/// A new record writer of the built-in format called `name` (`json`, `jsonl`,
/// `csv`).
pub fn create_records(name: &str, options: &Options) -> Result<Box<dyn RecordWriter>> {
    Registry::with_builtins().create_records(name, options)
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
                "json", "jsonl", "csv", "model", "markdown", "html", "xml", "text", "native"
            ]
        );
        for info in builtin() {
            let name = &info.name;
            let made = |name: &str| match info.input {
                Input::Article => create(name, &Options::default()).map(drop),
                Input::Record => create_records(name, &Options::default()).map(drop),
            };
            assert!(made(name).is_ok(), "{name}");
            assert!(made(&name.to_uppercase()).is_ok(), "{name}");
            // The other constructor refuses it, naming the right one.
            let other = match info.input {
                Input::Article => create_records(name, &Options::default()).map(drop),
                Input::Record => create(name, &Options::default()).map(drop),
            };
            assert!(matches!(other, Err(ExportError::Format { .. })), "{name}");
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
            input: Input::Article,
            single_file: true,
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
