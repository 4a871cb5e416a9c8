//! Splitting the input into lines, and each line into lead, content and trail.
//!
//! This is the one place that decides what a line is: `\n` ends a line, a `\r`
//! right before it makes the ending `\r\n`, and a final line without an ending is
//! still a line. Everything else (a lone `\r`, form feeds) is content or whitespace.

use crate::model::Eol;

/// One line of the input, without its ending.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawLine<'a> {
    /// 1-based line number.
    pub number: u32,
    /// Byte offset of the line's first byte in the input.
    pub start: usize,
    /// The line without its ending.
    pub text: &'a str,
    /// The ending, `None` for a last line without one.
    pub eol: Option<Eol>,
}

/// A line cut into surrounding whitespace and content.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Trimmed<'a> {
    pub lead: &'a str,
    pub content: &'a str,
    pub trail: &'a str,
    /// Byte offset of `content` in the input.
    pub content_start: usize,
}

impl<'a> RawLine<'a> {
    /// Cuts leading and trailing Unicode whitespace off the content. A blank line is
    /// all `trail`: it has no content to lead.
    #[inline]
    pub fn trimmed(&self) -> Trimmed<'a> {
        self.plain()
            .unwrap_or_else(|| self.trimmed_by(char::is_whitespace))
    }

    /// [`RawLine::trimmed`] for line 1, where a U+FEFF after the BOM leads too, like
    /// whitespace: a file saved with its byte order mark twice. In the headline,
    /// it would come back first in the canonical form, be read as the BOM, and
    /// the headline would change.
    pub fn trimmed_first(&self) -> Trimmed<'a> {
        self.plain()
            .unwrap_or_else(|| self.trimmed_by(|c| c.is_whitespace() || c == '\u{feff}'))
    }

    /// The line as its content, when nothing is to be cut. Most lines start and
    /// end with an ASCII letter or punctuation: nothing to cut, and no
    /// character to decode, decided where the caller is. (What is cut is
    /// whitespace and perhaps a non-ASCII mark, never a visible ASCII byte.)
    #[inline]
    fn plain(&self) -> Option<Trimmed<'a>> {
        let text = self.text;
        let visible = |b: &u8| b.is_ascii_graphic();
        (text.as_bytes().first().is_some_and(visible)
            && text.as_bytes().last().is_some_and(visible))
        .then_some(Trimmed {
            lead: "",
            content: text,
            trail: "",
            content_start: self.start,
        })
    }

    /// Cuts what `leads` off the start and whitespace off the end.
    #[inline(never)]
    fn trimmed_by(&self, leads: impl Fn(char) -> bool) -> Trimmed<'a> {
        let text = self.text;
        let after_lead = text.trim_start_matches(leads);
        if after_lead.is_empty() {
            return Trimmed {
                lead: "",
                content: "",
                trail: text,
                content_start: self.start,
            };
        }
        let lead_len = text.len() - after_lead.len();
        let content = after_lead.trim_end();
        Trimmed {
            lead: &text[..lead_len],
            content,
            trail: &after_lead[content.len()..],
            content_start: self.start + lead_len,
        }
    }
}

/// Iterator over the lines of `input` starting at byte `pos`. Cloning it looks
/// ahead without moving.
#[derive(Clone)]
pub(crate) struct Lines<'a> {
    input: &'a str,
    pos: usize,
    number: u32,
}

impl<'a> Lines<'a> {
    pub fn new(input: &'a str, pos: usize) -> Lines<'a> {
        Lines {
            input,
            pos,
            number: 0,
        }
    }

    /// Byte offset where the next line would start (the input's length at the end).
    pub fn position(&self) -> usize {
        self.pos
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = RawLine<'a>;

    fn next(&mut self) -> Option<RawLine<'a>> {
        let rest = &self.input[self.pos..];
        if rest.is_empty() {
            return None;
        }
        let start = self.pos;
        self.number += 1;
        let (text, eol, consumed) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(nl) => match rest[..nl].strip_suffix('\r') {
                Some(text) => (text, Some(Eol::Crlf), nl + 1),
                None => (&rest[..nl], Some(Eol::Lf), nl + 1),
            },
            None => (rest, None, rest.len()),
        };
        self.pos += consumed;
        Some(RawLine {
            number: self.number,
            start,
            text,
            eol,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<(u32, usize, &str, Option<Eol>)> {
        Lines::new(s, 0)
            .map(|l| (l.number, l.start, l.text, l.eol))
            .collect()
    }

    #[test]
    fn splits_lf_crlf_and_a_final_line_without_ending() {
        assert_eq!(
            lines("a\r\nb\nc"),
            vec![
                (1, 0, "a", Some(Eol::Crlf)),
                (2, 3, "b", Some(Eol::Lf)),
                (3, 5, "c", None)
            ]
        );
        assert_eq!(lines("a\n"), vec![(1, 0, "a", Some(Eol::Lf))]);
        assert_eq!(
            lines("\n\n"),
            vec![(1, 0, "", Some(Eol::Lf)), (2, 1, "", Some(Eol::Lf))]
        );
        assert!(lines("").is_empty());
    }

    #[test]
    fn a_lone_carriage_return_is_not_a_line_ending() {
        assert_eq!(lines("a\rb\n"), vec![(1, 0, "a\rb", Some(Eol::Lf))]);
        // "\r\r\n": one \r belongs to the ending, the other is trailing whitespace.
        let l = Lines::new("x\r\r\n", 0).next().unwrap();
        assert_eq!((l.text, l.eol), ("x\r", Some(Eol::Crlf)));
        assert_eq!(l.trimmed().trail, "\r");
    }

    #[test]
    fn trimming_keeps_every_byte() {
        let l = Lines::new(" \tword  word\u{a0} \n", 0).next().unwrap();
        let t = l.trimmed();
        assert_eq!(
            (t.lead, t.content, t.trail),
            (" \t", "word  word", "\u{a0} ")
        );
        assert_eq!(t.content_start, 2);
        let blank = Lines::new("   \n", 0).next().unwrap().trimmed();
        assert_eq!((blank.lead, blank.content, blank.trail), ("", "", "   "));
    }

    #[test]
    fn a_second_bom_leads_line_1_only() {
        let l = Lines::new(" \u{feff}Title\u{feff}\n", 0).next().unwrap();
        let t = l.trimmed_first();
        assert_eq!(
            (t.lead, t.content, t.trail),
            (" \u{feff}", "Title\u{feff}", "")
        );
        assert_eq!(l.trimmed().content, "\u{feff}Title\u{feff}");
        let only = Lines::new("\u{feff}\n", 0).next().unwrap().trimmed_first();
        assert_eq!((only.content, only.trail), ("", "\u{feff}"));
    }
}
