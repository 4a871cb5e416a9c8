//! The three header lines: headline, `YYYYMMDD` date, absolute http(s) URL (by the
//! rule of [`crate::url`]).
//!
//! Each rule returns the value or a [`Diagnostic`] that says what is wrong and, where
//! the mistake is a common one (`2022-01-31`, a URL without its scheme), how to fix it.

use nom::bytes::complete::take_while_m_n;
use nom::character::complete::{char, one_of};
use nom::combinator::all_consuming;
use nom::{IResult, Parser};

use super::lines::Trimmed;
use crate::date::days_in_month;
use crate::diagnostic::{Code, Diagnostic};
use crate::url::{HttpUrl, UrlError, describe};
use crate::{Date, Span};

fn span_of(t: &Trimmed<'_>) -> Span {
    Span::new(t.content_start, t.content_start + t.content.len())
}

/// `n` ASCII digits.
fn digits<'a>(
    n: usize,
) -> impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>> {
    take_while_m_n(n, n, |c: char| c.is_ascii_digit())
}

/// `YYYYMMDD`, the only form the format allows.
fn compact_date(input: &str) -> IResult<&str, (&str, &str, &str)> {
    all_consuming((digits(4), digits(2), digits(2))).parse(input)
}

/// `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY.MM.DD`: a real date in the wrong notation.
fn separated_date(input: &str) -> IResult<&str, (&str, &str, &str)> {
    let (rest, (y, sep, m)) = (digits(4), one_of("-/."), digits(2)).parse(input)?;
    let (rest, (_, d)) = all_consuming((char(sep), digits(2))).parse(rest)?;
    Ok((rest, (y, m, d)))
}

/// Line 2: the date.
pub(crate) fn date(line: &Trimmed<'_>) -> Result<Date, Diagnostic> {
    let span = span_of(line);
    let text = line.content;
    let expected = "line 2 must be the publication date written as YYYYMMDD";
    if let Ok((_, (y, m, d))) = compact_date(text) {
        let (year, month, day): (u16, u8, u8) = (
            y.parse().unwrap_or(0),
            m.parse().unwrap_or(0),
            d.parse().unwrap_or(0),
        );
        if let Some(date) = Date::new(year, month, day) {
            return Ok(date);
        }
        // Point at the part that is out of range.
        let (part, offset, len, why) = if year == 0 {
            ("year", 0, 4, "year 0000 does not exist".to_owned())
        } else if !(1..=12).contains(&month) {
            ("month", 4, 2, format!("month {m} does not exist"))
        } else {
            (
                "day",
                6,
                2,
                format!(
                    "day {d} does not exist in {year}-{m} (it has {} days)",
                    days_in_month(year, month)
                ),
            )
        };
        return Err(Diagnostic::new(
            Code::InvalidDate,
            span,
            format!("invalid date `{text}`: {why}"),
        )
        .with_label(format!("this {part} is out of range"))
        .with_hint("check the date against the article; the date must be a real calendar day")
        .at(Span::new(span.start + offset, span.start + offset + len)));
    }
    let diagnostic = Diagnostic::new(
        Code::InvalidDate,
        span,
        format!("invalid date `{}`: {expected}", shorten(text)),
    );
    if let Ok((_, (y, m, d))) = separated_date(text) {
        let compact = format!("{y}{m}{d}");
        let hint = if Date::from_compact(&compact).is_some() {
            format!("write it without separators: `{compact}`")
        } else {
            format!("write it as YYYYMMDD (`{compact}`), and check that the day exists")
        };
        return Err(diagnostic
            .with_label("separators are not allowed")
            .with_hint(hint));
    }
    if looks_like_url(text) {
        return Err(diagnostic.with_label("this looks like the URL").with_hint(
            "the date line is missing: put the date (YYYYMMDD) on line 2, the URL on line 3",
        ));
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(diagnostic
            .with_label(format!("{} digits, expected 8", text.len()))
            .with_hint("write four digits of year, two of month, two of day: 20220131"));
    }
    Err(diagnostic
        .with_label("expected YYYYMMDD")
        .with_hint("write the date as eight digits, e.g. 20220131"))
}

/// Line 3: an absolute http(s) URL by [the rule](crate::url#the-rule). Returns the
/// URL as written.
pub(crate) fn url<'a>(line: &Trimmed<'a>) -> Result<&'a str, Diagnostic> {
    let text = line.content;
    match HttpUrl::parse(text) {
        Ok(_) => Ok(text),
        Err(e) => Err(url_diagnostic(text, line.content_start, &e)),
    }
}

