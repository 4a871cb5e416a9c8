//! The analysis record: one flat row per article, the same in every format
//! that writes records (`json`, `jsonl`, `csv`, the `parquet` plugin, Arrow
//! for Python). It sits beside the lossless document model: the model gives a
//! file back byte for byte; the record is what an analysis loads into a data
//! frame.
//!
//! ```
//! use dateline_export::record::Record;
//! use dateline_export::{GazetteerLinker, Linker, Options};
//!
//! let article = dateline_core::parse(
//!     "Talks\n20220131\nhttps://www.bbc.com/news/world-60212345\nPerReuters,the talks went on.\nRead Also:Talks end\n",
//! )?
//! .with_id("0001");
//! let links = GazetteerLinker::builtin().links(&article);
//! let record = Record::new(&article, Some("corpus/0001.txt"), Some(&links), &Options::new());
//! assert_eq!(record.id, "0001");
//! assert_eq!(record.path.as_deref(), Some("corpus/0001.txt"));
//! assert_eq!(record.outlet_id.as_deref(), Some("bbc"));
//! assert_eq!(record.text, "Per Reuters, the talks went on.");
//! assert_eq!(record.promos[0].title, "Talks end");
//! assert_eq!(record.sources[0].outlet_id.as_deref(), Some("reuters"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Fields (record version 1)
//!
//! The table is generated from the code ([`FIELDS`]); `doc/record.md` and the
//! JSON Schema (`crates/export/schema/record-v1.schema.json`) are generated
//! from the same code, and a test keeps them current.
//!
//! Values that are unknown are `null` (JSON, Parquet, Arrow) or an empty cell
//! (CSV), never a made-up value: `canonical_url` and the fields after it come
//! from link resolution (`dateline convert` does it unless `--no-links`), the
//! `to`, `method` and `score` of promos from cross-reference resolution
//! (`--resolve`).
//!
//! Dates are `YYYY-MM-DD` in JSON and CSV (DuckDB and pandas type them as
//! dates), Arrow `date32` in Parquet. `text` is the article's paragraphs joined
//! by a blank line (`"\n\n"`): a paragraph holds no line break, so
//! `text.split("\n\n")` gives the paragraphs back exactly.

#[cfg(feature = "arrow")]
pub mod arrow;

use std::borrow::Cow;

use dateline_core::{Article, Date};
use serde::{Deserialize, Serialize};

use crate::{ArticleLinks, Options, OutletRef};
use dateline_links::spaced::AttributionKind;

/// The version of the record's shape: a change of a field's name, type or
/// meaning makes a new version (and a new schema file).
pub const RECORD_VERSION: u32 = 1;

/// One article as an analysis record (see the [module docs](self)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Record<'a> {
    /// The article id, unique within a run: the file's stem (`0001`), or the
    /// stem with `-2`, `-3`... when an earlier file of the run had it.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Where the article was read from: its path as given, or
    /// `ARCHIVE:MEMBER` for an archive member, `<stdin>` for standard input;
    /// null when unknown.
    #[serde(borrow)]
    pub path: Option<Cow<'a, str>>,
    /// The headline.
    #[serde(borrow)]
    pub title: Cow<'a, str>,
    /// The date of the header line.
    pub date: Date,
    /// The source URL as written.
    #[serde(borrow)]
    pub url: Cow<'a, str>,
    /// The canonical form of the URL (lower-case host, no tracking parameters,
    /// no fragment).
    #[serde(borrow)]
    pub canonical_url: Option<Cow<'a, str>>,
    /// The URL's host, lower case (`www.hngn.com`).
    #[serde(borrow)]
    pub host: Option<Cow<'a, str>>,
    /// The host's registrable domain (`hngn.com`).
    #[serde(borrow)]
    pub domain: Option<Cow<'a, str>>,
    /// The id of the outlet that published the article, found from the host
    /// (`hngn`).
    #[serde(borrow)]
    pub outlet_id: Option<Cow<'a, str>>,
    /// That outlet's name (`Headlines & Global News`).
    #[serde(borrow)]
    pub outlet_name: Option<Cow<'a, str>>,
    /// The publication date in the URL's path.
    pub url_date: Option<Date>,
    /// The outlet's own article id in the URL (`240451`).
    #[serde(borrow)]
    pub url_article_id: Option<Cow<'a, str>>,
    /// The slug of the URL's path (`macron-heads-meet-putin`).
    #[serde(borrow)]
    pub url_slug: Option<Cow<'a, str>>,
    /// The paragraphs, repaired (`PerBBC,the` → `Per BBC, the`; as written with
    /// `--raw`), joined by a blank line.
    pub text: String,
    /// The promo lines (`Read Also:<headline>`), in order; empty with
    /// `--drop-promos`.
    #[serde(borrow)]
    pub promos: Vec<Promo<'a>>,
    /// The sources the paragraphs attribute claims to: glued ones (`perBBC`),
    /// in order, then, with links, spaced ones naming a known outlet
    /// (`according to Reuters`, `told the BBC`, `Reuters reported`, `(AP)`).
    #[serde(borrow)]
    pub sources: Vec<Source<'a>>,
    /// The codes of the article's warnings (`W001`), in order.
    pub warnings: Vec<Cow<'static, str>>,
    /// How many repairs were made to glued link text.
    pub repairs: u32,
}

