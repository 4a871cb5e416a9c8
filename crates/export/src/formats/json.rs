//! `json` and `jsonl`: the document model, exactly as `dateline-core` serialises it.
//!
//! Each article is the model's JSON: fields in this order, `model_version`, `id`,
//! `title`, `date` (`YYYY-MM-DD`), `url`, `header` (spans), `blocks` (paragraphs with
//! their repaired `text` and their `inlines`, and `related` promos), `layout`.
//! It deserialises back into a [`dateline_core::Article`] equal to the one written,
//! and [`Article::write_source`] gives the source file back from it.
//!
//! - `jsonl` writes one article per line (JSON Lines), whatever the options. Its
//!   articles are [independent](crate::Exporter::independent_articles): lines
//!   rendered by separate exporters (threads) concatenate into the same document.
//! - `json` writes one article as an object, several as an array; indented unless
//!   [`Options::compact`], in the pretty layout of [`json_text`](crate::json_text)
//!   (the one `dateline parse` prints). With no article it writes `[]`. Its
//!   articles render apart ([`Exporter::render`]) and the exporter frames them.
//!
//! With [`Options::links`], each article object has one more key after the
//! model's: `links`, the [`ArticleLinks`] of the article, in this order: `url`
//! (`canonical`, `host`, `domain`, `date`, `article_id`, `slug`), `outlet` (`id`,
//! `name`, `domain`, `homepage`), `sources` (one `{source, outlet}` per
//! attribution, in order). Unknown values are `null`, never left out. The object
//! still deserialises into a [`dateline_core::Article`] (which ignores keys it
//! does not know), and its `links` into an [`ArticleLinks`].
//!
//! Options: [`Options::drop_promos`] leaves `related` blocks out of `blocks` (every
//! other field is unchanged). [`Options::raw`] changes nothing: the model carries
//! both the source text (`inlines[].raw`) and the repaired text.

use std::io::Write;

use dateline_core::Article;
use serde::Serialize;

use super::model;
use crate::{ArticleLinks, Exporter, FormatInfo, Kind, Options, Result};

/// The `json` descriptor.
pub const JSON: FormatInfo = FormatInfo::new(
    "json",
    Kind::Stream,
    "json",
    "application/json",
    "The document model as JSON: one article as an object, several as an array",
);

/// The `jsonl` descriptor.
pub const JSONL: FormatInfo = FormatInfo::new(
    "jsonl",
    Kind::Stream,
    "jsonl",
    "application/jsonl",
    "The document model as JSON Lines: one article per line",
);

/// The largest buffer kept between articles; an outsized article's is freed.
const RETAINED: usize = 1 << 20;

/// An article's JSON object with `links` as its last key: the model's keys
/// first, in their order, then `links`.
#[derive(Serialize)]
struct Linked<'m, 'a> {
    #[serde(flatten)]
    article: &'m Article<'a>,
    links: &'m ArticleLinks,
}

/// Appends the JSON of `value` to `buf`: compact (serde_json's bytes), or
/// pretty as an element of the document's array (indented one level: see
/// [`Json`]).
fn write_json<T: Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T, compact: bool) -> Result<()> {
    if compact {
        crate::json_text::write_compact(buf, value)?;
    } else {
        crate::json_text::write_pretty_at(buf, value, 1)?;
    }
    Ok(())
}

/// Appends the JSON object of `article` to `buf`: the model as the options want
/// it, and `links` when a linker is set.
fn write_article(
    buf: &mut Vec<u8>,
    article: &Article<'_>,
    options: &Options,
    compact: bool,
) -> Result<()> {
    let model = model(article, options);
    match options.article_links(article) {
        Some(links) if compact => write_linked_compact(buf, &model, &links),
        Some(links) => write_json(
            buf,
            &Linked {
                article: &model,
                links: &links,
            },
            compact,
        ),
        None => write_json(buf, &*model, compact),
    }
}

/// Appends the compact JSON of [`Linked`]: the model's object with its closing
/// brace replaced by `,"links":{...}}`, which is byte for byte what serialising
/// [`Linked`] gives (a test compares them). The model then takes serde's
/// ordinary struct path rather than `flatten`'s map path (measurably slower on
/// the largest part of each record, the `jsonl` hot path).
fn write_linked_compact(
    buf: &mut Vec<u8>,
    model: &Article<'_>,
    links: &ArticleLinks,
) -> Result<()> {
    let start = buf.len();
    crate::json_text::write_compact(buf, model)?;
    // An object with at least one key (as the model always is) ends `...}`.
    if buf.len() > start + 2 && buf.last() == Some(&b'}') {
        buf.pop();
        buf.extend_from_slice(b",\"links\":");
        crate::json_text::write_compact(buf, links)?;
        buf.push(b'}');
        Ok(())
    } else {
        buf.truncate(start);
        write_json(
            buf,
            &Linked {
                article: model,
                links,
            },
            true,
        )
    }
}

