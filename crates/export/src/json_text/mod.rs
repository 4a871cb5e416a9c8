//! The JSON writers of dateline: **compact**, byte for byte what
//! `serde_json::to_writer` writes, and **pretty**, one layout for every
//! indented JSON dateline prints (`dateline parse`, `convert --to json`,
//! `stats`, `links`, `formats`, `plugins`).
//!
//! The pretty layout is `serde_json`'s (two spaces of indentation, `": "` after
//! a key, one key or element per line), except that an array holding only
//! scalars stays on one line, so that a span reads `[224, 565]`, not four
//! lines:
//!
//! ```
//! use dateline_export::json_text;
//!
//! #[derive(serde::Serialize)]
//! struct Block { kind: &'static str, span: [u32; 2] }
//! #[derive(serde::Serialize)]
//! struct Doc { span: [u32; 2], blocks: Vec<Block>, none: Vec<u8> }
//!
//! let doc = Doc { span: [224, 565], blocks: vec![Block { kind: "text", span: [0, 3] }], none: vec![] };
//! let mut out = Vec::new();
//! json_text::write_pretty(&mut out, &doc)?;
//! assert_eq!(
//!     String::from_utf8(out)?,
//!     r#"{
//!   "span": [224, 565],
//!   "blocks": [
//!     {
//!       "kind": "text",
//!       "span": [0, 3]
//!     }
//!   ],
//!   "none": []
//! }"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Both write into a `Vec<u8>`, not through `io::Write`: exporting is mostly
//! many small writes, which a `Vec` takes inline. Strings are escaped sixteen
//! bytes at a time (SSE2 on x86-64); everything else is written as `serde_json`
//! writes it (integers by `itoa`, floats by `serde_json` itself, unit variants
//! as strings, other variants as `{"name":...}`, map keys as strings).

mod escape;
mod key;
mod ser;
#[cfg(test)]
mod tests;

use serde::Serialize;

/// The error type: `serde_json`'s, so that callers see one kind of JSON error.
pub type Error = serde_json::Error;

/// Appends the compact JSON of `value` to `out`: `serde_json::to_writer`'s bytes.
///
/// # Errors
///
/// What `serde_json` would refuse: a map key that is not a string or a number,
/// a `Serialize` implementation's own error.
pub fn write_compact<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(&mut ser::Writer::new(out, None))
}

/// Writes the compact JSON of `value` to `sink`, through a buffer that is
/// drained as it fills: the document is never held whole.
///
/// # Errors
///
/// As [`write_compact`], and the sink's write errors (as `serde_json` errors
/// of the I/O kind: `Error::io_error_kind` gives the `io::ErrorKind`).
pub fn write_compact_to<T: Serialize + ?Sized>(
    sink: &mut dyn std::io::Write,
    value: &T,
) -> Result<(), Error> {
    let mut buffer = Vec::new();
    let mut writer = ser::Writer::draining(&mut buffer, sink, None);
    value.serialize(&mut writer)?;
    writer.finish()
}

/// Writes the pretty JSON of `value` to `sink`, drained as it goes like
/// [`write_compact_to`], with no newline at the end.
///
/// # Errors
///
/// As [`write_compact_to`].
pub fn write_pretty_to<T: Serialize + ?Sized>(
    sink: &mut dyn std::io::Write,
    value: &T,
) -> Result<(), Error> {
    let mut buffer = Vec::new();
    let mut writer = ser::Writer::draining(&mut buffer, sink, Some(0));
    value.serialize(&mut writer)?;
    writer.finish()
}

/// Appends the pretty JSON of `value` to `out` (see the [module docs](self)),
/// with no newline at the end.
///
/// # Errors
///
/// As [`write_compact`].
pub fn write_pretty<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    write_pretty_at(out, value, 0)
}

/// [`write_pretty`] for a value nested `depth` levels deep: its inner lines are
/// indented `depth` more levels (its first line is not), as an element of an
/// array of [`write_pretty`] would be.
///
/// # Errors
///
/// As [`write_compact`].
pub fn write_pretty_at<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    depth: usize,
) -> Result<(), Error> {
    value.serialize(&mut ser::Writer::new(out, Some(depth)))
}
