//! Compact JSON into a `Vec<u8>`, byte for byte what `serde_json::to_writer` writes,
//! faster.
//!
//! Exporting `jsonl` is mostly writing strings: every paragraph appears in the
//! model twice (the repaired `text` and the inlines' `raw`). `serde_json` escapes a
//! string one byte at a time; this serializer checks sixteen bytes at once (a
//! comparison the compiler turns into SIMD) and copies clean runs whole, and it
//! writes into a `Vec` without going through `io::Write`. Everything else is
//! written exactly as `serde_json`'s compact formatter writes it: the same
//! escapes (`\n`, `\u001f`, `\"`), integers by `itoa`, floats by `serde_json`
//! itself, bytes as an array of numbers, unit variants as strings, other
//! variants as `{"name":...}`, map keys as strings. A test holds the two to the
//! same bytes on generated articles (bare, and with `links` flattened into the
//! object as `jsonl` writes them, which goes through `serialize_map` with no
//! length), on hostile link values, and on every ASCII control character.

use std::fmt::{self, Write as _};

use serde::ser::{self, Impossible, Serialize};

/// The error type: `serde_json`'s, so that callers see one kind of JSON error.
type Error = serde_json::Error;

/// Appends the compact JSON of `value` to `out`.
pub(crate) fn to_vec<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(&mut Compact { out })
}

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
fn dirty(block: &[u8; 16]) -> u16 {
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
fn dirty_swar(block: &[u8; 16]) -> u16 {
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
fn escape(out: &mut Vec<u8>, s: &str) {
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

fn integer(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// The serializer: state is only where to write.
struct Compact<'a> {
    out: &'a mut Vec<u8>,
}

/// A sequence or map being written: whether an element was written yet.
struct Compound<'s, 'a> {
    ser: &'s mut Compact<'a>,
    first: bool,
    /// What closes it: `]`, `}`, or `}}` for a variant wrapped in an object.
    close: &'static [u8],
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.ser.out.push(b',');
        }
    }

    fn end(self) -> Result<(), Error> {
        self.ser.out.extend_from_slice(self.close);
        Ok(())
    }
}

/// Appends `value` with `fmt::Display` as a JSON string (for `collect_str`).
fn display_string(out: &mut Vec<u8>, value: &(impl fmt::Display + ?Sized)) {
    struct Text(String);
    impl fmt::Write for Text {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.push_str(s);
            Ok(())
        }
    }
    let mut text = Text(String::new());
    // A `Display` that fails is a bug in it; serde_json then fails too, with a
    // less useful error: write what was produced.
    let _ = write!(text, "{value}");
    escape(out, &text.0);
}