/// The E007 diagnostic for `text`, which breaks the URL rule with `e`: a message
/// that names the problem, the caret on the bytes at fault, and a hint.
fn url_diagnostic(text: &str, start: usize, e: &UrlError) -> Diagnostic {
    let whole = Span::new(start, start + text.len());
    let range = e.span(text.len());
    let at_fault = Span::new(start + range.start, start + range.end);
    let invalid = |message: String| Diagnostic::new(Code::InvalidUrl, whole, message);
    match e {
        UrlError::Relative => relative_url(text, invalid),
        // `www.bbc.com:8080/x` reads as the scheme `www.bbc.com`: a host without scheme.
        UrlError::UnsupportedScheme { scheme } if scheme.contains('.') => {
            relative_url(text, invalid)
        }
        UrlError::UnsupportedScheme { scheme } => invalid(format!(
            "the source URL has scheme `{scheme}:`, not http or https"
        ))
        .with_label("expected an http(s) URL")
        .with_hint("line 3 must be the web address the article was scraped from"),
        UrlError::MissingSlashes { scheme } => invalid(format!(
            "the source URL `{}` has no `//` after `{scheme}:`",
            shorten(text)
        ))
        .with_label("expected `//` after this")
        .with_hint(
            "write the scheme, `//`, then the host: https://www.example.com/news/story; \
             a browser guesses what is missing, and its guess may not be the address you see",
        )
        .at(at_fault),
        UrlError::Character { ch: '\\', .. } => {
            invalid("the source URL holds a backslash (`\\`)".to_owned())
                .with_label("not allowed in a URL")
                .with_hint(
                    "write `/` between the parts of a URL; browsers read `\\` as `/`, \
                     so the address they follow is not the one written",
                )
                .at(at_fault)
        }
        UrlError::Character { ch, .. } if ch.is_whitespace() => {
            invalid(format!("the source URL holds {}", describe(*ch)))
                .with_label("whitespace inside the URL")
                .with_hint(
                    "a URL has no whitespace: remove text glued to it, \
                     or write a space that belongs in the path as `%20`",
                )
                .at(at_fault)
        }
        UrlError::Character { ch, .. } => {
            let mut utf8 = [0; 4];
            let escaped: String = ch
                .encode_utf8(&mut utf8)
                .bytes()
                .map(|b| format!("%{b:02X}"))
                .collect();
            invalid(format!("the source URL holds {}", describe(*ch)))
                .with_label("not allowed in a URL")
                .with_hint(format!(
                    "remove it; if it belongs in the address, write it percent-encoded: `{escaped}`"
                ))
                .at(at_fault)
        }
        UrlError::Credentials { .. } => {
            invalid("the source URL holds a user name or password".to_owned())
                .with_label("credentials before the host")
                .with_hint(
                    "remove everything up to the `@`: an article's address needs no login, \
                     and text before an `@` can disguise the real host",
                )
                .at(at_fault)
        }
        UrlError::EmptyHost { .. } => {
            invalid(format!("the source URL `{}` has no host", shorten(text)))
                .with_label("expected a host here")
                .with_hint("write the host right after `//`, e.g. https://www.example.com/news/story")
                .at(at_fault)
        }
        UrlError::InvalidHost { host, .. } => invalid(format!(
            "the host `{}` of the source URL is not a domain name or IP address",
            shorten(host)
        ))
        .with_label("not a host name")
        .with_hint(
            "a host name is letters, digits and hyphens between dots (www.example.com), \
             with no hyphen at the start or end of a part; an IP address is written 192.0.2.1",
        )
        .at(at_fault),
        UrlError::InvalidPort { port, .. } => invalid(format!(
            "the port `{}` of the source URL is not a port number",
            shorten(port)
        ))
        .with_label("expected a number from 0 to 65535")
        .with_hint("fix or remove the port: https://www.example.com:8080/story or https://www.example.com/story")
        .at(at_fault),
    }
}

/// E007 for a URL without scheme, with a hint for the common cases: a date (the
/// header is shifted), a host without scheme.
fn relative_url(text: &str, invalid: impl Fn(String) -> Diagnostic) -> Diagnostic {
    let diagnostic = invalid(format!("the source URL `{}` is relative", shorten(text)))
        .with_label("no scheme and host");
    if Date::from_compact(text).is_some() {
        return diagnostic.with_hint(
            "this is a date: is the headline or the date line doubled? line 3 must be the URL",
        );
    }
    let first = text.split('/').next().unwrap_or("");
    if !text.starts_with('/') && first.contains('.') && !first.contains(' ') {
        return diagnostic.with_hint(format!("add the scheme: `https://{text}`"));
    }
    diagnostic.with_hint(
        "write the absolute URL with scheme and host, e.g. https://www.example.com/news/story",
    )
}

