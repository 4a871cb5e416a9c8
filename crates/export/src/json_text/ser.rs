//! The serializer behind [`write_compact`](super::write_compact) and
//! [`write_pretty`](super::write_pretty): one set of rules for both layouts,
//! writing into a `Vec<u8>`.
//!
//! Compact is `serde_json`'s bytes. Pretty is `serde_json`'s pretty layout (two
//! spaces, `": "` after keys) except that an array holding only scalars (numbers,
//! strings, booleans, nulls) stays on one line: `[224, 565]`. An array is written
//! on one line until its first element that is an array or an object; the
//! elements written so far then move onto lines of their own (they are scalars:
//! a copy), and the rest follow in block layout. The starts of the elements of
//! one-line arrays are kept on one shared stack, so a pretty document allocates
//! nothing per array once the stacks have grown.

use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

use super::Error;
use super::escape::escape;
use super::key::MapKey;

/// Where to write, and how.
pub(super) struct Writer<'a> {
    out: &'a mut Vec<u8>,
    /// Where `out` is drained once it holds [`DRAIN_AT`] bytes, at a point
    /// where nothing in it can change any more; `None`: `out` keeps it all.
    sink: Option<&'a mut dyn std::io::Write>,
    /// `None`: compact. `Some(depth)`: pretty, the top-level value's
    /// indentation level.
    pretty: Option<usize>,
    /// Pretty: the open arrays and objects, innermost last.
    frames: Vec<Frame>,
    /// Pretty: the starts (offsets in `out`) of the elements of the open
    /// one-line arrays.
    starts: Vec<usize>,
}

/// An open array or object (pretty layout).
#[derive(Clone, Copy)]
struct Frame {
    /// An array still on one line.
    inline: bool,
    /// The offset in `out` just after the `[` or `{`.
    open: usize,
    /// The index in `starts` of this array's first element start.
    first_start: usize,
}

impl<'a> Writer<'a> {
    /// A writer appending to `out`; pretty at indentation level `depth` when `Some`.
    pub(super) fn new(out: &'a mut Vec<u8>, pretty: Option<usize>) -> Writer<'a> {
        Writer {
            out,
            sink: None,
            pretty,
            frames: Vec::new(),
            starts: Vec::new(),
        }
    }

    /// A writer through `buffer` into `sink`: call [`Writer::finish`] at the end.
    pub(super) fn draining(
        buffer: &'a mut Vec<u8>,
        sink: &'a mut dyn std::io::Write,
        pretty: Option<usize>,
    ) -> Writer<'a> {
        Writer {
            sink: Some(sink),
            ..Writer::new(buffer, pretty)
        }
    }

    /// Drains the buffer into the sink, if there is one.
    pub(super) fn finish(&mut self) -> Result<(), Error> {
        if let Some(sink) = &mut self.sink {
            sink.write_all(self.out).map_err(Error::io)?;
            self.out.clear();
        }
        Ok(())
    }

    /// Drains a full buffer into the sink between two elements, when no
    /// one-line array is open (its elements may still move).
    fn drain(&mut self) -> Result<(), Error> {
        if self.out.len() >= DRAIN_AT
            && self.sink.is_some()
            && !self.frames.last().is_some_and(|f| f.inline)
        {
            // Offsets into `out` are kept for one-line arrays only, and
            // none is open: nothing refers to the drained bytes.
            self.finish()?;
        }
        Ok(())
    }

    /// The indentation level of the innermost open compound's elements.
    fn element_depth(&self, base: usize) -> usize {
        base + self.frames.len()
    }

    /// A line break and the indentation of `depth`.
    fn newline(&mut self, depth: usize) {
        self.out.push(b'\n');
        for _ in 0..depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// Opens an array (`[`) or an object (`{`).
    fn open(&mut self, array: bool) {
        if self.pretty.is_some() {
            self.break_inline_array();
        }
        self.out.push(if array { b'[' } else { b'{' });
        if self.pretty.is_some() {
            self.frames.push(Frame {
                inline: array,
                open: self.out.len(),
                first_start: self.starts.len(),
            });
        }
    }

    /// Before an array or object opens: if it is an element of an array still
    /// on one line (only the innermost open compound can be one: such an array
    /// has no compound inside it yet), that array goes to block layout.
    fn break_inline_array(&mut self) {
        let Some(base) = self.pretty else {
            return;
        };
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        if !frame.inline {
            return;
        }
        frame.inline = false;
        let Frame {
            open, first_start, ..
        } = *frame;
        let depth = self.element_depth(base);
        // `out[open..]` is `e0, e1, ..., ek-1, ` (or empty): the last start is
        // the current element's, which begins at the end.
        let written = self.out.split_off(open);
        let starts = &self.starts[first_start..];
        let last = starts.len().saturating_sub(1);
        let mut line = Vec::with_capacity(written.len() + 16 * starts.len());
        for (i, &start) in starts.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            line.push(b'\n');
            for _ in 0..depth {
                line.extend_from_slice(b"  ");
            }
            if i < last {
                let end = starts[i + 1] - 2; // the `, ` before the next one
                line.extend_from_slice(&written[start - open..end - open]);
            }
        }
        self.out.extend_from_slice(&line);
        self.starts.truncate(first_start);
    }

