//! TEI attribute datatypes: free text and URLs turned into values the TEI P5
//! schema (`tei_all`) accepts.
//!
//! Text content in TEI takes any characters; attributes do not. The attributes
//! `xml` writes from article data are of two datatypes:
//!
//! - `teidata.enumerated` (`@subtype`): one token, no whitespace, no control,
//!   format, private-use or unassigned character (`[^\p{C}\p{Z}]+`).
//! - `teidata.pointer` (`@target`, `@ref`): a whitespace-separated list of
//!   `anyURI`s, so one URL must be one token that is a URI reference once the
//!   characters `anyURI` escapes (`<`, `"`, `{`, non-ASCII...) are escaped. What
//!   stays invalid after that escaping is a `%` not starting an escape, a second
//!   `#`, `[` or `]` outside an IPv6 host, and a value without a scheme: those
//!   are what [`pointer`] repairs.
//!
//! Both functions return the value unchanged (borrowed) when it is already
//! valid, so output that was valid stays byte for byte the same.

use std::borrow::Cow;

/// `text` as a `teidata.enumerated` token: each run of characters that are
/// neither ASCII graphic nor a letter or digit becomes one `-`, at the ends
/// none. `None` when nothing is left.
///
/// `Read Also` gives `Read-Also`; `Related` stays `Related`. Letters and digits
/// outside ASCII are kept; other non-ASCII characters (symbols, marks, spaces,
/// format characters) are separators: whether a symbol is assigned depends on
/// the validator's Unicode version, a letter of an old script does not.
pub(super) fn enumerated(text: &str) -> Option<Cow<'_, str>> {
    if !text.is_empty() && text.chars().all(is_token_char) {
        return Some(Cow::Borrowed(text));
    }
    let mut token = String::with_capacity(text.len());
    for word in text.split(|c| !is_token_char(c)).filter(|w| !w.is_empty()) {
        if !token.is_empty() {
            token.push('-');
        }
        token.push_str(word);
    }
    (!token.is_empty()).then_some(Cow::Owned(token))
}

fn is_token_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_graphic()
    } else {
        c.is_alphanumeric()
    }
}

/// `url` as one `teidata.pointer`, or `None` when it has no scheme (it is then
/// no absolute URI, and a relative one would point into the TEI file itself).
///
/// Percent-encoded (as UTF-8): whitespace and control characters (which would
/// split the pointer in two, or are no URI characters), noncharacters, a `%`
/// not followed by two hex digits, every `#` after the first, and `[` `]`
/// except around an IPv6 (or future) host. Everything else is kept as written,
/// non-ASCII included: `anyURI` allows it.
pub(super) fn pointer(url: &str) -> Option<Cow<'_, str>> {
    let scheme = scheme_len(url)?;
    let rest = &url[scheme + 1..];
    let (authority, tail) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None => (None, rest),
    };
    let literal = authority.and_then(ip_literal);
    if authority.is_none_or(|a| clean(a, literal, false)) && clean(tail, None, true) {
        return Some(Cow::Borrowed(url));
    }
    let mut out = String::with_capacity(url.len() + 8);
    out.push_str(&url[..=scheme]);
    if let Some(authority) = authority {
        out.push_str("//");
        encode(&mut out, authority, literal, false);
    }
    encode(&mut out, tail, None, true);
    Some(Cow::Owned(out))
}

/// The length of `url`'s scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`)
/// when a `:` follows it.
fn scheme_len(url: &str) -> Option<usize> {
    let bytes = url.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let len = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        .count();
    (bytes.get(len) == Some(&b':')).then_some(len)
}

/// Where the brackets of a well-formed IPv6 host are in `authority` (`[v6]`
/// after any userinfo, then nothing or `:port`): the byte offsets of `[` and
/// `]`. Brackets anywhere else are encoded, those of an RFC 3986 `IPvFuture`
/// too: `anyURI` follows RFC 2732, which knows only IPv6.
fn ip_literal(authority: &str) -> Option<(usize, usize)> {
    let host = authority.rfind('@').map_or(0, |at| at + 1);
    let rest = authority[host..].strip_prefix('[')?;
    let close = rest.find(']')?;
    let inside = &rest[..close];
    let port = &rest[close + 1..];
    let inside_ok = !inside.is_empty()
        && inside
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'));
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    (inside_ok && port_ok).then_some((host, host + 1 + close))
}

/// What [`encode`] does to one character at byte `i` of `part`.
enum Action {
    Keep,
    Encode,
}

