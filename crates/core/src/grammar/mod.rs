//! The article grammar.
//!
//! ```text
//! article   = [BOM] headline EOL date EOL url [EOL body]
//! headline  = line with content                       ; E004 when blank
//! date      = 8DIGIT, a real calendar day             ; E002, E005
//! url       = absolute http(s) URL                    ; E006, E007
//! body      = *(line EOL) [line]                      ; one block per line
//! line      = *WS content *WS | *WS                   ; whitespace kept in the layout
//! block     = promo / paragraph
//! promo     = label *SP ":" *SP title                 ; see `promo`
//! paragraph = *(text / quotation / attribution)       ; see `inline`
//! EOL       = LF / CRLF
//! ```
//!
//! Lines are found with `memchr`, header fields and promo labels are read with nom
//! (complete-mode combinators on `&str`), and paragraphs are scanned once by
//! `inline`. Nothing here computes line/column: diagnostics carry byte spans.

mod header;
mod inline;
mod lines;
mod promo;

use std::borrow::Cow;

pub use inline::ATTRIBUTION_CUES;
pub use promo::PROMO_LABELS;

pub(crate) use header::shorten;
pub(crate) use promo::promo as read_promo;

use self::lines::{Lines, RawLine};
use crate::Span;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::ParseError;
use crate::model::{
    Article, Block, Eol, Header, Layout, LineQuirk, ModelVersion, Paragraph, Related,
};

const BOM: &str = "\u{feff}";

/// Parses one article from text.
///
/// The returned [`Article`] borrows from `input`. Errors carry every header problem
/// found, not just the first.
///
/// ```
/// let src = "Headline\n20220131\nhttps://example.com/a\nPerBBC,the talks go on.\n";
/// let article = dateline_core::parse(src)?;
/// assert_eq!(article.date.to_string(), "2022-01-31");
/// let p = article.blocks[0].as_paragraph().unwrap();
/// assert_eq!(p.text, "Per BBC, the talks go on.");
/// assert_eq!(article.to_source(), src);
/// # Ok::<(), dateline_core::ParseError>(())
/// ```
pub fn parse(input: &str) -> Result<Article<'_>, ParseError> {
    let (bom, start) = match input.strip_prefix(BOM) {
        Some(_) => (true, BOM.len()),
        None => (false, 0),
    };
    if input[start..].trim().is_empty() {
        let hint = if input.is_empty() {
            "an article needs a headline, a date (YYYYMMDD) and a URL, one per line"
        } else {
            "the file holds only whitespace; an article needs a headline, a date and a URL"
        };
        return Err(ParseError::from(
            Diagnostic::new(
                Code::EmptyFile,
                Span::new(start, start),
                "the file is empty",
            )
            .with_hint(hint),
        ));
    }

    let mut lines = Lines::new(input, start);
    let mut layout = Layout {
        bom,
        ..Layout::default()
    };
    let mut errors = Vec::new();

    // Line 1 exists: the input is not blank.
    let title_line = lines.next().unwrap_or(RawLine {
        number: 1,
        start,
        text: "",
        eol: None,
    });
    layout.eol = title_line.eol.unwrap_or_default();
    let title = record(&mut layout, &title_line);
    if title.content.is_empty() {
        errors.push(
            Diagnostic::new(
                Code::EmptyHeadline,
                Span::new(title_line.start, title_line.start + title_line.text.len()),
                "the headline (line 1) is blank",
            )
            .with_hint("put the headline on line 1; remove blank lines before it"),
        );
    } else if let Some(hint) = header::misplaced_headline(title.content) {
        // The header is shifted: every later header error would only repeat this one.
        return Err(ParseError::from(
            Diagnostic::new(
                Code::EmptyHeadline,
                Span::new(
                    title.content_start,
                    title.content_start + title.content.len(),
                ),
                "line 1 is not a headline",
            )
            .with_hint(hint),
        ));
    }

    let date_line = lines.next();
    let date = match date_line {
        None => {
            errors.push(missing(
                Code::MissingDate,
                input.len(),
                "the file ends after the headline: line 2 must be the date (YYYYMMDD)",
            ));
            None
        }
        Some(line) => {
            let t = record(&mut layout, &line);
            if t.content.is_empty() {
                errors.push(missing(
                    Code::MissingDate,
                    line.start,
                    "line 2 is blank: it must be the date (YYYYMMDD)",
                ));
                None
            } else {
                header::date(&t)
                    .map_err(|d| errors.push(d))
                    .ok()
                    .map(|date| (date, t))
            }
        }
    };

    let url_line = lines.next();
    let url = match url_line {
        // The file ended before the date: that error says it all.
        None if date_line.is_none() => None,
        None => {
            errors.push(missing(
                Code::MissingUrl,
                input.len(),
                "the file ends before the source URL (line 3)",
            ));
            None
        }
        Some(line) => {
            let t = record(&mut layout, &line);
            if t.content.is_empty() {
                errors.push(missing(
                    Code::MissingUrl,
                    line.start,
                    "line 3 is blank: it must be the source URL",
                ));
                None
            } else {
                header::url(&t)
                    .map_err(|d| errors.push(d))
                    .ok()
                    .map(|url| (url, t))
            }
        }
    };

    let (Some((date, date_t)), Some((url, url_t)), true) = (date, url, errors.is_empty()) else {
        return Err(ParseError::new(errors));
    };

    let body_start = lines.position();
    let mut marks = inline::Marks::scan(input, body_start);
    // Paragraphs in the seed's shape run 100-300 bytes: reserve for that.
    let mut blocks = Vec::with_capacity((input.len() - body_start) / 128 + 1);
    let mut last = url_line;
    for line in lines.by_ref() {
        let t = record(&mut layout, &line);
        if !t.content.is_empty() {
            blocks.push(block(line.number, &t, &mut marks));
        }
        last = Some(line);
    }
    layout.final_eol = last.is_some_and(|l| l.eol.is_some());
    layout.lines = last.map_or(0, |l| l.number);
    debug_assert_eq!(lines.position(), input.len());

    Ok(Article {
        model_version: ModelVersion,
        id: None,
        title: Cow::Borrowed(title.content),
        date,
        url: Cow::Borrowed(url),
        header: Header {
            title: content_span(&title),
            date: content_span(&date_t),
            url: content_span(&url_t),
        },
        blocks,
        layout,
    })
}