    /// Before an element of the innermost array.
    fn element(&mut self, first: bool) {
        match self.pretty {
            None => {
                if !first {
                    self.out.push(b',');
                }
            }
            Some(base) => {
                let inline = self.frames.last().is_some_and(|f| f.inline);
                if inline {
                    if !first {
                        self.out.extend_from_slice(b", ");
                    }
                    self.starts.push(self.out.len());
                } else {
                    if !first {
                        self.out.push(b',');
                    }
                    let depth = self.element_depth(base);
                    self.newline(depth);
                }
            }
        }
    }

    /// Writes a key of the innermost object, and what follows it.
    fn key(
        &mut self,
        first: bool,
        key: impl FnOnce(&mut Vec<u8>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if !first {
            self.out.push(b',');
        }
        if let Some(base) = self.pretty {
            let depth = self.element_depth(base);
            self.newline(depth);
        }
        key(self.out)?;
        self.out.push(b':');
        if self.pretty.is_some() {
            self.out.push(b' ');
        }
        Ok(())
    }

    /// Closes the innermost array or object; `empty` if it had no element.
    fn close(&mut self, array: bool, empty: bool) {
        if let Some(base) = self.pretty
            && let Some(frame) = self.frames.pop()
        {
            if frame.inline {
                self.starts.truncate(frame.first_start);
            } else if !empty {
                let depth = self.element_depth(base);
                self.newline(depth);
            }
        }
        self.out.push(if array { b']' } else { b'}' });
    }
}

/// The buffer size at which a draining writer writes to its sink.
const DRAIN_AT: usize = 64 * 1024;

fn integer(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// An array or object being written.
pub(super) struct Compound<'s, 'a> {
    w: &'s mut Writer<'a>,
    first: bool,
    array: bool,
    /// A variant wrapped in an object (`{"Variant":[...]}`): one more `}`.
    wrapped: bool,
}

impl<'s, 'a> Compound<'s, 'a> {
    fn open(w: &'s mut Writer<'a>, array: bool) -> Compound<'s, 'a> {
        w.open(array);
        Compound {
            w,
            first: true,
            array,
            wrapped: false,
        }
    }

    /// `{"variant":` then an array or object.
    fn wrapped(
        w: &'s mut Writer<'a>,
        variant: &'static str,
        array: bool,
    ) -> Result<Compound<'s, 'a>, Error> {
        w.open(false);
        w.key(true, |out| {
            escape(out, variant);
            Ok(())
        })?;
        w.open(array);
        Ok(Compound {
            w,
            first: true,
            array,
            wrapped: true,
        })
    }

    fn end(self) -> Result<(), Error> {
        self.w.close(self.array, self.first);
        if self.wrapped {
            self.w.close(false, false);
        }
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.w.drain()?;
        self.w.element(std::mem::replace(&mut self.first, false));
        value.serialize(&mut *self.w)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.w.drain()?;
        self.w
            .key(std::mem::replace(&mut self.first, false), |out| {
                escape(out, key);
                Ok(())
            })?;
        value.serialize(&mut *self.w)
    }
}

/// Appends `value` with `fmt::Display` as a JSON string (for `collect_str`).
pub(super) fn display_string(out: &mut Vec<u8>, value: &(impl fmt::Display + ?Sized)) {
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

impl<'s, 'a> ser::Serializer for &'s mut Writer<'a> {
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
        use ser::SerializeSeq as _;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
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
        let mut object = Compound::open(self, false);
        object.field(variant, value)?;
        object.end()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'s, 'a>, Error> {
        Ok(Compound::open(self, true))
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
        Compound::wrapped(self, variant, true)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'s, 'a>, Error> {
        Ok(Compound::open(self, false))
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
        Compound::wrapped(self, variant, false)
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
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.w.drain()?;
        self.w
            .key(std::mem::replace(&mut self.first, false), |out| {
                key.serialize(MapKey { out })
            })
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.w)
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
        self.field(key, value)
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
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}
