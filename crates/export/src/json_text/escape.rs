//! JSON string escaping, sixteen bytes at a time: the one module of the crate
//! that needs `unsafe` (the SSE2 intrinsics, part of every x86-64 CPU).
//!
//! `serde_json` escapes a string one byte at a time; exporting `jsonl` is mostly
//! writing strings (every paragraph appears in the model twice), so this checks
//! sixteen bytes at once and copies clean runs whole. It writes exactly the
//! escapes `serde_json` writes (`\n`, `\u001f`, `\"`).

#![allow(unsafe_code)]

/// Bytes that must be escaped: 0 for none, else the letter after the backslash
/// (`u` for `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Which of these 16 bytes need escaping (below 0x20, `"` or `\\`): bit `i` for
/// byte `i`.
#[inline]
pub(super) fn dirty(block: &[u8; 16]) -> u16 {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 CPU has it.
        unsafe { dirty_sse2(block) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        dirty_swar(block)
    }
}

/// [`dirty`] with SSE2 (every x86-64 has it): the control bytes and `"` in
/// one compare (`b ^ 2 <= 0x20` exactly for `b <= 0x1f` and `b == 0x22`: the
/// flip of bit 1 keeps 0..=0x1f in place and takes `"` to a space), `\` in
/// another, and a move-mask.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn dirty_sse2(block: &[u8; 16]) -> u16 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_xor_si128,
    };
    // SAFETY: `block` is 16 readable bytes, and `_mm_loadu_si128` needs no alignment.
    let v = unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) };
    let flipped = _mm_xor_si128(v, _mm_set1_epi8(0x02));
    // `min(f, 0x20) == f` exactly when f <= 0x20 (unsigned).
    let control_or_quote = _mm_cmpeq_epi8(_mm_min_epu8(flipped, _mm_set1_epi8(0x20)), flipped);
    let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
    let any = _mm_or_si128(control_or_quote, backslash);
    // The move-mask has one bit per byte, in the low 16 bits.
    (_mm_movemask_epi8(any) & 0xFFFF) as u16
}

/// The high bit of each byte of `v` that needs escaping: exact up to the
/// first one (a borrow may mark bytes after it), so `!= 0` and the lowest set
/// bit are exact.
fn swar_hits(v: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// The high bit of each byte below `n` (n <= 0x80); exact up to the first one.
    fn below(v: u64, n: u8) -> u64 {
        v.wrapping_sub(ONES * u64::from(n)) & !v & HIGH
    }
    fn equal(v: u64, b: u8) -> u64 {
        below(v ^ (ONES * u64::from(b)), 1)
    }
    below(v, 0x20) | equal(v, b'"') | equal(v, b'\\')
}

/// [`dirty`] eight bytes at a time in a `u64`, without SIMD instructions.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
pub(super) fn dirty_swar(block: &[u8; 16]) -> u16 {
    let mut mask = 0u16;
    for (half, chunk) in block.chunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let hits = swar_hits(u64::from_le_bytes(word));
        if hits != 0 {
            // Only the first hit is exact; the caller only uses the lowest bit.
            let first = hits.trailing_zeros() / 8;
            mask |= 1 << (first + 8 * half as u32);
            break;
        }
    }
    mask
}

/// Appends `s` as a JSON string, quotes included.
#[inline]
pub(super) fn escape(out: &mut Vec<u8>, s: &str) {
    // Most strings of a record are short and clean (keys, ids, dates, hosts).
    if !quote_short_clean(out, s.as_bytes()) {
        escape_any(out, s.as_bytes());
    }
}

/// Appends `bytes` in quotes if they are shorter than 16 and need no escape;
/// false (nothing written) otherwise. The bytes are read as two overlapping
/// words (from 8 bytes the first and the last eight, from 4 the first and the
/// last four, below that three bytes), checked at once, and written into a
/// fixed 18-byte buffer at their places, then appended whole and cut to
/// length: every copy has a size known at compile time (no call to `memcpy`,
/// one capacity check).
#[inline]
pub(super) fn quote_short_clean(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    /// Pads the words of strings under 4 bytes: spaces need no escape.
    const SPACES: u64 = 0x2020_2020_2020_2020;
    let len = bytes.len();
    let mut quoted = [b'"'; 18];
    if let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        if len >= 16
            || swar_hits(u64::from_le_bytes(*first)) | swar_hits(u64::from_le_bytes(*last)) != 0
        {
            return false;
        }
        quoted[1..9].copy_from_slice(first);
        quoted[len - 7..len + 1].copy_from_slice(last);
    } else if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        let word =
            u64::from(u32::from_le_bytes(*first)) | u64::from(u32::from_le_bytes(*last)) << 32;
        if swar_hits(word) != 0 {
            return false;
        }
        quoted[1..5].copy_from_slice(first);
        quoted[len - 3..len + 1].copy_from_slice(last);
    } else if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        let middle = bytes[len / 2];
        let word =
            (SPACES << 24) | u64::from(first) | u64::from(middle) << 8 | u64::from(last) << 16;
        if swar_hits(word) != 0 {
            return false;
        }
        quoted[1] = first;
        quoted[1 + len / 2] = middle;
        quoted[len] = last;
    }
    quoted[len + 1] = b'"';
    let start = out.len();
    out.extend_from_slice(&quoted);
    out.truncate(start + len + 2);
    true
}

/// [`escape`] for any string: sixteen bytes at a time, the clean runs
/// between the bytes to escape copied whole.
pub(super) fn escape_any(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut clean_from = 0;
    // Escapes the bytes of `mask` (bit i: byte `base + i`), lowest first.
    let mut escape_marked = |out: &mut Vec<u8>, mut mask: u16, base: usize| {
        while mask != 0 {
            let here = base + mask.trailing_zeros() as usize;
            out.extend_from_slice(&bytes[clean_from..here]);
            escape_byte(out, bytes[here]);
            clean_from = here + 1;
            mask &= mask - 1;
        }
    };
    let (blocks, tail) = bytes.as_chunks::<16>();
    for (i, block) in blocks.iter().enumerate() {
        let mask = dirty(block);
        if mask != 0 {
            escape_marked(out, mask, 16 * i);
        }
    }
    if !tail.is_empty() {
        let mask = match bytes.last_chunk::<16>() {
            // The string's last 16 bytes, less those checked.
            Some(last) => dirty(last) >> (16 - tail.len()),
            // A string shorter than a block: byte by byte.
            None => tail.iter().enumerate().fold(0, |m, (i, &b)| {
                m | (u16::from(ESCAPE[usize::from(b)] != 0) << i)
            }),
        };
        escape_marked(out, mask, bytes.len() - tail.len());
    }
    out.extend_from_slice(&bytes[clean_from..]);
    out.push(b'"');
}

/// Appends the escape of `b`, a byte that needs one.
fn escape_byte(out: &mut Vec<u8>, b: u8) {
    let letter = ESCAPE[usize::from(b)];
    if letter == b'u' {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0xF)],
        ]);
    } else {
        out.extend_from_slice(&[b'\\', letter]);
    }
}
