//! Percent-encoding normalisation and decoding (RFC 3986 §2.1, §2.3, §6.2.2.2).
//!
//! Private helpers shared by [`crate::canonical`] and [`crate::facts`].
//!
//! Most URL components of a corpus hold no `%` at all, so each function returns
//! its input borrowed when there is nothing to change: linking runs once per
//! article on the export's hot path, and a copy per component was most of the
//! cost of reading a URL's facts.

use std::borrow::Cow;

/// Is `b` an RFC 3986 *unreserved* character (`ALPHA / DIGIT / "-" / "." / "_" / "~"`)?
///
/// Only these are safe to decode: decoding anything else may change what the
/// URL means (`%2F` is not `/`, `%26` in a query is not `&`).
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// The value of an ASCII hex digit.
fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The byte encoded by the escape starting at `bytes[i]` (which must be `%`).
fn escape_at(bytes: &[u8], i: usize) -> Option<u8> {
    let hi = hex_value(*bytes.get(i + 1)?)?;
    let lo = hex_value(*bytes.get(i + 2)?)?;
    Some(hi << 4 | lo)
}

/// Normalises the percent-escapes of an already-serialised URL component:
///
/// * an escape of an unreserved character is decoded (`%7E` → `~`, `%41` → `A`);
/// * every other escape gets uppercase hex digits (`%2f` → `%2F`);
/// * a `%` that does not start a valid escape is itself escaped as `%25`, so that
///   a later pass cannot glue it to following characters into a new escape
///   (`%4%41` would otherwise become `%4A`). This keeps normalisation idempotent.
///
/// All other characters are copied unchanged. Borrowed when `component` has
/// no `%` (then nothing changes).
pub(crate) fn normalize_escapes(component: &str) -> Cow<'_, str> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = component.as_bytes();
    if !bytes.contains(&b'%') {
        return Cow::Borrowed(component);
    }
    let mut out = String::with_capacity(component.len());
    let mut i = 0;
    let mut copied_from = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        out.push_str(&component[copied_from..i]);
        match escape_at(bytes, i) {
            Some(b) if is_unreserved(b) => {
                out.push(char::from(b));
                i += 3;
            }
            Some(b) => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0x0F)]));
                i += 3;
            }
            None => {
                out.push_str("%25");
                i += 1;
            }
        }
        copied_from = i;
    }
    out.push_str(&component[copied_from..]);
    Cow::Owned(out)
}

/// Decodes every valid percent-escape of `s`, replacing invalid UTF-8 with U+FFFD.
///
/// Invalid escapes are kept literally. `+` is *not* treated as a space.
/// Borrowed when `s` has no `%` (then nothing is decoded).
pub(crate) fn decode_lossy(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    if !bytes.contains(&b'%') {
        return Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = escape_at(bytes, i)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_escapes_are_decoded() {
        assert_eq!(normalize_escapes("%41%62%2D%2e%5F%7e"), "Ab-._~");
    }

    #[test]
    fn reserved_escapes_get_uppercase_hex() {
        assert_eq!(normalize_escapes("a%2fb%3a%c3%a9"), "a%2Fb%3A%C3%A9");
    }

    #[test]
    fn stray_percent_is_escaped() {
        assert_eq!(normalize_escapes("100%"), "100%25");
        assert_eq!(normalize_escapes("%zz"), "%25zz");
        assert_eq!(normalize_escapes("%4%41"), "%254A");
        assert_eq!(normalize_escapes("%254A"), "%254A");
    }

    #[test]
    fn text_without_escapes_is_unchanged() {
        assert_eq!(
            normalize_escapes("/news/world-europe-60312345"),
            "/news/world-europe-60312345"
        );
    }

    #[test]
    fn text_without_percent_is_borrowed() {
        assert!(matches!(
            normalize_escapes("/a/b-c"),
            Cow::Borrowed("/a/b-c")
        ));
        assert!(matches!(decode_lossy("a+b"), Cow::Borrowed("a+b")));
        assert!(matches!(normalize_escapes("%41"), Cow::Owned(_)));
    }

    #[test]
    fn decode_handles_utf8_and_invalid_escapes() {
        assert_eq!(decode_lossy("caf%C3%A9"), "café");
        assert_eq!(decode_lossy("100%"), "100%");
        assert_eq!(decode_lossy("a%2Fb"), "a/b");
        assert_eq!(decode_lossy("%FF"), "\u{FFFD}");
        assert_eq!(decode_lossy("a+b"), "a+b");
    }
}