/// The `jsonl` exporter.
///
/// It serialises each article into a reused buffer and writes that with one call:
/// the many small writes are then inlined into a `Vec` instead of going one by one
/// through `dyn Write`, which is several times faster. The JSON is written by a
/// compact serializer that gives `serde_json`'s bytes and escapes strings a block
/// of bytes at a time.
#[derive(Debug)]
pub struct JsonLines {
    options: Options,
    line: Vec<u8>,
}

impl JsonLines {
    /// An exporter with these options.
    pub fn new(options: &Options) -> JsonLines {
        JsonLines {
            options: options.clone(),
            line: Vec::new(),
        }
    }
}

impl Exporter for JsonLines {
    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        self.line.clear();
        write_article(&mut self.line, article, &self.options, true)?;
        self.line.push(b'\n');
        out.write_all(&self.line)?;
        if self.line.capacity() > RETAINED {
            self.line = Vec::new();
        }
        Ok(())
    }

    fn end(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }

    /// Each line is one article's JSON, whatever comes before or after it.
    fn independent_articles(&self) -> bool {
        true
    }
}

/// The `json` exporter. An article is rendered as an element of the
/// document's array (pretty: its inner lines indented one level, the pretty
/// layout of [`json_text`](crate::json_text)); placing holds the first piece
/// back until it knows whether a second follows: an array then, else the one
/// object, its lines put back one level (in pretty JSON every line break is
/// between tokens, so that is removing two spaces after each).
#[derive(Debug)]
pub struct Json {
    options: Options,
    /// The first article's piece, until the second comes or the document ends.
    first: Vec<u8>,
    /// A reused buffer for [`Exporter::article`]'s pieces.
    buf: Vec<u8>,
    count: usize,
}

impl Json {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Json {
        Json {
            options: options.clone(),
            first: Vec::new(),
            buf: Vec::new(),
            count: 0,
        }
    }
}

/// `piece`, a pretty element indented one level, as a top-level value.
fn dedent(out: &mut dyn Write, piece: &[u8]) -> std::io::Result<()> {
    for (i, line) in piece.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(line.strip_prefix(b"  ").filter(|_| i > 0).unwrap_or(line))?;
    }
    Ok(())
}

impl Exporter for Json {
    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        self.first.clear();
        self.count = 0;
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let placed = self
            .render(&mut buf, article)
            .and_then(|()| self.place(out, &buf));
        if buf.capacity() <= RETAINED {
            self.buf = buf;
        }
        placed
    }

    fn render(&mut self, piece: &mut Vec<u8>, article: &Article<'_>) -> Result<()> {
        write_article(piece, article, &self.options, self.options.compact)
    }

    fn place(&mut self, out: &mut dyn Write, piece: &[u8]) -> Result<()> {
        self.count += 1;
        if self.count == 1 {
            self.first.clear();
            self.first.extend_from_slice(piece);
            return Ok(());
        }
        let (open, separator): (&[u8], &[u8]) = if self.options.compact {
            (b"[", b",")
        } else {
            (b"[\n  ", b",\n  ")
        };
        if self.count == 2 {
            out.write_all(open)?;
            out.write_all(&self.first)?;
            self.first.clear();
        }
        out.write_all(separator)?;
        out.write_all(piece)?;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        match self.count {
            0 => out.write_all(b"[]\n")?,
            1 => {
                dedent(out, &self.first)?;
                out.write_all(b"\n")?;
                self.first.clear();
            }
            _ if self.options.compact => out.write_all(b"]\n")?,
            _ => out.write_all(b"\n]\n")?,
        }
        if self.first.capacity() > RETAINED {
            self.first = Vec::new();
        }
        self.count = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OutletRef, SourceRef, UrlFacts};

    /// Links with every kind of value, escapes included.
    fn links(article: &Article<'_>) -> ArticleLinks {
        let mut url = UrlFacts::parse(&article.url).expect("the fixtures' URLs read");
        url.domain = None;
        url.date = dateline_core::Date::new(2022, 2, 7);
        url.article_id = Some("24\"0451".into());
        url.slug = Some("a-b\u{1}".into());
        ArticleLinks {
            url: Some(url),
            outlet: Some(OutletRef::new(
                "x",
                "Example <News> & \"Co\"",
                "example.com",
            )),
            sources: article
                .attributions()
                .map(|a| SourceRef {
                    source: a.source.to_string(),
                    outlet: None,
                })
                .collect(),
        }
    }

    #[test]
    fn the_spliced_links_are_the_flattened_record()
    -> std::result::Result<(), Box<dyn std::error::Error>> {
        for text in [
            include_str!("../../../../tests/fixtures/000_4e9296dd8dfcdc21.txt"),
            "Talks\n20220131\nhttps://example.com/\nPerBBC,the talks.\n",
            "T\n20220131\nhttps://example.com/\n",
        ] {
            let article = dateline_core::parse(text)?;
            let links = links(&article);
            let mut spliced = b"prefix".to_vec();
            write_linked_compact(&mut spliced, &article, &links)?;
            let mut flattened = b"prefix".to_vec();
            serde_json::to_writer(
                &mut flattened,
                &Linked {
                    article: &article,
                    links: &links,
                },
            )?;
            assert_eq!(String::from_utf8(spliced)?, String::from_utf8(flattened)?);
        }
        Ok(())
    }
}
