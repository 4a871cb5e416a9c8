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

/// [`dirty`] with SSE2 (every x86-64 has it): three compares and a move-mask.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn dirty_sse2(block: &[u8; 16]) -> u16 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: `block` is 16 readable bytes, and `_mm_loadu_si128` needs no alignment.
    let v = unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) };
    // `min(v, 0x1f) == v` exactly when v <= 0x1f (unsigned).
    let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
    let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
    let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
    let any = _mm_or_si128(control, _mm_or_si128(quote, backslash));
    // The move-mask has one bit per byte, in the low 16 bits.
    (_mm_movemask_epi8(any) & 0xFFFF) as u16
}

/// [`dirty`] eight bytes at a time in a `u64`, without SIMD instructions.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
pub(super) fn dirty_swar(block: &[u8; 16]) -> u16 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// The high bit of each byte below `n` (n <= 0x80); exact up to the first one.
    fn below(v: u64, n: u8) -> u64 {
        v.wrapping_sub(ONES * u64::from(n)) & !v & HIGH
    }
    fn equal(v: u64, b: u8) -> u64 {
        below(v ^ (ONES * u64::from(b)), 1)
    }
    let mut mask = 0u16;
    for (half, chunk) in block.chunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let hits = below(v, 0x20) | equal(v, b'"') | equal(v, b'\\');
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
pub(super) fn escape(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut clean_from = 0;
    let mut at = 0;
    while at < bytes.len() {
        let left = bytes.len() - at;
        // Bit i: byte `at + i` needs escaping.
        let mask = if let Some(block) = bytes[at..].first_chunk::<16>() {
            dirty(block)
        } else if let Some(last) = bytes.last_chunk::<16>() {
            // The end of a long string: its last 16 bytes, less those checked.
            dirty(last) >> (16 - left)
        } else {
            // A short string (a key, a name): byte by byte.
            bytes[at..].iter().enumerate().fold(0u16, |m, (i, &b)| {
                m | (u16::from(ESCAPE[usize::from(b)] != 0) << i)
            })
        };
        if mask == 0 {
            at += left.min(16);
            continue;
        }
        let here = at + mask.trailing_zeros() as usize;
        let b = bytes[here];
        out.extend_from_slice(&bytes[clean_from..here]);
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
        clean_from = here + 1;
        at = here + 1;
    }
    out.extend_from_slice(&bytes[clean_from..]);
    out.push(b'"');
}
