//! Warnings: what parses but looks wrong.
//!
//! Linting is a separate pass over a parsed [`Article`], so that parsing stays fast
//! for callers that do not want warnings.

mod quotes;

use crate::diagnostic::{Code, Diagnostic};
use crate::grammar::{read_promo, shorten};
use crate::model::{Article, Inline, Paragraph};
use crate::write::{Content, LineView, lines};
use crate::{Date, Span};

/// Every warning for `article`, in source order.
///
/// ```
/// let src = "Headline\n20220131\nhttp://www.hngn.com/articles/240451/20220207/x.htm\nBody.\n";
/// let article = dateline_core::parse(src).unwrap();
/// let warnings = dateline_core::lint(&article);
/// assert_eq!(warnings[0].code.as_str(), "W001");
/// assert!(warnings[0].message.contains("7 days"));
/// ```
pub fn lint(article: &Article<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    date_mismatch(article, &mut out);
    layout(article, &mut out);
    paragraphs(article, &mut out);
    quotes::unbalanced(article, &mut out);
    out.sort_by_key(|d| (d.span.start, d.code));
    out
}

fn date_mismatch(article: &Article<'_>, out: &mut Vec<Diagnostic>) {
    let Some((url_date, _, _)) = date_in_url(&article.url) else {
        return;
    };
    if url_date == article.date {
        return;
    }
    let days = article.date.days_until(url_date);
    let relation = match days {
        1 => "1 day later".to_owned(),
        -1 => "1 day earlier".to_owned(),
        d if d > 0 => format!("{d} days later"),
        d => format!("{} days earlier", -d),
    };
    out.push(
        Diagnostic::new(
            Code::DateMismatch,
            article.header.date,
            format!(
                "the header date {} differs from the date {url_date} in the URL ({relation})",
                article.date
            ),
        )
        .with_label(format!("the URL path says {url_date}"))
        .with_hint(
            "check which date is right; outlets often put the first publication date in the URL",
        ),
    );
}

/// Years a date in a URL path may have. Outside this range an eight-digit number is
/// an id (`/world-asia-65760726`), not a date.
const URL_YEARS: std::ops::RangeInclusive<u16> = 1800..=2100;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The first date in the URL's path, in one of the shapes outlets use:
/// `/20220207/`, `/2022/02/07/`, `2022-02-07` inside a slug, and the Guardian's
/// `/2019/feb/24/`. Returns the date and its byte offset and length in `url`.
/// (dateline-links has the full set of URL facts; this is what a lint needs.)
pub(crate) fn date_in_url(url: &str) -> Option<(Date, usize, usize)> {
    // Byte searches: every delimiter is ASCII, and a URL is short (a substring
    // searcher's set-up or a char-by-char walk would cost more than the search).
    let bytes = url.as_bytes();
    let after_scheme = bytes
        .windows(3)
        .position(|w| w == b"://")
        .map_or(0, |i| i + 3);
    let path_start = after_scheme + memchr::memchr(b'/', &bytes[after_scheme..])?;
    let path_end =
        memchr::memchr2(b'?', b'#', &bytes[path_start..]).map_or(url.len(), |i| path_start + i);
    let path = &bytes[path_start..path_end];
    (0..path.len()).find_map(|i| {
        // Every shape starts with a digit: that one test passes over most bytes.
        let starts_token =
            path[i].is_ascii_digit() && (i == 0 || !path[i - 1].is_ascii_alphanumeric());
        let (date, len) = starts_token.then(|| date_at(&path[i..])).flatten()?;
        Some((date, path_start + i, len))
    })
}

/// A date at the start of `s`, ending at a token boundary, and its length.
fn date_at(s: &[u8]) -> Option<(Date, usize)> {
    let number = |at: usize, n: usize| -> Option<u16> {
        let digits = s.get(at..at + n)?;
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0, |acc, d| acc * 10 + u16::from(d - b'0'))
        })
    };
    let ends_at = |at: usize| s.get(at).is_none_or(|b| !b.is_ascii_alphanumeric());
    let year = number(0, 4).filter(|y| URL_YEARS.contains(y))?;
    let make =
        |month: u16, day: u16| Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?);
    // YYYYMMDD
    if ends_at(8)
        && let Some(date) = number(4, 2).zip(number(6, 2)).and_then(|(m, d)| make(m, d))
    {
        return Some((date, 8));
    }
    let sep = *s.get(4)?;
    if sep != b'/' && sep != b'-' {
        return None;
    }
    // YYYY/MM/DD, YYYY-MM-DD, and unpadded YYYY/M/D (Al Jazeera)
    let one_or_two = |at: usize| match (number(at, 2), number(at, 1)) {
        (Some(n), _) => Some((n, 2)),
        (None, Some(n)) => Some((n, 1)),
        (None, None) => None,
    };
    if let Some((month, m_len)) = one_or_two(5) {
        let day_at = 5 + m_len + 1;
        if s.get(day_at - 1) == Some(&sep)
            && let Some((day, d_len)) = one_or_two(day_at).filter(|(_, l)| ends_at(day_at + l))
        {
            return make(month, day).map(|date| (date, day_at + d_len));
        }
    }
    // YYYY/mon/DD
    let month = s.get(5..8).and_then(|m| {
        MONTHS
            .iter()
            .position(|name| name.as_bytes().eq_ignore_ascii_case(m))
    })?;
    if s.get(8) == Some(&sep) && ends_at(11) {
        let month = u16::try_from(month + 1).ok()?;
        return number(9, 2)
            .and_then(|d| make(month, d))
            .map(|date| (date, 11));
    }
    None
}

