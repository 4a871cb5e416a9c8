//! W007: a double quotation mark that is never closed (or closes nothing).
//!
//! The rule follows how edited news prose quotes, not a naive count of marks:
//!
//! * **A quotation that runs over several paragraphs** leaves each paragraph
//!   open and reopens it at the start of the next one, closing it only at the
//!   end of the last (the newswire convention, also in AP and Chicago style):
//!
//!   ```text
//!   "We have not decided yet," she said. "The board meets on Monday.
//!   "Until then, nothing changes."
//!   ```
//!
//!   An open quotation at the end of a paragraph is fine when the next
//!   paragraph begins with an opening mark.
//! * **Paragraphs merged onto one line by the scraper** keep that shape inside
//!   the line: `...on Monday. "Until then...`: an opening mark after the end of
//!   a sentence, while a quotation is open, continues it.
//!
//! Anything else unclosed is reported: a quotation still open at the end of a
//! paragraph the next one does not continue, or at the end of the article, and
//! a closing mark with no quotation open. Whether a straight `"` opens or closes
//! is read from its neighbours (an opening mark comes after a space or the
//! start of the text and before a word; a closing one after a word), as
//! CommonMark reads emphasis delimiters; curly marks say which they are.
//!
//! Measured on edited prose written in these conventions
//! (`tests/fixtures/prose/`), no file is flagged; every planted unclosed quote
//! in `tests/fixtures/invalid-quotes/` still is.

use crate::Span;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Article, Paragraph};

/// What a double quotation mark does, read from the mark and its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// `“`, or `"` after a space (or the start) and before a word.
    Open,
    /// `”`, or `"` after a word and before a space, punctuation or the end.
    Close,
    /// `"` with a space on both sides, or none: opens or closes by context.
    Either,
}

/// One double quotation mark of a paragraph.
#[derive(Debug, Clone, Copy)]
struct Mark {
    /// Byte offset in the source.
    at: usize,
    /// Byte length (1 for `"`, 3 for a curly mark).
    len: usize,
    role: Role,
    /// Whether the mark starts the paragraph or follows the end of a sentence
    /// (`. "`, `? "`): where a reopening mark stands.
    after_sentence: bool,
}

/// W007 for each paragraph of `article` that holds an unbalanced quotation
/// mark: at most one per paragraph, at the mark left open (or the closing mark
/// that closes nothing).
pub(super) fn unbalanced(article: &Article<'_>, out: &mut Vec<Diagnostic>) {
    let mut paragraphs = article.paragraphs().enumerate().peekable();
    // The source text of a paragraph of several inlines, rebuilt here rather
    // than in a new string for each: one allocation for the article, sized by
    // the longest paragraph's span (as parsed, its source length).
    let longest = article.paragraphs().map(|p| p.span.len()).max();
    let mut joined = String::with_capacity(longest.unwrap_or(0));
    // The mark of the quotation open now, and the index of its paragraph.
    let mut open: Option<(Mark, usize)> = None;
    // The last paragraph a diagnostic was made for: one per paragraph.
    let mut flagged: Option<usize> = None;
    let mut flag = |out: &mut Vec<Diagnostic>, mark: Mark, paragraph: usize, closing: bool| {
        if flagged == Some(paragraph) {
            return;
        }
        flagged = Some(paragraph);
        out.push(diagnostic(mark, closing));
    };

    let quote_bytes = QuoteBytes::new();
    while let Some((i, p)) = paragraphs.next() {
        let raw = source_text(p, &mut joined);
        for mark in marks(raw, p.span.start, &quote_bytes) {
            match (mark.role, open) {
                (Role::Open | Role::Either, None) => open = Some((mark, i)),
                (Role::Close | Role::Either, Some(_)) => open = None,
                // A quotation reopened after a sentence: the merged-paragraph
                // convention. Otherwise the earlier one was never closed.
                (Role::Open, Some((earlier, at))) => {
                    if !mark.after_sentence {
                        flag(out, earlier, at, false);
                    }
                    open = Some((mark, i));
                }
                (Role::Close, None) => flag(out, mark, i, true),
            }
        }
        if let Some((mark, at)) = open {
            let continued = paragraphs
                .peek()
                .is_some_and(|(_, next)| starts_with_opening_mark(next));
            if !continued {
                flag(out, mark, at, false);
                open = None;
            }
        }
    }
}

