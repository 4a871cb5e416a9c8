//! Inside a paragraph: quotations, and attributions whose link text was glued.
//!
//! # Attributions
//! Scrapers drop the spaces around link text: `PerBBC,the French leader`,
//! `as perNBC News.`, `according toReuters,`. The signature is a lower-case letter
//! directly followed by an upper-case one, where the lower-case run before it is a
//! whole-word *cue* (`per`, `according to`, `reported by`). That signature is what
//! keeps `Perhaps`, `Percent`, `Peru`, `permit`, `per cent`, `as per the report` and
//! `SuperBowl` intact: none has a cue glued to a capital.
//!
//! After the cue comes the source name: capitalised words (`NBC News`, `The New York
//! Times`), joined by spaces or by `of`/`the`/`and`/`for`/`&` when a capitalised word
//! follows. If a `,` `;` `:` `.` `!` `?` after the name is itself glued to the next
//! word (`BBC,the`), a space is put back there too. Each repair is recorded.
//! A name ends before a cue glued to a capital inside it (`PerAP News-PerBBC,the`
//! is two attributions); when the name would start with one (`perPerBBC`), which
//! cue owns the capital is unclear and nothing is split. So repair is idempotent.
//!
//! # Quotations
//! `"..."` and `“...”`, paired left to right within the paragraph. An opening mark
//! without its closing mark stays plain text (and `lint` warns about it).
//!
//! The scan is a few SIMD substring searches (memchr) for cues and quote marks;
//! everything else only runs at the rare positions they find.

use std::borrow::Cow;

use crate::Span;
use crate::model::{Attribution, Inline, Quotation, QuoteStyle, Repair, Text};

/// Cue phrases that introduce a source, lower case. A cue is matched as a whole word,
/// ignoring ASCII case.
pub const ATTRIBUTION_CUES: &[&str] = &["per", "according to", "reported by"];

/// The longest number of words a source name may have.
const MAX_NAME_WORDS: usize = 8;

/// Lower-case words that may join capitalised words inside a name
/// (`Times of India`, `The Wall Street Journal`, `Fox and Friends`).
const NAME_CONNECTORS: &[&str] = &["of", "the", "and", "for", "&"];

const OPEN_CURLY: &str = "“";
const CLOSE_CURLY: &str = "”";

/// Where the inline rules may fire in a stretch of input: offsets of quote marks
/// (`"` and the first byte of `“`/`”`) and of capitals glued to a lower-case
/// letter before them (`perBBC`, `toReuters`, but also `McDonald`, `iPhone`).
/// Found once for a whole article body, so that a paragraph costs nothing more than
/// a look at its share of the marks: quote marks with memchr's SIMD search, glued
/// capitals with a chunked scan the compiler vectorises. Both are rare in prose.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    quotes: Vec<usize>,
    capitals: Vec<usize>,
    /// Whether the stretch holds a carriage return: the quote marks' search
    /// looks for one too, until it finds the first.
    any_cr: bool,
    /// How far [`Marks::take`] has consumed each list.
    next_quote: usize,
    next_capital: usize,
}

thread_local! {
    /// The two lists of the last [`Marks`] dropped on this thread, emptied, to be
    /// filled again by the next article's: a parse then allocates nothing for
    /// its marks once the lists have grown to an article's share.
    static SPARE_LISTS: std::cell::Cell<(Vec<usize>, Vec<usize>)> =
        const { std::cell::Cell::new((Vec::new(), Vec::new())) };
}

/// Lists longer than this are not kept for the next article: one huge article
/// would otherwise hold its memory for the thread's life.
const MAX_SPARE_MARKS: usize = 1 << 16;

impl Marks {
    /// Marks in `input[from..]`, as offsets into `input`.
    pub(crate) fn scan(input: &str, from: usize) -> Marks {
        let body = &input.as_bytes()[from..];
        // A thread's locals can be gone (a parse in another local's
        // destructor): then the lists start empty.
        let (mut quotes, mut capitals) = SPARE_LISTS
            .try_with(std::cell::Cell::take)
            .unwrap_or_default();
        let any_cr = quote_marks(body, |i| quotes.push(from + i));
        glued_capitals(body, |i| capitals.push(from + i));
        Marks {
            quotes,
            capitals,
            any_cr,
            next_quote: 0,
            next_capital: 0,
        }
    }