/// A promo line and, when resolution ran, the article it names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Promo<'a> {
    /// The label as written (`Read Also`).
    #[serde(borrow)]
    pub label: Cow<'a, str>,
    /// The headline it names.
    #[serde(borrow)]
    pub title: Cow<'a, str>,
    /// The id of the article it names; null when unresolved, ambiguous, or not
    /// resolved at all.
    #[serde(borrow)]
    pub to: Option<Cow<'a, str>>,
    /// How it was resolved: `exact`, `slug`, `fuzzy` or `typo` (for an ambiguity, the
    /// stage that found it); null when unresolved.
    pub method: Option<Cow<'static, str>>,
    /// The match's score, 0 to 1; null when unresolved.
    pub score: Option<f64>,
}

/// A source an attribution names, and its outlet when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Source<'a> {
    /// The source as written (`BBC`).
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// The id of the outlet of that name (`bbc`).
    #[serde(borrow)]
    pub outlet_id: Option<Cow<'a, str>>,
    /// The outlet's name (`BBC News`).
    #[serde(borrow)]
    pub outlet_name: Option<Cow<'a, str>>,
    /// The outlet's main domain (`bbc.co.uk`).
    #[serde(borrow)]
    pub domain: Option<Cow<'a, str>>,
}

impl<'a> Record<'a> {
    /// The record of `article`, read from `path`, with what `links` (a
    /// [`Linker`](crate::Linker)'s) knows of it; `options` choose repaired or
    /// raw text and whether promos are kept. Without links, the fields that
    /// come from them are null (but `host`, read off the URL). The record
    /// borrows its strings from the article and the links
    /// ([`Record::into_owned`] copies them).
    pub fn new(
        article: &'a Article<'a>,
        path: Option<&'a str>,
        links: Option<&'a ArticleLinks>,
        options: &Options,
    ) -> Record<'a> {
        /// The outlet's id, name and domain, borrowed.
        type OutletFields<'o> = (
            Option<Cow<'o, str>>,
            Option<Cow<'o, str>>,
            Option<Cow<'o, str>>,
        );
        fn outlet_fields(outlet: Option<&OutletRef>) -> OutletFields<'_> {
            match outlet {
                Some(o) => (
                    Some(Cow::Borrowed(o.id.as_str())),
                    Some(Cow::Borrowed(o.name.as_str())),
                    Some(Cow::Borrowed(o.domain.as_str())),
                ),
                None => (None, None, None),
            }
        }
        fn borrowed(s: &Option<String>) -> Option<Cow<'_, str>> {
            s.as_deref().map(Cow::Borrowed)
        }
        let url = links.and_then(|l| l.url.as_ref());
        let outlet = links.and_then(|l| l.outlet.as_deref());
        let mut text = String::with_capacity(article.paragraphs().map(|p| p.text.len() + 2).sum());
        for (i, p) in article.paragraphs().enumerate() {
            if i > 0 {
                text.push_str("\n\n");
            }
            text.push_str(&options.paragraph_text(p));
        }
        let promos = options
            .related(article)
            .enumerate()
            .map(|(i, r)| {
                let resolved = links.and_then(|l| l.promos.get(i));
                Promo {
                    label: Cow::Borrowed(&r.label),
                    title: Cow::Borrowed(&r.title),
                    to: resolved.and_then(|r| borrowed(&r.to)),
                    method: resolved
                        .and_then(|r| r.method)
                        .map(|m| Cow::Borrowed(m.as_str())),
                    score: resolved.filter(|r| r.method.is_some()).map(|r| r.score),
                }
            })
            .collect();
        // The glued attributions, then the spaced ones the linker found
        // (`according to Reuters`): only outlets it knows, so each has one.
        // The links have an entry for each of both.
        let mut sources = Vec::with_capacity(links.map_or(0, |l| l.sources.len()));
        let mut repairs = 0u32;
        for (i, a) in article.attributions().enumerate() {
            repairs = repairs.saturating_add(u32::try_from(a.repairs.len()).unwrap_or(u32::MAX));
            let (outlet_id, outlet_name, domain) =
                outlet_fields(links.and_then(|l| l.source_outlet(i, a)));
            sources.push(Source {
                name: Cow::Borrowed(&a.source),
                outlet_id,
                outlet_name,
                domain,
            });
        }
        let spaced = links.map_or(&[][..], |l| &l.sources[..]);
        let spaced = spaced.iter().filter(|s| s.kind == AttributionKind::Spaced);
        sources.extend(spaced.map(|s| {
            let (outlet_id, outlet_name, domain) = outlet_fields(s.outlet.as_deref());
            Source {
                name: Cow::Borrowed(s.source.as_str()),
                outlet_id,
                outlet_name,
                domain,
            }
        }));
        let (outlet_id, outlet_name, _) = outlet_fields(outlet);
        Record {
            id: Cow::Borrowed(article.id.as_deref().unwrap_or("")),
            path: path.map(Cow::Borrowed),
            title: Cow::Borrowed(&article.title),
            date: article.date,
            url: Cow::Borrowed(&article.url),
            canonical_url: url.map(|u| Cow::Borrowed(u.canonical.as_str())),
            host: match url {
                Some(u) => Some(Cow::Borrowed(u.host())),
                None => Some(article.url_host()).filter(|h| !h.is_empty()),
            },
            domain: url.and_then(|u| borrowed(&u.domain)),
            outlet_id,
            outlet_name,
            url_date: url.and_then(|u| u.date),
            url_article_id: url.and_then(|u| borrowed(&u.article_id)),
            url_slug: url.and_then(|u| borrowed(&u.slug)),
            text,
            promos,
            sources,
            warnings: dateline_core::lint(article)
                .iter()
                .map(|d| Cow::Borrowed(d.code.as_str()))
                .collect(),
            repairs,
        }
    }

    /// Copies every borrowed string, so the record outlives its article and
    /// links.
    pub fn into_owned(self) -> Record<'static> {
        fn own(s: Cow<'_, str>) -> Cow<'static, str> {
            Cow::Owned(s.into_owned())
        }
        Record {
            id: own(self.id),
            path: self.path.map(own),
            title: own(self.title),
            date: self.date,
            url: own(self.url),
            canonical_url: self.canonical_url.map(own),
            host: self.host.map(own),
            domain: self.domain.map(own),
            outlet_id: self.outlet_id.map(own),
            outlet_name: self.outlet_name.map(own),
            url_date: self.url_date,
            url_article_id: self.url_article_id.map(own),
            url_slug: self.url_slug.map(own),
            text: self.text,
            promos: self
                .promos
                .into_iter()
                .map(|p| Promo {
                    label: own(p.label),
                    title: own(p.title),
                    to: p.to.map(own),
                    method: p.method,
                    score: p.score,
                })
                .collect(),
            sources: self
                .sources
                .into_iter()
                .map(|s| Source {
                    name: own(s.name),
                    outlet_id: s.outlet_id.map(own),
                    outlet_name: s.outlet_name.map(own),
                    domain: s.domain.map(own),
                })
                .collect(),
            warnings: self.warnings,
            repairs: self.repairs,
        }
    }

    /// The paragraphs of [`Record::text`], split back.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.text.split("\n\n").filter(|_| !self.text.is_empty())
    }
}