fn diagnostic(mark: Mark, closing: bool) -> Diagnostic {
    let span = Span::new(mark.at, mark.at + mark.len);
    if closing {
        Diagnostic::new(
            Code::UnbalancedQuote,
            span,
            "this closing quotation mark closes no quotation",
        )
        .with_label("no quotation is open here")
        .with_hint("the text stays as written; check whether an opening mark was lost")
    } else {
        Diagnostic::new(
            Code::UnbalancedQuote,
            span,
            "this quotation mark is never closed",
        )
        .with_label("unmatched")
        .with_hint(
            "the text stays as written; a quotation that goes on in the next paragraph \
             is fine when that paragraph begins with an opening mark",
        )
    }
}

/// [`Paragraph::raw`], without a new string: the one inline's text, or the
/// inlines' texts joined in `buf`.
fn source_text<'p>(p: &'p Paragraph<'_>, buf: &'p mut String) -> &'p str {
    match p.inlines.as_slice() {
        [only] => only.raw(),
        many => {
            buf.clear();
            // `buf` was sized for the longest paragraph; it grows here only
            // for a model whose spans undercount its text.
            for inline in many {
                buf.push_str(inline.raw());
            }
            buf
        }
    }
}

/// Whether the source text of `p` begins (after spaces) with a mark that opens
/// a quotation. Only its first two characters are read, so the inlines are not
/// joined.
fn starts_with_opening_mark(p: &Paragraph<'_>) -> bool {
    let mut chars = p
        .inlines
        .iter()
        .flat_map(|inline| inline.raw().chars())
        .skip_while(|c| c.is_whitespace());
    match chars.next() {
        Some('“') => true,
        Some('"') => straight_role(None, chars.next()) != Role::Close,
        _ => false,
    }
}

/// Finds the bytes a quotation mark starts with (`"`, and 0xE2 for `“` and
/// `”`) as `memchr::memchr2` does, with the searcher made once for the article
/// rather than once a paragraph: the crate's dispatch on each call costs a good
/// part of a paragraph's search.
struct QuoteBytes {
    /// The AVX2 searcher, where the CPU has AVX2 (checked once, at run time).
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::memchr::Two>,
}

impl QuoteBytes {
    fn new() -> QuoteBytes {
        QuoteBytes {
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::memchr::Two::new(b'"', 0xE2),
        }
    }

    /// The offset of the first such byte in `haystack`.
    #[inline]
    fn find(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(two) = &self.avx2 {
            return two.find(haystack);
        }
        memchr::memchr2(b'"', 0xE2, haystack)
    }
}

/// The double quotation marks of `text` (`"`, `“`, `”`), in order, with their
/// offsets shifted by `base`.
fn marks<'t>(
    text: &'t str,
    base: usize,
    quote_bytes: &'t QuoteBytes,
) -> impl Iterator<Item = Mark> + 't {
    let bytes = text.as_bytes();
    let mut from = 0;
    let starts = std::iter::from_fn(move || {
        let at = from + quote_bytes.find(bytes.get(from..)?)?;
        from = at + 1;
        Some(at)
    });
    starts.filter_map(move |at| {
        let rest = &text[at..];
        let (len, declared) = if rest.starts_with('"') {
            (1, None)
        } else if rest.starts_with('“') {
            ('“'.len_utf8(), Some(Role::Open))
        } else if rest.starts_with('”') {
            ('”'.len_utf8(), Some(Role::Close))
        } else {
            return None;
        };
        let before = text[..at].chars().next_back();
        let after = text[at + len..].chars().next();
        let role = declared.unwrap_or_else(|| straight_role(before, after));
        Some(Mark {
            at: base + at,
            len,
            role,
            after_sentence: after_sentence(&text[..at]),
        })
    })
}