    /// Whether the scanned stretch holds a carriage return (`\r`).
    pub(crate) fn any_cr(&self) -> bool {
        self.any_cr
    }

    /// The marks inside `start..end`. Calls must come in input order, with
    /// ranges that do not overlap (one per body line).
    #[inline]
    pub(crate) fn take(&mut self, start: usize, end: usize) -> MarksIn<'_> {
        fn advance(v: &[usize], cursor: &mut usize, start: usize, end: usize) -> (usize, usize) {
            while *cursor < v.len() && v[*cursor] < start {
                *cursor += 1;
            }
            let from = *cursor;
            while *cursor < v.len() && v[*cursor] < end {
                *cursor += 1;
            }
            (from, *cursor)
        }
        let (qa, qb) = advance(&self.quotes, &mut self.next_quote, start, end);
        let (ca, cb) = advance(&self.capitals, &mut self.next_capital, start, end);
        MarksIn {
            quotes: &self.quotes[qa..qb],
            capitals: &self.capitals[ca..cb],
        }
    }
}

impl Drop for Marks {
    fn drop(&mut self) {
        let (mut quotes, mut capitals) = (
            std::mem::take(&mut self.quotes),
            std::mem::take(&mut self.capitals),
        );
        if quotes.capacity() <= MAX_SPARE_MARKS && capitals.capacity() <= MAX_SPARE_MARKS {
            quotes.clear();
            capitals.clear();
            // Nowhere to keep them while the thread's locals are destroyed.
            let _ = SPARE_LISTS.try_with(|spare| spare.set((quotes, capitals)));
        }
    }
}

/// The marks of one paragraph (offsets into the input).
#[derive(Clone, Copy, Debug)]
pub(crate) struct MarksIn<'m> {
    quotes: &'m [usize],
    capitals: &'m [usize],
}

/// Calls `found` with the offset of every `"` and of the first byte of every
/// `“` and `”`, in order, and returns whether `bytes` holds a `\r`.
///
/// Other characters starting with the byte 0xE2 (`’`, `—`, `…`, and the
/// Unicode spaces) are passed over here, so that a paragraph holding only those
/// takes [`paragraph`]'s path for plain text. The CR is looked for in the same
/// pass (most bodies hold none, so `parse` needs no pass of its own for it), up
/// to the first one: after it, only the quote marks are searched for, so a CRLF
/// file costs no stop per line.
fn quote_marks(bytes: &[u8], mut found: impl FnMut(usize)) -> bool {
    // memchr's AVX2 searchers where the CPU has AVX2 (checked once an article):
    // their iterators call the search directly at each stop, where the
    // crate's functions go through its run-time dispatch each time.
    #[cfg(target_arch = "x86_64")]
    let first_cr = match memchr::arch::x86_64::avx2::memchr::Three::new(b'"', 0xE2, b'\r') {
        Some(three) => marks_until_cr(bytes, three.iter(bytes), &mut found),
        None => marks_until_cr(
            bytes,
            memchr::memchr3_iter(b'"', 0xE2, b'\r', bytes),
            &mut found,
        ),
    };
    #[cfg(not(target_arch = "x86_64"))]
    let first_cr = marks_until_cr(
        bytes,
        memchr::memchr3_iter(b'"', 0xE2, b'\r', bytes),
        &mut found,
    );
    let Some(cr) = first_cr else {
        return false;
    };
    let after = cr + 1;
    let rest = &bytes[after..];
    let mut found_after = |at: usize| found(after + at);
    #[cfg(target_arch = "x86_64")]
    match memchr::arch::x86_64::avx2::memchr::Two::new(b'"', 0xE2) {
        Some(two) => marks_until_cr(rest, two.iter(rest), &mut found_after),
        None => marks_until_cr(
            rest,
            memchr::memchr2_iter(b'"', 0xE2, rest),
            &mut found_after,
        ),
    };
    #[cfg(not(target_arch = "x86_64"))]
    marks_until_cr(
        rest,
        memchr::memchr2_iter(b'"', 0xE2, rest),
        &mut found_after,
    );
    true
}