/// What a field holds, for the documentation: its name, its type (JSON
/// Schema-like: `string`, `date`, `integer`, `list<...>`), whether it may be
/// null, and its meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The column or key name.
    pub name: &'static str,
    /// The type, as the docs write it.
    pub kind: &'static str,
    /// Whether the value may be null (an empty CSV cell).
    pub nullable: bool,
    /// What it means.
    pub meaning: &'static str,
}

/// Every field of the record, in order: what `doc/record.md` lists.
pub const FIELDS: [Field; 18] = [
    Field {
        name: "id",
        kind: "string",
        nullable: false,
        meaning: "The article id, unique within a run: the file's stem, or the stem with `-2`, `-3`... when an earlier file of the run had it.",
    },
    Field {
        name: "path",
        kind: "string",
        nullable: true,
        meaning: "Where the article was read from: its path as given, `ARCHIVE:MEMBER` for an archive member, `<stdin>` for standard input.",
    },
    Field {
        name: "title",
        kind: "string",
        nullable: false,
        meaning: "The headline.",
    },
    Field {
        name: "date",
        kind: "date",
        nullable: false,
        meaning: "The date of the header line.",
    },
    Field {
        name: "url",
        kind: "string",
        nullable: false,
        meaning: "The source URL as written.",
    },
    Field {
        name: "canonical_url",
        kind: "string",
        nullable: true,
        meaning: "The canonical form of the URL (lower-case host, no tracking parameters, no fragment).",
    },
    Field {
        name: "host",
        kind: "string",
        nullable: true,
        meaning: "The URL's host, lower case.",
    },
    Field {
        name: "domain",
        kind: "string",
        nullable: true,
        meaning: "The host's registrable domain.",
    },
    Field {
        name: "outlet_id",
        kind: "string",
        nullable: true,
        meaning: "The id of the outlet that published the article, found from the host.",
    },
    Field {
        name: "outlet_name",
        kind: "string",
        nullable: true,
        meaning: "That outlet's name.",
    },
    Field {
        name: "url_date",
        kind: "date",
        nullable: true,
        meaning: "The publication date in the URL's path.",
    },
    Field {
        name: "url_article_id",
        kind: "string",
        nullable: true,
        meaning: "The outlet's own article id in the URL.",
    },
    Field {
        name: "url_slug",
        kind: "string",
        nullable: true,
        meaning: "The slug of the URL's path.",
    },
    Field {
        name: "text",
        kind: "string",
        nullable: false,
        meaning: "The paragraphs (repaired; as written with `--raw`) joined by a blank line: `text.split(\"\\n\\n\")` gives them back.",
    },
    Field {
        name: "promos",
        kind: "list<struct<label: string, title: string, to: string?, method: string?, score: float?>>",
        nullable: false,
        meaning: "The promo lines in order: label, headline, and with `--resolve` the id of the article named, how (`exact`, `slug`, `fuzzy`, `typo`) and the score.",
    },
    Field {
        name: "sources",
        kind: "list<struct<name: string, outlet_id: string?, outlet_name: string?, domain: string?>>",
        nullable: false,
        meaning: "The sources attributions name, in order, with their outlet when known.",
    },
    Field {
        name: "warnings",
        kind: "list<string>",
        nullable: false,
        meaning: "The codes of the article's warnings (`W001`), in order.",
    },
    Field {
        name: "repairs",
        kind: "integer",
        nullable: false,
        meaning: "How many repairs were made to glued link text.",
    },
];

