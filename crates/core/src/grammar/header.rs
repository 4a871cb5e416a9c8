//! The three header lines: headline, `YYYYMMDD` date, absolute http(s) URL.
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

/// Line 3: an absolute http(s) URL. Returns the URL as written.
pub(crate) fn url<'a>(line: &Trimmed<'a>) -> Result<&'a str, Diagnostic> {
    let span = span_of(line);
    let text = line.content;
    if plainly_valid_url(text) {
        return Ok(text);
    }
    let invalid = |message: String| Diagnostic::new(Code::InvalidUrl, span, message);
    match url::Url::parse(text) {
        Ok(parsed) => {
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(invalid(format!(
                    "the source URL has scheme `{}:`, not http or https",
                    parsed.scheme()
                ))
                .with_label("expected an http(s) URL")
                .with_hint("line 3 must be the web address the article was scraped from"));
            }
            if parsed.host_str().is_none_or(str::is_empty) {
                return Err(
                    invalid(format!("the source URL `{}` has no host", shorten(text))).with_hint(
                        "write the full address, e.g. https://www.example.com/news/story",
                    ),
                );
            }
            Ok(text)
        }
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let diagnostic = invalid(format!("the source URL `{}` is relative", shorten(text)))
                .with_label("no scheme and host");
            if Date::from_compact(text).is_some() {
                return Err(diagnostic.with_hint(
                    "this is a date: is the headline or the date line doubled? line 3 must be the URL",
                ));
            }
            let first = text.split('/').next().unwrap_or("");
            if !text.starts_with('/') && first.contains('.') && !first.contains(' ') {
                return Err(diagnostic.with_hint(format!("add the scheme: `https://{text}`")));
            }
            Err(diagnostic
                .with_hint("write the absolute URL with scheme and host, e.g. https://www.example.com/news/story"))
        }
        Err(e) => Err(invalid(format!(
            "the source URL `{}` is not a valid URL: {e}",
            shorten(text)
        ))
        .with_hint("line 3 must be an absolute http(s) URL")),
    }
}

/// Whether `text` is, beyond doubt, an absolute http(s) URL with a host, checked
/// without building a `url::Url` (which allocates and normalises; it stays the
/// authority for everything this says no to, and for the diagnostics).
///
/// Accepts `http(s)://` + a DNS name (labels of ASCII letters, digits and inner
/// hyphens, the last one not all digits, so never an IPv4 address) + an optional
/// port + nothing or a path/query/fragment of visible ASCII without `\`. Every
/// string it accepts, the url crate parses as http(s) with that host (a property
/// test holds it to that).
fn plainly_valid_url(text: &str) -> bool {
    let b = text.as_bytes();
    let scheme_len = if b.len() > 8 && b[..8].eq_ignore_ascii_case(b"https://") {
        8
    } else if b.len() > 7 && b[..7].eq_ignore_ascii_case(b"http://") {
        7
    } else {
        return false;
    };
    let rest = &b[scheme_len..];
    let host_len = rest
        .iter()
        .position(|c| matches!(c, b':' | b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let (host, mut rest) = rest.split_at(host_len);
    let label_ok = |l: &[u8]| {
        !l.is_empty()
            && l.len() <= 63
            && l.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            && l[0] != b'-'
            && l[l.len() - 1] != b'-'
            // Punycode labels must decode; leave them to the url crate.
            && !(l.len() >= 4 && l[..4].eq_ignore_ascii_case(b"xn--"))
    };
    let mut labels = host.split(|&c| c == b'.');
    let last = host.rsplit(|&c| c == b'.').next().unwrap_or(b"");
    if host.len() > 253 || !labels.all(label_ok) || last.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if let Some(port_and_rest) = rest.strip_prefix(b":") {
        let digits = port_and_rest
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let port = std::str::from_utf8(&port_and_rest[..digits])
            .ok()
            .and_then(|p| p.parse::<u16>().ok());
        if digits == 0 || port.is_none() {
            return false;
        }
        rest = &port_and_rest[digits..];
    }
    (rest.is_empty() || matches!(rest[0], b'/' | b'?' | b'#'))
        && rest.iter().all(|&c| c.is_ascii_graphic() && c != b'\\')
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
        let ftp = url(&line("ftp://example.com/a")).unwrap_err();
        assert!(ftp.message.contains("ftp"));
        let mailto = url(&line("mailto:desk@example.com")).unwrap_err();
        assert_eq!(mailto.code, Code::InvalidUrl);
        let broken = url(&line("http://exa mple.com/")).unwrap_err();
        assert!(
            broken.message.contains("not a valid URL"),
            "{}",
            broken.message
        );
    }

    #[test]
    fn the_fast_url_check_accepts_common_urls_only() {
        for ok in [
            "http://www.hngn.com/articles/240451/20220207/macron.htm",
            "https://apnews.com/article/x?utm_source=a#top",
            "HTTPS://EXAMPLE.COM",
            "http://localhost:8080/a",
        ] {
            assert!(plainly_valid_url(ok), "{ok}");
        }
        for unsure in [
            "http://999.1.1.1/",
            "http://exa mple.com/",
            "http://example.com/a b",
            "http://-x.com/",
            "http://x..com/",
            "http://x.com:99999/",
            "http://x.com:/",
            "http://x.com\\a",
            "http://[::1]/",
            "http://bücher.de/",
            "http://xn--a.com/",
            "ftp://x.com/",
            "http://",
        ] {
            assert!(!plainly_valid_url(unsure), "{unsure}");
        }
    }

    proptest::proptest! {
        /// Whatever the fast check accepts, the url crate accepts with the same meaning.
        #[test]
        fn the_fast_url_check_never_accepts_what_url_rejects(
            s in "(?i:https?)://[a-z0-9.:-]{0,20}[/?#]?[ -~]{0,30}",
        ) {
            if plainly_valid_url(&s) {
                let parsed = url::Url::parse(&s).expect("url accepts it too");
                proptest::prop_assert!(matches!(parsed.scheme(), "http" | "https"));
                proptest::prop_assert!(parsed.host_str().is_some_and(|h| !h.is_empty()));
            }
        }
    }

    #[test]
    fn misplaced_headlines_are_recognised() {
        assert!(misplaced_headline("20220131").is_some());
        assert!(misplaced_headline("https://x.com/").is_some());
        assert!(misplaced_headline("Macron Heads To Moscow").is_none());
    }
}
