//! The document model (v1): what an article file *means*, plus exactly enough
//! layout to give its bytes back.
//!
//! Every node borrows its text from the input where it can ([`Cow::Borrowed`]), so a
//! parse allocates only the block and inline vectors and the repaired text of a
//! paragraph that needed a repair. Every node carries its byte [`Span`] in the
//! original input (BOM included), so tools can point back at the source.
//!
//! Two invariants make the model lossless, and the tests hold them for every input
//! that parses:
//! - the `raw` of a paragraph's inlines, concatenated, is the paragraph's line
//!   content; the `text` of an inline (its raw text, unless it was repaired),
//!   concatenated, is the paragraph's [`Paragraph::text`];
//! - header fields, blocks and [`Layout`] together give back every input byte
//!   ([`Article::write_source`]).

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Date;

/// The version of the document model this crate writes and reads.
///
/// It is written as the top-level `model_version` of every serialised article; a
/// consumer refuses a version it does not know instead of misreading it.
pub const MODEL_VERSION: u32 = 1;

/// A byte range `start..end` in the original input, serialised as `[start, end]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The span as a range, to index the source with.
    pub const fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Its length in bytes.
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether it covers no byte.
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(deserializer)?;
        if start > end {
            return Err(serde::de::Error::custom(format!(
                "span start {start} is after its end {end}"
            )));
        }
        Ok(Span { start, end })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Span {
    fn schema_name() -> Cow<'static, str> {
        "Span".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Byte range [start, end) in the original input, BOM included.",
            "type": "array",
            "items": { "type": "integer", "minimum": 0 },
            "minItems": 2,
            "maxItems": 2
        })
    }
}

/// The `model_version` marker: serialises as [`MODEL_VERSION`] and refuses any other
/// number when deserialising.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModelVersion;

impl Serialize for ModelVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(MODEL_VERSION)
    }
}

impl<'de> Deserialize<'de> for ModelVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let found = u64::deserialize(deserializer)?;
        if found == u64::from(MODEL_VERSION) {
            Ok(ModelVersion)
        } else {
            Err(serde::de::Error::custom(format!(
                "unsupported dateline model version {found}: this build reads version {MODEL_VERSION}; \
                 upgrade dateline-core or re-export with a matching version"
            )))
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ModelVersion {
    fn schema_name() -> Cow<'static, str> {
        "ModelVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Version of the dateline document model; refuse versions you do not know.",
            "const": MODEL_VERSION
        })
    }
}

/// One article: the header, the body blocks in source order, and the layout.
///
/// Deserialising ignores top-level keys the model does not have: an exporter
/// may add its own after the model's (`dateline-export` adds `links`), and the
/// record still reads back as an article. Everything inside (header, blocks,
/// layout) is strict: an unknown key there is an error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Article<'a> {
    /// Always [`MODEL_VERSION`] in JSON.
    pub model_version: ModelVersion,
    /// The article id: the file stem (`000_4e9296dd8dfcdc21`), or `None` for standard input.
    /// The parser does not know it; callers set it.
    pub id: Option<Cow<'a, str>>,
    /// The headline (line 1), without surrounding whitespace.
    pub title: Cow<'a, str>,
    /// The date of line 2.
    pub date: Date,
    /// The source URL (line 3), without surrounding whitespace, as written.
    pub url: Cow<'a, str>,
    /// Where the three header fields are in the source.
    pub header: Header,
    /// Body blocks (lines 4..), blank lines excluded.
    pub blocks: Vec<Block<'a>>,
    /// What is needed, beyond the content, to give the input back byte for byte.
    pub layout: Layout<'a>,
}

/// Source spans of the three header fields (content only, no surrounding whitespace).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Span of the headline.
    pub title: Span,
    /// Span of the `YYYYMMDD` date.
    pub date: Span,
    /// Span of the URL.
    pub url: Span,
}