/// The field table as Markdown (`doc/record.md`'s table).
pub fn fields_markdown() -> String {
    let mut out = String::from("| field | type | null | meaning |\n| --- | --- | --- | --- |\n");
    for f in FIELDS {
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            f.name,
            f.kind,
            if f.nullable { "yes" } else { "no" },
            f.meaning
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../../../tests/fixtures/000_4e9296dd8dfcdc21.txt");

    #[test]
    fn the_fields_are_the_serialised_keys_in_order() {
        let article = dateline_core::parse(SEED).expect("parses").with_id("seed");
        let record = Record::new(&article, Some("seed.txt"), None, &Options::new());
        let value = serde_json::to_value(&record).expect("JSON");
        let keys: Vec<&str> = value
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        let fields: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        assert_eq!(keys, fields);
    }

    #[test]
    fn text_splits_back_into_the_paragraphs() {
        let article = dateline_core::parse(SEED).expect("parses");
        let record = Record::new(&article, None, None, &Options::new());
        let paragraphs: Vec<String> = article.paragraphs().map(|p| p.text.to_string()).collect();
        assert_eq!(record.paragraphs().collect::<Vec<_>>(), paragraphs);
        assert_eq!(record.repairs, 5);
        assert_eq!(record.sources.len(), 3);
        assert_eq!(record.promos.len(), 2);
        assert!(
            record
                .promos
                .iter()
                .all(|p| p.to.is_none() && p.score.is_none())
        );
        assert_eq!(record.warnings, ["W001"]);
        assert_eq!(record.host.as_deref(), Some("www.hngn.com"));
        assert_eq!(record.canonical_url, None, "no links, no canonical URL");
    }

    #[test]
    fn options_choose_the_text_and_the_promos() {
        let article = dateline_core::parse(SEED).expect("parses");
        let raw = Record::new(
            &article,
            None,
            None,
            &Options::new().raw(true).drop_promos(true),
        );
        assert!(raw.text.contains("PerBBC,the French leader"));
        assert!(raw.promos.is_empty());
        let empty = dateline_core::parse("T\n20220131\nhttps://example.com/\n").expect("parses");
        let record = Record::new(&empty, None, None, &Options::new());
        assert_eq!(record.text, "");
        assert_eq!(record.paragraphs().count(), 0);
    }

    #[test]
    fn a_record_reads_back_from_its_json() {
        let article = dateline_core::parse(SEED).expect("parses").with_id("seed");
        let links = crate::GazetteerLinker::builtin();
        let links = crate::Linker::links(&links, &article);
        let record = Record::new(&article, Some("a/seed.txt"), Some(&links), &Options::new());
        let json = serde_json::to_string(&record).expect("JSON");
        let back: Record<'_> = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, record);
        assert_eq!(back.into_owned(), record.clone().into_owned());
    }
}
