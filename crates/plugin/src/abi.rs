//! The binary interface between the `dateline` host and a plugin library,
//! versions 1 and 2.
//!
//! Everything here is `#[repr(C)]` and made of C types only: integers, raw
//! pointers, and `extern "C"` function pointers. No Rust standard library type,
//! no allocator and no panic crosses the boundary, so a plugin does not have to be
//! built by the same compiler as the host, nor even written in Rust
//! (`include/dateline_plugin.h` is the same interface for C).
//!
//! # The protocol
//!
//! 1. The host opens the library and looks up [`ENTRY_SYMBOL`]
//!    (`dateline_plugin_v1`), an [`EntryFn`], and calls it. It returns a pointer
//!    to a [`PluginDescriptor`] that stays valid for as long as the library is
//!    loaded (the host never unloads it).
//! 2. The host reads [`PluginDescriptor::abi_version`], the first field in every
//!    version of this interface, before anything else, and refuses the plugin
//!    unless it is [`ABI_VERSION`]. It then checks
//!    [`PluginDescriptor::model_version`] against the document model it sends.
//! 3. For each export, the host calls `create` with a format index and the
//!    options (a JSON object, [`crate::wire::WireOptions`]); the plugin returns an
//!    opaque exporter handle. The host then calls `begin`, `article` once per
//!    article (the article as JSON of the document model, and its links as JSON
//!    of `dateline_export::ArticleLinks` or empty: see [`crate::wire`]), and
//!    `end`, any number of times, and finally `destroy` once.
//!
//! # Memory: whoever allocates frees
//!
//! * Byte strings passed to a function ([`Bytes`]) are borrowed for the duration
//!   of that call only. The callee copies what it wants to keep.
//! * The descriptor and the strings it points to belong to the plugin and live as
//!   long as the library.
//! * An exporter handle is allocated by the plugin's `create` and freed by the
//!   plugin's `destroy`; the host never looks inside it.
//! * Output and error messages go the other way through [`HostCallbacks`]: the
//!   plugin passes borrowed bytes, the host copies them.
//!
//! # Errors and panics
//!
//! Every function returns a status ([`STATUS_OK`], [`STATUS_ERROR`],
//! [`STATUS_PANIC`]). Before returning an error status a plugin reports a UTF-8
//! message through [`HostCallbacks::error`]. A plugin must never let a panic (or a
//! C++ exception) unwind out of a function: the Rust glue in [`crate::guest`] runs
//! every entry point inside `catch_unwind` and turns a panic into
//! [`STATUS_PANIC`] with the panic's message.
//!
//! # Version 2: records over the Arrow C Data Interface
//!
//! Version 2 ([`ENTRY_SYMBOL_V2`], [`PluginDescriptorV2`], what
//! [`export_plugin!`](crate::export_plugin) builds) is version 1 plus one
//! thing: a format may write *analysis records*
//! (`dateline_export::record::Record`, record version
//! [`PluginDescriptorV2::record_version`]) instead of articles. Its
//! [`FormatDescriptorV2::input`] is then [`INPUT_RECORD`], and the host never
//! calls `article` for it: it builds the records itself (ids, paths, links,
//! `--raw`, `--drop-promos` applied: the same record `csv` and `jsonl` write)
//! and calls [`PluginDescriptorV2::batch`] with batches of them, as Arrow
//! record batches of `dateline_export::record::arrow::schema()`, through the
//! [Arrow C Data Interface](https://arrow.apache.org/docs/format/CDataInterface.html):
//! one `ArrowArray` of type struct (one child per column) and its
//! `ArrowSchema`. No JSON, no copy: the plugin reads the host's buffers.
//!
//! Records given to the host one by one are sent in batches cut by rows and
//! by bytes of text (`host::BATCH_ROWS`, `host::BATCH_BYTES`); a batch built
//! apart (`dateline convert`: one per batch of inputs its workers convert,
//! 64 inputs, or fewer once they hold `host::BATCH_BYTES` of text) is sent as
//! it is. Either way the host holds a bounded number of batches, whatever the
//! size of the corpus. A plugin that needs to see all
//! the records of a row group before writing keeps what it needs itself.
//!
//! Ownership across `batch`, the C Data Interface's own rules:
//!
//! * The `ArrowSchema` is borrowed for the call: the plugin reads it (or copies
//!   it) and never calls its `release`; the host releases it after the call.
//! * The `ArrowArray` is the host's, *moved* to the plugin: the plugin may keep
//!   it beyond the call by moving the struct out (copying it and setting the
//!   source's `release` to null, which arrow-rs's `FFI_ArrowArray::from_raw`
//!   does) and must then call its `release` exactly once when done, from any
//!   thread. If on return the array's `release` is still non-null, the plugin
//!   did not take it, and the host releases it. `release` is the host's code
//!   and frees with the host's allocator: the plugin never frees the buffers
//!   itself.
//!
//! Version 1 plugins keep working: the host looks for `dateline_plugin_v2`
//! first, then `dateline_plugin_v1`, and speaks to each in its own version.
//!
//! # Threads
//!
//! The host may create several exporters, of one format or several, and use them
//! on different threads at the same time (one per worker thread, when a format's
//! articles are independent, see [`EXPORTER_INDEPENDENT_ARTICLES`]). One exporter
//! is only ever used by the thread that created it, one call at a time.