/// A body line that is not blank.
// `Deserialize` is written by hand (in `tagged.rs`), not derived: the derived impl
// of an internally tagged enum buffers every object before reading it. The
// `#[serde]` attributes stay, for `Serialize` and the JSON Schema. (A `//` comment:
// a doc comment would change the schema's description.)
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block<'a> {
    /// Prose.
    Paragraph(Paragraph<'a>),
    /// A promo naming another article (`Read Also:<headline>`).
    Related(Related<'a>),
}

impl<'a> Block<'a> {
    /// The 1-based line number of the block.
    pub fn line(&self) -> u32 {
        match self {
            Block::Paragraph(p) => p.line,
            Block::Related(r) => r.line,
        }
    }

    /// The block's content span (no surrounding whitespace, no line ending).
    pub fn span(&self) -> Span {
        match self {
            Block::Paragraph(p) => p.span,
            Block::Related(r) => r.span,
        }
    }

    /// The paragraph, if this block is one.
    pub fn as_paragraph(&self) -> Option<&Paragraph<'a>> {
        match self {
            Block::Paragraph(p) => Some(p),
            Block::Related(_) => None,
        }
    }

    /// The promo, if this block is one.
    pub fn as_related(&self) -> Option<&Related<'a>> {
        match self {
            Block::Related(r) => Some(r),
            Block::Paragraph(_) => None,
        }
    }
}

/// A paragraph: its repaired text and the inline pieces it was read as.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Paragraph<'a> {
    /// 1-based line number.
    pub line: u32,
    /// Content span.
    pub span: Span,
    /// The text with every repair applied (`Per BBC, the French leader ...`).
    /// Borrowed from the input when nothing was repaired.
    pub text: Cow<'a, str>,
    /// The pieces, in order; their `raw` texts concatenated are the source line.
    pub inlines: Vec<Inline<'a>>,
}

impl Paragraph<'_> {
    /// The source text of the paragraph, rebuilt from its inlines.
    pub fn raw(&self) -> Cow<'_, str> {
        match self.inlines.as_slice() {
            [only] => Cow::Borrowed(only.raw()),
            many => Cow::Owned(many.iter().map(Inline::raw).collect()),
        }
    }

    /// Whether any inline was repaired, i.e. `text` differs from the source.
    pub fn is_repaired(&self) -> bool {
        self.inlines.iter().any(|i| i.repaired_text().is_some())
    }

    /// The attributions found in the paragraph.
    pub fn attributions(&self) -> impl Iterator<Item = &Attribution<'_>> {
        self.inlines.iter().filter_map(|i| match i {
            Inline::Attribution(a) => Some(&**a),
            _ => None,
        })
    }
}

/// A promo line naming another article: `<label>:<title>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Related<'a> {
    /// 1-based line number.
    pub line: u32,
    /// Content span.
    pub span: Span,
    /// The label as written (`Read Also`, `RELATED ARTICLE`).
    pub label: Cow<'a, str>,
    /// What stands between label and title: the colon and any spaces around it.
    pub separator: Cow<'a, str>,
    /// The headline of the other article.
    pub title: Cow<'a, str>,
}

/// A piece of a paragraph.
// `Deserialize` is written by hand (in `tagged.rs`), not derived: the derived impl
// of an internally tagged enum buffers every object before reading it. The
// `#[serde]` attributes stay, for `Serialize` and the JSON Schema. (A `//` comment:
// a doc comment would change the schema's description.)
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Inline<'a> {
    /// Plain text, kept as written.
    Text(Text<'a>),
    /// A source attribution (`per BBC`), repaired if its link text was glued.
    // Boxed: attributions are rare and large (136 bytes); the box keeps every other
    // inline, and so every paragraph's vector, at a third of that.
    Attribution(Box<Attribution<'a>>),
    /// Text in double quotes, straight or curly.
    Quotation(Quotation<'a>),
}

impl Inline<'_> {
    /// The source text of the piece.
    pub fn raw(&self) -> &str {
        match self {
            Inline::Text(t) => &t.raw,
            Inline::Attribution(a) => &a.raw,
            Inline::Quotation(q) => &q.raw,
        }
    }

    /// The piece as it reads in the repaired paragraph text.
    pub fn text(&self) -> &str {
        self.repaired_text().unwrap_or_else(|| self.raw())
    }

    /// The repaired text, when a repair changed this piece.
    pub fn repaired_text(&self) -> Option<&str> {
        match self {
            Inline::Attribution(a) if !a.repairs.is_empty() => Some(&a.text),
            _ => None,
        }
    }

    /// The piece's span in the source.
    pub fn span(&self) -> Span {
        match self {
            Inline::Text(t) => t.span,
            Inline::Attribution(a) => a.span,
            Inline::Quotation(q) => q.span,
        }
    }
}

/// Plain text inside a paragraph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Text<'a> {
    /// Source span.
    pub span: Span,
    /// The text, as written.
    pub raw: Cow<'a, str>,
}