/// Calls `found` with each of the `hits` (offsets of `"`, 0xE2 or `\r` bytes
/// in `bytes`, in order) that starts a quote mark, up to the first `\r`, and
/// returns that CR's offset.
#[inline(always)]
fn marks_until_cr(
    bytes: &[u8],
    hits: impl Iterator<Item = usize>,
    found: &mut impl FnMut(usize),
) -> Option<usize> {
    for at in hits {
        let rest = &bytes[at..];
        if rest.starts_with(b"\r") {
            return Some(at);
        }
        if rest.starts_with(b"\"")
            || rest.starts_with(OPEN_CURLY.as_bytes())
            || rest.starts_with(CLOSE_CURLY.as_bytes())
        {
            found(at);
        }
    }
    None
}

/// How many pairs of bytes [`glued_capitals`] tests at once.
const CHUNK: usize = 64;

/// Calls `found` with the offset of every ASCII capital that directly follows an
/// ASCII lower-case letter.
fn glued_capitals(bytes: &[u8], mut found: impl FnMut(usize)) {
    // Whole chunks are tested branch-free on fixed-size arrays, which the compiler
    // turns into SIMD; only a chunk with a hit is looked at more closely.
    let mut start = 0;
    while let Some(window) = bytes[start..].first_chunk::<{ CHUNK + 1 }>() {
        if any_glued_in(window) {
            glued_in(window, start, &mut found);
        }
        start += CHUNK;
    }
    // The last bytes (at most a chunk's) are copied into a chunk padded with
    // zeros, which are no letters: a pair with a zero is no hit, so the padded
    // chunk finds exactly the hits of the real bytes, without a loop of its own.
    let rest = &bytes[start..];
    if rest.len() >= 2 {
        let mut window = [0u8; CHUNK + 1];
        window[..rest.len()].copy_from_slice(rest);
        if any_glued_in(&window) {
            glued_in(&window, start, &mut found);
        }
    }
}

/// Whether `a` is an ASCII lower-case letter and `b` an ASCII capital.
#[inline(always)]
fn glued(a: u8, b: u8) -> bool {
    (a.wrapping_sub(b'a') < 26) & (b.wrapping_sub(b'A') < 26)
}

/// Whether some pair `(a[k], b[k])` is a lower-case letter and a capital.
/// Written over two arrays (the bytes, and the bytes one further on) with `&`
/// and `|` on bytes, not `&&`: no branch, and 16 pairs are one load from each
/// array, so the loop compiles to a few SIMD instructions per 16 pairs (with
/// one array indexed at `k` and `k + 1`, the compiler shifts bytes instead).
#[inline(always)]
fn any_glued<const N: usize>(a: &[u8; N], b: &[u8; N]) -> bool {
    let mut any = 0u8;
    for k in 0..N {
        any |= u8::from(a[k].wrapping_sub(b'a') < 26) & u8::from(b[k].wrapping_sub(b'A') < 26);
    }
    any != 0
}

/// [`any_glued`] over the `N` pairs of a window of `N + 1` bytes.
#[inline(always)]
fn any_glued_pairs<const N: usize>(window: &[u8]) -> bool {
    match (
        window.first_chunk::<N>(),
        window.get(1..).and_then(<[u8]>::first_chunk::<N>),
    ) {
        (Some(a), Some(b)) => any_glued(a, b),
        // (A window shorter than `N + 1`: not one this module makes.)
        _ => true,
    }
}

/// Whether the pairs of a chunk hold a hit.
#[inline(always)]
fn any_glued_in(window: &[u8; CHUNK + 1]) -> bool {
    any_glued_pairs::<CHUNK>(window)
}

/// The hits of a chunk with one, as `offset + k + 1` for the pair at `k`: its
/// parts of 16 pairs are tested as the chunk was, and only a part with a hit is
/// read byte by byte. Out of line: a chunk with a hit is rare.
#[inline(never)]
fn glued_in(window: &[u8; CHUNK + 1], offset: usize, found: &mut impl FnMut(usize)) {
    const PART: usize = 16;
    for part in (0..CHUNK).step_by(PART) {
        if any_glued_pairs::<PART>(&window[part..]) {
            (part..part + PART)
                .filter(|&k| glued(window[k], window[k + 1]))
                .for_each(|k| found(offset + k + 1));
        }
    }
}