fn layout(article: &Article<'_>, out: &mut Vec<Diagnostic>) {
    let (date_line, url_line) = article.layout.header_lines();
    let double_spaced = article.layout.header_gaps != [0, 0];
    let mut gap_reported = false;
    let mut mixed_reported = false;
    let mut after_content = false;
    let (mut stray_crs, mut first_stray_cr) = (0, None);
    for line in lines(article) {
        let n = line.number;
        if matches!(line.content, Content::Blank) {
            if n < url_line && !gap_reported {
                gap_reported = true;
                out.push(double_spaced_header(n, date_line, &line));
            }
            // W010 reports the blank lines of a double-spaced header, and stands
            // for the single blank line after each line of its body.
            let spacing = n < url_line || (double_spaced && after_content);
            after_content = false;
            if !spacing {
                out.push(
                    Diagnostic::new(
                        Code::BlankLine,
                        Span::new(line.start, line.eol_start()),
                        format!("line {n} is blank"),
                    )
                    .with_hint(
                        "a blank line is not a paragraph; remove it to get the canonical form",
                    ),
                );
            }
            continue;
        }
        after_content = true;
        // A CR at a line's edge is W009 (reported once, at the first), not the
        // plain whitespace of W003/W004.
        // (Most lines have no lead or trail: no search for those.)
        let lead_cr = !line.lead.is_empty() && line.lead.as_bytes().contains(&b'\r');
        let trail_cr = !line.trail.is_empty() && line.trail.as_bytes().contains(&b'\r');
        if lead_cr || trail_cr {
            stray_crs += 1;
            if stray_crs == 1 {
                let (span, where_) = if trail_cr {
                    (
                        Span::new(line.trail_start(), line.eol_start()),
                        "before its line ending",
                    )
                } else {
                    (
                        Span::new(line.start, line.content_start()),
                        "before its text",
                    )
                };
                first_stray_cr = Some(
                    Diagnostic::new(
                        Code::StrayCarriageReturn,
                        span,
                        format!("line {n} has a carriage return (CR) {where_}"),
                    )
                    .with_label("a CR that ends no line")
                    .with_hint(
                        "line endings were probably converted twice (`\\r\\r\\n`); it is read as \
                         whitespace and kept in the layout; `tr -d '\\r'` removes every CR",
                    ),
                );
            }
        }
        if n == 1 && line.lead.contains('\u{feff}') {
            out.push(
                Diagnostic::new(
                    Code::LeadingWhitespace,
                    Span::new(line.start, line.content_start()),
                    "line 1 starts with a second byte order mark (U+FEFF)",
                )
                .with_hint(
                    "the file was saved with its BOM twice: remove the extra U+FEFF \
                     (it is kept in the layout, not in the headline)",
                ),
            );
        } else if !line.lead.is_empty() && !lead_cr {
            out.push(
                Diagnostic::new(
                    Code::LeadingWhitespace,
                    Span::new(line.start, line.content_start()),
                    format!("line {n} starts with whitespace"),
                )
                .with_hint("remove the whitespace; it is kept in the layout, not the text"),
            );
        }
        if !line.trail.is_empty() && !trail_cr {
            out.push(
                Diagnostic::new(
                    Code::TrailingWhitespace,
                    Span::new(line.trail_start(), line.eol_start()),
                    format!("line {n} ends with whitespace"),
                )
                .with_hint("remove the trailing whitespace"),
            );
        }
        if let Some(eol) = line
            .eol
            .filter(|&e| !mixed_reported && e != article.layout.eol)
        {
            mixed_reported = true;
            let name = |e: crate::Eol| match e {
                crate::Eol::Lf => "LF",
                crate::Eol::Crlf => "CRLF",
            };
            out.push(
                Diagnostic::new(
                    Code::MixedLineEndings,
                    // One byte, so the caret stays on this line.
                    Span::new(line.eol_start(), line.eol_start() + 1),
                    format!(
                        "line {n} ends with {} but line 1 with {}",
                        name(eol),
                        name(article.layout.eol)
                    ),
                )
                .with_hint("use one kind of line ending in the whole file"),
            );
        }
    }
    if let Some(mut d) = first_stray_cr {
        if stray_crs > 1 {
            d.message
                .push_str(&format!(" (and {} more lines do)", stray_crs - 1));
        }
        out.push(d);
    }
}

