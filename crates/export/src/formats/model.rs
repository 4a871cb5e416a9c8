//! `model`: the lossless document model as JSON Lines, one article per line,
//! exactly as `dateline-core` serialises it (what `dateline parse --compact`
//! prints for one file).
//!
//! Each line is the model's JSON: fields in this order, `model_version`, `id`,
//! `title`, `date` (`YYYY-MM-DD`), `url`, `header` (spans), `blocks` (paragraphs
//! with their repaired `text` and their `inlines`, and `related` promos),
//! `layout`. It deserialises back into a [`dateline_core::Article`] equal to
//! the one written, and [`Article::write_source`] gives the source file back
//! from it. Its articles are
//! [independent](crate::Exporter::independent_articles): lines rendered by
//! separate exporters (threads) concatenate into the same document.
//!
//! With [`Options::links`], each article object has one more key after the
//! model's: `links`, the [`ArticleLinks`] of the article, in this order: `url`
//! (`canonical`, `host`, `domain`, `date`, `article_id`, `slug`), `outlet` (`id`,
//! `name`, `domain`, `homepage`), `sources` (one `{source, outlet}` per
//! attribution, in order), `promos` (one resolution per promo when the linker
//! resolves them). Unknown values are `null`, never left out. The object still
//! deserialises into a [`dateline_core::Article`] (which ignores keys it does
//! not know), and its `links` into an [`ArticleLinks`].
//!
//! Options: [`Options::drop_promos`] leaves `related` blocks out of `blocks` (every
//! other field is unchanged). [`Options::raw`] changes nothing: the model carries
//! both the source text (`inlines[].raw`) and the repaired text.

use std::io::Write;

use dateline_core::Article;
use serde::Serialize;

use super::model;
use crate::{ArticleLinks, Exporter, FormatInfo, Kind, Options, Result};

/// The `model` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "model",
    Kind::Stream,
    "jsonl",
    "application/jsonl",
    "The lossless document model as JSON Lines, one article per line (what `dateline parse` prints)",
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

/// Appends the compact JSON object of `article` to `buf`: the model as the
/// options want it, and `links` when a linker is set.
fn write_article(buf: &mut Vec<u8>, article: &Article<'_>, options: &Options) -> Result<()> {
    let model = model(article, options);
    match options.article_links(article) {
        Some(links) => write_linked_compact(buf, &model, &links),
        None => Ok(crate::json_text::write_compact(buf, &*model)?),
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
        Ok(crate::json_text::write_compact(
            buf,
            &Linked {
                article: model,
                links,
            },
        )?)
    }
}

/// The `model` exporter.
///
/// It serialises each article into a reused buffer and writes that with one call:
/// the many small writes are then inlined into a `Vec` instead of going one by one
/// through `dyn Write`, which is several times faster. The JSON is written by a
/// compact serializer that gives `serde_json`'s bytes and escapes strings a block
/// of bytes at a time.
#[derive(Debug)]
pub struct Model {
    options: Options,
    line: Vec<u8>,
}

impl Model {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Model {
        Model {
            options: options.clone(),
            line: Vec::new(),
        }
    }
}

impl Exporter for Model {
    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        self.line.clear();
        write_article(&mut self.line, article, &self.options)?;
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
            outlet: Some(std::sync::Arc::new(OutletRef::new(
                "x",
                "Example <News> & \"Co\"",
                "example.com",
            ))),
            sources: article
                .attributions()
                .map(|a| SourceRef {
                    kind: Default::default(),
                    source: a.source.to_string(),
                    outlet: None,
                })
                .collect(),
            promos: Vec::new(),
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