impl<'s, 'a> ser::Serializer for &'s mut Compact<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'s, 'a>;
    type SerializeTuple = Compound<'s, 'a>;
    type SerializeTupleStruct = Compound<'s, 'a>;
    type SerializeTupleVariant = Compound<'s, 'a>;
    type SerializeMap = Compound<'s, 'a>;
    type SerializeStruct = Compound<'s, 'a>;
    type SerializeStructVariant = Compound<'s, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        integer(self.out, v);
        Ok(())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        integer(self.out, v);
        Ok(())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        integer(self.out, v);
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        integer(self.out, v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        integer(self.out, v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        integer(self.out, v);
        Ok(())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        integer(self.out, v);
        Ok(())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        integer(self.out, v);
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        integer(self.out, v);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        integer(self.out, v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // Rare in this crate's data: serde_json writes them, so they are the same.
        serde_json::to_writer(&mut *self.out, &v)
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v)
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        escape(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        escape(self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.out.push(b'[');
        for (i, b) in v.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            integer(self.out, *b);
        }
        self.out.push(b']');
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        escape(self.out, variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(b'{');
        escape(self.out, variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'s, 'a>, Error> {
        self.out.push(b'[');
        Ok(Compound {
            ser: self,
            first: true,
            close: b"]",
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'s, 'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'s, 'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'s, 'a>, Error> {
        self.out.push(b'{');
        escape(self.out, variant);
        self.out.extend_from_slice(b":[");
        Ok(Compound {
            ser: self,
            first: true,
            close: b"]}",
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'s, 'a>, Error> {
        self.out.push(b'{');
        Ok(Compound {
            ser: self,
            first: true,
            close: b"}",
        })
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'s, 'a>, Error> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'s, 'a>, Error> {
        self.out.push(b'{');
        escape(self.out, variant);
        self.out.extend_from_slice(b":{");
        Ok(Compound {
            ser: self,
            first: true,
            close: b"}}",
        })
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        display_string(self.out, value);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(MapKey {
            out: &mut *self.ser.out,
        })?;
        self.ser.out.push(b':');
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.comma();
        escape(self.ser.out, key);
        self.ser.out.push(b':');
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// A map key: written as a JSON string, as `serde_json` writes keys (numbers and
/// booleans quoted); anything else is an error.
struct MapKey<'o> {
    out: &'o mut Vec<u8>,
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

impl MapKey<'_> {
    fn quoted(self, text: &[u8]) -> Result<(), Error> {
        self.out.push(b'"');
        self.out.extend_from_slice(text);
        self.out.push(b'"');
        Ok(())
    }

    fn number(self, n: impl itoa::Integer) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(n).as_bytes())
    }

    /// The key of `{"<key>":null}` as serde_json wrote it.
    fn float_key(self, map: &[u8]) -> Result<(), Error> {
        let key = map
            .strip_prefix(b"{")
            .and_then(|rest| rest.strip_suffix(b":null}"))
            .ok_or_else(|| <Error as ser::Error>::custom("unexpected float key"))?;
        self.out.extend_from_slice(key);
        Ok(())
    }
}

/// A map of one key to `null`, for serde_json to write the key.
struct OneKey<K>(K);

impl<K: Serialize> Serialize for OneKey<K> {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use ser::SerializeMap as _;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(&self.0, &())?;
        map.end()
    }
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(if v { b"true" } else { b"false" })
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // serde_json writes a float key as its number, quoted; it refuses NaN and
        // the infinities.
        let json = serde_json::to_vec(&OneKey(v))?;
        self.float_key(&json)
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        let json = serde_json::to_vec(&OneKey(v))?;
        self.float_key(&json)
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        escape(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        escape(self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        escape(self.out, variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        display_string(self.out, value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::to_vec;

    fn same<T: Serialize + ?Sized>(value: &T) {
        let mut ours = Vec::new();
        to_vec(&mut ours, value).expect("serialises");
        let theirs = serde_json::to_vec(value).expect("serialises");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn both_scans_find_the_first_byte_to_escape() {
        for at in 0..16 {
            for b in 0u8..=255 {
                let mut block = [b'a'; 16];
                block[at] = b;
                let needs = b < 0x20 || b == b'"' || b == b'\\';
                for (name, mask) in [
                    ("dirty", super::dirty(&block)),
                    ("swar", super::dirty_swar(&block)),
                ] {
                    assert_eq!(mask != 0, needs, "{name}: {b:#x} at {at}");
                    if needs {
                        assert_eq!(mask.trailing_zeros() as usize, at, "{name}: {b:#x}");
                    }
                }
                // A clean multi-byte character after the byte changes nothing.
                let mut tail = block;
                if at < 14 {
                    tail[at + 1] = 0xC3;
                    tail[at + 2] = 0xA9;
                    assert_eq!(super::dirty_swar(&tail) != 0, needs);
                }
            }
        }
    }

    #[test]
    fn strings_escape_like_serde_json() {
        let mut every_ascii = String::new();
        for b in 0u8..0x80 {
            every_ascii.push(char::from(b));
        }
        same(&every_ascii);
        // Escapes at every position of a 16-byte block, and across blocks.
        for len in 0..40 {
            for at in 0..len {
                for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', '\u{7f}', 'é', '“'] {
                    let s: String = (0..len)
                        .map(|i| if i == at { special } else { 'a' })
                        .collect();
                    same(&s);
                }
            }
        }
        same("Élysée Says “No Deal” — Talks In Kyiv Go On \u{feff}\r\n\t");
        same("");
    }

    #[test]
    fn articles_write_like_serde_json() {
        let cfg = dateline_test_support::GenConfig::new(11).with_messy(true);
        for generated in dateline_test_support::corpus(&cfg, 300_000) {
            let article = dateline_core::parse(&generated.text)
                .expect("generated articles parse")
                .with_id(generated.file_name.as_str());
            same(&article);
        }
        let hostile = include_str!("../tests/fixtures/hostile.txt");
        same(&dateline_core::parse(hostile).expect("parses"));
        let unicode = include_str!("../tests/fixtures/unicode.txt");
        same(&dateline_core::parse(unicode).expect("parses"));
    }

    /// An article with its links, as `jsonl` writes it: the model's keys, then
    /// `links` (a flattened struct: `serialize_map` with no length).
    #[derive(Serialize)]
    struct Linked<'m, 'a> {
        #[serde(flatten)]
        article: &'m dateline_core::Article<'a>,
        links: &'m crate::ArticleLinks,
    }

    /// Links with every field set, from hostile strings.
    fn hostile_links(article: &dateline_core::Article<'_>) -> crate::ArticleLinks {
        let nasty = "<script>\"]]>\\=cmd\n---\u{1}\u{7f}é“";
        let outlet = crate::OutletRef {
            id: nasty.to_owned(),
            name: nasty.to_owned(),
            domain: nasty.to_owned(),
            homepage: format!("https://x.example/{nasty}"),
        };
        // The canonical URL is canonical by construction (hostile bytes come
        // out percent-encoded); every other fact is a plain string.
        let mut url = crate::UrlFacts::parse(&format!("https://x.example/{nasty}"))
            .expect("a URL with an odd path is a URL");
        url.domain = Some(nasty.to_owned());
        url.date = dateline_core::Date::new(2022, 1, 31);
        url.article_id = Some(String::new());
        url.slug = Some(nasty.to_owned());
        crate::ArticleLinks {
            url: Some(url),
            outlet: Some(outlet.clone()),
            sources: article
                .attributions()
                .enumerate()
                .map(|(i, a)| crate::SourceRef {
                    source: a.source.to_string(),
                    outlet: (i % 2 == 0).then(|| outlet.clone()),
                })
                .collect(),
        }
    }

    #[test]
    fn linked_articles_write_like_serde_json() {
        let cfg = dateline_test_support::GenConfig::new(12).with_messy(true);
        let empty = crate::ArticleLinks::default();
        for generated in dateline_test_support::corpus(&cfg, 100_000) {
            let article = dateline_core::parse(&generated.text)
                .expect("generated articles parse")
                .with_id(generated.file_name.as_str());
            same(&Linked {
                article: &article,
                links: &empty,
            });
            same(&Linked {
                article: &article,
                links: &hostile_links(&article),
            });
        }
        let hostile = include_str!("../tests/fixtures/hostile.txt");
        let article = dateline_core::parse(hostile).expect("parses");
        same(&Linked {
            article: &article,
            links: &hostile_links(&article),
        });
        same(&hostile_links(&article));
        same(&empty);
    }

    #[test]
    fn every_shape_writes_like_serde_json() {
        #[derive(Serialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        enum Tagged {
            One { a: u32, b: Option<String> },
            Two(Inner),
        }
        #[derive(Serialize)]
        struct Inner {
            x: i64,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            v: Vec<u8>,
        }
        #[derive(Serialize)]
        enum External {
            Unit,
            New(u8),
            Tuple(u8, char),
            Struct { f: f64 },
        }
        #[derive(Serialize)]
        struct Unit;
        #[derive(Serialize)]
        struct Newtype(&'static str);
        #[derive(Serialize)]
        struct Tuple(i8, u128, bool);
        #[derive(Serialize)]
        struct All<'a> {
            tagged: Vec<Tagged>,
            external: Vec<External>,
            unit: Unit,
            newtype: Newtype,
            tuple: Tuple,
            floats: [f64; 5],
            small: f32,
            bytes: &'a serde_bytes_like::Bytes,
            map: BTreeMap<i32, &'a str>,
            keys: BTreeMap<char, ()>,
            float_keys: super::OneKey<f64>,
            float_key_f32: super::OneKey<f32>,
            empty: Vec<()>,
            none: Option<()>,
            chars: (char, char),
        }
        mod serde_bytes_like {
            pub struct Bytes(pub [u8; 3]);
            impl serde::Serialize for Bytes {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_bytes(&self.0)
                }
            }
        }
        let value = All {
            tagged: vec![
                Tagged::One {
                    a: 7,
                    b: Some("x\"y".to_owned()),
                },
                Tagged::One { a: 0, b: None },
                Tagged::Two(Inner { x: -5, v: vec![] }),
                Tagged::Two(Inner {
                    x: i64::MIN,
                    v: vec![1, 2],
                }),
            ],
            external: vec![
                External::Unit,
                External::New(3),
                External::Tuple(1, '\u{0}'),
                External::Struct { f: 1.5 },
            ],
            unit: Unit,
            newtype: Newtype("n"),
            tuple: Tuple(-1, u128::MAX, true),
            floats: [0.1, -0.0, 1e300, f64::NAN, f64::INFINITY],
            small: 3.25,
            bytes: &serde_bytes_like::Bytes([0, 127, 255]),
            map: BTreeMap::from([(-1, "minus"), (2, "two")]),
            keys: BTreeMap::from([('"', ()), ('k', ())]),
            float_keys: super::OneKey(1e21),
            float_key_f32: super::OneKey(0.5),
            empty: vec![],
            none: None,
            chars: ('\\', '\u{10ffff}'),
        };
        same(&value);
    }
}