/// W010 at `gap`, the first blank line between the header lines (line `n`).
fn double_spaced_header(n: u32, date_line: u32, gap: &LineView<'_, '_>) -> Diagnostic {
    let between = if n < date_line {
        "the headline and the date"
    } else {
        "the date and the URL"
    };
    Diagnostic::new(
        Code::DoubleSpacedHeader,
        Span::new(gap.start, gap.eol_start()),
        "blank lines separate the header lines: the file is double-spaced",
    )
    .with_label(format!("a blank line between {between}"))
    .with_hint(
        "the header is read through and the layout kept; \
         `dateline convert --to native` writes the file without blank lines",
    )
}

fn paragraphs(article: &Article<'_>, out: &mut Vec<Diagnostic>) {
    duplicates(article, out);
    for p in article.paragraphs() {
        // A label alone (`Read Also:`) has no quote or cue in it, so it is always a
        // paragraph of one text piece; and it ends with its colon (or blanks
        // after it), so most paragraphs are passed over on their last byte.
        if let [Inline::Text(t)] = p.inlines.as_slice()
            && t.raw.trim_end_matches([' ', '\t']).ends_with(':')
            && read_promo(&t.raw) == Err(true)
        {
            out.push(
                Diagnostic::new(
                    Code::EmptyPromo,
                    p.span,
                    format!("`{}` is a promo label with no headline", shorten(&t.raw)),
                )
                .with_hint("the promo's headline was lost in scraping; remove the line"),
            );
        }
    }
}

