//! Escaping, straight into the output: every function writes unescaped runs as
//! they are and replaces only the bytes that need it, so no escaped copy of the
//! text is ever built.

use std::io::{self, Write};

const REPLACEMENT: &[u8] = "\u{fffd}".as_bytes();

/// Writes `s` as the text of an HTML or XML element: `&`, `<` and `>` become
/// references (so `]]>` is inert), and characters XML 1.0 forbids or HTML calls
/// control characters (C0 controls but tab and line feed, DEL, C1 controls,
/// U+FFFE, U+FFFF) become U+FFFD. A carriage return is kept as `&#13;`.
pub(crate) fn markup_text(out: &mut dyn Write, s: &str) -> io::Result<()> {
    markup(out, s, false)
}

/// Writes `s` as the value of a double- or single-quoted attribute: as
/// [`markup_text`], and quotes, tabs and line feeds become references (parsers
/// would otherwise normalise them to spaces).
pub(crate) fn markup_attr(out: &mut dyn Write, s: &str) -> io::Result<()> {
    markup(out, s, true)
}

fn markup(out: &mut dyn Write, s: &str, attr: bool) -> io::Result<()> {
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (replacement, len): (&[u8], usize) = match b {
            b'&' => (b"&amp;", 1),
            b'<' => (b"&lt;", 1),
            b'>' => (b"&gt;", 1),
            b'"' if attr => (b"&quot;", 1),
            b'\'' if attr => (b"&#39;", 1),
            b'\t' if attr => (b"&#9;", 1),
            b'\n' if attr => (b"&#10;", 1),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            b'\r' => (b"&#13;", 1),
            0x00..=0x1F | 0x7F => (REPLACEMENT, 1),
            // C1 controls U+0080..U+009F: C2 80..C2 9F.
            0xC2 if matches!(bytes.get(i + 1), Some(0x80..=0x9F)) => (REPLACEMENT, 2),
            // Noncharacters U+FFFE, U+FFFF: EF BF BE, EF BF BF.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                (REPLACEMENT, 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.write_all(&bytes[run..i])?;
        out.write_all(replacement)?;
        i += len;
        run = i;
    }
    out.write_all(&bytes[run..])
}

/// Writes `s` as one line of a line-oriented format: carriage returns and line
/// feeds (which a parsed article never holds inside a field, but a hand-made one
/// may) become spaces, so a field can never split into two lines.
pub(crate) fn one_line(out: &mut dyn Write, s: &str) -> io::Result<()> {
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || b == b'\r' {
            out.write_all(&bytes[run..i])?;
            out.write_all(b" ")?;
            run = i + 1;
        }
    }
    out.write_all(&bytes[run..])
}

/// Writes `s` as inline Markdown text that renders as exactly `s` and cannot
/// change the document's structure, for a line that starts a block (a heading's
/// text, a paragraph, a list item's text).
///
/// - Everywhere: `\` `` ` `` `*` `_` `[` `]` `<` `>` `#` `|` `~` `&` `$` `^` `{`
///   `}` are backslash-escaped (emphasis, code, links, raw HTML, entities, closing
///   heading sequences, and the common extensions: tables, strikethrough, math,
///   superscript, heading attributes).
/// - At the start: `-` `+` `=` `:` (lists, thematic breaks, setext underlines,
///   definition lists), and
///   the `.` or `)` after leading digits (ordered lists).
/// - Line breaks become spaces; surrounding whitespace (indented code) is trimmed.
pub(crate) fn markdown(out: &mut dyn Write, s: &str) -> io::Result<()> {
    let s = s.trim();
    let bytes = s.as_bytes();
    let mut run = 0;
    // Leading digits: an ordered-list marker is 1-9 digits then `.` or `)`.
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'#' | b'|' | b'~' | b'&'
            | b'$' | b'^' | b'{' | b'}' => true,
            b'-' | b'+' | b'=' | b':' => i == 0,
            b'.' | b')' => i == digits && digits > 0,
            b'\n' | b'\r' => {
                out.write_all(&bytes[run..i])?;
                out.write_all(b" ")?;
                run = i + 1;
                continue;
            }
            _ => false,
        };
        if escape {
            out.write_all(&bytes[run..i])?;
            out.write_all(b"\\")?;
            run = i;
        }
    }
    out.write_all(&bytes[run..])
}

/// Writes `s` as a YAML double-quoted scalar, quotes included. Backslash and quote
/// are escaped, and so is every character YAML does not allow printed or reads as
/// a line break (controls, DEL, C1, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF), so
/// a value can neither end the scalar nor start a new key or document.
pub(crate) fn yaml_string(out: &mut dyn Write, s: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let short: &[u8] = match c {
            '"' => b"\\\"",
            '\\' => b"\\\\",
            '\n' => b"\\n",
            '\r' => b"\\r",
            '\t' => b"\\t",
            '\0'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}' => b"",
            _ => continue,
        };
        out.write_all(&s.as_bytes()[run..i])?;
        if short.is_empty() {
            write!(out, "\\u{:04X}", u32::from(c))?;
        } else {
            out.write_all(short)?;
        }
        run = i + c.len_utf8();
    }
    out.write_all(&s.as_bytes()[run..])?;
    out.write_all(b"\"")
}

