//! Spaced attributions: `according to Reuters`, `told the BBC`, `Reuters
//! reported`, `(AP)`, found in a paragraph's plain text when the source named
//! is an outlet of a [`Gazetteer`] (built-in or a user file).
//!
//! The parser finds glued attributions (`PerBBC,the`) on its own, since the
//! glue is the defect it repairs. Spaced ones read like any prose, so a cue is
//! taken only with an outlet the gazetteer knows right after it (or right
//! before a reporting verb, or alone in parentheses), written with a capital:
//! `per cent`, `Per Nilsson`, `per Article 5` and `according to officials`
//! name no outlet and are not attributions.
//!
//! | cue | the source is | example |
//! | --- | --- | --- |
//! | `according to`, `per`, `reported by`, `told` | the words after it (an optional `the` first) | `according to Reuters`, `told the BBC` |
//! | `reported`, `reports`, `said`, `says` | the words before it | `Reuters reported` |
//! | `()` | the whole text in parentheses | `(AP)` |
//!
//! The longest run of at most [`MAX_SOURCE_WORDS`] words that the gazetteer
//! knows ([`Gazetteer::lookup_source`]) is the source; a run stops at
//! punctuation (`BBC,` ends one) and `'s` is dropped (`Reuters's`).
//!
//! ```
//! use dateline_links::Gazetteer;
//! use dateline_links::spaced::find;
//!
//! let found = find("Talks stalled, according to Reuters. Officials told the BBC on Monday.", Gazetteer::builtin());
//! let sources: Vec<(&str, &str)> = found.iter().map(|a| (a.cue.as_str(), a.source.as_str())).collect();
//! assert_eq!(sources, [("according to", "Reuters"), ("told", "BBC")]);
//! assert!(find("Prices rose 3 per cent, according to officials.", Gazetteer::builtin()).is_empty());
//! ```

use dateline_core::{Article, Inline};
use serde::{Deserialize, Serialize};

use crate::outlets::{Gazetteer, Outlet};

/// The most words a spaced source may have (`The Wall Street Journal`).
pub const MAX_SOURCE_WORDS: usize = 5;

/// Cues the source follows.
const BEFORE_SOURCE: &[&[&str]] = &[
    &["according", "to"],
    &["reported", "by"],
    &["per"],
    &["told"],
];

/// Reporting verbs the source precedes.
const AFTER_SOURCE: &[&str] = &["reported", "reports", "said", "says"];

/// Whether an attribution was glued to its cue in the text (`PerBBC,`, found
/// and repaired by the parser) or written with spaces (`according to
/// Reuters`, found here).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributionKind {
    /// Glued to its cue: the parser's attributions.
    #[default]
    Glued,
    /// Written with spaces: found by [`find`].
    Spaced,
}

impl AttributionKind {
    /// `"glued"` or `"spaced"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributionKind::Glued => "glued",
            AttributionKind::Spaced => "spaced",
        }
    }
}

/// A spaced attribution found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spaced {
    /// The cue as written (`according to`, `told`, `reported`), or `()`.
    pub cue: String,
    /// The source as written (`Reuters`, `BBC`).
    pub source: String,
    /// The byte offset of the source in the text.
    pub start: usize,
}

/// A word of the text: its byte range. The range without the punctuation
/// around it (and without a final `'s`), its *core*, is computed only for the
/// few words a cue check looks at: most words of a paragraph start with no
/// cue's letter and are passed over after one table lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Word {
    start: usize,
    end: usize,
}

/// The words of `text`, split at whitespace (as [`str::split_whitespace`]
/// splits).
#[cfg(test)]
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    split_from(text, 0, &mut out, |_| false);
    out
}

/// Appends to `out` the words of `text` from byte `from` (a word's start or
/// whitespace, so that the words are those of the whole text), split at
/// whitespace as [`str::split_whitespace`] splits, until `done` says so of
/// the words so far. Prose is mostly ASCII, read a byte at a time; a non-ASCII
/// byte is decoded to tell a Unicode space from a letter.
fn split_from(text: &str, from: usize, out: &mut Vec<Word>, mut done: impl FnMut(&[Word]) -> bool) {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        // Most bytes: ASCII, no space, inside a word (one range test).
        if b.wrapping_sub(b'!') <= b'~' - b'!' {
            if start.is_none() {
                start = Some(i);
            }
            i += 1;
            continue;
        }
        let (space, width) = if b.is_ascii() {
            // char::is_whitespace of ASCII (u8::is_ascii_whitespace lacks \x0B).
            (
                matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'),
                1,
            )
        } else {
            // `i` is a character boundary: it only ever moves by whole characters.
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => (false, 1),
            }
        };
        match (space, start) {
            (true, Some(s)) => {
                out.push(Word { start: s, end: i });
                start = None;
                if done(out) {
                    return;
                }
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += width;
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: text.len(),
        });
    }
}