/// A paragraph's repaired text and its inline pieces. `base` is the offset of
/// `content` in the input, so spans point into the input; `marks` are the
/// paragraph's share of [`Marks`].
///
/// Quotations and attributions are found left to right; whichever starts first
/// wins, so an attribution inside a quotation stays part of the quotation.
#[inline]
pub(crate) fn paragraph<'a>(
    content: &'a str,
    base: usize,
    marks: MarksIn<'_>,
) -> (Cow<'a, str>, Vec<Inline<'a>>) {
    if marks.quotes.is_empty() && marks.capitals.is_empty() {
        // Most paragraphs: no quotation, no attribution, one piece of text,
        // made where the caller is (no call, no result to move).
        let mut inlines = Vec::with_capacity(1);
        push_text(&mut inlines, content, 0, content.len(), base);
        return (Cow::Borrowed(content), inlines);
    }
    marked_paragraph(content, base, marks)
}

/// [`paragraph`] of one with marks: the rules run at each.
#[inline(never)]
fn marked_paragraph<'a>(
    content: &'a str,
    base: usize,
    marks: MarksIn<'_>,
) -> (Cow<'a, str>, Vec<Inline<'a>>) {
    let bytes = content.as_bytes();
    let quote_at = |k: usize| marks.quotes[k] - base;
    let mut attributions = attributions(content, base, marks.capitals)
        .into_iter()
        .peekable();
    let mut inlines = Vec::with_capacity(1 + marks.quotes.len() + 2 * marks.capitals.len());
    let mut repaired = false;
    let mut text_start = 0;
    let mut i = 0;
    let mut q = 0;
    loop {
        while attributions.next_if(|a| a.0 < i).is_some() {}
        while q < marks.quotes.len() && quote_at(q) < i {
            q += 1;
        }
        let next_attribution = attributions.peek().map(|a| a.0);
        let next_quote = (q < marks.quotes.len()).then(|| quote_at(q));
        let found = match (next_quote, next_attribution) {
            (None, None) => break,
            (Some(open), a) if a.is_none_or(|a| open < a) => {
                let (open_mark, close_mark, style) = if bytes[open] == b'"' {
                    ("\"", "\"", QuoteStyle::Straight)
                } else {
                    (OPEN_CURLY, CLOSE_CURLY, QuoteStyle::Curly)
                };
                let close = content[open..]
                    .starts_with(open_mark)
                    .then(|| {
                        (q + 1..marks.quotes.len())
                            .map(quote_at)
                            .find(|&c| content[c..].starts_with(close_mark))
                    })
                    .flatten();
                let Some(close) = close else {
                    q += 1;
                    continue;
                };
                let end = close + close_mark.len();
                Some((open, end, quotation(content, open, end, style)))
            }
            _ => attributions.next(),
        };
        if let Some((start, end, inline)) = found {
            push_text(&mut inlines, content, text_start, start, base);
            repaired |= inline.repaired_text().is_some();
            inlines.push(inline.rebase(base));
            text_start = end;
            i = end;
        }
    }
    push_text(&mut inlines, content, text_start, content.len(), base);
    let text = if repaired {
        // Each repair puts back one space: room for a few, so the text is
        // written without growing.
        let mut text = String::with_capacity(content.len() + 8);
        text.extend(inlines.iter().map(Inline::text));
        Cow::Owned(text)
    } else {
        Cow::Borrowed(content)
    };
    (text, inlines)
}

/// The glued attributions at the candidate `capitals` (input offsets), sorted by
/// start, not overlapping. Allocates nothing when there is none (the common case).
fn attributions<'a>(
    content: &'a str,
    base: usize,
    capitals: &[usize],
) -> Vec<(usize, usize, Inline<'a>)> {
    let mut found: Vec<(usize, usize, Inline<'a>)> = Vec::new();
    for &capital in capitals {
        if let Some(a) = attribution(content, capital - base) {
            // Two cue finders can flag the same capital; keep the first.
            if found.last().is_none_or(|last| a.0 >= last.1) {
                found.push(a);
            }
        }
    }
    found
}

#[inline]
fn push_text<'a>(
    inlines: &mut Vec<Inline<'a>>,
    content: &'a str,
    start: usize,
    end: usize,
    base: usize,
) {
    if start < end {
        inlines.push(Inline::Text(Text {
            span: Span::new(base + start, base + end),
            raw: Cow::Borrowed(&content[start..end]),
        }));
    }
}

/// The quotation `content[start..end]`, quote marks included.
fn quotation(content: &str, start: usize, end: usize, style: QuoteStyle) -> Inline<'_> {
    Inline::Quotation(Quotation {
        span: Span::new(start, end),
        raw: Cow::Borrowed(&content[start..end]),
        style,
    })
}

