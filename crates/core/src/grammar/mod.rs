//! The article grammar.
//!
//! ```text
//! article   = [BOM] headline EOL gap date EOL gap url [EOL body]
//! headline  = line with content                       ; E004 when blank
//! gap       = *(blank EOL)                            ; W010: a double-spaced header
//! date      = 8DIGIT, a real calendar day             ; E002, E005, E009
//! url       = absolute http(s) URL, see `crate::url`   ; E006, E007, E009
//! body      = *(line EOL) [line]                      ; one block per line
//! line      = *WS content *WS | *WS                   ; whitespace kept in the layout
//! block     = promo / paragraph
//! promo     = label *SP ":" *SP title                 ; see `promo`
//! paragraph = *(text / quotation / attribution)       ; see `inline`
//! EOL       = LF / CRLF
//! ```
//!
//! Lines are found with `memchr`, the date is read with nom (complete-mode
//! combinators on `&str`), promo labels byte by byte, and paragraphs are scanned
//! once by `inline`. Nothing here computes line/column: diagnostics carry byte spans.

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
    if input[start..]
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
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
    let title = note(&mut layout, &title_line, title_line.trimmed_first());
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

    let (date_line, gap) = header_line(&mut lines, &mut layout, header::looks_like_date);
    layout.header_gaps[0] = gap;
    if date_line.is_some()
        && let Some(cr) = header::lone_cr(&title, 1, "headline")
    {
        errors.push(cr);
    }
    let date = match date_line {
        None => {
            if let Some(at) = memchr::memchr(b'\r', title.content.as_bytes()) {
                // One line holding CRs: the file's lines end with CR alone (classic
                // Mac OS), so the whole header ran into line 1.
                let at = title.content_start + at;
                return Err(ParseError::from(
                    Diagnostic::new(
                        Code::CarriageReturnInText,
                        Span::new(at, at + 1),
                        "the file's lines end with a carriage return (CR) alone: \
                         dateline reads the whole file as line 1",
                    )
                    .with_label("a CR that ends no line")
                    .with_hint(
                        "convert the line endings to LF, e.g. `tr '\\r' '\\n' < old.txt > new.txt`",
                    ),
                ));
            }
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
                errors.push(missing_date(&line, &lines));
                None
            } else {
                // A date with a CR is no date: the CR is named only then.
                header::date(&t)
                    .map_err(|d| errors.push(header::lone_cr(&t, line.number, "date").unwrap_or(d)))
                    .ok()
                    .map(|date| (date, t))
            }
        }
    };

    let (url_line, gap) = match date_line {
        // The file ended before the date: that error says it all.
        None => (None, 0),
        Some(_) => header_line(&mut lines, &mut layout, header::looks_like_url_line),
    };
    layout.header_gaps[1] = gap;
    let url = match (url_line, date_line) {
        (_, None) => None,
        (None, Some(date_line)) => {
            errors.push(missing(
                Code::MissingUrl,
                input.len(),
                &format!(
                    "the file ends before the source URL (line {})",
                    date_line.number + 1
                ),
            ));
            None
        }
        (Some(line), Some(_)) => {
            let t = record(&mut layout, &line);
            if t.content.is_empty() {
                errors.push(missing_url(&line, &lines));
                None
            } else {
                // The URL rule refuses a CR: the CR is named only then.
                header::url(&t)
                    .map_err(|d| errors.push(header::lone_cr(&t, line.number, "URL").unwrap_or(d)))
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
    // Most bodies hold no CR at all: the marks' scan says so, and then no line
    // needs looking at for a lone one.
    let any_cr = marks.any_cr();
    let mut lone_crs = LoneCrs::default();
    for line in lines.by_ref() {
        let t = record(&mut layout, &line);
        if !t.content.is_empty() {
            if any_cr {
                lone_crs.check(&line, &t);
            }
            blocks.push(block(line.number, &t, &mut marks));
        }
        last = Some(line);
    }
    if let Some(error) = lone_crs.error() {
        return Err(ParseError::from(error));
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

/// Body lines holding a carriage return that ends no line: E009, once per file.
#[derive(Default)]
struct LoneCrs {
    /// The first: its line number and offset.
    first: Option<(u32, usize)>,
    /// How many lines hold one.
    lines: usize,
}

impl LoneCrs {
    fn check(&mut self, line: &RawLine<'_>, t: &lines::Trimmed<'_>) {
        if let Some(at) = memchr::memchr(b'\r', t.content.as_bytes()) {
            self.first
                .get_or_insert((line.number, t.content_start + at));
            self.lines += 1;
        }
    }

    /// A CR inside a paragraph would not survive a line-based export (native,
    /// text and Markdown write a space, HTML cannot hold one): the article would
    /// not come back the same, so it is refused, with one error for the file.
    fn error(&self) -> Option<Diagnostic> {
        let (number, at) = self.first?;
        let more = match self.lines - 1 {
            0 => String::new(),
            1 => " (and 1 more line does)".to_owned(),
            n => format!(" (and {n} more lines do)"),
        };
        Some(
            Diagnostic::new(
                Code::CarriageReturnInText,
                Span::new(at, at + 1),
                format!("line {number} holds a carriage return (CR) that ends no line{more}"),
            )
            .with_label("a lone CR")
            .with_hint(
                "remove the CRs, or replace them with spaces; if the file was joined from \
                 CRLF lines, `tr -d '\\r'` removes them all",
            ),
        )
    }
}

/// The next header line, unrecorded, and the blank lines skipped before it.
///
/// Usually the next line, whatever it holds. When it is blank but the next line
/// with content `belongs` there (a double-spaced file: headline, blank, date,
/// blank, URL), the blank lines are recorded in the layout and skipped. A header
/// that is really missing a line keeps its blank line, and its error.
fn header_line<'a>(
    lines: &mut Lines<'a>,
    layout: &mut Layout<'a>,
    belongs: fn(&str) -> bool,
) -> (Option<RawLine<'a>>, u32) {
    let Some(line) = lines.next() else {
        return (None, 0);
    };
    if !is_blank(&line) {
        return (Some(line), 0);
    }
    match next_content(lines) {
        Some((found, _)) if belongs(found.trimmed().content) => {
            record(layout, &line);
            let mut gap = 1;
            for blank in lines.by_ref() {
                if blank.number == found.number {
                    return (Some(blank), gap);
                }
                record(layout, &blank);
                gap += 1;
            }
            // `found` is ahead: the loop returns on it.
            (Some(found), gap)
        }
        _ => (Some(line), 0),
    }
}

fn is_blank(line: &RawLine<'_>) -> bool {
    line.text.trim().is_empty()
}

/// The next line with content, looking ahead without moving `lines`, and the
/// content.
fn next_content<'a>(lines: &Lines<'a>) -> Option<(RawLine<'a>, &'a str)> {
    let found = lines.clone().find(|l| !is_blank(l))?;
    Some((found, found.trimmed().content))
}

/// E005 for a blank line 2, saying what comes next.
fn missing_date(blank: &RawLine<'_>, lines: &Lines<'_>) -> Diagnostic {
    let n = blank.number;
    match next_content(lines) {
        Some((next, content)) if header::looks_like_url_line(content) => Diagnostic::new(
            Code::MissingDate,
            Span::new(blank.start, blank.start),
            format!(
                "line {n} is blank and line {} holds the URL: the date (YYYYMMDD) is missing",
                next.number
            ),
        )
        .with_hint(
            "put the publication date, as YYYYMMDD, on the line between the headline and the URL",
        ),
        _ => missing(
            Code::MissingDate,
            blank.start,
            &format!("line {n} is blank: it must be the date (YYYYMMDD)"),
        ),
    }
}

/// E006 for a blank URL line, saying what comes next.
fn missing_url(blank: &RawLine<'_>, lines: &Lines<'_>) -> Diagnostic {
    let n = blank.number;
    let message = match next_content(lines) {
        Some((next, _)) => format!(
            "line {n} is blank and line {} is not a URL: the source URL is missing",
            next.number
        ),
        None => format!("line {n} is blank: it must be the source URL"),
    };
    missing(Code::MissingUrl, blank.start, &message)
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
#[inline]
fn record<'a>(layout: &mut Layout<'a>, line: &RawLine<'a>) -> lines::Trimmed<'a> {
    note(layout, line, line.trimmed())
}

/// [`record`] of a line already cut into `t`.
#[inline]
fn note<'a>(
    layout: &mut Layout<'a>,
    line: &RawLine<'a>,
    t: lines::Trimmed<'a>,
) -> lines::Trimmed<'a> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(src: &str) -> Vec<(Code, String)> {
        match parse(src) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .diagnostics
                .into_iter()
                .map(|d| (d.code, d.message))
                .collect(),
        }
    }

    #[test]
    fn a_double_spaced_header_is_read_and_kept() {
        let src =
            "Headline\n\n20040417\n \r\nhttp://www.example.com/a\n\nPara one.\n\n\nPara two.\n";
        let article = parse(src).unwrap();
        assert_eq!(article.title, "Headline");
        assert_eq!(article.date.to_string(), "2004-04-17");
        assert_eq!(article.url, "http://www.example.com/a");
        assert_eq!(article.layout.header_gaps, [1, 1]);
        assert_eq!(article.layout.header_lines(), (3, 5));
        assert_eq!(&src[article.header.date.range()], "20040417");
        assert_eq!(&src[article.header.url.range()], "http://www.example.com/a");
        let lines: Vec<u32> = article.blocks.iter().map(Block::line).collect();
        assert_eq!(lines, [7, 10]);
        assert_eq!(article.to_source(), src);
        // Only the gap after the headline, several blank lines long.
        let src = "Headline\n\n\n20040417\nhttp://www.example.com/a\nBody.";
        let article = parse(src).unwrap();
        assert_eq!(article.layout.header_gaps, [2, 0]);
        assert_eq!(article.to_source(), src);
    }

    #[test]
    fn a_header_missing_a_line_is_still_refused() {
        let missing_date = codes("Headline\n\nhttp://www.example.com/a\n\nBody.\n");
        assert_eq!(missing_date.len(), 1, "{missing_date:?}");
        assert_eq!(missing_date[0].0, Code::MissingDate);
        assert!(
            missing_date[0].1.contains("line 3 holds the URL"),
            "{missing_date:?}"
        );
        let missing_url = codes("Headline\n\n20040417\n\nThe body starts here.\n");
        assert_eq!(missing_url.len(), 1, "{missing_url:?}");
        assert_eq!(missing_url[0].0, Code::MissingUrl);
        assert!(
            missing_url[0]
                .1
                .contains("line 4 is blank and line 5 is not a URL"),
            "{missing_url:?}"
        );
        // A broken date or URL after blank lines is judged as one.
        assert_eq!(
            codes("Headline\n\n2004-04-17\n\nhttp:evil.com\n")
                .iter()
                .map(|c| c.0)
                .collect::<Vec<_>>(),
            [Code::InvalidDate, Code::InvalidUrl]
        );
        assert_eq!(
            codes("Headline\n\n")
                .iter()
                .map(|c| c.0)
                .collect::<Vec<_>>(),
            [Code::MissingDate, Code::MissingUrl]
        );
    }

    #[test]
    fn lone_carriage_returns_are_e009() {
        // The probe's example: a URL parser would drop the CR and accept it.
        let url = codes("Title\n20220102\nhtt\rp://example.com/news/a\nPara one.\n");
        assert_eq!(url.len(), 1, "{url:?}");
        assert_eq!(url[0].0, Code::CarriageReturnInText);
        assert!(url[0].1.contains("line 3, the URL"), "{url:?}");
        let date = codes("Title\n2022\r0102\nhttp://example.com/news/a\n");
        assert_eq!(date[0].0, Code::CarriageReturnInText);
        // A file whose lines end with CR alone is one line.
        let mac = parse("Title\r20220102\rhttp://example.com/a\rPara.\r").unwrap_err();
        assert_eq!(mac.diagnostics.len(), 1);
        assert_eq!(mac.diagnostics[0].code, Code::CarriageReturnInText);
        assert_eq!(mac.diagnostics[0].span, Span::new(5, 6));
        let title = codes("Ti\rtle\n20220102\nhttp://example.com/a\n");
        assert_eq!(title.len(), 1);
        assert!(title[0].1.contains("line 1, the headline"), "{title:?}");
        // In the body: one error for the file, at the first.
        let body =
            parse("T\n20220102\nhttp://example.com/a\nOne\rtwo\nok\nthree\r four\r\n").unwrap_err();
        assert_eq!(body.diagnostics.len(), 1);
        let d = &body.diagnostics[0];
        assert_eq!(d.code, Code::CarriageReturnInText);
        assert_eq!(
            d.message,
            "line 4 holds a carriage return (CR) that ends no line (and 1 more line does)"
        );
        assert_eq!(d.span, Span::new(35, 36));
        // At a line's edge a CR is whitespace: `\r\r\n`, or leading.
        let edges = parse("T\r\r\n20220102\r\nhttp://example.com/a\r\n\rOne.\r\r\n").unwrap();
        assert_eq!(edges.title, "T");
        assert_eq!(edges.paragraphs().next().unwrap().text, "One.");
    }

    #[test]
    fn a_second_bom_is_not_part_of_the_headline() {
        let src = "\u{feff}\u{feff}Title\n20220102\nhttp://example.com/a\n";
        let article = parse(src).unwrap();
        assert_eq!(article.title, "Title");
        assert_eq!(article.layout.quirks[0].lead, "\u{feff}");
        assert_eq!(&src[article.header.title.range()], "Title");
        assert_eq!(article.to_source(), src);
        let blank = codes("\u{feff}\u{feff}\n20220102\nhttp://example.com/a\n");
        assert_eq!(blank[0].0, Code::EmptyHeadline);
        assert_eq!(codes("\u{feff}\u{feff} \n")[0].0, Code::EmptyFile);
    }
}