impl Word {
    /// The byte range of the word's letters: without the punctuation around
    /// them, nor a final `'s`.
    ///
    /// Inlined where it is asked (a few times for each cue and the words
    /// around it), the trims apart.
    #[inline]
    fn core_range(self, text: &str) -> (usize, usize) {
        let raw = text.get(self.start..self.end).unwrap_or_default();
        let bytes = raw.as_bytes();
        let alphanumeric = |b: &u8| ASCII_ALPHANUMERIC[usize::from(*b)];
        if let (Some(first), Some(&last)) = (bytes.first(), bytes.last())
            && alphanumeric(first)
            && alphanumeric(&last)
            && (last != b's'
                || (bytes.len().checked_sub(2).and_then(|i| bytes.get(i)))
                    .is_some_and(alphanumeric))
        {
            // Most words: letters at both ends, and no `'s` to drop (nor
            // `’s`: the byte before its `s` is no letter), as in `officials`.
            return (self.start, self.end);
        }
        self.trimmed_core_range(raw)
    }
    /// [`Word::core_range`] of a word with punctuation at an end or a final
    /// `s`: the word's text `raw` trimmed.
    #[inline(never)]
    fn trimmed_core_range(self, raw: &str) -> (usize, usize) {
        if raw.is_ascii() {
            // Most words: the same trims, a byte at a time.
            let bytes = raw.as_bytes();
            let Some(lead) = bytes.iter().position(u8::is_ascii_alphanumeric) else {
                let end = self.start + bytes.len();
                return (end, end);
            };
            let end = bytes
                .iter()
                .rposition(u8::is_ascii_alphanumeric)
                .map_or(lead, |last| last + 1);
            let core = bytes.get(lead..end).unwrap_or_default();
            let len = core.strip_suffix(b"'s").unwrap_or(core).len();
            return (self.start + lead, self.start + lead + len);
        }
        self.core_range_of_chars(raw)
    }
    /// [`Word::core_range`] of any text, a character at a time.
    fn core_range_of_chars(self, raw: &str) -> (usize, usize) {
        let lead = raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let mut core = raw.trim_matches(|c: char| !c.is_alphanumeric());
        for possessive in ["'s", "\u{2019}s"] {
            core = core.strip_suffix(possessive).unwrap_or(core);
        }
        let core_start = self.start + lead.min(raw.len());
        (core_start, (core_start + core.len()).max(core_start))
    }
    fn core_start(self, text: &str) -> usize {
        self.core_range(text).0
    }
    fn core_end(self, text: &str) -> usize {
        self.core_range(text).1
    }
    fn core(self, text: &str) -> &str {
        let (start, end) = self.core_range(text);
        text.get(start..end).unwrap_or_default()
    }
    /// Punctuation after the word's letters: a source cannot run past it.
    fn ends_phrase(self, text: &str) -> bool {
        self.core_end(text) < self.end
    }
    /// Punctuation before the word's letters.
    fn starts_phrase(self, text: &str) -> bool {
        self.core_start(text) > self.start
    }
    /// The word's first byte.
    fn first_byte(self, text: &str) -> u8 {
        text.as_bytes().get(self.start).copied().unwrap_or(b' ')
    }
    /// [`Word::is_cue`] of a word known to start with a cue's `len` letters,
    /// in any case, with no letter or digit after them ([`cue_at`]): whether
    /// its core ends with them (its first byte, a letter, starts it).
    fn is_found_cue(self, text: &str, len: usize) -> bool {
        self.end - self.start == len || self.core_end(text) == self.start + len
    }
    /// Whether the word's core is `cue` (ASCII, any case) with no punctuation
    /// before it. The bytes are compared first (the word starts with the
    /// cue's letters, and no letter or digit follows them), so the core is
    /// computed only for the rare word that starts so.
    fn is_cue(self, text: &str, cue: &str, any_case: bool) -> bool {
        let word = text
            .as_bytes()
            .get(self.start..self.end)
            .unwrap_or_default();
        let cue_bytes = cue.as_bytes();
        let head = word.get(..cue_bytes.len());
        let same = head.is_some_and(|h| {
            if any_case {
                h.eq_ignore_ascii_case(cue_bytes)
            } else {
                h == cue_bytes
            }
        });
        if !same
            || word
                .get(cue_bytes.len())
                .is_some_and(u8::is_ascii_alphanumeric)
        {
            return false;
        }
        if word.len() == cue_bytes.len() {
            // The word is the cue's letters and nothing else: its core.
            return true;
        }
        let (start, end) = self.core_range(text);
        let core = text.get(start..end).unwrap_or_default();
        // No punctuation before the letters.
        start == self.start
            && if any_case {
                core.eq_ignore_ascii_case(cue)
            } else {
                core == cue
            }
    }
}

/// Which bytes are ASCII letters and digits: a table lookup, where
/// [`u8::is_ascii_alphanumeric`] compares three ranges.
const ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Whether a word starting with this byte can be a cue: the cue checks need a
/// word whose letters start at its first byte (no punctuation before them),
/// so its first byte is the first letter of a cue (of any case, for the
/// cues the source follows; as written, for the reporting verbs).
const CUE_INITIALS: [bool; 256] = cue_initials();