use std::ffi::c_void;

/// Version 1 of this interface. A plugin states it in
/// [`PluginDescriptor::abi_version`]; the host refuses any other number behind
/// [`ENTRY_SYMBOL`].
pub const ABI_VERSION: u32 = 1;

/// Version 2 of this interface (records over the Arrow C Data Interface),
/// stated in [`PluginDescriptorV2::abi_version`] behind [`ENTRY_SYMBOL_V2`].
pub const ABI_VERSION_2: u32 = 2;

/// The newest version this crate speaks: what
/// [`export_plugin!`](crate::export_plugin) builds.
pub const ABI_LATEST: u32 = ABI_VERSION_2;

/// The name of the entry function a plugin exports (without a trailing NUL).
///
/// The version is in the name so that plugins of different interface versions
/// cannot be confused, and the `dateline_` prefix keeps it out of other libraries'
/// way in the process's global symbol space.
pub const ENTRY_SYMBOL: &str = "dateline_plugin_v1";

/// The name of the version 2 entry function, an [`EntryFnV2`].
pub const ENTRY_SYMBOL_V2: &str = "dateline_plugin_v2";

/// The entry function: returns the plugin's descriptor, or null if the plugin
/// could not describe itself.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginDescriptor;

/// The version 2 entry function.
pub type EntryFnV2 = unsafe extern "C" fn() -> *const PluginDescriptorV2;

/// Status: the call succeeded.
pub const STATUS_OK: i32 = 0;
/// Status: the call failed; the plugin reported why through [`HostCallbacks::error`].
pub const STATUS_ERROR: i32 = 1;
/// Status: the plugin panicked; the panic's message went through [`HostCallbacks::error`].
pub const STATUS_PANIC: i32 = 2;

/// [`FormatDescriptor::kind`]: the corpus is one output (`jsonl`, `csv`).
pub const KIND_STREAM: u32 = 0;
/// [`FormatDescriptor::kind`]: one output per article (`html`).
pub const KIND_PAGE: u32 = 1;

/// [`FormatDescriptorV2::input`]: the format writes articles (`article` is
/// called with each article's model JSON, as in version 1).
pub const INPUT_ARTICLE: u32 = 0;
/// [`FormatDescriptorV2::input`]: the format writes analysis records (`batch`
/// is called with Arrow record batches; `article` never is).
pub const INPUT_RECORD: u32 = 1;

/// Flag set by `create`: what the exporter writes for an article depends on that
/// article alone (see `dateline_export::Exporter::independent_articles`), so the
/// host may serialise articles on several exporters in parallel.
pub const EXPORTER_INDEPENDENT_ARTICLES: u32 = 1;