/// E009: a carriage return inside a header field, where it would change the
/// field (a URL parser drops it silently, a date has only digits, and no line
/// format can write it in a headline).
pub(crate) fn lone_cr(line: &Trimmed<'_>, number: u32, field: &str) -> Option<Diagnostic> {
    let at = memchr::memchr(b'\r', line.content.as_bytes())?;
    let at = line.content_start + at;
    let hint = match field {
        "URL" => {
            "remove it: URL parsers drop a CR without a word, so the URL read would not be the one written"
        }
        "date" => "remove it: the date is eight digits, YYYYMMDD",
        _ => "remove it, or replace it with a space: no line-based format can keep it",
    };
    Some(
        Diagnostic::new(
            Code::CarriageReturnInText,
            Span::new(at, at + 1),
            format!("line {number}, the {field}, holds a carriage return (CR) that ends no line"),
        )
        .with_label("a lone CR")
        .with_hint(hint),
    )
}

/// Whether a line after blank ones reads as the date line of a double-spaced
/// header: four digits first and no whitespace (a wrong date still counts, so
/// that it gets E002 with its hint).
pub(crate) fn looks_like_date(text: &str) -> bool {
    text.as_bytes()
        .get(..4)
        .is_some_and(|y| y.iter().all(u8::is_ascii_digit))
        && !text.contains(char::is_whitespace)
}

/// Whether a line after blank ones reads as the URL line of a double-spaced
/// header: `http:`, `https:` or `www.` first and no whitespace (a broken URL
/// still counts, so that it gets E007 with its hint).
pub(crate) fn looks_like_url_line(text: &str) -> bool {
    let starts = |prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    (starts("http:") || starts("https:") || starts("www.")) && !text.contains(char::is_whitespace)
}

fn looks_like_url(text: &str) -> bool {
    let lower = |n: usize| text.get(..n).map(str::to_ascii_lowercase);
    lower(7).as_deref() == Some("http://")
        || lower(8).as_deref() == Some("https://")
        || text.starts_with("www.")
}

/// A headline that is actually a date or a URL: the headline line is missing.
pub(crate) fn misplaced_headline(text: &str) -> Option<&'static str> {
    if compact_date(text).is_ok() {
        Some("line 1 holds a date: the headline is missing; put it on line 1, the date on line 2")
    } else if looks_like_url(text) {
        Some("line 1 holds a URL: the headline and date are missing")
    } else {
        None
    }
}

/// Quotes long input in a message without flooding the terminal.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

impl Diagnostic {
    /// Moves the diagnostic to a narrower span (the part of the line at fault).
    pub(crate) fn at(mut self, span: Span) -> Diagnostic {
        self.span = span;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(content: &str) -> Trimmed<'_> {
        Trimmed {
            lead: "",
            content,
            trail: "",
            content_start: 100,
        }
    }

    #[test]
    fn accepts_real_compact_dates() {
        assert_eq!(date(&line("20220131")), Ok(Date::new(2022, 1, 31).unwrap()));
    }

    #[test]
    fn month_13_points_at_the_month() {
        let d = date(&line("20221341")).unwrap_err();
        assert_eq!(d.code, Code::InvalidDate);
        assert_eq!(d.span, Span::new(104, 106));
        assert!(d.message.contains("month 13"), "{}", d.message);
    }

    #[test]
    fn impossible_day_says_how_many_days_the_month_has() {
        let d = date(&line("20230229")).unwrap_err();
        assert_eq!(d.span, Span::new(106, 108));
        assert!(d.message.contains("28 days"), "{}", d.message);
    }

    #[test]
    fn iso_dates_get_the_compact_form_as_hint() {
        let d = date(&line("2022-01-31")).unwrap_err();
        assert_eq!(
            d.hint.as_deref(),
            Some("write it without separators: `20220131`")
        );
        let d = date(&line("2022/01/31")).unwrap_err();
        assert!(d.hint.unwrap().contains("20220131"));
        let d = date(&line("2022-01/31")).unwrap_err();
        assert!(
            !d.hint.unwrap().contains("separators"),
            "mixed separators are not a date"
        );
    }