/// A source attribution such as `per BBC` or `according to Reuters`.
///
/// When scraping glued the link text to its neighbours (`PerBBC,the`), `raw` keeps
/// what was written, `text` what it became (`Per BBC, the` minus the next word:
/// `Per BBC, `), and `repairs` says which spaces were put back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Attribution<'a> {
    /// Source span of `raw`.
    pub span: Span,
    /// As written: `PerBBC,`.
    pub raw: Cow<'a, str>,
    /// As repaired: `Per BBC, `. Equal to `raw` when `repairs` is empty.
    pub text: Cow<'a, str>,
    /// The cue phrase as written: `Per`, `per`, `according to`.
    pub cue: Cow<'a, str>,
    /// The cited source: `BBC`, `NBC News`, `AP News`.
    pub source: Cow<'a, str>,
    /// The repairs made, in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repairs: Vec<Repair>,
}

/// A repair made to glued link text. Each one inserts a single space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Repair {
    /// `perBBC` -> `per BBC`: the source was glued to the cue.
    SpaceAfterCue,
    /// `BBC,the` -> `BBC, the`: the next word was glued to the punctuation after the source.
    SpaceAfterPunctuation,
}

/// A quotation in double quotes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Quotation<'a> {
    /// Source span, quote marks included.
    pub span: Span,
    /// As written, quote marks included.
    pub raw: Cow<'a, str>,
    /// Which quote marks delimit it.
    pub style: QuoteStyle,
}

impl Quotation<'_> {
    /// The quoted words, without the quote marks.
    pub fn content(&self) -> &str {
        let delimiter_len = self.style.delimiter_len();
        self.raw
            .get(delimiter_len..self.raw.len().saturating_sub(delimiter_len))
            .unwrap_or("")
    }
}

/// The quote marks of a [`Quotation`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuoteStyle {
    /// `"..."`
    Straight,
    /// `“...”`
    Curly,
}

impl QuoteStyle {
    /// Byte length of each delimiter (both delimiters have the same length).
    pub const fn delimiter_len(self) -> usize {
        match self {
            QuoteStyle::Straight => 1,
            QuoteStyle::Curly => '“'.len_utf8(),
        }
    }
}

/// How the file is laid out beyond its content: BOM, line endings, stray whitespace,
/// blank lines. This is what makes the model lossless.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Layout<'a> {
    /// Whether the input starts with a UTF-8 byte order mark.
    pub bom: bool,
    /// The line ending of the first line, taken as the file's.
    pub eol: Eol,
    /// Whether the last line ends with a line ending.
    pub final_eol: bool,
    /// Number of lines, blank ones included.
    pub lines: u32,
    /// Blank lines between the header lines: after the headline, and after the
    /// date. `[0, 0]`, left out of the JSON, for the usual header; `[1, 1]` for a
    /// double-spaced file (headline, blank, date, blank, URL). The date is on line
    /// `2 + header_gaps[0]`, the URL on line `3 + header_gaps[0] + header_gaps[1]`.
    #[serde(default, skip_serializing_if = "no_gaps")]
    pub header_gaps: [u32; 2],
    /// The lines that deviate from plain `content + eol`: surrounding whitespace, another
    /// line ending, blank lines holding whitespace. Sorted by line. Empty for a clean file.
    pub quirks: Vec<LineQuirk<'a>>,
}

/// Whether a header has no blank line inside (for serde's `skip_serializing_if`).
fn no_gaps(gaps: &[u32; 2]) -> bool {
    *gaps == [0, 0]
}