/// Borrowed bytes: `len` bytes at `ptr`, valid for the duration of the call they
/// are passed to (or, in a descriptor, as long as the library is loaded).
/// Strings are UTF-8, not NUL-terminated. `ptr` may be null when `len` is 0.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Bytes {
    /// The first byte.
    pub ptr: *const u8,
    /// The number of bytes.
    pub len: usize,
}

impl Bytes {
    /// Borrows a byte slice; the slice must outlive every use of the result.
    pub const fn new(bytes: &[u8]) -> Bytes {
        Bytes {
            ptr: bytes.as_ptr(),
            len: bytes.len(),
        }
    }

    /// The bytes.
    ///
    /// # Safety
    ///
    /// `ptr` must point to `len` readable bytes that stay valid and unchanged for
    /// `'a` (or `len` must be 0).
    pub unsafe fn as_slice<'a>(self) -> &'a [u8] {
        if self.len == 0 || self.ptr.is_null() {
            &[]
        } else {
            // SAFETY: the caller guarantees `len` readable bytes at `ptr` for `'a`.
            unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
        }
    }
}

/// One format a plugin provides.
#[repr(C)]
#[derive(Debug)]
pub struct FormatDescriptor {
    /// The name users ask for (`bibtex`): lower-case ASCII letters, digits, `-`, `_`.
    pub name: Bytes,
    /// [`KIND_STREAM`] or [`KIND_PAGE`].
    pub kind: u32,
    /// The file extension, without the dot (`bib`).
    pub extension: Bytes,
    /// The IANA media type of the output.
    pub media_type: Bytes,
    /// One line saying what the format is for.
    pub description: Bytes,
}

/// `create`: makes an exporter of format `format` (an index into
/// [`PluginDescriptor::formats`]) with `options` (JSON); on success stores its
/// handle in `*exporter` and its `EXPORTER_*` flags in `*flags`.
pub type CreateFn = unsafe extern "C" fn(
    format: usize,
    options: Bytes,
    host: *const HostCallbacks,
    exporter: *mut *mut c_void,
    flags: *mut u32,
) -> i32;

/// `begin` and `end`: start or end a document, writing through `host`.
pub type DocumentFn =
    unsafe extern "C" fn(exporter: *mut c_void, host: *const HostCallbacks) -> i32;

/// `article`: writes one article through `host`. `article` is the article as
/// JSON of the document model; `links` is the JSON of its
/// `dateline_export::ArticleLinks`, or empty when the options did not ask for
/// links.
pub type ArticleFn = unsafe extern "C" fn(
    exporter: *mut c_void,
    article: Bytes,
    links: Bytes,
    host: *const HostCallbacks,
) -> i32;

/// `destroy`: frees an exporter made by `create`. Called exactly once per exporter.
pub type DestroyFn = unsafe extern "C" fn(exporter: *mut c_void);

/// What a plugin is and its entry points: returned by the [`EntryFn`].
///
/// The function pointers are `Option`s so that a null pointer from a broken
/// plugin is an error the host can report rather than undefined behaviour.
#[repr(C)]
#[derive(Debug)]
pub struct PluginDescriptor {
    /// [`ABI_VERSION`]. The first field in every version of the interface: the
    /// host reads it before anything else.
    pub abi_version: u32,
    /// The version of the document model the plugin reads
    /// (`dateline_core::MODEL_VERSION` when it was built).
    pub model_version: u32,
    /// The plugin's name (`citations`): what `plugin:format` qualifies a format with.
    pub name: Bytes,
    /// The plugin's version (`0.1.0`).
    pub version: Bytes,
    /// The formats, `format_count` of them.
    pub formats: *const FormatDescriptor,
    /// The number of formats.
    pub format_count: usize,
    /// See [`CreateFn`].
    pub create: Option<CreateFn>,
    /// Starts a document; see [`DocumentFn`].
    pub begin: Option<DocumentFn>,
    /// See [`ArticleFn`].
    pub article: Option<ArticleFn>,
    /// Ends a document; see [`DocumentFn`].
    pub end: Option<DocumentFn>,
    /// See [`DestroyFn`].
    pub destroy: Option<DestroyFn>,
}