/// A glued attribution whose source starts with the capital at `pos`.
fn attribution(content: &str, pos: usize) -> Option<(usize, usize, Inline<'_>)> {
    let bytes = content.as_bytes();
    // Glued means a lower-case letter right before the capital.
    if pos == 0 || !bytes[pos - 1].is_ascii_lowercase() {
        return None;
    }
    let cue_start = ATTRIBUTION_CUES.iter().find_map(|cue| {
        let start = pos.checked_sub(cue.len())?;
        let candidate = content.get(start..pos)?;
        (candidate.eq_ignore_ascii_case(cue) && word_boundary_before(bytes, start)).then_some(start)
    })?;
    let name = source_name(&content[pos..])?;
    // Repair must be idempotent. Once the cue is spaced off, the name starts a
    // word, so a cue glued to a capital at the name's start or inside it would be
    // an attribution of its own in the repaired text (`perPerBBC` -> `per PerBBC`
    // -> `per Per BBC`). The name ends before such a cue; with nothing before it,
    // which cue owns the capital is unclear, and nothing is split.
    let name = match inner_cue(content, pos, pos + name.written_len) {
        Some(inner) => source_name(&content[pos..inner])?,
        None => name,
    };
    let name_end = pos + name.written_len;
    // Punctuation glued to the next word: `BBC,the`.
    let glued_punct = matches!(
        (bytes.get(name_end), bytes.get(name_end + 1)),
        (Some(p), Some(next)) if b",;:.!?".contains(p) && next.is_ascii_alphabetic()
    );
    let end = if glued_punct { name_end + 1 } else { name_end };
    let cue = &content[cue_start..pos];
    let written = &content[pos..name_end];
    // Room for both repairs: the second is pushed in place.
    let mut repairs = Vec::with_capacity(2);
    repairs.push(Repair::SpaceAfterCue);
    let mut text = String::with_capacity(end - cue_start + 2);
    text.push_str(cue);
    text.push(' ');
    text.push_str(written);
    if glued_punct {
        repairs.push(Repair::SpaceAfterPunctuation);
        text.push(char::from(bytes[name_end]));
        text.push(' ');
    }
    Some((
        cue_start,
        end,
        Inline::Attribution(Box::new(Attribution {
            span: Span::new(cue_start, end),
            raw: Cow::Borrowed(&content[cue_start..end]),
            text: Cow::Owned(text),
            cue: Cow::Borrowed(cue),
            source: Cow::Borrowed(&written[..name.source_len]),
            repairs,
        })),
    ))
}

/// The start of the first cue in `content[name_start..name_end]` (a source name
/// just after a glued cue) that is glued to a capital and starts a word once the
/// outer cue is spaced off: at `name_start`, or after a word boundary.
fn inner_cue(content: &str, name_start: usize, name_end: usize) -> Option<usize> {
    let bytes = content.as_bytes();
    (name_start..name_end).find(|&start| {
        (start == name_start || word_boundary_before(bytes, start))
            && ATTRIBUTION_CUES.iter().any(|cue| {
                let end = start + cue.len();
                content
                    .get(start..end)
                    .is_some_and(|c| c.eq_ignore_ascii_case(cue))
                    && bytes[end - 1].is_ascii_lowercase()
                    && bytes.get(end).is_some_and(u8::is_ascii_uppercase)
            })
    })
}

/// Whether a word may start at `start`: the input starts there, or the byte before
/// is ASCII and neither a letter, a digit nor an apostrophe. A non-ASCII byte before
/// counts as a letter (`éper` is not `per`): when unsure, do not split.
fn word_boundary_before(bytes: &[u8], start: usize) -> bool {
    start == 0 || {
        let b = bytes[start - 1];
        b.is_ascii() && !b.is_ascii_alphanumeric() && b != b'\''
    }
}

/// The extent of a source name at the start of `s` (which starts with a capital).
struct Name {
    /// Bytes of the name as written, possessive included (`BBC's`).
    written_len: usize,
    /// Bytes of the source itself (`BBC`).
    source_len: usize,
}