const fn cue_initials() -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < BEFORE_SOURCE.len() {
        let first = BEFORE_SOURCE[i][0].as_bytes()[0];
        table[first.to_ascii_lowercase() as usize] = true;
        table[first.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    let mut i = 0;
    while i < AFTER_SOURCE.len() {
        table[AFTER_SOURCE[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    table
}

/// The cues and reporting verbs, lowercase: a word can be a cue only if it
/// starts with one of them in some case (a verb, as written), or with `(`.
const CUE_STARTS: &[&str] = &[
    "according",
    "reported",
    "reports",
    "per",
    "told",
    "said",
    "says",
];

/// The words a cue's checks read before it (a source before a verb, and the
/// word before that one) ...
const WORDS_BEFORE: usize = MAX_SOURCE_WORDS + 2;
/// ... and after it (a two-word cue, `the`, a source, and the word after).
const WORDS_AFTER: usize = MAX_SOURCE_WORDS + 5;

/// Calls `found` with each byte of `text` that may start a cue, ascending: a
/// word's first byte (the text's first, or one after an ASCII control or
/// space, or after a non-ASCII byte, such as the last of `\u{a0}`) that is
/// `(` or whose first two letters, in any case, [`head_hash`] as a cue's do
/// (`ac`, `re`, `pe`, `to`, `sa`, and the few other pairs sharing their
/// hashes, such as `nu` and `qa`). A byte among the text's last two, which
/// can start no cue and hold no source, may be marked or left out. The bytes
/// are marked a block at a time by byte-wise selects, which the compiler
/// vectorizes, and a block with no mark (about half of them) is passed over at
/// once; [`cue_candidates`] then checks the few marked words. Two letters,
/// not three, and hashed rather than compared pair by pair: fewer
/// operations a byte, for about 1.5% more marked words, which the check on
/// the text leaves out, as it does a word after a control or a non-ASCII
/// letter (`éper`).
fn each_cue_start(text: &str, mut found: impl FnMut(usize)) {
    /// The bytes marked together: a block's marks are read as eight `u64`s.
    const BLOCK: usize = 64;
    /// The bytes marked together after the last whole block.
    const TAIL: usize = 16;
    fn may_start(before: u8, first: u8, second: u8) -> u8 {
        // Bitwise `&` and `|`, not `&&` and `||`: no branch, so the loop
        // vectorizes.
        let is = |byte: u8, value: u8| u8::from(byte == value);
        let word_start = u8::from(before <= b' ') | u8::from(before >= 0x80);
        let hash = head_hash(first, second);
        let head = CUE_HEAD_HASHES
            .iter()
            .fold(is(first, b'('), |head, &cue| head | is(hash, cue));
        word_start & head
    }
    /// Calls `found` with `base + i` for each byte `i` of the block of `N`
    /// bytes that `window` holds (with the byte before it and two after, `W`
    /// = `N + 2`) that may start a cue, from byte `from` of the text on.
    /// Inlined: a call a block (saving and restoring registers) cost as much
    /// as marking a quarter of its bytes.
    #[inline(always)]
    fn block<const N: usize, const W: usize>(
        window: &[u8; W],
        base: usize,
        from: usize,
        found: &mut impl FnMut(usize),
    ) {
        const { assert!(W == N + 2 && N.is_multiple_of(8)) };
        let mut marks = [0u8; N];
        for (i, mark) in marks.iter_mut().enumerate() {
            *mark = may_start(window[i], window[i + 1], window[i + 2]);
        }
        // About half the blocks have no mark: one test of the marks OR'd
        // together (vector ORs) passes them over.
        if marks.iter().fold(0, |any, &mark| any | mark) == 0 {
            return;
        }
        // Eight marks at a time as the bits of a `u64` (mark `i` is bit
        // `8 * i`): a block has a mark or two, found by their bits.
        for (chunk, marks) in marks.chunks_exact(8).enumerate() {
            let mut bits = <[u8; 8]>::try_from(marks).map_or(0, u64::from_le_bytes);
            while bits != 0 {
                let at = base + chunk * 8 + bits.trailing_zeros() as usize / 8;
                if at >= from {
                    found(at);
                }
                bits &= bits - 1;
            }
        }
    }
    /// The `W` bytes from the one before byte `at` on, if the text has them.
    fn window<const W: usize>(bytes: &[u8], at: usize) -> Option<&[u8; W]> {
        at.checked_sub(1)
            .and_then(|before| bytes.get(before..before + W))
            .and_then(|w| <&[u8; W]>::try_from(w).ok())
    }
    let bytes = text.as_bytes();
    // The text's first byte, read after a space, on its own: the blocks then
    // start one byte in, each with the byte before it in the text.
    let Some(&first) = bytes.first() else {
        return;
    };
    if may_start(b' ', first, bytes.get(1).copied().unwrap_or(0)) != 0 {
        found(0);
    }
    let mut at: usize = 1;
    while let Some(w) = window::<{ BLOCK + 2 }>(bytes, at) {
        block::<BLOCK, { BLOCK + 2 }>(w, at, at, &mut found);
        at += BLOCK;
    }
    // The rest in blocks of 16 bytes: a paragraph is a few blocks long, and
    // its last bytes, marked as one more block of 64, cost a third of the
    // marking.
    while let Some(w) = window::<{ TAIL + 2 }>(bytes, at) {
        block::<TAIL, { TAIL + 2 }>(w, at, at, &mut found);
        at += TAIL;
    }
    // The bytes left, up to the last that may start a cue (the third last):
    // the text's last whole window, its marks before `at` already given; or,
    // in a text shorter than a window, a copy with zeros after the text,
    // which start no cue.
    if at + 2 >= bytes.len() {
        return;
    }
    let last = bytes.len().checked_sub(TAIL + 1);
    if let Some((base, w)) =
        last.and_then(|base| Some((base, window::<{ TAIL + 2 }>(bytes, base)?)))
    {
        block::<TAIL, { TAIL + 2 }>(w, base, at, &mut found);
    } else {
        let padded = zero_padded(bytes.get(at - 1..).unwrap_or_default());
        block::<TAIL, { TAIL + 2 }>(&padded, at, at, &mut found);
    }
}

/// A hash of a word's first two bytes that is the same in any case of two
/// ASCII letters (`0x20` set makes a letter lowercase): four times the
/// first plus the second, wrapping. Three additions a byte when vectorized,
/// where comparing each cue's letters took ten comparisons; the cues' two
/// letter pairs give four hashes ([`CUE_HEAD_HASHES`]), which a few other
/// pairs share (`nu`, `qa`, `uk`): about 1.5% more marked words than the
/// cues' own pairs, on news text.
const fn head_hash(first: u8, second: u8) -> u8 {
    (first | 0x20).wrapping_mul(4).wrapping_add(second | 0x20)
}

/// The [`head_hash`]es of the cues' first two letters: `re` and `sa` share
/// one.
const CUE_HEAD_HASHES: [u8; 4] = [
    head_hash(b'a', b'c'),
    head_hash(b'r', b'e'),
    head_hash(b'p', b'e'),
    head_hash(b't', b'o'),
];

const _: () = {
    // `each_cue_start` knows the cues by their first two letters' hashes,
    // and a cue is at least three bytes long (the last two bytes are not
    // marked).
    let mut i = 0;
    while i < CUE_STARTS.len() {
        let cue = CUE_STARTS[i].as_bytes();
        assert!(cue.len() >= 3);
        let hash = head_hash(cue[0], cue[1]);
        let mut known = false;
        let mut j = 0;
        while j < CUE_HEAD_HASHES.len() {
            known |= CUE_HEAD_HASHES[j] == hash;
            j += 1;
        }
        assert!(known);
        i += 1;
    }
};

/// The cue of [`CUE_STARTS`] the word at the start of `rest` starts with, in
/// any case, with no letter or digit after it (not `percent`, `reporter`).
///
/// The word's first sixteen bytes are read as one `u128` and compared with
/// each cue at once, after its first letter: this runs on every marked word
/// (`to`, `people`), most of which are no cue. The cue is given by its
/// place in [`CUE_STARTS`].
fn cue_at(rest: &[u8]) -> Option<usize> {
    let head = match rest.get(..16) {
        Some(head) => <[u8; 16]>::try_from(head).map_or(0, u128::from_le_bytes),
        // The text's last bytes: zeros after them, which end a word.
        None => u128::from_le_bytes(zero_padded(rest)),
    };
    // `b | 0x20` is a lowercase letter exactly when `b` is that letter in
    // either case: the cues' letters are compared in any case at once.
    let lower = head | u128::from_le_bytes([0x20; 16]);
    // A loop over a constant table: unrolled, each cue's length, letters and
    // mask are constants, and a word is compared whole only with the cues of
    // its first letter.
    CUE_PATTERNS.iter().position(|&(len, pattern, mask)| {
        let next = (head >> (8 * len)) as u8;
        lower as u8 == pattern as u8 && lower & mask == pattern && !next.is_ascii_alphanumeric()
    })
}

/// For each of [`CUE_STARTS`], the cue of [`BEFORE_SOURCE`] whose first
/// word it is, if any, and whether it is one of [`AFTER_SOURCE`]: known
/// once, where [`cue_reach`] compared strings for each candidate.
const CUE_ROLES: [(Option<&[&str]>, bool); CUE_STARTS.len()] = {
    const fn same(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }
    let mut roles: [(Option<&[&str]>, bool); CUE_STARTS.len()] = [(None, false); CUE_STARTS.len()];
    let mut i = 0;
    while i < CUE_STARTS.len() {
        let mut j = 0;
        while j < BEFORE_SOURCE.len() {
            if same(BEFORE_SOURCE[j][0], CUE_STARTS[i]) {
                roles[i].0 = Some(BEFORE_SOURCE[j]);
            }
            j += 1;
        }
        let mut j = 0;
        while j < AFTER_SOURCE.len() {
            roles[i].1 |= same(AFTER_SOURCE[j], CUE_STARTS[i]);
            j += 1;
        }
        // Every one of them is a cue's first word or a verb.
        assert!(roles[i].0.is_some() || roles[i].1);
        i += 1;
    }
    roles
};

/// The first `N` bytes of `bytes`, with zeros after them when it has fewer:
/// a text's last bytes read as a whole window or word.
fn zero_padded<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut padded = [0u8; N];
    for (to, from) in padded.iter_mut().zip(bytes) {
        *to = *from;
    }
    padded
}

/// Each of [`CUE_STARTS`] as its length, its bytes as a little-endian `u128`
/// and the mask of its bytes, for [`cue_at`].
const CUE_PATTERNS: [(usize, u128, u128); CUE_STARTS.len()] = {
    let mut patterns = [(0, 0u128, 0u128); CUE_STARTS.len()];
    let mut i = 0;
    while i < CUE_STARTS.len() {
        let cue = CUE_STARTS[i].as_bytes();
        // A cue, its next byte and all, is read from the word's first 16 bytes.
        assert!(cue.len() < 16);
        let (mut pattern, mut mask) = (0u128, 0u128);
        let mut j = 0;
        while j < cue.len() {
            assert!(cue[j].is_ascii_lowercase());
            pattern |= (cue[j] as u128) << (8 * j);
            mask |= 0xff << (8 * j);
            j += 1;
        }
        patterns[i] = (cue.len(), pattern, mask);
        i += 1;
    }
    patterns
};

/// The spaced attributions of `text`, in order, naming outlets of `gazetteer`.
///
/// Only the words that can be cues are looked at, each with the few words
/// around it: they are found by one vectorized pass marking the words that
/// start as a cue does, or with `(`, not
/// by splitting the whole text into words (which took a quarter of
/// `dateline convert`'s time), nor by a multi-pattern search (whose cost per
/// match was most of this function's).
pub fn find(text: &str, gazetteer: &Gazetteer) -> Vec<Spaced> {
    find_with(text, gazetteer, &mut Scratch::default())
}

/// The buffers [`find`] needs, kept across the texts of an article.
#[derive(Debug, Default)]
struct Scratch {
    /// Where the words start that may be cues, and which cue each may be.
    candidates: Vec<(usize, Candidate)>,
    /// The words around one of them.
    words: Vec<Word>,
}

/// [`find`], with buffers from an earlier text.
fn find_with(text: &str, gazetteer: &Gazetteer, scratch: &mut Scratch) -> Vec<Spaced> {
    let mut found: Vec<Spaced> = Vec::new();
    cue_candidates(text, &mut scratch.candidates);
    for &(at, candidate) in &scratch.candidates {
        let Some(reach) = cue_reach(text, at, candidate, gazetteer) else {
            continue;
        };
        scratch.words.clear();
        if let Some(i) = words_around(text, at, reach, &mut scratch.words) {
            check_word(text, &scratch.words, i, gazetteer, &mut found);
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

/// What a word found by [`cue_candidates`] may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Candidate {
    /// The first word of a cue, or a reporting verb: the one of
    /// [`CUE_STARTS`] at this place there.
    Cue(usize),
    /// A word opening with `(`.
    Parenthesis,
}

/// Fills `out` with where the words start that may be cues, ascending: words
/// starting with one of [`CUE_STARTS`] in any case and no letter or digit
/// after it (not `percent`, `Perhaps`, `performers`), or starting with `(`.
fn cue_candidates(text: &str, out: &mut Vec<(usize, Candidate)>) {
    let bytes = text.as_bytes();
    let starts_word = |at: usize| match at.checked_sub(1).and_then(|i| bytes.get(i)) {
        None => at == 0,
        // char::is_whitespace of ASCII (u8::is_ascii_whitespace lacks \x0B).
        Some(&b) if b.is_ascii() => b.is_ascii_whitespace() || b == b'\x0B',
        Some(_) => text
            .get(..at)
            .is_some_and(|before| before.chars().next_back().is_some_and(char::is_whitespace)),
    };
    out.clear();
    each_cue_start(text, |at| {
        let candidate = match bytes.get(at..) {
            Some([b'(', ..]) => Some(Candidate::Parenthesis),
            Some(rest) => cue_at(rest).map(Candidate::Cue),
            None => None,
        };
        if let Some(candidate) = candidate
            && starts_word(at)
        {
            out.push((at, candidate));
        }
    });
}

/// How many words before and after a cue its checks read.
#[derive(Debug, Clone, Copy)]
struct Reach {
    before: usize,
    after: usize,
}

/// The reach of the word starting at byte `at`, found as `candidate`, if it
/// opens with `(` (the words after it, to the closing one), is a cue's first
/// word, any case (the words after it), or a reporting verb, as written (the
/// words before it); `None` for any other word (`Per Nilsson`, `per cent`,
/// `he said`), whose neighbours are then never split. A cue counts only
/// where a source may follow it ([`source_may_follow`]), a reporting verb
/// only after a word that may end a source of `gazetteer`.
fn cue_reach(text: &str, at: usize, candidate: Candidate, gazetteer: &Gazetteer) -> Option<Reach> {
    let place = match candidate {
        Candidate::Parenthesis => {
            return Some(Reach {
                before: 0,
                after: MAX_SOURCE_WORDS,
            });
        }
        Candidate::Cue(cue) => cue,
    };
    let (Some(&first), Some(&(cue_words, is_verb))) = (CUE_STARTS.get(place), CUE_ROLES.get(place))
    else {
        return None;
    };
    let word = Word {
        start: at,
        // The cue's letters, ASCII, are the word's: its end is after them.
        end: word_end(text, at + first.len()),
    };
    let end = word.end;
    // `cue_at` found the cue's letters, any case, and no letter or digit
    // after them: the word is the cue if nothing but punctuation follows
    // (`Word::is_cue` of it, without comparing the letters again).
    let is_cue = || word.is_found_cue(text, first.len());
    let cue = cue_words.is_some_and(|cue| is_cue() && source_may_follow(text, end, cue));
    let verb = is_verb
        // A verb as written.
        && text.as_bytes().get(at..at + first.len()) == Some(first.as_bytes())
        && is_cue()
        && word_before(text, at).is_some_and(|before| {
            // A source runs to the verb: no punctuation after its last word.
            // (`ends_phrase` and `core` of one reading).
            let (start, end) = before.core_range(text);
            end == before.end && gazetteer.may_end_source(text.get(start..end).unwrap_or_default())
        });
    (cue || verb).then_some(Reach {
        before: if verb { WORDS_BEFORE } else { 0 },
        after: if cue { WORDS_AFTER } else { 0 },
    })
}

/// Whether a source may follow the cue `cue` whose first word ends at byte
/// `end`: the rest of the cue comes next, then an optional `the`, then a word
/// starting with a capital letter or a digit, as a source's first word must
/// ([`check_word`] holds the source to more). Most cues (`per cent`,
/// `according to officials`, `told reporters`) need no more words.
fn source_may_follow(text: &str, end: usize, cue: &[&str]) -> bool {
    let rest = text.get(end..).unwrap_or_default();
    // The words after the cue's first, as the whole text splits.
    let mut words = rest.split_whitespace().map(|w| {
        let start = end + (w.as_ptr() as usize - rest.as_ptr() as usize);
        Word {
            start,
            end: start + w.len(),
        }
    });
    let is = |w: Word, cue: &str| w.core(text).eq_ignore_ascii_case(cue);
    let capital = |w: Word| capitalised(w.core(text));
    cue.iter()
        .skip(1)
        .all(|cue_word| words.next().is_some_and(|w| is(w, cue_word)))
        && words
            .next()
            .is_some_and(|w| capital(w) || (is(w, "the") && words.next().is_some_and(capital)))
}

/// Where the word that byte `at` starts or is in ends (`at` a character
/// boundary): at the whitespace after it, or where the text ends.
fn word_end(text: &str, at: usize) -> usize {
    let rest = text.as_bytes().get(at..).unwrap_or_default();
    // ASCII letters and punctuation a byte at a time, up to whitespace or
    // the first non-ASCII byte, where characters are decoded.
    let ascii = rest
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'\x0B' || !b.is_ascii())
        .unwrap_or(rest.len());
    if rest.get(ascii).is_none_or(u8::is_ascii) {
        return at + ascii;
    }
    let from = at + ascii;
    text.get(from..)
        .and_then(|rest| rest.char_indices().find(|&(_, c)| c.is_whitespace()))
        .map_or(text.len(), |(i, _)| from + i)
}

/// The word before byte `at` (a word's start), if any.
fn word_before(text: &str, at: usize) -> Option<Word> {
    // ASCII whitespace, then an ASCII word, a byte at a time; characters are
    // decoded only where a non-ASCII byte comes first.
    let bytes = text.as_bytes().get(..at)?;
    let is_space = |b: u8| b.is_ascii_whitespace() || b == b'\x0B';
    let end = bytes
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(0, |i| i + 1);
    let start = bytes
        .get(..end)?
        .iter()
        .rposition(|&b| is_space(b) || !b.is_ascii())
        .map_or(0, |i| i + 1);
    // The word's last byte is ASCII (else the word found is empty), and so
    // is the byte before it (else it may be a letter's or a space's).
    let ascii = (start < end || end == 0)
        && start
            .checked_sub(1)
            .is_none_or(|before| bytes.get(before).is_some_and(u8::is_ascii));
    if ascii {
        return (start < end).then_some(Word { start, end });
    }
    word_before_of_chars(text, at)
}

/// [`word_before`] of any text, a character at a time.
fn word_before_of_chars(text: &str, at: usize) -> Option<Word> {
    let before = text.get(..at)?.trim_end_matches(char::is_whitespace);
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    (start < before.len()).then_some(Word {
        start,
        end: before.len(),
    })
}

/// Fills `words` with the words around the one starting at byte `at` (up to
/// `reach` before and after it, as the whole text splits) and gives that
/// word's place among them.
fn words_around(text: &str, at: usize, reach: Reach, words: &mut Vec<Word>) -> Option<usize> {
    // Back over `reach.before` words: the start of the earliest, or where the
    // text starts.
    let mut from = if reach.before == 0 { at } else { 0 };
    let mut seen = 0;
    let mut in_word = false;
    let before = if reach.before == 0 {
        ""
    } else {
        text.get(..at)?
    };
    // Back a byte at a time (prose is mostly ASCII); a non-ASCII byte is
    // the end of a character, decoded to tell a Unicode space from a
    // letter.
    let bytes = before.as_bytes();
    let mut end = bytes.len();
    while let Some(i) = end.checked_sub(1) {
        let (start, space) = match bytes.get(i) {
            // char::is_whitespace of ASCII (u8::is_ascii_whitespace lacks \x0B).
            Some(&b) if b.is_ascii() => (
                i,
                matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'),
            ),
            _ => {
                let c = before.get(..end).and_then(|head| head.chars().next_back());
                let width = c.map_or(1, char::len_utf8);
                (end - width, c.is_some_and(char::is_whitespace))
            }
        };
        if space {
            if in_word {
                seen += 1;
                if seen == reach.before {
                    from = end;
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
        end = start;
    }
    let mut place = None;
    split_from(text, from, words, |so_far| {
        let last = so_far.len() - 1;
        if so_far.get(last).is_some_and(|w| w.start == at) {
            place = Some(last);
        }
        place.is_some_and(|p| last >= p + reach.after)
    });
    // The word at `at` may be the text's last, pushed after the loop.
    place.or_else(|| words.iter().position(|w| w.start == at))
}

/// The spaced attribution, if any, whose cue is word `i` of `words` (or that
/// `(` opens), added to `found` unless one starts at the same place.
fn check_word(
    text: &str,
    words: &[Word],
    i: usize,
    gazetteer: &Gazetteer,
    found: &mut Vec<Spaced>,
) {
    let Some(&w) = words.get(i) else {
        return;
    };
    let first_byte = w.first_byte(text);
    // A source alone in parentheses.
    if first_byte == b'(' {
        let close = (i..words.len().min(i + MAX_SOURCE_WORDS)).find(|&j| {
            words
                .get(j)
                .and_then(|v| text.get(v.start..v.end))
                .is_some_and(|v| v.contains(')'))
        });
        if let Some(j) = close {
            let inner = text
                .get(w.start + 1..)
                .and_then(|rest| rest.split(')').next())
                .unwrap_or_default();
            if capitalised(inner) && gazetteer.lookup_source(inner.trim()).is_some() {
                push(found, words, text, "()".to_owned(), i, j);
            }
        }
        return;
    }
    // Every other cue is a word starting with its letters.
    if !CUE_INITIALS[usize::from(first_byte)] {
        return;
    }
    // A cue the source follows.
    for cue in BEFORE_SOURCE {
        // Most words fail at their first letter.
        let initial = cue.first().and_then(|c| c.as_bytes().first());
        if !initial.is_some_and(|b| b.eq_ignore_ascii_case(&first_byte)) {
            continue;
        }
        let Some(cue_words) = words.get(i..i + cue.len()) else {
            continue;
        };
        let same = cue_words
            .iter()
            .zip(*cue)
            .all(|(w, c)| w.is_cue(text, c, true));
        // The cue's words run on: no punctuation inside or after them.
        if !same || cue_words.iter().any(|w| w.ends_phrase(text)) {
            continue;
        }
        let mut first = i + cue.len();
        // The source after the cue, else after a `the` there (`told the
        // BBC`): each run looked up once.
        let mut source = source_at(text, words, first, gazetteer);
        if source.is_none()
            && words
                .get(first)
                .is_some_and(|w| w.core(text).eq_ignore_ascii_case("the") && !w.ends_phrase(text))
        {
            first += 1;
            source = source_at(text, words, first, gazetteer);
        }
        if let (Some(last), Some(cue_first), Some(cue_last)) =
            (source, cue_words.first(), cue_words.last())
        {
            let cue_text = text
                .get(cue_first.core_start(text)..cue_last.core_end(text))
                .unwrap_or_default()
                .to_owned();
            push(found, words, text, cue_text, first, last);
        }
    }
    // A reporting verb the source precedes.
    if i > 0
        && AFTER_SOURCE
            .iter()
            .any(|verb| verb.as_bytes().first() == Some(&first_byte) && w.is_cue(text, verb, false))
        && let Some(first) = source_before(text, words, i, gazetteer)
    {
        push(found, words, text, w.core(text).to_owned(), first, i - 1);
    }
}

/// Adds the attribution of `cue` whose source is words `first..=last`,
/// unless one starts at the same place.
fn push(
    found: &mut Vec<Spaced>,
    words: &[Word],
    text: &str,
    cue: String,
    first: usize,
    last: usize,
) {
    let (Some(a), Some(b)) = (words.get(first), words.get(last)) else {
        return;
    };
    let start = a.core_start(text);
    if found.iter().any(|f| f.start == start) {
        return;
    }
    found.push(Spaced {
        cue,
        source: text
            .get(start..b.core_end(text))
            .unwrap_or_default()
            .to_owned(),
        start,
    });
}

/// Whether a name starts with a capital letter (or a digit: `9News`).
fn capitalised(name: &str) -> bool {
    name.trim()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The last word of the longest source starting at word `first`.
fn source_at(text: &str, words: &[Word], first: usize, gazetteer: &Gazetteer) -> Option<usize> {
    let start = words.get(first)?;
    if start.starts_phrase(text) && !text.get(start.start..)?.starts_with('"') {
        return None;
    }
    // The run ends at the first word with punctuation after it.
    let mut end = first;
    while end + 1 < words.len()
        && end + 1 < first + MAX_SOURCE_WORDS
        && !words.get(end).is_some_and(|w| w.ends_phrase(text))
    {
        end += 1;
    }
    let core_start = start.core_start(text);
    (first..=end).rev().find(|&last| {
        let Some(&w) = words.get(last) else {
            return false;
        };
        let name = text.get(core_start..w.core_end(text)).unwrap_or_default();
        // Most runs end with a word no outlet's name ends with: no key is
        // built for them.
        capitalised(name)
            && gazetteer.may_end_source(w.core(text))
            && lookup(gazetteer, name).is_some()
    })
}

/// The first word of the longest source ending with the word before `verb`.
fn source_before(text: &str, words: &[Word], verb: usize, gazetteer: &Gazetteer) -> Option<usize> {
    let last = words.get(verb.checked_sub(1)?)?;
    if last.ends_phrase(text) {
        return None;
    }
    let mut begin = verb - 1;
    while begin > 0
        && begin + MAX_SOURCE_WORDS > verb
        && !words.get(begin - 1).is_some_and(|w| w.ends_phrase(text))
        && !words.get(begin).is_some_and(|w| w.starts_phrase(text))
    {
        begin -= 1;
    }
    let core_end = last.core_end(text);
    (begin..verb).find(|&first| {
        let Some(&w) = words.get(first) else {
            return false;
        };
        let name = text.get(w.core_start(text)..core_end).unwrap_or_default();
        // Most runs start with a word no outlet's name starts with: no key
        // is built for them.
        capitalised(name)
            && gazetteer.may_start_source(first_word(name))
            && lookup(gazetteer, name).is_some()
    })
}

/// The first word of a source's name: the name up to its first whitespace
/// (`Harper's` of `Harper's Magazine`).
fn first_word(name: &str) -> &str {
    name.split(char::is_whitespace).next().unwrap_or(name)
}

fn lookup<'g>(gazetteer: &'g Gazetteer, name: &str) -> Option<&'g Outlet> {
    gazetteer.lookup_source(name)
}

/// The spaced attributions of an article's paragraphs, with each paragraph's
/// line, in document order: only in plain text (not in quotations, nor in the
/// parser's own attributions).
pub fn in_article(article: &Article<'_>, gazetteer: &Gazetteer) -> Vec<(u32, Spaced)> {
    let mut out = Vec::new();
    let mut scratch = Scratch::default();
    for p in article.paragraphs() {
        for inline in &p.inlines {
            if let Inline::Text(t) = inline {
                let found = find_with(&t.raw, gazetteer, &mut scratch);
                out.extend(found.into_iter().map(|s| (p.line, s)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(text: &str) -> Vec<(String, String)> {
        find(text, Gazetteer::builtin())
            .into_iter()
            .map(|s| (s.cue, s.source))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|&(a, b)| (a.to_owned(), b.to_owned()))
            .collect()
    }

    #[test]
    fn cues_before_and_after_and_parentheses() {
        assert_eq!(
            sources("The talks failed, according to Reuters."),
            pairs(&[("according to", "Reuters")])
        );
        assert_eq!(
            sources("A spokesman told the BBC on Monday."),
            pairs(&[("told", "BBC")])
        );
        assert_eq!(
            sources("Kyiv was calm, Reuters reported."),
            pairs(&[("reported", "Reuters")])
        );
        assert_eq!(
            sources("WASHINGTON (AP) — The Senate voted."),
            pairs(&[("()", "AP")])
        );
        assert_eq!(
            sources("according to The Wall Street Journal, prices rose"),
            pairs(&[("according to", "The Wall Street Journal")])
        );
        assert_eq!(
            sources("as reported by Bloomberg News."),
            pairs(&[("reported by", "Bloomberg News")])
        );
        assert_eq!(
            sources("Prices fell, per Reuters's tally."),
            pairs(&[("per", "Reuters")])
        );
    }

    #[test]
    fn words_split_as_split_whitespace_does() {
        for text in [
            "",
            "  ",
            "one",
            " Per\u{a0}Nilsson\u{2009}said,\x0Bthen\u{3000}(AP) \u{e9}t\u{e9}\r\n",
            "according to Reuters's tally\tof\u{85}votes",
        ] {
            let ours: Vec<&str> = words(text).iter().map(|w| &text[w.start..w.end]).collect();
            let theirs: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    /// `find` as it was: every word of the text checked, the whole text split.
    fn find_checking_every_word(text: &str) -> Vec<Spaced> {
        let all = words(text);
        let mut found = Vec::new();
        for i in 0..all.len() {
            check_word(text, &all, i, Gazetteer::builtin(), &mut found);
        }
        found.sort_by_key(|f| f.start);
        found
    }

    /// Words and separators that exercise every cue, case, source length and
    /// punctuation rule.
    const PIECES: &[&str] = &[
        "according to",
        "According to the",
        "reported by",
        "told the",
        "Reuters reported",
        "according",
        "According",
        "ACCORDING",
        "aCcOrDiNg",
        "to",
        "To",
        "reported",
        "Reported",
        "reports",
        "by",
        "per",
        "Per",
        "PER",
        "percent",
        "per cent",
        "told",
        "Told",
        "said",
        "Said",
        "says",
        "the",
        "The",
        "Reuters",
        "Reuters,",
        "Reuters's",
        "Reuters\u{2019}s",
        "BBC",
        "BBC.",
        "the BBC",
        "(AP)",
        "(AP",
        "AP)",
        "(Reuters)",
        "(held",
        "on)",
        "(",
        ")",
        "The Wall Street Journal",
        "Wall",
        "Street",
        "Journal,",
        "Bloomberg News",
        "NBC News",
        "officials",
        "Nilsson",
        "Article",
        "5",
        "9News",
        "bbc.co.uk",
        "N.Y. Times",
        "AP News",
        "\"Reuters",
        "\u{e9}t\u{e9}",
        "caf\u{e9}",
        "\u{2014}",
        ",",
        ".",
    ];
    const SEPARATORS: &[&str] = &[" ", " ", " ", "  ", "\t", "\u{a0}", "\u{3000}", "\n", ""];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn searching_for_cues_finds_what_checking_every_word_finds(
            parts in proptest::collection::vec((0..PIECES.len(), 0..SEPARATORS.len()), 0..40)
        ) {
            let mut text = String::new();
            for (piece, sep) in parts {
                text.push_str(PIECES[piece]);
                text.push_str(SEPARATORS[sep]);
            }
            let found = find(&text, Gazetteer::builtin());
            proptest::prop_assert_eq!(&found, &find_checking_every_word(&text));
        }

        /// The block-wise marks are those of a byte-by-byte reading, at
        /// every place in a block, across blocks and in the tail after them.
        #[test]
        fn cue_starts_are_marked_alike_in_blocks_and_byte_by_byte(
            text in "([ \t\n\u{8}\u{a0}é(.,]{0,2}(accord|Report|PER|per|tol|Told|Said|says|sa|ac|re|To|x|pE|ha|Co|de|nu|Qa|\u{e9}\u{e9}){0,3}){0,40}"
        ) {
            let mut marked = Vec::new();
            each_cue_start(&text, |at| marked.push(at));
            let bytes = text.as_bytes();
            let word_start = |at: usize| {
                let before = at.checked_sub(1).map_or(b' ', |b| bytes[b]);
                before <= b' ' || before >= 0x80
            };
            let expected: Vec<usize> = (0..bytes.len().saturating_sub(2))
                .filter(|&at| {
                    word_start(at)
                        && (bytes[at] == b'('
                            || CUE_HEAD_HASHES.contains(&head_hash(bytes[at], bytes[at + 1])))
                })
                .collect();
            // A byte among the last two may be marked or not.
            let marked: Vec<usize> = marked.into_iter().filter(|&at| at + 2 < bytes.len()).collect();
            proptest::prop_assert_eq!(&marked, &expected);
            // The hash loses no cue: every word starting with a cue's two
            // letters, in any case, is marked.
            for at in (0..bytes.len().saturating_sub(2)).filter(|&at| word_start(at)) {
                let head = bytes[at..at + 2].to_ascii_lowercase();
                if [&b"ac"[..], b"re", b"pe", b"to", b"sa"].contains(&&head[..]) {
                    proptest::prop_assert!(marked.contains(&at), "{at} of {text:?}");
                }
            }
        }

        #[test]
        fn a_words_letters_are_found_alike_byte_by_byte_and_char_by_char(
            word in "[a-zA-Z0-9'.,()\"&!\u{2019}\u{e9}s-]{0,12}"
        ) {
            let w = Word { start: 0, end: word.len() };
            proptest::prop_assert_eq!(w.core_range(&word), w.core_range_of_chars(&word));
        }
    }

    /// The names and aliases of the built-in outlets, and their words.
    fn outlet_names_and_words() -> Vec<String> {
        let names: Vec<String> = Gazetteer::builtin()
            .iter()
            .flat_map(|o| std::iter::once(o.name().to_owned()).chain(o.aliases().iter().cloned()))
            .collect();
        let words = names
            .iter()
            .flat_map(|n| n.split_whitespace().map(str::to_owned))
            .collect::<Vec<_>>();
        names.into_iter().chain(words).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// `may_end_source` and `may_start_source` pass over a run without
        /// building its name: sound only if no name they rule out is an
        /// outlet's.
        #[test]
        fn a_run_ruled_out_by_its_first_or_last_word_names_no_outlet(
            parts in proptest::collection::vec(
                (proptest::sample::select(outlet_names_and_words()),
                 proptest::sample::select(vec!["", "'s", ",", ".", "\u{2019}s", "&", "-"]),
                 proptest::sample::select(vec![" ", "  ", "\"", "("])),
                1..4,
            )
        ) {
            let text: String = parts.iter().map(|(w, p, sep)| format!("{w}{p}{sep}")).collect();
            let all = words(&text);
            let (Some(&first), Some(&last)) = (all.first(), all.last()) else {
                return Ok(());
            };
            // The run's name as `source_at` reads it.
            let name = &text[first.core_start(&text)..last.core_end(&text).max(first.core_start(&text))];
            if Gazetteer::builtin().lookup_source(name).is_some() {
                proptest::prop_assert!(
                    Gazetteer::builtin().may_end_source(last.core(&text)),
                    "{name:?} is an outlet but its last word {:?} is ruled out",
                    last.core(&text)
                );
                proptest::prop_assert!(
                    Gazetteer::builtin().may_start_source(first_word(name)),
                    "{name:?} is an outlet but its first word {:?} is ruled out",
                    first_word(name)
                );
            }
        }
    }

    #[test]
    fn never_on_words_that_name_no_outlet() {
        for text in [
            "Inflation rose 3 per cent in May.",
            "Per Nilsson, the Swedish minister, spoke.",
            "Members act per Article 5 of the treaty.",
            "The deal stalls, according to officials.",
            "He told reporters the talks had failed.",
            "Officials said the plan would work.",
            "The vote (held on Monday) passed.",
            "according to reuters, lower case",
        ] {
            assert_eq!(sources(text), [], "{text}");
        }
    }
}