impl Layout<'_> {
    /// The line numbers of the date and the URL (2 and 3 unless the header is
    /// double-spaced), saturating on absurd gaps in a hand-made model.
    pub fn header_lines(&self) -> (u32, u32) {
        let [after_title, after_date] = self.header_gaps;
        let date = 2u32.saturating_add(after_title);
        (date, date.saturating_add(1).saturating_add(after_date))
    }
}

/// A line that is not simply `content + eol`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LineQuirk<'a> {
    /// 1-based line number.
    pub line: u32,
    /// Whitespace before the content.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub lead: Cow<'a, str>,
    /// Whitespace after the content; for a blank line, all of it.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub trail: Cow<'a, str>,
    /// The line ending, when it differs from [`Layout::eol`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eol: Option<Eol>,
}

/// A line ending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Eol {
    /// `\n`
    #[default]
    Lf,
    /// `\r\n`
    Crlf,
}

impl Eol {
    /// The bytes of the line ending.
    pub const fn as_str(self) -> &'static str {
        match self {
            Eol::Lf => "\n",
            Eol::Crlf => "\r\n",
        }
    }
}

impl<'a> Article<'a> {
    /// The promos, in order.
    pub fn related(&self) -> impl Iterator<Item = &Related<'a>> {
        self.blocks.iter().filter_map(Block::as_related)
    }

    /// The paragraphs, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph<'a>> {
        self.blocks.iter().filter_map(Block::as_paragraph)
    }

    /// Every attribution in the body, in order.
    pub fn attributions(&self) -> impl Iterator<Item = &Attribution<'a>> {
        self.paragraphs().flat_map(|p| {
            p.inlines.iter().filter_map(|i| match i {
                Inline::Attribution(a) => Some(&**a),
                _ => None,
            })
        })
    }

    /// The host of the source URL as written, lower case, without user info or
    /// port (`www.hngn.com`); see [`url::host`](crate::url::host).
    pub fn url_host(&self) -> Cow<'_, str> {
        crate::url::host(&self.url)
    }

    /// Sets the id (usually the file stem) and returns the article.
    pub fn with_id(mut self, id: impl Into<Cow<'a, str>>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Copies every borrowed string, so the article outlives its input.
    pub fn into_owned(self) -> Article<'static> {
        Article {
            model_version: ModelVersion,
            id: self.id.map(own),
            title: own(self.title),
            date: self.date,
            url: own(self.url),
            header: self.header,
            blocks: self.blocks.into_iter().map(Block::into_owned).collect(),
            layout: Layout {
                bom: self.layout.bom,
                eol: self.layout.eol,
                final_eol: self.layout.final_eol,
                lines: self.layout.lines,
                header_gaps: self.layout.header_gaps,
                quirks: self
                    .layout
                    .quirks
                    .into_iter()
                    .map(|q| LineQuirk {
                        line: q.line,
                        lead: own(q.lead),
                        trail: own(q.trail),
                        eol: q.eol,
                    })
                    .collect(),
            },
        }
    }
}

impl Block<'_> {
    fn into_owned(self) -> Block<'static> {
        match self {
            Block::Paragraph(p) => Block::Paragraph(Paragraph {
                line: p.line,
                span: p.span,
                text: own(p.text),
                inlines: p.inlines.into_iter().map(Inline::into_owned).collect(),
            }),
            Block::Related(r) => Block::Related(Related {
                line: r.line,
                span: r.span,
                label: own(r.label),
                separator: own(r.separator),
                title: own(r.title),
            }),
        }
    }
}

impl Inline<'_> {
    pub(crate) fn into_owned(self) -> Inline<'static> {
        match self {
            Inline::Text(t) => Inline::Text(Text {
                span: t.span,
                raw: own(t.raw),
            }),
            Inline::Attribution(a) => {
                let a = *a;
                Inline::Attribution(Box::new(Attribution {
                    span: a.span,
                    raw: own(a.raw),
                    text: own(a.text),
                    cue: own(a.cue),
                    source: own(a.source),
                    repairs: a.repairs,
                }))
            }
            Inline::Quotation(q) => Inline::Quotation(Quotation {
                span: q.span,
                raw: own(q.raw),
                style: q.style,
            }),
        }
    }
}

fn own(s: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(s.into_owned())
}