fn source_name(s: &str) -> Option<Name> {
    let mut end;
    let mut words = 0;
    let mut rest = s;
    loop {
        let word_len = name_word(rest)?;
        let word = &rest[..word_len];
        end = s.len() - rest.len() + word_len;
        words += 1;
        // A full stop that is not part of an initialism (`U.S.`) ends the sentence,
        // so it ends the name; it is not part of the name.
        if word.ends_with('.') && !is_initialism(word) {
            end -= 1;
            break;
        }
        rest = &rest[word_len..];
        if words == MAX_NAME_WORDS {
            break;
        }
        match next_name_word(rest) {
            Some(skip) => rest = &rest[skip..],
            None => break,
        }
    }
    let written = &s[..end];
    let source_len = written
        .strip_suffix("'s")
        .or_else(|| written.strip_suffix("’s"))
        .map_or(end, str::len);
    // One capital alone (`perA`) is too weak to call a source.
    (source_len >= 2).then_some(Name {
        written_len: end,
        source_len,
    })
}

/// The byte length of a name word at the start of `s`: a capital or digit, then
/// letters, digits and `. - & ' ’`. `None` when `s` does not start with one.
fn name_word(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return None;
    }
    let bytes = s.as_bytes();
    let mut len = 0;
    for (i, c) in s.char_indices() {
        let keep = c.is_alphanumeric() || matches!(c, '-' | '&' | '\'' | '’')
            // A dot inside a word (`U.S.`, `BBC.com`) stays, but not a full stop
            // glued to the next sentence (`News.The`).
            || (c == '.' && !(bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_lowercase)));
        if !keep {
            break;
        }
        len = i + c.len_utf8();
    }
    // Apostrophes and dashes end no name: `BBC'` is `BBC` and a quote.
    let trimmed = s[..len].trim_end_matches(['-', '\'', '’', '&']);
    Some(trimmed.len()).filter(|&n| n > 0)
}

/// Bytes to skip to reach the next word of the same name: a single space, then
/// optionally a connector and a space, then a capitalised word. `None` ends the name.
fn next_name_word(rest: &str) -> Option<usize> {
    let after_space = rest.strip_prefix(' ')?;
    if name_word(after_space).is_some() {
        return Some(1);
    }
    NAME_CONNECTORS.iter().find_map(|connector| {
        let after = after_space.strip_prefix(connector)?.strip_prefix(' ')?;
        // `the` only joins when a capitalised word follows: `per Reuters and the
        // ministry` stops at Reuters.
        name_word(after).map(|_| 1 + connector.len() + 1)
    })
}

/// `U.S.`, `U.K.`, `A.P.`: single letters each followed by a dot.
fn is_initialism(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 4
        && b.len().is_multiple_of(2)
        && b.chunks(2)
            .all(|p| p[0].is_ascii_alphabetic() && p[1] == b'.')
}

impl<'a> Inline<'a> {
    /// Shifts spans from paragraph offsets to input offsets.
    fn rebase(mut self, base: usize) -> Inline<'a> {
        let span = match &mut self {
            Inline::Text(t) => &mut t.span,
            Inline::Attribution(a) => &mut a.span,
            Inline::Quotation(q) => &mut q.span,
        };
        *span = Span::new(span.start + base, span.end + base);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `s` as a paragraph starting at input offset `base`.
    fn paragraph(s: &str, base: usize) -> (String, Vec<Inline<'static>>) {
        let input = format!("{}{s}", " ".repeat(base));
        let mut marks = Marks::scan(&input, base);
        let (text, inlines) = super::paragraph(&input[base..], base, marks.take(base, input.len()));
        (
            text.into_owned(),
            inlines.into_iter().map(Inline::into_owned).collect(),
        )
    }

    fn repaired(s: &str) -> String {
        paragraph(s, 0).0
    }