/// What the host gives a plugin for one call: where output goes, and where an
/// error message goes.
#[repr(C)]
#[derive(Debug)]
pub struct HostCallbacks {
    /// The host's state for this call; passed back to both callbacks untouched.
    pub context: *mut c_void,
    /// Appends `bytes` to the output. Returns 0, or nonzero when the host could
    /// not write (the plugin should then stop and return [`STATUS_ERROR`]; the
    /// host already knows why).
    pub write: unsafe extern "C" fn(context: *mut c_void, bytes: Bytes) -> i32,
    /// Reports why the call is failing (UTF-8; invalid bytes are replaced).
    pub error: unsafe extern "C" fn(context: *mut c_void, message: Bytes),
}

/// One format of a version 2 plugin: a [`FormatDescriptor`] and what it writes from.
#[repr(C)]
#[derive(Debug)]
pub struct FormatDescriptorV2 {
    /// The name users ask for (`parquet`): lower-case ASCII letters, digits, `-`, `_`.
    pub name: Bytes,
    /// [`KIND_STREAM`] or [`KIND_PAGE`].
    pub kind: u32,
    /// [`INPUT_ARTICLE`] or [`INPUT_RECORD`].
    pub input: u32,
    /// The file extension, without the dot (`parquet`).
    pub extension: Bytes,
    /// The IANA media type of the output.
    pub media_type: Bytes,
    /// One line saying what the format is for.
    pub description: Bytes,
}

/// An Arrow C Data Interface `ArrowArray` (the C struct; arrow-rs's
/// `FFI_ArrowArray` has this layout). Only pointers to it cross the ABI, so
/// it is opaque here: this module stays free of arrow.
#[repr(C)]
#[derive(Debug)]
pub struct ArrowArray {
    _opaque: [u8; 0],
}

/// An Arrow C Data Interface `ArrowSchema` (arrow-rs's `FFI_ArrowSchema`),
/// opaque here as [`ArrowArray`] is.
#[repr(C)]
#[derive(Debug)]
pub struct ArrowSchema {
    _opaque: [u8; 0],
}

/// `batch`: writes a batch of records through `host`. `array` is a struct
/// array, one child per column of `schema` (the record schema), one row per
/// record. The plugin may move `*array` out and must then release it; the
/// schema is borrowed for the call (see the module docs on ownership).
pub type BatchFn = unsafe extern "C" fn(
    exporter: *mut c_void,
    array: *mut ArrowArray,
    schema: *const ArrowSchema,
    host: *const HostCallbacks,
) -> i32;

/// What a version 2 plugin is: a [`PluginDescriptor`] with the formats'
/// inputs, the record version, and `batch`.
#[repr(C)]
#[derive(Debug)]
pub struct PluginDescriptorV2 {
    /// [`ABI_VERSION_2`]; first, as in every version.
    pub abi_version: u32,
    /// The version of the document model the plugin's article formats read.
    pub model_version: u32,
    /// The version of the analysis record its record formats read
    /// (`dateline_export::record::RECORD_VERSION` when it was built).
    pub record_version: u32,
    /// The plugin's name.
    pub name: Bytes,
    /// The plugin's version.
    pub version: Bytes,
    /// The formats, `format_count` of them.
    pub formats: *const FormatDescriptorV2,
    /// The number of formats.
    pub format_count: usize,
    /// See [`CreateFn`].
    pub create: Option<CreateFn>,
    /// Starts a document; see [`DocumentFn`].
    pub begin: Option<DocumentFn>,
    /// See [`ArticleFn`]; called for [`INPUT_ARTICLE`] formats only.
    pub article: Option<ArticleFn>,
    /// See [`BatchFn`]; called for [`INPUT_RECORD`] formats only. May be null
    /// when no format writes records.
    pub batch: Option<BatchFn>,
    /// Ends a document; see [`DocumentFn`].
    pub end: Option<DocumentFn>,
    /// See [`DestroyFn`].
    pub destroy: Option<DestroyFn>,
}