    #[test]
    fn other_bad_dates_say_what_was_expected() {
        for bad in [
            "2022013",
            "202201311",
            "Jan 31, 2022",
            "٢٠٢٢٠١٣١",
            "2022013a",
        ] {
            let d = date(&line(bad)).unwrap_err();
            assert_eq!(d.code, Code::InvalidDate, "{bad}");
            assert!(d.hint.is_some(), "{bad}");
        }
        let d = date(&line("https://example.com/a")).unwrap_err();
        assert!(d.hint.unwrap().contains("date line is missing"));
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert_eq!(
            url(&line("http://www.hngn.com/a")),
            Ok("http://www.hngn.com/a")
        );
        assert_eq!(url(&line("HTTPS://EXAMPLE.COM")), Ok("HTTPS://EXAMPLE.COM"));
        let rel = url(&line("/articles/240451/x.htm")).unwrap_err();
        assert!(rel.message.contains("relative"));
        let www = url(&line("www.hngn.com/articles/1")).unwrap_err();
        assert_eq!(
            www.hint.as_deref(),
            Some("add the scheme: `https://www.hngn.com/articles/1`")
        );
        // A host with a port and no scheme reads as the scheme `www.hngn.com:`.
        let port = url(&line("www.hngn.com:8080/articles/1")).unwrap_err();
        assert_eq!(
            port.hint.as_deref(),
            Some("add the scheme: `https://www.hngn.com:8080/articles/1`")
        );
        let ftp = url(&line("ftp://example.com/a")).unwrap_err();
        assert!(ftp.message.contains("ftp"));
        let mailto = url(&line("mailto:desk@example.com")).unwrap_err();
        assert_eq!(mailto.code, Code::InvalidUrl);
    }

    /// Each shape a browser would repair is an E007 whose caret sits on the fault
    /// and whose message names it.
    #[test]
    fn urls_a_browser_would_repair_are_refused_where_they_break() {
        // (URL, the bytes under the caret, a word of the message)
        for (bad, caret, says) in [
            ("http:evil.com", "http:", "no `//`"),
            ("http:/\\evil.com", "\\", "backslash"),
            ("https:///x", "", "no host"),
            ("http://-/", "-", "host `-`"),
            (
                "http://user:pw@example.com/",
                "user:pw@",
                "user name or password",
            ),
            ("http://example.com/a\0b", "\0", "NUL"),
            ("http://example.com/a b", " ", "a space"),
            ("http://exa mple.com/", " ", "a space"),
            ("http://example.com/\u{200b}x", "\u{200b}", "U+200B"),
            ("http://example.com:99999/", "99999", "port `99999`"),
            ("http://0x7f.1/", "0x7f.1", "host `0x7f.1`"),
        ] {
            let d = url(&line(bad)).unwrap_err();
            assert_eq!(d.code, Code::InvalidUrl, "{bad}");
            let shown = &bad[d.span.start - 100..d.span.end - 100];
            assert_eq!(shown, caret, "{bad}: caret");
            assert!(d.message.contains(says), "{bad}: {}", d.message);
            assert!(d.hint.is_some(), "{bad}");
        }
        let nul = url(&line("http://example.com/\0")).unwrap_err();
        assert_eq!(
            nul.hint.as_deref(),
            Some("remove it; if it belongs in the address, write it percent-encoded: `%00`")
        );
    }

    #[test]
    fn a_carriage_return_in_the_date_or_url_is_e009() {
        let d = lone_cr(&line("http://x.com/a\rb"), 3, "URL").unwrap();
        assert_eq!(d.code, Code::CarriageReturnInText);
        assert_eq!(d.span, Span::new(114, 115));
        assert!(d.message.contains("line 3"), "{}", d.message);
        assert!(lone_cr(&line("http://x.com/a"), 3, "URL").is_none());
    }

    #[test]
    fn header_lines_after_blank_ones_are_recognised() {
        assert!(looks_like_date("20040417"));
        assert!(looks_like_date("2004-04-17"));
        assert!(!looks_like_date("2004 was a year"));
        assert!(!looks_like_date("http://x.com/"));
        assert!(looks_like_url_line("http://x.com/"));
        assert!(looks_like_url_line("HTTP:evil.com"));
        assert!(looks_like_url_line("www.x.com/a"));
        assert!(!looks_like_url_line("Http: a protocol"));
        assert!(!looks_like_url_line("The body starts here."));
    }

    #[test]
    fn misplaced_headlines_are_recognised() {
        assert!(misplaced_headline("20220131").is_some());
        assert!(misplaced_headline("https://x.com/").is_some());
        assert!(misplaced_headline("Macron Heads To Moscow").is_none());
    }
}