    fn sources(s: &str) -> Vec<String> {
        paragraph(s, 0)
            .1
            .iter()
            .filter_map(|i| match i {
                Inline::Attribution(a) => Some(a.source.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_seed_attributions() {
        assert_eq!(
            repaired("discussion. PerBBC,the French leader hopes"),
            "discussion. Per BBC, the French leader hopes"
        );
        assert_eq!(
            repaired("countries, as perNBC News."),
            "countries, as per NBC News."
        );
        assert_eq!(
            repaired("Moreover, perAP News,the two leaders"),
            "Moreover, per AP News, the two leaders"
        );
        assert_eq!(
            sources("PerBBC,the x, as perNBC News. perAP News,the"),
            ["BBC", "NBC News", "AP News"]
        );
    }

    #[test]
    fn the_attribution_records_raw_text_and_repairs() {
        let (_, inlines) = paragraph("Hi. PerBBC,the leader", 10);
        let Inline::Attribution(a) = &inlines[1] else {
            panic!("{inlines:?}")
        };
        assert_eq!(a.raw, "PerBBC,");
        assert_eq!(a.text, "Per BBC, ");
        assert_eq!(a.cue, "Per");
        assert_eq!(a.source, "BBC");
        assert_eq!(a.span, Span::new(14, 21));
        assert_eq!(
            a.repairs,
            [Repair::SpaceAfterCue, Repair::SpaceAfterPunctuation]
        );
    }

    #[test]
    fn words_that_start_with_per_are_never_split() {
        for s in [
            "Perhaps he will come.",
            "Percent of voters.",
            "Person of the year.",
            "Peru and Perth",
            "They perform well and permit it.",
            "Up 5 per cent this year.",
            "as per the report, it rose",
            "The SuperBowl and HyperX",
            "PERBBC shouting",
            "per BBC, already spaced",
            "éperBBC",
            "paperBBC",
            "Per Mertesacker said",
        ] {
            let (text, inlines) = paragraph(s, 0);
            assert_eq!(text, s, "{s}");
            assert!(
                inlines.iter().all(|i| matches!(i, Inline::Text(_))),
                "{s}: {inlines:?}"
            );
        }
    }

    #[test]
    fn other_cues_with_evidence_as_strong() {
        assert_eq!(
            repaired("according toReuters, the"),
            "according to Reuters, the"
        );
        assert_eq!(
            repaired("According toThe New York Times,officials"),
            "According to The New York Times, officials"
        );
        assert_eq!(repaired("as reported byCNN."), "as reported by CNN.");
        // No cue: a camel-case brand is left alone.
        assert_eq!(repaired("on YouTube and iPhone"), "on YouTube and iPhone");
        assert_eq!(repaired("went toReuters"), "went toReuters");
    }

    #[test]
    fn glued_capitals_are_found_across_chunk_boundaries() {
        let mut text = "x".repeat(63);
        text.push_str("Yes perBBC iPhone");
        let mut found = Vec::new();
        glued_capitals(text.as_bytes(), |i| found.push(i));
        assert_eq!(found, [63, 70, 75], "{text}");
    }

    /// The simple reading [`glued_capitals`] and [`quote_marks`] must agree with.
    fn oracle(bytes: &[u8]) -> (Vec<usize>, Vec<usize>, bool) {
        let capitals = (1..bytes.len())
            .filter(|&i| bytes[i - 1].is_ascii_lowercase() && bytes[i].is_ascii_uppercase())
            .collect();
        let quotes = (0..bytes.len())
            .filter(|&i| {
                [&b"\""[..], OPEN_CURLY.as_bytes(), CLOSE_CURLY.as_bytes()]
                    .iter()
                    .any(|mark| bytes[i..].starts_with(mark))
            })
            .collect();
        (quotes, capitals, bytes.contains(&b'\r'))
    }

    fn scanned(bytes: &[u8]) -> (Vec<usize>, Vec<usize>, bool) {
        let (mut quotes, mut capitals) = (Vec::new(), Vec::new());
        let cr = quote_marks(bytes, |i| quotes.push(i));
        glued_capitals(bytes, |i| capitals.push(i));
        (quotes, capitals, cr)
    }

    #[test]
    fn marks_at_every_length_and_offset() {
        // Every length up to a few chunks, with a hit at each place: the chunk
        // edges, the parts and the padded last chunk.
        for len in 0..200 {
            for at in 0..len {
                let mut text = vec![b'x'; len];
                text[at] = b'B';
                if at + 1 < len {
                    text[at + 1] = b'"';
                }
                assert_eq!(scanned(&text), oracle(&text), "len {len}, at {at}");
                text[at] = b'\r';
                assert_eq!(scanned(&text), oracle(&text), "len {len}, CR at {at}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn marks_agree_with_the_simple_reading(
            text in "[aBx\"\r“”’— .]{0,300}",
        ) {
            proptest::prop_assert_eq!(scanned(text.as_bytes()), oracle(text.as_bytes()));
        }
    }

    #[test]
    fn every_cue_is_found_in_both_cases() {
        for cue in ATTRIBUTION_CUES {
            let mut capitalised = cue.to_string();
            capitalised[..1].make_ascii_uppercase();
            for form in [cue.to_string(), capitalised] {
                let text = format!("x {form}BBC,the y");
                assert_eq!(sources(&text), ["BBC"], "{text}");
            }
        }
    }

    #[test]
    fn name_extent() {
        assert_eq!(sources("perThe Times of India,the"), ["The Times of India"]);
        assert_eq!(sources("perReuters and the ministry"), ["Reuters"]);
        assert_eq!(sources("perU.S. News officials"), ["U.S. News"]);
        assert_eq!(sources("perBBC's report"), ["BBC"]);
        assert_eq!(repaired("perBBC's report"), "per BBC's report");
        assert_eq!(sources("perNBC News.The next"), ["NBC News"]);
        assert_eq!(repaired("perNBC News.The next"), "per NBC News. The next");
        assert_eq!(sources("perBBC.com reported"), ["BBC.com"]);
        assert_eq!(sources("perA single"), Vec::<String>::new());
        assert_eq!(sources("(perAl Jazeera)"), ["Al Jazeera"]);
    }

    #[test]
    fn quotations_straight_and_curly() {
        let (_, inlines) = paragraph(r#"said "dialogue with Russia." and “peace” now"#, 0);
        let quotes: Vec<_> = inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Quotation(q) => Some((q.content().to_owned(), q.style)),
                _ => None,
            })
            .collect();
        assert_eq!(
            quotes,
            [
                ("dialogue with Russia.".to_owned(), QuoteStyle::Straight),
                ("peace".to_owned(), QuoteStyle::Curly)
            ]
        );
    }

    #[test]
    fn unbalanced_quotes_stay_text() {
        let (text, inlines) = paragraph(r#"He said "no and left. “Open"#, 0);
        assert_eq!(text, r#"He said "no and left. “Open"#);
        assert!(inlines.iter().all(|i| matches!(i, Inline::Text(_))));
    }

    #[test]
    fn inlines_cover_the_paragraph() {
        let s = r#"A "q" PerBBC,the “c” as perNBC News. end’s"#;
        let (text, inlines) = paragraph(s, 5);
        let raw: String = inlines.iter().map(Inline::raw).collect();
        assert_eq!(raw, s);
        let rebuilt: String = inlines.iter().map(Inline::text).collect();
        assert_eq!(rebuilt, text);
        for i in &inlines {
            assert_eq!(&s[i.span().start - 5..i.span().end - 5], i.raw());
        }
    }

    #[test]
    fn repair_is_idempotent() {
        let once = repaired("PerBBC,the x as perNBC News. according toReuters,y");
        assert_eq!(repaired(&once), once);
    }

    #[test]
    fn a_cue_glued_inside_a_source_keeps_repair_idempotent() {
        // Found by the `parse_bytes` fuzz target: spacing the cue off makes the
        // name start a word, so a cue glued to a capital at its start or inside
        // it was found as an attribution of its own in the repaired text
        // (`perPerBBC` -> `per PerBBC` -> `per Per BBC`).
        for s in [
            "growth of 12.5 perPerBBC,thes latest quarter",
            "7.1 PerPerBBC,thecent as",
            "no timeline. PerAP Newsaces-probe-in-north-PerBBC,thekorea-after",
            "perAccording toReuters, x",
            "perReported byAP x",
            "perFox PerCNN,x",
        ] {
            let once = repaired(s);
            assert_eq!(repaired(&once), once, "{s:?} repaired to {once:?}");
        }
        // Which cue owns the capital is unclear: nothing is split.
        assert_eq!(repaired("x perPerBBC,the y"), "x perPerBBC,the y");
        assert_eq!(
            repaired("perAccording toReuters, x"),
            "perAccording toReuters, x"
        );
        // A cue glued inside a name ends the name; the inner one stands alone.
        assert_eq!(sources("PerAP News-PerBBC,the x"), ["AP News", "BBC"]);
        assert_eq!(
            repaired("PerAP News-PerBBC,the x"),
            "Per AP News-Per BBC, the x"
        );
        assert_eq!(sources("perFox PerCNN,x"), ["Fox", "CNN"]);
        // A cue word that is not glued stays in the name (`Per Capita`).
        assert_eq!(sources("perPer Capita Times,x"), ["Per Capita Times"]);
    }
}