fn content_span(t: &lines::Trimmed<'_>) -> Span {
    Span::new(t.content_start, t.content_start + t.content.len())
}

fn missing(code: Code, at: usize, message: &str) -> Diagnostic {
    Diagnostic::new(code, Span::new(at, at), message)
        .with_hint("an article starts with three lines: headline, date (YYYYMMDD), source URL")
}

/// Notes in the layout whatever about `line` is not plain `content + eol`, and
/// returns the line cut into lead, content and trail.
fn record<'a>(layout: &mut Layout<'a>, line: &RawLine<'a>) -> lines::Trimmed<'a> {
    let t = line.trimmed();
    // A missing ending on the last line is `final_eol`, not a quirk.
    let eol = line.eol.filter(|&e| e != layout.eol);
    if !t.lead.is_empty() || !t.trail.is_empty() || eol.is_some() {
        layout.quirks.push(LineQuirk {
            line: line.number,
            lead: Cow::Borrowed(t.lead),
            trail: Cow::Borrowed(t.trail),
            eol,
        });
    }
    t
}

fn block<'a>(line: u32, t: &lines::Trimmed<'a>, marks: &mut inline::Marks) -> Block<'a> {
    let span = content_span(t);
    if let Ok(p) = promo::promo(t.content) {
        return Block::Related(Related {
            line,
            span,
            label: Cow::Borrowed(p.label),
            separator: Cow::Borrowed(p.separator),
            title: Cow::Borrowed(p.title),
        });
    }
    let marks = marks.take(span.start, span.end);
    let (text, inlines) = inline::paragraph(t.content, t.content_start, marks);
    Block::Paragraph(Paragraph {
        line,
        span,
        text,
        inlines,
    })
}

/// Parses bytes: checks UTF-8 first (E003), then [`parse`]s.
///
/// ```
/// let err = dateline_core::parse_bytes(b"Caf\xe9\n20220131\nhttps://x.org/\n").unwrap_err();
/// assert_eq!(err.diagnostics[0].code.as_str(), "E003");
/// ```
pub fn parse_bytes(input: &[u8]) -> Result<Article<'_>, ParseError> {
    // simdutf8 validates at memory speed; std tells where the error is.
    if let Ok(text) = simdutf8::basic::from_utf8(input) {
        return parse(text);
    }
    match std::str::from_utf8(input) {
        Ok(text) => parse(text),
        Err(e) => Err(ParseError::from(not_utf8(input, &e))),
    }
}

fn not_utf8(input: &[u8], e: &std::str::Utf8Error) -> Diagnostic {
    let at = e.valid_up_to();
    let len = e.error_len().unwrap_or(input.len() - at).max(1);
    let bad = &input[at..(at + len).min(input.len())];
    let shown: Vec<String> = bad.iter().map(|b| format!("0x{b:02X}")).collect();
    let utf16 = input.starts_with(&[0xFF, 0xFE]) || input.starts_with(&[0xFE, 0xFF]);
    let hint = if utf16 {
        "the file is UTF-16: convert it with `iconv -f UTF-16 -t UTF-8`"
    } else if e.error_len().is_none() {
        "the file ends inside a character: it may be truncated"
    } else {
        "convert the file to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8` for text from Windows"
    };
    Diagnostic::new(
        Code::NotUtf8,
        Span::new(at, at + len),
        format!(
            "the file is not valid UTF-8: invalid byte {}",
            shown.join(" ")
        ),
    )
    .with_label("not UTF-8")
    .with_hint(hint)
}

impl Eol {
    pub(crate) fn len(self) -> usize {
        self.as_str().len()
    }
}
