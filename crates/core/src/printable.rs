//! Names made safe to print on a terminal.
//!
//! File and archive-member names come from whoever made the corpus: a name
//! holding `ESC[2J` would clear the reader's screen, one holding a newline
//! could print a line that looks like a diagnostic of ours. Every name printed
//! for a human goes through [`printable`] (diagnostics, warnings, errors,
//! summaries); machine output (JSON) carries the name as it is, escaped by
//! its own format's rules.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `name` with every character that could steer a terminal or hide text
/// escaped Rust-style: C0 and C1 controls and DEL (`\n`, `\t`, `\r`, `\x1b`,
/// `\u{85}`), and the bidirectional controls that reorder what is shown
/// (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C). A backslash
/// is left alone (Windows paths), so the escaping is for reading, not for
/// reversing. Borrowed when there is nothing to escape.
///
/// ```
/// use dateline_core::printable;
/// assert_eq!(printable("a\x1b[2Jb.txt"), "a\\x1b[2Jb.txt");
/// assert_eq!(printable("x.tar:a\nerror[E999]: forged"), "x.tar:a\\nerror[E999]: forged");
/// assert_eq!(printable("dir/ü.txt"), "dir/ü.txt");
/// ```
pub fn printable(name: &str) -> Cow<'_, str> {
    if !name.chars().any(needs_escape) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) && (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `c` is escaped by [`printable`].
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn controls_and_bidi_are_escaped_the_rest_borrowed() {
        assert_eq!(
            printable("\x07\x7f\u{9b}\u{202e}txt.exe"),
            "\\x07\\x7f\\u{9b}\\u{202e}txt.exe"
        );
        assert_eq!(printable("a\tb\rc"), "a\\tb\\rc");
        assert!(matches!(
            printable("plain/name.txt"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(printable("C:\\x\\y.txt"), "C:\\x\\y.txt");
    }
}
