//! Formats that write analysis records (feature `records`, ABI version 2).
//!
//! A record format implements [`BatchWriter`]: it receives the records as
//! Arrow [`RecordBatch`]es of [`schema`] (`dateline_export::record::arrow`'s,
//! the one place records become columns), built by the host with the run's
//! ids, paths, links and options, and handed over through the Arrow C Data
//! Interface without a copy. Declare it with `records: [...]` in
//! [`export_plugin!`](crate::export_plugin):
//!
//! ```ignore
//! dateline_plugin::export_plugin! {
//!     name: "parquet",
//!     version: env!("CARGO_PKG_VERSION"),
//!     formats: [],
//!     records: [
//!         INFO => |options| Ok(Box::new(Parquet::new(options))),
//!     ],
//! }
//! ```
//!
//! A batch's buffers belong to the host until the batch is dropped: a writer
//! may keep the [`RecordBatch`] (it is reference-counted; dropping the last
//! reference calls the host's `release`), or copy what it needs.

use std::ffi::c_void;
use std::io::Write;

pub use arrow_array;
pub use arrow_array::RecordBatch;
pub use arrow_schema;
pub use dateline_export::record::arrow::{RecordBatchBuilder, schema};

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi};
use arrow_array::{Array, StructArray};

use crate::abi::{self, HostCallbacks};
use crate::guest::{Failure, Inner, exporter, guard};

/// Makes a record writer of one format with the given options.
pub type BatchFactory = Box<
    dyn Fn(&dateline_export::Options) -> dateline_export::Result<Box<dyn BatchWriter>>
        + Send
        + Sync,
>;

/// A format's writer of analysis records, a batch at a time: `begin`, any
/// number of `batch`es (the records in order), `end`; then `begin` may start
/// a new document.
///
/// Every batch has exactly the columns of [`schema`]. The host cuts batches
/// by rows and bytes; their sizes say nothing about the output's layout (a
/// writer that groups rows, as Parquet's row groups, does so itself).
pub trait BatchWriter {
    /// Starts a document.
    fn begin(&mut self, out: &mut dyn Write) -> dateline_export::Result<()>;

    /// Writes the next records.
    fn batch(&mut self, out: &mut dyn Write, batch: &RecordBatch) -> dateline_export::Result<()>;

    /// Ends the document. Does not flush `out`.
    fn end(&mut self, out: &mut dyn Write) -> dateline_export::Result<()>;
}

/// Imports the batch the host sent: takes the array (moves it out of
/// `*array`, so that its release is now ours, run when the batch is dropped),
/// checks it against the record schema.
///
/// # Safety
///
/// `array` and `schema` are null or valid C Data Interface structs (ABI
/// contract).
pub(crate) unsafe fn import(
    array: *mut abi::ArrowArray,
    ffi_schema: *const abi::ArrowSchema,
) -> Result<RecordBatch, Failure> {
    if array.is_null() || ffi_schema.is_null() {
        return Err(Failure::Error("the host sent a null batch".to_owned()));
    }
    // SAFETY: a valid ArrowArray (abi::ArrowArray is its opaque name);
    // `from_raw` moves it out and leaves a released one behind.
    let array = unsafe { FFI_ArrowArray::from_raw(array.cast::<FFI_ArrowArray>()) };
    // SAFETY: a valid ArrowSchema, borrowed for the call.
    let ffi_schema = unsafe { &*ffi_schema.cast::<FFI_ArrowSchema>() };
    // SAFETY: the array and its schema describe each other (ABI contract).
    let data = unsafe { from_ffi(array, ffi_schema) }
        .map_err(|e| format!("cannot import the batch the host sent: {e}"))?;
    let expected = schema();
    let arrow_schema::DataType::Struct(fields) = data.data_type() else {
        return Err(Failure::Error(format!(
            "the host sent a batch of type {}, not a struct of the record's columns",
            data.data_type()
        )));
    };
    if fields != expected.fields() {
        return Err(Failure::Error(format!(
            "the host sent records of another shape than record version {} ({} columns: {})",
            dateline_export::record::RECORD_VERSION,
            fields.len(),
            fields
                .iter()
                .map(|f| f.name().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let rows = StructArray::from(data);
    if rows.null_count() > 0 {
        return Err(Failure::Error("the host sent a null record".to_owned()));
    }
    let (_, columns, _) = rows.into_parts();
    // With the schema's metadata (the record version), which a struct
    // array's fields do not carry.
    RecordBatch::try_new(expected, columns)
        .map_err(|e| Failure::Error(format!("the host sent an invalid batch: {e}")))
}

/// `batch`: the entry point of [`abi::BatchFn`].
pub(crate) unsafe extern "C" fn batch(
    handle: *mut c_void,
    array: *mut abi::ArrowArray,
    schema: *const abi::ArrowSchema,
    host: *const HostCallbacks,
) -> i32 {
    // SAFETY: the host passes a live handle, valid C Data Interface structs
    // and valid callbacks (ABI contract).
    unsafe {
        guard(host, || {
            let exporter = exporter(handle)?;
            let name = exporter.format_name();
            let batch = import(array, schema).map_err(|failure| match failure {
                Failure::Error(message) => Failure::Error(format!("format `{name}`: {message}")),
                other => other,
            })?;
            exporter.call(host, |e, out| match e {
                Inner::Records(w) => w.batch(out, &batch).map_err(Failure::from_export),
                Inner::Articles(_) => Err(Failure::Error(
                    "this format writes articles: the host sent it records".to_owned(),
                )),
            })
        })
    }
}