/// W005: a paragraph whose text equals an earlier one. Sorting by length puts
/// copies side by side; only texts of equal length are compared, so this reads
/// few bytes and hashes none.
fn duplicates(article: &Article<'_>, out: &mut Vec<Diagnostic>) {
    // (text length, block index) in one u64: a plain integer sort, and
    // paragraphs in order within a length. A length past u32::MAX counts as
    // u32::MAX: such texts share a run, where they are compared by text, so
    // only equal texts still make copies. (No article has 2^32 blocks: each
    // is a line of its own.)
    let key = |len: usize, block: usize| {
        let len = u32::try_from(len).unwrap_or(u32::MAX);
        Some((u64::from(len) << 32) | u64::from(u32::try_from(block).ok()?))
    };
    let mut by_len: Vec<u64> = Vec::with_capacity(article.blocks.len());
    by_len.extend(
        article
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(i, b)| key(b.as_paragraph()?.text.len(), i)),
    );
    by_len.sort_unstable();
    let paragraph = |key: u64| article.blocks[(key & u64::from(u32::MAX)) as usize].as_paragraph();
    for run in by_len.chunk_by(|a, b| a >> 32 == b >> 32) {
        if run.len() < 2 {
            continue;
        }
        // In (text, paragraph) order: a paragraph's copies follow it, each
        // pointing at it, and the warnings come in the order a sort by
        // (length, text) lists them.
        let mut same_length: Vec<(&Paragraph<'_>, u64)> = run
            .iter()
            .filter_map(|&k| Some((paragraph(k)?, k)))
            .collect();
        same_length.sort_by(|x, y| (&x.0.text, x.1).cmp(&(&y.0.text, y.1)));
        let copies = same_length
            .chunk_by(|a, b| a.0.text == b.0.text)
            .filter_map(|group| group.split_first())
            .flat_map(|((first, _), rest)| rest.iter().map(|&(b, _)| (b, first.line)));
        for (b, first) in copies {
            out.push(
                Diagnostic::new(
                    Code::DuplicateParagraph,
                    b.span,
                    format!("this paragraph repeats line {first}"),
                )
                .with_label(format!("same text as line {first}"))
                .with_hint("scrapers sometimes capture a paragraph twice; remove one copy"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(src: &str) -> Vec<(Code, u32)> {
        let article = crate::parse(src).unwrap();
        lint(&article)
            .iter()
            .map(|d| (d.code, Diagnostic::locate(d, src.as_bytes()).line as u32))
            .collect()
    }

    #[test]
    fn duplicates_are_found_among_paragraphs_of_equal_length() {
        let src = "T\n20220131\nhttps://x.org/a\naaaa\nbbbb\naaaa\nbbbb\naaaa\n";
        assert_eq!(
            codes(src),
            [
                (Code::DuplicateParagraph, 6),
                (Code::DuplicateParagraph, 7),
                (Code::DuplicateParagraph, 8)
            ]
        );
        // Each copy names the first paragraph with its text.
        let article = crate::parse(src).unwrap();
        let messages: Vec<String> = lint(&article).iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            messages,
            [
                "this paragraph repeats line 4",
                "this paragraph repeats line 5",
                "this paragraph repeats line 4"
            ]
        );
    }

    #[test]
    fn unbalanced_quotes_and_empty_promos() {
        let src =
            "T\n20220131\nhttps://x.org/a\nHe said “yes and left.\nSee Also:\nIt’s fine \"ok\".\n";
        assert_eq!(
            codes(src),
            [(Code::UnbalancedQuote, 4), (Code::EmptyPromo, 5)]
        );
    }

    #[test]
    fn carriage_returns_at_line_edges_are_w009_once() {
        let src = "T\r\r\n20220131\r\nhttps://x.org/a \r\r\n\rOne.\r\nTwo. \r\n";
        let article = crate::parse(src).unwrap();
        let w = lint(&article);
        let found: Vec<Code> = w.iter().map(|d| d.code).collect();
        assert_eq!(found, [Code::StrayCarriageReturn, Code::TrailingWhitespace]);
        assert_eq!(
            w[0].message,
            "line 1 has a carriage return (CR) before its line ending (and 2 more lines do)"
        );
        assert_eq!(&src[w[0].span.range()], "\r");
        assert_eq!(
            &src[w[1].span.range()],
            " ",
            "line 5: whitespace without a CR"
        );
    }

    #[test]
    fn a_double_spaced_file_warns_once() {
        let src = "T\n\n20220131\n\nhttps://x.org/a\n\nOne.\n\nTwo.\n\n\nThree.\n";
        assert_eq!(
            codes(src),
            [(Code::DoubleSpacedHeader, 2), (Code::BlankLine, 11)],
            "one W010; a second blank line in a row is still W002"
        );
        let article = crate::parse(src).unwrap();
        let w = lint(&article);
        assert_eq!(
            w[0].label.as_deref(),
            Some("a blank line between the headline and the date")
        );
        // Blank lines in the body of an ordinary file are each reported.
        assert_eq!(
            codes("T\n20220131\nhttps://x.org/a\nOne.\n\nTwo.\n"),
            [(Code::BlankLine, 5)]
        );
        assert_eq!(
            codes("T\n20220131\n\nhttps://x.org/a\n"),
            [(Code::DoubleSpacedHeader, 3)]
        );
    }

    #[test]
    fn a_second_bom_is_named() {
        let article = crate::parse("\u{feff}\u{feff}T\n20220131\nhttps://x.org/a\n").unwrap();
        let w = lint(&article);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, Code::LeadingWhitespace);
        assert!(
            w[0].message.contains("second byte order mark"),
            "{}",
            w[0].message
        );
        assert_eq!(w[0].span, Span::new(3, 6));
    }

    #[test]
    fn dates_in_url_paths() {
        let d = |y, m, dd| Some(Date::new(y, m, dd).unwrap());
        let of = |u: &str| date_in_url(u).map(|x| x.0);
        assert_eq!(
            of("http://www.hngn.com/articles/240451/20220207/x.htm"),
            d(2022, 2, 7)
        );
        assert_eq!(
            of("https://www.nytimes.com/2022/02/07/world/europe/x.html"),
            d(2022, 2, 7)
        );
        assert_eq!(
            of("https://www.reuters.com/world/europe/macron-2022-02-07/"),
            d(2022, 2, 7)
        );
        assert_eq!(of("https://www.bbc.com/news/world-europe-60312345"), None);
        assert_eq!(of("https://example.com/2022/13/07/x"), None, "month 13");
        assert_eq!(
            of("https://example.com/x?date=20220207"),
            None,
            "query is not path"
        );
        assert_eq!(of("https://example.com/id/120220207/"), None, "nine digits");
        assert_eq!(
            of("https://www.bbc.com/news/world-asia-65760726"),
            None,
            "an id, year 6576"
        );
        assert_eq!(
            of("https://www.theguardian.com/us-news/2019/feb/24/slug"),
            d(2019, 2, 24)
        );
        assert_eq!(
            of("https://example.com/2019/Feb/30/slug"),
            None,
            "30 February"
        );
        let (_, at, len) = date_in_url("http://a.b/c/20220207/").unwrap();
        assert_eq!(&"http://a.b/c/20220207/"[at..at + len], "20220207");
    }
}