/// Decides for each character; `fragment` tracks whether a `#` was seen (only
/// in the part after the authority, where a `#` can start the fragment).
fn action(
    part: &str,
    i: usize,
    c: char,
    literal: Option<(usize, usize)>,
    fragment: &mut Option<bool>,
) -> Action {
    match c {
        '%' => {
            let hex = part.as_bytes().get(i + 1..i + 3);
            if hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                Action::Keep
            } else {
                Action::Encode
            }
        }
        '#' => match fragment {
            Some(seen @ false) => {
                *seen = true;
                Action::Keep
            }
            _ => Action::Encode,
        },
        '[' | ']' => match literal {
            Some((open, close)) if i == open || i == close => Action::Keep,
            _ => Action::Encode,
        },
        c if c.is_whitespace() || c.is_control() || is_noncharacter(c) => Action::Encode,
        _ => Action::Keep,
    }
}

fn is_noncharacter(c: char) -> bool {
    let c = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&c) || c & 0xFFFE == 0xFFFE
}

/// Whether `part` needs no encoding.
fn clean(part: &str, literal: Option<(usize, usize)>, tail: bool) -> bool {
    let mut fragment = tail.then_some(false);
    part.char_indices()
        .all(|(i, c)| matches!(action(part, i, c, literal, &mut fragment), Action::Keep))
}

/// Appends `part` to `out`, percent-encoding what [`action`] says.
fn encode(out: &mut String, part: &str, literal: Option<(usize, usize)>, tail: bool) {
    let mut fragment = tail.then_some(false);
    for (i, c) in part.char_indices() {
        match action(part, i, c, literal, &mut fragment) {
            Action::Keep => out.push(c),
            Action::Encode => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                let mut utf8 = [0; 4];
                for b in c.encode_utf8(&mut utf8).bytes() {
                    out.push('%');
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 0xF)]));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_tokens() {
        assert_eq!(enumerated("Read Also").as_deref(), Some("Read-Also"));
        assert_eq!(
            enumerated("  RELATED \t ARTICLE ").as_deref(),
            Some("RELATED-ARTICLE")
        );
        assert_eq!(enumerated("À\u{a0}lire").as_deref(), Some("À-lire"));
        assert_eq!(enumerated("a\u{200b}b\u{e000}c").as_deref(), Some("a-b-c"));
        assert_eq!(enumerated(" \u{85}\u{feff} "), None);
        assert_eq!(enumerated(""), None);
    }

    #[test]
    fn valid_tokens_are_kept_as_they_are() {
        for label in ["Related", "Read-Also", "x<y>&\"'", "Лента", "数字"] {
            assert!(
                matches!(enumerated(label), Some(Cow::Borrowed(l)) if l == label),
                "{label}"
            );
        }
    }

    #[test]
    fn valid_urls_are_kept_as_they_are() {
        for url in [
            "http://www.hngn.com/articles/240451/20220207/macron.htm",
            "https://example.com/news/a?x=<script>&y=\"z\"#'q'",
            "https://exämple.com/ü?q={x}|^`\\",
            "https://[::1]:8080/a%20b#frag?/",
            "https://user:pw@[fe80::1.2.3.4]:/",
            "http:evil.com",
            "https:///x",
        ] {
            assert!(
                matches!(pointer(url), Some(Cow::Borrowed(u)) if u == url),
                "{url}"
            );
        }
    }

    #[test]
    fn what_anyuri_rejects_is_encoded() {
        let cases = [
            ("https://example.com/a b", "https://example.com/a%20b"),
            ("https://example.com/%zz%4", "https://example.com/%25zz%254"),
            ("https://example.com/a#b#c", "https://example.com/a#b%23c"),
            ("https://example.com/[x]", "https://example.com/%5Bx%5D"),
            ("https://[x/", "https://%5Bx/"),
            ("https://a]b:1/", "https://a%5Db:1/"),
            ("https://[::1]x/", "https://%5B::1%5Dx/"),
            ("https://[v1.fe80::a]/", "https://%5Bv1.fe80::a%5D/"),
            (
                "https://e.com/\t\n\u{85}\u{a0}",
                "https://e.com/%09%0A%C2%85%C2%A0",
            ),
            (
                "https://e.com/\u{fffe}\u{fdd0}",
                "https://e.com/%EF%BF%BE%EF%B7%90",
            ),
        ];
        for (url, want) in cases {
            assert_eq!(pointer(url).as_deref(), Some(want), "{url}");
        }
    }

    #[test]
    fn a_value_without_scheme_is_no_pointer() {
        for url in ["", "example.com/a", "/a", "1http://x", ":x", "a b:c"] {
            assert_eq!(pointer(url), None, "{url:?}");
        }
    }
}