/// Writes `s` percent-encoded as a relative URL path segment: every byte but the
/// unreserved `A-Z a-z 0-9 - . _ ~` becomes `%XX`.
pub(crate) fn url_segment(out: &mut dyn Write, s: &str) -> io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')) {
            out.write_all(&bytes[run..i])?;
            out.write_all(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])?;
            run = i + 1;
        }
    }
    out.write_all(&bytes[run..])
}

/// Whether `url` may be put in an `href`: an absolute `http:` or `https:` URL.
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = |n: usize| url.get(..n).map(str::to_ascii_lowercase);
    lower(7).as_deref() == Some("http://") || lower(8).as_deref() == Some("https://")
}

/// A writer for JSON inside an HTML `<script>` element: `<`, `>` and `&` become
/// `\u003c`, `\u003e` and `\u0026`. Those bytes only occur inside JSON strings,
/// where the escapes mean the same characters, so the JSON is unchanged while
/// `</script>` and `<!--` can no longer end or change the element.
pub(crate) struct ScriptSafe<'w>(pub &'w mut dyn Write);

impl Write for ScriptSafe<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut run = 0;
        for (i, &b) in buf.iter().enumerate() {
            let escaped: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            self.0.write_all(&buf[run..i])?;
            self.0.write_all(escaped)?;
            run = i + 1;
        }
        self.0.write_all(&buf[run..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: fn(&mut dyn Write, &str) -> io::Result<()>, s: &str) -> String {
        let mut out = Vec::new();
        f(&mut out, s).expect("writing to a Vec");
        String::from_utf8(out).expect("escapers write UTF-8")
    }

    #[test]
    fn markup_escapes_delimiters_and_replaces_forbidden_characters() {
        assert_eq!(
            run(markup_text, "a<b>&c]]>\"'"),
            "a&lt;b&gt;&amp;c]]&gt;\"'"
        );
        assert_eq!(run(markup_attr, "\"'\t\n<"), "&quot;&#39;&#9;&#10;&lt;");
        assert_eq!(
            run(
                markup_text,
                "a\u{0}b\u{b}c\u{7f}d\u{85}e\u{fffe}f\u{ffff}g\u{fffd}"
            ),
            "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e\u{fffd}f\u{fffd}g\u{fffd}"
        );
        assert_eq!(run(markup_text, "tab\tlf\ncr\r"), "tab\tlf\ncr&#13;");
        assert_eq!(run(markup_text, "Ünïcødé — “q” 日本"), "Ünïcødé — “q” 日本");
    }

    #[test]
    fn markdown_escapes_structure() {
        assert_eq!(run(markdown, "# head"), "\\# head");
        assert_eq!(run(markdown, "- item"), "\\- item");
        assert_eq!(run(markdown, "+ item"), "\\+ item");
        assert_eq!(run(markdown, "---"), "\\---");
        assert_eq!(run(markdown, "2022. year"), "2022\\. year");
        assert_eq!(run(markdown, "3) x"), "3\\) x");
        assert_eq!(run(markdown, "a 1. b"), "a 1. b");
        assert_eq!(run(markdown, "de-escalation"), "de-escalation");
        assert_eq!(
            run(
                markdown,
                "*e* [l](javascript:x) `c` &amp; <b> a|b ~s~ $m$ \\"
            ),
            "\\*e\\* \\[l\\](javascript:x) \\`c\\` \\&amp; \\<b\\> a\\|b \\~s\\~ \\$m\\$ \\\\"
        );
        assert_eq!(run(markdown, "  lead\nnext\r\n  "), "lead next");
        assert_eq!(run(markdown, "a\n- b"), "a - b");
    }

    #[test]
    fn yaml_strings_cannot_escape_their_quotes() {
        assert_eq!(run(yaml_string, "plain"), "\"plain\"");
        assert_eq!(
            run(yaml_string, "a\"b\\c\nd: e\u{2028}\u{0}"),
            "\"a\\\"b\\\\c\\nd: e\\u2028\\u0000\""
        );
    }

    #[test]
    fn url_segments_are_percent_encoded() {
        assert_eq!(
            run(url_segment, "a b#c?d%/é.html"),
            "a%20b%23c%3Fd%25%2F%C3%A9.html"
        );
    }

    #[test]
    fn script_safe_json_has_no_markup() {
        let mut out = Vec::new();
        ScriptSafe(&mut out)
            .write_all(br#"{"a":"</script><!-- & >"}"#)
            .expect("writing to a Vec");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            r#"{"a":"\u003c/script\u003e\u003c!-- \u0026 \u003e"}"#
        );
    }

    #[test]
    fn web_urls_only() {
        assert!(is_web_url("https://x.org/"));
        assert!(is_web_url("HTTP://x.org/"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("data:text/html,x"));
        assert!(!is_web_url("//x.org/"));
    }
}