/// The role of a straight `"` between `before` and `after`.
fn straight_role(before: Option<char>, after: Option<char>) -> Role {
    let space_before = before
        .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/'));
    let word_after = after.is_some_and(|c| !c.is_whitespace());
    let word_before = before.is_some_and(|c| !c.is_whitespace());
    let space_after = after.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-'
            )
    });
    match (space_before && word_after, word_before && space_after) {
        (true, false) => Role::Open,
        (false, true) => Role::Close,
        _ => Role::Either,
    }
}

/// Whether `head` (the text before a mark) ends a sentence then a space, or is
/// empty: where a paragraph's (or a merged paragraph's) reopening mark stands.
fn after_sentence(head: &str) -> bool {
    let trimmed = head.trim_end();
    trimmed.is_empty() || (trimmed.len() < head.len() && trimmed.ends_with(['.', '?', '!', '…']))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, column, message) of each W007 in `src`.
    fn w007(src: &str) -> Vec<(u32, String)> {
        let article = crate::parse(src).unwrap();
        let mut out = Vec::new();
        unbalanced(&article, &mut out);
        out.iter()
            .map(|d| {
                let line = 1 + src[..d.span.start].matches('\n').count() as u32;
                (line, src[d.span.range()].to_owned())
            })
            .collect()
    }

    const HEAD: &str = "T\n20220131\nhttps://x.org/a\n";

    #[test]
    fn a_quotation_over_several_paragraphs_is_fine() {
        let src = format!(
            "{HEAD}\"We have not decided yet,\" she said. \"The board meets on Monday.\n\
             \"Until then, nothing changes. We will wait.\n\
             \"And then we will vote.\"\nAfter that, silence.\n"
        );
        assert_eq!(w007(&src), []);
        let curly = format!("{HEAD}“The board meets on Monday.\n“Until then, nothing changes.”\n");
        assert_eq!(w007(&curly), []);
    }

    #[test]
    fn paragraphs_merged_onto_one_line_keep_the_convention() {
        let src = format!(
            "{HEAD}He said: \"The board meets on Monday. \"Until then, nothing changes,\" he added.\n"
        );
        assert_eq!(w007(&src), []);
    }

    #[test]
    fn a_quotation_never_closed_is_still_caught() {
        // Open at the end of the article.
        let src = format!("{HEAD}He said \"we will wait and see.\n");
        assert_eq!(w007(&src), [(4, "\"".to_owned())]);
        // Open at the end of a paragraph the next one does not continue.
        let src = format!("{HEAD}He said “we will wait.\nThe board met later.\n");
        assert_eq!(w007(&src), [(4, "“".to_owned())]);
        // A run of paragraphs that never closes: the last reopening is named.
        let src = format!("{HEAD}\"One.\n\"Two.\nThree.\n");
        assert_eq!(w007(&src), [(5, "\"".to_owned())]);
        // An opening mark mid-sentence while a quotation is open: the first was
        // never closed.
        let src = format!("{HEAD}He said \"we wait and she said \"no\" later.\n");
        assert_eq!(w007(&src).len(), 1);
    }

    #[test]
    fn a_closing_mark_with_nothing_open_is_caught() {
        let src = format!("{HEAD}We will wait,” he said.\n");
        assert_eq!(w007(&src), [(4, "”".to_owned())]);
    }

    #[test]
    fn balanced_quotes_and_inches_in_pairs_are_fine() {
        let src = format!(
            "{HEAD}She called it \"a mistake\" and \"a lesson.\"\nThe \"new\" plan, “clearly,” works.\n"
        );
        assert_eq!(w007(&src), []);
    }

    #[test]
    fn one_warning_per_paragraph() {
        let src = format!("{HEAD}a” b” c”\n");
        assert_eq!(w007(&src).len(), 1);
    }
}
